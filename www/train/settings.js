// Training settings: optimizer and its hyperparameters, batch size, seed. Each field is checked
// as you type (a message names the field and its allowed range), then the whole optimizer is
// checked by the core (`checkOptimizer`). `onChange(settings | null, error)`.
import { el, readNumber } from './builder.js';

const OPTIMIZERS = {
  sgd: { lr: 0.01 },
  momentum: { lr: 0.01, momentum: 0.9 },
  adagrad: { lr: 0.01 },
  rmsprop: { lr: 0.001, alpha: 0.99 },
  adam: { lr: 0.001, beta1: 0.9, beta2: 0.999 },
};

/** Field name -> [label, min, max, integer, title]. */
const RANGES = {
  lr: ['learning rate', 1e-8, 1e8, false, 'step size: how far each update moves the weights'],
  momentum: ['momentum', 0, 0.999, false, 'share of the previous velocity kept'],
  alpha: ['alpha', 0, 0.999, false, 'decay of the running mean of squared gradients'],
  beta1: ['beta1', 0, 0.999, false, 'decay of the mean of gradients'],
  beta2: ['beta2', 0, 0.9999, false, 'decay of the mean of squared gradients'],
  batch: ['batch size', 1, 4096, true, 'examples per step'],
  seed: ['seed', 0, 4294967295, true, 'fixes the initial weights and the batch order'],
};

export function createSettings(root, core, onChange) {
  const state = { type: 'adam', values: { ...OPTIMIZERS.adam }, batch: 32, seed: 42 };
  const errors = new Map();
  const type = el('select'); type.id = 'opt-type';
  type.append(...Object.keys(OPTIMIZERS).map((t) => new Option(t, t, false, t === state.type)));
  const fields = el('div', 'settings-fields');
  const message = el('p', 'error-text'); message.setAttribute('role', 'alert');
  const typeField = el('span', 'field');
  const typeLabel = el('label', '', 'optimizer'); typeLabel.htmlFor = type.id;
  typeField.append(typeLabel, type);
  root.append(fields, message);

  type.onchange = () => {
    state.type = type.value;
    state.values = { ...OPTIMIZERS[state.type] };
    render();
  };

  function render() {
    for (const key of [...errors.keys()]) if (!(key in state.values) && key !== 'batch' && key !== 'seed') errors.delete(key);
    fields.replaceChildren(typeField, ...Object.keys(state.values).map((k) => field(k, state.values[k], (v) => { state.values[k] = v; })),
      field('batch', state.batch, (v) => { state.batch = v; }), field('seed', state.seed, (v) => { state.seed = v; }));
    check();
  }

  function field(key, value, set) {
    const [label, min, max, integer, title] = RANGES[key];
    const wrap = el('span', 'field');
    const input = el('input'); input.type = 'text'; input.inputMode = 'decimal'; input.id = `opt-${key}`;
    input.value = String(value); input.title = title;
    const l = el('label', '', label); l.htmlFor = input.id;
    input.oninput = () => {
      const read = readNumber(input.value, { name: label, min, max, integer });
      input.setAttribute('aria-invalid', String(Boolean(read.error)));
      if (read.error) errors.set(key, read.error); else { errors.delete(key); set(read.value); }
      check();
    };
    wrap.append(l, input);
    return wrap;
  }

  function current() {
    return { optimizer: { type: state.type, ...state.values }, batch: state.batch, seed: state.seed };
  }

  function check() {
    if (errors.size) {
      message.textContent = [...errors.values()].join('; ');
      onChange(null, message.textContent);
      return;
    }
    try {
      core.checkOptimizer(current().optimizer);
      message.textContent = '';
      onChange(current(), null);
    } catch (err) {
      message.textContent = err.message;
      onChange(null, err.message);
    }
  }

  render();
  return {
    current,
    set({ optimizer, batch, seed }) {
      if (optimizer) { state.type = optimizer.type; const { type: _t, ...rest } = optimizer; state.values = { ...OPTIMIZERS[optimizer.type], ...rest }; type.value = state.type; }
      if (batch) state.batch = batch;
      if (seed !== undefined) state.seed = seed;
      render();
    },
  };
}
