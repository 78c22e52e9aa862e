// Data-parallel training in headless Chromium: the Train view's own worker
// (www/views/train/worker.js) with 1, 2, 3 and 4 workers sharing each mini-batch
// (www/lib/share-pool.js, helpers in www/lib/share-worker.js) gives bit-identical losses and
// weights; the Train view shows how many workers it uses, and says so when ?workers= is bad;
// a thread waiting for the next message stays awake (stayAwake) without holding it up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();

/**
 * In the page: the Train view's worker with `?workers=N`, the real digits, `steps` optimizer
 * steps one request at a time (the worker measures the test digits at steps 10 and 25 in
 * between, as it does for the curve); every loss and the final weights, as bits.
 */
function trainInPage(page, { workers, batch, steps }) {
  return page.evaluate(async ({ workers, batch, steps }) => {
    const { connect } = await import('/lib/worker.js');
    const { trainingData } = await import('/views/data/datasets.js');
    const { REFERENCE_NETWORK } = await import('/lib/reference-network.js');
    const worker = connect(new URL(`/views/train/worker.js?workers=${workers}`, location.href));
    try {
      await worker.request('dataset', await trainingData('mnist'));
      const config = { spec: REFERENCE_NETWORK, optimizer: { type: 'adam', lr: 0.002 }, seed: 5, batch, run: 1, keep: false };
      let snapshot = await worker.request('configure', config);
      const losses = [];
      for (let i = 0; i < steps; i += 1) {
        snapshot = await worker.request('step');
        losses.push(...snapshot.losses.map(([, loss]) => loss));
      }
      const bits = (values) => Array.from(new Uint32Array(Float32Array.from(values).buffer));
      return {
        losses: bits(losses),
        weights: snapshot.weights.map((w) => ({ name: w.name, bits: bits(w.values) })),
        steps: snapshot.steps,
        workers: snapshot.workers,
        accuracy: snapshot.test.accuracy,
      };
    } finally {
      worker.terminate();
    }
  }, { workers, batch, steps });
}

test('1, 2, 3 and 4 workers give bit-identical losses and weights after 30 steps', async () => {
  const page = await playground.newPage();
  page.setDefaultTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}bench.html`);   // any page of the site: the test drives the worker itself
  const runs = {};
  for (const workers of [1, 2, 3, 4]) runs[workers] = await trainInPage(page, { workers, batch: 32, steps: 30 });
  const one = runs[1];
  assert.equal(one.steps, 30);
  assert.equal(one.losses.length, 30);
  assert.equal(new Set(one.losses).size, 30, 'the loss changes from step to step');
  for (const workers of [2, 3, 4]) {
    const run = runs[workers];
    assert.equal(run.workers, workers, `${workers} workers share each batch of 32 (four shares of 8)`);
    assert.deepEqual(run.losses, one.losses, `${workers} workers: every loss, bit for bit`);
    assert.deepEqual(run.weights, one.weights, `${workers} workers: every weight, bit for bit`);
    assert.equal(run.accuracy, one.accuracy);
  }
  assert.equal(one.workers, 1);
  // batch 20: shares of 8, 8 and 4, and an epoch of 8,000 ending on a batch of 0 mod 20
  const [a, b] = [await trainInPage(page, { workers: 1, batch: 20, steps: 12 }), await trainInPage(page, { workers: 3, batch: 20, steps: 12 })];
  assert.equal(b.workers, 3);
  assert.deepEqual([b.losses, b.weights], [a.losses, a.weights], 'batch 20 on 3 workers');
  assert.deepEqual(errors, []);
});

test('a thread waiting for a helper stays awake without holding up a message, by postTask and by messages to itself', async () => {
  const page = await playground.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}bench.html`);
  const waits = await page.evaluate(async () => {
    const { stayAwake } = await import('/lib/share-pool.js');
    const waits = {};
    for (const way of ['postTask', 'messages']) {
      // without scheduler.postTask (Safari, older Firefox), the fallback of messages to itself
      if (way === 'messages') Object.defineProperty(globalThis, 'scheduler', { value: undefined, configurable: true });
      let arrived = false;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { arrived = true; };
      setTimeout(() => channel.port2.postMessage('the helper\'s answer'), 30);
      let start = performance.now();
      const turns = await stayAwake(() => !arrived, 5000);
      const waited = performance.now() - start;
      start = performance.now();
      const cappedTurns = await stayAwake(() => true, 40);
      waits[way] = { turns, waited, cappedTurns, capped: performance.now() - start };
    }
    return waits;
  });
  for (const [way, { turns, waited, cappedTurns, capped }] of Object.entries(waits)) {
    assert.ok(waited >= 29 && waited < 1000, `${way}: the message 30 ms later ends the wait (${waited.toFixed(1)} ms), the timer and the message are not held up`);
    assert.ok(turns > 100, `${way}: the thread kept running while it waited (${turns} turns in ${waited.toFixed(1)} ms), it did not sleep`);
    assert.ok(capped >= 39 && capped < 1000 && cappedTurns > 100, `${way}: at most the time given (${capped.toFixed(1)} ms of 40, ${cappedTurns} turns)`);
  }
  assert.deepEqual(errors, []);
});

test('the Train view shows how many workers share each batch, and a bad ?workers= says what to give', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(90_000);
  const errors = collectConsoleErrors(page);
  const workers = () => page.locator('[data-id="workers"]').textContent();
  const ready = () => page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'));
  await page.goto(`${playground.url}?workers=2#view=train`);
  await ready();
  assert.equal(await workers(), '2');
  await page.locator('[data-id="step"]').click();
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '1');
  assert.equal(await workers(), '2');
  assert.match(await page.locator('[data-id="workers"]').locator('..').getAttribute('title'), /shares of 8 images/);
  await screenshot(page, 'parallel-train-2-workers');

  await page.goto(`${playground.url}?workers=9#view=train`);
  await ready();
  const warning = await page.locator('[data-id="warnings"]').textContent();
  assert.match(warning, /workers=9 in the link is not used: give a whole number of workers from 1 to 4/);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(await workers(), String(Math.min(4, cores)), 'the machine\'s own number, at most 4');

  await page.goto(`${playground.url}?workers=4&lang=zh#view=train&batch=8`);
  await ready();
  assert.equal(await workers(), '1', 'a batch of 8 is one share: one worker');
  assert.equal(await page.locator('[data-t="train.stat.workers"]').textContent(), '工作线程');
  assert.deepEqual(errors, []);
});
