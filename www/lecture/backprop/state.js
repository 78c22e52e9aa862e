// The backprop view's state, without the DOM: which weight (in the lecture's notation: layer l,
// neuron j, input k, counted from 1; the lecture's example is w⁽²⁾₁₁), which training digit (its
// features from the digits worker: the same numbers the digits view shows), and the core's
// answer: chain-rule factors, their product, the backward pass and the numeric gradient.

/** Neurons and inputs of each layer of the network 25 -> 8 sigmoid -> 10. */
export const LAYERS = { 1: { neurons: 8, inputs: 25, name: '1' }, 2: { neurons: 10, inputs: 8, name: '3' } };

export function createState() {
  return { digit: 0, layer: 2, kind: 'weight', j: 1, k: 1, seed: 1, x: null, label: null, result: null, error: null };
}

/** The PyTorch parameter (`3.weight`), row and column of the chosen weight. */
export function parameter(state) {
  const layer = LAYERS[state.layer];
  return { param: `${layer.name}.${state.kind}`, row: state.j - 1, col: state.kind === 'weight' ? state.k - 1 : 0 };
}

/** The allowed j and k of the chosen layer. */
export const ranges = (state) => ({ j: [1, LAYERS[state.layer].neurons], k: [1, LAYERS[state.layer].inputs] });

/** Asks the core for the chosen weight's gradient on the digit's features. */
export function compute(core, state) {
  try {
    state.result = core.lectureBackprop({ features: Array.from(state.x), label: state.label, seed: state.seed, ...parameter(state) });
    state.error = null;
  } catch (err) {
    state.result = null;
    state.error = err;
  }
  return state;
}
