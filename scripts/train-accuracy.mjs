// The Train view's test accuracy on a dataset, as a user gets it: headless Chromium, a fresh
// browser profile, the Train view's defaults (the reference network fitted to the data, Adam
// lr 0.001, batch 32, seed 1), Play until step STEPS, then the accuracy at each measured step.
//
//   make build && node scripts/train-accuracy.mjs shapes 1000
//   make build && node scripts/train-accuracy.mjs own 1000 FOLDER [SIZE] [gray|rgb]
//
// For own images the folder (one subfolder per class) is chosen on the data view first, with
// the preprocessing SIZE x SIZE (default 28) in grey or RGB (default grey).
import { launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';

const [data = 'shapes', stepsText = '1000', folder, size = '28', color = 'gray'] = process.argv.slice(2);
const steps = Number(stepsText);
if (data === 'own' && !folder) throw new Error('own images need a folder: node scripts/train-accuracy.mjs own 1000 FOLDER');

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  if (data === 'own') {
    await page.goto(`${server.url}#view=data&data=own`);
    await page.waitForSelector('[data-id="kept"]:not(:empty)');
    await page.selectOption('[data-id="color"]', color);
    await page.fill('[data-id="size"]', size);
    await page.locator('[data-id="size"]').press('Enter');
    await page.waitForFunction((s) => document.querySelector('[data-id="shape"]').textContent.endsWith(`${s} × ${s}`), size);
    await page.setInputFiles('[data-id="folderInput"]', folder);
    await page.waitForFunction(() => /added/.test(document.querySelector('[data-id="messages"]')?.textContent ?? ''), null, { timeout: 600_000 });
    console.log((await page.locator('[data-id="messages"]').innerText()).replace(/\n+/g, ' '));
  }
  await page.goto(`${server.url}#view=train&data=${data}`);
  await page.waitForFunction(() => document.querySelector('[data-id="play"]') && !document.querySelector('[data-id="play"]').disabled, null, { timeout: 120_000 });
  console.log(`network: ${new URLSearchParams(new URL(page.url()).hash.slice(1)).get('net')}`);
  const started = Date.now();
  await page.click('[data-id="play"]');
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-id="accuracy-table"] tr td:first-child')].some((c) => Number(c.textContent.replace(/\D/g, '')) >= n), steps, { timeout: 3_600_000 });
  await page.click('[data-id="play"]');
  const seconds = (Date.now() - started) / 1000;
  const rows = await page.locator('[data-id="accuracy-table"] tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  console.log(`step\ttest accuracy\ttest loss (${(await page.locator('[data-id="curve-note"]').innerText()).match(/on the ([\d,]+) test/)?.[1]} test images; ${seconds.toFixed(0)} s)`);
  for (const row of rows) console.log(row.join('\t'));
} finally {
  await browser.close();
  await server.close();
}
