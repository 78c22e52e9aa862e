// What the lecture's views share on top of the page toolkit (www/lib/): the frame of a view
// (title, introduction, a status line), a refusal of the core in the student's language,
// numbers for reading, tables, legends for colour codes, and grids of numbers that stay
// readable on a phone.
//
//   const $ = frame(root, 'pooling', `<div class="panel" data-id="maps"></div>`);   // title and intro: lecture.pooling.*
//   try { ... } catch (err) { report($, err); }                                      // the core's refusal, in the page's language
//   numberGrid(canvas, values, rows, cols, { cell: 34, color, text: (v) => fmt(v, 2) });
import { css, diverging } from '../lib/colors.js';
import { el, template } from '../lib/dom.js';
import { coreText, t } from '../lib/i18n.js';
import { grid } from '../lib/tiles.js';

/** The lecture's stylesheet, loaded by the shell before a view mounts. */
export const STYLES = [new URL('./lecture.css', import.meta.url)];

/**
 * Puts the frame of lecture view `name` into `root`: its title and introduction (catalog keys
 * `lecture.NAME.title` and `.intro`), a status line for refusals, then `body` (markup with
 * data-t keys). Returns the view's elements by data-id (`$.status`, ...).
 */
export function frame(root, name, body) {
  return template(root, `<section class="lecture" data-view="${name}" data-id="frame">
    <h1 data-t="lecture.${name}.title"></h1>
    <p class="lecture-intro" data-t="lecture.${name}.intro"></p>
    <p class="lecture-status" role="alert" data-id="status"></p>
    <div class="lecture-body">${body}</div>
  </section>`);
}

/**
 * Says why the view's numbers (the `.result` parts) are not up to date, and dims them: `err`
 * is a refusal of the core, or 'fields' when a field holds a value that is not allowed (its
 * own message says which); null clears the status line.
 */
export function report($, err) {
  $.frame.classList.toggle('stale', Boolean(err));
  $.status.textContent = !err ? '' : err === 'fields' ? t('lecture.fixField') : coreText(err);
}

/** After a language switch: the status line again, for the fields' state or the core's refusal. */
export function reportAgain($, fields, err) {
  report($, fields.every((f) => f.valid()) ? err : 'fields');
}

/** Whether every one of `fields` holds an allowed value; if not, reports it. */
export function fieldsOk($, fields) {
  const ok = fields.every((f) => f.valid());
  if (!ok) report($, 'fields');
  return ok;
}

/** A number for reading: at most `digits` decimals, no trailing zeros; tiny values as 1.2e-4. */
export function fmt(x, digits = 3) {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 10 ** -digits) return x.toExponential(1);
  return String(Number(x.toFixed(digits)));
}

/** A vector for reading: `(0.27, 0.4, 0)`. */
export const vector = (values, digits = 2) => `(${Array.from(values, (v) => fmt(v, digits)).join(', ')})`;

/** A table: `head` = column titles, `rows` = arrays of cells (strings or nodes). */
export function table(head, rows, attrs = {}) {
  return el('table', { class: 'numbers', ...attrs },
    el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}

/** A legend for a colour code: one swatch and its text per entry `[cssColour, text]`. */
export function swatches(entries, label = '') {
  return el('div', { class: 'swatches', role: 'img', 'aria-label': label || entries.map(([, text]) => text).join(', ') },
    entries.map(([color, text]) => el('span', { class: 'swatch-item' }, el('span', { class: 'swatch', style: `background:${color}` }), text)));
}

/** The diverging scale as a CSS colour: blue negative, white 0, red positive at ±`scale`. */
export const signed = (scale) => (v) => css(diverging(v, scale));

/**
 * A grid of numbers (the toolkit's grid) in a figure with its caption: the grid sits in a
 * wrapper that scrolls sideways on a narrow screen instead of shrinking the numbers' text
 * below 11 px. `label` is what a screen reader says of the grid.
 */
export function gridFigure(values, rows, cols, options, caption, label = caption) {
  const canvas = el('canvas', { class: 'number-grid', 'aria-label': label });
  grid(canvas, values, rows, cols, options);
  return el('figure', { class: 'stage' }, el('div', { class: 'grid-scroll' }, canvas), caption ? el('figcaption', {}, caption) : null);
}
