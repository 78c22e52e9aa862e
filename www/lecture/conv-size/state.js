// The convolution-arithmetic view's state, without the DOM: W, F, S, P (on both sides or only
// right and bottom), the channels C and kernels K of the parameter counts, the window shown,
// and the core's answer (output size, window starts, formula, same padding, weight sharing).

/** The view's first question: a 7 x 7 input, a 3 x 3 kernel, stride 2, padding 1, 8 kernels. */
export function createState() {
  return {
    question: { input: 7, kernel: 3, stride: 2, padding: 1, oneSided: false, channels: 1, filters: 8 },
    position: 0,
    geometry: null,
    error: null,
  };
}

/** Asks the core; keeps its answer, or its refusal in `error`; keeps the window inside. */
export function compute(core, state) {
  try {
    state.geometry = core.lectureConvArithmetic(state.question);
    state.error = null;
    state.position = Math.min(state.position, state.geometry.output ** 2 - 1);
  } catch (err) {
    state.geometry = null;
    state.error = err;
  }
  return state;
}

/** The window at output `position` (row by row): its top-left corner in padded coordinates. */
export function windowAt(geometry, position) {
  const [row, col] = [Math.floor(position / geometry.output), position % geometry.output];
  return { row, col, top: geometry.starts[row], left: geometry.starts[col] };
}

/** What a padded cell `(r, c)` is: 'input', 'padding' or 'uncovered' (no window reaches it). */
export function cellKind(geometry, input, r, c) {
  const n = geometry.padded;
  if (r >= n - geometry.uncovered || c >= n - geometry.uncovered) return 'uncovered';
  const before = geometry.padBefore;
  return r >= before && r < before + input && c >= before && c < before + input ? 'input' : 'padding';
}
