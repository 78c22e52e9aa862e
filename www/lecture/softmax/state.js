// The softmax view's state, without the DOM: the outputs (logits) a student edits, the right
// label, and the core's answer: probabilities, cross-entropy and its gradient, and the sigmoid
// + binary cross-entropy variant, all by the losses the networks train with.

export const MIN_OUTPUTS = 2;
export const MAX_OUTPUTS = 10;

export function createState() {
  return { logits: [2, 1, 0.1, -1], label: 0, view: null, error: null };
}

/** Asks the core; keeps its answer, or its refusal in `error`. */
export function compute(core, state) {
  try {
    state.view = core.lectureSoftmax(state.logits, state.label);
    state.error = null;
  } catch (err) {
    state.view = null;
    state.error = err;
  }
  return state;
}

/** One more output (a logit of 0), up to ten. */
export function addOutput(state) {
  if (state.logits.length < MAX_OUTPUTS) state.logits.push(0);
}

/** One output fewer, at least two; the label stays among them. */
export function removeOutput(state) {
  if (state.logits.length > MIN_OUTPUTS) state.logits.pop();
  state.label = Math.min(state.label, state.logits.length - 1);
}

/** The one-hot target of the label: 1 at the label, 0 elsewhere (the core's binary targets). */
export const oneHot = (state) => state.logits.map((_, i) => (i === state.label ? 1 : 0));
