// Concept 7, backprop of one weight: in the digit network (25 -> dense 8 -> sigmoid -> dense
// 10 -> softmax), pick a weight: the chain-rule factors with their values, their product, the
// gradient of the network's backward pass, and the numeric finite-difference gradient, all
// from the core (lectureBackprop).
import { attempt, diverging, el, field, fmt, frame, grid, lectureDigits, numberInput, select, table } from './common.js';

const SHAPES = { '1.weight': [8, 25], '1.bias': [8, 1], '3.weight': [10, 8], '3.bias': [10, 1] };

export function mount(root, { core }) {
  const { body, status } = frame(root, 'Backpropagation of one weight',
    'The digit network: 25 features x → h = W1 x + b1 → a = sigmoid(h) → z = W2 a + b2 → p = softmax(z) → L = −log p_y. The gradient of one weight is a product of local derivatives along the path from the loss back to it (the chain rule); nudging the weight by ±ε and watching the loss gives the same number.');
  const q = { digit: 0, param: '1.weight', row: 2, col: 12, seed: 1 };
  const controls = el('div', { class: 'controls' });
  const features = el('canvas', { 'aria-label': 'the digit’s 25 features' });
  const result = el('div');
  const loading = el('p', { class: 'caption' }, 'Loading…');
  body.append(el('div', { class: 'panel wide' }, controls, loading),
    el('div', { class: 'panel' }, el('h2', {}, 'Input x: the digit’s 25 features'), features, el('p', { class: 'caption' }, 'orange: x_i, the input this weight multiplies')),
    el('div', { class: 'panel' }, result));
  let digits = null;

  function drawControls() {
    const [rows, cols] = SHAPES[q.param];
    const number = (key, label, max) => field(label, numberInput({ value: q[key], min: 0, max, label, onchange: (v) => { q[key] = Math.round(v); update(); } }));
    controls.replaceChildren(
      number('digit', 'training digit #', 7999),
      field('parameter', select(Object.keys(SHAPES).map((k) => [k, k]), q.param, (v) => { q.param = v; q.row = 0; q.col = 0; drawControls(); update(); }, 'parameter')),
      number('row', `row (unit, 0–${rows - 1})`, rows - 1),
      cols > 1 ? number('col', `column (input, 0–${cols - 1})`, cols - 1) : null,
      number('seed', 'weights seed', 1e9));
  }

  function update() {
    if (!digits) return;
    const x = attempt(status, () => Array.from(digits.trainFeatures(q.digit + 1).slice(q.digit * 25)));
    if (!x) return;
    const label = digits.label(q.digit);
    const v = attempt(status, () => core.lectureBackprop({ features: x, label, param: q.param, row: q.row, col: SHAPES[q.param][1] > 1 ? q.col : 0, seed: q.seed }));
    if (!v) return;
    grid(features, x, 5, 5, { cell: 34, text: (f) => fmt(f, 2), mark: (i) => q.param === '1.weight' && i === q.col });
    const product = v.factors.map((f) => fmt(f.value, 4)).join(' × ');
    result.replaceChildren(
      el('h2', {}, `∂L/∂${q.param}[${q.row}]${SHAPES[q.param][1] > 1 ? `[${q.col}]` : ''} for a ${label} (weight = ${fmt(v.value, 4)}, loss = ${fmt(v.loss, 4)})`),
      table(['chain-rule factor', 'value'], v.factors.map((f) => [f.symbol, fmt(f.value, 5)])),
      v.terms.length ? el('p', { class: 'why' }, `the sum's terms (p_k − y_k)·W2[k][${q.row}], k = 0…9: ${v.terms.map((t) => fmt(t, 3)).join(', ')}`) : null,
      el('div', { class: 'equation' },
        `chain rule: ${product} = `, el('b', {}, fmt(v.product, 6)), el('br'),
        'backward pass of the network: ', el('b', {}, fmt(v.backward, 6)), el('br'),
        `numeric: (L(w + ε) − L(w − ε)) / 2ε, ε = ${fmt(v.epsilon)}: `, el('b', {}, fmt(v.numeric, 6))),
      el('h2', {}, 'Probabilities p'),
      gridCanvas(v.probabilities, 1, 10, (p, i) => (i === label ? '#b2f2bb' : diverging(p, 1)), (p) => fmt(p, 2)),
      el('p', { class: 'caption' }, `green: the right label ${label}`));
  }

  function gridCanvas(values, rows, cols, color, text) {
    const canvas = el('canvas', { 'aria-label': 'values' });
    grid(canvas, values, rows, cols, { cell: 34, color, text });
    return canvas;
  }

  drawControls();
  lectureDigits((text) => { loading.textContent = text; }).then((d) => { digits = d; loading.textContent = ''; update(); }, (err) => { loading.textContent = ''; status.textContent = err.message; });
}
