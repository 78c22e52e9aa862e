// Data-parallel training in headless Chromium: the Train view's own worker
// (www/views/train/worker.js) with 1, 2, 3 and 4 workers sharing each mini-batch
// (www/lib/share-pool.js, helpers in www/lib/share-worker.js) gives bit-identical losses and
// weights; the Train view shows how many workers it uses, and says so when ?workers= is bad;
// a thread waiting for the next message stays awake (stayAwake) without holding it up; a pool
// that picks its count of workers by their pace (www/lib/pace.js) keeps the fastest, and
// trains to the same bits while it tries each count; the Train view moves a small network to
// one worker and shows it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';
import { workerPace } from '../../www/lib/pace.js';

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

/** Steps a pace `n` times, each step taking `msOf(count, i)`; the counts it used. */
function paceSteps(pace, n, msOf) {
  const counts = [];
  for (let i = 0; i < n; i += 1) {
    const count = pace.count;
    counts.push(count);
    pace.record(count, msOf(count, i));
  }
  return counts;
}

test('the pace trains on every worker, tries each count now and then, and keeps the fastest', () => {
  const pace = workerPace({ size: 2, firstMs: 100, everyMs: 1000 });
  const free = (count) => (count === 2 ? 3 : 4);   // two workers faster, as on an idle machine
  let counts = paceSteps(pace, 34, free);
  assert.deepEqual(new Set(counts), new Set([2]), 'all workers until the first trial');
  assert.equal(pace.trials, null);
  // the trial: blocks of four on each count in turn, 1 2 then 2 1, the chosen count meanwhile unchanged
  counts = paceSteps(pace, 16, free);
  assert.deepEqual(counts.join(''), '1111222222221111');
  assert.deepEqual(pace.trials, [{ count: 1, ms: 4, steps: 6 }, { count: 2, ms: 3, steps: 6 }], 'two blocks of four each, less their first steps');
  assert.equal(pace.chosen, 2);

  // another program takes a core: two in lockstep wait for the slowed one; the next trial (after 1,000 ms of steps) moves to one
  const busy = (count) => (count === 2 ? 7 : 4.5);
  counts = paceSteps(pace, 500, busy);
  assert.equal(pace.chosen, 1);
  assert.deepEqual(pace.trials.map((t) => [t.count, t.ms]), [[1, 4.5], [2, 7]]);
  const after = counts.lastIndexOf(2) + 1;
  assert.ok(after < 500 - 100 && counts.slice(after).every((c) => c === 1), 'one worker between trials once it is the faster');
  // and back when the core is free again
  paceSteps(pace, 500, free);
  assert.equal(pace.chosen, 2);
});

test('the pace leaves out the first step of each block and switches only for a clear gain', () => {
  // the first step of a block is slow (a helper waking): left out, two workers still win
  const pace = workerPace({ size: 2, firstMs: 0, everyMs: 1000 });
  let step = 0;
  const slow = [];
  paceSteps(pace, 17, (count, i) => { if (i % 4 === 1) { slow.push(count); return count === 2 ? 50 : 1; } return count === 2 ? 3 : 4; });
  assert.deepEqual(slow.slice(0, 4), [1, 2, 2, 1], 'the trial\'s steps 1, 5, 9, 13 begin its blocks');
  assert.deepEqual(pace.trials.map((t) => [t.count, t.ms]), [[1, 4], [2, 3]]);
  assert.equal(pace.chosen, 2);
  // one worker 2% faster: within the noise, no switch; 10% faster: a switch
  const near = workerPace({ size: 2, firstMs: 0, everyMs: 1000 });
  paceSteps(near, 17, (count) => (count === 2 ? 3 : 2.94));
  assert.equal(near.chosen, 2);
  const clear = workerPace({ size: 2, firstMs: 0, everyMs: 1000 });
  paceSteps(clear, 17, (count) => (count === 2 ? 3 : 2.7));
  assert.equal(clear.chosen, 1);
  // a slow spell in the trial's second round (as an evaluation of the test digits at the first
  // trial): one worker's median is the lower, but two won the first round: no switch
  const spell = workerPace({ size: 2, firstMs: 0, everyMs: 1000 });
  paceSteps(spell, 17, (count, i) => (count === 2 ? (i < 9 ? 3.6 : 8.5) : 4.1));
  assert.deepEqual(spell.trials.map((t) => [t.count, t.ms]), [[1, 4.1], [2, 6.05]]);
  assert.equal(spell.chosen, 2);
  // four workers: every count tried, the fastest kept
  const four = workerPace({ size: 4, firstMs: 0, everyMs: 1000 });
  const counts = paceSteps(four, 33, (count) => [0, 6, 4, 3.5, 5][count]);
  assert.deepEqual(counts.slice(1).join(''), '11112222333344444444333322221111');
  assert.equal(four.chosen, 3);
  // one worker: nothing to try
  const one = workerPace({ size: 1 });
  assert.deepEqual(new Set(paceSteps(one, 5000, () => 4)), new Set([1]));
  assert.equal(one.trials, null);
});

test('a pool trying each count of workers trains to the same bits as one worker', async () => {
  const page = await playground.newPage();
  page.setDefaultTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}bench.html`);
  const result = await page.evaluate(async () => {
    const core = await import('/pkg/cnn_playground.js');
    await core.default();
    const { sharePool } = await import('/lib/share-pool.js');
    const { REFERENCE_NETWORK: spec } = await import('/lib/reference-network.js');
    const n = 320;   // made-up digits: any pixels give the test its bits
    const pixels = Uint8Array.from({ length: n * 784 }, (_, i) => (Math.imul(i, 2654435761) >>> 24) & 255);
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const digits = core.Dataset.fromPixels(pixels, labels, [1, 28, 28], [...'0123456789'], null);
    const optimizer = { type: 'adam', lr: 0.002 };
    const bits = (values) => Array.from(new Uint32Array(Float32Array.from(values).buffer));
    const alone = new core.TrainingRun(spec, optimizer, 7, 32);
    const expected = bits(alone.trainSteps(digits, 60));
    const run = new core.TrainingRun(spec, optimizer, 7, 32);
    const pool = sharePool({ workers: 2, adapt: { firstMs: 0, everyMs: 10 } });   // a trial every 10 ms of steps
    const losses = [];
    for (let i = 0; i < 6; i += 1) losses.push(...await pool.trainSteps(run, digits, 10, spec));
    const weights = (r) => r.parameters().map((p) => bits(p));
    const same = JSON.stringify(weights(run)) === JSON.stringify(weights(alone));
    const out = { expected, losses: bits(losses), same, trials: pool.trials, shared: pool.timing.steps, using: pool.using, size: pool.size };
    pool.terminate();
    return out;
  });
  assert.equal(result.losses.length, 60);
  assert.deepEqual(result.losses, result.expected, 'every loss, bit for bit, as one worker alone');
  assert.ok(result.same, 'every weight, bit for bit');
  assert.equal(result.size, 2);
  assert.ok(result.shared > 8 && result.shared < 52, `steps on both workers and steps on one (${result.shared} of 60 shared)`);
  assert.deepEqual(result.trials.map((t) => t.count), [1, 2]);
  assert.ok(result.trials.every((t) => t.ms > 0 && t.ms < 1000 && t.steps === 6), JSON.stringify(result.trials));
  assert.ok([1, 2].includes(result.using));
  assert.deepEqual(errors, []);
});

test('the Train view trains a small network on one of its workers, and says so', async () => {
  // a dense 784 -> 32 -> 10 step costs less than the exchange that would share it
  // (scripts/pool-counts.mjs: ~0.5 ms a step on one worker, ~1.2 ms on two)
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}?lang=zh#view=train&net=1x28x28,flatten,dense:32,relu,dense:10&play=1`);
  const cores = Math.min(4, await page.evaluate(() => navigator.hardwareConcurrency));
  const expected = cores > 1 ? `1（共 ${cores}）` : '1';
  await page.waitForFunction((text) => document.querySelector('[data-id="workers"]')?.textContent === text, expected);
  const steps = Number((await page.locator('[data-id="steps"]').textContent()).replace(/,/g, ''));
  assert.ok(steps > 100, `trained meanwhile (${steps} steps)`);
  assert.match(await page.locator('[data-id="workers"]').locator('..').getAttribute('title'), /少用几个/);
  await screenshot(page, 'parallel-train-small-network-one-worker');
  assert.deepEqual(errors, []);
});
