// A first-visit guide: a short "what to try" list at the top of a view, dismissable, and
// remembered once dismissed (in localStorage, per view), so it greets a newcomer once.
//
//   const g = guide(host, { id: 'race', steps: ['race.guide.start', 'race.guide.diverge'] });
//   g.relabel();     // after a language switch (the texts are catalog keys)
//   g.remove();      // when the view unmounts
//
// `id` names the guide (one per view); `steps` are catalog keys, each one thing to try;
// `title` (a catalog key, default 'guide.title') heads the list. A guide already dismissed in
// this browser shows nothing (`g.element` is null). Embedded views should not show one: the
// course page around them does the guiding.
import { el } from './dom.js';
import { t } from './i18n.js';

const STORE = 'cnn-playground:guide:';

/** Whether the guide `id` was dismissed in this browser (storage that cannot be read counts as not). */
export function dismissed(id) {
  try {
    return localStorage.getItem(STORE + id) === 'dismissed';
  } catch {
    return false;
  }
}

/** Remembers (or with `false` forgets) that the guide `id` was dismissed. */
export function setDismissed(id, value = true) {
  try {
    if (value) localStorage.setItem(STORE + id, 'dismissed'); else localStorage.removeItem(STORE + id);
  } catch {
    // storage refused (a private window's quota, a sandboxed frame): the guide shows again next time
  }
}

/** Shows the guide `id` at the top of `host` unless it was dismissed; see the top of this file. */
export function guide(host, { id, steps, title = 'guide.title' }) {
  if (dismissed(id)) return { element: null, relabel() {}, remove() {} };
  const heading = el('strong', { class: 'guide-title' });
  const list = el('ol', { class: 'guide-steps' });
  const ok = el('button', { type: 'button', class: 'guide-dismiss', 'data-id': 'guideDismiss' });
  const element = el('aside', { class: 'guide', 'data-guide': id, role: 'note' }, heading, list, ok);
  const relabel = () => {
    heading.textContent = t(title);
    list.replaceChildren(...steps.map((key) => el('li', {}, t(key))));
    ok.textContent = t('guide.dismiss');
    ok.title = t('guide.dismissTitle');
  };
  ok.addEventListener('click', () => {
    setDismissed(id);
    element.remove();
  });
  relabel();
  host.prepend(element);
  return { element, relabel, remove: () => element.remove() };
}
