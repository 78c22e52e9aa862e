// The page shell: loads the wasm core once, shows the navigation, and mounts the view named in
// the link (`#view=train`). With `?embed=1` only the view is shown, without page chrome, and
// its height is posted to the parent page so that an iframe can fit it:
//   {type: "cnn-playground:resize", height}
import init, * as core from './pkg/cnn_playground.js';
import { views } from './views/registry.js';

const root = document.getElementById('view');
const nav = document.getElementById('nav');
const banner = document.getElementById('banner');
const embed = new URLSearchParams(location.search).get('embed') === '1';
let current = null;

/** Shows a message above the view (kind: 'error' or 'info'); null hides it. */
export function showBanner(message, kind = 'error') {
  banner.hidden = !message;
  banner.textContent = message || '';
  banner.className = `banner ${kind}`;
}

/** The link's hash as key/value pairs (`#view=train&lr=0.01`). */
export function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

function viewName() {
  const name = hashParams().get('view') || views[0].name;
  if (views.some((v) => v.name === name)) return name;
  showBanner(`The link asks for view "${name}", which does not exist; showing "${views[0].name}". Views: ${views.map((v) => v.name).join(', ')}.`);
  return views[0].name;
}

function navLink(v, active, title = v.title) {
  const a = document.createElement('a');
  a.href = `#view=${v.name}`;
  a.textContent = title;
  if (v.name === active) a.setAttribute('aria-current', 'page');
  return a;
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
    const tab = navLink(v, active, v.group);
    if (v.group === activeGroup) tab.setAttribute('aria-current', 'page');
    links.push(tab);
  }
  if (activeGroup) {
    const sub = document.createElement('div');
    sub.className = 'subnav';
    sub.setAttribute('aria-label', activeGroup);
    sub.append(...views.filter((v) => v.group === activeGroup).map((v) => navLink(v, active)));
    links.push(sub);
  }
  nav.replaceChildren(...links);
}

async function route() {
  showBanner(null); // a message about the previous link (e.g. an unknown view) no longer applies
  const name = viewName();
  if (current?.name === name) return;
  drawNav(name);
  current?.handle?.unmount?.();
  root.replaceChildren();
  const entry = views.find((v) => v.name === name);
  current = { name, handle: null };
  try {
    const module = await entry.load();
    current.handle = await module.mount(root, { core, embed, params: hashParams(), showBanner });
  } catch (err) {
    console.error(err);
    showBanner(`The view "${name}" failed to start: ${err.message}`);
  }
}

function postHeight() {
  if (window.parent === window) return;
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  window.parent.postMessage({ type: 'cnn-playground:resize', height }, '*');
}

async function start() {
  if (embed) document.body.classList.add('embed');
  try {
    await init();
  } catch (err) {
    root.replaceChildren();
    showBanner(`The network engine (www/pkg/cnn_playground_bg.wasm) could not be loaded: ${err.message}. If you serve www/ yourself, run "make build" first.`);
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
  if (embed) {
    new ResizeObserver(postHeight).observe(document.body);
    postHeight();
  }
}

start();
