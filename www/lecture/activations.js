// Concept 4, activations: the four curves, a feature map through the chosen one, two linear
// layers that equal one, and dead ReLUs after training with a large learning rate. Every
// number from the core (lectureActivationCurves, lectureActivationFeatureMap: a real digit
// through a conv2d edge kernel, lectureActivationApply, lectureLinearCollapse, lectureDeadRelu).
import { attempt, diverging, el, field, fmt, frame, grid, lectureDigits, lineChart, mnistBytes, numberInput, select, table } from './common.js';

export function mount(root, { core }) {
  const { body, status } = frame(root, 'Activations',
    'An activation bends each value after a layer. Without one, a stack of linear layers is just one linear layer. ReLU passes positives and blocks negatives; a unit that is negative for every input never fires again: it is dead.');
  let chosen = 'relu';
  const slope = 0.1;
  const curves = el('canvas', { class: 'chart', 'aria-label': 'activation curves' });
  const digit = el('canvas', { 'aria-label': 'the digit' });
  const mapIn = el('canvas', { 'aria-label': 'feature map' });
  const mapCaption = el('p', { class: 'caption' }, 'Loading a real digit…');
  const mapOut = el('canvas', { 'aria-label': 'feature map after the activation' });
  const collapse = el('div');
  const dead = el('div');
  const deadChart = el('canvas', { class: 'chart', hidden: true, 'aria-label': 'loss while training' });
  const dq = { lr: 3, steps: 300 };
  const trainButton = el('button', { type: 'button', class: 'primary', onclick: () => trainDead() }, 'Train and count');
  body.append(
    el('div', { class: 'panel' }, el('h2', {}, `The curves (leaky ReLU slope ${slope})`), curves),
    el('div', { class: 'panel' }, el('h2', {}, 'A feature map through it'),
      el('div', { class: 'controls' }, field('activation', select(core.describeSchema().activations.map((n) => [n, n]), chosen, (v) => { chosen = v; drawMap(); }, 'activation')),
        field('digit #', numberInput({ value: 0, min: 0, max: 9999, label: 'digit #', onchange: (v) => loadMap(Math.round(v)) }))),
      mapCaption,
      el('div', { class: 'stages' }, el('figure', { class: 'stage' }, digit, el('figcaption', {}, 'the digit')),
        el('figure', { class: 'stage' }, mapIn, el('figcaption', {}, 'conv2d output, before')), el('figure', { class: 'stage' }, mapOut, el('figcaption', {}, 'after the activation')))),
    el('div', { class: 'panel' }, el('h2', {}, 'Two linear layers are one'), collapse),
    el('div', { class: 'panel' }, el('h2', {}, 'Dead ReLUs'),
      el('p', { class: 'why' }, 'A 25 → 32 ReLU → 10 network trained with SGD on 2000 digits: how many of the 32 hidden units never fire (output 0 for every digit) afterwards?'),
      el('div', { class: 'controls' },
        field('learning rate', numberInput({ value: dq.lr, min: 0.0001, max: 100, step: 0.1, label: 'learning rate', onchange: (v) => { dq.lr = v; } })),
        field('steps', numberInput({ value: dq.steps, min: 1, max: 2000, label: 'steps', onchange: (v) => { dq.steps = Math.round(v); } })), trainButton),
      dead, deadChart));

  const c = attempt(status, () => core.lectureActivationCurves(-4, 4, 161, slope));
  if (c) lineChart(curves, core.describeSchema().activations.map((n) => ({ label: n, xs: c.xs, ys: c[n] })), { xLabel: 'x', yLabel: 'f(x)' });

  let feature = null;
  /** A real feature map from the core: digit `index` through a conv2d edge kernel. */
  async function loadMap(index) {
    try {
      const bytes = await mnistBytes();
      const f = attempt(status, () => core.lectureActivationFeatureMap(bytes, index));
      if (!f) return;
      feature = f;
      mapCaption.textContent = `Digit #${index} (a ${f.label}) through conv2d with one ${f.stride} x ${f.stride} kernel, stride ${f.stride}: ${fmt(f.kernel[0])} on the left half of each row, ${fmt(f.kernel[3])} on the right half, bias ${fmt(f.bias)}. Positive where ink starts, negative where it ends, ${fmt(f.bias)} on blank paper.`;
      drawMap();
    } catch (err) {
      mapCaption.textContent = '';
      status.textContent = err.message;
    }
  }
  function drawMap() {
    if (!feature) return;
    const { map, height, width, image, size } = feature;
    const out = attempt(status, () => core.lectureActivationApply(chosen, slope, map));
    if (!out) return;
    const draw = (canvas, values) => grid(canvas, values, height, width, { cell: 44, color: (v) => diverging(v, 2.25), text: (v) => fmt(v, 2) });
    grid(digit, image, size, size, { cell: 4 });
    draw(mapIn, map);
    draw(mapOut, Array.from(out));
  }
  loadMap(0);

  const l = attempt(status, () => core.lectureLinearCollapse(5));
  if (l) {
    const matrix = (w, rows, cols) => Array.from({ length: rows }, (_, r) => w.slice(r * cols, (r + 1) * cols).map((v) => fmt(v, 3)).join('  ')).join('\n');
    collapse.replaceChildren(
      el('p', { class: 'why' }, `W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2): a ${l.inputs} → ${l.hidden} → ${l.outputs} network without activation is one ${l.inputs} → ${l.outputs} layer.`),
      el('div', { class: 'scroll' }, table(['', 'weights', 'bias'], [
        ['layer 1', el('pre', {}, matrix(l.w1, l.hidden, l.inputs)), el('pre', {}, l.b1.map((v) => fmt(v)).join('\n'))],
        ['layer 2', el('pre', {}, matrix(l.w2, l.outputs, l.hidden)), el('pre', {}, l.b2.map((v) => fmt(v)).join('\n'))],
        ['the one layer', el('pre', {}, matrix(l.weight, l.outputs, l.inputs)), el('pre', {}, l.bias.map((v) => fmt(v)).join('\n'))]])),
      el('p', { class: 'equation' }, `x = (${l.x.join(', ')})`, el('br'), `two layers: (${l.twoLayers.map((v) => fmt(v, 4)).join(', ')})`, el('br'), `one layer: (${l.oneLayer.map((v) => fmt(v, 4)).join(', ')})`));
  }

  let digits = null;
  async function trainDead() {
    trainButton.disabled = true;
    dead.textContent = 'Loading the digits…';
    try {
      digits ??= await lectureDigits((t) => { dead.textContent = t; });
      const r = attempt(status, () => core.lectureDeadRelu(digits.trainFeatures(2000), digits.trainLabels(2000), 25, { hidden: 32, lr: dq.lr, steps: dq.steps, batch: 16, seed: 1 }));
      if (!r) { dead.textContent = ''; return; }
      const strip = el('canvas', { 'aria-label': 'how often each hidden unit fires' });
      grid(strip, r.fires, 1, 32, { cell: 14, gap: 1, color: (f) => (f === 0 ? '#1d2433' : `hsl(140, 55%, ${85 - 45 * (f / 2000)}%)`) });
      dead.replaceChildren(el('p', { class: 'big' }, `${r.deadAfter} of 32 units dead (${fmt(100 * r.share, 1)}%)`, el('span', { class: 'caption' }, `  before training: ${r.deadBefore}`)),
        strip, el('p', { class: 'caption' }, 'each unit: black = never fires, green = fires (darker: on more digits)'));
      deadChart.hidden = false;
      lineChart(deadChart, [{ label: 'loss', xs: r.losses.map((_, i) => i + 1), ys: r.losses }], { xLabel: 'step', yLabel: 'loss', height: 180 });
    } catch (err) {
      status.textContent = err.message;
    } finally {
      trainButton.disabled = false;
    }
  }
}
