// The lab's link helpers: the toolkit's (www/lib/link.js), plus two the race view still uses
// until it is ported onto the view shell (which remounts a linked view and loads its styles).
import { loadStyles } from '../lib/dom.js';

export { embedCode, pageLink, readLink, shareBar, showWarnings, writeLink } from '../lib/link.js';

/** Adds the lab's stylesheet once; resolves when it applies (so nothing jumps after). */
export const useLabStyles = () => loadStyles(new URL('./lab.css', import.meta.url));

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
