// The evaluation panel, for any dataset (the digits, the colour shapes, own images): what the
// trained network gets right and wrong on the test set. A confusion matrix (click a cell for
// its images), each class's accuracy, and a gallery of test images with their softmax, the
// most confident mistakes first (click one for its feature maps). Every number comes from the
// core's Predictions, made on the page from a training worker's softmax:
//
//   const panel = evaluationPanel(host, { core, previews: (indices) => worker.request('previews', {indices}), onPick: (index) => showMaps(index) });
//   panel.update({ labels, probabilities, classNames, step });   // labels: Uint32Array, probabilities: Float32Array (count x classes)
//   panel.update(data, { later: true }); panel.flush();          // keep now, draw at flush (a view busy training draws what is in view first)
//   panel.relabel(classNames?); panel.destroy();
//
// `previews(indices)` resolves to {rgba: Uint8ClampedArray (one height x width x 4 image after
// another), height, width}: the test images as the network receives them.
import { showLegend } from '../../lib/colors.js';
import { cssWidth, el, template } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { cellAt } from '../../lib/tiles.js';
import { classTable, drawMatrix, galleryTile, matrixCell, matrixTable, rowLabels } from './draw.js';

/** Images in the gallery at most. */
export const GALLERY = 24;

const TEMPLATE = `
<h2><span data-t="eval.title"></span> <span class="eval-summary" data-id="summary"></span></h2>
<div class="eval-grid" data-id="grid">
  <div class="eval-matrix">
    <h3 data-t="eval.matrix"></h3>
    <p class="hint" data-t="eval.matrixHint"></p>
    <div class="matrix-wrap"><div class="matrix-rows" data-id="rows"></div><div><div class="matrix-head" data-t="eval.predicted"></div><canvas class="matrix" data-id="matrix" data-t-aria-label="eval.matrixLabel"></canvas></div></div>
    <div data-id="legend"></div>
    <details class="matrix-numbers"><summary data-t="eval.numbers"></summary><div data-id="matrixTable"></div></details>
  </div>
  <div class="eval-classes"><h3 data-t="eval.perClass"></h3><div data-id="classes"></div></div>
</div>
<h3 data-id="galleryTitle"></h3>
<p class="hint" data-t="eval.galleryHint"></p>
<div class="gallery" data-id="gallery" role="list"></div>`;

export function evaluationPanel(host, { core, previews, onPick }) {
  host.classList.add('evaluation');
  const $ = template(host, TEMPLATE);
  const panel = { $, core, previews, onPick, predictions: null, data: null, selected: null, drawn: 0 };
  $.matrix.addEventListener('click', (event) => {
    const n = panel.data?.classNames.length;
    const at = n && cellAt($.matrix, event, n, n);
    if (!at) return;
    panel.selected = panel.selected && panel.selected[0] === at[0] && panel.selected[1] === at[1] ? null : at;
    draw(panel);
  });
  const resize = new ResizeObserver(() => { if (panel.data && !panel.stale) drawMatrixPart(panel, true); });   // layout is fresh here: read it
  resize.observe(host);
  return {
    /** New predictions, drawn now or, with `later`, at the next `flush()`. */
    update(data, { later = false } = {}) {
      panel.predictions?.free();
      panel.predictions = null;
      panel.drawn += 1;   // a gallery still loading for the last predictions is not shown
      if (!data.probabilities.every((p) => p >= 0 && p <= 1)) {
        // a network about to diverge can overflow before its training loss does
        panel.data = null;
        panel.stale = false;
        panel.notNumbersAt = data.step ?? 0;
        $.summary.textContent = t('eval.notNumbers', { step: number(panel.notNumbersAt) });
        $.grid.hidden = true;
        $.gallery.replaceChildren();
        $.galleryTitle.textContent = '';
        return;
      }
      $.grid.hidden = false;
      panel.data = data;
      panel.predictions = new core.Predictions(data.labels, data.probabilities, data.classNames.length);
      if (panel.selected && panel.selected[0] >= data.classNames.length) panel.selected = null;
      panel.stale = true;
      if (!later) draw(panel);
    },
    /** Draws predictions kept by `update(data, {later: true})`, if any. */
    flush() {
      if (panel.stale && panel.data) draw(panel);
    },
    /** After a language switch; `classNames`: the names in the new language, when they change with it. */
    relabel(classNames) {
      if (!panel.data && panel.notNumbersAt !== undefined) $.summary.textContent = t('eval.notNumbers', { step: number(panel.notNumbersAt) });
      if (!panel.data) return;
      if (classNames) panel.data = { ...panel.data, classNames };
      draw(panel);
    },
    destroy() { resize.disconnect(); panel.predictions?.free(); panel.predictions = null; },
    get predictions() { return panel.predictions; },
  };
}

function draw(panel) {
  const { $, predictions, data } = panel;
  panel.stale = false;
  const summary = predictions.summary();
  $.summary.textContent = t('eval.summary', { count: number(summary.count), step: number(data.step ?? 0), accuracy: number(summary.accuracy, { style: 'percent', maximumFractionDigits: 1 }), correct: number(summary.correct) });
  drawMatrixPart(panel);
  $.classes.replaceChildren(classTable(data.classNames, predictions.perClass()));
  drawGallery(panel);
}

/** The matrix, its row labels, numbers and legend; `resized`: the panel's size just changed. */
function drawMatrixPart(panel, resized = false) {
  const { $, predictions, data } = panel;
  const n = data.classNames.length;
  const box = $.matrix.parentElement.parentElement;
  const cell = matrixCell(n, Math.min(480, (resized ? box.clientWidth : cssWidth(box)) - 140));
  drawMatrix($.matrix, predictions.confusion(), n, cell, panel.selected);
  $.rows.replaceChildren(el('div', { class: 'matrix-head' }, t('eval.truth')), ...rowLabels(data.classNames, cell));
  $.matrixTable.replaceChildren(matrixTable(data.classNames, predictions.confusion()));
  showLegend($.legend, 'sequential', { min: 0, max: 1, label: t('eval.legend') });
}

/** The gallery: the selected cell's images, or the most confident mistakes. */
async function drawGallery(panel) {
  const { $, predictions, data } = panel;
  const names = data.classNames;
  let indices;
  if (panel.selected) {
    const [truth, predicted] = panel.selected;
    const all = predictions.cell(truth, predicted);
    indices = Array.from(all.slice(0, GALLERY));
    $.galleryTitle.textContent = t('eval.cellTitle', { truth: names[truth], predicted: names[predicted], count: all.length, shown: Math.min(all.length, GALLERY) });
  } else {
    const mistakes = predictions.misclassified(GALLERY);
    indices = mistakes.map((m) => m.index);
    $.galleryTitle.textContent = indices.length ? t('eval.mistakesTitle', { shown: indices.length, count: number(predictions.summary().count - predictions.summary().correct) }) : t('eval.noMistakes');
  }
  const drawn = ++panel.drawn;
  const current = () => drawn === panel.drawn && panel.predictions;   // not a newer drawing, and the panel is still there
  let images = null;
  try {
    images = indices.length ? await panel.previews(indices) : null;
  } catch (err) {
    if (current()) $.gallery.replaceChildren(el('p', { class: 'error-text', role: 'alert' }, err.message));
    return;
  }
  if (!current()) return;
  const size = images ? images.height * images.width * 4 : 0;
  const labels = predictions.labels();
  const predictedAll = predictions.predicted();
  const shown = new Map([...$.gallery.querySelectorAll('.gallery-tile')].map((tile) => [Number(tile.dataset.index), tile]));
  $.gallery.replaceChildren(...indices.map((index, k) => galleryTile(shown.get(index), {
    index, label: labels[index], predicted: predictedAll[index], probabilities: predictions.probabilities(index),
    rgba: images.rgba.slice(k * size, (k + 1) * size), height: images.height, width: images.width, classNames: names, onPick: panel.onPick,
  })));
}
