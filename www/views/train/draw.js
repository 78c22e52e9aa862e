// The Train view's drawings of a snapshot: kernels and dense weights (the diverging scale:
// blue negative, white 0, red positive, each layer at its own ±largest weight), the softmax
// bars and the prepared drawing (gray: MNIST's 0 black to 1 white). Every number comes from
// the core through the worker; these functions only draw. Feature maps: ./maps.js.
import { barChart } from '../../lib/chart.js';
import { INK, diverging, gray, maxAbs, showLegend } from '../../lib/colors.js';
import { cssWidth, el, fitCanvas, setText } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { drawTileSet } from '../../lib/tiles.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
let figures = 0;

/**
 * One captioned canvas with a colour legend per name in `host`, reused while the names stay
 * the same so that nothing jumps: [{figure, caption, canvas, legend}].
 */
export function blocks(host, names) {
  const key = names.join('|');
  if (host.dataset.blocks !== key) {
    host.dataset.blocks = key;
    host.replaceChildren(...names.map((name) => {
      const caption = el('figcaption', { class: 'mono', id: `train-figure-${++figures}` });
      const canvas = el('canvas', { role: 'img', 'aria-labelledby': caption.id });   // named by its caption
      return el('figure', { class: 'map', 'data-name': name }, caption, canvas, el('div', { class: 'legend-slot' }));
    }));
  }
  return [...host.children].map((figure) => ({ figure, caption: figure.children[0], canvas: figure.children[1], legend: figure.children[2] }));
}

/** Puts a colour legend in `slot` (showLegend), skipped when its range and text are as shown. */
export function setLegend(slot, kind, min, max, label) {
  const key = `${kind} ${min.toPrecision(3)} ${max.toPrecision(3)} ${label}`;
  if (slot.dataset.key === key) return;
  slot.dataset.key = key;
  showLegend(slot, kind, { min, max, label });
}

/** Kernels of every conv2d layer: one column per filter, one row per input channel. */
export function drawKernels(host, weights) {
  const convs = weights.filter((w) => w.shape.length === 4);
  if (!convs.length) { delete host.dataset.blocks; host.replaceChildren(el('p', { class: 'muted small' }, t('train.kernels.none'))); return; }
  blocks(host, convs.map((w) => w.name)).forEach(({ canvas, caption, legend: slot }, b) => {
    const w = convs[b];
    const [filters, channels, kh, kw] = w.shape;
    const scale = maxAbs(w.values);
    setText(caption, t('train.kernels.caption', { i: w.name.split('.')[0], filters, channels, kh, kw }));
    const width = cssWidth(canvas) || 300;
    const cell = Math.max(1, Math.min(8, Math.floor((width / filters - 3) / kw)));
    const { ctx, height } = fitCanvas(canvas, channels * (kh * cell + 3));
    ctx.clearRect(0, 0, width, height);
    const color = (v) => diverging(v, scale);
    const tiles = [];
    for (let f = 0; f < filters; f++) {
      for (let c = 0; c < channels; c++) {
        tiles.push({ values: w.values, offset: (f * channels + c) * kh * kw, rows: kh, cols: kw, x: f * (kw * cell + 3), y: c * (kh * cell + 3), cell, color });
      }
    }
    drawTileSet(ctx, tiles);
    setLegend(slot, 'diverging', -scale, scale, t('train.legend.weight'));
  });
}

/** The image shape that a flatten just before layer `index` read, if any. */
function imageBefore(layers, index) {
  for (let i = index - 1; i >= 0; i--) {
    if (layers[i].type === 'flatten') return 'channels' in layers[i].inputShape ? layers[i].inputShape : null;
    if (layers[i].type === 'dense') return null;
  }
  return null;
}

/** How to show a dense layer's weights for one output: as the C x H x W image it reads, or near-square. */
function denseLayout(layers, index, inputs) {
  const image = imageBefore(layers, index);
  if (image && image.channels * image.height * image.width === inputs) return [image.channels, image.height, image.width];
  const w = Math.ceil(Math.sqrt(inputs));
  return [1, Math.ceil(inputs / w), w];
}

/**
 * Dense weights, one image per output (at most 64): for a dense layer after flatten, the
 * channels it reads side by side; the ten outputs of the last layer are the digits.
 */
export function drawDenseWeights(host, weights, layers, names = DIGITS) {
  const denses = weights.filter((w) => w.shape.length === 2);
  blocks(host, denses.map((w) => w.name)).forEach(({ canvas, caption, legend: slot }, b) => {
    const w = denses[b];
    const [units, inputs] = w.shape;
    const index = Number(w.name.split('.')[0]);
    const [c, h, wd] = denseLayout(layers, index, inputs);
    const scale = maxAbs(w.values);
    const last = index === layers.length - 1 && units === names.length;
    setText(caption, t(c > 1 ? 'train.dense.captionImage' : 'train.dense.caption', { i: index, units, inputs: number(inputs), channels: c, h, w: wd }));
    const cols = Math.ceil(Math.sqrt(c));
    const unitW = cols * (wd + 1);
    const shown = Math.min(units, 64);
    const width = cssWidth(canvas) || 300;
    const cell = Math.max(2, Math.min(6, Math.floor((width / 5 - 8) / unitW)));
    const perLine = Math.max(1, Math.min(shown, Math.floor((width + 8) / (unitW * cell + 8))));
    const tileH = Math.ceil(c / cols) * (h + 1) * cell + 16;
    const { ctx, height } = fitCanvas(canvas, Math.ceil(shown / perLine) * tileH);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = INK.muted;
    const color = (v) => diverging(v, scale);
    const tiles = [];
    for (let u = 0; u < shown; u++) {
      const [x0, y0] = [(u % perLine) * (unitW * cell + 8), Math.floor(u / perLine) * tileH];
      ctx.fillText(last ? names[u] : t('train.dense.unit', { u }), x0, y0 + 12);
      for (let ch = 0; ch < c; ch++) {
        tiles.push({ values: w.values, offset: u * inputs + ch * h * wd, rows: h, cols: wd, x: x0 + (ch % cols) * (wd + 1) * cell, y: y0 + 16 + Math.floor(ch / cols) * (h + 1) * cell, cell, color });
      }
    }
    drawTileSet(ctx, tiles);
    setLegend(slot, 'diverging', -scale, scale, t('train.legend.weight'));
  });
}

/**
 * The softmax bars of one image, the predicted class marked ◆; the caption names the
 * prediction and, for a test image, its label (✓ or ✗). Without an image (`shown` null), empty
 * bars. `names`: the classes (the digits by default); bars are numbered when names are long.
 */
export function drawSoftmax(canvas, caption, shown, label, names = DIGITS) {
  const labels = names.every((n) => n.length <= 3) ? names : names.map((_, i) => String(i));
  if (!shown) { barChart(canvas, new Array(names.length).fill(0), { labels }); caption.textContent = ''; return; }
  const { probabilities, predicted } = shown;
  const p = probabilities[predicted];
  const percent = number(p, { style: 'percent', maximumFractionDigits: 1 });
  const [predictedName, labelName] = [names[predicted], names[label]];
  if (!Number.isFinite(p)) setText(caption, t('train.softmax.nan'));
  else if (label === undefined) setText(caption, t('train.softmax.predicted', { predicted: predictedName, percent }));
  else setText(caption, t(label === predicted ? 'train.softmax.right' : 'train.softmax.wrong', { predicted: predictedName, percent, label: labelName }));
  barChart(canvas, Array.from(probabilities), { labels, highlight: Number.isFinite(p) ? predicted : -1, mark: ' ◆',
    format: (v) => number(v, { style: 'percent', maximumFractionDigits: 0 }) });
}

/**
 * The image the network reads (`shape` [channels, height, width], values 0 black to 1 white:
 * grey, or the first three channels as RGB); blank (black) without one.
 */
export function drawPrepared(canvas, image, [c, h, w] = [1, 28, 28]) {
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  const data = new ImageData(w, h);
  const plane = h * w;
  const value = (k, i) => (image ? image[Math.min(k, c - 1) * plane + i] : 0);
  for (let i = 0; i < plane; i++) {
    const rgb = c >= 3 ? [0, 1, 2].map((k) => Math.round(255 * Math.max(0, Math.min(1, value(k, i))))) : gray(value(0, i));
    data.data.set([...rgb, 255], 4 * i);
  }
  ctx.putImageData(data, 0, 0);
}
