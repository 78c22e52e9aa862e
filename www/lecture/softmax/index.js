// Concept 6, softmax and cross-entropy (controller): editable outputs become probabilities;
// the loss for the right label with its one-hot target; sigmoid + binary cross-entropy beside
// it; both as bars. Numbers from the core's own losses (lectureSoftmax).
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawBars, drawSigmoid, drawSoftmax } from './draw.js';
import { addOutput, compute, createState, removeOutput } from './state.js';

const BODY = `
  <div class="panel wide"><h2 data-t="lecture.softmax.outputs"></h2><div class="controls" data-id="logits"></div>
    <div class="controls"><span data-id="labelHost"></span>
      <button type="button" data-id="add" data-t="lecture.softmax.add"></button>
      <button type="button" data-id="remove" data-t="lecture.softmax.remove"></button></div></div>
  <div class="panel result"><h2 data-t="lecture.softmax.softmaxTitle"></h2>
    <h3 data-t="lecture.softmax.softmaxBars"></h3><canvas class="bars" data-id="softmaxBars" data-t-aria-label="lecture.softmax.softmaxBars"></canvas><div data-id="softmax"></div></div>
  <div class="panel result"><h2 data-t="lecture.softmax.sigmoidTitle"></h2>
    <h3 data-t="lecture.softmax.sigmoidBars"></h3><canvas class="bars" data-id="sigmoidBars" data-t-aria-label="lecture.softmax.sigmoidBars"></canvas><div data-id="sigmoid"></div></div>`;

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const $ = frame(root, 'softmax', BODY);
  const state = createState();
  let fields = [];

  function drawInputs() {
    fields = state.logits.map((z, i) => numberField({ id: `z${i}`, label: 'lecture.softmax.logit', labelParams: { i }, min: -50, max: 50, integer: false, value: z,
      onValue: (v) => { state.logits[i] = v; update(); }, onInvalid: () => update() }));
    $.logits.replaceChildren(...fields.map((f) => f.element));
    const options = state.logits.map((_, i) => [String(i), { text: String(i) }]);
    $.labelHost.replaceChildren(selectField({ id: 'label', label: 'lecture.softmax.label', options, value: String(state.label),
      onChange: (v) => { state.label = Number(v); update(); } }).element);
  }
  $.add.addEventListener('click', () => { addOutput(state); drawInputs(); update(); });
  $.remove.addEventListener('click', () => { removeOutput(state); drawInputs(); update(); });

  function update() {
    if (!fieldsOk($, fields)) return;
    compute(core, state);
    report($, state.error);
    if (state.view) draw();
  }

  function draw() {
    drawSoftmax($.softmax, state);
    drawSigmoid($.sigmoid, state);
    drawBars($.softmaxBars, $.sigmoidBars, state);
  }

  const resize = new ResizeObserver(() => { if (state.view) drawBars($.softmaxBars, $.sigmoidBars, state); });
  resize.observe($.frame);
  drawInputs();
  update();
  return {
    unmount() { resize.disconnect(); },
    relabel() {
      fields.forEach((f) => f.relabel());
      if (state.view) draw();
      reportAgain($, fields, state.error);
    },
  };
}
