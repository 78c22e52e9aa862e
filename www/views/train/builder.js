// The network builder: add, remove, reorder and edit layers. Layer types, their fields, the
// values a new layer starts with and the allowed ranges are the core's schema
// (describeSchema().layers); every edit is checked at once by the core (describeNetwork),
// which gives each layer's output shape and parameter count, or the reason the network cannot
// work, shown beside the layer it names. The layers before that one keep their shapes.
//
//   const builder = createBuilder(host, { core, schema, spec, reference, onChange(spec | null, error), fits, inputKey });
//   builder.set(spec);   // shows another network, its input too (no onChange: the caller knows)
//
// `fits(spec)` (optional) checks a network the core accepts against the data it will train on:
// null, or {layer, message} (layer: the index the message is shown beside; Infinity: below all).
//   builder.relabel();   // after a language switch
import { el } from '../../lib/dom.js';
import { coreLayer, coreText, number, t } from '../../lib/i18n.js';
import { placeholder, readField, showValue, startValue } from './fields.js';

/** Builds the builder in `host`; see the top of this file. */
export function createBuilder(host, { core, schema, spec, reference, onChange, fits = () => null, inputKey = 'train.net.input' }) {
  const b = { core, schema, input: spec.input, loss: spec.loss, layers: structuredClone(spec.layers), errors: new Map(), typed: new Map(), onChange, fits, inputKey };
  b.list = el('ol', { class: 'layers', 'data-id': 'layers' });
  b.problem = el('p', { class: 'error-text', role: 'alert', 'data-id': 'net-error' });
  b.summary = el('p', { class: 'net-summary mono', 'data-id': 'net-summary' });
  b.inputLine = el('p', { class: 'net-input mono' });
  b.addType = el('select', { id: 'add-layer-type', onchange: () => choosePosition(b) });
  b.addAt = el('select', { id: 'add-layer-at' });
  b.addLabel = el('label', { for: 'add-layer-type' });
  b.atLabel = el('label', { for: 'add-layer-at' });
  b.addButton = el('button', { type: 'button', 'data-id': 'add-layer', onclick: () => addLayer(b) });
  b.referenceButton = el('button', { type: 'button', 'data-id': 'reference', onclick: () => { b.layers = structuredClone(reference.layers); render(b, true); } });
  host.append(b.inputLine, b.list, b.problem, b.summary,
    el('div', { class: 'add-layer' }, b.addLabel, b.addType, b.atLabel, b.addAt, b.addButton, b.referenceButton));
  relabel(b);
  return {
    spec: () => specOf(b),
    set(next) { b.input = next.input; b.layers = structuredClone(next.layers); b.typed.clear(); relabel(b); },
    relabel: () => relabel(b),
  };
}

const specOf = (b) => ({ input: b.input, layers: b.layers, loss: b.loss });
const typeRow = (b, type) => b.schema.layers.find((row) => row.type === type);

function relabel(b) {
  const [c, h, w] = b.input;
  b.inputLine.textContent = t(b.inputKey, { shape: `${c} x ${h} x ${w}` });
  b.addLabel.textContent = t('train.net.add');
  b.atLabel.textContent = t('train.net.at');
  b.addButton.textContent = t('train.net.addButton');
  b.referenceButton.textContent = t('train.net.reference');
  b.referenceButton.title = t('train.net.referenceTitle');
  const type = b.addType.value || 'conv2d';
  b.addType.replaceChildren(...b.schema.layers.map((row) => el('option', { value: row.type, title: t(`train.layerDoc.${row.type}`), selected: row.type === type }, row.type)));
  render(b, false);
}

/**
 * Redraws every row and checks the network; `changed` (an edit of the list): tell the view.
 * Otherwise (a language switch) what was typed stays, its message in the new language.
 */
function render(b, changed) {
  b.errors = new Map();
  if (changed) b.typed.clear();
  b.list.replaceChildren(...b.layers.map((layer, i) => row(b, layer, i)));
  check(b, changed);
}

function row(b, layer, i) {
  const type = el('select', { id: `layer-${i}-type`, 'aria-label': t('train.net.typeLabel', { i }), onchange: () => changeType(b, i, type.value) },
    b.schema.layers.map((r) => el('option', { value: r.type, title: t(`train.layerDoc.${r.type}`), selected: r.type === layer.type }, r.type)));
  const tool = (text, key, disabled, run) => el('button', { type: 'button', class: 'icon', disabled, 'aria-label': t(key, { i }), title: t(key, { i }), onclick: run }, text);
  const tools = el('span', { class: 'layer-tools' },
    tool('↑', 'train.net.up', i === 0, () => swap(b, i, i - 1)),
    tool('↓', 'train.net.down', i === b.layers.length - 1, () => swap(b, i, i + 1)),
    tool('✕', 'train.net.remove', b.layers.length === 1, () => { b.layers.splice(i, 1); render(b, true); }));
  const fields = el('div', { class: 'layer-fields' }, typeRow(b, layer.type).fields.map((field) => fieldInput(b, layer, i, field)));
  return el('li', { class: 'layer', 'data-index': i },
    el('div', { class: 'layer-head' }, el('span', { class: 'layer-index mono' }, String(i)), type, tools),
    fields, el('span', { class: 'layer-shape mono' }), el('p', { class: 'error-text layer-error' }));
}

/** One field of a layer: a checkbox for a bool, else a text field read by the schema. */
function fieldInput(b, layer, i, field) {
  const id = `layer-${i}-${field.name}`;
  const label = el('label', { for: id, title: t(`train.fieldDoc.${field.name}`) }, t(`train.field.${field.name}`));
  if (field.kind === 'bool') {
    const box = el('input', { type: 'checkbox', id, checked: layer[field.name] ?? field.default,
      onchange: () => { if (box.checked === field.default) delete layer[field.name]; else layer[field.name] = box.checked; check(b, true); } });
    return el('span', { class: 'field inline' }, box, label);
  }
  const key = `${i}.${field.name}`;
  const input = el('input', { type: 'text', inputmode: 'decimal', id, size: 4, value: b.typed.get(key) ?? showValue(layer[field.name]), placeholder: placeholder(field) });
  const read = () => {
    const result = readField(input.value, field, t(`train.field.${field.name}`));
    if (result.error) b.errors.set(key, t('train.error.layer', { i, type: layer.type, message: result.error }));
    else {
      b.errors.delete(key);
      if (result.value === undefined) delete layer[field.name]; else layer[field.name] = result.value;
    }
    input.setAttribute('aria-invalid', String(Boolean(result.error)));
  };
  input.addEventListener('input', () => { b.typed.set(key, input.value); read(); check(b, true); });
  read();
  return el('span', { class: 'field inline' }, label, input);
}

/** A new layer of `type` with the schema's starting values (required fields' examples). */
function newLayer(b, type, from = {}) {
  const layer = { type };
  for (const field of typeRow(b, type).fields) {
    const value = from[field.name] ?? startValue(field);
    if (value !== undefined) layer[field.name] = value;
  }
  return layer;
}

function changeType(b, i, type) {
  b.layers[i] = newLayer(b, type, b.layers[i]);
  render(b, true);
}

function swap(b, i, j) {
  [b.layers[i], b.layers[j]] = [b.layers[j], b.layers[i]];
  render(b, true);
}

function addLayer(b) {
  const at = Number(b.addAt.value);
  b.layers.splice(at, 0, newLayer(b, b.addType.value));
  render(b, true);
  b.list.children[at]?.querySelector('input[type="text"], select')?.focus();
}

/**
 * The add bar's positions, the one where a new layer of the chosen type fits selected: before
 * the output layer if the network still works there, else the latest position that works
 * (a conv2d goes before flatten), else before the output layer.
 */
function choosePosition(b) {
  const n = b.layers.length;
  const layer = newLayer(b, b.addType.value);
  const works = (at) => {
    try { b.core.describeNetwork({ ...specOf(b), layers: [...b.layers.slice(0, at), layer, ...b.layers.slice(at)] }); return true; } catch { return false; }
  };
  const order = [...Array(n).keys()].reverse().concat(n);
  const best = b.errors.size ? Math.max(0, n - 1) : order.find(works) ?? Math.max(0, n - 1);
  b.addAt.replaceChildren(...Array.from({ length: n + 1 }, (_, at) => el('option', { value: at, selected: at === best },
    at === n ? t('train.net.atEnd') : t('train.net.before', { i: at, type: b.layers[at].type }))));
}

/** Asks the core about the network; shows every layer's shape, or the reason and the shapes before it. */
function check(b, changed) {
  const rows = [...b.list.children];
  for (const li of rows) { li.classList.remove('invalid'); li.querySelector('.layer-error').textContent = ''; }
  b.problem.textContent = '';
  b.summary.textContent = '';
  let error = b.errors.size ? [...b.errors.values()][0] : null;
  let at = Infinity;   // the layer the core's reason names (Infinity: none)
  let info = [];
  if (!error) {
    try { info = b.core.describeNetwork(specOf(b)); } catch (err) { error = coreText(err); at = coreLayer(err) ?? Infinity; }
  }
  const misfit = error ? null : b.fits(specOf(b));
  if (misfit) {
    error = misfit.message;
    show(b, misfit.layer, error);
  } else if (error) {
    for (const [key, message] of b.errors) show(b, Number(key.split('.')[0]), message);
    if (!b.errors.size) show(b, at, error);
    info = validBefore(b, b.errors.size ? Math.min(...[...b.errors.keys()].map((k) => Number(k.split('.')[0]))) : at);
  } else {
    const total = info.reduce((s, l) => s + l.parameters, 0);
    b.summary.textContent = t('train.net.summary', { layers: info.length, params: number(total) });
  }
  rows.forEach((li, i) => { li.querySelector('.layer-shape').textContent = shapeText(info[i]); });
  choosePosition(b);
  if (changed) b.onChange(error ? null : structuredClone(specOf(b)), error);
}

/**
 * The shapes of the layers before `index` (all of them for Infinity), by the core: the
 * network cut there, with a flatten after it so that the loss accepts it, is described.
 */
function validBefore(b, index) {
  const layers = b.layers.slice(0, Math.min(index, b.layers.length));
  if (!layers.length) return [];
  try { return b.core.describeNetwork({ ...specOf(b), layers: [...layers, { type: 'flatten' }] }).slice(0, layers.length); } catch { return []; }
}

function show(b, i, message) {
  const li = b.list.children[i];
  if (!li) { b.problem.textContent = message; return; }
  li.classList.add('invalid');
  li.querySelector('.layer-error').textContent = message;
}

/** "→ 8 x 28 x 28 · 208 parameters", "→ 10", or "→ ?" for a layer after the problem. */
function shapeText(layer) {
  if (!layer) return t('train.net.unknownShape');
  const out = layer.outputShape;
  const shape = 'features' in out ? number(out.features) : `${out.channels} x ${out.height} x ${out.width}`;
  return layer.parameters ? t('train.net.shapeParams', { shape, params: number(layer.parameters) }) : t('train.net.shape', { shape });
}
