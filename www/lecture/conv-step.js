// Concept 3, one convolution step in numbers: an RGB input and two kernels of depth 3; pick an
// output position: each channel's products, their sum, plus bias, through the activation; the
// two outputs stacked as two channels. Numbers from the core's conv2d layer (lectureConvStep).
import { attempt, cellAt, diverging, el, field, fmt, frame, grid, numberInput, select, table } from './common.js';

const CHANNEL_NAMES = ['R', 'G', 'B'];
const CHANNEL_TINT = ['#ffc9c9', '#b2f2bb', '#a5d8ff'];

export function mount(root, { core }) {
  const { body, status } = frame(root, 'One convolution step',
    'Each kernel has the input’s depth (3: red, green, blue). At one position it multiplies its window with each channel, sums the 3 channels, adds its bias and applies the activation: one number. Two kernels give two numbers per position, stacked as the two channels of the output. Click an output cell to explain it.');
  let seed = 1;
  let q = core.lectureConvStepExample(seed);
  const inputs = el('div', { class: 'stages' });
  const kernels = el('div', { class: 'stages' });
  const outputs = el('div', { class: 'stages' });
  const breakdown = el('div', { class: 'scroll' });
  body.append(
    el('div', { class: 'panel wide' }, el('div', { class: 'controls' },
      field('activation', select(['relu', 'sigmoid', 'tanh', 'leaky_relu', 'none'].map((n) => [n, n]), q.activation, (v) => { q.activation = v; update(); }, 'activation')),
      field('stride', numberInput({ value: q.stride, min: 1, max: 4, label: 'stride', onchange: (v) => { q.stride = v; q.row = 0; q.col = 0; update(); } })),
      field('padding', numberInput({ value: q.padding, min: 0, max: 3, label: 'padding', onchange: (v) => { q.padding = v; q.row = 0; q.col = 0; update(); } })),
      el('button', { type: 'button', onclick: () => { const next = core.lectureConvStepExample(++seed); Object.assign(q, { input: next.input, weight: next.weight }); update(); } }, 'New numbers'))),
    el('div', { class: 'panel' }, el('h2', {}, `Input 3 x ${q.height} x ${q.width} (with padding)`), inputs),
    el('div', { class: 'panel' }, el('h2', {}, `Two kernels 3 x ${q.kernel} x ${q.kernel}`), kernels),
    el('div', { class: 'panel' }, el('h2', {}, 'Output: two channels'), outputs),
    el('div', { class: 'panel wide' }, breakdown));

  function update() {
    const s = attempt(status, () => core.lectureConvStep(q));
    if (!s) return;
    const p = q.padding, H = q.height + 2 * p, W = q.width + 2 * p, k = q.kernel;
    inputs.replaceChildren(...CHANNEL_NAMES.map((name, c) => {
      const values = [];
      for (let r = 0; r < H; r++) for (let col = 0; col < W; col++) {
        const [ir, ic] = [r - p, col - p];
        values.push(ir >= 0 && ic >= 0 && ir < q.height && ic < q.width ? q.input[c * q.height * q.width + ir * q.width + ic] : null);
      }
      const canvas = el('canvas', { 'aria-label': `input channel ${name}` });
      const inWindow = (i) => { const [r, col] = [Math.floor(i / W) - p, (i % W) - p]; return r >= s.top && r < s.top + k && col >= s.left && col < s.left + k; };
      grid(canvas, values, H, W, { cell: 24, color: (v, i) => (v === null ? (inWindow(i) ? '#ffe8cc' : '#e9ecef') : inWindow(i) ? '#ffd8a8' : CHANNEL_TINT[c]), text: (v) => (v === null ? '0' : fmt(v, 2)) });
      return el('figure', { class: 'stage' }, canvas, el('figcaption', {}, `${name}; gray: padding`));
    }));
    kernels.replaceChildren(...[0, 1].flatMap((f) => CHANNEL_NAMES.map((name, c) => {
      const canvas = el('canvas', { 'aria-label': `kernel ${f} channel ${name}` });
      grid(canvas, q.weight.slice((f * 3 + c) * k * k, (f * 3 + c + 1) * k * k), k, k, { cell: 24, color: (v) => diverging(v, 1.5), text: (v) => fmt(v, 2) });
      return el('figure', { class: 'stage' }, canvas, el('figcaption', {}, `kernel ${f}, ${name}`));
    })), el('p', { class: 'caption' }, `biases: ${q.bias.map((b) => fmt(b)).join(', ')}`));
    const [oh, ow] = [s.outputHeight, s.outputWidth];
    outputs.replaceChildren(...[0, 1].map((f) => {
      const canvas = el('canvas', { class: 'pick', 'aria-label': `output channel ${f}` });
      grid(canvas, s.outputPost.slice(f * oh * ow, (f + 1) * oh * ow), oh, ow, { cell: 34, color: (v) => diverging(v, 6), text: (v) => fmt(v, 2), mark: (i) => i === q.row * ow + q.col });
      canvas.addEventListener('click', (e) => { const at = cellAt(canvas, e, ow, oh); if (at) { [q.row, q.col] = at; update(); } });
      return el('figure', { class: 'stage' }, canvas, el('figcaption', {}, `channel ${f} (kernel ${f})`));
    }), el('p', { class: 'caption' }, `output ${oh} x ${ow} x 2; click a cell`));
    breakdown.replaceChildren(...s.filters.map((fs, f) => el('div', {},
      el('h2', {}, `Kernel ${f} at output (${q.row}, ${q.col})`),
      table(['channel', 'window · kernel (products)', 'sum'], fs.channels.map((ch, c) => [CHANNEL_NAMES[c],
        ch.products.map((prod, i) => `${fmt(ch.window[i], 2)}·${ch.weights[i] < 0 ? `(${fmt(ch.weights[i], 2)})` : fmt(ch.weights[i], 2)}`).join(' + '), fmt(ch.sum, 4)])),
      el('p', { class: 'equation' }, `${fs.channels.map((ch) => fmt(ch.sum, 4)).join(' + ')} = ${fmt(fs.total, 4)};  + bias ${fmt(fs.bias, 4)} = ${fmt(fs.pre, 4)};  ${q.activation}(${fmt(fs.pre, 4)}) = `, el('b', {}, fmt(fs.post, 4))))));
  }

  update();
}
