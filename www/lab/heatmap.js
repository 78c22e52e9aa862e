// A loss surface's grid of values (from the core) as an image: colour by log height above the
// lowest value (dark valleys, bright peaks: the shared heat scale of www/lib/draw.js), with contour lines where the colour band changes.

import { heat } from '../lib/draw.js';

const BANDS = 14;

/** ImageData of `columns x rows` values (rows from the top). */
export function heatmap(values, columns, rows) {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
  }
  const span = Math.log1p(Math.max(high - low, 1e-12));
  const level = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    level[i] = Number.isFinite(values[i]) ? Math.log1p(values[i] - low) / span : 1;
  }
  const image = new ImageData(columns, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      const band = Math.floor(level[i] * BANDS);
      const edge = (c + 1 < columns && Math.floor(level[i + 1] * BANDS) !== band)
        || (r + 1 < rows && Math.floor(level[i + columns] * BANDS) !== band);
      const [red, green, blue] = heat(level[i], 0, 1);
      const shade = edge ? 0.78 : 1;
      image.data.set([red * shade, green * shade, blue * shade, 255], i * 4);
    }
  }
  return image;
}

/** An offscreen canvas holding `image`, ready for drawImage with scaling. */
export function toCanvas(image) {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}
