// The mini-batch view's drawing: the shuffled digits cut into batches (coloured by label, wrong
// labels crossed, with the legend), the angle to the full-batch gradient by batch size (a
// chart on a log axis and a table), and the first batch as the numbers the network reads.
import { css, gray } from '../../lib/colors.js';
import { el, fitCanvas } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { swatches, table, vector } from '../view.js';
import { ROWS, batchShown } from './state.js';

/** An angle for reading: one decimal, `0°` for the full batch's rounding error. */
const degrees = (v) => `${number(v, { maximumFractionDigits: 1 })}°`;

const labelColor = (l) => `hsl(${l * 36}, 65%, 62%)`;
const CELL = 22;

/** The first shuffled digits as cells of their label's colour, batch boundaries, wrong labels. */
export function drawStrip(canvas, legendHost, state) {
  const { first } = state.view;
  const show = batchShown(state);
  const { ctx } = fitCanvas(canvas, CELL, first.length * CELL);
  ctx.font = '13px ui-monospace, monospace';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  first.forEach(({ label, given }, i) => {
    ctx.fillStyle = labelColor(label);
    ctx.fillRect(i * CELL, 0, CELL, CELL);
    ctx.fillStyle = '#1d2433';
    ctx.fillText(label === given ? String(label) : `${label}✕`.slice(0, 2), i * CELL + CELL / 2, CELL / 2 + 1);
  });
  ctx.fillStyle = '#1d2433';
  for (let b = show; b < first.length; b += show) ctx.fillRect(b * CELL - 1.5, 0, 3, CELL);
  legendHost.replaceChildren(swatches([...Array.from({ length: 10 }, (_, l) => [labelColor(l), String(l)]),
    [css(gray(0.1)), t('lecture.minibatch.boundary', { batch: show })]], t('lecture.minibatch.stripLegend')),
  el('p', { class: 'caption' }, t('lecture.minibatch.wrongMark')));
}

/** Mean, smallest and largest angle for each batch size. */
export function drawAngles(chart, host, state) {
  const { sizes } = state.view;
  const xs = sizes.map((s) => s.batch);
  chart.update([{ xs, ys: sizes.map((s) => s.mean) }, { xs, ys: sizes.map((s) => s.min) }, { xs, ys: sizes.map((s) => s.max) }]);
  host.replaceChildren(el('div', { class: 'scroll' }, table(['B', t('lecture.minibatch.batches'), t('lecture.minibatch.mean'), t('lecture.minibatch.min'), t('lecture.minibatch.max')],
    sizes.map((s) => [String(s.batch), number(s.batches), degrees(s.mean), degrees(s.min), degrees(s.max)]), { 'data-id': 'angles' })));
}

/** The first batch's examples: digit, label (a wrong one marked) and its features. */
export function drawBatch(host, state) {
  const show = batchShown(state);
  const rows = state.view.first.slice(0, Math.min(show, ROWS));
  host.replaceChildren(
    el('p', { class: 'why' }, t('lecture.minibatch.batchWhy', { batch: show, shown: rows.length, features: rows[0].features.length })),
    el('div', { class: 'scroll' }, table([t('lecture.minibatch.digit'), t('lecture.minibatch.label'), 'x'],
      rows.map((r) => [`#${r.index}`, r.label === r.given ? String(r.label) : t('lecture.minibatch.wrong', { label: r.label, given: r.given }),
        el('span', { class: 'row-of-numbers', 'data-digit': r.index }, vector(r.features))]), { 'data-id': 'batch' })));
}

/** How many digits and wrong labels. */
export function drawSummary(host, state) {
  const v = state.view;
  host.textContent = t('lecture.minibatch.summary', { count: number(v.order.length), wrong: number(v.relabelled.length) });
}
