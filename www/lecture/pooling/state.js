// The pooling view's state, without the DOM: the feature map and the window (the core's
// example, then what the student sets) and the core's answer: max and average pooling by the
// network's own layers, the winners, shapes, parameters, and what pooling saves.

/** The core's example map (2 x 6 x 6 whole numbers 0 to 9) with a 2 x 2 window, stride 2. */
export function createState(core) {
  return { seed: 1, question: core.lecturePoolingExample(1), result: null, error: null };
}

/** Asks the core; keeps its answer, or its refusal in `error`. */
export function compute(core, state) {
  try {
    state.result = core.lecturePooling(state.question);
    state.error = null;
  } catch (err) {
    state.result = null;
    state.error = err;
  }
  return state;
}

/** Another example map from the core (the next seed); the window stays. */
export function nextMap(core, state) {
  state.seed += 1;
  state.question.map = core.lecturePoolingExample(state.seed).map;
}

/** Channel `k` of a `[channels, rows, cols]` block of values. */
export const channel = (values, k, rows, cols) => values.slice(k * rows * cols, (k + 1) * rows * cols);

/** The input positions that won a max window in channel `k`. */
export function winners(result, k) {
  const [, oh, ow] = result.outputShape;
  return new Set(channel(result.switches, k, oh, ow));
}
