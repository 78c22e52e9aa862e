// The training settings: the optimizer with its hyperparameters, the batch size and the seed.
// The optimizer types, their fields, defaults, starting learning rates and ranges are the
// core's schema (describeSchema().optimizers); batch and seed take their ranges from the link's
// keys (describeSchema().link.keys). Each field is checked as it is typed, then the whole
// optimizer by the core (checkOptimizer).
//
//   const settings = createSettings(host, { core, schema, value: {optimizer, batch, seed}, onChange(value | null, error) });
//   settings.set(value);   // shows other settings (no onChange)
//   settings.relabel();    // after a language switch
import { el } from '../../lib/dom.js';
import { coreText, t } from '../../lib/i18n.js';
import { readField, showValue, startValue } from './fields.js';

/** Builds the settings in `host`; see the top of this file. */
export function createSettings(host, { core, schema, value, onChange }) {
  const s = { core, schema, onChange, value: structuredClone(value), errors: new Map(), typed: new Map() };
  s.type = el('select', { id: 'opt-type', onchange: () => changeType(s, s.type.value) });
  s.typeLabel = el('label', { for: 'opt-type' });
  s.fields = el('div', { class: 'settings-fields' });
  s.message = el('p', { class: 'error-text', role: 'alert', 'data-id': 'settings-error' });
  host.append(s.fields, s.message);
  relabel(s);
  return {
    current: () => structuredClone(s.value),
    set(next) { s.value = structuredClone(next); s.errors.clear(); s.typed.clear(); relabel(s); },
    relabel: () => relabel(s),
  };
}

const optimizerRow = (s, type) => s.schema.optimizers.find((o) => o.type === type);
/** The link key `name` as a field: its whole-number range. */
const keyField = (s, name) => ({ kind: 'int', required: true, ...s.schema.link.keys.find((k) => k.name === name) });

function relabel(s) {
  s.typeLabel.textContent = t('train.settings.type');
  s.type.replaceChildren(...s.schema.optimizers.map((o) => el('option', { value: o.type, title: t(`train.optimizerDoc.${o.type}`), selected: o.type === s.value.optimizer.type }, o.type)));
  const { optimizer } = s.value;
  const inputs = optimizerRow(s, optimizer.type).fields.map((field) => input(s, field, `opt-${field.name}`, t(`train.opt.${field.name}`), t(`train.optDoc.${field.name}`),
    optimizer[field.name], (v) => { if (v === undefined) delete optimizer[field.name]; else optimizer[field.name] = v; }));
  s.fields.replaceChildren(el('span', { class: 'field' }, s.typeLabel, s.type), ...inputs,
    input(s, keyField(s, 'batch'), 'opt-batch', t('train.settings.batch'), t('train.settings.batchDoc'), s.value.batch, (v) => { s.value.batch = v; }),
    input(s, keyField(s, 'seed'), 'opt-seed', t('train.settings.seed'), t('train.settings.seedDoc'), s.value.seed, (v) => { s.value.seed = v; }));
  check(s, false);
}

/** A changed optimizer type starts from that type's own learning rate and defaults. */
function changeType(s, type) {
  const optimizer = { type };
  for (const field of optimizerRow(s, type).fields) optimizer[field.name] = startValue(field) ?? field.default;
  s.value.optimizer = optimizer;
  for (const map of [s.errors, s.typed]) for (const key of [...map.keys()]) if (key !== 'opt-batch' && key !== 'opt-seed') map.delete(key);
  relabel(s);
  check(s, true);
}

/** A text field read by its schema row; what was typed survives a language switch, its message in the new language. */
function input(s, field, id, label, doc, value, set) {
  const box = el('input', { type: 'text', inputmode: 'decimal', id, value: s.typed.get(id) ?? showValue(value), title: doc });
  const read = () => {
    const result = readField(box.value, field, label);
    box.setAttribute('aria-invalid', String(Boolean(result.error)));
    if (result.error) s.errors.set(id, result.error); else { s.errors.delete(id); set(result.value); }
  };
  box.addEventListener('input', () => { s.typed.set(id, box.value); read(); check(s, true); });
  read();
  return el('span', { class: 'field' }, el('label', { for: id, title: doc }, label), box);
}

/** Field errors first, then the core's word on the optimizer; `changed`: tell the view. */
function check(s, changed) {
  let error = s.errors.size ? [...s.errors.values()].join('; ') : null;
  if (!error) {
    try { s.core.checkOptimizer(s.value.optimizer); } catch (err) { error = coreText(err); }
  }
  s.message.textContent = error ?? '';
  if (changed) s.onChange(error ? null : structuredClone(s.value), error);
}
