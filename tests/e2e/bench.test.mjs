// The speed benchmark page (www/bench.html) with our core only, for a fraction of a second:
// it measures, shows the live rate, fills its tables from the core's profile, puts PyTorch's
// figures from the link beside ours, speaks Chinese, and refuses a bad number with a message;
// make bench's report gives each round's ratios. The real run is `make bench`, not a test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';
import { roundLines } from '../../scripts/bench-report.mjs';
import { goalList } from '../../www/bench/render.js';

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
  // the fastest single batch is at least as fast as any whole run (within the worker clock's 0.1 ms)
  for (const m of [ours.train, ours.infer]) assert.ok(m.fastest >= 0.9 * Math.max(...m.runs), JSON.stringify(m));
  assert.equal(ours.layers.length, 8);
  // the core counts 2 flops per multiply-add: conv 8@5x5 on 28x28, batch 32
  assert.equal(ours.layers[0].forwardFlops, 2 * 8 * 784 * 25 * 32);
  assert.equal(ours.layers[3].backwardFlops, 2 * 2 * 16 * 196 * 200 * 32);
  // behind ReLU and a 3 x 3 max-pool at most one output gradient in nine is nonzero, and the
  // backward skips the rest
  const done = ours.layers[3].backwardFlopsDone;
  assert.ok(done > 0 && done <= ours.layers[3].backwardFlops / 9, `${done} flops done`);
  assert.ok(ours.layers.every((l) => l.forwardMs >= 0 && l.backwardMs >= 0));
  assert.ok(ours.peakGflops > 0.1 && ours.ceilingGflops > 0.1, `peak ${ours.peakGflops}, alongside ${ours.ceilingGflops}`);
  assert.ok(ours.wasmMemoryBytes > 0 && ours.wasmMemoryBytes <= 64 * 2 ** 20, `memory ${ours.wasmMemoryBytes}`);
  assert.equal(await page.locator('#results tbody tr').count(), 1);
  assert.equal(await page.locator('#layers tbody tr').count(), 8);
  assert.match(await page.locator('#status').textContent(), /^Done/);
  assert.deepEqual(result.goals.filter((g) => g.goal.startsWith('conv layer')).map((g) => g.goal.slice(0, 31)), ['conv layer 0 forward, its multi', 'conv layer 3 forward by Winogra']);
  // conv 16@5x5 on 8 channels takes Winograd's F(4x4, 5x5): 64 products of 16 x 8 per tile of
  // 4 x 4 outputs, 4 x 4 tiles (14 outputs a side in tiles of 4) per example; conv 8@5x5 on
  // one channel stays direct
  assert.equal(ours.layers[3].forwardFlopsDone, 2 * 64 * 16 * 8 * 4 * 4 * 32);
  assert.equal(ours.layers[0].forwardFlopsDone, ours.layers[0].forwardFlops);
  assert.ok(result.goals.some((g) => g.goal.startsWith('PyTorch natively: make bench measures it') && g.met === null));
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
  assert.match(result.error, /unknown contender "pytorch": use ours, ours-parallel, ours-adaptive, convnetjs, tfjs-cpu, tfjs-wasm \(PyTorch runs natively, in make bench\)/);
  await page.close();
});

test("PyTorch's figures from make bench sit beside ours, with the ratios in the goals", async () => {
  const pytorch = { threads1: { train: 1000, trainRuns: [900, 1000, 1100], infer: 2000, inferRuns: [2000], threads: 1, torch: '2.15.0' }, threadsAll: { missing: 'no Python environment' } };
  const { page, errors, result } = await runBench(`auto=1&only=ours&repeats=1&seconds=0.1&pytorch=${encodeURIComponent(JSON.stringify(pytorch))}`);
  const ours = result.results.ours;
  const goal = (start) => result.goals.find((g) => g.goal.startsWith(start));
  assert.equal(goal('ours ÷ PyTorch native, 1 thread (1,000 images/s), trained').measured, ours.train.median / 1000);
  assert.equal(goal('ours ÷ PyTorch native, 1 thread (2,000 images/s), inference').measured, ours.infer.median / 2000);
  const rows = await page.locator('#results tbody tr').allTextContents();
  assert.equal(rows.length, 3);
  assert.match(rows[1], /PyTorch 2\.15\.0 native, 1 thread1,000 \(900–1,100\)2,000/);
  assert.match(rows[2], /no Python environment/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('ours on all workers trains, says how many, and is compared with PyTorch on all its threads', async () => {
  const pytorch = { threads1: { train: 1000, infer: 2000, threads: 1 }, threadsAll: { train: 1500, infer: 3000, threads: 2, torch: '2.15.0' } };
  const { page, errors, result } = await runBench(`auto=1&only=ours,ours-parallel&repeats=1&seconds=0.3&pytorch=${encodeURIComponent(JSON.stringify(pytorch))}`);
  assert.equal(result.error, undefined);
  const parallel = result.results['ours-parallel'];
  const workers = Math.min(4, result.cores);
  assert.equal(parallel.workers, workers, 'the machine\'s cores, at most 4 (a batch of 32 has four shares)');
  assert.ok(parallel.train.median > 0);
  assert.equal(parallel.infer, null, 'training only');
  const goal = result.goals.find((g) => g.goal.startsWith(`ours (${workers} workers) ÷ PyTorch native, 2 threads (1,500 images/s)`));
  assert.equal(goal.measured, parallel.train.median / 1500);
  assert.equal(goal.met, goal.measured >= 1);
  const speedup = result.goals.find((g) => g.goal.startsWith(`ours with ${workers} workers ÷ ours with 1`));
  assert.equal(speedup.measured, parallel.train.median / result.results.ours.train.median);
  const rows = await page.locator('#results tbody tr').allTextContents();
  assert.match(rows[1], new RegExp(`cnn-playground, ${workers} workers`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('ours on the fastest count of the workers trains, says how many of how many, and its trial', async () => {
  const { page, errors, result } = await runBench('auto=1&only=ours-adaptive&repeats=1&seconds=0.5');
  assert.equal(result.error, undefined);
  const adaptive = result.results['ours-adaptive'];
  const size = Math.min(4, result.cores);
  assert.equal(adaptive.size, size);
  assert.ok(adaptive.workers >= 1 && adaptive.workers <= size, `${adaptive.workers} of ${size}`);
  assert.ok(adaptive.train.median > 0);
  if (size > 1) {
    // the first trial comes after 0.5 s of training: the warm-up and the run have more
    assert.deepEqual(adaptive.trials.map((t) => t.count), Array.from({ length: size }, (_, i) => i + 1));
    assert.ok(adaptive.trials.every((t) => t.ms > 0), JSON.stringify(adaptive.trials));
  }
  const rows = await page.locator('#results tbody tr').allTextContents();
  assert.match(rows[0], new RegExp(`cnn-playground, ${adaptive.workers} of ${size} workers: the count that is fastest now`));
  assert.equal(result.goals.find((g) => g.goal.includes('÷ PyTorch native') && g.measured !== null), undefined, 'not a goal\'s contender');
  assert.deepEqual(errors, []);
  await page.close();
});

test('PyTorch figures that are not what make bench writes are refused', async () => {
  const { page, result } = await runBench('auto=1&only=ours&pytorch=%7Bthreads1');
  assert.match(result.error, /pytorch= in the link is not the JSON that make bench writes/);
  await page.close();
});

test('the page speaks Chinese', async () => {
  const { page, errors, result } = await runBench('auto=1&only=ours&repeats=1&seconds=0.05&lang=zh');
  assert.equal(result.error, undefined);
  assert.equal(await page.locator('.bench-title').textContent(), '速度基准测试');
  assert.match(await page.locator('#status').textContent(), /^完成/);
  assert.match(await page.locator('#layers thead').textContent(), /前向 毫秒/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('make bench\'s report gives each round\'s ratios, so a slow spell in one round shows', () => {
  const lines = roundLines([
    { ours: 8500, oursParallel: 12000, pytorch1: 6800, pytorchAll: 9800 },
    { ours: 4900, oursParallel: null, pytorch1: 6600, pytorchAll: 9500 },
    { ours: null, oursParallel: null, pytorch1: 6700, pytorchAll: null },
  ]);
  assert.deepEqual(lines, [
    '  round 1: 1 worker ÷ 1 thread 8,500 ÷ 6,800 = 1.25x; all workers ÷ all threads 12,000 ÷ 9,800 = 1.22x',
    '  round 2: 1 worker ÷ 1 thread 4,900 ÷ 6,600 = 0.74x',
    '  round 3: ours or PyTorch not measured',
  ]);
  assert.deepEqual(roundLines([{ ours: 8500, oursParallel: 12000, pytorch1: 6800, pytorchAll: 9800 }]), [], 'one round: its ratios are the table\'s');
  assert.deepEqual(roundLines(undefined), [], 'a bench.json from before the rounds');
});

test('a conv layer\'s share of the ceiling is judged only when the ceiling held during the profile', () => {
  // conv 8@5x5 forward: 10,035,200 flops in 0.4 ms = 25.1 GFLOP/s
  const conv = { index: 0, type: 'conv2d', forwardMs: 0.4, forwardFlops: 10035200, forwardFlopsDone: 10035200 };
  const judged = (ceilingGflops, peakGflops) => {
    const [goal] = goalList({ ours: { layers: [conv], ceilingGflops, peakGflops, wasmMemoryBytes: 2 ** 20 } }).filter((g) => g.goal.startsWith('conv layer 0'));
    return [goal.met, Number(goal.measured.toFixed(3)), goal.text];
  };
  assert.deepEqual(judged(40, 44), [true, 0.627, '≥ 0.6']);
  assert.deepEqual(judged(46, 50), [false, 0.545, '≥ 0.6']);
  // the ceiling alongside at 21.3 of 36 alone: the shares (here 1.18) say nothing
  const [met, measured, text] = judged(21.3, 36);
  assert.equal(met, null);
  assert.equal(measured, 1.178);
  assert.equal(text, '≥ 0.6; not judged: the ceiling measured alongside, 21.3 GFLOP/s, fell under 75% of its best alone, 36.0: the machine slowed during the profile');
  // at 75% it is still judged
  assert.equal(judged(30, 40)[0], true);
});

