// The backprop view's drawing: the digit's features (the input this weight multiplies marked),
// the chain-rule factors and their product beside the backward pass and the numeric gradient,
// and the probabilities against the one-hot target.
import { barChart } from '../../lib/chart.js';
import { css, gray } from '../../lib/colors.js';
import { el } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { fmt, gridFigure, table, vector } from '../view.js';

const share = (v) => css(gray(v));

/** The 25 features as a 5 x 5 grid and as the vector x. */
export function drawFeatures(host, state) {
  const marked = state.layer === 1 && state.kind === 'weight' ? state.k - 1 : -1;
  host.replaceChildren(
    gridFigure(state.x, 5, 5, { cell: 40, color: share, text: (v) => fmt(v, 2), mark: (i) => i === marked }, marked >= 0 ? t('lecture.backprop.marked', { k: state.k }) : null, t('lecture.backprop.featuresLabel')),
    el('p', { class: 'row-of-numbers' }, `x = `, el('span', { 'data-id': 'features' }, vector(state.x))),
    el('p', { class: 'caption' }, t('lecture.backprop.digitCaption', { index: state.digit, label: state.label })));
}

/** The factors, the product, backward, numeric. */
export function drawGradient(host, state) {
  const v = state.result;
  const product = v.factors.map((f) => fmt(f.value, 4)).join(' × ');
  host.replaceChildren(...[
    el('h3', { 'data-id': 'which' }, t('lecture.backprop.which', { name: v.name, label: state.label, value: fmt(v.value, 4), loss: fmt(v.loss, 4) })),
    el('p', { class: 'caption' }, `${t('lecture.backprop.torch')} `, el('code', { 'data-id': 'torch' }, v.torch)),
    el('div', { class: 'scroll' }, table([t('lecture.backprop.factor'), t('lecture.backprop.value')], v.factors.map((f) => [f.symbol, fmt(f.value, 5)]))),
    v.terms.length ? el('p', { class: 'why' }, t('lecture.backprop.terms', { j: state.j, terms: v.terms.map((x) => fmt(x, 3)).join(', ') })) : false,
    el('div', { class: 'equation' },
      `${t('lecture.backprop.chain')}: ${product} = `, el('b', { 'data-id': 'product' }, fmt(v.product, 6)), el('br'),
      `${t('lecture.backprop.backward')}: `, el('b', { 'data-id': 'backward' }, fmt(v.backward, 6)), el('br'),
      `${t('lecture.backprop.numeric', { epsilon: fmt(v.epsilon) })}: `, el('b', { 'data-id': 'numeric' }, fmt(v.numeric, 6))),
  ].filter(Boolean));
}

/** p as bars, the right label marked, and the one-hot y under them. */
export function drawOutputs(bars, target, state) {
  const v = state.result;
  const digits = v.probabilities.map((_, i) => String(i));
  barChart(bars, v.probabilities, { labels: digits, highlight: state.label, mark: ' ✓', height: 140 });
  target.replaceChildren(gridFigure(v.target, 1, 10, { cell: 32, color: (y) => css(gray(y)), text: (y) => String(y) }, t('lecture.backprop.oneHot', { label: state.label })));
}
