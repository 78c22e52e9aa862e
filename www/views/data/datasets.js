// What a view trains on, as the link's `data=` names it: the MNIST digits, the colour shapes
// or the user's own images (kept in this browser by the data view). For a training worker:
//
//   const data = await trainingData('own');       // throws NoOwnImages when this browser has none
//   worker.request('dataset', data, { transfer: transfers(data) });
//   // in the worker: datasetsOf(core, data) -> {train, test} Datasets (./sources.js)
//   askForImages(host, { onReady })                // the link's own images are not here: choose a folder
//
// data: see ./sources.js.
import { el } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { loadDigits } from '../../lib/mnist.js';
import { addFolderFiles } from './adding.js';
import { messageBoxes } from './draw.js';
import { filesOfInput } from './folder.js';
import { ownImages } from './images.js';

/** This browser keeps no own images (a link made with someone else's was opened here). */
export class NoOwnImages extends Error {
  constructor() {
    super(t('data.missing.text'));
    this.name = 'NoOwnImages';
  }
}

/** The dataset `name` ('mnist', 'shapes' or 'own') for a training worker. */
export async function trainingData(name) {
  if (name === 'mnist') return { name, kind: 'mnist', bytes: await loadDigits() };
  const images = ownImages();
  if (name === 'own') {
    await images.open();
    if ((images.state.summary?.length ?? 0) === 0) throw new NoOwnImages();
  }
  return { kind: 'pixels', ...(await images.call('datasets', { name })) };
}

export { datasetsOf, transfers } from './sources.js';

/**
 * Says in `host` that this link trains on its author's own images, which a link cannot carry,
 * and offers to choose a folder here (one subfolder per class) or to open the data view;
 * `onReady()` once images were added.
 */
export function askForImages(host, { onReady, dataLink }) {
  const input = el('input', { type: 'file', webkitdirectory: true, multiple: true, 'data-id': 'askFolder' });
  const messages = el('div', { class: 'data-messages' });
  input.addEventListener('change', async () => {
    const files = filesOfInput(input);
    input.value = '';
    try {
      const groups = await addFolderFiles(ownImages(), files, { rooted: true });
      messages.replaceChildren(...messageBoxes(groups));
      if (ownImages().state.summary?.length > 0) onReady();
    } catch (err) {
      messages.replaceChildren(...messageBoxes([{ kind: 'error', items: [{ message: err.message }] }]));
    }
  });
  host.replaceChildren(el('div', { class: 'ask-images', role: 'alert' },
    el('p', {}, t('data.missing.text')),
    el('p', { class: 'ask-actions' },
      el('label', { class: 'button primary file-button' }, el('span', {}, t('data.own.chooseFolder')), input),
      ' ', el('a', { href: dataLink }, t('data.missing.toData'))),
    messages));
}
