// Small helpers shared by the lecture's concept views: the frame of a view, fields, number
// formatting, a line chart, and the digits as 25 features. Every number drawn here comes from
// the core; these helpers only draw. DOM building, grids of cells, colours and the digits'
// bytes are the page toolkit's (www/lib/), re-exported here until the views are ported.
import { ticks as niceTicks } from '../lib/chart.js';
import { SERIES, css, diverging as divergingRgb, gray } from '../lib/colors.js';
import { el, loadStyles } from '../lib/dom.js';
import { loadDigits } from '../lib/mnist.js';

export { el } from '../lib/dom.js';
export { cellAt, grid } from '../lib/tiles.js';
export { SERIES as PALETTE } from '../lib/colors.js';

/** Adds lecture.css to the page once. */
const loadCss = () => loadStyles(new URL('./lecture.css', import.meta.url));

/** A number for reading: at most `digits` significant decimals, no trailing zeros. */
export function fmt(x, digits = 3) {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(2);
  return String(Number(x.toFixed(digits)));
}

/** The view's frame: a title, a short explanation and a body; returns {body, status}. */
export function frame(root, title, intro) {
  loadCss();
  const status = el('p', { class: 'error-text lecture-status', role: 'status' });
  const body = el('div', { class: 'lecture-body' });
  root.replaceChildren(el('section', { class: 'lecture' }, el('h1', {}, title), el('p', { class: 'lecture-intro' }, intro), status, body));
  return { body, status };
}

/** Runs `fn`; on an error shows the core's message in `status` and returns undefined. */
export function attempt(status, fn) {
  try {
    const value = fn();
    status.textContent = '';
    return value;
  } catch (err) {
    status.textContent = err.message;
    return undefined;
  }
}

/** A labelled control: `<label>text <input></label>` stacked. */
export function field(text, control) {
  return el('label', { class: 'field' }, text, control);
}

/** A number input that calls `onchange(value)` with a valid number, or marks itself invalid. */
export function numberInput({ value, min, max, step = 1, onchange, label }) {
  const input = el('input', { type: 'number', value, min, max, step, 'aria-label': label });
  input.addEventListener('input', () => {
    const v = Number(input.value);
    const ok = input.value !== '' && Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max);
    input.setAttribute('aria-invalid', String(!ok));
    input.title = ok ? '' : `enter a number${min !== undefined ? ` from ${min}` : ''}${max !== undefined ? ` to ${max}` : ''}`;
    if (ok) onchange(v);
  });
  return input;
}

/** A select of `[value, text]` options. */
export function select(options, value, onchange, label) {
  const node = el('select', { 'aria-label': label, onchange: () => onchange(node.value) },
    ...options.map(([v, t]) => el('option', { value: v, selected: v === value }, t)));
  return node;
}

/** The toolkit's diverging scale as a CSS colour: blue negative, white 0, red positive at ±`max`. */
export const diverging = (v, max) => css(divergingRgb(v, max));

/** The toolkit's image scale as a CSS colour: black (0) to white (1). */
export const grayColor = (v) => css(gray(v));

/**
 * A line chart: `series` = [{label, xs, ys, color}], axes from the data (or `yMin`/`yMax`),
 * `logX` for a logarithmic x axis, a legend above.
 */
export function lineChart(canvas, series, { width = 420, height = 240, xLabel = '', yLabel = '', yMin, yMax, logX = false, points = false } = {}) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.aspectRatio = `${width} / ${height}`;
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.clearRect(0, 0, width, height);
  const pad = { left: 46, right: 12, top: 26, bottom: 34 };
  const X = (x) => (logX ? Math.log2(x) : x);
  const xs = series.flatMap((s) => s.xs.map(X));
  const ys = series.flatMap((s) => s.ys).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const lo = yMin ?? Math.min(...ys), hi = yMax ?? Math.max(...ys);
  const [y0, y1] = lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  const px = (x) => pad.left + ((X(x) - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const py = (y) => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  ctx.strokeStyle = '#dde1ea';
  ctx.fillStyle = '#5c667a';
  ctx.font = '12px system-ui, sans-serif';
  ctx.lineWidth = 1;
  for (const y of niceTicks(y0, y1, 5)) {
    ctx.beginPath(); ctx.moveTo(pad.left, py(y)); ctx.lineTo(width - pad.right, py(y)); ctx.stroke();
    ctx.textAlign = 'right'; ctx.fillText(fmt(y, 2), pad.left - 4, py(y) + 4);
  }
  const ticks = logX ? [...new Set(series.flatMap((s) => s.xs))] : [x0, (x0 + x1) / 2, x1];
  ctx.textAlign = 'center';
  for (const t of ticks) ctx.fillText(fmt(t, 2), px(t), height - pad.bottom + 14);
  ctx.fillText(xLabel, (pad.left + width - pad.right) / 2, height - 4);
  ctx.save(); ctx.translate(11, (pad.top + height - pad.bottom) / 2); ctx.rotate(-Math.PI / 2); ctx.fillText(yLabel, 0, 0); ctx.restore();
  let legendX = pad.left;
  series.forEach((s, k) => {
    const color = s.color || SERIES[k % SERIES.length];
    ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
    ctx.beginPath();
    s.xs.forEach((x, i) => (i ? ctx.lineTo(px(x), py(s.ys[i])) : ctx.moveTo(px(x), py(s.ys[i]))));
    ctx.stroke();
    if (points) s.xs.forEach((x, i) => { ctx.beginPath(); ctx.arc(px(x), py(s.ys[i]), 3, 0, 7); ctx.fill(); });
    if (s.label) {
      ctx.fillRect(legendX, 8, 14, 3);
      ctx.textAlign = 'left'; ctx.fillText(s.label, legendX + 18, 13);
      legendX += 26 + ctx.measureText(s.label).width;
    }
  });
  return { px, py };
}

/** The bytes of mnist.bin (10,000 digits), fetched once per page by the toolkit and shared. */
export const mnistBytes = loadDigits;

let digitsPromise = null;
/**
 * The training digits as 25 features each, `{length, trainFeatures(count), trainLabels(count),
 * label(index)}` (the first `count` digits: `count x 25` values, `count` labels), built once by the core in
 * lecture/digits-worker.js so that the page never freezes; shared by the views that need them.
 * `onprogress(text)` hears what is happening.
 */
export function lectureDigits(onprogress = () => {}) {
  if (!digitsPromise) {
    digitsPromise = new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./digits-worker.js', import.meta.url), { type: 'module' });
      const done = (settle, value) => { worker.terminate(); settle(value); };
      onprogress('Loading 10,000 handwritten digits…');
      loadDigits().then((bytes) => worker.postMessage({ type: 'digits', bytes }), (err) => done(reject, err));
      worker.onmessage = ({ data: m }) => {
        if (m.type === 'loading') onprogress(m.text);
        else if (m.type === 'ready') worker.postMessage({ type: 'features', id: 1 });
        else if (m.type === 'error') done(reject, new Error(m.message));
        else if (m.type === 'features') {
          const { features, labels } = m;
          done(resolve, {
            length: labels.length,
            trainFeatures: (count) => features.slice(0, Math.min(count, labels.length) * 25),
            trainLabels: (count) => labels.slice(0, Math.min(count, labels.length)),
            label: (index) => {
              if (!(index >= 0 && index < labels.length)) throw new Error(`digit ${index} does not exist: pick 0 to ${labels.length - 1}`);
              return labels[index];
            },
          });
        }
      };
      worker.onerror = (e) => done(reject, new Error(`the digits worker failed: ${e.message || 'see the console'}`));
    });
    digitsPromise.catch(() => { digitsPromise = null; });
  }
  return digitsPromise;
}

/** A table: `head` = column titles, `rows` = arrays of cells (strings or nodes). */
export function table(head, rows, attrs = {}) {
  return el('table', { class: 'numbers', ...attrs },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
}
