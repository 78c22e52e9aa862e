// A view's state kept in the link: the experiment in the hash (format: README "lab" section;
// parser: src/link/ in the core), page options in the query (`embed=1`, `lang=zh`).
//
//   const state = readLink(core, 'surface', warningsHost);   // the core's parse; bad values listed in warningsHost
//   writeLink(core, state);                                   // the hash follows the state (no reload, no history entry)
//   host.append(shareBar(() => writeLink(core, state), 'cnn-playground: ...'));   // Copy link / Copy embed code
//   lastLink('train')                                         // the Train view's last link in this tab (the race takes its network)
import { el } from './dom.js';
import { language, sayCore, t } from './i18n.js';

/**
 * Reads the hash with the core's parser. Warnings (bad values that fell back to their
 * defaults) are listed in `warningsHost`, visibly; the `view` key is the shell's to report.
 */
export function readLink(core, view, warningsHost) {
  const { state, warnings } = core.parseLink(location.hash);
  state.view = view;
  showWarnings(warningsHost, warnings.filter((w) => w.key !== 'view' && w.key !== 'lang'));
  return state;
}

/** Lists `warnings` (the core's, in the page's language: sayCore) in `host` under a title; hides `host` when there are none. */
export function showWarnings(host, warnings) {
  host.hidden = warnings.length === 0;
  host.replaceChildren(el('strong', { 'data-t': 'link.warnings' }, t('link.warnings')), el('ul', {}, warnings.map((w) => sayCore(el('li'), w))));
}

/**
 * Writes `state` to the hash; returns the hash, or throws the core's message for a bad value.
 * The network is `net` (compact), or the JSON spec `network` when `net` is left out.
 */
export function writeLink(core, state) {
  const hash = core.formatLink(state.net ? { ...state, network: null } : state);
  if (location.hash.slice(1) !== hash) history.replaceState(history.state, '', `${location.pathname}${location.search}#${hash}`);
  rememberLink(hash);
  return hash;
}

const LAST = 'cnn-playground:link:';

/**
 * Remembers `hash` as the last link of the view it names (else of `fallbackView`) for this tab,
 * so that another view can take from it: the race takes the Train view's network. The shell
 * calls it with the link a view leaves; writeLink with every link a view writes.
 */
export function rememberLink(hash, fallbackView = null) {
  const text = hash.replace(/^#/, '');
  const view = new URLSearchParams(text).get('view') || fallbackView;
  if (!view) return;
  try {
    sessionStorage.setItem(LAST + view, text);
  } catch {
    // storage refused (a sandboxed frame): nothing to take from later
  }
}

/** The last link (without '#') of the view `view` in this tab, or null. */
export function lastLink(view) {
  try {
    return sessionStorage.getItem(LAST + view);
  } catch {
    return null;
  }
}

/** Sets (or with null removes) `key` in the link's query without reloading: `lang`, `embed`. */
export function setQuery(key, value) {
  const search = new URLSearchParams(location.search);
  if (value === null) search.delete(key); else search.set(key, value);
  const query = search.toString();
  history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

/** The link of the current page for `hash`, as a full page (not embedded; the language kept). */
export function pageLink(hash) {
  const search = new URLSearchParams(location.search);
  search.delete('embed');
  const query = search.toString();
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}#${hash}`;
}

/** An iframe snippet that shows this view alone, in this language, and fits its height to what the page posts. */
export function embedCode(hash, title) {
  const src = `${location.origin}${location.pathname}?embed=1&lang=${language()}#${hash}`;
  return `<iframe src="${src.replace(/&/g, '&amp;')}" title="${title.replace(/"/g, '&quot;')}" width="100%" height="640" style="border:0" loading="lazy"></iframe>\n`
    + '<script>addEventListener("message", (e) => { if (e.data?.type !== "cnn-playground:resize") return;\n'
    + '  for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px"; });</script>';
}

/** "Copy link" and "Copy embed code" buttons with a field showing what was copied. */
export function shareBar(getHash, title) {
  const out = el('input', { type: 'text', readonly: true, class: 'mono', 'aria-label': t('share.copied'), hidden: true });
  const status = el('span', { class: 'share-status', role: 'status' });
  const copy = (what, text) => {
    out.hidden = false;
    out.value = text;
    out.select();
    const done = () => { status.textContent = t(`share.${what}Copied`); };
    const fallback = () => { status.textContent = t(`share.${what}Selected`); };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  };
  return el('div', { class: 'share' },
    el('button', { type: 'button', class: 'copy-link', onclick: () => copy('link', pageLink(getHash())) }, t('share.copyLink')),
    el('button', { type: 'button', class: 'copy-embed', onclick: () => copy('embed', embedCode(getHash(), title)) }, t('share.copyEmbed')),
    out, status);
}
