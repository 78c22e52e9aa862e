#!/usr/bin/env node
// How long the Train view takes to be ready on a slow line, and how much it downloads:
//
//   node scripts/load-time.mjs [--dir www] [--mbit 10] [--runs 3]
//
// Opens #view=train in headless Chromium with the network throttled to --mbit Mbit/s (Chrome
// DevTools Protocol Network.emulateNetworkConditions, 20 ms latency, an empty cache each run)
// and reports, per run: the milliseconds from navigation until the view says "Paused." (the
// digits are in, the first snapshot is drawn), the bytes transferred (bodies as sent, plus
// headers, of the page's and its workers' requests) and how many requests asked for the digits. --dir serves another checkout's www/
// (for a before/after comparison); the page must have been built (make build).
import { join, resolve } from 'node:path';
import { ROOT, launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dir = resolve(option('dir', join(ROOT, 'www')));
const mbit = Number(option('mbit', 10));
const runs = Number(option('runs', 3));

/** One cold load of the Train view; returns {ms, bytes, digitRequests}. */
async function loadOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: (mbit * 1e6) / 8, uploadThroughput: (mbit * 1e6) / 8 });
  // Playwright sees the workers' requests too (the page's own DevTools session does not).
  const sizes = [];
  context.on('requestfinished', (request) => sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
  let digitRequests = 0;
  context.on('request', (request) => { if (/\/data\/mnist\.bin/.test(request.url())) digitRequests += 1; });
  const t0 = Date.now();
  await page.goto(`${url}#view=train`);
  await page.waitForFunction(() => document.querySelector('[data-id="status"]')?.textContent === 'Paused.', null, { timeout: 120_000 });
  const ms = Date.now() - t0;
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { ms, bytes, digitRequests };
}

const server = await startServer({ dir });
const browser = await launchBrowser();
try {
  console.log(`Train view from ${dir} at ${mbit} Mbit/s, empty cache:`);
  for (let run = 1; run <= runs; run++) {
    const { ms, bytes, digitRequests } = await loadOnce(browser, server.url);
    console.log(`  run ${run}: ready in ${(ms / 1000).toFixed(2)} s, ${(bytes / 1e6).toFixed(2)} MB transferred, ${digitRequests} request(s) for the digits`);
  }
} finally {
  await browser.close();
  await server.close();
}
