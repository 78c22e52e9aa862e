// The digits view's stages: the gray image, the digit cropped and scaled to 25 x 14, the binary
// image with its windows and zero padding (hatched), the share of white per window, and those
// numbers in a row: the network's input.
import { css, gray } from '../../lib/colors.js';
import { el, fitCanvas } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { drawTile } from '../../lib/tiles.js';
import { fmt, gridFigure, vector } from '../view.js';

const FIT = [25, 14];
const WINDOW_EDGE = '#e8590c';

/** An image of `rows x cols` values in [0, 1], `cell` CSS px each, black 0 to white 1. */
function image(values, rows, cols, cell, label) {
  const canvas = el('canvas', { 'aria-label': label });
  const { ctx } = fitCanvas(canvas, rows * cell, cols * cell);
  drawTile(ctx, values, 0, rows, cols, 0, 0, cell, (v) => gray(v));
  return canvas;
}

const stage = (canvas, caption) => el('figure', { class: 'stage' }, canvas, el('figcaption', {}, caption));

/** The binary image padded to the windows' grid: padding hatched, every window outlined. */
function binaryWithWindows(p, cell) {
  const [h, w] = FIT;
  const [wh, ww] = p.window;
  const canvas = el('canvas', { 'aria-label': t('lecture.digits.binaryLabel') });
  const { ctx } = fitCanvas(canvas, p.paddedHeight * cell, p.paddedWidth * cell);
  for (let r = 0; r < p.paddedHeight; r++) {
    for (let c = 0; c < p.paddedWidth; c++) {
      const padding = r >= h || c >= w;
      ctx.fillStyle = padding ? '#495057' : css(gray(p.binary[r * w + c]));
      ctx.fillRect(c * cell, r * cell, cell, cell);
      if (padding) {
        ctx.strokeStyle = 'rgba(255,255,255,.5)';
        ctx.beginPath(); ctx.moveTo(c * cell, (r + 1) * cell); ctx.lineTo((c + 1) * cell, r * cell); ctx.stroke();
      }
    }
  }
  ctx.strokeStyle = WINDOW_EDGE;
  ctx.lineWidth = 1.5;
  for (let r = 0; r < p.gridRows; r++) for (let c = 0; c < p.gridCols; c++) ctx.strokeRect(c * ww * cell + 0.75, r * wh * cell + 0.75, ww * cell - 1.5, wh * cell - 1.5);
  return canvas;
}

/** Gray, fitted and binary; and what the padding is. */
export function drawStages(host, note, p) {
  const grayCell = Math.max(1, Math.round(168 / p.width));
  host.replaceChildren(
    stage(image(p.gray, p.height, p.width, grayCell, t('lecture.digits.gray')), t('lecture.digits.gray')),
    stage(image(p.fitted, FIT[0], FIT[1], 7, t('lecture.digits.fitted')), t('lecture.digits.fitted')),
    stage(binaryWithWindows(p, 11), t('lecture.digits.binary', { rows: p.window[0], cols: p.window[1] })));
  note.textContent = p.padRows || p.padCols
    ? t('lecture.digits.padded', { rows: p.window[0], cols: p.window[1], padCols: p.padCols, padRows: p.padRows, height: p.paddedHeight, width: p.paddedWidth })
    : t('lecture.digits.tiled', { rows: p.window[0], cols: p.window[1], gridRows: p.gridRows, gridCols: p.gridCols });
}

/** The ratios as the windows' grid, then in a row, then as the vector x. */
export function drawNumbers(host, p) {
  const n = p.ratios.length;
  const color = (v) => css(gray(v));   // a share of white: 0 black to 1 white, as the binary image
  host.replaceChildren(
    gridFigure(p.ratios, p.gridRows, p.gridCols, { cell: 40, color, text: (v) => fmt(v, 2) }, t('lecture.digits.ratios', { rows: p.window[0], cols: p.window[1] })),
    gridFigure(p.ratios, 1, n, { cell: Math.max(8, Math.floor(340 / n)), color }, t('lecture.digits.row', { count: n })),
    el('p', { class: 'row-of-numbers' }, 'x = ', el('span', { 'data-id': 'features' }, vector(p.ratios))));
}
