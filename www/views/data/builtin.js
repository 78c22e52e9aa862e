// A built-in dataset on the data view: what it is, its counts per class in each part, and a
// few training images of each class as the network receives them. The images come from the
// images worker (the colour shapes are generated there; the digits are the page's one copy).
//
//   const shown = showBuiltin(host, core, 'shapes');   shown.relabel(); shown.stop();
import { el } from '../../lib/dom.js';
import { coreText, number, t } from '../../lib/i18n.js';
import { loadDigits, watchDigits } from '../../lib/mnist.js';
import { countsTable, drawPreviews } from './draw.js';
import { shownClassNames } from './datasets.js';
import { ownImages } from './images.js';

const PER_CLASS = 12;

export function showBuiltin(host, core, name) {
  const shown = { data: null, stopped: false, unwatch: null };
  const status = el('p', { class: 'hint', role: 'status' }, t('data.builtin.loading'));
  host.replaceChildren(status);
  if (name === 'mnist') shown.unwatch = watchDigits(host);
  load(name).then((data) => {
    if (shown.stopped) return;
    shown.data = data;
    draw(host, name, data);
  }, (err) => {
    if (!shown.stopped) status.textContent = t('data.builtin.failed', { reason: coreText(err) });
  });
  return {
    relabel: () => { if (shown.data) draw(host, name, shown.data); },
    stop: () => { shown.stopped = true; shown.unwatch?.(); },
  };
}

async function load(name) {
  const bytes = name === 'mnist' ? await loadDigits() : undefined;
  return ownImages().call('builtin', { name, bytes: bytes?.slice(), limit: PER_CLASS });
}

function draw(host, name, data) {
  const total = data.counts.reduce((s, c) => s + c.train + c.test, 0);
  const [height, width] = data.shape;
  const names = shownClassNames(name, data.classes.map((c) => c.name));
  const grid = el('div', { class: 'builtin-classes' }, data.classes.map((c, i) => {
    const canvas = el('canvas', { class: 'previews', 'aria-label': t('data.card.previewsLabel', { name: names[i] }) });
    const box = el('div', { class: 'builtin-class' }, el('h3', {}, names[i]), el('div', { class: 'previews-box' }, canvas));
    requestAnimationFrame(() => drawPreviews(canvas, { rgba: c.rgba, count: c.ids.length, height, width }));
    return box;
  }));
  host.replaceChildren(
    el('h2', {}, t(`data.source.${name}`)),
    el('p', {}, t(`data.builtin.${name}`, { total: number(total), classes: data.counts.length, shape: `${data.channels} × ${height} × ${width}` })),
    countsTable(data.counts.map((c, i) => ({ ...c, name: names[i] }))),
    el('p', { class: 'hint' }, t('data.builtin.previews', { count: PER_CLASS })),
    grid,
  );
}
