// Concept 2, convolution arithmetic (controller): W, F, S, P to the output size, every window
// position and the padding drawn, the padding (F - 1) / 2 that keeps the size at stride 1, and
// weight sharing counted; what does not fit is refused with the core's reason.
import { numberField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawFormula, drawInput, drawOutput, drawSharing, inputLegend } from './draw.js';
import { compute, createState } from './state.js';

const BODY = `
  <div class="panel wide">
    <div class="controls" data-id="controls">
      <label class="field"><span data-t="lecture.convSize.oneSided"></span><input type="checkbox" data-id="oneSided" data-t-aria-label="lecture.convSize.oneSided"></label>
      <label class="field"><span data-t="lecture.convSize.position"></span><input type="range" min="0" max="0" value="0" data-id="position" data-t-aria-label="lecture.convSize.position"></label>
      <button type="button" data-id="same" data-t="lecture.convSize.makeSame"></button>
    </div>
    <div data-id="formula" class="result"></div>
  </div>
  <div class="panel result"><h2 data-t="lecture.convSize.inputTitle"></h2><canvas data-id="inputGrid" data-t-aria-label="lecture.convSize.inputLabel"></canvas><div data-id="legend"></div></div>
  <div class="panel result"><h2 data-t="lecture.convSize.outputTitle"></h2><canvas data-id="outputGrid" data-t-aria-label="lecture.convSize.outputLabel"></canvas>
    <p class="caption" data-t="lecture.convSize.outputCaption"></p></div>
  <div class="panel wide"><h2 data-t="lecture.convSize.sharing"></h2><p class="why" data-t="lecture.convSize.sharingWhy"></p>
    <div class="controls" data-id="sharingControls"></div><div data-id="sharing" class="result"></div></div>`;

const FIELDS = [
  ['input', 1, 64], ['kernel', 1, 64], ['stride', 1, 64], ['padding', 0, 32],
];

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const $ = frame(root, 'convSize', BODY);
  const state = createState();
  const q = state.question;
  const field = ([key, min, max]) => numberField({ id: key, label: `lecture.convSize.${key}`, min, max, value: q[key],
    onValue: (v) => { q[key] = v; state.position = 0; update(); }, onInvalid: () => update() });
  const geometryFields = FIELDS.map(field);
  const countFields = [['channels', 1, 64], ['filters', 1, 64]].map(field);
  const fields = [...geometryFields, ...countFields];
  $.controls.prepend(...geometryFields.map((f) => f.element));
  $.sharingControls.append(...countFields.map((f) => f.element));
  $.oneSided.addEventListener('change', () => { q.oneSided = $.oneSided.checked; update(); });
  $.position.addEventListener('input', () => { state.position = Number($.position.value); draw(); });
  $.same.addEventListener('click', () => {
    q.stride = 1;
    q.padding = state.geometry?.samePadding ?? q.padding;
    geometryFields[2].set(q.stride);
    geometryFields[3].set(q.padding);
    update();
  });

  function update() {
    if (!fieldsOk($, fields)) return;
    compute(core, state);
    report($, state.error);
    if (state.geometry) draw();
  }

  function draw() {
    const g = state.geometry;
    $.position.max = String(g.output * g.output - 1);
    $.position.value = String(state.position);
    $.same.hidden = g.keepsSize || g.samePadding === null;
    drawFormula($.formula, state);
    drawInput($.inputGrid, state);
    drawOutput($.outputGrid, state);
    $.legend.replaceChildren(inputLegend());
    drawSharing($.sharing, state);
  }

  update();
  return {
    relabel() {
      fields.forEach((f) => f.relabel());
      if (state.geometry) draw();
      reportAgain($, fields, state.error);
    },
  };
}
