// The race's state without the DOM: each contender's record as its worker reports it (losses,
// wall times, test evaluations, status), and what the page shows from it: the smoothed
// training loss, the standings, the progress, where a divergence is marked. Every number here
// comes from the workers' TrainingRun (the core); this file only gathers and averages them.
import { SERIES } from '../../lib/colors.js';

/** The training loss shown is the mean of the last SMOOTH steps' mini-batch losses. */
export const SMOOTH = 20;

/**
 * A contender's record: `opt` (its optimizer spec), `color`, the per-step `losses` and `times`
 * (training seconds at each step), `evals` ({step, time, accuracy, loss} on the test digits),
 * `step`, `time`, `status` ('ready' before a start, then 'loading', 'training', 'done',
 * 'diverged', 'error' or 'stopped'), `diverged` ({step, message}) and `error`.
 */
export function record(opt, index, status = 'ready') {
  return { opt, color: SERIES[index], losses: [], times: [], evals: [], step: 0, time: 0, status, diverged: null, error: null };
}

/** The contenders lined up: one record each. */
export const lineUp = (contenders, status) => contenders.map((opt, i) => record(opt, i, status));

/** Whether a record still races (its worker has more to say). */
export const racing = (r) => r.status === 'loading' || r.status === 'training';

/**
 * Takes in one progress report of a contender's worker: `{ready}` (data in, training starts),
 * `{losses, times, step}` (a chunk of steps) or `{eval: {step, time, accuracy, loss}}`.
 */
export function receive(r, report) {
  if (report.ready && r.status === 'loading') r.status = 'training';
  if (report.losses) {
    r.losses.push(...report.losses);
    r.times.push(...report.times);
    r.step = report.step;
    r.time = report.times[report.times.length - 1] ?? r.time;
  }
  if (report.eval) r.evals.push(report.eval);
}

/** The worker's answer at the end: done, or diverged at a step. */
export function finish(r, result) {
  r.step = result.step;
  r.time = result.time;
  r.diverged = result.diverged ?? null;
  r.status = r.diverged ? 'diverged' : 'done';
}

/**
 * The moving mean of `values` over the last `n` (fewer at the start): out[k] is the mean of
 * values[k - n + 1 ..= k]. A non-finite value makes the means that include it non-finite.
 */
export function movingMean(values, n = SMOOTH) {
  const out = new Float64Array(values.length);
  let sum = 0;
  let bad = 0;   // non-finite values in the window: their sum is not kept
  for (let k = 0; k < values.length; k++) {
    const add = values[k];
    if (Number.isFinite(add)) sum += add; else bad += 1;
    if (k >= n) {
      const drop = values[k - n];
      if (Number.isFinite(drop)) sum -= drop; else bad -= 1;
    }
    out[k] = bad ? Infinity : sum / Math.min(k + 1, n);
  }
  return out;
}

/**
 * One row of the standings: `trainLoss` (the mean of the last SMOOTH mini-batch losses),
 * `testLoss` and `accuracy` of the last test evaluation (null before one), `step`, `time`.
 */
export function standing(r) {
  const last = r.evals.at(-1) ?? null;
  const window = r.losses.slice(-SMOOTH);
  const trainLoss = window.length ? window.reduce((a, b) => a + b, 0) / window.length : null;
  return { step: r.step, time: r.time, trainLoss, testLoss: last?.loss ?? null, accuracy: last?.accuracy ?? null };
}

/** The indices of the best last test accuracy (the race's leaders, ties included); none before two have one. */
export function leaders(results) {
  const last = results.map((r) => r.evals.at(-1)?.accuracy);
  const scored = last.filter((a) => a !== undefined);
  if (results.length < 2 || scored.length < 2) return [];
  const best = Math.max(...scored);
  return last.flatMap((a, i) => (a === best ? [i] : []));
}

/** Steps done over all contenders (a stopped one counts as finished) and the total to do. */
export function progress(results, steps) {
  const done = results.reduce((n, r) => n + (r.diverged || r.error ? steps : r.step), 0);
  return { done, total: results.length * steps };
}

/** The last finite value's index of `values`, or -1. */
export function lastFinite(values) {
  let k = values.length - 1;
  while (k >= 0 && !Number.isFinite(values[k])) k -= 1;
  return k;
}
