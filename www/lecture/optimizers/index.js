// Concept 9, the optimizers step by step (controller): one parameter w on f(w) = a/2 (w − c)²
// with noisy gradients, as a mini-batch gives them; each optimizer's formula with its
// hyperparameters editable in place (momentum's μ, RMSProp's decay coefficient α, Adam's β1,
// β2, ε), how soon each gets close (why optimizers exist), and the numbers step by step.
import { SERIES } from '../../lib/colors.js';
import { lineChart } from '../../lib/chart.js';
import { t } from '../../lib/i18n.js';
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawCharts, drawTable, formulaRow, refreshFormulas } from './draw.js';
import { compute, createState, optimizerTable } from './state.js';

const BODY = `
  <div class="panel wide"><div class="controls" data-id="controls"></div></div>
  <div class="panel wide"><h2 data-t="lecture.optimizers.formulas"></h2><p class="why" data-t="lecture.optimizers.formulasWhy"></p><div data-id="formulas" class="result"></div></div>
  <div class="panel result"><h2 data-t="lecture.optimizers.wTitle"></h2><div data-id="wChart"></div></div>
  <div class="panel result"><h2 data-t="lecture.optimizers.rateTitle"></h2><div data-id="rateChart"></div></div>
  <div class="panel wide result" data-id="table"></div>`;

/** The problem's fields: [state key, min, max, options]. */
const PROBLEM = [
  ['lr', 0, 10, { above: true, integer: false }], ['start', -100, 100, { integer: false }], ['curvature', 0, 100, { above: true, integer: false }],
  ['noise', 0, 100, { integer: false }], ['steps', 1, 200, {}], ['seed', 0, 4294967295, {}],
];

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const table = optimizerTable(core.describeSchema());
  const view = { $: frame(root, 'optimizers', BODY), core, table, state: createState(table) };
  view.fields = [...makeControls(view), ...makeFormulas(view)];
  makeCharts(view);
  update(view);
  return {
    unmount() { view.charts.w.destroy(); view.charts.rate.destroy(); },
    relabel() {
      view.fields.forEach((f) => f.relabel());
      view.charts.w.destroy();
      view.charts.rate.destroy();
      makeCharts(view);
      if (view.state.traces) draw(view);
      reportAgain(view.$, view.fields, view.state.error);
    },
  };
}

function makeControls(view) {
  const { $, state } = view;
  const fields = PROBLEM.map(([key, min, max, options]) => numberField({ id: key, label: `lecture.optimizers.${key}`, min, max, value: state[key], ...options,
    onValue: (v) => { state[key] = v; update(view); }, onInvalid: () => fieldsOk($, view.fields) }));
  const chosen = selectField({ id: 'chosen', label: 'lecture.optimizers.chosen', value: state.chosen, options: state.types.map((type) => [type, { text: type }]),
    onChange: (v) => { state.chosen = v; update(view); } });
  $.controls.append(...fields.map((f) => f.element), chosen.element);
  return fields;
}

/** Each optimizer's formula, its hyperparameters as fields inside it. */
function makeFormulas(view) {
  const { $, state, table } = view;
  const all = [];
  view.rows = state.types.map((type, i) => {
    const fields = Object.fromEntries(table.hyper[type].map(({ field, min, max, above, below }) => [field, numberField({
      id: `${type}-${field}`, label: `lecture.optimizers.hyper.${type}.${field}`, min, max, above, below, integer: false, value: state.hyper[type][field],
      onValue: (v) => { state.hyper[type][field] = v; update(view); }, onInvalid: () => fieldsOk($, view.fields),
    })]));
    all.push(...Object.values(fields));
    return formulaRow(type, table.formulas[type], fields, SERIES[i]);
  });
  $.formulas.replaceChildren(...view.rows);
  return all;
}

function makeCharts(view) {
  const { $ } = view;
  const series = view.state.types.map((type, i) => ({ label: type, color: SERIES[i] }));
  const x = { label: t('lecture.optimizers.stepAxis'), integer: true };
  view.charts = {
    w: lineChart($.wChart, { height: 220, x, y: { label: 'w' }, series }),
    rate: lineChart($.rateChart, { height: 220, x, y: { label: t('lecture.optimizers.stepSize') }, series }),
  };
}

function update(view) {
  const { $, state, core } = view;
  if (!fieldsOk($, view.fields)) return;
  compute(core, state);
  report($, state.error);
  if (state.traces) draw(view);
}

function draw(view) {
  const { $, state } = view;
  refreshFormulas(view.rows, state);
  drawCharts(view.charts, state);
  drawTable($.table, state);
}
