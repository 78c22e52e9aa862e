// The pooling view's drawing: each channel of the feature map with the max winners outlined,
// the max and average outputs, the colour scale's legend, and the facts (shapes, parameters,
// what pooling saves, how the windows meet).
import { legend, sequential, css } from '../../lib/colors.js';
import { el } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { fmt, gridFigure } from '../view.js';
import { channel, winners } from './state.js';

const SCALE = 9;
const color = (v) => css(sequential(v, 0, SCALE));

function map(values, rows, cols, caption, mark = null) {
  return gridFigure(values, rows, cols, { cell: 34, color, text: (v) => fmt(v, 2), mark }, caption);
}

/** The input channels, with each max window's winner outlined. */
export function drawInput(host, state) {
  const { question: q, result } = state;
  const [c, h, w] = result.inputShape;
  host.replaceChildren(...Array.from({ length: c }, (_, k) => {
    const won = winners(result, k);
    return map(channel(q.map, k, h, w), h, w, t('lecture.pooling.channel', { k }), (i) => won.has(i));
  }), legend('sequential', { min: 0, max: SCALE, label: t('lecture.pooling.scale') }));
}

/** Max and average pooling of each channel. */
export function drawOutput(host, state) {
  const { result } = state;
  const [c] = result.inputShape;
  const [, oh, ow] = result.outputShape;
  host.replaceChildren(...Array.from({ length: c }, (_, k) => [
    map(channel(result.max, k, oh, ow), oh, ow, t('lecture.pooling.maxOf', { k })),
    map(channel(result.avg, k, oh, ow), oh, ow, t('lecture.pooling.avgOf', { k })),
  ]).flat());
}

/** Shapes, parameters, the computation saved and how the windows meet. */
export function drawFacts(host, state) {
  const { question: q, result: p } = state;
  const [c, h] = p.inputShape;
  const [, oh] = p.outputShape;
  const exact = (h - q.size) % q.stride === 0;
  const rows = exact ? `(${h} − ${q.size}) / ${q.stride} + 1 = ${oh}` : `⌊(${h} − ${q.size}) / ${q.stride}⌋ + 1 = ${oh}`;
  const [before, after] = p.values;
  host.replaceChildren(
    el('p', { class: 'equation' }, t('lecture.pooling.shape', { input: p.inputShape.join(' × '), output: p.outputShape.join(' × '), depth: c, rows }), el('br'),
      t('lecture.pooling.parameters', { max: p.parameters[0], avg: p.parameters[1] })),
    el('p', { class: 'why' }, t('lecture.pooling.less', {
      before: number(before), after: number(after), ratio: fmt(before / after, 2),
      convBefore: number(p.nextConv[0]), convAfter: number(p.nextConv[1]),
    })),
    el('p', { class: 'why', 'data-id': 'windows' }, t(`lecture.pooling.windows.${p.windows}`)));
}
