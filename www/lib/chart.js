// Charts: line charts drawn by uPlot 1.6.32 (served from our own origin, www/vendor/uplot/,
// copied there by `make build`), and our own bar chart for probabilities.
//
//   const chart = lineChart(host, {
//     height: 200,
//     x: { label: t('x.step'), integer: true },          // a discrete axis: integer ticks only
//     y: { label: t('y.loss'), min: 0 },                  // left axis; missing min/max: from the data
//                                                       // an axis may fix its ticks: splits: [0, 1, 2] (with format)
//     y2: { label: '%', min: 0, max: 100 },               // optional right axis
//     series: [{ label: 'adam 0.001', color: SERIES[0] }, { label: '%', color: SERIES[2], axis: 'y2' }],
//                                                       // a series' legend value: format (v) => text
//   });
//   chart.update([{ xs, ys }, [[0, 10], [20, 80]]]);      // one per series: {xs, ys} or [[x, y]]
//   chart.update(data, series);                            // new series (labels, colours) too
//   chart.mark([{ x: 12, y: 0.8, color: SERIES[1] }]);    // ✕ marks (a diverged run), drawn from the next update on
//   chart.destroy();                                       // when the view unmounts
//
// Series may have different xs (they are joined); a non-finite y leaves a gap. Crisp at any
// devicePixelRatio, 12 px text, width follows the host. uPlot draws on the next frame; then
// the chart's element (`chart.element`) has `data-x-range`, the x axis drawn ("x0 x1"); with `y.offScale`, points above y.max are marked ▲ at the top edge
// and `data-off-scale` names those series ("|"-separated).
//
//   barChart(canvas, probabilities, { labels: DIGITS, highlight: predicted, mark: ' ◆' });
import uPlot from '../vendor/uplot/uPlot.min.js';
import { INK } from './colors.js';
import { el, fitCanvas, loadStyles } from './dom.js';
import { number } from './i18n.js';

await loadStyles(new URL('../vendor/uplot/uPlot.min.css', import.meta.url));

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const INTEGER_STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8].map((p) => m * p)).sort((a, b) => a - b);

/** Nice tick values between lo and hi (about `n` of them). */
export function ticks(lo, hi, n = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** A tick label: 12,000 → "12k", 0.00012 → "1.2e-4", 0.30000000000000004 → "0.3". */
export function formatTick(v) {
  const a = Math.abs(v);
  if (a >= 1e6 || (a < 1e-3 && a > 0)) return v.toExponential(1).replace('e+', 'e').replace('.0e', 'e');
  if (a >= 10000) return `${number(v / 1000, { maximumFractionDigits: 1 })}k`;
  return number(+v.toPrecision(4), { maximumFractionDigits: 4 });
}

let measurer = null;
/** The width of the widest tick label plus room for the ticks: a y axis that fits its numbers. */
function axisSize(u, values) {
  measurer ??= document.createElement('canvas').getContext('2d');
  measurer.font = FONT;
  const widest = Math.max(0, ...(values ?? []).map((v) => measurer.measureText(String(v)).width));
  return Math.ceil(widest) + 14;
}

/** The scale range for an axis: its fixed ends, else the data's, never empty. */
const rangeOf = (axis) => (u, lo, hi) => {
  let a = axis.min ?? lo;
  let b = axis.max ?? hi;
  if (!Number.isFinite(a)) a = Number.isFinite(b) ? b - 1 : 0;
  if (!Number.isFinite(b) || b <= a) b = a + (axis.integer ? 1 : Math.max(1e-9, Math.abs(a)));
  return [a, b];
};

function axisOptions(axis, scale, side) {
  return {
    scale,
    side,
    label: axis.label || undefined,
    font: FONT,
    labelFont: FONT,
    labelSize: axis.label ? 18 : 0,
    stroke: INK.muted,
    size: side === 2 ? 34 : axisSize,
    gap: 4,
    space: side === 2 ? 60 : 28,
    incrs: axis.integer ? INTEGER_STEPS : undefined,
    splits: axis.splits ? (u, i, lo, hi) => axis.splits.filter((v) => v >= lo - 1e-9 && v <= hi + 1e-9) : undefined,
    values: (u, splits) => splits.map((v) => (v == null ? '' : (axis.format ?? formatTick)(v))),   // a log axis leaves some splits unlabelled (null)
    grid: { show: side !== 1, stroke: INK.line, width: 1 },
    ticks: { show: true, stroke: INK.line, width: 1, size: 4 },
  };
}

function uplotOptions(options, series, width, element, marks) {
  const { height = 200, x = {}, y = {}, y2 = null } = options;
  return {
    width,
    height,
    pxAlign: 0,
    legend: { show: options.legend !== false, live: true },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      x: x.log ? { time: false, distr: 3, log: x.log } : { time: false, range: rangeOf(x) },
      y: { range: rangeOf(y) },
      ...(y2 ? { y2: { range: rangeOf(y2) } } : {}),
    },
    axes: [axisOptions(x, 'x', 2), axisOptions(y, 'y', 3), ...(y2 ? [axisOptions(y2, 'y2', 1)] : [])],
    series: [
      { label: x.label || 'x', value: (u, v) => (v == null ? '–' : (x.format ?? formatTick)(v)) },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.width ?? 1.6,
        dash: s.dash,
        scale: s.axis === 'y2' ? 'y2' : 'y',
        spanGaps: false,
        offScale: s.offScale,
        points: { show: s.points ?? false, size: 5, fill: s.color },
        value: (u, v) => (v == null ? '–' : (s.format ?? formatTick)(v)),
      })),
    ],
    hooks: { draw: [(u) => { element.dataset.xRange = `${u.scales.x.min} ${u.scales.x.max}`; drawOffScale(u, options, element); drawMarks(u, marks()); }] },
  };
}

/** One series' points as [xs, ys] with non-finite ys as null (a gap), sorted by x. */
function table(points) {
  const [xs, ys] = Array.isArray(points) ? [points.map((p) => p[0]), points.map((p) => p[1])] : [Array.from(points.xs), Array.from(points.ys)];
  const keep = xs.map((_, i) => i).filter((i) => Number.isFinite(xs[i]));
  keep.sort((a, b) => xs[a] - xs[b]);
  return [keep.map((i) => xs[i]), keep.map((i) => (Number.isFinite(ys[i]) ? ys[i] : null))];
}

/** Marks points above a fixed y.max with ▲ on the top edge; names their series on the host. */
function drawOffScale(u, options, element) {
  if (!options.y?.offScale || options.y.max === undefined) return;
  const names = [];
  const { ctx } = u;
  const top = u.bbox.top;
  u.series.forEach((s, i) => {
    if (i === 0 || s.scale !== 'y' || s.offScale === false) return;
    const above = u.data[i].map((v, k) => (v != null && v > options.y.max ? k : -1)).filter((k) => k >= 0);
    if (!above.length) return;
    names.push(s.label);
    ctx.fillStyle = s.stroke();
    let lastX = -Infinity;
    for (const k of above) {
      const px = u.valToPos(u.data[0][k], 'x', true);
      if (px - lastX < 8 * devicePixelRatio) continue;
      lastX = px;
      const r = 4 * devicePixelRatio;
      ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px - r, top + 1.7 * r); ctx.lineTo(px + r, top + 1.7 * r); ctx.fill();
    }
  });
  element.dataset.offScale = names.join('|');
}

/** Draws each mark {x, y, color, axis} as a white-cased ✕, kept inside the plot's height. */
function drawMarks(u, marks) {
  const { ctx } = u;
  const r = 5 * devicePixelRatio;
  const [top, bottom] = [u.bbox.top + r, u.bbox.top + u.bbox.height - r];
  for (const m of marks) {
    const x = u.valToPos(m.x, 'x', true);
    const y = Math.min(bottom, Math.max(top, u.valToPos(m.y, m.axis ?? 'y', true)));
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    for (const [color, width] of [['#fff', 4.5], [m.color, 2.2]]) {
      ctx.strokeStyle = color;
      ctx.lineWidth = width * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
      ctx.stroke();
    }
  }
}

/** A line chart in `host` (its width follows the host's); see the top of this file. */
export function lineChart(host, options) {
  let series = options.series ?? [];
  let marks = [];
  let plot = null;
  const wrap = el('div', { class: 'line-chart', role: 'img', 'aria-label': options.ariaLabel ?? options.y?.label ?? '' });
  host.append(wrap);
  const width = () => Math.max(160, Math.floor(wrap.clientWidth || host.clientWidth || 300));
  const build = (data) => {
    plot?.destroy();
    plot = new uPlot(uplotOptions(options, series, width(), wrap, () => marks), data, wrap);
  };
  const resize = new ResizeObserver(() => { if (plot && Math.abs(plot.width - width()) > 1) plot.setSize({ width: width(), height: options.height ?? 200 }); });
  resize.observe(wrap);
  const chart = {
    element: wrap,
    get plot() { return plot; },
    update(data, nextSeries) {
      const aligned = data.length ? uPlot.join(data.map(table)) : [[]];
      if (!data.length) for (let i = 0; i < series.length; i++) aligned.push([]);
      const changed = nextSeries && JSON.stringify(nextSeries) !== JSON.stringify(series);
      if (changed) series = nextSeries;
      if (!plot || changed) build(aligned); else plot.setData(aligned);
    },
    mark(list) { marks = list; },
    destroy() { resize.disconnect(); plot?.destroy(); wrap.remove(); },
  };
  chart.update(series.map(() => []));
  return chart;
}

/**
 * Bar chart of `values` (e.g. ten probabilities) with `labels` under the bars (whole
 * categories: one label per bar); the bar at `highlight` is drawn in the accent colour and
 * marked with `mark`. `max` is the value of a full bar; `format` writes the value over a bar.
 */
export function barChart(canvas, values, { labels = [], highlight = -1, max = 1, height = 140, format = (v) => `${Math.round(v * 100)}%`, mark = '' } = {}) {
  const { ctx, width } = fitCanvas(canvas, height);
  ctx.clearRect(0, 0, width, height);
  const n = values.length; const top = 18; const bottom = 20;
  const slot = width / Math.max(1, n); const barW = Math.max(4, slot * 0.64);
  ctx.textAlign = 'center';
  for (let i = 0; i < n; i++) {
    const v = Math.max(0, Math.min(max, values[i] || 0));
    const h = (v / max) * (height - top - bottom);
    const x = i * slot + (slot - barW) / 2; const y = height - bottom - h;
    const on = i === highlight;
    ctx.fillStyle = '#eef0f5'; ctx.fillRect(x, top, barW, height - top - bottom);
    ctx.fillStyle = on ? INK.accent : INK.frame; ctx.fillRect(x, y, barW, h);
    ctx.fillStyle = on ? INK.accent : INK.muted;
    ctx.font = on ? `bold ${FONT}` : FONT;
    ctx.fillText(String(labels[i] ?? i) + (on && mark ? mark : ''), i * slot + slot / 2, height - 5);
    if (v >= 0.005 * max) { ctx.font = FONT; ctx.fillText(format(values[i]), i * slot + slot / 2, Math.max(top - 4, y - 4)); }
  }
}
