// The view shell: how a view is mounted, unmounted, relabelled and given keyboard shortcuts.
// A view module (listed in www/views/registry.js, loaded lazily) exports by default:
//
//   export default {
//     styles: [new URL('./surface.css', import.meta.url)],   // loaded before mount, once per page
//     linked: true,          // its state lives in the link: a link edited by hand remounts it
//     mount(root, ctx) {     // ctx: {core, embed, params, showBanner(message, kind), keys(list)}
//       ctx.keys([{ key: 'Space', label: 'surface.key.play', run: toggle }]);   // label: a catalog key
//       return { unmount() {...}, relabel() {...} };   // relabel: redraw texts after a language switch
//     },
//   };
//
// Shortcuts work anywhere on the page except while typing in a field (Space on a focused
// button runs the shortcut, not the button) and are listed under the view. After a language
// switch the shell translates every data-t element, then calls relabel(); a view without
// relabel() is remounted if it is linked (nothing is lost: its state is in the link).
import { el, loadStyles } from './dom.js';
import { t } from './i18n.js';

let shortcuts = [];
let keysHost = null;

/** Where a key press is typing, not a shortcut: editable fields (a read-only one, e.g. a copied link, is not). */
const TYPING = 'input:not([type="button"]):not([type="submit"]):not([type="reset"]):not([type="range"]):not([readonly]), select, textarea:not([readonly]), [contenteditable]:not([contenteditable="false"])';

/** The key's name as shortcuts spell it: 'Space', 'R', 'ArrowRight', '.'. */
const keyName = (event) => (event.key === ' ' ? 'Space' : event.key.length === 1 ? event.key.toUpperCase() : event.key);

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (event.target.closest?.(TYPING)) return;
  const shortcut = shortcuts.find((s) => s.key === keyName(event));
  if (!shortcut) return;
  event.preventDefault();   // also keeps Space from pressing a focused button
  if (!event.repeat || shortcut.repeat) shortcut.run(event);
}

/** Installs the page's one keyboard listener; shortcuts are listed in `host`. */
export function installShortcuts(host) {
  keysHost = host;
  document.addEventListener('keydown', onKey);
  drawShortcuts();
}

/** Lists the current view's shortcuts (hidden when it has none, and on touch screens by CSS). */
function drawShortcuts() {
  if (!keysHost) return;
  keysHost.hidden = shortcuts.length === 0;
  const name = (key) => (key === 'Space' ? t('keys.space') : key);
  keysHost.replaceChildren(el('span', { class: 'shortcuts-title' }, t('keys.title')),
    ...shortcuts.map((s) => el('span', { class: 'shortcut' }, el('kbd', {}, name(s.key)), ' ', t(s.label))));
}

/**
 * Mounts the view module `module` into `root` with `context` ({core, embed, params, showBanner});
 * returns its handle: {linked, relabel(), unmount()}. Old-style modules (an exported
 * `mount(root, ctx)`) mount as they are.
 */
export async function mountView(module, root, context) {
  const view = module.default ?? { mount: module.mount };
  await Promise.all((view.styles ?? []).map(loadStyles));
  const own = [];
  const keys = (list) => {
    shortcuts = shortcuts.filter((s) => !own.includes(s));
    own.splice(0, own.length, ...list);
    shortcuts.push(...list);
    drawShortcuts();
  };
  const handle = await view.mount(root, { ...context, keys });
  return {
    linked: Boolean(view.linked),
    relabel() {
      drawShortcuts();
      if (!handle?.relabel) return false;
      handle.relabel();
      return true;
    },
    unmount() {
      keys([]);
      handle?.unmount?.();
      root.replaceChildren();
    },
  };
}
