// The speed benchmark page (www/bench.html) with our core only, for a fraction of a second:
// it measures, shows the live rate, fills its tables from the core's profile, and refuses a
// bad number with a message. The real run is `make bench`, not a test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();

async function runBench(query, viewport = { width: 1280, height: 800 }) {
  const page = await playground.newPage({ viewport });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}bench.html?${query}`);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 60_000 });
  return { page, errors, result: await page.evaluate(() => window.benchResult) };
}

test('a short run of ours fills the tables from the core', async () => {
  const { page, errors, result } = await runBench('auto=1&only=ours&repeats=1&seconds=0.1');
  assert.equal(result.error, undefined);
  const ours = result.results.ours;
  assert.ok(ours.train.median > 0 && ours.infer.median > 0, JSON.stringify(ours.train));
  assert.equal(ours.layers.length, 8);
  // the core counts 2 flops per multiply-add: conv 8@5x5 on 28x28, batch 32
  assert.equal(ours.layers[0].forwardFlops, 2 * 8 * 784 * 25 * 32);
  assert.equal(ours.layers[3].backwardFlops, 2 * 2 * 16 * 196 * 200 * 32);
  assert.ok(ours.layers.every((l) => l.forwardMs >= 0 && l.backwardMs >= 0));
  assert.ok(ours.peakGflops > 0.1, `peak ${ours.peakGflops}`);
  assert.ok(ours.wasmMemoryBytes > 0 && ours.wasmMemoryBytes <= 64 * 2 ** 20, `memory ${ours.wasmMemoryBytes}`);
  assert.equal(await page.locator('#results tbody tr').count(), 1);
  assert.equal(await page.locator('#layers tbody tr').count(), 8);
  assert.match(await page.locator('#status').textContent(), /^Done/);
  assert.ok(result.goals.some((g) => g.goal.startsWith('conv GFLOP/s')));
  await screenshot(page, 'bench-1280');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page fits a phone', async () => {
  const { page, errors } = await runBench('auto=1&only=ours&repeats=1&seconds=0.05', { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await screenshot(page, 'bench-390');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad number of repeats is refused with what to change', async () => {
  const { page, result } = await runBench('auto=1&only=ours&repeats=abc');
  assert.match(result.error, /repeats must be a number from 1 to 50, not "abc"/);
  assert.match(await page.locator('#error').textContent(), /repeats must be a number/);
  await page.close();
});

test('an unknown contender is named', async () => {
  const { page, result } = await runBench('auto=1&only=pytorch');
  assert.match(result.error, /unknown contender "pytorch": use ours, convnetjs, tfjs-cpu, tfjs-wasm/);
  await page.close();
});
