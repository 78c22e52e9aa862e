// The activations view's drawing: the curves (a line chart), the digit and its feature map
// before and after the activation (with the colour scale's legend), the two linear layers
// that are one, and the dead-ReLU count with its strip, legend and loss curve.
import { SERIES, css, diverging, legend } from '../../lib/colors.js';
import { el } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { fmt, gridFigure, swatches, table } from '../view.js';
import { DEAD } from './state.js';

const MAP_SCALE = 2.25;

/** The curves of the activations `names` into a toolkit line chart. */
export function drawCurves(chart, c, names) {
  chart.update(names.map((n) => ({ xs: c.xs, ys: c[n] })));
}

/** The digit, the conv2d map before and after the activation, and what the kernel is. */
export function drawMap(host, caption, state) {
  const f = state.feature;
  caption.textContent = t('lecture.activations.mapCaption', {
    index: state.digit, label: f.label, size: f.stride, left: fmt(f.kernel[0]), right: fmt(f.kernel[3]), bias: fmt(f.bias),
  });
  const color = (v) => css(diverging(v, MAP_SCALE));
  const map = (values, text) => gridFigure(values, f.height, f.width, { cell: 48, color, text: (v) => fmt(v, 2) }, text);
  host.replaceChildren(
    gridFigure(f.image, f.size, f.size, { cell: 4 }, t('lecture.activations.digit'), t('lecture.activations.digit')),
    map(f.map, t('lecture.activations.before')),
    map(state.applied, t('lecture.activations.after', { activation: state.activation })),
    legend('diverging', { min: -MAP_SCALE, max: MAP_SCALE, label: t('lecture.activations.scale') }));
}

/** W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2), with the core's numbers. */
export function drawCollapse(host, l) {
  const matrix = (w, rows, cols) => Array.from({ length: rows }, (_, r) => w.slice(r * cols, (r + 1) * cols).map((v) => fmt(v, 3)).join('  ')).join('\n');
  const column = (b) => b.map((v) => fmt(v)).join('\n');
  host.replaceChildren(
    el('p', { class: 'why' }, t('lecture.activations.collapseWhy', { inputs: l.inputs, hidden: l.hidden, outputs: l.outputs })),
    el('div', { class: 'scroll' }, table(['', t('lecture.activations.weights'), t('lecture.activations.biases')], [
      [t('lecture.activations.layer1'), el('pre', {}, matrix(l.w1, l.hidden, l.inputs)), el('pre', {}, column(l.b1))],
      [t('lecture.activations.layer2'), el('pre', {}, matrix(l.w2, l.outputs, l.hidden)), el('pre', {}, column(l.b2))],
      [t('lecture.activations.oneLayer'), el('pre', {}, matrix(l.weight, l.outputs, l.inputs)), el('pre', {}, column(l.bias))]])),
    el('p', { class: 'equation' }, `x = (${l.x.join(', ')})`, el('br'),
      `${t('lecture.activations.twoLayers')}: (${l.twoLayers.map((v) => fmt(v, 4)).join(', ')})`, el('br'),
      `${t('lecture.activations.oneLayer')}: (${l.oneLayer.map((v) => fmt(v, 4)).join(', ')})`));
}

const fireColor = (f) => (f === 0 ? '#1d2433' : `hsl(140, 55%, ${85 - 45 * (f / DEAD.count)}%)`);

/** How many of the hidden units died, which ones (a strip with its legend), and the loss. */
export function drawDead(host, chart, r) {
  host.replaceChildren(
    el('p', { class: 'big', 'data-id': 'deadCount' }, t('lecture.activations.dead', { dead: r.deadAfter, hidden: DEAD.hidden, share: fmt(100 * r.share, 1) })),
    el('p', { class: 'caption' }, t('lecture.activations.deadBefore', { dead: r.deadBefore })),
    gridFigure(r.fires, 1, DEAD.hidden, { cell: 16, gap: 1, color: fireColor }, null, t('lecture.activations.strip')),
    swatches([[fireColor(0), t('lecture.activations.never')], [fireColor(DEAD.count * 0.1), t('lecture.activations.few', { count: number(DEAD.count * 0.1) })],
      [fireColor(DEAD.count), t('lecture.activations.every', { count: number(DEAD.count) })]], t('lecture.activations.strip')));
  chart.update([{ xs: r.losses.map((_, i) => i + 1), ys: r.losses }]);
}

/** The chart series of the curves of the activations `names`. */
export const curveSeries = (names) => names.map((n, i) => ({ label: n, color: SERIES[i] }));
