// The drawing panels of the train view: kernels, dense weights, feature maps (with max-pool
// winners on hover) and softmax bars. Each draws a snapshot from the worker; every number
// comes from the core.
import { barChart, diverging, drawTile, extent, fitCanvas, grayscale, heat, maxAbs } from '../lib/draw.js';
import { el } from './builder.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Kernels of every conv layer: one column per filter, one row per input channel. */
export function drawKernels(root, weights, layers) {
  const convs = weights.filter((w) => w.shape.length === 4);
  const blocks = syncBlocks(root, convs.map((w) => w.name));
  convs.forEach((w, b) => {
    const [filters, channels, kh, kw] = w.shape;
    const { canvas, caption } = blocks[b];
    const scale = maxAbs(w.values);
    caption.textContent = `layer ${w.name.split('.')[0]} (conv2d): ${filters} filters x ${channels} input channel${channels > 1 ? 's' : ''}, ${kh} x ${kw}; colour ±${scale.toPrecision(2)}`;
    const width = canvas.clientWidth || 300;
    const cell = Math.max(1, Math.min(8, Math.floor((width / filters - 3) / kw)));
    const { ctx } = fitCanvas(canvas, channels * (kh * cell + 3));
    ctx.clearRect(0, 0, width, canvas.clientHeight);
    for (let f = 0; f < filters; f++) {
      for (let c = 0; c < channels; c++) {
        drawTile(ctx, w.values, (f * channels + c) * kh * kw, kh, kw, f * (kw * cell + 3), c * (kh * cell + 3), cell, (v) => diverging(v, scale));
      }
    }
  });
  if (!convs.length) root.replaceChildren(el('p', 'muted', 'This network has no conv2d layer.'));
  void layers;
}

/**
 * Dense weights as one image per output unit. When the dense layer reads a flattened
 * C x H x W image, each output's weights are shown as its C channels side by side (H x W each).
 */
export function drawDenseWeights(root, weights, layers) {
  const denses = weights.filter((w) => w.shape.length === 2);
  const blocks = syncBlocks(root, denses.map((w) => w.name));
  denses.forEach((w, b) => {
    const [units, inputs] = w.shape;
    const index = Number(w.name.split('.')[0]);
    const source = imageBefore(layers, index);
    const [c, h, wd] = source && source.channels * source.height * source.width === inputs ? [source.channels, source.height, source.width] : [1, ...nearSquare(inputs)];
    const cols = Math.ceil(Math.sqrt(c));
    const gridRows = Math.ceil(c / cols);
    const { canvas, caption } = blocks[b];
    const scale = maxAbs(w.values);
    caption.textContent = `layer ${index} (dense): ${units} outputs (${units === 10 ? 'one image per class' : 'one image per unit'}) x ${inputs} inputs${c > 1 ? ` (${c} channels of ${h} x ${wd})` : ''}; colour ±${scale.toPrecision(2)}`;
    const width = canvas.clientWidth || 300;
    const unitW = cols * (wd + 1);
    const shown = Math.min(units, 64);
    const cell = Math.max(2, Math.min(6, Math.floor((width / 5 - 8) / unitW)));
    const perLine = Math.max(1, Math.min(shown, Math.floor((width + 8) / (unitW * cell + 8))));
    const tileH = gridRows * (h + 1) * cell + 14;
    const { ctx } = fitCanvas(canvas, Math.ceil(shown / perLine) * tileH);
    ctx.clearRect(0, 0, width, canvas.clientHeight);
    ctx.font = '10px system-ui, sans-serif'; ctx.fillStyle = '#5c667a';
    for (let u = 0; u < shown; u++) {
      const x0 = (u % perLine) * (unitW * cell + 8); const y0 = Math.floor(u / perLine) * tileH;
      ctx.fillText(units === 10 ? `${u}` : `unit ${u}`, x0, y0 + 10);
      for (let ch = 0; ch < c; ch++) {
        drawTile(ctx, w.values, u * inputs + ch * h * wd, h, wd, x0 + (ch % cols) * (wd + 1) * cell, y0 + 14 + Math.floor(ch / cols) * (h + 1) * cell, cell, (v) => diverging(v, scale));
      }
    }
  });
}

/** The image shape that a flatten just before layer `index` read, if any. */
function imageBefore(layers, index) {
  for (let i = index - 1; i >= 0; i--) {
    const shape = layers[i].inputShape;
    if (layers[i].type === 'flatten') return 'channels' in shape ? shape : null;
    if (layers[i].type === 'dense') return null;
  }
  return null;
}

function nearSquare(n) {
  const w = Math.ceil(Math.sqrt(n));
  return [Math.ceil(n / w), w];
}

/**
 * Feature maps of one example: the input, then every layer's output channels (flatten is
 * skipped: it only reshapes). Hovering a max-pool map marks, on the map it pooled, the
 * position that won each window (red) and the one under the pointer (yellow).
 */
export function drawFeatureMaps(root, input, inspected) {
  const layers = inspected.layers.filter((l) => l.type !== 'flatten');
  const names = ['input', ...layers.map((l) => `${l.index}`)];
  const blocks = syncBlocks(root, names);
  const draws = [];
  const drawOne = (b, values, shape, title, overlay) => {
    const { canvas, caption } = blocks[b];
    const [c, h, w] = shape.length === 3 ? shape : [1, 1, shape[0]];
    const [lo, hi] = extent(values);
    caption.textContent = `${title}: ${shape.join(' x ')}`;
    const width = canvas.clientWidth || 300;
    const cell = Math.max(1, Math.min(shape.length === 3 ? 4 : 14, Math.floor((width / Math.min(c, 8) - 4) / w)));
    const perLine = Math.max(1, Math.floor((width + 4) / (w * cell + 4)));
    const { ctx } = fitCanvas(canvas, Math.ceil(c / perLine) * (h * cell + 4));
    ctx.clearRect(0, 0, width, canvas.clientHeight);
    const color = lo < 0 ? (v) => heat(v, lo, hi) : (v) => grayscale(v, 0, hi);
    const at = (ch) => [(ch % perLine) * (w * cell + 4), Math.floor(ch / perLine) * (h * cell + 4)];
    for (let ch = 0; ch < c; ch++) drawTile(ctx, values, ch * h * w, h, w, ...at(ch), cell, color);
    if (overlay) overlay(ctx, at, cell, w, h);
    return { at, cell, w, h, c, perLine };
  };
  draws.push(drawOne(0, input, [1, 28, 28], 'input digit'));
  layers.forEach((layer, k) => {
    draws.push(drawOne(k + 1, layer.values, layer.shape, `layer ${layer.index} (${layer.type})`));
    if (!layer.switches) return;
    const { canvas } = blocks[k + 1];
    canvas.title = 'Hover to see which input won each window';
    const below = k === 0 ? { values: input, shape: [1, 28, 28], title: 'input digit' } : { values: layers[k - 1].values, shape: layers[k - 1].shape, title: `layer ${layers[k - 1].index} (${layers[k - 1].type})` };
    const highlight = (hit) => {
      const [, oh, ow] = layer.shape;
      drawOne(k, below.values, below.shape, below.title, (ctx, at, cell, w) => {
        const [x0, y0] = at(hit.channel);
        for (let i = 0; i < oh * ow; i++) {
          const s = layer.switches[hit.channel * oh * ow + i];
          ctx.fillStyle = i === hit.row * ow + hit.col ? '#fab005' : 'rgba(224, 49, 49, 0.85)';
          ctx.fillRect(x0 + (s % w) * cell, y0 + Math.floor(s / w) * cell, cell, cell);
        }
      });
    };
    // The hovered window is kept on the canvas (hover), so the highlight survives the redraw of
    // every new snapshot while training instead of being wiped until the pointer moves again.
    canvas.onmousemove = (event) => {
      const hit = hitTile(draws[k + 1], canvas, event);
      canvas.hover = hit;
      if (hit) highlight(hit);
    };
    canvas.onmouseleave = () => { canvas.hover = null; drawOne(k, below.values, below.shape, below.title); };
    const h = canvas.hover;
    if (h && h.channel < layer.shape[0] && h.row < layer.shape[1] && h.col < layer.shape[2]) highlight(h);
  });
}

function hitTile(layout, canvas, event) {
  const rect = canvas.getBoundingClientRect();
  const x = event.clientX - rect.left; const y = event.clientY - rect.top;
  for (let ch = 0; ch < layout.c; ch++) {
    const [x0, y0] = layout.at(ch);
    const col = Math.floor((x - x0) / layout.cell); const row = Math.floor((y - y0) / layout.cell);
    if (col >= 0 && col < layout.w && row >= 0 && row < layout.h) return { channel: ch, row, col };
  }
  return null;
}

/** Softmax bars with the predicted class marked; `label` (if known) is named in the caption. */
export function drawSoftmax(canvas, caption, probabilities, predicted, label) {
  const p = probabilities[predicted];
  const finite = Number.isFinite(p);
  caption.textContent = finite
    ? `predicted ${predicted} (${(100 * p).toFixed(1)}%)${label === undefined ? '' : label === predicted ? ` · true ${label} ✓` : ` · true ${label} ✗`}`
    : 'no prediction: the weights are no longer numbers';
  barChart(canvas, Array.from(probabilities), { labels: DIGITS, highlight: finite ? predicted : -1, mark: ' ◆' });
}

let figures = 0;

/** Keeps one captioned canvas per name in `root`, reusing them so nothing jumps. */
function syncBlocks(root, names) {
  const key = names.join('|');
  if (root.dataset.blocks !== key) {
    root.dataset.blocks = key;
    root.replaceChildren(...names.map(() => {
      const figure = el('figure', 'map');
      const caption = el('figcaption', 'mono');
      caption.id = `figure-${++figures}`;
      const canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-labelledby', caption.id); // named by its caption, e.g. "layer 2 (maxpool): 8 x 14 x 14"
      figure.append(caption, canvas);
      return figure;
    }));
  }
  return [...root.children].map((figure) => ({ caption: figure.firstChild, canvas: figure.lastChild }));
}
