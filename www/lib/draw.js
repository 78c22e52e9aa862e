// Canvas drawing helpers shared by every view: colour scales, image tiles (weights, feature
// maps), a line chart with several series and axes, and a bar chart. Plain functions on a
// <canvas>; they only draw numbers they are given (the numbers come from the core).
//
//   import { fitCanvas, diverging, grayscale, drawTile, drawTiles, lineChart, barChart } from '../lib/draw.js';

/**
 * Sizes a canvas's backing store to its CSS box times devicePixelRatio and returns a 2-D
 * context scaled so that drawing uses CSS pixels. `height` (CSS px) is set when given; the
 * width comes from the layout (the canvas should have a CSS width).
 */
export function fitCanvas(canvas, height) {
  const ratio = window.devicePixelRatio || 1;
  if (height) canvas.style.height = `${height}px`;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round((height || canvas.clientHeight) * ratio));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width: w / ratio, height: h / ratio };
}

/**
 * Diverging colour scale for weights: negative blue, zero white, positive red; `scale` is
 * the magnitude drawn at full colour. Returns [r, g, b] (0..255).
 */
export function diverging(value, scale) {
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  if (!Number.isFinite(t)) return [255, 0, 255];
  const a = Math.abs(t);
  return t >= 0
    ? [255 - a * (255 - 178), 255 - a * (255 - 24), 255 - a * (255 - 43)]   // to #b2182b
    : [255 - a * (255 - 33), 255 - a * (255 - 102), 255 - a * (255 - 172)];  // to #2166ac
}

/** Grayscale for activations and images: `min` black-on-white paper (white), `max` ink (dark). */
export function grayscale(value, min, max) {
  const t = max > min ? Math.max(0, Math.min(1, (value - min) / (max - min))) : 0;
  const v = Number.isFinite(t) ? 255 - t * 235 : 0;
  return [v, v, v];
}

/** A sequential heat scale (dark blue to yellow), for feature maps with signed values. */
export function heat(value, min, max) {
  const t = max > min ? Math.max(0, Math.min(1, (value - min) / (max - min))) : 0;
  return [30 + 225 * t, 30 + 200 * Math.sqrt(t), 90 + 60 * (1 - t) - 60 * t];
}

/** The largest absolute value of `values` (at least a tiny positive number). */
export function maxAbs(values, start = 0, end = values.length) {
  let m = 1e-12;
  for (let i = start; i < end; i++) { const a = Math.abs(values[i]); if (a > m) m = a; }
  return m;
}

/** [min, max] of `values[start..end)`. */
export function extent(values, start = 0, end = values.length) {
  let lo = Infinity; let hi = -Infinity;
  for (let i = start; i < end; i++) { const v = values[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * Draws a `rows x cols` grid of values (row-major, from `values[offset]`) as a tile at
 * (x, y) of `cell` CSS pixels per value, coloured by `color(v)` -> [r, g, b]. Crisp pixels.
 */
export function drawTile(ctx, values, offset, rows, cols, x, y, cell, color) {
  const image = new ImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = color(values[offset + i]);
    image.data[4 * i] = r; image.data[4 * i + 1] = g; image.data[4 * i + 2] = b; image.data[4 * i + 3] = 255;
  }
  const tmp = tileCanvas(cols, rows);
  tmp.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, x, y, cols * cell, rows * cell);
}

let scratch = null;
function tileCanvas(w, h) {
  scratch ??= document.createElement('canvas');
  if (scratch.width !== w || scratch.height !== h) { scratch.width = w; scratch.height = h; }
  return scratch;
}

/**
 * Lays out `count` tiles of `rows x cols` into a canvas, wrapping lines: tile `i` starts at
 * `values[i * rows * cols]`. Sizes the canvas to fit (CSS width from layout) and returns the
 * layout `{cell, gap, perLine, positions: [[x, y]]}` for hit-testing.
 */
export function drawTiles(canvas, values, count, rows, cols, color, { maxCell = 6, gap = 3, label } = {}) {
  const width = canvas.clientWidth || 300;
  let cell = maxCell;
  const perLineAt = (c) => Math.max(1, Math.floor((width + gap) / (cols * c + gap)));
  while (cell > 1 && perLineAt(cell) * 1 < Math.min(count, 4)) cell--;
  const perLine = Math.min(count, perLineAt(cell));
  const lines = Math.ceil(count / perLine);
  const labelH = label ? 12 : 0;
  const height = lines * (rows * cell + gap + labelH);
  const { ctx } = fitCanvas(canvas, Math.max(height, 8));
  ctx.clearRect(0, 0, width, height);
  const positions = [];
  for (let i = 0; i < count; i++) {
    const x = (i % perLine) * (cols * cell + gap);
    const y = Math.floor(i / perLine) * (rows * cell + gap + labelH) + labelH;
    if (label) { ctx.fillStyle = '#5c667a'; ctx.font = '10px system-ui, sans-serif'; ctx.fillText(label(i), x, y - 2); }
    drawTile(ctx, values, i * rows * cols, rows, cols, x, y, cell, color);
    positions.push([x, y]);
  }
  return { cell, gap, perLine, positions, rows, cols };
}

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

function formatTick(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return v.toExponential(0).replace('e+', 'e');
  if (a >= 10000) return `${(v / 1000).toFixed(0)}k`;
  if (a >= 100 || Number.isInteger(v)) return String(Math.round(v));
  return String(+v.toPrecision(3));
}

/**
 * Line chart: `series` = [{name, color, points: [[x, y], ...], axis: 'left' | 'right'}].
 * Options: `xLabel`, `left` / `right` = {label, min, max} (missing min/max: from the data).
 * Non-finite points are skipped. Draws axes with ticks and a legend (wrapped onto more lines
 * when it is wider than the canvas). A finite point above its axis's max is drawn at the top
 * edge with a ▲ and the chart says "off scale" (a series with `offScale: false`, e.g. a marker,
 * is exempt); `canvas.dataset.offScale` lists those series' names, "|"-separated, and
 * `canvas.dataset.xRange` is the x axis drawn, "x0 x1".
 */
export function lineChart(canvas, series, { height = 200, xLabel = '', left = {}, right = null } = {}) {
  const { ctx, width } = fitCanvas(canvas, height);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  const legend = legendLayout(ctx, series, left, right, width);
  const pad = { l: 44, r: right ? 44 : 12, t: 8 + 14 * legend.lines, b: 30 };
  const plotW = width - pad.l - pad.r; const plotH = height - pad.t - pad.b;
  const finite = (p) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
  const all = series.flatMap((s) => s.points.filter(finite));
  const xs = all.map((p) => p[0]);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length && Math.max(...xs) > x0 ? Math.max(...xs) : x0 + 1; // the data's own span (0.13 s stays 0.13 s wide)
  const range = (axis, name) => {
    const ys = series.filter((s) => (s.axis || 'left') === name).flatMap((s) => s.points.filter(finite).map((p) => p[1]));
    const lo = axis.min ?? (ys.length ? Math.min(...ys) : 0); const hi = axis.max ?? (ys.length ? Math.max(...ys) : 1);
    return [lo, hi > lo ? hi : lo + 1];
  };
  const axes = { left: range(left, 'left'), right: right ? range(right, 'right') : null };
  const px = (x) => pad.l + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y, [lo, hi]) => pad.t + plotH - ((Math.max(lo, Math.min(hi, y)) - lo) / (hi - lo)) * plotH;
  ctx.font = '11px system-ui, sans-serif'; ctx.lineWidth = 1;
  ctx.strokeStyle = '#dde1ea'; ctx.fillStyle = '#5c667a';
  ctx.textAlign = 'right';
  for (const t of ticks(...axes.left, 4)) {
    const y = py(t, axes.left);
    ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(pad.l + plotW, y); ctx.stroke();
    ctx.fillText(formatTick(t), pad.l - 6, y + 4);
  }
  if (axes.right) {
    ctx.textAlign = 'left';
    for (const t of ticks(...axes.right, 4)) ctx.fillText(formatTick(t), pad.l + plotW + 6, py(t, axes.right) + 4);
  }
  ctx.textAlign = 'center';
  for (const t of ticks(x0, x1, Math.max(2, Math.floor(plotW / 80)))) ctx.fillText(formatTick(t), px(t), pad.t + plotH + 14);
  if (xLabel) ctx.fillText(xLabel, pad.l + plotW / 2, height - 3);
  ctx.strokeStyle = '#9aa3b5'; ctx.strokeRect(pad.l, pad.t, plotW, plotH);
  const offScale = [];
  for (const s of series) {
    const axis = axes[s.axis || 'left'];
    const above = s.offScale === false ? [] : s.points.filter((p) => finite(p) && p[1] > axis[1]);
    if (above.length) {
      offScale.push(s.name);
      ctx.fillStyle = s.color;
      let lastX = -Infinity;
      for (const p of above) {
        const x = px(p[0]);
        if (x - lastX < 8) continue;
        lastX = x;
        ctx.beginPath(); ctx.moveTo(x, pad.t - 1); ctx.lineTo(x - 4, pad.t + 6); ctx.lineTo(x + 4, pad.t + 6); ctx.fill();
      }
    }
    ctx.strokeStyle = s.color; ctx.lineWidth = 1.6; ctx.beginPath();
    let open = false;
    for (const p of s.points) {
      if (!finite(p)) { open = false; continue; }
      const [x, y] = [px(p[0]), py(p[1], axis)];
      if (open) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      open = true;
    }
    ctx.stroke();
    if (s.points.length === 1 && finite(s.points[0])) { ctx.fillStyle = s.color; ctx.fillRect(px(s.points[0][0]) - 2, py(s.points[0][1], axis) - 2, 4, 4); }
  }
  ctx.textAlign = 'left';
  ctx.font = '11px system-ui, sans-serif';
  for (const { label, color, x, line } of legend.items) {
    ctx.fillStyle = color; ctx.fillRect(x, 7 + 14 * line, 10, 3);
    ctx.fillStyle = '#1d2433'; ctx.fillText(label, x + 14, 13 + 14 * line);
  }
  canvas.dataset.offScale = offScale.join('|');
  canvas.dataset.xRange = `${x0} ${x1}`;
  if (offScale.length) {
    ctx.textAlign = 'right'; ctx.fillStyle = '#c92a2a';
    ctx.fillText(`▲ off scale (above ${formatTick(axes.left[1])})`, pad.l + plotW - 4, pad.t + 16);
  }
}

/** Where each legend entry goes: left to right from the plot's left edge, wrapping lines. */
function legendLayout(ctx, series, left, right, width) {
  const items = [];
  let x = 44; let line = 0;
  for (const s of series) {
    const label = s.name + ((s.axis || 'left') === 'right' && right?.label ? ` (${right.label})` : (left.label && series.length > 1 && (s.axis || 'left') === 'left' ? ` (${left.label})` : ''));
    const w = ctx.measureText(label).width + 14;
    if (x > 44 && x + w > width - 4) { x = 44; line += 1; }
    items.push({ label, color: s.color, x, line });
    x += w + 16;
  }
  return { items, lines: Math.max(1, line + 1) };
}

/**
 * Bar chart of `values` (e.g. ten probabilities) with `labels` under the bars; the bar at
 * `highlight` is drawn in the accent colour and marked. `max` is the value of a full bar.
 */
export function barChart(canvas, values, { labels = [], highlight = -1, max = 1, height = 140, format = (v) => `${Math.round(v * 100)}%`, mark = '' } = {}) {
  const { ctx, width } = fitCanvas(canvas, height);
  ctx.clearRect(0, 0, width, height);
  const n = values.length; const top = 18; const bottom = 18;
  const slot = width / Math.max(1, n); const barW = Math.max(4, slot * 0.64);
  ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
  for (let i = 0; i < n; i++) {
    const v = Math.max(0, Math.min(max, values[i] || 0));
    const h = (v / max) * (height - top - bottom);
    const x = i * slot + (slot - barW) / 2; const y = height - bottom - h;
    ctx.fillStyle = '#eef0f5'; ctx.fillRect(x, top, barW, height - top - bottom);
    ctx.fillStyle = i === highlight ? '#3b5bdb' : '#9aa3b5';
    ctx.fillRect(x, y, barW, h);
    ctx.fillStyle = i === highlight ? '#3b5bdb' : '#5c667a';
    ctx.font = i === highlight ? 'bold 12px system-ui, sans-serif' : '11px system-ui, sans-serif';
    ctx.fillText(String(labels[i] ?? i) + (i === highlight && mark ? mark : ''), i * slot + slot / 2, height - 4);
    if (v >= 0.005 * max) { ctx.font = '10px system-ui, sans-serif'; ctx.fillText(format(values[i]), i * slot + slot / 2, Math.max(top - 4, y - 3)); }
  }
}
