// The contenders editor shared by the race and the surface view: 2 to 5 optimizers, each a
// type and its hyperparameters. Types, fields, defaults and a new contender's learning rate
// come from the core's schema (describeSchema().optimizers); every row is checked by the core
// (checkOptimizer), a bad field says what to change, and only a valid list is passed on.
import { SERIES } from '../lib/colors.js';
import { el } from '../lib/dom.js';
import { coreText, t } from '../lib/i18n.js';

let schema = null;

/**
 * The core's optimizer rows, `[{type, doc, update, fields: [{name, kind, required, example |
 * default, min, max, ...}]}]` (lr first, weight_decay last), and the contender count allowed.
 */
export function optimizerSchema(core) {
  schema ??= core.describeSchema();
  return { optimizers: schema.optimizers, ...schema.link.contenders };
}

const rowOf = (core, type) => optimizerSchema(core).optimizers.find((o) => o.type === type);

/** An f32 from the core in its short decimal form: 0.001, not 0.0010000000474974513. */
export const tidy = (x) => Number(Number(x).toPrecision(7));

/** The shortest name for a contender, for legends: "adam 0.001". */
export const shortName = (opt) => `${opt.type} ${tidy(opt.lr)}`;

/** A contender's full name: "adam lr 0.001 (beta1 0.8)": its type, lr, and each field off its default. */
export function contenderName(core, opt) {
  const extra = rowOf(core, opt.type).fields
    .filter((f) => f.name !== 'lr' && tidy(opt[f.name]) !== tidy(f.default))
    .map((f) => `${t(`optimizer.${f.name}`)} ${tidy(opt[f.name])}`).join(', ');
  return `${opt.type} ${t('contenders.lr')} ${tidy(opt.lr)}${extra ? ` (${extra})` : ''}`;
}

/**
 * A new contender of `type`: that optimizer's usual learning rate (the schema's example for
 * lr) and PyTorch's defaults for the rest; `weightDecay` carried over from a changed row.
 */
export function newContender(core, type, weightDecay = 0) {
  const lr = rowOf(core, type).fields.find((f) => f.name === 'lr');
  return core.checkOptimizer({ type, lr: lr.example, weight_decay: weightDecay });
}

/**
 * Draws the editor into `host`. `contenders` are optimizer specs with defaults written out;
 * `onChange(list)` gets the new valid list after every accepted edit. Returns {set(list), get()}.
 */
export function contendersEditor(host, core, contenders, onChange) {
  const { optimizers, max } = optimizerSchema(core);
  let list = contenders.map((c) => ({ ...c }));
  const rows = el('div', { class: 'contenders' });
  const add = el('button', { type: 'button', class: 'add', 'data-id': 'addContender' });
  add.addEventListener('click', () => {
    // a type not yet racing (the first when all are), at its own usual learning rate
    const type = optimizers.find((o) => !list.some((c) => c.type === o.type))?.type ?? optimizers[0].type;
    changed([...list, newContender(core, type)]);
  });
  host.replaceChildren(rows, add);
  function changed(next) {
    list = next;
    draw();
    onChange(list);
  }

  function draw() {
    add.textContent = t('contenders.add');
    rows.replaceChildren(...list.map((opt, i) => row(core, list, i, changed, onChange)));
    add.disabled = list.length >= max;
  }

  draw();
  return {
    set(next) { list = next.map((c) => ({ ...c })); draw(); },
    get: () => list,
  };
}

/** One contender: colour, type, its fields (from the schema), a remove button and the message of a bad field. */
function row(core, list, index, changed, onChange) {
  const opt = list[index];
  const n = index + 1;
  const { optimizers, min } = optimizerSchema(core);
  const type = el('select', { 'aria-label': t('contenders.type', { n }) }, optimizers.map((o) => el('option', { value: o.type, selected: o.type === opt.type }, o.type)));
  type.addEventListener('change', () => {
    const next = [...list];
    next[index] = newContender(core, type.value, opt.weight_decay);
    changed(next);
  });
  const error = el('div', { class: 'error-text' });
  const fields = rowOf(core, opt.type).fields.map((f) => field(f.name, opt[f.name], n, (input) => {
    const text = input.value.trim();
    const candidate = { ...list[index], [f.name]: text === '' ? NaN : Number(text) };
    try {
      if (!Number.isFinite(candidate[f.name])) throw new Error(notANumber(core, candidate, f.name, text));
      list[index] = core.checkOptimizer(candidate);
      input.removeAttribute('aria-invalid');
      error.textContent = '';
      onChange(list);
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      error.textContent = coreText(err);
    }
  }));
  const remove = el('button', { type: 'button', class: 'remove', title: t('contenders.remove', { n }), 'aria-label': t('contenders.remove', { n }), disabled: list.length <= min }, '✕');
  remove.addEventListener('click', () => changed(list.filter((_, i) => i !== index)));
  return el('div', { class: 'contender', 'data-index': index, style: `--color:${SERIES[index]}` },
    el('span', { class: 'swatch', 'aria-hidden': 'true' }), type, ...fields, remove, error);
}

/**
 * The message for a field that is not a number, with the range the core allows: the core is
 * asked about -1, outside every hyperparameter's range ("optimizer (sgd): lr must be greater
 * than 0, like 0.1, not -1"), and its answer, in the page's language, names the typed text
 * instead.
 */
function notANumber(core, candidate, key, text) {
  const typed = text === '' ? t('contenders.empty') : `"${text}"`;
  try {
    core.checkOptimizer({ ...candidate, [key]: -1 });
  } catch (err) {
    return coreText({ ...err, message: err.message, params: { ...err.params, value: typed } }).replace(/-1$/, typed);
  }
  return t('contenders.notANumber', { field: key, typed });
}

function field(key, value, n, onInput) {
  const label = t(`optimizer.${key}`);
  const input = el('input', { type: 'text', inputmode: 'decimal', value: String(tidy(value)), size: 6, 'aria-label': t('contenders.field', { n, field: label }) });
  input.addEventListener('input', () => onInput(input));
  return el('label', { class: `field field-${key}` }, label, input);
}
