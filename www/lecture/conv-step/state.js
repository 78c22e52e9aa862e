// The convolution-step view's state, without the DOM: the core's example (an RGB input and two
// kernels of depth 3, the lecture's default stride 1), the output position to explain, and the
// core's answer: per channel the window, products and sum; plus bias; through the activation;
// the two output channels by the network's own conv2d layer; and the layer's parameters.

export const CHANNELS = ['R', 'G', 'B'];
export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leaky_relu', 'none'];

export function createState(core) {
  return { seed: 1, question: core.lectureConvStepExample(1), step: null, sharing: null, error: null };
}

/** Asks the core for the breakdown at the chosen position and the layer's parameter counts. */
export function compute(core, state) {
  const q = state.question;
  try {
    state.step = core.lectureConvStep(q);
    state.sharing = core.lectureConvArithmetic({ input: q.height, kernel: q.kernel, stride: q.stride, padding: q.padding, channels: 3, filters: 2 });
    state.error = null;
  } catch (err) {
    Object.assign(state, { step: null, sharing: null, error: err });
  }
  return state;
}

/** New whole numbers from the core's example (the next seed); stride, padding and activation stay. */
export function nextNumbers(core, state) {
  state.seed += 1;
  const next = core.lectureConvStepExample(state.seed);
  Object.assign(state.question, { input: next.input, weight: next.weight, bias: next.bias });
}

/** Channel `c` of the input with its zero padding: values, null where padding; `[rows, cols]`. */
export function paddedChannel(q, c) {
  const p = q.padding;
  const [rows, cols] = [q.height + 2 * p, q.width + 2 * p];
  const values = [];
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) {
      const [ir, ic] = [r - p, col - p];
      const inside = ir >= 0 && ic >= 0 && ir < q.height && ic < q.width;
      values.push(inside ? q.input[c * q.height * q.width + ir * q.width + ic] : null);
    }
  }
  return { values, rows, cols };
}

/** Whether padded cell `i` (of `cols` per row) lies in the window of the explained position. */
export function inWindow(q, step, i, cols) {
  const [r, c] = [Math.floor(i / cols) - q.padding, (i % cols) - q.padding];
  return r >= step.top && r < step.top + q.kernel && c >= step.left && c < step.left + q.kernel;
}

/** Kernel `f`'s weights on input channel `c` (`kernel x kernel`). */
export function kernelOf(q, f, c) {
  const k2 = q.kernel * q.kernel;
  return q.weight.slice((f * 3 + c) * k2, (f * 3 + c + 1) * k2);
}
