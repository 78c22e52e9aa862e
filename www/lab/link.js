// The experiment in the link (format: README "lab" section; parser: src/link/ in the core).
// Views read the hash once with `readLink`, then keep it up to date with `writeLink` as
// settings change (history.replaceState: no reload, no history entry per keystroke).

import { button } from './contenders.js';

/**
 * Reads the hash with the core's parser. Warnings (bad values that fell back to their
 * defaults) are listed in `warningsHost`, visibly; the `view` key is the shell's to report.
 */
export function readLink(core, view, warningsHost) {
  const { state, warnings } = core.parseLink(location.hash);
  state.view = view;
  showWarnings(warningsHost, warnings.filter((w) => w.key !== 'view'));
  return state;
}

export function showWarnings(host, warnings) {
  host.hidden = warnings.length === 0;
  const title = document.createElement('strong');
  title.textContent = 'Parts of this link could not be used:';
  const items = document.createElement('ul');
  items.append(...warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w.message })));
  host.replaceChildren(title, items);
}

/** Writes `state` to the hash; returns the hash, or throws the core's message for a bad value. */
export function writeLink(core, state) {
  const hash = core.formatLink({ ...state, network: null });
  if (location.hash.slice(1) !== hash) history.replaceState(null, '', `${location.pathname}${location.search}#${hash}`);
  return hash;
}

/** The link of the current page for `hash`, as a full page (not embedded). */
export function pageLink(hash) {
  const search = new URLSearchParams(location.search);
  search.delete('embed');
  const query = search.toString();
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}#${hash}`;
}

/** An iframe snippet that shows this view alone and fits its height to what the page posts. */
export function embedCode(hash, title) {
  const src = `${location.origin}${location.pathname}?embed=1#${hash}`;
  return `<iframe src="${src.replace(/&/g, '&amp;')}" title="${title}" width="100%" height="640" style="border:0" loading="lazy"></iframe>\n`
    + '<script>addEventListener("message", (e) => { if (e.data?.type !== "cnn-playground:resize") return;\n'
    + '  for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px"; });</script>';
}

/** "Copy link" and "Copy embed code" buttons with a field showing what was copied. */
export function shareBar(getHash, title) {
  const bar = document.createElement('div');
  bar.className = 'share';
  const out = document.createElement('input');
  out.type = 'text';
  out.readOnly = true;
  out.className = 'mono';
  out.setAttribute('aria-label', 'copied text');
  out.hidden = true;
  const status = document.createElement('span');
  status.className = 'share-status';
  status.setAttribute('role', 'status');
  const copy = (what, text) => {
    out.hidden = false;
    out.value = text;
    out.select();
    const done = () => { status.textContent = `${what} copied`; };
    const fallback = () => { status.textContent = `${what} selected: press Ctrl+C to copy`; };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  };
  const link = button('Copy link', () => copy('Link', pageLink(getHash())));
  const embed = button('Copy embed code', () => copy('Embed code', embedCode(getHash(), title)));
  link.className = 'copy-link';
  embed.className = 'copy-embed';
  bar.append(link, embed, out, status);
  return bar;
}

/** Adds the lab's stylesheet once; resolves when it applies (so nothing jumps after). */
export function useLabStyles() {
  const existing = document.getElementById('lab-css');
  if (existing) return existing.ready;
  const css = Object.assign(document.createElement('link'), { id: 'lab-css', rel: 'stylesheet', href: new URL('./lab.css', import.meta.url).href });
  css.ready = new Promise((resolve) => { css.onload = css.onerror = resolve; });
  document.head.append(css);
  return css.ready;
}

/**
 * Wraps a view's `mount` so that a link edited by hand (a hashchange that keeps the view: the
 * shell only remounts when the view changes) mounts the view again with the new settings.
 * The view's own history.replaceState calls fire no hashchange.
 */
export function remountOnEdit(view, mountView) {
  return async (root, ctx) => {
    let handle = await mountView(root, ctx);
    const onHash = async () => {
      if ((new URLSearchParams(location.hash.slice(1)).get('view') || '') !== view) return;
      handle?.unmount?.();
      root.replaceChildren();
      handle = await mountView(root, ctx);
    };
    window.addEventListener('hashchange', onHash);
    return { unmount() { window.removeEventListener('hashchange', onHash); handle?.unmount?.(); } };
  };
}
