// Loading the digits: gzipped, fetched once per page and shared by every worker, shown with a
// progress bar in bytes on a slow line, kept by the browser (revalidated, not fetched again),
// and a clear message when the file is missing or damaged. The load time itself is measured by
// scripts/load-time.mjs, not asserted here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();
const DIGITS = /\/data\/mnist\.bin/;

/** A page whose network runs at `mbit` Mbit/s (Chrome DevTools Protocol), counting requests for the digits. */
async function throttledPage(mbit) {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(60_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: (mbit * 1e6) / 8, uploadThroughput: (mbit * 1e6) / 8 });
  const digitRequests = [];
  page.context().on('request', (request) => { if (DIGITS.test(request.url())) digitRequests.push(request.url()); });
  return { page, digitRequests, errors: collectConsoleErrors(page) };
}

test('at 10 Mbit/s the Train view shows the digits loading in bytes; one request serves every view and worker of the page', async () => {
  const { page, digitRequests, errors } = await throttledPage(10);
  await page.goto(`${playground.url}#view=train`);
  // While the 1.6 MB arrive (over a second at 10 Mbit/s), the bar moves and says how far it is.
  const progress = page.locator('[data-id="digits-loading"]');
  await page.waitForFunction(() => {
    const bar = document.querySelector('.digits-progress');
    return bar && bar.value > 0 && bar.value < bar.max;
  });
  assert.match(await progress.innerText(), /Loading 10,000 digits: \d+\.\d of 1\.6 MB/);
  await screenshot(page, 'loading-train-10mbit');
  await page.waitForFunction(() => document.querySelector('[data-id="status"]')?.textContent === 'Paused.');
  assert.equal(await progress.isVisible(), false, 'the bar goes once the digits are in');
  // The race's three workers and the lecture's digits worker get the same bytes: no new request.
  await page.evaluate(() => { location.hash = '#view=race&net=1x28x28,conv2d:4:k5:s2:p2,relu,flatten,dense:10&opt=sgd:0.1,adam:0.002,sgd:0.05&steps=10&eval=5&play=1'; });
  await page.waitForSelector('.race-view[data-state="done"]');
  assert.doesNotMatch(await page.locator('.standings tbody').innerText(), /error/);
  await page.evaluate(() => { location.hash = '#view=digits'; });
  await page.waitForFunction(() => /real training digits ready/.test(document.querySelector('.lecture')?.textContent));
  assert.deepEqual(digitRequests.map((u) => new URL(u).pathname), ['/data/mnist.bin.gz'], 'the digits are fetched once per page, compressed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the browser keeps the digits: a second visit revalidates them (304, no body)', async () => {
  const page = await playground.newPage();
  const sizes = [];
  page.on('requestfinished', async (request) => {
    if (DIGITS.test(request.url())) sizes.push({ status: (await request.response()).status(), body: (await request.sizes()).responseBodySize });
  });
  await page.goto(`${playground.url}#view=train`);
  await page.waitForFunction(() => document.querySelector('[data-id="status"]')?.textContent === 'Paused.', null, { timeout: 60_000 });
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-id="status"]')?.textContent === 'Paused.', null, { timeout: 60_000 });
  await page.waitForTimeout(100);
  assert.equal(sizes.length, 2, JSON.stringify(sizes));
  assert.ok(sizes[0].body > 1_000_000, `the first visit loads the digits: ${JSON.stringify(sizes[0])}`);
  assert.equal(sizes[1].body, 0, `the second visit only asks whether they changed: ${JSON.stringify(sizes[1])}`);
  // What the server says: the type of a gzip file (the page unpacks it), cache with revalidation.
  const response = await fetch(`${playground.url}data/mnist.bin.gz`);
  assert.equal(response.headers.get('content-type'), 'application/gzip');
  assert.equal(response.headers.get('content-encoding'), null);
  assert.equal(response.headers.get('cache-control'), 'no-cache');
  const etag = response.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+"$/);
  assert.equal((await fetch(`${playground.url}data/mnist.bin.gz`, { headers: { 'If-None-Match': etag } })).status, 304);
  assert.equal((await fetch(`${playground.url}data/mnist.bin.gz`, { headers: { 'If-None-Match': '"other"' } })).status, 200);
  await page.close();
});

for (const [what, fulfil, message] of [
  ['missing', { status: 404, body: 'not found' }, /The digits \(data\/mnist\.bin\.gz\) could not be loaded \(HTTP 404\): run "make build" to write them, then reload the page\./],
  ['damaged', { status: 200, body: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]) }, /The digits file data\/mnist\.bin\.gz is damaged \(.+\): run "make build" to write it again, then reload\./],
]) {
  test(`a ${what} digits file is said so, with what to do, and the page goes on`, async () => {
    const page = await playground.newPage();
    const errors = collectConsoleErrors(page, { ignoreUrls: [/\/favicon\.ico$/, /\/data\/mnist\.bin\.gz$/] });   // the browser's own note of the 404
    await page.route('**/data/mnist.bin.gz', (route) => route.fulfill({ ...fulfil, contentType: 'application/gzip' }));
    await page.goto(`${playground.url}#view=train`);
    const box = page.locator('[data-id="digits-loading"]');
    await page.waitForFunction(() => document.querySelector('[data-id="digits-loading"]')?.classList.contains('failed'), null, { timeout: 30_000 });
    assert.match(await box.innerText(), message);
    assert.match(await page.locator('[data-id="status"]').innerText(), /^Cannot train: /);
    assert.equal(await page.isDisabled('[data-id="play"]'), true);
    // the rest of the page still works: the loss surfaces need no digits
    await page.click('nav a[href="#view=surface"]');
    await page.waitForSelector('.surface-view .legend tbody tr');
    assert.deepEqual(errors, []);
    await page.close();
  });
}
