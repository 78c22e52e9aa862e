// Tables of the benchmark page, drawn from the workers' results (no numbers of our own).

const fmt = (v, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function cell(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function table(headers, rows) {
  const t = document.createElement('table');
  t.createTHead().append(row('th', headers));
  const body = document.createElement('tbody');
  body.append(...rows.map((r) => row('td', r)));
  t.append(body);
  return t;
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

/** Trained and inferred images/s of every contender, and how many times faster ours is. */
export function renderTable(root, results, contenders) {
  const ours = results.ours;
  const times = (a, b) => (a && b ? `${fmt(a / b, 1)}×` : '–');
  const rows = Object.entries(results).map(([name, r]) => {
    if (r.error) return [contenders[name].label, cell('span', r.error, 'error-text'), '', '', ''];
    const train = r.train ? fmt(r.train.median) : cell('span', `cannot train: ${r.trainError}`, 'error-text');
    return [contenders[name].label, train, fmt(r.infer?.median), name === 'ours' ? '' : times(ours?.train?.median, r.train?.median), name === 'ours' ? '' : times(ours?.infer?.median, r.infer?.median)];
  });
  root.replaceChildren(table(['contender', 'trained images/s', 'inference images/s', 'ours ÷ this (train)', 'ours ÷ this (inference)'], rows));
}

/** Our core's training step, layer by layer, with the convolutions' GFLOP/s. */
export function renderLayers(root, ours) {
  const rate = (flops, ms) => (flops > 0 && ms > 0 ? fmt(flops / ms / 1e6, 2) : '');
  const rows = ours.layers.map((l) => [String(l.index), l.type, fmt(l.forwardMs, 3), rate(l.forwardFlops, l.forwardMs), fmt(l.backwardMs, 3), rate(l.backwardFlops, l.backwardMs)]);
  root.replaceChildren(table(['layer', 'type', 'forward ms', 'forward GFLOP/s', 'backward ms', 'backward GFLOP/s'], rows));
}

/** The conv layers' achieved GFLOP/s over forward and backward together. */
export function convGflops(layers) {
  const conv = layers.filter((l) => l.type === 'conv2d');
  const flops = conv.reduce((s, l) => s + l.forwardFlops + l.backwardFlops, 0);
  const ms = conv.reduce((s, l) => s + l.forwardMs + l.backwardMs, 0);
  return flops / ms / 1e6;
}

/** The goals, each with its measured value; returns them for the JSON. */
export function renderGoals(root, results, pytorch) {
  const ours = results.ours;
  const train = (name) => results[name]?.train?.median;
  const goals = [];
  const add = (goal, measured, met, text) => goals.push({ goal, measured, met, text });
  if (ours?.train) {
    if (train('convnetjs')) add('ours ÷ ConvNetJS, trained images/s', train('ours') / train('convnetjs'), train('ours') >= 40 * train('convnetjs'), '≥ 40×');
    if (train('tfjs-cpu')) add('ours ÷ tfjs-backend-cpu, trained images/s', train('ours') / train('tfjs-cpu'), train('ours') >= 100 * train('tfjs-cpu'), '≥ 100×');
    add(`ours ÷ PyTorch native, 1 thread (${fmt(pytorch)} images/s, from the issue)`, train('ours') / pytorch, train('ours') >= pytorch, '≥ 1×');
  }
  if (ours?.layers) {
    const gflops = convGflops(ours.layers);
    add(`conv GFLOP/s ÷ SIMD multiply+add ceiling (${fmt(gflops, 1)} of ${fmt(ours.peakGflops, 1)})`, gflops / ours.peakGflops, gflops >= 0.5 * ours.peakGflops, '≥ 0.5');
    const mb = ours.wasmMemoryBytes / 2 ** 20;
    add('wasm memory after training, MB', mb, mb <= 64, '≤ 64 MB');
  }
  const rows = goals.map((g) => [g.goal, fmt(g.measured, 2), g.text, cell('span', g.met ? 'met' : 'not met', g.met ? 'good' : 'error-text')]);
  root.replaceChildren(table(['goal', 'measured', 'target', ''], rows));
  return goals;
}
