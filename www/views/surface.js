// The surface view: optimizers' paths on a two-parameter loss surface. The heatmap values and
// every path come from the core (surfaceGrid, surfacePath: the same Optimizer::update as network
// training); this file only draws. Click the surface to move the shared start point.

import { COLORS, contenderName, contendersEditor, shortName } from '../lab/contenders.js';
import { readLink, remountOnEdit, shareBar, useLabStyles, writeLink } from '../lab/link.js';
import { heatmap, toCanvas } from '../lab/heatmap.js';

export const mount = remountOnEdit('surface', mountSurface);

async function mountSurface(root, { core, embed }) {
  await useLabStyles();
  const infos = core.surfaces();
  const el = document.createElement('section');
  el.className = 'lab surface-view';
  el.innerHTML = `
    <div class="lab-warnings" role="alert" hidden></div>
    <div class="lab-grid">
      <div class="panel plot-panel">
        <h2>Loss surface <span class="formula mono"></span></h2>
        <canvas class="surface-canvas" aria-label="loss surface with optimizer paths; click to set the start point"></canvas>
        <p class="hint">Click the surface to start every path there. Darker is lower; white stars are minima.</p>
      </div>
      <div class="panel controls">
        <h2>Experiment</h2>
        <div class="row">
          <label class="field">surface <select class="surface-select" aria-label="surface"></select></label>
          <label class="field">steps <input class="steps" type="text" inputmode="numeric" size="5" aria-label="steps"></label>
          <label class="field">start <output class="start mono"></output></label>
        </div>
        <div class="error-text steps-error"></div>
        <h3>Contenders</h3>
        <div class="contenders-host"></div>
        <div class="row play-row">
          <button type="button" class="primary play">▶ Play</button>
          <span class="progress mono" role="status"></span>
        </div>
        <table class="legend"><thead><tr><th>contender</th><th>f(x, y)</th><th>at</th><th>status</th></tr></thead><tbody></tbody></table>
        <div class="share-host"></div>
      </div>
    </div>`;
  root.append(el);
  const $ = (s) => el.querySelector(s);
  const state = readLink(core, 'surface', $('.lab-warnings'));
  const canvas = $('.surface-canvas');
  let paths = [];
  let shown = 0;
  let frame = 0;
  let background = null;

  const select = $('.surface-select');
  select.append(...infos.map((s) => new Option(s.name, s.name, false, s.name === state.surface)));
  select.addEventListener('change', () => {
    state.surface = select.value;
    state.start = info().start;
    recompute(true);
  });
  const steps = $('.steps');
  steps.value = state.steps;
  steps.addEventListener('input', () => {
    const n = Number(steps.value);
    const ok = Number.isInteger(n) && n >= 1 && n <= 5000;
    steps.toggleAttribute('aria-invalid', !ok);
    $('.steps-error').textContent = ok ? '' : 'steps must be a whole number from 1 to 5000';
    if (ok) { state.steps = n; recompute(true); }
    canPlay();
  });
  contendersEditor($('.contenders-host'), core, state.contenders, (list) => { state.contenders = list; recompute(true); });
  for (const type of ['input', 'change', 'click']) $('.contenders-host').addEventListener(type, canPlay); // after the editor's own handlers
  /** A field shows an error: Play would replay the last good values, so it waits for a fix. */
  function canPlay() {
    $('.play').disabled = Boolean(el.querySelector('.controls [aria-invalid]:not([aria-invalid="false"])'));
  }
  $('.share-host').append(shareBar(() => writeLink(core, state), `cnn-playground: optimizers on ${state.surface}`));
  $('.play').addEventListener('click', () => animate());
  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const [x0, x1, y0, y1] = info().viewBox;
    const x = x0 + (x1 - x0) * (event.clientX - rect.left) / rect.width;
    const y = y1 - (y1 - y0) * (event.clientY - rect.top) / rect.height;
    state.start = [clamp(round(x), x0, x1), clamp(round(y), y0, y1)];
    recompute(true);
  });

  function info() { return infos.find((s) => s.name === state.surface); }

  function recompute(play) {
    writeLink(core, state);
    const s = info();
    $('.formula').textContent = `${s.name}: f(x, y) = ${s.formula}`;
    $('.start').textContent = `(${state.start[0]}, ${state.start[1]})`;
    paths = state.contenders.map((opt) => core.surfacePath(state.surface, opt, state.start, state.steps));
    background = null;
    if (play) animate(); else { shown = state.steps; draw(); }
  }

  function animate() {
    cancelAnimationFrame(frame);
    shown = 0;
    const perFrame = Math.max(1, Math.ceil(state.steps / 150));
    const tick = () => {
      shown = Math.min(state.steps, shown + perFrame);
      draw();
      if (shown < state.steps) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
  }

  function draw() {
    const s = info();
    const [x0, x1, y0, y1] = s.viewBox;
    const width = Math.max(240, Math.round(canvas.parentElement.clientWidth - 2));
    const height = Math.round(width * (y1 - y0) / (x1 - x0));
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.height = `${height}px`;
      background = null;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!background) {
      const columns = Math.min(400, width);
      const rows = Math.round(columns * height / width);
      background = toCanvas(heatmap(core.surfaceGrid(s.name, columns, rows), columns, rows));
    }
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(background, 0, 0, width, height);
    const px = ([x, y]) => [(x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height];
    for (const m of s.minima) star(ctx, ...px(m));
    paths.forEach((path, i) => drawPath(ctx, path, i, px));
    ring(ctx, ...px(state.start));
    legend();
    $('.progress').textContent = `step ${shown} / ${state.steps}`;
  }

  function drawPath(ctx, path, i, px) {
    const last = Math.min(shown, path.points.length - 1);
    ctx.strokeStyle = COLORS[i];
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let k = 0; k <= last; k++) ctx[k ? 'lineTo' : 'moveTo'](...px(path.points[k]));
    ctx.stroke();
    const [cx, cy] = px(path.points[last]);
    const edge = [clamp(cx, 8, canvas.clientWidth - 8), clamp(cy, 8, canvas.clientHeight - 8)];
    if (path.diverged !== null && last >= path.diverged && ranOff(path)) {
      const [bx, by] = px(path.points[Math.max(0, last - 1)]);
      arrow(ctx, ...edge, Math.atan2(cy - by, cx - bx), COLORS[i]);
    } else if (path.diverged !== null && last >= path.diverged) {
      cross(ctx, ...edge, COLORS[i]);
    } else {
      ctx.fillStyle = COLORS[i];
      ctx.beginPath();
      ctx.arc(cx, cy, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }

  function legend() {
    $('.legend tbody').replaceChildren(...paths.map((path, i) => {
      const k = Math.min(shown, path.points.length - 1);
      const tr = document.createElement('tr');
      tr.style.setProperty('--color', COLORS[i]);
      const diverged = path.diverged !== null && k >= path.diverged;
      const fell = diverged && ranOff(path);
      const [x, y] = path.points[k];
      const [x0, x1, y0, y1] = info().viewBox;
      const outside = !(x >= x0 && x <= x1 && y >= y0 && y <= y1) ? ' (outside the view)' : '';
      tr.innerHTML = `<td><span class="swatch"></span></td><td class="mono"></td><td class="mono"></td><td></td>`;
      tr.children[0].append(shortName(state.contenders[i]));
      tr.children[0].title = contenderName(state.contenders[i]);
      tr.children[1].textContent = fmt(path.values[k]);
      tr.children[2].textContent = `(${fmt(x)}, ${fmt(y)})`;
      tr.children[3].textContent = fell ? `↗ ran off the surface at step ${path.diverged}: no minimum this way`
        : diverged ? `✕ diverged at step ${path.diverged}` : `${k < state.steps ? 'moving' : 'done'}${outside}`;
      tr.classList.toggle('diverged', diverged && !fell);
      tr.classList.toggle('ran-off', fell);
      if (fell) tr.children[3].title = `f(x, y) = ${info().formula} keeps falling along this path: the surface has no lowest point there, so the optimizer can only run away`;
      return tr;
    }));
  }

  const resize = new ResizeObserver(() => { if (paths.length) draw(); });
  resize.observe(canvas.parentElement);
  recompute(state.play);
  return {
    unmount() { cancelAnimationFrame(frame); resize.disconnect(); },
  };
}

/**
 * A path that stopped because f fell without bound (the saddle's x² - y² as |y| grows) rather
 * than because the optimizer overshot: its last value is below where it started (or -∞).
 */
const ranOff = (path) => path.diverged !== null && path.values[path.diverged] < path.values[0];
const round = (v) => Math.round(v * 100) / 100;
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const fmt = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

function star(ctx, x, y) {
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#1d2433';
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

function ring(ctx, x, y) {
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.arc(x, y, 7, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.strokeStyle = '#1d2433';
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function cross(ctx, x, y, color) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(x - 7, y - 7); ctx.lineTo(x + 7, y + 7);
  ctx.moveTo(x + 7, y - 7); ctx.lineTo(x - 7, y + 7);
  ctx.stroke();
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
