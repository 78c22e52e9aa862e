// Concept 5, pooling (controller): max and average pooling of a feature map by the core's own
// layers; the winner of each max window outlined; depth stays, height and width shrink, no
// parameters; what pooling is for (less to compute) and stride = size as the usual choice.
import { numberField } from '../fields.js';
import { STYLES, fieldsOk, frame, report, reportAgain } from '../view.js';
import { drawFacts, drawInput, drawOutput } from './draw.js';
import { compute, createState, nextMap } from './state.js';

const BODY = `
  <div class="panel wide">
    <div class="controls" data-id="controls">
      <button type="button" data-id="usual" data-t="lecture.pooling.usual"></button>
      <button type="button" data-id="next" data-t="lecture.pooling.next"></button>
    </div>
    <div data-id="facts" class="result"></div>
  </div>
  <div class="panel result"><h2 data-t="lecture.pooling.input"></h2><div class="stages" data-id="input"></div>
    <p class="caption" data-t="lecture.pooling.winner"></p></div>
  <div class="panel result"><h2 data-t="lecture.pooling.output"></h2><div class="stages" data-id="output"></div></div>`;

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const $ = frame(root, 'pooling', BODY);
  const state = createState(core);
  const field = (id, key) => numberField({ id, label: `lecture.pooling.${id}`, min: 1, max: 6, value: state.question[key],
    onValue: (v) => { state.question[key] = v; update(); }, onInvalid: () => update() });
  const fields = [field('size', 'size'), field('stride', 'stride')];
  $.controls.prepend(...fields.map((f) => f.element));
  $.next.addEventListener('click', () => { nextMap(core, state); update(); });
  $.usual.addEventListener('click', () => { fields[1].set(state.question.size); state.question.stride = state.question.size; update(); });

  function update() {
    if (!fieldsOk($, fields)) return;
    compute(core, state);
    report($, state.error);
    if (state.result) draw();
  }

  function draw() {
    $.usual.hidden = state.result.windows === 'tile';
    drawInput($.input, state);
    drawOutput($.output, state);
    drawFacts($.facts, state);
  }

  update();
  return {
    relabel() {
      fields.forEach((f) => f.relabel());
      if (state.result) draw();
      reportAgain($, fields, state.error);
    },
  };
}
