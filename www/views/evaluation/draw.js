// The evaluation panel's drawing: the confusion matrix (counts written in, coloured by the
// share of the row: how the images of a true class were predicted), the accuracy of each
// class, and gallery tiles of test images with their softmax. Numbers come from the core's
// Predictions; this file only places them.
import { css, sequential } from '../../lib/colors.js';
import { el } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { grid } from '../../lib/tiles.js';

/** CSS px of a matrix cell for `classes` classes in `width` px: numbers fit from 18 px up. */
export function matrixCell(classes, width) {
  return Math.max(8, Math.min(40, Math.floor((width - 8) / Math.max(1, classes))));
}

/**
 * Draws the `n x n` confusion matrix into `canvas` (row = true class, column = predicted),
 * each cell coloured by its share of the row, the selected cell (`[row, col]`) outlined.
 */
export function drawMatrix(canvas, confusion, n, cell, selected) {
  const rowTotals = Array.from({ length: n }, (_, r) => confusion.slice(r * n, (r + 1) * n).reduce((a, b) => a + b, 0));
  const share = (v, i) => (rowTotals[Math.floor(i / n)] ? v / rowTotals[Math.floor(i / n)] : 0);
  grid(canvas, confusion, n, n, {
    cell,
    gap: cell >= 14 ? 1 : 0,
    color: (v, i) => (v === 0 ? '#f3f4f8' : css(sequential(share(v, i), 0, 1))),
    text: (v) => (v === 0 ? '' : String(v)),
    mark: selected ? (i) => i === selected[0] * n + selected[1] : null,
  });
}

/** The row labels of the matrix: "0 circle", one per cell height. */
export function rowLabels(classNames, cell) {
  return classNames.map((name, i) => el('div', { class: 'matrix-label', style: `height:${cell}px;line-height:${cell}px`, title: name }, `${i} ${name}`));
}

/** The confusion matrix as a table (what a screen reader reads): a row per true class, a column per predicted class. */
export function matrixTable(classNames, confusion) {
  const n = classNames.length;
  return el('table', { class: 'matrix-table mono', 'data-id': 'confusionTable' },
    el('thead', {}, el('tr', {}, el('th', {}, t('eval.truthPredicted')), classNames.map((_, j) => el('th', { title: classNames[j] }, String(j))))),
    el('tbody', {}, classNames.map((name, i) => el('tr', {}, el('th', {}, `${i} ${name}`),
      Array.from(confusion.slice(i * n, (i + 1) * n), (v) => el('td', {}, String(v)))))));
}

/** The table of each class's accuracy: class, right of count, accuracy with a bar. */
export function classTable(classNames, perClass) {
  const rows = perClass.map((s, i) => {
    const accuracy = s.accuracy === null ? '—' : number(s.accuracy, { style: 'percent', maximumFractionDigits: 1 });
    const bar = el('span', { class: 'accuracy-bar' }, el('span', { style: `width:${Math.round(100 * (s.accuracy ?? 0))}%` }));
    return el('tr', {}, el('td', {}, `${i} ${classNames[i]}`), el('td', { class: 'num' }, t('eval.right', { correct: number(s.correct), count: number(s.count) })),
      el('td', { class: 'num' }, accuracy), el('td', {}, bar));
  });
  return el('table', { class: 'class-accuracy', 'data-id': 'classTable' },
    el('thead', {}, el('tr', {}, ['eval.class', 'eval.rightOf', 'eval.accuracy', ''].map((k) => el('th', {}, k ? t(k) : '')))),
    el('tbody', {}, rows));
}

/** The three largest probabilities of `probabilities` as "name 87%". */
function topThree(probabilities, classNames) {
  return Array.from(probabilities, (p, i) => [p, i]).sort((a, b) => b[0] - a[0]).slice(0, 3)
    .map(([p, i]) => `${classNames[i]} ${number(p, { style: 'percent', maximumFractionDigits: 0 })}`).join(' · ');
}

/**
 * A gallery tile: the test image (`rgba`, `height x width`), its true and predicted class, its
 * softmax (bars when there are few classes: true class green, predicted red), clickable.
 * `tile`: the tile this index had in the last gallery, updated in place (its image drawn again
 * only when it changed): the gallery is redrawn at every test while training, and new canvases
 * each time cost the page more of its frames than anything else it drew.
 */
export function galleryTile(tile, { index, label, predicted, probabilities, rgba, height, width, classNames, onPick }) {
  if (!tile) {
    tile = el('button', { type: 'button', 'data-index': index, onclick: () => onPick(index) },
      el('canvas', { class: 'gallery-image', 'aria-hidden': 'true' }), el('span', { class: 'tile-caption' }), el('span', { class: 'softmax-bars', 'aria-hidden': 'true' }), el('span', { class: 'tile-top' }));
  }
  const [image, caption, bars, top] = tile.children;
  if (!sameImage(image, rgba, width, height)) {
    Object.assign(image, { width, height });
    image.getContext('2d').putImageData(new ImageData(rgba, width, height), 0, 0);
    image.pixels = rgba;
  }
  const right = label === predicted;
  tile.className = `gallery-tile ${right ? 'right' : 'wrong'}`;
  tile.title = t('eval.tileTitle', { index });
  caption.textContent = t(right ? 'eval.tileRight' : 'eval.tileWrong', { truth: classNames[label], predicted: classNames[predicted], confidence: number(probabilities[predicted], { style: 'percent', maximumFractionDigits: 0 }) });
  bars.hidden = classNames.length > 20;
  if (!bars.hidden) softmaxBars(bars, probabilities, label, predicted);
  top.textContent = topThree(probabilities, classNames);
  return tile;
}

const sameImage = (canvas, rgba, width, height) => canvas.width === width && canvas.height === height && canvas.pixels?.length === rgba.length && canvas.pixels.every((v, i) => v === rgba[i]);

/** One bar per class, as heights of spans (no canvas to upload): true class green, predicted red. */
function softmaxBars(host, probabilities, label, predicted) {
  while (host.children.length > probabilities.length) host.lastChild.remove();
  while (host.children.length < probabilities.length) host.append(el('i'));
  probabilities.forEach((p, i) => {
    const bar = host.children[i];
    bar.className = i === label ? 'truth' : i === predicted ? 'predicted' : '';
    bar.style.height = `${Math.max(1, Math.round(p * 18))}px`;
  });
}
