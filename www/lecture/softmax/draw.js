// The softmax view's drawing: the softmax table with the cross-entropy, the one-hot target,
// the sigmoid table with the binary cross-entropy, and both as bar charts.
import { barChart } from '../../lib/chart.js';
import { css, gray } from '../../lib/colors.js';
import { el } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { fmt, gridFigure, table } from '../view.js';
import { oneHot } from './state.js';

/** Softmax, each p_i, the gradient p − y, and −log p_y. */
export function drawSoftmax(host, state) {
  const { view: v, logits, label } = state;
  const total = v.probabilities.reduce((a, b) => a + b, 0);
  host.replaceChildren(
    el('div', { class: 'scroll' }, table(['i', 'zᵢ', 'e^(zᵢ − max z)', 'pᵢ', 'yᵢ', '∂L/∂zᵢ = pᵢ − yᵢ'],
      logits.map((z, i) => [i === label ? `${i} = y` : String(i), fmt(z), fmt(v.exps[i], 4), fmt(v.probabilities[i], 4), i === label ? '1' : '0', fmt(v.gradient[i], 4)]), { 'data-id': 'softmaxTable' })),
    gridFigure(oneHot(state), 1, logits.length, { cell: 32, color: (y) => css(gray(y)), text: (y) => String(y) }, t('lecture.softmax.oneHot', { label })),
    el('p', { class: 'equation', 'data-id': 'crossEntropy' }, `Σ pᵢ = ${fmt(total, 4)}`, el('br'),
      `${t('lecture.softmax.crossEntropy')} = −log p${subscript(label)} = −log ${fmt(v.probabilities[label], 4)} = `, el('b', {}, fmt(v.crossEntropy, 4))));
}

/** Each output's sigmoid, its binary cross-entropy against the one-hot target, and their mean. */
export function drawSigmoid(host, state) {
  const { view: v, logits, label } = state;
  host.replaceChildren(
    el('div', { class: 'scroll' }, table(['i', 'tᵢ', 'σ(zᵢ)', t('lecture.softmax.itsBce')],
      logits.map((_, i) => [String(i), i === label ? '1' : '0', fmt(v.sigmoids[i], 4), fmt(v.binaryTerms[i], 4)]))),
    el('p', { class: 'equation', 'data-id': 'binaryCrossEntropy' }, `${t('lecture.softmax.bce')} = mean(−(tᵢ log σ(zᵢ) + (1 − tᵢ) log(1 − σ(zᵢ)))) = `, el('b', {}, fmt(v.binaryCrossEntropy, 4))),
    el('p', { class: 'why' }, t('lecture.softmax.sigmoidWhy')));
}

/** Softmax and sigmoids as bars, the right label marked. */
export function drawBars(softmax, sigmoid, state) {
  const { view: v, logits, label } = state;
  const labels = logits.map((_, i) => String(i));
  barChart(softmax, v.probabilities, { labels, highlight: label, mark: ' ✓', height: 150 });
  barChart(sigmoid, v.sigmoids, { labels, highlight: label, mark: ' ✓', height: 150 });
}

const subscript = (n) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
