// Concept 8, mini-batches (controller): real digits (their features, from the digits worker)
// shuffled and cut into batches; how far each batch's gradient points from the full-batch
// gradient, for batch sizes 1 to the whole set, with and without wrong labels (both are the
// noise of SGD); the first batch as the numbers the network reads.
import { SERIES } from '../../lib/colors.js';
import { lineChart } from '../../lib/chart.js';
import { t } from '../../lib/i18n.js';
import { openDigits } from '../digits-client.js';
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawAngles, drawBatch, drawStrip, drawSummary } from './draw.js';
import { batchShown, createState, question } from './state.js';

const BODY = `
  <div class="panel wide"><div class="controls" data-id="controls"><span data-id="showHost"></span></div><p class="caption" role="status" data-id="loading"></p>
    <p class="why" data-t="lecture.minibatch.noiseWhy"></p>
    <h2 data-t="lecture.minibatch.strip"></h2><div class="scroll result"><canvas class="number-grid" data-id="strip" data-text-px="13" data-t-aria-label="lecture.minibatch.strip"></canvas></div>
    <div data-id="stripLegend"></div><p class="caption" data-id="summary"></p></div>
  <div class="panel result"><h2 data-t="lecture.minibatch.angleTitle"></h2><div data-id="chart"></div></div>
  <div class="panel result"><h2 data-t="lecture.minibatch.bySize"></h2><div data-id="table"></div></div>
  <div class="panel wide result"><h2 data-t="lecture.minibatch.batchTitle"></h2><div data-id="batch"></div></div>`;

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const view = { $: frame(root, 'minibatch', BODY), core, state: createState(), asked: 0 };
  const { $ } = view;
  view.digits = openDigits({ onStatus: (text) => { $.loading.textContent = text; } });
  view.fields = makeFields(view);
  makeChart(view);
  view.digits.ready.then(() => update(view), (err) => { $.loading.textContent = ''; report($, err); });
  return {
    unmount() { view.digits.terminate(); view.chart.destroy(); },
    relabel() {
      view.fields.forEach((f) => f.relabel());
      view.chart.destroy();
      makeChart(view);
      if (view.state.view) draw(view);
      reportAgain($, view.fields, view.state.error);
    },
  };
}

function makeFields(view) {
  const { $, state } = view;
  const number = (id, min, max) => numberField({ id, label: `lecture.minibatch.${id}`, min, max, value: state[id],
    onValue: (v) => { state[id] = v; update(view); }, onInvalid: () => fieldsOk($, view.fields) });
  const fields = [number('count', 2, 4096), number('seed', 0, 4294967295), number('noise', 0, 90)];
  $.controls.prepend(...fields.map((f) => f.element));
  return fields;
}

function makeChart(view) {
  const angle = t('lecture.minibatch.angle');
  view.chart = lineChart(view.$.chart, { height: 220, x: { label: t('lecture.minibatch.batchAxis'), log: 2 }, y: { label: angle, min: 0 },
    series: [{ label: t('lecture.minibatch.mean'), color: SERIES[0], points: true, width: 2 }, { label: t('lecture.minibatch.min'), color: '#868e96', points: true }, { label: t('lecture.minibatch.max'), color: '#495057', points: true }] });
}

/** Asks the worker (the latest question wins), then draws. */
async function update(view) {
  const { $, state } = view;
  if (!fieldsOk($, view.fields)) return;
  const mine = ++view.asked;
  try {
    const answer = await view.digits.request('minibatch', question(state));
    if (mine !== view.asked) return;
    state.view = answer;
    state.error = null;
    $.loading.textContent = '';
    report($, null);
    draw(view);
  } catch (err) {
    state.error = err;
    report($, err);
  }
}

function draw(view) {
  const { $, state } = view;
  const sizes = state.view.sizes.map((s) => String(s.batch));
  batchShown(state);
  const show = selectField({ id: 'show', label: 'lecture.minibatch.show', value: String(state.show), options: sizes.map((b) => [b, { text: b }]),
    onChange: (v) => { state.show = Number(v); draw(view); } });
  $.showHost.replaceChildren(show.element);
  drawStrip($.strip, $.stripLegend, state);
  drawAngles(view.chart, $.table, state);
  drawBatch($.batch, state);
  drawSummary($.summary, state);
}
