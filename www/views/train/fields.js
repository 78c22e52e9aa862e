// Reading what a person typed into a field, by the field's row of the core's schema
// (describeSchema(): kind, range, default): a number, a whole number, a size ("5" or "3x5"), a
// padding ("2" or "1x1x2x2": top x bottom x left x right). A bad value gets a message that
// names the field, what is allowed and what was typed.
import { number, t } from '../../lib/i18n.js';

/** The allowed range in words: "from 1 to 100000", "greater than 0", "from 0 up to (not including) 1". */
export function rangeText({ min, max, minExclusive, maxExclusive }) {
  const params = { min: plain(min), max: plain(max) };
  if (max === null || max === undefined) return t(minExclusive ? 'train.range.above' : 'train.range.atLeast', params);
  if (maxExclusive) return t('train.range.upTo', params);
  return t('train.range.fromTo', params);
}

const plain = (v) => (v === null || v === undefined ? '' : String(v));

function inRange(value, { min, max, minExclusive, maxExclusive }) {
  const above = minExclusive ? value > min : value >= min;
  const below = max === null || max === undefined || (maxExclusive ? value < max : value <= max);
  return above && below;
}

/** How many numbers a kind takes, and the message key that explains its form. */
const FORMS = { int: [[1], 'whole'], number: [[1], 'number'], size: [[1, 2], 'size'], padding: [[1, 4], 'padding'] };

/**
 * Reads `text` for schema field `field` labelled `label`: `{value}` (undefined when empty and
 * the field is optional), or `{error}` in words. A size or padding of equal parts reads as one
 * number; the others as a list.
 */
export function readField(text, field, label) {
  const typed = String(text).trim();
  if (typed === '' && !field.required) return { value: undefined };
  const [counts, form] = FORMS[field.kind];
  const parts = typed.split(/\s*[x×]\s*/i);
  const values = parts.map((p) => (p === '' ? NaN : Number(p)));
  const whole = field.kind !== 'number';
  const ok = typed !== '' && counts.includes(values.length)
    && values.every((v) => Number.isFinite(v) && (!whole || Number.isInteger(v)) && inRange(v, field));
  if (!ok) {
    const params = { field: label, range: rangeText(field), typed };
    return { error: t(typed === '' ? `train.error.${form}Empty` : `train.error.${form}`, params) };
  }
  return { value: values.length === 1 || values.every((v) => v === values[0]) ? values[0] : values };
}

/** A field's value as it is typed: 5, "3x5", "1x1x2x2". */
export const showValue = (value) => (Array.isArray(value) ? value.join('x') : value === undefined ? '' : String(value));

/** The value of a field left empty, as a placeholder: its default, or "= size" for a pool's stride. */
export function placeholder(field) {
  if (field.defaultFrom) return t('train.field.sameAs', { field: t(`train.field.${field.defaultFrom}`) });
  if (field.default !== undefined && typeof field.default !== 'boolean') return number(field.default);
  return '';
}

/** The value a new layer or a changed optimizer type starts with: the example of a required field, else nothing (the default). */
export const startValue = (field) => (field.required ? field.example : undefined);
