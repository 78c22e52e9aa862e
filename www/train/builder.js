// The network builder: a list of layers to add, remove, reorder and edit. Every edit is checked
// at once by the core (`describeNetwork`), which gives each layer's output shape and parameter
// count, or the reason the network cannot work; that message is shown beside the layer it
// names, and `onChange(spec | null, error)` tells the view whether training can go on.

import { REFERENCE_NETWORK } from '../lib/reference-network.js';

/** Each layer type's number fields: [name, label, min, default]. */
const FIELDS = {
  conv2d: [['filters', 'filters', 1, 8], ['kernel', 'kernel', 1, 3], ['stride', 'stride', 1, 1], ['padding', 'padding', 0, 0]],
  maxpool: [['size', 'size', 1, 2], ['stride', 'stride', 1, null]],
  avgpool: [['size', 'size', 1, 2], ['stride', 'stride', 1, null]],
  dense: [['units', 'units', 1, 10]],
  leaky_relu: [['slope', 'slope', 0, 0.01]],
  relu: [], sigmoid: [], tanh: [], flatten: [],
};
const MAX_SIZE = 100000;

/** A field's value as a number, or a message naming the field and the allowed range. */
export function readNumber(text, { name, min, max, integer = true, optional = false }) {
  const trimmed = String(text).trim();
  if (trimmed === '' && optional) return { value: undefined };
  const value = Number(trimmed);
  const kind = integer ? 'a whole number' : 'a number';
  if (trimmed === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    return { error: `${name} must be ${kind} from ${min} to ${max}${trimmed === '' ? '' : `, not "${trimmed}"`}` };
  }
  return { value };
}

export function createBuilder(root, core, onChange) {
  let layers = structuredClone(REFERENCE_NETWORK.layers);
  let fieldErrors = new Map();   // "i.field" -> message
  const list = el('ol', 'layers');
  const add = el('div', 'add-layer');
  const typeSelect = el('select');
  typeSelect.id = 'add-layer-type';
  typeSelect.append(...Object.keys(FIELDS).map((t) => new Option(t, t)));
  const addLabel = el('label', '', 'Add layer'); addLabel.htmlFor = typeSelect.id;
  const addButton = el('button', '', 'Add'); addButton.type = 'button';
  const resetButton = el('button', '', 'Reference network'); resetButton.type = 'button';
  resetButton.title = 'Start again from the reference network of the lecture';
  const summary = el('p', 'net-summary mono');
  const globalError = el('p', 'error-text'); globalError.setAttribute('role', 'alert');
  add.append(addLabel, typeSelect, addButton, resetButton);
  root.append(el('p', 'net-input mono', 'input 1 x 28 x 28 (a digit)'), list, globalError, summary, add);

  addButton.onclick = () => {
    const type = typeSelect.value;
    const layer = { type };
    for (const [f, , , d] of FIELDS[type]) if (d !== null) layer[f] = d;
    layers.splice(Math.max(0, layers.length - 1), 0, layer);   // before the output layer
    render();
  };
  resetButton.onclick = () => { layers = structuredClone(REFERENCE_NETWORK.layers); render(); };

  function spec() {
    return { input: REFERENCE_NETWORK.input, layers, loss: REFERENCE_NETWORK.loss };
  }

  function render() {
    fieldErrors = new Map();
    list.replaceChildren(...layers.map((layer, i) => row(layer, i)));
    check();
  }

  function row(layer, i) {
    const li = el('li', 'layer');
    li.dataset.index = i;
    const head = el('div', 'layer-head');
    const type = el('select');
    type.id = `layer-${i}-type`;
    type.setAttribute('aria-label', `layer ${i} type`);
    type.append(...Object.keys(FIELDS).map((t) => new Option(t, t, false, t === layer.type)));
    type.onchange = () => {
      const next = { type: type.value };
      for (const [f, , , d] of FIELDS[type.value]) if (d !== null) next[f] = layer[f] ?? d;
      layers[i] = next;
      render();
    };
    const index = el('span', 'layer-index mono', String(i));
    const shape = el('span', 'layer-shape mono');
    const tools = el('span', 'layer-tools');
    tools.append(
      button('↑', `move layer ${i} up`, i === 0, () => swap(i, i - 1)),
      button('↓', `move layer ${i} down`, i === layers.length - 1, () => swap(i, i + 1)),
      button('✕', `remove layer ${i}`, layers.length === 1, () => { layers.splice(i, 1); render(); }),
    );
    head.append(index, type, tools);
    const fields = el('div', 'layer-fields');
    for (const [name, label, min] of FIELDS[layer.type]) fields.append(numberField(layer, i, name, label, min));
    const error = el('p', 'error-text layer-error');
    li.append(head, fields, shape, error);
    return li;
  }

  function numberField(layer, i, name, label, min) {
    const wrap = el('span', 'field inline');
    const input = el('input');
    input.type = 'text'; input.inputMode = 'decimal'; input.id = `layer-${i}-${name}`;
    input.value = layer[name] ?? '';
    input.size = 4;
    const optional = name === 'stride' || name === 'padding';
    if (optional) input.placeholder = name === 'padding' ? '0' : layer.type === 'conv2d' ? '1' : '= size';
    const l = el('label', '', label); l.htmlFor = input.id;
    const isFloat = name === 'slope';
    input.oninput = () => {
      const read = readNumber(input.value, { name: `layer ${i} (${layer.type}): ${label}`, min, max: isFloat ? 1 : MAX_SIZE, integer: !isFloat, optional });
      const key = `${i}.${name}`;
      if (read.error) {
        fieldErrors.set(key, read.error);
      } else {
        fieldErrors.delete(key);
        if (read.value === undefined) delete layer[name]; else layer[name] = read.value;
      }
      input.setAttribute('aria-invalid', String(Boolean(read.error)));
      check();
    };
    wrap.append(l, input);
    return wrap;
  }

  function swap(a, b) {
    [layers[a], layers[b]] = [layers[b], layers[a]];
    render();
  }

  /** Asks the core about the whole network; shows shapes or the reason beside its layer. */
  function check() {
    const rows = [...list.children];
    rows.forEach((li) => { li.querySelector('.layer-error').textContent = ''; li.classList.remove('invalid'); });
    globalError.textContent = '';
    if (fieldErrors.size) {
      for (const [key, message] of fieldErrors) show(Number(key.split('.')[0]), message);
      summary.textContent = '';
      onChange(null, [...fieldErrors.values()][0]);
      return;
    }
    try {
      const info = core.describeNetwork(spec());
      info.forEach((layer, i) => {
        const shape = rows[i].querySelector('.layer-shape');
        const out = layer.outputShape;
        shape.textContent = `→ ${'features' in out ? out.features : `${out.channels} x ${out.height} x ${out.width}`}${layer.parameters ? ` · ${layer.parameters.toLocaleString('en')} params` : ''}`;
      });
      const total = info.reduce((s, l) => s + l.parameters, 0);
      summary.textContent = `${info.length} layers, ${total.toLocaleString('en')} parameters`;
      onChange(spec(), null);
    } catch (err) {
      const match = /^layer (\d+)/.exec(err.message);
      if (match && rows[Number(match[1])]) show(Number(match[1]), err.message); else globalError.textContent = err.message;
      rows.forEach((li) => { li.querySelector('.layer-shape').textContent = ''; });
      summary.textContent = '';
      onChange(null, err.message);
    }
  }

  function show(i, message) {
    const li = list.children[i];
    if (!li) { globalError.textContent = message; return; }
    li.classList.add('invalid');
    li.querySelector('.layer-error').textContent = message;
  }

  render();
  return { spec, setLayers(next) { layers = structuredClone(next); render(); } };
}

function button(text, label, disabled, onclick) {
  const b = el('button', 'icon', text);
  b.type = 'button'; b.disabled = disabled; b.onclick = onclick;
  b.setAttribute('aria-label', label); b.title = label;
  return b;
}

export function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}
