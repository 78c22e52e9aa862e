// The activations view's state, without the DOM: the chosen activation, a real digit's feature
// map (the core's conv2d with an edge kernel) before and after it, two linear layers that are
// one, and the dead-ReLU experiment (trained in the digits worker). Every number is the core's.

/** The activations the core has, in its schema's order (the curves are keyed by these names). */
export const activationNames = (core) => core.describeSchema().activations;
/** Leaky ReLU's slope for negative inputs, in the curves and the feature map. */
export const SLOPE = 0.1;
/** The dead-ReLU network: 25 features -> 32 hidden ReLU units -> 10, SGD on 2000 digits. */
export const DEAD = { count: 2000, hidden: 32, batch: 16, seed: 1 };

export function createState() {
  return { activation: 'relu', digit: 0, feature: null, applied: null, lr: 3, steps: 300, dead: null, error: null };
}

/** Every activation's curve from -4 to 4. */
export const curves = (core) => core.lectureActivationCurves(-4, 4, 161, SLOPE);

/** Digit `index` of the page's digits through the edge kernel (the core's conv2d). */
export function loadFeature(core, state, bytes, index) {
  state.feature = core.lectureActivationFeatureMap(bytes, index);
  state.digit = index;
  applyActivation(core, state);
}

/** The feature map through the chosen activation (the core's activation layer). */
export function applyActivation(core, state) {
  if (state.feature) state.applied = Array.from(core.lectureActivationApply(state.activation, SLOPE, state.feature.map));
}

/** The dead-ReLU question for the worker. */
export function deadQuestion(state) {
  return { count: DEAD.count, question: { hidden: DEAD.hidden, lr: state.lr, steps: state.steps, batch: DEAD.batch, seed: DEAD.seed } };
}
