// The page shell: loads the wasm core (once per package), picks the language, shows the
// navigation, and mounts the view named in the link (`#view=train`) through the view shell
// (lib/view.js). The lecture's views get the lecture's package (pkg-lecture: the schema and the
// lecture's functions), the others the page's (pkg); a view downloads only the one it calls.
// With `?embed=1` only the view is shown, without page chrome, and its height is posted to the
// parent page so that an iframe can fit it: {type: "cnn-playground:resize", height}.
import { views } from './views/registry.js';
import { el } from './lib/dom.js';
import { LANGUAGES, language, pickLanguage, setLanguage, t, translate } from './lib/i18n.js';
import { pageLink, rememberLink, setQuery } from './lib/link.js';
import { installShortcuts, mountView } from './lib/view.js';

const root = document.getElementById('view');
const nav = document.getElementById('nav');
const banner = document.getElementById('banner');
const embed = new URLSearchParams(location.search).get('embed') === '1';
let current = null;        // {name, handle}: the view on screen
let bannerText = null;     // () => the banner's message in the current language
const cores = {};          // package name -> Promise of its initialized module

/** The wasm core a view asks for (`core: 'lecture'` in the registry, else the page's), loaded once. */
function coreFor(entry) {
  const name = entry.core ?? 'page';
  cores[name] ??= import(name === 'lecture' ? './pkg-lecture/cnn_playground.js' : './pkg/cnn_playground.js')
    .then(async (module) => { await module.default(); return module; });
  return cores[name];
}

/**
 * Shows a message above the view (kind: 'error' or 'info'); null hides it. `message` is a
 * text, or a function giving it, which is asked again after a language switch.
 */
export function showBanner(message, kind = 'error') {
  bannerText = typeof message === 'function' ? message : message ? () => message : null;
  banner.hidden = !bannerText;
  banner.textContent = bannerText ? bannerText() : '';
  banner.className = `banner ${kind}`;
}

/** The link's hash as key/value pairs (`#view=train&lr=0.01`). */
export function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

/** The view the link names, and a message when it names none (the first view is shown). */
function viewName() {
  const name = hashParams().get('view') || views[0].name;
  if (views.some((v) => v.name === name)) return { name, unknown: null };
  return { name: views[0].name, unknown: () => t('shell.unknownView', { name, fallback: views[0].name, views: views.map((v) => v.name).join(', ') }) };
}

function navLink(v, active, title = t(v.title)) {
  return el('a', { href: `#view=${v.name}`, 'aria-current': v.name === active ? 'page' : null }, title);
}

// Views with a `group` (the lecture's nine concepts) share one tab, linking to the group's
// first view; while one of them is open, a sub-navigation lists them all.
function drawNav(active) {
  const activeGroup = views.find((v) => v.name === active)?.group;
  const links = [];
  const seen = new Set();
  for (const v of views) {
    if (!v.group) { links.push(navLink(v, active)); continue; }
    if (seen.has(v.group)) continue;
    seen.add(v.group);
    const tab = navLink(v, active, t(v.group));
    if (v.group === activeGroup) tab.setAttribute('aria-current', 'page');
    links.push(tab);
  }
  if (activeGroup) {
    links.push(el('div', { class: 'subnav', 'aria-label': t(activeGroup) }, views.filter((v) => v.group === activeGroup).map((v) => navLink(v, active))));
  }
  nav.replaceChildren(...links);
}

/** Mounts the view the link names; a hand-edited link remounts a linked view (its state is the link). */
async function route(event) {
  if (event?.oldURL) rememberLink(new URL(event.oldURL).hash, views[0].name);   // the link the user leaves
  const { name, unknown } = viewName();
  if (current) showBanner(null); // a message about the previous link no longer applies
  if (unknown) showBanner(unknown);
  if (current?.name === name && !(event && current.handle?.linked)) return;
  drawNav(name);
  current?.handle?.unmount();
  // Each view mounts into a host of its own: one that finishes mounting after the user has
  // moved on unmounts its own host, never the view that replaced it.
  const host = el('div', { class: 'view-host' });
  root.replaceChildren(host);
  const entry = views.find((v) => v.name === name);
  const mine = { name, handle: null };
  current = mine;
  try {
    const [module, core] = await Promise.all([entry.load(), coreFor(entry)]);
    const handle = await mountView(module, host, { core, embed, params: hashParams(), showBanner });
    if (current === mine) mine.handle = handle; else handle.unmount();   // another view was asked for meanwhile
  } catch (err) {
    console.error(err);
    showBanner(() => t('shell.viewFailed', { name, reason: err.message }));
  }
}

/** The header's language switch: the page, the view and the link follow at once. */
function languageSwitch() {
  const select = el('select', { id: 'language', 'aria-label': t('shell.language'), 'data-t-aria-label': 'shell.language' },
    Object.entries(LANGUAGES).map(([code, [name]]) => el('option', { value: code, lang: code, selected: code === language() }, name)));
  select.addEventListener('change', () => switchLanguage(select.value));
  return select;
}

async function switchLanguage(code) {
  await setLanguage(code);
  setQuery('lang', code);
  translate(document.body);
  if (bannerText) banner.textContent = bannerText();
  if (!current) return;
  drawNav(current.name);
  if (!current.handle?.relabel() && current.handle?.linked) await route({ type: 'language' });
}

/** In an embedded view: "Open in the full playground", to this very experiment (its language kept). */
function openFullLink() {
  const link = document.querySelector('.open-full a');
  if (!link) return;
  const update = () => { link.href = pageLink(location.hash.slice(1)); };
  for (const type of ['pointerenter', 'focus', 'click']) link.addEventListener(type, update);   // the view rewrites its hash as it changes
  update();
}

function postHeight() {
  if (window.parent === window) return;
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  window.parent.postMessage({ type: 'cnn-playground:resize', height }, '*');
}

/** The language: `lang=` in the link (moved from the hash to the query), else the browser's. */
async function startLanguage() {
  const inHash = hashParams().get('lang');
  const asked = new URLSearchParams(location.search).get('lang') ?? inHash;
  const code = pickLanguage(location.search, location.hash, navigator.languages ?? [navigator.language]);
  if (inHash !== null) {
    const hash = hashParams();
    hash.delete('lang');
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${hash}`);
  }
  await setLanguage(code);
  if (asked !== null) setQuery('lang', code);
  translate(document.body);
  if (asked !== null && asked !== code) showBanner(() => t('shell.unknownLanguage', { asked, shown: LANGUAGES[code][0], known: Object.keys(LANGUAGES).join(', ') }), 'info');
}

async function start() {
  if (embed) document.body.classList.add('embed');
  await startLanguage();
  document.getElementById('language-slot')?.replaceChildren(languageSwitch());
  installShortcuts(document.getElementById('shortcuts'));
  try {
    await coreFor(views.find((v) => v.name === viewName().name));
  } catch (err) {
    root.replaceChildren();
    showBanner(() => t('shell.engineFailed', { reason: err.message }));
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
  if (embed) {
    openFullLink();
    new ResizeObserver(postHeight).observe(document.body);
    postHeight();
  }
}

start();
