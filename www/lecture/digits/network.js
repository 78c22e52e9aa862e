// The digits view's network: what a fully connected layer is (a small layer drawn with its
// numbers, from the core), the digit network's layers and parameters, and its answer for the
// shown digit (probabilities as bars) beside the one-hot target.
import { barChart } from '../../lib/chart.js';
import { INK, css, diverging, gray } from '../../lib/colors.js';
import { el, fitCanvas } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { fmt, gridFigure, table } from '../view.js';

const sub = (n) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);

/** Inputs on the left, neurons on the right, a line per weight (colour: sign, width: size). */
function layerDiagram(d) {
  const canvas = el('canvas', { class: 'number-grid', 'data-text-px': 13, 'aria-label': t('lecture.digits.layerLabel', { inputs: d.inputs, neurons: d.neurons }) });
  const [width, height] = [300, 190];
  const { ctx } = fitCanvas(canvas, height, width);
  const at = (count, i) => 30 + (i + 0.5) * ((height - 40) / count);
  ctx.font = '13px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  for (let j = 0; j < d.neurons; j++) {
    for (let k = 0; k < d.inputs; k++) {
      const w = d.weight[j * d.inputs + k];
      ctx.strokeStyle = css(diverging(w, 1));
      ctx.lineWidth = 1 + 3 * Math.min(1, Math.abs(w));
      ctx.beginPath(); ctx.moveTo(70, at(d.inputs, k)); ctx.lineTo(210, at(d.neurons, j)); ctx.stroke();
    }
  }
  const node = (x, y, text, align) => {
    ctx.fillStyle = '#fff'; ctx.strokeStyle = INK.frame; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(x, y, 13, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    ctx.fillStyle = INK.text; ctx.textAlign = align; ctx.fillText(text, align === 'right' ? x - 18 : x + 18, y);
  };
  d.x.forEach((x, k) => node(70, at(d.inputs, k), `x${sub(k + 1)}=${fmt(x)}`, 'right'));
  d.output.forEach((y, j) => node(210, at(d.neurons, j), `y${sub(j + 1)}=${fmt(y, 2)}`, 'left'));
  ctx.fillStyle = INK.muted; ctx.textAlign = 'center';
  ctx.fillText(t('lecture.digits.inputs'), 40, 12);
  ctx.fillText(t('lecture.digits.neurons'), 230, 12);
  return canvas;
}

/** The small layer, neuron 1's sum written out, and the digit network's layers. */
export function drawLayer(host, d, layers) {
  const signed = (w) => (w < 0 ? `(${fmt(w)})` : fmt(w));
  const sum = d.x.map((x, k) => `${signed(d.weight[k])}·${fmt(x)}`).join(' + ');
  host.replaceChildren(
    el('p', { class: 'why' }, t('lecture.digits.layerWhy')),
    el('div', { class: 'scroll' }, layerDiagram(d)),
    el('p', { class: 'equation' }, `y₁ = ${sum} + ${signed(d.bias[0])} = `, el('b', {}, fmt(d.output[0], 3)), el('br'),
      t('lecture.digits.layerCount', { inputs: d.inputs, neurons: d.neurons, parameters: d.parameters })),
    el('h3', {}, t('lecture.digits.networkLayers')),
    el('div', { class: 'scroll' }, table([t('lecture.digits.layerHead'), t('lecture.digits.shapeHead'), t('lecture.digits.parametersHead')],
      layers.map((l) => [layerName(l.type), `${shape(l.inputShape)} → ${shape(l.outputShape)}`, number(l.parameters)]), { 'data-id': 'layers' })));
}

/** A layer type in the lecture's words. */
const layerName = (type) => ({ flatten: t('lecture.term.flatten'), dense: t('lecture.term.fullyConnected'), relu: 'ReLU' })[type] ?? type;

const shape = (s) => ('features' in s ? String(s.features) : `${s.channels}×${s.height}×${s.width}`);

/** The network's ten probabilities as bars, and the one-hot target of `label` (null: none). */
export function drawAnswer(bars, targetHost, probabilities, label) {
  const p = Array.from(probabilities);
  const best = p.indexOf(Math.max(...p));
  barChart(bars, p, { labels: p.map((_, i) => String(i)), highlight: best, mark: ' ◆', height: 150 });
  targetHost.replaceChildren(label === null ? el('p', { class: 'caption' }, t('lecture.digits.noTarget'))
    : gridFigure(p.map((_, i) => (i === label ? 1 : 0)), 1, 10, { cell: 32, color: (y) => css(gray(y)), text: (y) => String(y) }, t('lecture.digits.oneHot', { label })));
  return { best, share: p[best] };
}
