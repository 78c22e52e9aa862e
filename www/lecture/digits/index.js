// Concept 1, from a drawing to 25 numbers (controller): draw a digit or pick a real one; the
// core makes it gray, crops and scales it to 25 x 14, makes it binary at the threshold and
// measures the share of white in 5 x 3 windows (one column of zero padding; or the 5 x 2
// alternative without padding). The numbers feed a small fully connected network trained on
// real digits in the digits worker; its answer is drawn beside the one-hot target.
import { drawPad } from '../../lib/drawpad.js';
import { number, t } from '../../lib/i18n.js';
import { openDigits } from '../digits-client.js';
import { numberField, selectField } from '../fields.js';
import { STYLES, fieldsOk, fmt, frame, report } from '../view.js';
import { drawNumbers, drawStages } from './draw.js';
import { drawAnswer, drawLayer } from './network.js';
import { TRAIN, WINDOWS, computePipeline, createState, networkReads, sameRecipe, targetLabel, windowName } from './state.js';

const BODY = `
  <div class="panel wide"><h2 data-t="lecture.digits.drawTitle"></h2>
    <div class="stages"><div data-id="pad"></div><div class="controls" data-id="pick"><button type="button" data-id="random" data-t="lecture.digits.random"></button></div></div>
    <p class="note" data-id="source"></p></div>
  <div class="panel wide"><h2 data-t="lecture.digits.stagesTitle"></h2>
    <div class="controls" data-id="recipe"><label class="field"><span data-t="lecture.digits.threshold"></span>
      <span><input type="range" min="0.05" max="0.95" step="0.05" value="0.5" data-id="threshold" data-t-aria-label="lecture.digits.threshold"> <output class="mono" data-id="thresholdValue">0.5</output></span></label></div>
    <p class="note" data-id="recipeNote"></p><button type="button" data-id="rebuild" hidden></button>
    <div class="stages result" data-id="stages"></div><p class="caption" data-id="paddingNote"></p></div>
  <div class="panel result"><h2 data-t="lecture.digits.numbersTitle"></h2><div data-id="numbers"></div></div>
  <div class="panel"><h2 data-t="lecture.digits.layerTitle"></h2><div data-id="layer"></div></div>
  <div class="panel wide"><h2 data-t="lecture.digits.networkTitle"></h2>
    <div class="controls"><button type="button" class="primary" data-id="train" disabled data-t="lecture.digits.train"></button>
      <progress data-id="progress" max="1" value="0" data-t-aria-label="lecture.digits.progress"></progress></div>
    <p class="caption" role="status" data-id="info"></p>
    <div class="stages"><figure class="stage answer"><canvas class="bars" data-id="bars" data-t-aria-label="lecture.digits.barsLabel"></canvas>
      <figcaption data-t="lecture.digits.barsCaption"></figcaption></figure><div><div data-id="drawnHost"></div><div data-id="target"></div></div></div>
    <p class="big" data-id="prediction"></p></div>`;

const PEN = '#ffd43b';
const PAPER = '#0b0f19';

export default { styles: STYLES, mount };

function mount(root, { core }) {
  const view = { $: frame(root, 'digits', BODY), core, state: createState(), ready: false, asked: 0 };
  const { $ } = view;
  view.pad = drawPad($.pad, { size: 168, ink: PEN, paper: PAPER, line: 14, label: t('lecture.digits.padLabel'),
    onStroke: () => { view.state.source = { kind: 'drawing' }; refresh(view); }, onClear: () => { view.state.source = { kind: 'none' }; refresh(view); } });
  view.fields = makeControls(view);
  view.digits = openDigits({ onStatus: (text) => { $.info.textContent = text; } });
  view.digits.ready.then((info) => started(view, info), (err) => report($, err));
  drawLayerPanel(view);
  refresh(view);
  const resize = new ResizeObserver(() => predict(view));
  resize.observe($.frame);
  return {
    unmount() { view.digits.terminate(); resize.disconnect(); },
    relabel() {
      view.pad.canvas.setAttribute('aria-label', t('lecture.digits.padLabel'));
      view.fields.forEach((f) => f.relabel());
      drawLayerPanel(view);
      drawInfo(view);
      refresh(view);
    },
  };
}

/** The digit field, Random, the threshold slider, the window choice, Rebuild, Train, "you drew". */
function makeControls(view) {
  const { $, state } = view;
  const digit = numberField({ id: 'digit', label: 'lecture.digits.digitNumber', min: 0, max: 7999, value: 0,
    onValue: (v) => showDigit(view, v), onInvalid: () => fieldsOk($, view.fields) });
  const window = selectField({ id: 'window', label: 'lecture.digits.window', value: '5x3',
    options: [['5x3', 'lecture.digits.window53'], ['5x2', 'lecture.digits.window52']], onChange: (v) => { state.recipe.window = WINDOWS[v]; refresh(view); } });
  const drawn = selectField({ id: 'drawn', label: 'lecture.digits.drawn', value: '',
    options: [['', { text: '—' }], ...Array.from({ length: 10 }, (_, d) => [String(d), { text: String(d) }])], onChange: (v) => { state.drawn = v === '' ? null : Number(v); predict(view); } });
  $.pick.append(digit.element);
  $.recipe.append(window.element);
  $.drawnHost.append(drawn.element);
  view.drawnField = drawn.element;
  $.threshold.addEventListener('input', () => { state.recipe.threshold = Number($.threshold.value); $.thresholdValue.textContent = $.threshold.value; refresh(view); });
  $.random.addEventListener('click', () => { const i = Math.floor(Math.random() * 8000); digit.set(i); showDigit(view, i); });
  $.rebuild.addEventListener('click', () => rebuild(view));
  $.train.addEventListener('click', () => train(view));
  return [digit];
}

/** The worker has built the training digits: the network can answer; show digit 0 unless drawn on. */
function started(view, info) {
  view.ready = true;
  view.length = info.length;
  view.featureCount = info.featureCount;
  view.$.train.disabled = false;
  drawInfo(view);
  if (view.state.source.kind === 'none') showDigit(view, 0); else predict(view);
}

/** Training digit `index`: its gray image from the worker, painted on the pad, then its stages. */
async function showDigit(view, index) {
  if (!fieldsOk(view.$, view.fields) || !view.ready) return;
  try {
    const answer = await view.digits.request('digit', { index });
    view.state.source = { kind: 'digit', index, ...answer };
    view.pad.paint(answer.image, 28, 28);
    refresh(view);
  } catch (err) {
    report(view.$, err);
  }
}

/** The stages and numbers of the shown digit, what the recipe means for the training set, the answer. */
function refresh(view) {
  const { $, state, core } = view;
  const p = computePipeline(core, state, view.pad);
  report($, state.error);
  drawSource(view);
  drawRecipe(view);
  view.drawnField.hidden = state.source.kind !== 'drawing';
  if (p) {
    drawStages($.stages, $.paddingNote, p);
    drawNumbers($.numbers, p);
  } else {
    for (const host of [$.stages, $.numbers]) host.replaceChildren();
    $.paddingNote.textContent = state.source.kind === 'none' ? t('lecture.digits.nothing') : '';
  }
  predict(view);
}

function drawSource(view) {
  const { source } = view.state;
  view.$.source.textContent = source.kind === 'digit' ? t('lecture.digits.trainingDigit', { index: source.index, label: source.label })
    : source.kind === 'drawing' ? t('lecture.digits.yourDrawing') : t('lecture.digits.nothing');
}

/** Whether the threshold and window shown are the training set's; if not, the button to make them so. */
function drawRecipe(view) {
  const { $, state } = view;
  const same = sameRecipe(state.recipe, state.training);
  const name = (r) => ({ threshold: r.threshold, window: windowName(r.window).replace('x', ' × ') });
  $.recipeNote.textContent = t(same ? 'lecture.digits.sameRecipe' : 'lecture.digits.otherRecipe', name(state.training));
  $.rebuild.hidden = same;
  $.rebuild.textContent = t('lecture.digits.rebuild', name(state.recipe));
}

/** The network's answer for the shown numbers (the latest question wins). */
async function predict(view) {
  const { $, state } = view;
  if (!view.ready || !state.pipeline) { $.prediction.textContent = ''; return; }
  if (!networkReads(state)) {
    $.prediction.textContent = t('lecture.digits.cannotRead', { count: state.pipeline.ratios.length, reads: view.featureCount ?? 25 });
    return;
  }
  const mine = ++view.asked;
  try {
    const { probabilities } = await view.digits.request('predict', { features: state.pipeline.ratios });
    if (mine !== view.asked) return;
    const { best, share } = drawAnswer($.bars, $.target, probabilities, targetLabel(state));
    const key = state.source.kind === 'digit' ? 'lecture.digits.readsDigit' : 'lecture.digits.readsDrawing';
    $.prediction.textContent = t(key, { label: state.source.label, digit: best, share: fmt(100 * share, 1) });
  } catch (err) {
    report($, err);
  }
}

/** What the network has done so far: untrained, or its last training run on the test digits. */
function drawInfo(view) {
  const { $, state } = view;
  if (!view.ready) return;
  const r = state.trained;
  $.info.textContent = !r ? t('lecture.digits.untrained', { length: number(view.length), count: view.featureCount ?? 25 })
    : t('lecture.digits.trainedInfo', { steps: number(r.steps), loss: fmt(r.loss, 3), accuracy: fmt(100 * r.evaluation.accuracy, 1), testLoss: fmt(r.evaluation.loss, 3), count: number(r.evaluation.count) });
}

/** 2000 steps in the worker; the bar and the answer move while it trains. */
async function train(view) {
  const { $, state } = view;
  $.train.disabled = $.rebuild.disabled = true;
  $.progress.value = 0;
  try {
    state.trained = await view.digits.request('train', TRAIN, { onProgress: (p) => {
      $.progress.value = p.done / p.total;
      $.info.textContent = t('lecture.digits.trainingProgress', { steps: number(p.steps), loss: fmt(p.loss, 3) });
      predict(view);
    } });
    drawInfo(view);
  } catch (err) {
    report($, err);
  } finally {
    $.train.disabled = $.rebuild.disabled = false;
  }
  predict(view);
}

/** Makes the training set by the shown recipe (10,000 digits again) and starts a new network. */
async function rebuild(view) {
  const { $, state } = view;
  $.train.disabled = $.rebuild.disabled = true;
  try {
    const recipe = { ...state.recipe };
    const info = await view.digits.rebuild(recipe);
    state.training = recipe;   // as asked (the core keeps the threshold as an f32: 0.30000001)
    view.featureCount = info.featureCount;
    state.trained = null;
    $.progress.value = 0;
    drawLayerPanel(view);
    drawInfo(view);
    refresh(view);
  } catch (err) {
    report($, err);
  } finally {
    $.train.disabled = $.rebuild.disabled = false;
  }
}

/** The fully connected layer panel for the training set's network. */
function drawLayerPanel(view) {
  drawLayer(view.$.layer, view.core.lectureDenseExample(1), view.core.lectureDigitNetwork(view.state.training));
}

