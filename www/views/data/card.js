// One class of the own dataset on screen: its name (edit to rename), its count, the preview
// grid of what the network receives, the selected image with Remove, and its tools: add
// images, the camera, the drawing pad. A card stays while its class does, so an open camera
// keeps running while the previews change.
//
//   const card = classCard(name, actions);   // actions: {rename, remove, addFiles, camera, draw, select, removeImage}
//   card.update({count, previews, shape, selected});  card.element;  card.captureHost
import { el } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { drawPreviews, previewAt } from './draw.js';

export function classCard(name, actions) {
  const $ = {};
  $.name = el('input', { type: 'text', class: 'class-name', value: name, 'aria-label': t('data.card.nameLabel'), 'data-id': 'className' });
  $.count = el('span', { class: 'class-count' });
  $.remove = el('button', { type: 'button', class: 'icon danger', 'data-id': 'removeClass', title: t('data.card.removeTitle', { name }), 'aria-label': t('data.card.removeTitle', { name }) }, '✕');
  $.canvas = el('canvas', { class: 'previews', 'data-id': 'previews', 'aria-label': t('data.card.previewsLabel', { name }) });
  $.more = el('p', { class: 'hint more' });
  $.selected = el('div', { class: 'selected-image' });
  $.files = el('input', { type: 'file', multiple: true, accept: 'image/*', 'data-id': 'addFiles' });
  $.addLabel = el('label', { class: 'button file-button' }, el('span', {}, t('data.card.addImages')), $.files);
  $.camera = el('button', { type: 'button', 'data-id': 'camera' }, t('data.card.camera'));
  $.draw = el('button', { type: 'button', 'data-id': 'draw' }, t('data.card.draw'));
  const captureHost = el('div', { class: 'capture-host' });
  const element = el('article', { class: 'panel class-card', 'data-class': name },
    el('header', {}, $.name, $.count, $.remove),
    el('div', { class: 'previews-box' }, $.canvas), $.more, $.selected,
    el('div', { class: 'class-tools' }, $.addLabel, $.camera, $.draw), captureHost);
  const card = { element, captureHost, name, layout: null, info: null };
  wireCard(card, $, actions);
  card.update = (info) => updateCard(card, $, info, actions);
  return card;
}

function wireCard(card, $, actions) {
  $.name.addEventListener('change', () => actions.rename(card.name, $.name.value, () => { $.name.value = card.name; }));
  $.name.addEventListener('keydown', (event) => { if (event.key === 'Enter') $.name.blur(); });
  $.remove.addEventListener('click', () => actions.remove(card.name, card.info?.count ?? 0));
  $.files.addEventListener('change', () => { actions.addFiles(card.name, Array.from($.files.files)); $.files.value = ''; });
  $.camera.addEventListener('click', () => actions.camera(card));
  $.draw.addEventListener('click', () => actions.draw(card));
  $.canvas.addEventListener('click', (event) => {
    if (!card.layout) return;
    const index = previewAt($.canvas, event, card.layout);
    if (index >= 0) actions.select(card.name, card.info.previews.ids[index]);
  });
  card.element.addEventListener('dragover', (event) => { event.preventDefault(); card.element.classList.add('dragging'); });
  card.element.addEventListener('dragleave', () => card.element.classList.remove('dragging'));
  card.element.addEventListener('drop', (event) => {
    event.preventDefault();
    event.stopPropagation();
    card.element.classList.remove('dragging');
    actions.dropFiles(card.name, event.dataTransfer);
  });
}

/** `info`: {name, count, previews: {ids, rgba}, shape: [h, w], selected: {id, source} | null}. */
function updateCard(card, $, info, actions) {
  card.info = info;
  card.name = info.name;
  if (document.activeElement !== $.name) $.name.value = info.name;
  card.element.dataset.class = info.name;
  $.count.textContent = t('data.card.count', { count: info.count, shown: number(info.count) });
  const ids = info.previews?.ids ?? [];
  const [height, width] = info.shape;
  const selectedIndex = info.selected ? Array.from(ids).indexOf(info.selected.id) : -1;
  $.canvas.hidden = ids.length === 0;
  card.layout = ids.length ? drawPreviews($.canvas, { rgba: info.previews.rgba, count: ids.length, height, width }, selectedIndex) : null;
  $.more.textContent = info.count === 0 ? t('data.card.empty') : info.count > ids.length ? t('data.card.more', { shown: number(ids.length), count: number(info.count) }) : '';
  $.selected.replaceChildren(...(info.selected ? [
    el('span', { class: 'mono' }, info.selected.source),
    el('button', { type: 'button', 'data-id': 'removeImage', onclick: () => actions.removeImage(info.selected.id) }, t('data.card.removeImage')),
  ] : []));
}
