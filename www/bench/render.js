// Tables of the benchmark page, drawn from the workers' results and PyTorch's figures from
// `make bench` (no numbers of our own). Every text through the catalog (www/i18n/).

import { t, number } from '../lib/i18n.js';

const fmt = (v, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : number(v, { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function cell(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function table(headers, rows) {
  const el = document.createElement('table');
  el.createTHead().append(row('th', headers.map((key) => t(key))));
  const body = document.createElement('tbody');
  body.append(...rows.map((r) => row('td', r)));
  el.append(body);
  return el;
}

function row(tag, values) {
  const tr = document.createElement('tr');
  tr.append(...values.map((v) => (v instanceof Node ? wrap(tag, v) : cell(tag, v))));
  return tr;
}

function wrap(tag, node) {
  const el = document.createElement(tag);
  el.append(node);
  return el;
}

/** "6,400 (5,900–6,800)": a median and its slowest and fastest run. */
function spread(median, runs) {
  if (!Number.isFinite(median)) return '–';
  return runs?.length ? `${fmt(median)} (${fmt(Math.min(...runs))}–${fmt(Math.max(...runs))})` : fmt(median);
}

/** Each contender's table row: label, trained and inferred images/s (median and spread). */
function contenderRows(results, contenders, pytorch) {
  const rows = Object.entries(results).map(([name, r]) => {
    const label = name === 'ours-parallel' && r.workers ? t('bench.oursParallel', { workers: r.workers })
      : name === 'ours-adaptive' && r.workers ? t('bench.oursAdaptive', { workers: r.workers, size: r.size }) : contenders[name].label;
    if (r.error) return [label, cell('span', r.error, 'error-text'), '', name];
    const train = r.train ? spread(r.train.median, r.train.runs) : cell('span', t('bench.cannotTrain', { reason: r.trainError }), 'error-text');
    return [label, train, spread(r.infer?.median, r.infer?.runs), name, r.train?.median, r.infer?.median];
  });
  for (const [key, p] of Object.entries(pytorch ?? {})) {
    const label = t(key === 'threads1' ? 'bench.pytorch1' : 'bench.pytorchAll', { threads: p.threads ?? '?', torch: p.torch ?? '' });
    if (p.missing) rows.push([label, cell('span', p.missing, 'error-text'), '', key]);
    else rows.push([label, spread(p.train, p.trainRuns), spread(p.infer, p.inferRuns), key, p.train, p.infer]);
  }
  return rows;
}

/** Trained and inferred images/s of every contender, and how many times faster ours is. */
export function renderTable(root, results, contenders, pytorch) {
  const ours = results.ours;
  const times = (a, b) => (a && b ? `${fmt(a / b, 2)}×` : '–');
  const rows = contenderRows(results, contenders, pytorch).map(([label, train, infer, name, trainMedian, inferMedian]) => {
    const mine = name.startsWith('ours');
    return [label, train, infer, mine ? '' : times(ours?.train?.median, trainMedian), mine ? '' : times(ours?.infer?.median, inferMedian)];
  });
  root.replaceChildren(table(['bench.col.contender', 'bench.col.train', 'bench.col.infer', 'bench.col.ratioTrain', 'bench.col.ratioInfer'], rows));
}

/**
 * The per-layer table's rows, one a layer: index, type, forward ms, forward GFLOP/s of the flops
 * done (and their share of the ceiling measured alongside), forward direct-equivalent GFLOP/s,
 * backward ms, backward GFLOP/s done (share), backward dense-equivalent GFLOP/s; each number
 * written by `format(value, digits)`. This page's table and scripts/bench-report.mjs's print them.
 */
export function layerRows(ours, format = fmt) {
  const peak = ours.ceilingGflops;
  const gflops = (flops, ms) => flops / ms / 1e6;
  const done = (flops, ms) => (flops > 0 && ms > 0 ? `${format(gflops(flops, ms), 1)} (${format((100 * gflops(flops, ms)) / peak)}%)` : '');
  const equivalent = (flops, ms) => (flops > 0 ? format(gflops(flops, ms), 1) : '');
  return ours.layers.map((l) => [
    String(l.index), l.type, format(l.forwardMs, 3), done(l.forwardFlopsDone ?? l.forwardFlops, l.forwardMs), equivalent(l.forwardFlops, l.forwardMs),
    format(l.backwardMs, 3), done(l.backwardFlopsDone, l.backwardMs), equivalent(l.backwardFlops, l.backwardMs),
  ]);
}

/** One training step layer by layer, with the ceiling and the memory under it. */
export function renderLayers(root, ours) {
  const note = cell('p', t('bench.layersNote', { ceiling: fmt(ours.ceilingGflops, 1), best: fmt(ours.peakGflops, 1), memory: fmt(ours.wasmMemoryBytes / 2 ** 20, 1) }), 'lead');
  root.replaceChildren(table(['bench.col.layer', 'bench.col.type', 'bench.col.fwdMs', 'bench.col.fwdGflops', 'bench.col.fwdDirect', 'bench.col.bwdMs', 'bench.col.bwdGflops', 'bench.col.bwdDense'], layerRows(ours)), note);
}

/** The goals that compare ours with the others: [goal, measured ratio, required ratio]. */
function ratioGoals(results, pytorch, add) {
  const train = (name) => results[name]?.train?.median;
  const infer = (name) => results[name]?.infer?.median;
  const ratio = (key, ours, theirs, atLeast, params = {}) => {
    if (Number.isFinite(ours) && Number.isFinite(theirs)) add(t(key, params), ours / theirs, ours / theirs >= atLeast, `≥ ${atLeast}×`);
  };
  const one = pytorch?.threads1;
  if (!pytorch) add(t('bench.goal.pytorchNotHere'), NaN, null, '');
  else if (one?.missing) add(t('bench.goal.pytorchMissing', { reason: one.missing }), NaN, null, '');
  ratio('bench.goal.pytorchTrain', train('ours'), one?.train, 1.25, { rate: fmt(one?.train) });
  ratio('bench.goal.pytorchInfer', infer('ours'), one?.infer, 1, { rate: fmt(one?.infer) });
  ratio('bench.goal.tfjsWasmInfer', infer('ours'), infer('tfjs-wasm'), 1.3);
  ratio('bench.goal.convnetjs', train('ours'), train('convnetjs'), 50);
  ratio('bench.goal.tfjsCpu', train('ours'), train('tfjs-cpu'), 100);
  const all = pytorch?.threadsAll;
  const workers = results['ours-parallel']?.workers;
  ratio('bench.goal.pytorchAll', train('ours-parallel'), all?.train, 1, { workers, threads: all?.threads, rate: fmt(all?.train) });
  if (Number.isFinite(train('ours-parallel')) && Number.isFinite(train('ours'))) {
    add(t('bench.goal.speedup', { workers }), train('ours-parallel') / train('ours'), null, '');
  }
}

/** The ceiling measured alongside, as a share of its best alone, under which the machine is taken to have slowed. */
export const STEADY = 0.75;

/**
 * The goals, each `{goal, measured, met, text}` (met: null when there is nothing to
 * compare): for this page's table and for scripts/bench.mjs, which merges several rounds.
 */
export function goalList(results, pytorch) {
  const ours = results.ours;
  const goals = [];
  const add = (goal, measured, met, text) => goals.push({ goal, measured, met, text });
  if (ours?.train) ratioGoals(results, pytorch, add);
  if (ours?.layers) {
    const ceiling = ours.ceilingGflops;
    // The ceiling measured alongside the profile fell well under its best alone: the machine
    // slowed during the profile, and a share of a ceiling that moved is not judged.
    const steady = !(ceiling < STEADY * ours.peakGflops);
    const unsteady = t('bench.goal.ceilingUnsteady', { ceiling: fmt(ceiling, 1), best: fmt(ours.peakGflops, 1), share: fmt(100 * STEADY) });
    for (const l of ours.layers.filter((layer) => layer.type === 'conv2d')) {
      // a Winograd convolution does fewer products than the direct one: its rate is the
      // direct convolution's flops per second (what the layer gets done), its products' apart
      const [gflops, done] = [l.forwardFlops, l.forwardFlopsDone ?? l.forwardFlops].map((flops) => flops / l.forwardMs / 1e6);
      const key = done < gflops ? 'bench.goal.convForwardWinograd' : 'bench.goal.convForward';
      const goal = t(key, { index: l.index, gflops: fmt(gflops, 1), ceiling: fmt(ceiling, 1), done: fmt(done, 1) });
      add(goal, gflops / ceiling, steady ? gflops >= 0.6 * ceiling : null, steady ? '≥ 0.6' : `≥ 0.6; ${unsteady}`);
    }
    const mb = ours.wasmMemoryBytes / 2 ** 20;
    add(t('bench.goal.memory'), mb, mb <= 64, '≤ 64 MB');
  }
  return goals;
}

/** The goals' table (goalList); returns them for the JSON. */
export function renderGoals(root, results, pytorch) {
  const goals = goalList(results, pytorch);
  const verdict = (met) => (met === null ? cell('span', t('bench.na')) : cell('span', t(met ? 'bench.met' : 'bench.notMet'), met ? 'good' : 'error-text'));
  const rows = goals.map((g) => [g.goal, fmt(g.measured, 2), g.text, verdict(g.met)]);
  root.replaceChildren(table(['bench.col.goal', 'bench.col.measured', 'bench.col.target', 'bench.col.verdict'], rows));
  return goals;
}
