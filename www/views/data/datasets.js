// What a view trains on, as the link's `data=` names it: the MNIST digits, the colour shapes
// or the user's own images (kept in this browser by the data view). For a training worker:
//
//   const data = await trainingData('own');       // throws NoOwnImages when this browser has none
//   worker.request('dataset', data, { transfer: transfers(data) });
//   // in the worker: datasetsOf(core, data) -> {train, test} Datasets
//   askForImages(host, { onReady })                // the link's own images are not here: choose a folder
//
// data: {name, kind: 'mnist', bytes} (mnist.bin's format, the page's one copy), or {name, kind:
// 'pixels', shape, classNames, scaling, train: {pixels, labels}, test: {pixels, labels, sources}}.
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
    const opened = await images.open();
    if (opened.length === 0) throw new NoOwnImages();
  }
  return { kind: 'pixels', ...(await images.call('datasets', { name })) };
}

/** The buffers of `data` to transfer (a copy of the digits is posted, the page keeps its own). */
export function transfers(data) {
  if (data.kind === 'mnist') return [];
  return [data.train.pixels.buffer, data.train.labels.buffer, data.test.pixels.buffer, data.test.labels.buffer];
}

/** In a worker: the two Datasets of `data` (the digits split 8,000 / 2,000 as everywhere). */
export function datasetsOf(core, data) {
  if (data.kind === 'mnist') return { train: core.Dataset.fromMnist(data.bytes, 'train'), test: core.Dataset.fromMnist(data.bytes, 'test') };
  const of = (part) => core.Dataset.fromPixels(part.pixels, part.labels, data.shape, data.classNames, data.scaling);
  return { train: of(data.train), test: of(data.test) };
}

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
      if ((await ownImages().open()) && ownImages().state.summary?.length > 0) onReady();
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
