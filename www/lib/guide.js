// A first-visit guide: a short, dismissable "what to try" list at the top of a view, shown
// until the reader dismisses it, then remembered (localStorage) and offered again only by a
// small "What to try" button.
//
//   const tour = guide(host, {
//     id: 'train',                                  // what is remembered: cnn-playground:guide:train
//     title: 'train.guide.title',                   // catalog keys, asked again on relabel()
//     steps: ['train.guide.play', 'train.guide.draw', { text: 'train.guide.race', href: '#view=race', link: 'train.guide.raceLink' }],
//   });
//   tour.done(0);       // ticks step 0 (the reader did it); a guide whose steps are all done stays until dismissed
//   tour.relabel();     // after a language switch
//   tour.remove();      // when the view unmounts
//
// Where storage is blocked (some embeds), the guide still works; it is just not remembered.
import { el } from './dom.js';
import { t } from './i18n.js';

const KEY = (id) => `cnn-playground:guide:${id}`;

function remembered(id) {
  try { return localStorage.getItem(KEY(id)) === 'dismissed'; } catch { return false; }
}

function remember(id, dismissed) {
  try {
    if (dismissed) localStorage.setItem(KEY(id), 'dismissed'); else localStorage.removeItem(KEY(id));
  } catch { /* storage blocked: not remembered */ }
}

/** The guide in `host` (see the top of this file); returns {element, done(i), show(), hide(), relabel(), remove()}. */
export function guide(host, { id, title, steps }) {
  const list = el('ol', { class: 'guide-steps' });
  const heading = el('strong', { class: 'guide-title' });
  const close = el('button', { type: 'button', class: 'guide-close', onclick: () => hide(true) }, '×');
  const box = el('aside', { class: 'guide', role: 'note' }, el('div', { class: 'guide-head' }, heading, close), list);
  const reopen = el('button', { type: 'button', class: 'guide-reopen', onclick: () => show() });
  const ticked = new Set();
  host.append(box, reopen);

  function relabel() {
    heading.textContent = t(title);
    close.setAttribute('aria-label', t('guide.dismiss'));
    close.title = t('guide.dismiss');
    reopen.textContent = t('guide.reopen');
    list.replaceChildren(...steps.map((step, i) => {
      const { text, href, link } = typeof step === 'string' ? { text: step } : step;
      return el('li', { class: ticked.has(i) ? 'done' : null },
        t(text), href ? [' ', el('a', { href }, t(link))] : null);
    }));
  }
  function show() {
    remember(id, false);
    box.hidden = false;
    reopen.hidden = true;
  }
  function hide(dismissed) {
    if (dismissed) remember(id, true);
    box.hidden = true;
    reopen.hidden = false;
  }

  relabel();
  if (remembered(id)) hide(false); else show();
  return {
    element: box,
    done(i) { if (!ticked.has(i)) { ticked.add(i); relabel(); } },
    show,
    hide: () => hide(true),
    relabel,
    remove() { box.remove(); reopen.remove(); },
  };
}
