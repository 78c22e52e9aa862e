// The convolution-arithmetic view's drawing: the formula with its numbers and what it means,
// the padded input with every window position and the chosen one, the output grid, and the
// parameter counts with and without weight sharing.
import { INK } from '../../lib/colors.js';
import { el, fitCanvas } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { swatches, table } from '../view.js';
import { cellKind, windowAt } from './state.js';

const FILL = { input: '#ffffff', padding: '#ced4da', uncovered: '#ffc9c9' };
const WINDOW = '#e8590c';

/** The formula, the positions, whether S divides the numerator, and the padding that keeps the size. */
export function drawFormula(host, state) {
  const { geometry: g, question: q } = state;
  const divides = g.exact ? 'lecture.convSize.exact' : 'lecture.convSize.uncovered';
  host.replaceChildren(
    el('div', { class: 'equation', 'data-id': 'formula' }, `${t('lecture.convSize.output')} = ${g.formula}`, el('br'),
      t('lecture.convSize.positions', { output: g.output, count: number(g.output * g.output) })),
    el('p', { class: 'note', 'data-id': 'divides' }, t(divides, { stride: q.stride, symbolic: g.symbolic, numerator: g.numerator, uncovered: g.uncovered })),
    el('p', { class: 'note', 'data-id': 'sameNote' }, sameText(g, q)));
}

function sameText(g, q) {
  if (g.keepsSize) return t('lecture.convSize.keeps', { input: q.input });
  if (g.samePadding === null) return t('lecture.convSize.even', { kernel: q.kernel });
  return t(q.stride === 1 ? 'lecture.convSize.same' : 'lecture.convSize.sameStride', { padding: g.samePadding, kernel: q.kernel });
}

/** The padded input, every window start faintly, the chosen window in orange. */
export function drawInput(canvas, state) {
  const { geometry: g, question: q } = state;
  const n = g.padded;
  const cell = Math.max(6, Math.min(30, Math.floor(300 / n)));
  const { ctx } = fitCanvas(canvas, n * cell, n * cell);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      ctx.fillStyle = FILL[cellKind(g, q.input, r, c)];
      ctx.fillRect(c * cell, r * cell, cell, cell);
      ctx.strokeStyle = INK.line;
      ctx.strokeRect(c * cell + 0.5, r * cell + 0.5, cell - 1, cell - 1);
    }
  }
  const side = q.kernel * cell;
  ctx.strokeStyle = 'rgba(59, 91, 219, .4)';
  ctx.lineWidth = 1;
  for (const s of g.starts) {
    ctx.strokeRect(s * cell + 1.5, 1.5, side - 3, side - 3);
    ctx.strokeRect(1.5, s * cell + 1.5, side - 3, side - 3);
  }
  const w = windowAt(g, state.position);
  ctx.strokeStyle = WINDOW;
  ctx.lineWidth = 3;
  ctx.strokeRect(w.left * cell + 1.5, w.top * cell + 1.5, side - 3, side - 3);
}

/** The output: one cell per window position, the chosen one in orange. */
export function drawOutput(canvas, state) {
  const o = state.geometry.output;
  const cell = Math.max(6, Math.min(30, Math.floor(240 / o)));
  const { ctx } = fitCanvas(canvas, o * cell, o * cell);
  for (let i = 0; i < o * o; i++) {
    ctx.fillStyle = i === state.position ? WINDOW : '#d0ebff';
    ctx.fillRect((i % o) * cell + 1, Math.floor(i / o) * cell + 1, cell - 2, cell - 2);
  }
}

/** The legend of the input's colours. */
export const inputLegend = () => swatches([
  [FILL.input, t('lecture.convSize.legendInput')], [FILL.padding, t('lecture.convSize.legendPadding')],
  [WINDOW, t('lecture.convSize.legendWindow')], [FILL.uncovered, t('lecture.convSize.legendUncovered')],
]);

/** Parameters with weight sharing, without it, and for a fully connected layer. */
export function drawSharing(host, state) {
  const { geometry: g, question: q } = state;
  const o = g.output;
  const per = `${q.filters} · (${q.kernel}² · ${q.channels} + 1)`;
  const rows = [
    [t('lecture.convSize.shared'), `K (F² C + 1) = ${per}`, number(g.parameters.shared)],
    [t('lecture.convSize.unshared'), `O² K (F² C + 1) = ${o}² · ${per}`, number(g.parameters.unshared)],
    [t('lecture.convSize.dense'), `(C W² + 1) K O² = (${q.channels} · ${q.input}² + 1) · ${q.filters} · ${o}²`, number(g.parameters.dense)],
  ];
  host.replaceChildren(el('div', { class: 'scroll' }, table([t('lecture.convSize.layer'), t('lecture.convSize.formulaHead'), t('lecture.convSize.parameters')], rows, { 'data-id': 'sharing' })),
    el('p', { class: 'why' }, t('lecture.convSize.sharingSaves', { times: number(o * o) })));
}
