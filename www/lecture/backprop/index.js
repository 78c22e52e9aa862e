// Concept 7, backpropagation of one weight (controller): in the digit network 25 -> 8 sigmoid
// -> 10 softmax, pick a weight in the lecture's notation (w⁽²⁾₁₁ first) and a training digit:
// the chain-rule factors with their values, their product, the backward pass and the
// numeric gradient, all from the core; the digit's features come from the digits worker.
import { openDigits } from '../digits-client.js';
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawFeatures, drawGradient, drawOutputs } from './draw.js';
import { compute, createState, ranges } from './state.js';

const BODY = `
  <div class="panel wide"><div class="controls" data-id="controls"></div><p class="caption" role="status" data-id="loading"></p></div>
  <div class="panel result"><h2 data-t="lecture.backprop.input"></h2><div data-id="inputs"></div></div>
  <div class="panel result" data-id="gradient"></div>
  <div class="panel result"><h2 data-t="lecture.backprop.outputs"></h2><canvas class="bars" data-id="bars" data-t-aria-label="lecture.backprop.outputs"></canvas><div data-id="target"></div></div>`;

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const view = { $: frame(root, 'backprop', BODY), core, state: createState(), cache: new Map() };
  const { $ } = view;
  view.digits = openDigits({ onStatus: (text) => { $.loading.textContent = text; } });
  view.fields = makeFields(view);
  view.digits.ready.then(() => { $.loading.textContent = ''; update(view); }, (err) => { $.loading.textContent = ''; report($, err); });
  const resize = new ResizeObserver(() => { if (view.state.result) drawOutputs($.bars, $.target, view.state); });
  resize.observe($.frame);
  return {
    unmount() { view.digits.terminate(); resize.disconnect(); },
    relabel() {
      view.fields.forEach((f) => f.relabel());
      if (view.state.result) draw(view);
      reportAgain($, view.fields.filter((f) => !f.element.hidden), view.state.error);
    },
  };
}

/** Digit, layer, weight or bias, j, k and the seed of the weights. */
function makeFields(view) {
  const { $, state } = view;
  const change = (key) => (v) => { state[key] = v; update(view); };
  const number = (id, min, max, value, onValue = change(id)) => numberField({ id, label: `lecture.backprop.${id}`, min, max, value, onValue, onInvalid: () => fieldsOk($, view.fields) });
  const fields = [number('digit', 0, 7999, state.digit), number('j', 1, 10, state.j), number('k', 1, 8, state.k), number('seed', 0, 4294967295, state.seed)];
  const [, j, k] = fields;
  const layer = selectField({ id: 'layer', label: 'lecture.backprop.layer', value: String(state.layer),
    options: [['1', 'lecture.backprop.layer1'], ['2', 'lecture.backprop.layer2']], onChange: (v) => { state.layer = Number(v); retarget(); } });
  const kind = selectField({ id: 'kind', label: 'lecture.backprop.kind', value: state.kind,
    options: [['weight', 'lecture.backprop.weight'], ['bias', 'lecture.backprop.bias']], onChange: (v) => { state.kind = v; retarget(); } });
  function retarget() {
    const r = ranges(state);
    j.setRange(...r.j);
    k.setRange(...r.k);
    if (j.valid()) state.j = j.value();
    if (k.valid()) state.k = k.value();
    k.element.hidden = state.kind === 'bias';
    update(view);
  }
  $.controls.append(fields[0].element, layer.element, kind.element, j.element, k.element, fields[3].element);
  return fields;
}

/** The digit's features (asked once per digit), then the core's gradient, then the drawing. */
async function update(view) {
  const { $, state, core } = view;
  const active = view.fields.filter((f) => !f.element.hidden);
  if (!fieldsOk($, active)) return;
  const index = state.digit;
  try {
    if (!view.cache.has(index)) view.cache.set(index, await view.digits.request('features', { index }));
    if (index !== state.digit) return;   // another digit was asked for meanwhile
    ({ features: state.x, label: state.label } = view.cache.get(index));
    compute(core, state);
  } catch (err) {
    state.error = err;
  }
  report($, state.error);
  if (state.result) draw(view);
}

function draw(view) {
  const { $, state } = view;
  drawFeatures($.inputs, state);
  drawGradient($.gradient, state);
  drawOutputs($.bars, $.target, state);
}
