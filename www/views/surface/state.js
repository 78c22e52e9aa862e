// The surface view's state and what follows from it, without the DOM: the experiment (read
// from and written to the link), the paths (from the core: surfacePath runs the very
// Optimizer::update that trains networks), and what each path is doing at a step.

/** A number rounded to 2 decimals, for a start point set by a click. */
export const round = (v) => Math.round(v * 100) / 100;
export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** A value for the legend: 3 decimals, or an exponent when tiny or huge. */
export const fmt = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

/**
 * The view's state: `link`, the experiment as the core's link parser gives it (surface, start,
 * steps, contenders, ...: what a copied link replays), and what is derived from it: the core's
 * `surfaces`, the `paths` and the step `shown`. `info()` is the chosen surface.
 */
export function createState(link, surfaces) {
  const state = { link, surfaces, paths: [], shown: 0 };
  state.info = () => surfaces.find((s) => s.name === state.link.surface);
  return state;
}

/** Every contender's path on the chosen surface from the start point, by the core. */
export function computePaths(core, state) {
  const { surface, contenders, start, steps } = state.link;
  state.paths = contenders.map((opt) => core.surfacePath(surface, opt, start, steps));
  return state.paths;
}

/** The point of the view box under a click at fractions (fx, fy) of the canvas, rounded and kept inside. */
export function pointAt(viewBox, fx, fy) {
  const [x0, x1, y0, y1] = viewBox;
  return [clamp(round(x0 + (x1 - x0) * fx), x0, x1), clamp(round(y1 - (y1 - y0) * fy), y0, y1)];
}

/**
 * A path that stopped because f fell without bound (the saddle's x² - y² as |y| grows) rather
 * than because the optimizer overshot: its last value is below where it started (or -∞).
 */
export const ranOff = (path) => path.diverged !== null && path.values[path.diverged] < path.values[0];

const inside = ([x, y], [x0, x1, y0, y1]) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/**
 * What path `path` is doing at step `shown`: `{step, point, value, kind, outside}` where kind is
 * 'moving', 'done', 'diverged' (it overshot to infinity) or 'ran-off' (downhill forever).
 */
export function pathAt(path, shown, steps, viewBox) {
  const step = Math.min(shown, path.points.length - 1);
  const point = path.points[step];
  const stopped = path.diverged !== null && step >= path.diverged;
  const kind = stopped ? (ranOff(path) ? 'ran-off' : 'diverged') : step < steps ? 'moving' : 'done';
  return { step, point, value: path.values[step], kind, outside: !inside(point, viewBox) };
}

/**
 * How much of a path to draw up to step `last`: its points until the first one well outside
 * the view (more than a view's width or height beyond it), that one included. A path that
 * blows up zigzags between ever larger values; drawing all of it would paint a solid block.
 */
export function visibleSteps(path, last, viewBox) {
  const [x0, x1, y0, y1] = viewBox;
  const [w, h] = [x1 - x0, y1 - y0];
  const far = [x0 - w, x1 + w, y0 - h, y1 + h];
  for (let k = 0; k <= last; k++) {
    if (!inside(path.points[k], far)) return k;
  }
  return last;
}

/**
 * The order to draw the paths in, up to step `last` of each: the longest first, the shortest
 * last, on top, so that a short, slow path (sgd on the default Rosenbrock) is not hidden under
 * a longer one that zigzags across it. Lengths are measured in fractions of the view.
 */
export function drawOrder(paths, lasts, viewBox) {
  const [x0, x1, y0, y1] = viewBox;
  const length = (path, last) => {
    let sum = 0;
    for (let k = 1; k <= last; k++) {
      sum += Math.hypot((path.points[k][0] - path.points[k - 1][0]) / (x1 - x0), (path.points[k][1] - path.points[k - 1][1]) / (y1 - y0));
    }
    return sum;
  };
  const lengths = paths.map((path, i) => length(path, lasts[i]));
  return paths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
}

/** Levels in [0, 1] for the surface's heatmap: log height above the lowest value (valleys show their shape). */
export function surfaceLevels(values) {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
  }
  const span = Math.log1p(Math.max(high - low, 1e-12));
  const levels = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) levels[i] = Number.isFinite(values[i]) ? Math.log1p(values[i] - low) / span : 1;
  return { levels, low, high };
}
