// The old line chart of the race view, kept until the race is ported onto the toolkit
// (lib/chart.js): the race imports lineChart from here; nothing else does.
//
//   import { lineChart } from '../lib/draw.js';

import { ticks } from './chart.js';
import { fitCanvas } from './dom.js';

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
