// The surface view's drawing: the heatmap of f with contour lines (the sequential colour
// scale: darker is lower), the minima, each optimizer's path up to the animated step, the
// start point, and the table of where each path stands.
import { INK, SERIES, sequential } from '../../lib/colors.js';
import { el, fitCanvas } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { heatmap } from '../../lib/tiles.js';
import { contenderName, shortName } from '../../lab/contenders.js';
import { clamp, drawOrder, fmt, pathAt, surfaceLevels, visibleSteps } from './state.js';

const BANDS = 14;

/**
 * The surface as an image (a cached offscreen canvas, recomputed when the surface or the
 * canvas width changes) with the lowest and highest values it shows.
 */
function background(core, info, width, height, cache) {
  const key = `${info.name} ${width} ${height}`;
  if (cache.key !== key) {
    const columns = Math.min(400, width);
    const rows = Math.max(1, Math.round(columns * height / width));
    const { levels, low, high } = surfaceLevels(core.surfaceGrid(info.name, columns, rows));
    Object.assign(cache, { key, low, high, image: heatmap(levels, columns, rows, { color: (v) => sequential(v, 0, 1), bands: BANDS }) });
  }
  return cache;
}

/** Draws the surface, minima, paths and start on `canvas`; returns {low, high} of f on screen. */
export function drawSurface(canvas, core, state, cache) {
  const info = state.info();
  const [x0, x1, y0, y1] = info.viewBox;
  const panel = getComputedStyle(canvas.parentElement);
  const inner = canvas.parentElement.clientWidth - parseFloat(panel.paddingLeft) - parseFloat(panel.paddingRight);
  const width = Math.max(240, Math.floor(inner));   // the panel's content box: the canvas stays inside its padding
  const height = Math.round(width * (y1 - y0) / (x1 - x0));
  const { ctx } = fitCanvas(canvas, height, width);
  const { image, low, high } = background(core, info, width, height, cache);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(image, 0, 0, width, height);
  const px = ([x, y]) => [(x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height];
  for (const m of info.minima) star(ctx, ...px(m));
  const lasts = state.paths.map((path) => visibleSteps(path, pathAt(path, state.shown, state.link.steps, info.viewBox).step, info.viewBox));
  for (const i of drawOrder(state.paths, lasts, info.viewBox)) drawPath(ctx, state.paths[i], i, state, px, [width, height]);
  ring(ctx, ...px(state.link.start));
  return { low, high };
}

/** One path up to the shown step: a white-cased line (visible on every colour) and its head. */
function drawPath(ctx, path, i, state, px, [width, height]) {
  const info = state.info();
  const now = pathAt(path, state.shown, state.link.steps, info.viewBox);
  const last = visibleSteps(path, now.step, info.viewBox);
  const line = () => {
    ctx.beginPath();
    for (let k = 0; k <= last; k++) ctx[k ? 'lineTo' : 'moveTo'](...px(path.points[k]));
  };
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)'; ctx.lineWidth = 4.5; line(); ctx.stroke();
  ctx.strokeStyle = SERIES[i]; ctx.lineWidth = 2; line(); ctx.stroke();
  const [cx, cy] = px(path.points[last]);
  const edge = [clamp(cx, 8, width - 8), clamp(cy, 8, height - 8)];
  if (now.kind === 'ran-off') {
    const [bx, by] = px(path.points[Math.max(0, last - 1)]);
    arrow(ctx, ...edge, Math.atan2(cy - by, cx - bx), SERIES[i]);
  } else if (now.kind === 'diverged') {
    cross(ctx, ...edge, SERIES[i]);
  } else {
    dot(ctx, cx, cy, SERIES[i]);
  }
}

/** The legend's rows: where each contender stands at the shown step, and what it is doing. */
export function legendRows(core, state) {
  const info = state.info();
  return state.paths.map((path, i) => {
    const now = pathAt(path, state.shown, state.link.steps, info.viewBox);
    const opt = state.link.contenders[i];
    const status = now.kind === 'ran-off' ? t('surface.ranOff', { step: path.diverged })
      : now.kind === 'diverged' ? t('surface.diverged', { step: path.diverged })
        : t(`surface.${now.kind}`) + (now.outside ? t('surface.outside') : '');
    const [x, y] = now.point;
    return el('tr', { style: `--color:${SERIES[i]}`, class: now.kind === 'diverged' || now.kind === 'ran-off' ? now.kind : null },
      el('td', { title: contenderName(core, opt) }, el('span', { class: 'swatch' }), shortName(opt)),
      el('td', { class: 'mono' }, fmt(now.value)),
      el('td', { class: 'mono' }, `(${fmt(x)}, ${fmt(y)})`),
      el('td', { title: now.kind === 'ran-off' ? t('surface.ranOffWhy', { formula: info.formula }) : null }, status));
  });
}

function star(ctx, x, y) {
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = INK.text;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const r = k % 2 ? 3 : 7;
    const a = -Math.PI / 2 + k * Math.PI / 5;
    ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
  }
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
}

function dot(ctx, x, y, color) {
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(x, y, 5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function ring(ctx, x, y) {
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.arc(x, y, 7, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.strokeStyle = INK.text;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function cross(ctx, x, y, color) {
  const lines = () => {
    ctx.beginPath();
    ctx.moveTo(x - 7, y - 7); ctx.lineTo(x + 7, y + 7);
    ctx.moveTo(x + 7, y - 7); ctx.lineTo(x - 7, y + 7);
  };
  ctx.strokeStyle = '#fff'; ctx.lineWidth = 5; lines(); ctx.stroke();
  ctx.strokeStyle = color; ctx.lineWidth = 3; lines(); ctx.stroke();
}

/** An arrowhead at (x, y) pointing along `angle`: the path ran on past the edge of the view. */
function arrow(ctx, x, y, angle, color) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.fillStyle = color;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(8, 0); ctx.lineTo(-7, -7); ctx.lineTo(-3, 0); ctx.lineTo(-7, 7);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}
