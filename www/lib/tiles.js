// Drawing numbers as coloured cells, ours: kernels, weights, feature maps, heatmaps, and grids
// of numbers with their values written in. Colours come from ./colors.js; these functions only
// place cells. All are crisp at any devicePixelRatio.
//
//   drawTile(ctx, values, offset, rows, cols, x, y, cell, (v) => diverging(v, scale))
//   drawTileSet(ctx, [{ values, offset, rows, cols, x, y, cell, color }, ...])   // many, one upload
//   const layout = drawTiles(canvas, maps, channels, h, w, (v) => sequential(v, lo, hi), { label: (i) => `${i}` })
//   grid(canvas, values, rows, cols, { cell: 34, color: (v) => css(gray(v)), text: (v) => fmt(v) })
//   cellAt(canvas, event, cols, rows)        // [row, col] under the pointer, or null
//   heatmap(levels, columns, rows, { color, bands })   // an offscreen canvas to drawImage, scaled
import { INK, css, gray, inkOn } from './colors.js';
import { el, fitCanvas } from './dom.js';

/** Tiles are packed into rows of the atlas at most this many values wide. */
const ATLAS_WIDTH = 512;

let scratch = null;
/** The atlas canvas, at least `w x h` (it only grows: drawing copies out of the part just written). */
function atlasCanvas(w, h) {
  scratch ??= document.createElement('canvas');
  if (scratch.width < w || scratch.height < h) { scratch.width = Math.max(w, scratch.width); scratch.height = Math.max(h, scratch.height); }
  return scratch;
}

/**
 * Draws a `rows x cols` block of values (row-major, from `values[offset]`) at (x, y) with
 * `cell` CSS pixels per value, coloured by `color(v)` -> [r, g, b]. Square, unsmoothed pixels.
 * A canvas of many tiles draws them with one drawTileSet.
 */
export function drawTile(ctx, values, offset, rows, cols, x, y, cell, color) {
  drawTileSet(ctx, [{ values, offset, rows, cols, x, y, cell, color }]);
}

/**
 * Draws many tiles ({ values, offset, rows, cols, x, y, cell, color }, as drawTile's arguments)
 * onto one canvas: all are coloured into one image (an atlas, one value a pixel, 1 px apart),
 * put into a scratch canvas once and copied out scaled. One upload a canvas, not one a tile:
 * drawing from a canvas changed since its last copy makes the browser upload it again (the
 * Train view draws ~400 tiles a snapshot, several snapshots a second while training).
 */
export function drawTileSet(ctx, tiles) {
  if (!tiles.length) return;
  let [x, y, shelf, width] = [0, 0, 0, 0];
  const spots = tiles.map(({ rows, cols }) => {
    if (x > 0 && x + cols > ATLAS_WIDTH) [x, y, shelf] = [0, y + shelf + 1, 0];
    const spot = [x, y];
    x += cols + 1;
    shelf = Math.max(shelf, rows);
    width = Math.max(width, x - 1);
    return spot;
  });
  const image = new ImageData(width, y + shelf);
  const { data } = image;
  tiles.forEach(({ values, offset, rows, cols, color }, k) => {
    const [sx, sy] = spots[k];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const [red, green, blue] = color(values[offset + r * cols + c]);
        const p = 4 * ((sy + r) * width + sx + c);
        data[p] = red; data[p + 1] = green; data[p + 2] = blue; data[p + 3] = 255;
      }
    }
  });
  const atlas = atlasCanvas(image.width, image.height);
  atlas.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  tiles.forEach(({ rows, cols, x: tx, y: ty, cell }, k) => ctx.drawImage(atlas, spots[k][0], spots[k][1], cols, rows, tx, ty, cols * cell, rows * cell));
}

/**
 * Lays out `count` tiles of `rows x cols` into a canvas, wrapping lines: tile `i` starts at
 * `values[i * rows * cols]`. Sizes the canvas to fit (CSS width from layout) and returns the
 * layout `{cell, gap, perLine, positions: [[x, y]], rows, cols}` for hit-testing.
 */
export function drawTiles(canvas, values, count, rows, cols, color, { maxCell = 6, gap = 3, label } = {}) {
  const width = canvas.clientWidth || 300;
  let cell = maxCell;
  const perLineAt = (c) => Math.max(1, Math.floor((width + gap) / (cols * c + gap)));
  while (cell > 1 && perLineAt(cell) < Math.min(count, 4)) cell--;
  const perLine = Math.min(count, perLineAt(cell));
  const lines = Math.ceil(count / perLine);
  const labelH = label ? 14 : 0;
  const height = lines * (rows * cell + gap + labelH);
  const { ctx } = fitCanvas(canvas, Math.max(height, 8));
  ctx.clearRect(0, 0, width, height);
  const positions = [];
  const tiles = [];
  for (let i = 0; i < count; i++) {
    const x = (i % perLine) * (cols * cell + gap);
    const y = Math.floor(i / perLine) * (rows * cell + gap + labelH) + labelH;
    if (label) { ctx.fillStyle = INK.muted; ctx.font = '11px system-ui, sans-serif'; ctx.fillText(label(i), x, y - 3); }
    tiles.push({ values, offset: i * rows * cols, rows, cols, x, y, cell, color });
    positions.push([x, y]);
  }
  drawTileSet(ctx, tiles);
  return { cell, gap, perLine, positions, rows, cols };
}

/**
 * A `rows x cols` grid of values, `cell` CSS pixels each: `color(v, i)` (a CSS colour) fills a
 * cell, `text(v, i)` writes into it when cells are 18 px or larger (null: nothing), `mark(i)`
 * outlines it. Returns the cell size; `i = row * cols + col`.
 */
export function grid(canvas, values, rows, cols, { cell = 28, color = (v) => css(gray(v)), text = null, mark = null, gap = 0 } = {}) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cols * cell * ratio);
  canvas.height = Math.round(rows * cell * ratio);
  canvas.style.width = `${cols * cell}px`;   // the height follows the width's ratio, also when a narrow screen shrinks it
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cols * cell, rows * cell);
  const textPx = Math.max(10, Math.min(14, cell * 0.36));
  ctx.font = `${textPx}px ui-monospace, monospace`;
  if (text && cell >= 18) canvas.dataset.textPx = String(textPx);   // what the numbers' text is, in CSS px, for checks of readability
  else delete canvas.dataset.textPx;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  Array.from(values).forEach((v, i) => {
    const [x, y] = [(i % cols) * cell, Math.floor(i / cols) * cell];
    ctx.fillStyle = color(v, i);
    ctx.fillRect(x + gap, y + gap, cell - 2 * gap, cell - 2 * gap);
    const label = text && cell >= 18 ? text(v, i) : null;
    if (label !== null) {
      ctx.fillStyle = inkOn(rgbOf(ctx.fillStyle));
      ctx.fillText(label, x + cell / 2, y + cell / 2 + 1);
    }
  });
  if (mark) {
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#f08c00';
    for (let i = 0; i < values.length; i++) if (mark(i)) ctx.strokeRect((i % cols) * cell + 1.5, Math.floor(i / cols) * cell + 1.5, cell - 3, cell - 3);
  }
  return cell;
}

/** A canvas fillStyle read back ("#rrggbb" or "rgba(...)") as [r, g, b]. */
function rgbOf(style) {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(style);
  if (hex) return hex.slice(1).map((h) => parseInt(h, 16));
  const rgb = /(\d+)\D+(\d+)\D+(\d+)/.exec(style);
  return rgb ? rgb.slice(1).map(Number) : [255, 255, 255];
}

/** The [row, col] of a `rows x cols` grid under a pointer event on `canvas`, or null. */
export function cellAt(canvas, event, cols, rows) {
  const box = canvas.getBoundingClientRect();
  const col = Math.floor(((event.clientX - box.left) / box.width) * cols);
  const row = Math.floor(((event.clientY - box.top) / box.height) * rows);
  return row >= 0 && row < rows && col >= 0 && col < cols ? [row, col] : null;
}

/**
 * A heatmap of `levels` (`columns x rows`, rows from the top, each in [0, 1]) as an offscreen
 * canvas, ready for drawImage at any size. `color(level)` -> [r, g, b]; with `bands` > 0 the
 * cells where the level crosses into another of `bands` equal bands are darkened: contour lines.
 */
export function heatmap(levels, columns, rows, { color, bands = 0 }) {
  const image = new ImageData(columns, rows);
  const band = (i) => Math.floor(levels[i] * bands);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      const edge = bands > 0 && ((c + 1 < columns && band(i + 1) !== band(i)) || (r + 1 < rows && band(i + columns) !== band(i)));
      const shade = edge ? 0.78 : 1;
      const [red, green, blue] = color(levels[i]);
      image.data.set([red * shade, green * shade, blue * shade, 255], i * 4);
    }
  }
  const canvas = el('canvas', { width: columns, height: rows });
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}
