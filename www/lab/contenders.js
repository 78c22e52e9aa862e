// The contenders editor shared by the race and the surface view: 2 to 5 optimizers, each a
// type and its hyperparameters. Every row is checked by the core (checkOptimizer), and a bad
// field says what to change; only a complete, valid list is passed on.
import { SERIES } from '../lib/colors.js';
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export const COLORS = SERIES;
export const TYPES = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];
const FIELDS = {
  sgd: ['lr'],
  momentum: ['lr', 'momentum'],
  adagrad: ['lr'],
  rmsprop: ['lr', 'alpha'],
  adam: ['lr', 'beta1', 'beta2'],
};

/** An f32 from the core in its short decimal form: 0.001, not 0.0010000000474974513. */
export const tidy = (x) => Number(Number(x).toPrecision(7));

/** The shortest name for a contender, for legends: "adam 0.001". */
export const shortName = (opt) => `${opt.type} ${tidy(opt.lr)}`;

/** A short name for a contender: "adam lr 0.001 (beta1 0.9, beta2 0.999)": its type and fields. */
export function contenderName(opt) {
  const extra = FIELDS[opt.type].slice(1).map((k) => `${t(`optimizer.${k}`)} ${tidy(opt[k])}`).join(', ');
  return `${opt.type} ${t('contenders.lr')} ${tidy(opt.lr)}${extra ? ` (${extra})` : ''}`;
}

/**
 * Draws the editor into `host`. `contenders` are optimizer specs with defaults written out;
 * `onChange(list)` gets the new valid list after every accepted edit. Returns {set(list), get()}.
 */
export function contendersEditor(host, core, contenders, onChange) {
  let list = contenders.map((c) => ({ ...c }));
  const rows = el('div', { class: 'contenders' });
  const add = el('button', { type: 'button', class: 'add' });
  add.addEventListener('click', () => {
    list.push(core.checkOptimizer({ type: 'adam', lr: list[0]?.lr ?? 0.001 }));
    draw();
    onChange(list);
  });
  host.replaceChildren(rows, add);
  const changed = (next) => { list = next; draw(); onChange(list); };

  function draw() {
    add.textContent = t('contenders.add');
    rows.replaceChildren(...list.map((opt, i) => row(core, list, opt, i, changed, onChange)));
    add.disabled = list.length >= 5;
  }

  draw();
  return {
    set(next) { list = next.map((c) => ({ ...c })); draw(); },
    get: () => list,
  };
}

/** One contender: colour, type, its fields, a remove button and the message of a bad field. */
function row(core, list, opt, index, changed, onChange) {
  const n = index + 1;
  const type = el('select', { 'aria-label': t('contenders.type', { n }) }, TYPES.map((k) => el('option', { value: k, selected: k === opt.type }, k)));
  type.addEventListener('change', () => {
    const next = [...list];
    next[index] = core.checkOptimizer({ type: type.value, lr: opt.lr, weight_decay: opt.weight_decay });
    changed(next);
  });
  const error = el('div', { class: 'error-text' });
  const fields = FIELDS[opt.type].map((key) => field(key, opt[key], n, (input) => {
    const text = input.value.trim();
    const candidate = { ...list[index], [key]: text === '' ? NaN : Number(text) };
    try {
      if (!Number.isFinite(candidate[key])) throw new Error(notANumber(core, candidate, key, text));
      list[index] = core.checkOptimizer(candidate);
      input.removeAttribute('aria-invalid');
      error.textContent = '';
      onChange(list);
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      error.textContent = err.message;
    }
  }));
  const remove = el('button', { type: 'button', class: 'remove', title: t('contenders.remove', { n }), 'aria-label': t('contenders.remove', { n }), disabled: list.length <= 2 }, '✕');
  remove.addEventListener('click', () => changed(list.filter((_, i) => i !== index)));
  return el('div', { class: 'contender', 'data-index': index, style: `--color:${SERIES[index]}` },
    el('span', { class: 'swatch', 'aria-hidden': 'true' }), type, ...fields, remove, error);
}

/**
 * The message for a field that is not a number, with the range the core allows: the core is
 * asked about -1, outside every hyperparameter's range ("optimizer (sgd): lr must be greater
 * than 0, like 0.01, not -1"), and its answer names the typed text instead.
 */
function notANumber(core, candidate, key, text) {
  const typed = text === '' ? t('contenders.empty') : `"${text}"`;
  try {
    core.checkOptimizer({ ...candidate, [key]: -1 });
  } catch (err) {
    return err.message.replace(/, not -1$/, `, not ${typed}`);
  }
  return t('contenders.notANumber', { field: key, typed });
}

function field(key, value, n, onInput) {
  const label = t(`optimizer.${key}`);
  const input = el('input', { type: 'text', inputmode: 'decimal', value: String(tidy(value)), size: 6, 'aria-label': t('contenders.field', { n, field: label }) });
  input.addEventListener('input', () => onInput(input));
  return el('label', { class: 'field' }, label, input);
}
