#!/usr/bin/env node
// Runs an optimizer race in headless Chromium, as a visitor opening its link would, and prints
// the standings as the README's Markdown table, with the race's wall time:
//
//   node scripts/race-table.mjs ['#v=1&view=race&...&play=1']
//
// Without an argument it runs the README's first example link. The page must have been built
// (make build). The numbers come from the page's standings table (the race's workers, the
// core's TrainingRun); training time is each worker's own, and varies from run to run.
import { launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';

const README_RACE = '#v=1&view=race&net=1x28x28,conv2d:8:k5:p2,relu,maxpool:2,flatten,dense:10&data=mnist&opt=sgd:0.1,momentum:0.01,adam:0.001,sgd:40&batch=32&seed=1&steps=200&eval=20&play=1';
const hash = process.argv[2] ?? README_RACE;

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => localStorage.setItem('cnn-playground:guide:race', 'dismissed'));
  const t0 = Date.now();
  await page.goto(`${server.url}?lang=en${hash.startsWith('#') ? hash : `#${hash}`}`);
  await page.waitForSelector('.race-view[data-state="done"]', { timeout: 600_000 });
  const seconds = (Date.now() - t0) / 1000;
  const head = await page.locator('.standings th').allInnerTexts();
  const rows = await page.locator('[data-id="standings"] tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.innerText.trim())));
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nthe whole race: ${seconds.toFixed(1)} s of wall time, from opening the link (${rows.length} workers on ${(await page.evaluate(() => navigator.hardwareConcurrency))} cores)`);
} finally {
  await browser.close();
  await server.close();
}
