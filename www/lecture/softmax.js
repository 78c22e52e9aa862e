// Concept 6, softmax and cross-entropy: editable outputs become probabilities; the loss for a
// chosen label; the sigmoid + binary cross-entropy variant beside it. Numbers from the core's
// own losses (lectureSoftmax).
import { attempt, el, field, fmt, frame, lineChart, numberInput, select, table } from './common.js';

export function mount(root, { core }) {
  const { body, status } = frame(root, 'Softmax and cross-entropy',
    'The last layer outputs any numbers (logits). Softmax makes them probabilities: p_i = e^z_i / Σ_j e^z_j. The loss for the right label y is −log p_y: small when the network is sure and right, large when it is sure and wrong. Sigmoid + binary cross-entropy treats every output as its own yes/no question.');
  const logits = [2.0, 1.0, 0.1, -1.0];
  let label = 0;
  const inputs = el('div', { class: 'controls' });
  const labelPick = el('span');
  const left = el('div', { class: 'panel' }, el('h2', {}, 'Softmax + cross-entropy'));
  const right = el('div', { class: 'panel' }, el('h2', {}, 'Sigmoid + binary cross-entropy'));
  const bars = el('canvas', { class: 'chart', 'aria-label': 'probabilities' });
  body.append(el('div', { class: 'panel wide' }, el('h2', {}, 'Outputs (logits)'), inputs,
    el('div', { class: 'controls' }, field('right label y', labelPick),
      el('button', { type: 'button', onclick: () => { if (logits.length < 10) { logits.push(0); drawInputs(); update(); } } }, '+ output'),
      el('button', { type: 'button', onclick: () => { if (logits.length > 2) { logits.pop(); label = Math.min(label, logits.length - 1); drawInputs(); update(); } } }, '− output'))),
  left, right, el('div', { class: 'panel wide' }, el('h2', {}, 'Probabilities'), bars));
  const leftBody = el('div'), rightBody = el('div');
  left.append(leftBody);
  right.append(rightBody);

  function drawInputs() {
    inputs.replaceChildren(...logits.map((z, i) => field(`z${i}`, numberInput({ value: z, step: 0.1, min: -50, max: 50, label: `output z${i}`, onchange: (v) => { logits[i] = v; update(); } }))));
    labelPick.replaceChildren(select(logits.map((_, i) => [String(i), String(i)]), String(label), (v) => { label = Number(v); update(); }, 'right label'));
  }

  function update() {
    const v = attempt(status, () => core.lectureSoftmax(logits, label));
    if (!v) return;
    leftBody.replaceChildren(
      table(['i', 'z_i', 'e^(z_i − max)', 'p_i', '∂L/∂z_i'], logits.map((z, i) => [i === label ? `${i} = y` : String(i), fmt(z), fmt(v.exps[i], 4), fmt(v.probabilities[i], 4), fmt(v.gradient[i], 4)])),
      el('p', { class: 'equation' }, `Σ p = ${fmt(v.probabilities.reduce((a, b) => a + b, 0), 4)}`, el('br'),
        'cross-entropy = −log p_y = −log ', fmt(v.probabilities[label], 4), ' = ', el('b', {}, fmt(v.crossEntropy, 4))));
    rightBody.replaceChildren(
      table(['i', 'target t_i', 'sigmoid(z_i)', 'its BCE'], logits.map((z, i) => [String(i), i === label ? '1' : '0', fmt(v.sigmoids[i], 4), fmt(v.binaryTerms[i], 4)])),
      el('p', { class: 'equation' }, 'BCE = mean of −(t log q + (1 − t) log(1 − q)) = ', el('b', {}, fmt(v.binaryCrossEntropy, 4))),
      el('p', { class: 'why' }, 'The sigmoids need not sum to 1: each output answers its own question (several may be yes).'));
    const xs = logits.map((_, i) => i);
    lineChart(bars, [{ label: 'softmax p_i', xs, ys: v.probabilities }, { label: 'sigmoid(z_i)', xs, ys: v.sigmoids }], { xLabel: 'output i', yLabel: 'probability', yMin: 0, yMax: 1, points: true, height: 200 });
  }

  drawInputs();
  update();
}
