// Building and finding a view's elements, sizing canvases for the screen, and loading styles.
//
//   el('button', { class: 'primary', type: 'button', onclick: play }, t('surface.play'))
//   const $ = template(root, `<h2 data-t="surface.title"></h2><canvas data-id="plot"></canvas>`);
//   $.plot                        // the element marked data-id="plot"; a name not there throws
//   const { ctx, width, height } = fitCanvas(canvas, 200);   // draw in CSS pixels, crisp at any devicePixelRatio
//   await loadStyles(new URL('./view.css', import.meta.url));  // once per page, resolves when applied
//   const seen = watchInView([a, b], (node) => redraw(node));  // redraw: called when a node scrolls into view
//   seen.has(a)                   // whether a is on screen (true until the browser first says)
import { translate } from './i18n.js';

/**
 * `el(tag, attrs, ...children)`: an element. `class` sets the class; `on<event>` adds a
 * listener; `true` sets an empty attribute, `false` / null / undefined leave it out; anything
 * else is set as an attribute. Children are nodes or strings (nested arrays are flattened;
 * null, undefined and false are skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/**
 * The elements under `root` marked `data-id="name"`, by name: `refs(root).play`. Looked up
 * when first asked for, then kept; a name with no element throws, naming it (a typo fails
 * loudly, not as "cannot read properties of null").
 */
export function refs(root) {
  const found = new Map();
  return new Proxy({}, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      if (!found.has(name)) {
        const node = root.querySelector(`[data-id="${name}"]`);
        if (!node) throw new Error(`no element with data-id="${name}" in this view`);
        found.set(name, node);
      }
      return found.get(name);
    },
  });
}

/** Puts `html` (static markup: texts as data-t keys) into `root`, translated; returns refs(root). */
export function template(root, html) {
  root.innerHTML = html;
  translate(root);
  return refs(root);
}

/**
 * Sets `node`'s text only when it differs: a write, even of the same text, makes the next read
 * of a size lay the page out again, and a view that redraws while training reads sizes often.
 */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const widths = new WeakMap();
let watcher = null;

/**
 * `node`'s clientWidth, read from the layout once and then kept by a ResizeObserver (it hears
 * every change of size after layout, before the next frame draws). A view that redraws while
 * training reads its canvases' widths between writes; read from the layout, each read would lay
 * the whole page out again.
 */
export function cssWidth(node) {
  let width = widths.get(node);
  if (width === undefined) {
    width = node.clientWidth;
    widths.set(node, width);
    watcher ??= new ResizeObserver((entries) => {
      for (const { target } of entries) {
        if (target.isConnected) widths.set(target, target.clientWidth);
        else { watcher.unobserve(target); widths.delete(target); }
      }
    });
    watcher.observe(node);
  }
  return width;
}

/**
 * Sizes a canvas's backing store to its CSS box times devicePixelRatio and returns a 2-D
 * context scaled so that drawing uses CSS pixels. `height` (CSS px) is set when given; the
 * width comes from the layout (give the canvas a CSS width), or from `width` when given.
 */
export function fitCanvas(canvas, height, width) {
  const ratio = window.devicePixelRatio || 1;
  // styles written only when they change: a write would make the size read below lay the page
  // out again, once per canvas, on every frame that redraws
  if (height && canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
  if (width && canvas.style.width !== `${width}px`) canvas.style.width = `${width}px`;
  const w = Math.max(1, Math.round((width || cssWidth(canvas)) * ratio));
  const h = Math.max(1, Math.round((height || canvas.clientHeight) * ratio));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width: w / ratio, height: h / ratio };
}

/**
 * Which of `nodes` are on screen, kept by an IntersectionObserver: drawing that can wait (the
 * Train view's panels while it trains) is done for what is in view and the rest when it scrolls
 * in. `onEnter(node)` is called when a node comes into view. A node counts as on screen until
 * the observer's first report, so nothing waits on a browser that has not said yet.
 */
export function watchInView(nodes, onEnter) {
  const out = new Set();
  const observer = new IntersectionObserver((entries) => {
    for (const { target, isIntersecting } of entries) {
      if (isIntersecting) {
        if (out.delete(target)) onEnter(target);
      } else out.add(target);
    }
  });
  nodes.forEach((node) => observer.observe(node));
  return { has: (node) => !out.has(node), disconnect: () => observer.disconnect() };
}

const styles = new Map();

/**
 * Adds the stylesheet at `url` (a URL or string, resolved against the page) once per page and
 * resolves when it applies, so that a view mounts with its styles and nothing jumps. A sheet
 * that fails to load resolves too (the view still works, unstyled) and logs why.
 */
export function loadStyles(url) {
  const href = new URL(url, document.baseURI).href;
  if (!styles.has(href)) {
    const link = el('link', { rel: 'stylesheet', href });
    styles.set(href, new Promise((resolve) => {
      link.onload = resolve;
      link.onerror = () => { console.warn(`stylesheet ${href} could not be loaded`); resolve(); };
    }));
    document.head.append(link);
  }
  return styles.get(href);
}

/** Saves `blob` as the file `name`, the browser's download (through a link: no new tab, no server). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
