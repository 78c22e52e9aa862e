// Every text a person reads on the page, in their language. One catalog per language
// (www/i18n/en.js, www/i18n/zh.js): a flat object of dotted keys, each a string with `{name}`
// placeholders or a function of the parameters (for plurals). English is the fallback.
//
//   import { t, number } from '../lib/i18n.js';
//   t('surface.progress', { shown: 40, steps: 200 })   // "step 40 / 200" or "第 40 / 200 步"
//   number(8000)                                        // "8,000", in the page's language
//   <h2 data-t="surface.title"></h2>                    // filled by translate(root)
//
// The language comes from `lang=` in the link (`?lang=zh`, kept in embeds and copied links),
// else from the browser's languages, else English. `setLanguage(code)` switches it (the page
// header's switch); the shell then calls `translate(document)` and relabels the view.
import en from '../i18n/en.js';

/** The page's languages: code -> [name in that language, catalog loader]. */
export const LANGUAGES = {
  en: ['English', async () => en],
  zh: ['中文', async () => (await import('../i18n/zh.js')).default],
};

let current = 'en';
let catalog = en;
const reported = new Set();

/** The language in use: 'en' or 'zh'. */
export const language = () => current;

/** The BCP 47 tag for number formatting and <html lang>. */
export const locale = () => (current === 'zh' ? 'zh-CN' : 'en');

/**
 * The text for `key` with `{name}` placeholders filled from `params`. A key missing from the
 * language falls back to English; a key missing from English is a bug: logged (tests fail on
 * console errors) and shown as the key itself.
 */
export function t(key, params = {}) {
  const entry = catalog[key] ?? en[key];
  if (entry === undefined) {
    report(`i18n: no text for "${key}" in www/i18n/en.js`);
    return key;
  }
  const text = typeof entry === 'function' ? entry(params) : entry;
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (params[name] === undefined) {
      report(`i18n: "${key}" needs the parameter {${name}}`);
      return whole;
    }
    return String(params[name]);
  });
}

/**
 * A message of the core in the page's language. `err` is what the core gives: a thrown Error,
 * a link warning or a message parameter, `{message, code?, params?, places?}`. Its text is
 * the catalog's `core.<code>` filled with its parameters (a parameter that is a message of its
 * own said the same way), after the places it happened at ("layer 3 (conv2d): ..."). Without
 * a code, or with a code the catalogs lack, it is the core's English `message`.
 *
 *   try { core.describeNetwork(spec); } catch (err) { box.textContent = coreText(err); }
 */
export function coreText(err) {
  if (err === null || err === undefined) return '';
  if (typeof err !== 'object') return String(err);
  const key = `core.${err.code}`;
  if (!err.code || !(key in en)) return err.message ?? String(err);
  const params = {};
  for (const [name, value] of Object.entries(err.params ?? {})) params[name] = typeof value === 'object' && value !== null ? coreText(value) : value;
  return (err.places ?? []).reduceRight((text, place) => t('core.place', { place: coreText(place), text }), t(key, params));
}

/**
 * Puts the core's message `err` into `node` in the page's language, and again after each
 * language switch (translate() says it anew).
 */
export function sayCore(node, err) {
  node.coreMessage = err;
  node.setAttribute('data-core', '');
  node.textContent = coreText(err);
  return node;
}

/** The index of the layer a core error names ("layer 3 (conv2d): ..."), or null. */
export function coreLayer(err) {
  const place = (err?.places ?? []).find((p) => p.code === 'place.layer' || p.code === 'place.layerIndex');
  return place ? Number(place.params.index) : null;
}

function report(message) {
  if (reported.has(message)) return;
  reported.add(message);
  console.error(message);
}

const formats = new Map();   // "locale options" -> Intl.NumberFormat: one per kind of number, not one per call

/** `value` formatted for the page's language (grouping, decimals), e.g. number(0.5, {style: 'percent'}). */
export function number(value, options = {}) {
  if (!Number.isFinite(value)) return String(value);
  const key = `${locale()} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale(), options)));
  return format.format(value);
}

/**
 * Which language to use: `lang` from the link's query or hash if it names one of LANGUAGES,
 * else the first of the browser's `languages` that matches one (zh-TW and zh-CN read zh), else 'en'.
 */
export function pickLanguage(search, hash, languages = []) {
  const asked = new URLSearchParams(search).get('lang') ?? new URLSearchParams(hash.replace(/^#/, '')).get('lang');
  if (asked && asked in LANGUAGES) return asked;
  for (const tag of languages) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base;
  }
  return 'en';
}

/** Loads the catalog of `code` and makes it current; sets <html lang>. */
export async function setLanguage(code) {
  if (!(code in LANGUAGES)) throw new Error(t('i18n.unknown', { code, known: Object.keys(LANGUAGES).join(', ') }));
  catalog = await LANGUAGES[code][1]();
  current = code;
  document.documentElement.lang = locale();
}

const ATTRIBUTES = ['title', 'aria-label', 'placeholder'];

/**
 * Fills every element under `root` marked with a key: `data-t` sets its text, `data-t-title`,
 * `data-t-aria-label` and `data-t-placeholder` set those attributes; a message of the core put
 * by sayCore is said again. Called again after a language switch, it puts the new language in
 * place.
 */
export function translate(root) {
  const selector = ['[data-t]', ...ATTRIBUTES.map((a) => `[data-t-${a}]`)].join(',');
  const nodes = root.matches?.(selector) ? [root, ...root.querySelectorAll(selector)] : root.querySelectorAll(selector);
  for (const node of root.querySelectorAll?.('[data-core]') ?? []) node.textContent = coreText(node.coreMessage);
  for (const node of nodes) {
    if (node.dataset.t) node.textContent = t(node.dataset.t);
    for (const attribute of ATTRIBUTES) {
      const key = node.getAttribute(`data-t-${attribute}`);
      if (key) node.setAttribute(attribute, t(key));
    }
  }
}
