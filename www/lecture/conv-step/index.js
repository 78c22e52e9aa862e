// Concept 3, one convolution step in numbers (controller): an RGB input and two kernels of
// depth 3 at the lecture's default stride 1; click an output cell for each channel's products,
// their sum, plus bias, through the activation; weight sharing counted for the two kernels.
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawBreakdown, drawFacts, drawInput, drawKernels, drawOutput } from './draw.js';
import { ACTIVATIONS, compute, createState, nextNumbers } from './state.js';

const BODY = `
  <div class="panel wide">
    <div class="controls" data-id="controls"><button type="button" data-id="next" data-t="lecture.convStep.next"></button></div>
    <div data-id="facts" class="result"></div>
  </div>
  <div class="panel result"><h2 data-t="lecture.convStep.input"></h2><div class="stages" data-id="input"></div>
    <p class="caption" data-t="lecture.convStep.inputCaption"></p></div>
  <div class="panel result"><h2 data-t="lecture.convStep.kernels"></h2><div class="stages" data-id="kernels"></div></div>
  <div class="panel result"><h2 data-t="lecture.convStep.output"></h2><div class="stages" data-id="output"></div></div>
  <div class="panel wide result" data-id="breakdown"></div>`;

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const $ = frame(root, 'convStep', BODY);
  const state = createState(core);
  const q = state.question;
  const position = (v, key) => { q[key] = v; q.row = 0; q.col = 0; update(); };
  const fields = [
    numberField({ id: 'stride', label: 'lecture.convStep.stride', min: 1, max: 4, value: q.stride, onValue: (v) => position(v, 'stride'), onInvalid: () => update() }),
    numberField({ id: 'padding', label: 'lecture.convStep.padding', min: 0, max: 3, value: q.padding, onValue: (v) => position(v, 'padding'), onInvalid: () => update() }),
  ];
  const activation = selectField({ id: 'activation', label: 'lecture.convStep.activation', value: q.activation,
    options: ACTIVATIONS.map((a) => [a, a === 'none' ? 'lecture.convStep.none' : { text: a }]), onChange: (v) => { q.activation = v; update(); } });
  $.controls.prepend(activation.element, ...fields.map((f) => f.element));
  $.next.addEventListener('click', () => { nextNumbers(core, state); update(); });

  function update() {
    if (!fieldsOk($, fields)) return;
    compute(core, state);
    report($, state.error);
    if (state.step) draw();
  }

  function draw() {
    drawFacts($.facts, state);
    drawInput($.input, state);
    drawKernels($.kernels, state);
    drawOutput($.output, state, (row, col) => { q.row = row; q.col = col; update(); });
    drawBreakdown($.breakdown, state);
  }

  update();
  return {
    relabel() {
      fields.forEach((f) => f.relabel());
      if (state.step) draw();
      reportAgain($, fields, state.error);
    },
  };
}
