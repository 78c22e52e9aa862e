// Concept 4, activations (controller): the curves, a real digit's feature map through the
// chosen one, two linear layers that equal one, and dead ReLUs after training with a large
// learning rate (in the digits worker, started when first asked for).
import { lineChart } from '../../lib/chart.js';
import { t } from '../../lib/i18n.js';
import { loadDigits } from '../../lib/mnist.js';
import { openDigits } from '../digits-client.js';
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { curveSeries, drawCollapse, drawCurves, drawDead, drawMap } from './draw.js';
import { SLOPE, activationNames, applyActivation, createState, curves, deadQuestion, loadFeature } from './state.js';

const BODY = `
  <div class="panel"><h2 data-id="curvesTitle"></h2><div data-id="curves"></div></div>
  <div class="panel wide"><h2 data-t="lecture.activations.mapTitle"></h2><div class="controls" data-id="mapControls"></div>
    <p class="caption" data-id="mapCaption"></p><div class="stages result" data-id="map"></div></div>
  <div class="panel"><h2 data-t="lecture.activations.collapseTitle"></h2><div data-id="collapse"></div></div>
  <div class="panel"><h2 data-t="lecture.activations.deadTitle"></h2><p class="why" data-t="lecture.activations.deadWhy"></p>
    <div class="controls" data-id="deadControls"><button type="button" class="primary" data-id="train" data-t="lecture.activations.train"></button></div>
    <p class="caption" data-id="deadStatus" role="status"></p><div class="result" data-id="dead"></div><div data-id="loss" hidden></div></div>`;

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const view = { $: frame(root, 'activations', BODY), core, names: activationNames(core), state: createState(), digits: null, charts: null };
  view.fields = makeFields(view);
  const { $ } = view;
  $.train.addEventListener('click', () => trainDead(view));
  makeCharts(view);
  drawStatic(view);
  showMap(view, 0);
  return {
    unmount() { view.digits?.terminate(); view.charts.curves.destroy(); view.charts.loss.destroy(); },
    relabel() {
      view.fields.forEach((f) => f.relabel());
      view.charts.curves.destroy();
      view.charts.loss.destroy();
      makeCharts(view);
      drawStatic(view);
      redrawMap(view);
      if (view.state.dead) drawDead($.dead, view.charts.loss, view.state.dead);
      reportAgain($, view.fields, view.state.error);
    },
  };
}

/** The digit, learning-rate and steps fields and the activation choice, placed in the view. */
function makeFields(view) {
  const { $, state, core } = view;
  const check = () => fieldsOk($, view.fields) && report($, null);
  const digit = numberField({ id: 'digit', label: 'lecture.activations.digitNumber', min: 0, max: 9999, value: 0, onValue: (v) => showMap(view, v), onInvalid: check });
  const lr = numberField({ id: 'lr', label: 'lecture.activations.lr', min: 0, above: true, max: 10, integer: false, value: state.lr,
    onValue: (v) => { state.lr = v; check(); }, onInvalid: check });
  const steps = numberField({ id: 'steps', label: 'lecture.activations.steps', min: 1, max: 2000, value: state.steps,
    onValue: (v) => { state.steps = v; check(); }, onInvalid: check });
  const activation = selectField({ id: 'activation', label: 'lecture.activations.activation', value: state.activation, options: view.names.map((n) => [n, { text: n }]),
    onChange: (v) => { state.activation = v; applyActivation(core, state); redrawMap(view); } });
  $.mapControls.append(activation.element, digit.element);
  $.deadControls.prepend(lr.element, steps.element);
  return [digit, lr, steps];
}

/** The curves' and the dead-ReLU loss's line charts, labelled in the page's language. */
function makeCharts(view) {
  const { $ } = view;
  const loss = t('lecture.activations.loss');
  view.charts = {
    curves: lineChart($.curves, { height: 220, x: { label: 'x' }, y: { label: 'f(x)' }, series: curveSeries(view.names) }),
    loss: lineChart($.loss, { height: 180, x: { label: t('lecture.activations.step'), integer: true }, y: { label: loss }, series: [{ label: loss, color: '#e8590c' }] }),
  };
}

function drawStatic(view) {
  const { $, core } = view;
  $.curvesTitle.textContent = t('lecture.activations.curves', { slope: SLOPE });
  drawCurves(view.charts.curves, curves(core), view.names);
  drawCollapse($.collapse, core.lectureLinearCollapse(5));
}

/** Digit `index` through the edge kernel and the activation. */
async function showMap(view, index) {
  const { $, core, state } = view;
  if (!fieldsOk($, view.fields)) return;
  try {
    loadFeature(core, state, await loadDigits(), index);
    state.error = null;
    report($, null);
    redrawMap(view);
  } catch (err) {
    state.error = err;
    report($, err);
  }
}

const redrawMap = (view) => { if (view.state.feature) drawMap(view.$.map, view.$.mapCaption, view.state); };

/** Trains the dead-ReLU network in the digits worker (started on the first press) and counts. */
async function trainDead(view) {
  const { $, state } = view;
  if (!fieldsOk($, view.fields)) return;
  $.train.disabled = true;
  try {
    view.digits ??= openDigits({ onStatus: (text) => { $.deadStatus.textContent = text; } });
    await view.digits.ready;
    $.deadStatus.textContent = t('lecture.activations.training');
    state.dead = await view.digits.request('deadRelu', deadQuestion(state));
    $.deadStatus.textContent = '';
    $.loss.hidden = false;
    drawDead($.dead, view.charts.loss, state.dead);
  } catch (err) {
    $.deadStatus.textContent = '';
    state.error = err;
    report($, err);
  } finally {
    $.train.disabled = false;
  }
}
