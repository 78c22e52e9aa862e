// The text report of `make bench` (scripts/bench.mjs): one table of every contender with the
// spread of its runs and ours ÷ it, our training step layer by layer against the SIMD
// multiply+add ceiling (its rows: www/bench/render.js, the page's table), and the goals. Every
// number comes from the run's JSON.
import { layerRows } from '../www/bench/render.js';

const LABELS = {
  ours: 'ours, 1 worker (wasm SIMD128)',
  convnetjs: 'ConvNetJS 0.3.0',
  'tfjs-cpu': 'TensorFlow.js 4.22 cpu',
  'tfjs-wasm': 'TensorFlow.js 4.22 wasm',
};

const pad = (s, n, right = true) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const num = (v, d = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));

/** "6,400 (5,900-6,800)": the median and the slowest and fastest run. */
function spread(median, runs) {
  if (!Number.isFinite(median)) return '-';
  return runs?.length ? `${num(median)} (${num(Math.min(...runs))}-${num(Math.max(...runs))})` : num(median);
}

/** [label, train cell, inference cell, note, train median, inference median] per contender. */
function rows(json) {
  const out = [];
  for (const [name, r] of Object.entries(json.results)) {
    const label = name === 'ours-parallel' ? `ours, ${r.workers ?? '?'} workers (wasm SIMD128)`
      : name === 'ours-adaptive' ? `ours, ${r.workers ?? '?'} of ${r.size ?? '?'} workers (fastest now)` : LABELS[name] ?? name;
    if (r.error) { out.push([label, '-', '-', `error: ${r.error}`]); continue; }
    const train = r.train ? spread(r.train.median, r.train.runs) : 'cannot train';
    out.push([label, train, spread(r.infer?.median, r.infer?.runs), r.trainError ? `cannot train: ${r.trainError}` : '', r.train?.median, r.infer?.median]);
  }
  for (const [key, label] of [['threads1', 'PyTorch native, 1 thread'], ['threadsAll', 'PyTorch native, all threads']]) {
    const p = json.pytorch?.[key];
    if (!p) continue;
    if (p.missing) { out.push([label, '-', '-', `missing: ${p.missing}`]); continue; }
    out.push([`${label.replace('all', String(p.threads))} (torch ${p.torch})`, spread(p.train, p.trainRuns), spread(p.infer, p.inferRuns), '', p.train, p.infer]);
  }
  return out;
}

function printContenders(json) {
  const ours = json.results.ours;
  const times = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? `${num(a / b, 2)}x` : '-');
  console.log(`${pad('contender', 40, false)} ${pad('trained images/s', 22)} ${pad('inference images/s', 22)}  ours ÷ this (train, inference)`);
  for (const [label, train, infer, note, trainMedian, inferMedian] of rows(json)) {
    const ratio = label.startsWith('ours') || note ? '' : `${times(ours?.train?.median, trainMedian)}, ${times(ours?.infer?.median, inferMedian)}`;
    console.log(`${pad(label, 40, false)} ${pad(train, 22)} ${pad(infer, 22)}  ${ratio}${note}`);
  }
}

/**
 * The same contenders by their fastest single batch: on a machine whose other load comes and
 * goes (a shared VM), the medians of runs minutes apart move with it, the fastest batch much less.
 */
function printFastest(json) {
  const ours = json.results.ours;
  const parallel = json.results['ours-parallel'];
  const p1 = json.pytorch?.threads1;
  const pAll = json.pytorch?.threadsAll;
  if (!ours?.train?.fastest || !p1?.trainFastest) return;
  const times = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? `${num(a / b, 2)}x` : '-');
  console.log('\nthe fastest single batch of the timed runs, images/s (train, inference):');
  console.log(`  ours, 1 worker ${num(ours.train.fastest)}, ${num(ours.infer?.fastest)}; PyTorch 1 thread ${num(p1.trainFastest)}, ${num(p1.inferFastest)}: ${times(ours.train.fastest, p1.trainFastest)}, ${times(ours.infer?.fastest, p1.inferFastest)}`);
  if (parallel?.train?.fastest && pAll?.trainFastest) {
    console.log(`  ours, ${parallel.workers} workers ${num(parallel.train.fastest)}; PyTorch ${pAll.threads} threads ${num(pAll.trainFastest)}: ${times(parallel.train.fastest, pAll.trainFastest)}`);
  }
}

/**
 * One line per round (`make bench --rounds N`, N > 1): ours and PyTorch's training medians of
 * that round and their ratio, so a slow spell that fell on one side in one round shows.
 */
export function roundLines(byRound) {
  if (!byRound || byRound.length < 2) return [];
  const pair = (label, ours, theirs) => (Number.isFinite(ours) && Number.isFinite(theirs) ? `${label} ${num(ours)} ÷ ${num(theirs)} = ${num(ours / theirs, 2)}x` : null);
  return byRound.map((r, i) => {
    const parts = [pair('1 worker ÷ 1 thread', r.ours, r.pytorch1), pair('all workers ÷ all threads', r.oursParallel, r.pytorchAll)].filter(Boolean);
    return `  round ${i + 1}: ${parts.length ? parts.join('; ') : 'ours or PyTorch not measured'}`;
  });
}

/** What the workers' exchange cost per step (share-pool.js `timing`). */
function printExchange(parallel) {
  const timing = parallel?.timing;
  if (!timing?.steps) return;
  console.log(`\nours, ${parallel.workers} workers exchanging by postMessage: per step (mean of ${num(timing.steps)}), ${num(timing.writeMs, 3)} ms until the helpers' shares are posted, ${num(timing.ownMs, 3)} ms computing the training worker's own, ${num(timing.waitMs, 3)} ms from the end of the training worker's own shares until the helpers' gradients are in`);
}

/** A pool's latest trial (share-pool.js `trials`): "1 worker 3.80 ms, 2 workers 2.55 ms", the median step on each count. */
export function trialText(trials) {
  return trials.map((t) => `${t.count} ${t.count === 1 ? 'worker' : 'workers'} ${num(t.ms, 2)} ms`).join(', ');
}

/** The fastest count of the workers (share-pool.js `adapt`): its latest trial's median step on each count. */
function printTrials(adaptive) {
  if (!adaptive?.trials) return;
  const each = trialText(adaptive.trials);
  console.log(`
ours, the fastest count of ${adaptive.size} workers now: ${adaptive.workers} (its latest trial, the median step on each count: ${each})`);
}

function printLayers(ours) {
  const peak = ours.ceilingGflops;
  console.log('\nours, one training step layer by layer (batch 32, mean of 50 steps); GFLOP/s of the flops done (share of the ceiling measured alongside):');
  console.log(`${pad('layer', 6, false)}${pad('type', 9, false)}${pad('fwd ms', 8)}${pad('fwd GFLOP/s', 14)}${pad('fwd direct-eq.', 15)}${pad('bwd ms', 8)}${pad('bwd GFLOP/s', 14)}${pad('bwd dense-eq.', 14)}`);
  const widths = [-6, -9, 8, 14, 15, 8, 14, 14];   // negative: left-aligned
  for (const row of layerRows(ours, num)) console.log(row.map((text, i) => pad(text, Math.abs(widths[i]), widths[i] > 0)).join(''));
  console.log('(fwd direct-eq.: the flops of the direct convolution, per second; a 5x5 convolution on 4 or more channels takes Winograd\'s F(4x4, 5x5), whose products are fewer;');
  console.log(' bwd dense-eq.: the flops a dense backward would do, per second; the sparse backward skips the zero output gradients;');
  console.log(' a ReLU and max-pool after a conv show 0 ms backward: it runs inside the conv\'s, from the pool\'s winners)');
  console.log(`SIMD multiply+add ceiling measured alongside (1 ms of the ceiling loop after each profiled step): ${num(peak, 1)} GFLOP/s; its best run alone (of 25 runs of 10 ms): ${num(ours.peakGflops, 1)} GFLOP/s`);
  console.log(`wasm memory after training: ${num(ours.wasmMemoryBytes / 2 ** 20, 1)} MB`);
}

/** The whole report of one `make bench` run. */
export function printTables(json) {
  const m = json.machine ?? {};
  console.log(`\ncnn-playground benchmark: reference network, batch 32, SGD (lr 0.01); median of ${json.rounds > 1 ? `${json.rounds} rounds × ${json.repeats} runs (PyTorch and ours in turn, the others in the first round: ${json.repeats} runs)` : `${json.repeats} runs`} of ${json.seconds} s, each after a warm-up, (slowest-fastest run)`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores; load average ${num(m.loadAverageAtStart, 1)} at the start, ${num(m.loadAverageAtEnd, 1)} at the end`);
  console.log(`browser: ${json.userAgent}\n`);
  printContenders(json);
  printFastest(json);
  const byRound = roundLines(json.byRound);
  if (byRound.length) console.log(['\ntrained images/s round by round (the median of each round\'s runs):', ...byRound].join('\n'));
  printExchange(json.results['ours-parallel']);
  printTrials(json.results['ours-adaptive']);
  if (json.results.ours?.layers) printLayers(json.results.ours);
  console.log('\ngoals:');
  const line = (met, text) => console.log(`  ${met === null ? 'n/a    ' : met ? 'met    ' : 'NOT MET'}  ${text}`);
  for (const g of json.goals) line(g.met, `${g.goal}: ${num(g.measured, 2)} (${g.text})`);
  line(json.wasmGzipBytes <= 300 * 1024, `.wasm gzipped: ${num(json.wasmGzipBytes / 1024, 1)} KB (≤ 300 KB)`);
  line(json.mainPage.loadMs <= 1000, `main page interactive: DOM ${num(json.mainPage.domInteractiveMs)} ms, loaded ${num(json.mainPage.loadMs)} ms (≤ 1000 ms)`);
}
