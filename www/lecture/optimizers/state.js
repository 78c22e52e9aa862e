// The optimizers view's state, without the DOM: one parameter w on f(w) = a/2 (w − c)² with
// noisy gradients, the learning rate and every optimizer's hyperparameters (PyTorch's
// defaults to start), and the core's traces: each step's gradient, state and update by the
// very Optimizer that trains the networks, and the first step within 10% of the minimum.

export const TYPES = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];

/** Each optimizer's hyperparameters: [field of the optimizer spec, symbol, PyTorch's default, range]. */
export const HYPER = {
  sgd: [],
  momentum: [['momentum', 'μ', 0.9, 'unit']],
  adagrad: [['eps', 'ε', 1e-10, 'eps']],
  rmsprop: [['alpha', 'α', 0.99, 'unit'], ['eps', 'ε', 1e-8, 'eps']],
  adam: [['beta1', 'β1', 0.9, 'unit'], ['beta2', 'β2', 0.999, 'unit'], ['eps', 'ε', 1e-8, 'eps']],
};

/** The allowed values: 'unit' in [0, 1), 'eps' in (0, 1]. */
export const RANGES = { unit: { min: 0, max: 1, below: true }, eps: { min: 0, max: 1, above: true } };

/**
 * Each optimizer's update as parts: text, `{input: field}` (an editable hyperparameter) or
 * `{value: field}` (its value again, following the input).
 */
export const FORMULAS = {
  sgd: ['w ← w − lr·g'],
  momentum: ['v ← ', { input: 'momentum' }, '·v + g;  w ← w − lr·v'],
  adagrad: ['s ← s + g²;  w ← w − lr·g / (√s + ', { input: 'eps' }, ')'],
  rmsprop: ['s ← ', { input: 'alpha' }, '·s + (1 − ', { value: 'alpha' }, ')·g²;  w ← w − lr·g / (√s + ', { input: 'eps' }, ')'],
  adam: ['m ← ', { input: 'beta1' }, '·m + (1 − ', { value: 'beta1' }, ')·g;  v ← ', { input: 'beta2' }, '·v + (1 − ', { value: 'beta2' }, ')·g²;  ',
    'm̂ = m / (1 − ', { value: 'beta1' }, 'ᵗ);  v̂ = v / (1 − ', { value: 'beta2' }, 'ᵗ);  w ← w − lr·m̂ / (√v̂ + ', { input: 'eps' }, ')'],
};

/** Each optimizer's state in the table: [column title key, field of a step]. */
export const STATE_COLUMNS = {
  sgd: [],
  momentum: [['lecture.optimizers.velocity', 'first']],
  adagrad: [['lecture.optimizers.sumSquares', 'first']],
  rmsprop: [['lecture.optimizers.meanSquares', 'first']],
  adam: [['m', 'first'], ['v', 'second'], ['m̂', 'firstHat'], ['v̂', 'secondHat']],
};

export function createState() {
  const hyper = Object.fromEntries(TYPES.map((type) => [type, Object.fromEntries(HYPER[type].map(([field, , value]) => [field, value]))]));
  return { lr: 0.1, start: 4, curvature: 1, target: 0, noise: 1, steps: 60, seed: 1, hyper, chosen: 'adam', traces: null, error: null };
}

/** The optimizer spec of `type` with the view's learning rate and hyperparameters. */
export const optimizerSpec = (state, type) => ({ type, lr: state.lr, ...state.hyper[type] });

/** Every optimizer's trace from the core, or the core's refusal in `error`. */
export function compute(core, state) {
  const { start, steps, curvature, target, noise, seed } = state;
  try {
    state.traces = Object.fromEntries(TYPES.map((type) => [type, core.lectureOptimizerTrace({ optimizer: optimizerSpec(state, type), start, steps, curvature, target, noise, seed })]));
    state.error = null;
  } catch (err) {
    state.traces = null;
    state.error = err;
  }
  return state;
}
