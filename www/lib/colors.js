// The page's colour scales, one polarity each, and their legends. Every scale returns
// [r, g, b] (0..255); `css(rgb)` turns it into a fillStyle.
//
//   diverging(v, scale)  signed values (weights, kernels, gradients): blue negative, white 0,
//                        red positive, full colour at |v| = scale (ColorBrewer RdBu)
//   sequential(v, lo, hi) magnitudes (feature maps, activations, loss surfaces): dark purple
//                        at lo to yellow at hi (viridis): brighter is larger
//   gray(v, lo, hi)      images: lo black, hi white, as MNIST stores digits (0 background,
//                        1 ink) and as the lecture describes them (white = 1, padding black = 0)
//   SERIES               one colour per line of a chart, contender, or optimizer, in order
//
//   host.append(legend('diverging', { min: -0.3, max: 0.3 }))   // a labelled colour bar
//   relabelLegend(figure, { min: -0.5, max: 0.5 })                // the same bar for a new range
//   showLegend(slot, 'sequential', { min, max, label })            // relabels the slot's legend or makes one
import { el, setText } from './dom.js';
import { number, t } from './i18n.js';

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

/** ColorBrewer RdBu, from -1 (#2166ac) through 0 (#f7f7f7) to +1 (#b2182b), 9 stops. */
const RDBU = ['#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b'].map(hex);
/** matplotlib's viridis at 0, 1/8, ..., 1. */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'].map(hex);
/** A value that is not a number (a diverged weight) is drawn in this colour on every scale. */
export const NOT_A_NUMBER = [255, 0, 255];

/** Lines of charts, contenders and optimizers, in order: the nth thing is SERIES[n]. */
export const SERIES = ['#3b5bdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#0c8599', '#c92a2a'];
/** The page's inks for drawing on canvases (the same as style.css). */
export const INK = { text: '#1d2433', muted: '#5c667a', line: '#dde1ea', frame: '#9aa3b5', accent: '#3b5bdb', bad: '#c92a2a', highlight: '#fab005' };

/** 256 colours along `stops`, linearly between neighbouring stops. */
function table(stops) {
  const out = new Array(256);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(x));
    const f = x - k;
    out[i] = stops[k].map((c, j) => Math.round(c + (stops[k + 1][j] - c) * f));
  }
  return out;
}
const RDBU_TABLE = table(RDBU);
const VIRIDIS_TABLE = table(VIRIDIS);
const at = (lut, f) => lut[Math.round(Math.max(0, Math.min(1, f || 0)) * 255)];   // NaN: the low end

/** Signed `value` on the diverging scale; `scale` (> 0) is drawn at full colour. */
export function diverging(value, scale) {
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  return at(RDBU_TABLE, scale > 0 ? 0.5 + value / (2 * scale) : 0.5);
}

/** `value` between `lo` and `hi` on the sequential scale (lo dark, hi bright). */
export function sequential(value, lo, hi) {
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  return at(VIRIDIS_TABLE, hi > lo ? (value - lo) / (hi - lo) : 0);
}

/** An image value between `lo` (black) and `hi` (white); by default 0 to 1. */
export function gray(value, lo = 0, hi = 1) {
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  const v = Math.round(255 * Math.max(0, Math.min(1, hi > lo ? (value - lo) / (hi - lo) : 0)));
  return [v, v, v];
}

/** `[r, g, b]` as a CSS colour for fillStyle / strokeStyle. */
export const css = ([r, g, b]) => `rgb(${r},${g},${b})`;

/** Dark or white text, whichever reads on `[r, g, b]`. */
export const inkOn = ([r, g, b]) => (0.299 * r + 0.587 * g + 0.114 * b > 140 ? INK.text : '#ffffff');

/** The largest finite absolute value of `values[start..end)` (at least a tiny positive number). */
export function maxAbs(values, start = 0, end = values.length) {
  let m = 1e-12;
  for (let i = start; i < end; i++) { const a = Math.abs(values[i]); if (a > m && a < Infinity) m = a; }
  return m;
}

/** [min, max] of the finite values of `values[start..end)`; [0, 0] when there are none. */
export function extent(values, start = 0, end = values.length) {
  let lo = Infinity; let hi = -Infinity;
  for (let i = start; i < end; i++) { const v = values[i]; if (v < lo && v > -Infinity) lo = v; if (v > hi && v < Infinity) hi = v; }
  return lo <= hi ? [lo, hi] : [0, 0];
}

const SCALES = {
  diverging: (f, min, max) => diverging(min + f * (max - min), Math.max(Math.abs(min), Math.abs(max))),
  sequential: (f) => sequential(f, 0, 1),
  gray: (f) => gray(f),
};

/**
 * A colour bar for `kind` ('diverging', 'sequential' or 'gray') from `min` to `max`, labelled
 * at both ends (and at 0 for the diverging scale), with an optional caption `label`.
 */
export function legend(kind, { min, max, label = '' }) {
  const bar = el('canvas', { class: 'color-legend-bar', width: 128, height: 1, 'aria-hidden': 'true' });
  const middle = kind === 'diverging' ? el('span', { class: 'mono' }, '0') : null;
  const figure = el('figure', { class: 'color-legend', role: 'img' },
    label ? el('figcaption', {}, label) : null, bar, el('div', { class: 'color-legend-ticks', 'aria-hidden': 'true' }, el('span', { class: 'mono' }), middle, el('span', { class: 'mono' })));
  figure.dataset.kind = kind;
  figure.dataset.label = label;
  return relabelLegend(figure, { min, max });
}

/**
 * A legend made by legend() shown for a new `min` and `max`: its ends' numbers rewritten and
 * its bar painted again only when its colours change (a diverging bar centred on 0, a
 * sequential or gray bar always look the same). Keeps the elements: a view that redraws while
 * training does not make new canvases and lay the page out again several times a second.
 */
export function relabelLegend(figure, { min, max }) {
  const { kind, label } = figure.dataset;
  const bar = figure.querySelector('canvas');
  const colours = kind === 'diverging' ? `${min / Math.max(Math.abs(min), Math.abs(max))}` : kind;
  if (bar.dataset.colours !== colours) {
    bar.dataset.colours = colours;
    const ctx = bar.getContext('2d');
    const image = ctx.createImageData(128, 1);
    for (let i = 0; i < 128; i++) image.data.set([...SCALES[kind](i / 127, min, max), 255], 4 * i);
    ctx.putImageData(image, 0, 0);
  }
  const ticks = figure.querySelector('.color-legend-ticks').children;
  setText(ticks[0], short(min));
  setText(ticks[ticks.length - 1], short(max));
  const text = t(`colors.${kind}`, { min: short(min), max: short(max) });
  figure.setAttribute('aria-label', label ? `${label}: ${text}` : text);
  return figure;
}

/**
 * The legend for `kind` from `min` to `max` in `slot`: the one already there relabelled when it
 * is of the same kind and label (relabelLegend), else a new one.
 */
export function showLegend(slot, kind, { min, max, label = '' }) {
  const shown = slot.firstElementChild;
  if (shown?.dataset.kind === kind && shown.dataset.label === label) relabelLegend(shown, { min, max });
  else slot.replaceChildren(legend(kind, { min, max, label }));
}

/** A scale's end value for a legend: three significant digits. */
const short = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : number(Number(v.toPrecision(3))));
