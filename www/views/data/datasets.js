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
import { coreText, t } from '../../lib/i18n.js';
import { loadDigits } from '../../lib/mnist.js';
import { addFolderFiles } from './adding.js';
import { messageBoxes } from './draw.js';
import { filesOfInput } from './folder.js';
import { ownImages } from './images.js';
import { refusal } from './state.js';

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
      messages.replaceChildren(...messageBoxes([{ kind: 'error', items: [refusal(err)] }]));
    }
  });
  host.replaceChildren(el('div', { class: 'ask-images', role: 'alert' },
    el('p', {}, t('data.missing.text')),
    el('p', { class: 'ask-actions' },
      el('label', { class: 'button primary file-button' }, el('span', {}, t('data.own.chooseFolder')), input),
      ' ', el('a', { href: dataLink }, t('data.missing.toData'))),
    messages));
}

/**
 * The images and classes of dataset `name`: {shape: [c, h, w], classes} from the core's
 * default network for it (digits, colour shapes), or from the kept own images (null when
 * there are none).
 */
export async function dataShape(core, name) {
  if (name !== 'own') {
    const { network } = core.parseLink(`data=${name}`).state;
    return { shape: network.input, classes: network.layers[network.layers.length - 1].units };
  }
  const images = ownImages();
  await images.open();
  const summary = images.state.summary;
  return summary?.length ? { shape: summary.shape, classes: summary.classes.length } : null;
}

/**
 * A change of the data a view trains on, for its link: `{data, network}` with `network` fitted
 * to the data's images and classes (the core's fitNetwork), or `{data, network, problem}` when
 * it cannot be fitted (the core's reason) or the own images are not there yet.
 */
export async function dataChange(core, network, name) {
  const target = await dataShape(core, name);
  if (!target) return { data: name, network, problem: t('data.missing.none') };
  try {
    return { data: name, network: core.fitNetwork(network, target.shape, target.classes) };
  } catch (err) {
    return { data: name, network, problem: coreText(err) };
  }
}

/**
 * A choice of the dataset in `host`: a select of the three sources and a link to the data
 * view; `onChange(name)` when another is chosen.
 */
export function dataChooser(host, { value, onChange }) {
  const select = el('select', { 'data-id': 'dataSource', 'aria-label': t('data.source') },
    ['mnist', 'shapes', 'own'].map((name) => el('option', { value: name, selected: name === value }, t(`data.source.${name}`))));
  select.addEventListener('change', () => onChange(select.value));
  host.replaceChildren(el('label', { class: 'field data-choice' }, el('span', {}, t('data.choice')), select),
    el('a', { class: 'data-link', href: `#view=data&data=${value}` }, t('data.choiceLink')));
  return select;
}

/**
 * Class names as the page shows them: the colour shapes' ("red circle") in the page's language;
 * the digits' and own images' (folder names) as they are.
 */
export function shownClassNames(data, names) {
  if (data !== 'shapes') return names;
  return names.map((name) => {
    const [colour, shape] = name.split(' ');
    return t('data.shapeName', { colour: t(`data.colour.${colour}`), shape: t(`data.shape.${shape}`) });
  });
}
