// The race's drawing: the loss and test-accuracy charts (uPlot, lib/chart.js) against step or
// training time, a ✕ where a contender diverged, and the standings table.
import { lineChart } from '../../lib/chart.js';
import { el } from '../../lib/dom.js';
import { number, t } from '../../lib/i18n.js';
import { contenderName, shortName, tidy } from '../../lab/contenders.js';
import { SMOOTH, lastFinite, leaders, movingMean, progress, standing } from './state.js';

/**
 * The two charts for the current view options `{axis: 'step' | 'time', smooth}`; rebuilt when
 * those change. Returns {loss, accuracy, y, destroy()}; `y` is the loss axis (its top follows
 * the first losses).
 */
export function createCharts($, { axis, smooth }) {
  const x = axis === 'step' ? { label: t('race.xStep'), integer: true } : { label: t('race.xTime') };
  const y = { label: smooth ? t('race.yLossMean', { n: SMOOTH }) : t('race.yLoss'), min: 0, max: 2.5, offScale: true };
  const loss = lineChart($.lossChart, { height: 220, x, y, ariaLabel: t('race.lossChart') });
  const accuracy = lineChart($.accuracyChart, { height: 200, x, y: { label: t('race.yAccuracy'), min: 0, max: 100 }, ariaLabel: t('race.accuracyChart') });
  return { loss, accuracy, y, destroy() { loss.destroy(); accuracy.destroy(); } };
}

/** Draws every contender's losses and test accuracy; a diverged one gets a ✕ at its last loss. */
export function drawCharts(charts, results, { axis, smooth }) {
  const series = results.map((r) => ({ label: shortName(r.opt), color: r.color }));
  const x = (r, k) => (axis === 'step' ? k + 1 : r.times[k]);
  const losses = results.map((r) => (smooth ? movingMean(r.losses) : r.losses));
  const first = results.map((r) => r.losses[0]).filter(Number.isFinite);
  charts.y.max = first.length ? Math.max(...first) * 1.25 : 2.5;
  charts.loss.mark(results.flatMap((r, i) => {
    const k = lastFinite(losses[i]);
    return r.diverged && k >= 0 ? [{ x: x(r, k), y: losses[i][k], color: r.color }] : [];
  }));
  charts.loss.update(results.map((r, i) => ({ xs: Array.from(losses[i], (_, k) => x(r, k)), ys: losses[i] })), series);
  charts.accuracy.update(results.map((r) => r.evals.map((e) => [axis === 'step' ? e.step : e.time, e.accuracy * 100])), series);
}

const seconds = (s) => t('race.seconds', { s: number(s, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
const loss = (v) => (v === null ? '–' : Number.isFinite(v) ? tidy(v).toPrecision(4) : String(v));

/** What a contender is doing, in words (`paused`: the race is paused). */
function status(r, steps, paused) {
  if (r.diverged) return t('race.status.diverged', { step: r.diverged.step });
  if (r.error) return t('race.status.error', { message: r.error });
  const kind = paused && r.status === 'training' ? 'paused' : r.status;
  return t(`race.status.${kind}`, { step: r.step, steps });
}

/** The standings table's rows: where each contender stands, the leader starred. */
export function standingsRows(core, results, steps, paused) {
  const best = leaders(results);
  return results.map((r, i) => {
    const s = standing(r);
    const lead = best.includes(i);
    const accuracy = s.accuracy === null ? '–' : `${(s.accuracy * 100).toFixed(1)}%${lead ? ' ★' : ''}`;
    return el('tr', { style: `--color:${r.color}`, class: r.diverged || r.error ? 'diverged' : null, 'data-status': r.status },
      el('td', { title: contenderName(core, r.opt) }, el('span', { class: 'swatch' }), shortName(r.opt)),
      el('td', {}, String(s.step)),
      el('td', {}, loss(s.trainLoss)),
      el('td', {}, loss(s.testLoss)),
      el('td', { title: lead ? t('race.leader') : null }, accuracy),
      el('td', {}, seconds(s.time)),
      el('td', {}, status(r, steps, paused)));
  });
}

/** "40% of 600 steps" while a race is on screen, nothing before the first. */
export function progressText(results, steps, started) {
  if (!started) return '';
  const { done, total } = progress(results, steps);
  return t('race.progress', { percent: Math.round((100 * done) / total), total: number(total) });
}

/** The accuracy chart's title: with the number of test digits (or images) once the first test says it. */
export function accuracyTitle(results, data = 'mnist') {
  const count = results.find((r) => r.evals.length)?.evals[0].count;
  return count ? t(data === 'mnist' ? 'race.accuracyCount' : 'race.accuracyCountImages', { count: number(count) }) : t('race.accuracyTitle');
}
