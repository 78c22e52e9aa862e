// The optimizers view's state, without the DOM: one parameter w on f(w) = a/2 (w − c)² with
// noisy gradients, the learning rate and every optimizer's hyperparameters (PyTorch's
// defaults to start), and the core's traces: each step's gradient, state and update by the
// very Optimizer that trains the networks, and the first step within 10% of the minimum.

/** The symbol each hyperparameter has in the core's update rules. */
const SYMBOLS = { momentum: 'μ', alpha: 'α', beta1: 'β1', beta2: 'β2', eps: 'ε' };

/**
 * The optimizers of the core's schema (`describeSchema()`): `types` in its order; `hyper[type]`,
 * each hyperparameter besides lr and weight_decay as `{field, value (PyTorch's default), min,
 * max, above, below}` (`above`/`below`: that end excluded); `formulas[type]`, its update rule
 * as parts: text, `{input: field}` (the hyperparameter, editable) at its symbol's first place,
 * `{value: field}` (its value again, following the input) at the later ones.
 */
export function optimizerTable(schema) {
  const table = { types: [], hyper: {}, formulas: {} };
  for (const o of schema.optimizers) {
    const hyper = o.fields.filter((f) => f.name !== 'lr' && f.name !== 'weight_decay').map((f) => ({
      field: f.name, value: f.default, min: f.min, max: f.max ?? Infinity, above: f.minExclusive, below: f.maxExclusive,
    }));
    table.types.push(o.type);
    table.hyper[o.type] = hyper;
    table.formulas[o.type] = formulaParts(o.update, hyper.map((h) => h.field));
  }
  return table;
}

/** `update` cut at the symbols of `fields` (the first place of each an input, the others its value); `^t` as ᵗ. */
export function formulaParts(update, fields) {
  const text = update.replaceAll('^t', 'ᵗ');
  const bySymbol = new Map(fields.map((field) => [SYMBOLS[field] ?? field, field]));
  if (bySymbol.size === 0) return [text];
  const pattern = new RegExp(`(${[...bySymbol.keys()].join('|')})`, 'u');
  const seen = new Set();
  return text.split(pattern).filter((part) => part !== '').map((part) => {
    const field = bySymbol.get(part);
    if (!field) return part;
    if (seen.has(field)) return { value: field };
    seen.add(field);
    return { input: field };
  });
}

/** Each optimizer's state in the table: [column title key, field of a step]. */
export const STATE_COLUMNS = {
  sgd: [],
  momentum: [['lecture.optimizers.velocity', 'first']],
  adagrad: [['lecture.optimizers.sumSquares', 'first']],
  rmsprop: [['lecture.optimizers.meanSquares', 'first']],
  adam: [['m', 'first'], ['v', 'second'], ['m̂', 'firstHat'], ['v̂', 'secondHat']],
};

/** The view's state for the optimizers of `table` (optimizerTable), each at PyTorch's defaults. */
export function createState(table) {
  const hyper = Object.fromEntries(table.types.map((type) => [type, Object.fromEntries(table.hyper[type].map(({ field, value }) => [field, value]))]));
  return { types: table.types, lr: 0.1, start: 4, curvature: 1, target: 0, noise: 1, steps: 60, seed: 1, hyper, chosen: 'adam', traces: null, error: null };
}

/** The optimizer spec of `type` with the view's learning rate and hyperparameters. */
export const optimizerSpec = (state, type) => ({ type, lr: state.lr, ...state.hyper[type] });

/** Every optimizer's trace from the core, or the core's refusal in `error`. */
export function compute(core, state) {
  const { start, steps, curvature, target, noise, seed } = state;
  try {
    state.traces = Object.fromEntries(state.types.map((type) => [type, core.lectureOptimizerTrace({ optimizer: optimizerSpec(state, type), start, steps, curvature, target, noise, seed })]));
    state.error = null;
  } catch (err) {
    state.traces = null;
    state.error = err;
  }
  return state;
}
