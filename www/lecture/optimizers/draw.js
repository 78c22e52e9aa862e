// The optimizers view's drawing: each optimizer's formula with its hyperparameters as fields
// and how soon it gets close, the charts of w and of the step size over the steps, and the
// chosen optimizer's numbers step by step.
import { el } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';
import { fmt, table } from '../view.js';
import { STATE_COLUMNS } from './state.js';

/**
 * One optimizer's row: its name, its formula (`formula`, optimizerTable's parts) with
 * `fields[field].input` in place of each editable hyperparameter, their messages, why it was
 * invented, and a slot for how fast it is; `color` its colour in the charts.
 */
export function formulaRow(type, formula, fields, color) {
  const parts = formula.map((part) => {
    if (typeof part === 'string') return part;
    if (part.input) return fields[part.input].input;
    return el('span', { class: 'value', 'data-value': part.value });
  });
  return el('div', { class: 'formula-row', 'data-type': type, style: `--color:${color}` },
    el('h3', {}, el('span', { class: 'swatch' }), ` ${type}`),
    el('div', { class: 'equation' }, parts),
    Object.values(fields).map((f) => f.message),
    el('p', { class: 'why', 'data-t': `lecture.optimizers.why.${type}` }, t(`lecture.optimizers.why.${type}`)),
    el('p', { class: 'note', 'data-id': `reached-${type}` }));
}

/** The hyperparameters' values where the formulas repeat them, and each optimizer's speed. */
export function refreshFormulas(rows, state) {
  for (const row of rows) {
    const type = row.dataset.type;
    for (const span of row.querySelectorAll('[data-value]')) span.textContent = String(state.hyper[type][span.dataset.value]);
    const reached = state.traces[type].reached;
    row.querySelector(`[data-id="reached-${type}"]`).textContent = reached === null
      ? t('lecture.optimizers.notReached', { steps: state.steps })
      : t('lecture.optimizers.reached', { step: reached });
  }
}

/** w and the step size over the steps, one line per optimizer. */
export function drawCharts(charts, state) {
  const traces = state.types.map((type) => state.traces[type].steps);
  charts.w.update(traces.map((steps) => ({ xs: [0, ...steps.map((s) => s.t)], ys: [state.start, ...steps.map((s) => s.wAfter)] })));
  charts.rate.update(traces.map((steps) => ({ xs: steps.map((s) => s.t), ys: steps.map((s) => s.rate) })));
}

/** The chosen optimizer's first 12 steps, every number of its formula. */
export function drawTable(host, state) {
  const steps = state.traces[state.chosen].steps;
  const columns = STATE_COLUMNS[state.chosen];
  const shown = steps.slice(0, 12);
  host.replaceChildren(
    el('h2', {}, t('lecture.optimizers.tableTitle', { type: state.chosen })),
    el('div', { class: 'scroll' }, table(['t', 'w', 'g', ...columns.map(([key]) => (key.startsWith('lecture.') ? t(key) : key)), t('lecture.optimizers.stepSize'), t('lecture.optimizers.update'), t('lecture.optimizers.newW'), 'f(w)'],
      shown.map((s) => [String(s.t), fmt(s.w, 4), fmt(s.grad, 4), ...columns.map(([, k]) => fmt(s[k], 4)), fmt(s.rate, 4), fmt(s.update, 4), fmt(s.wAfter, 4), fmt(s.loss, 4)]),
      { 'data-id': 'steps' })),
    el('p', { class: 'caption' }, t('lecture.optimizers.shown', { shown: shown.length, steps: steps.length })));
}
