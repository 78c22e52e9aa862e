// The convolution-step view's drawing: the input channels with the window, the two kernels,
// the output channels (click to explain a cell), the breakdown of the explained position, and
// what the stride and weight sharing mean here.
import { legend } from '../../lib/colors.js';
import { el } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { cellAt } from '../../lib/tiles.js';
import { fmt, gridFigure, signed, table } from '../view.js';
import { CHANNELS, inWindow, kernelOf, paddedChannel } from './state.js';

const TINT = ['#ffc9c9', '#b2f2bb', '#a5d8ff'];
const CELL = 32;
/** Kernel weights and outputs at full colour (the example's whole numbers stay within them). */
const KERNEL_SCALE = 1.5;
const OUTPUT_SCALE = 6;

/** The three input channels, padding in gray, the window in orange. */
export function drawInput(host, state) {
  const { question: q, step } = state;
  host.replaceChildren(...CHANNELS.map((name, c) => {
    const { values, rows, cols } = paddedChannel(q, c);
    const color = (v, i) => (inWindow(q, step, i, cols) ? (v === null ? '#ffe8cc' : '#ffd8a8') : v === null ? '#e9ecef' : TINT[c]);
    return gridFigure(values, rows, cols, { cell: CELL, color, text: (v) => (v === null ? '0' : fmt(v, 2)) }, t('lecture.convStep.channel', { name }));
  }));
}

/** The two kernels, one grid per input channel, and their biases. */
export function drawKernels(host, state) {
  const q = state.question;
  const k = q.kernel;
  host.replaceChildren(...[0, 1].flatMap((f) => CHANNELS.map((name, c) =>
    gridFigure(kernelOf(q, f, c), k, k, { cell: CELL, color: signed(KERNEL_SCALE), text: (v) => fmt(v, 2) }, t('lecture.convStep.kernelChannel', { f: f + 1, name })))),
  el('p', { class: 'caption' }, t('lecture.convStep.biases', { biases: q.bias.map((b) => fmt(b)).join(', ') })),
  legend('diverging', { min: -KERNEL_SCALE, max: KERNEL_SCALE, label: t('lecture.convStep.kernelScale') }));
}

/** The two output channels; `onPick(row, col)` when a cell is clicked. */
export function drawOutput(host, state, onPick) {
  const { question: q, step } = state;
  const [oh, ow] = [step.outputHeight, step.outputWidth];
  host.replaceChildren(...[0, 1].map((f) => {
    const figure = gridFigure(step.outputPost.slice(f * oh * ow, (f + 1) * oh * ow), oh, ow,
      { cell: 40, color: signed(OUTPUT_SCALE), text: (v) => fmt(v, 2), mark: (i) => i === q.row * ow + q.col }, t('lecture.convStep.outputChannel', { f: f + 1 }));
    const canvas = figure.querySelector('canvas');
    canvas.classList.add('pick');
    canvas.addEventListener('click', (event) => {
      const at = cellAt(canvas, event, ow, oh);
      if (at) onPick(...at);
    });
    return figure;
  }), el('p', { class: 'caption' }, t('lecture.convStep.outputCaption', { oh, ow })),
  legend('diverging', { min: -OUTPUT_SCALE, max: OUTPUT_SCALE, label: t('lecture.convStep.outputScale') }));
}

/** Each kernel at the explained position: products per channel, sums, bias, activation. */
export function drawBreakdown(host, state) {
  const { question: q, step } = state;
  const activation = q.activation === 'none' ? t('lecture.convStep.identity') : q.activation;
  host.replaceChildren(...step.filters.map((fs, f) => el('div', {},
    el('h3', {}, t('lecture.convStep.at', { f: f + 1, row: q.row + 1, col: q.col + 1 })),
    el('div', { class: 'scroll' }, table([t('lecture.convStep.channelHead'), t('lecture.convStep.products'), t('lecture.convStep.sum')],
      fs.channels.map((ch, c) => [CHANNELS[c], ch.products.map((_, i) => `${fmt(ch.window[i], 2)}·${ch.weights[i] < 0 ? `(${fmt(ch.weights[i], 2)})` : fmt(ch.weights[i], 2)}`).join(' + '), fmt(ch.sum, 4)]))),
    el('p', { class: 'equation' }, `${fs.channels.map((ch) => fmt(ch.sum, 4)).join(' + ')} = ${fmt(fs.total, 4)}`, el('br'),
      `${fmt(fs.total, 4)} + ${t('lecture.convStep.bias')} ${fmt(fs.bias, 4)} = ${fmt(fs.pre, 4)}`, el('br'),
      `${activation}(${fmt(fs.pre, 4)}) = `, el('b', {}, fmt(fs.post, 4))))));
}

/** The stride in words, and weight sharing counted for these two kernels. */
export function drawFacts(host, state) {
  const { question: q, sharing } = state;
  const p = sharing.parameters;
  const positions = sharing.output * sharing.output;
  host.replaceChildren(
    el('p', { class: 'note', 'data-id': 'stride' }, t(q.stride === 1 ? 'lecture.convStep.strideOne' : 'lecture.convStep.strideMore', { stride: q.stride })),
    el('p', { class: 'note', 'data-id': 'sharing' }, t('lecture.convStep.sharing', {
      kernel: q.kernel, shared: number(p.shared), positions: number(positions), unshared: number(p.unshared),
    })));
}
