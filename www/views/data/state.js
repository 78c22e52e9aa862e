// The data view's state and what follows from it, without the DOM: which dataset the link
// names, what the user asked for (preprocessing, split), the messages of the last action, and
// the checks of the fields.
import { coreText } from '../../lib/i18n.js';
import { failure } from '../../lib/worker.js';
import { folderToChoose } from './layout.js';

/** The datasets a view can train on, as the link names them. */
export const SOURCES = ['mnist', 'shapes', 'own'];

/** The seed of the colour shapes every view trains on (a link replays them exactly). */
export const SHAPES_SEED = 42;

/** The sizes offered for own images (a side in pixels; the core allows 4 to 128). */
export const SIZES = [16, 20, 28, 32, 48, 64, 96, 128];
/** The test shares offered. */
export const TEST_SHARES = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];
/** Previews drawn per class (the counts are always whole). */
export const PREVIEWS = 60;
/** Messages shown before "and N more". */
export const SHOWN_MESSAGES = 6;

/**
 * The view's state: `link` (the core's parse: `link.data` names the dataset), `summary` of the
 * own dataset (from the images worker), `previews` per class, `split` ({counts, warnings} or
 * {error}), `messages` of the last action ({kind: 'error' | 'info', items: [message]}),
 * `selected` image ({className, id, source}) and the open `capture` ({className, kind}).
 */
export function createState(link) {
  return { link, summary: null, previews: null, split: null, messages: [], selected: null, capture: null, builtin: null };
}

/** A message as the page shows it: {key, params} through the catalog, or the core's (coreText). */
export const message = (t, m) => (m.key ? t(m.key, m.params ?? {}) : coreText(m));

/** A refusal as a message item: {key, params} of the page, or the core's error as data ({message, code, params, places}). */
export const refusal = (err) => (err?.key ? { key: err.key, params: err.params } : failure(err));

/**
 * The messages of an add (files, a folder, a zip): what was refused and why (with what the
 * folder layout left out: `problems`, `leftOut` files, or a zip's `layout`), then what was
 * added. Each item is {key, params} or {message}.
 */
export function addReport({ added = 0, skipped = 0, errors = [], cancelled = false, layout = null, problems = [], leftOut = 0 }) {
  const found = layout ? layoutProblems(layout) : problems;
  const outside = layout ? layout.loose.length + layout.nested.length : leftOut;
  const items = [...found, ...errors.map(refusal)];
  const count = errors.length + outside;
  const info = [{ key: 'data.report.added', params: { count: added } }];
  if (skipped) info.push({ key: 'data.report.skipped', params: { count: skipped } });
  if (cancelled) info.push({ key: 'data.report.cancelled', params: {} });
  const title = count ? { key: 'data.report.refused', params: { count } } : null;
  return [...(items.length ? [{ kind: 'error', title, items }] : []), { kind: 'info', items: info }];
}

/**
 * What the folder layout left out (see ./layout.js): files outside any class folder, files
 * nested too deep (with the folder to choose instead), empty folders, an empty choice.
 */
export function layoutProblems({ loose = [], nested = [], files = 0, root = '', emptyFolders = [] }) {
  const out = [];
  if (files === 0) out.push(root ? { key: 'data.layout.empty', params: { folder: root } } : { key: 'data.layout.emptyChoice', params: {} });
  for (const folder of emptyFolders) out.push({ key: 'data.layout.emptyFolder', params: { folder } });
  if (loose.length) {
    const key = loose.length === files ? 'data.layout.noSubfolders' : 'data.layout.loose';
    out.push({ key, params: { count: loose.length, example: loose[0], folder: root || '…' } });
  }
  if (nested.length) {
    out.push({ key: 'data.layout.nested', params: { count: nested.length, example: nested[0], folder: folderToChoose(root, nested[0]) } });
  }
  return out;
}

/** The size field: a whole number from 4 to 128, or an error key. */
export function checkSize(text) {
  const n = Number(text);
  if (String(text).trim() === '' || !Number.isInteger(n) || n < 4 || n > 128) return { error: 'data.prep.sizeError' };
  return { value: n };
}

/** The seed field: a whole number from 0 to 4294967295, or an error key. */
export function checkSeed(text) {
  const n = Number(text);
  if (String(text).trim() === '' || !Number.isInteger(n) || n < 0 || n > 4294967295) return { error: 'data.split.seedError' };
  return { value: n };
}

/** Bytes as "1.2 MB" (or kB below a megabyte). */
export function sizeText(number, bytes) {
  if (bytes < 1e6) return `${number(bytes / 1e3, { maximumFractionDigits: 1 })} kB`;
  return `${number(bytes / 1e6, { maximumFractionDigits: 1 })} MB`;
}

/** A unique file name for a camera frame or a drawing: `drawing-20240501-101500-3.png`. */
export function capturedName(kind, date, n, extension) {
  const pad = (v) => String(v).padStart(2, '0');
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `${kind}-${stamp}-${n}.${extension}`;
}
