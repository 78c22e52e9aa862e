// The lecture's input fields: a label from the catalog, and for a number that is not allowed a
// visible message under the field naming it and the allowed range (as the Train builder's
// fields do), in the page's language. A field in error keeps the last good value out of the
// view's numbers; the view says so (view.js: fieldsOk) instead of showing stale ones.
//
//   const stride = numberField({ id: 'stride', label: 'lecture.convSize.stride', min: 1, max: 64, value: 2,
//     onValue: (v) => { q.stride = v; update(); } });
//   host.append(stride.element);
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

/**
 * A number field labelled by catalog key `label` (filled with `labelParams`). `integer`
 * (default true) asks for a whole number; `above` makes `min` exclusive (a learning rate above
 * 0), `below` makes `max` exclusive (a momentum below 1). `onValue(v)` runs with each allowed
 * value typed; `onInvalid()` when the text is not allowed. Returns `{element, input, message,
 * value(), set(v), setRange(min, max), valid(), relabel()}` (`input` and `message` can also be
 * placed apart, e.g. a field inside a formula).
 */
export function numberField({ id, label, labelParams, min, max, value, integer = true, above = false, below = false, onValue = () => {}, onInvalid = () => {} }) {
  const name = () => t(label, labelParams);
  const input = el('input', {
    type: 'text', inputmode: integer ? 'numeric' : 'decimal', value: String(value), size: 7, autocomplete: 'off',
    'data-id': id, 'aria-label': name(), 'data-t-aria-label': labelParams ? null : label, spellcheck: 'false',
  });
  const message = el('span', { class: 'field-error', 'data-id': `${id}-error` });
  const caption = el('span', { 'data-t': labelParams ? null : label }, name());
  const element = el('label', { class: 'field' }, caption, input, message);
  let range = { min, max };
  let good = value;

  const check = () => {
    const read = readNumber(input.value, { name: name(), ...range, integer, above, below });
    input.setAttribute('aria-invalid', String(Boolean(read.error)));
    message.textContent = read.error ?? '';
    return read;
  };
  input.addEventListener('input', () => {
    const read = check();
    if (read.error) { onInvalid(); return; }
    good = read.value;
    onValue(read.value);
  });
  return {
    element,
    input,
    message,
    value: () => good,
    set(v) { input.value = String(v); good = v; check(); },
    setRange(lo, hi) { range = { min: lo, max: hi }; const read = check(); if (!read.error) good = read.value; return !read.error; },
    valid: () => !check().error,
    relabel() {
      caption.textContent = name();
      input.setAttribute('aria-label', name());
      if (input.getAttribute('aria-invalid') === 'true') check();
    },
  };
}

/**
 * `text` as a number in `[min, max]` (`min` excluded when `above`, `max` when `below`), a whole
 * one when `integer`: `{value}`, or `{error}` naming the field `name` and the allowed range.
 */
export function readNumber(text, { name, min, max, integer = true, above = false, below = false }) {
  const typed = String(text).trim();
  const value = Number(typed);
  const ok = typed !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value))
    && (above ? value > min : value >= min) && (below ? value < max : value <= max);
  if (ok) return { value };
  const key = above ? (Number.isFinite(max) ? 'lecture.field.above' : 'lecture.field.positive')
    : below ? 'lecture.field.below' : integer ? 'lecture.field.whole' : 'lecture.field.number';
  const error = t(key, { name, min: String(min), max: String(max) });
  return { error: typed === '' ? error : `${error}${t('lecture.field.typed', { typed })}` };
}

/** A select of `[value, catalog key or {text}]` options; `onChange(value)`. */
export function selectField({ id, label, options, value, onChange }) {
  const select = el('select', { 'data-id': id, 'aria-label': t(label), 'data-t-aria-label': label },
    options.map(([v, text]) => el('option', { value: v, selected: v === value, 'data-t': typeof text === 'string' ? text : null }, typeof text === 'string' ? t(text) : text.text)));
  select.addEventListener('change', () => onChange(select.value));
  return { element: el('label', { class: 'field' }, el('span', { 'data-t': label }, t(label)), select), select };
}
