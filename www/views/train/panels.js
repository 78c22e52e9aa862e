// The Train view's panels from its state: the buttons and status line, the stats, the curves,
// kernels, weights, feature maps and softmax of the digit on screen, the drawing's message.
import { el, setText } from '../../lib/dom.js';
import { coreText, language, number, t } from '../../lib/i18n.js';
import { drawDenseWeights, drawKernels, drawPrepared, drawSoftmax } from './draw.js';
import { featureMapParts } from './maps.js';
import { canTrain, dataWords, statusKey } from './state.js';

/** Less ink than this share of the pad is a tap or a dot, not a digit. */
const MIN_INK = 0.02;

/** The buttons, the status line, the numbers and the notices: what the view can do now and why not. */
export function update(view) {
  const { $, state } = view;
  if (view.unmounted) return;   // a late answer of the worker, after the view has gone
  const can = canTrain(state);
  $.play.disabled = !can && !state.playing;
  $.play.textContent = t(state.playing ? 'train.pause' : 'train.play');
  $.play.title = t('train.playTitle');
  $.step.disabled = !can || state.playing;
  $.reset.disabled = !state.ready || Boolean(state.errors.network || state.errors.settings || state.errors.fatal);
  $.status.textContent = t(statusKey(state), { reason: coreText(state.errors.fatal) });
  const aside = state.aside;
  $.notice.hidden = !aside;
  if (aside) $['notice-text'].textContent = t('train.undo.note', { steps: number(aside.steps) });
  $['smoothing-value'].textContent = number(view.smoothing, { minimumFractionDigits: 2 });
  showProblem(view);
  stats(view);
  view.files?.update();
  view.restore?.update();
}

/** Above the stats: why the core refused the run, or where it diverged and what to try. */
function showProblem(view) {
  const { $, state } = view;
  const divergence = state.snapshot?.divergence;
  $.divergence.hidden = !divergence && !state.errors.run;
  if (state.errors.run) $.divergence.textContent = t('train.runError', { message: coreText(state.errors.run) });
  else if (divergence) {
    const { lr, type } = state.config.optimizer;
    const adam = view.schema.optimizers.find((o) => o.type === 'adam').fields[0].example;
    const alternative = type === 'adam' ? '' : t('train.divergedAlternative', { lr: number(adam) });
    $.divergence.textContent = t('train.diverged', { message: divergence.message, lr: number(lr), type, smaller: number(Number((lr / 10).toPrecision(2))), alternative });
  }
}

/**
 * The pictures of the latest snapshot, in parts that the view's frame loop draws a few a frame
 * (index.js drawSome), so that a frame stays short while the workers train and the page keeps
 * its frame rate; each part `[host, draw]` names the element it draws in, so that one out of
 * view can wait while the view trains. Its numbers are written at once (update).
 */
export function renderParts(view) {
  const { $, state } = view;
  const s = state.snapshot;
  const curves = [$.curves, () => view.curves.update(state.curves, view.smoothing)];
  if (!s) return [curves];
  const layers = view.core.describeNetwork(s.config.spec);
  const words = dataWords(state);
  const drawing = state.source === 'drawing' ? state.drawing : null;
  const shown = drawing ? drawing.result : s.selected;
  return [
    [$.kernels, () => drawKernels($.kernels, s.weights)],
    [$.dense, () => drawDenseWeights($.dense, s.weights, layers, state.classNames)],
    ...featureMapParts($.maps, drawing ? drawing.image : s.selected.image, shown, { shape: state.shape, inputKey: words.input }).map((part) => [$.maps, part]),
    [$.softmax, () => {
      setText($['digit-caption'], state.source === 'drawing' ? t('train.digit.drawing') : t(words.caption, { index: s.selected.index, label: state.classNames[s.selected.label] }));
      if (state.source === 'drawing' && !drawing) {
        drawSoftmax($.softmax, $['softmax-caption'], null, undefined, state.classNames);
        setText($['softmax-caption'], $['draw-message'].textContent);
      } else drawSoftmax($.softmax, $['softmax-caption'], shown, drawing ? undefined : s.selected.label, state.classNames);
      drawPrepared($.prepared, drawing?.image, state.shape);
    }],
    [$.evaluation, () => view.evaluation.flush()],
    curves,
  ];
}

/**
 * The numbers of the latest snapshot: steps, epoch, images seen and per second, workers, test
 * accuracy and loss, the accuracy table under the curves.
 */
function stats(view) {
  const { $, state } = view;
  setText($['curve-note'], t(dataWords(state).chartNote, { count: number(state.testCount ?? 0) }));
  accuracyTable(view);
  const s = state.snapshot;
  if (!s) return;
  setText($.steps, number(s.steps));
  setText($.epoch, number(s.epoch, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  setText($.seen, number(s.imagesSeen));
  if (s.imagesPerSecond) view.rate = s.imagesPerSecond;   // a snapshot after a pause has trained nothing: keep the last rate
  setText($.rate, s.steps && view.rate ? number(Math.round(view.rate)) : '–');
  setText($.workers, s.workers < s.workersOf ? t('train.stat.workersInUse', { using: number(s.workers), size: number(s.workersOf) }) : number(s.workers));
  const test = s.test;
  setText($['accuracy-label'], test ? t('train.stat.accuracyAt', { step: number(test.step) }) : t('train.stat.accuracy'));
  setText($.accuracy, test ? number(test.accuracy, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }) : '–');
  setText($.testloss, test ? (Number.isFinite(test.loss) ? number(test.loss, { minimumFractionDigits: 3, maximumFractionDigits: 3 }) : String(test.loss)) : '–');
}

/** The numbers behind the accuracy curve: every evaluation step's test accuracy and loss. */
function accuracyTable(view) {
  const { accuracy } = view.state.curves;
  const body = view.$['accuracy-table'];
  const key = `${language()} ${view.state.runId}`;
  if (body.children.length === accuracy.length && body.dataset.key === key) return;
  body.dataset.key = key;
  const percent = (a) => number(a, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const loss = (l) => number(l, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  body.replaceChildren(...accuracy.map(([step, a, l]) => el('tr', {}, el('td', {}, number(step)), el('td', {}, percent(a)), el('td', {}, loss(l)))));
}

/**
 * The drawing changed (or the weights did): with enough ink, the network reads it; a tap or
 * a dot is not read and the message asks for a digit.
 */
export function drawn(view) {
  const { $, state, pad } = view;
  state.source = 'drawing';
  $.source.querySelector('input[value="drawing"]').checked = true;
  if (pad.isEmpty() || pad.inkShare() < MIN_INK) {
    state.drawing = null;
    const words = dataWords(state);
    showDrawMessage(view, { key: pad.isEmpty() ? words.empty : words.tooLittle });
    view.dirty = true;
    return;
  }
  if (!state.snapshot || state.snapshot.divergence) return;
  const ink = { ...pad.ink(), rgba: pad.rgba() };
  const asked = (view.drawings = (view.drawings ?? 0) + 1);
  view.worker.request('inspect', ink, { transfer: [ink.gray.buffer, ink.rgba.buffer] }).then((drawing) => {
    if (asked !== view.drawings) return;
    state.drawing = drawing;
    const p = drawing.result.probabilities[drawing.result.predicted];
    showDrawMessage(view, { key: 'train.draw.reads', params: { digit: state.classNames[drawing.result.predicted], percent: number(p, { style: 'percent', maximumFractionDigits: 1 }) } });
    view.dirty = true;
  }, (err) => {
    if (asked !== view.drawings || err.message === 'stopped') return;
    state.drawing = null;
    showDrawMessage(view, { error: err });
    view.dirty = true;
  });
}

/** The message under the drawing (kept to say it again after a language switch). */
export function showDrawMessage(view, message = view.drawMessage ?? { key: dataWords(view.state).empty }) {
  view.drawMessage = message;
  view.$['draw-message'].textContent = message.key ? t(message.key, message.params) : coreText(message.error);
}

/** The test digit typed or picked by Next: a whole number from 0 to the test set's last, or a message. */
export function select(view, value) {
  const { $, state } = view;
  const typed = String(value).trim();
  const index = typed === '' ? NaN : Number(typed);
  const max = (state.testCount ?? 1) - 1;
  if (!Number.isInteger(index) || index < 0 || index > max) {
    const words = dataWords(state);
    showIndexError(view, { key: typed === '' ? words.indexEmpty : words.indexError, params: { max, typed } });
    return;
  }
  showIndexError(view, null);
  $.index.value = index;
  state.source = 'test';
  $.source.querySelector('input[value="test"]').checked = true;
  view.ask('select', { index });
}

/** The digit field's message (kept to say it again after a language switch); null clears it. */
export function showIndexError(view, error = view.indexError) {
  const { $ } = view;
  view.indexError = error;
  $['index-error'].textContent = error ? t(error.key, error.params) : '';
  $.index.setAttribute('aria-invalid', String(Boolean(error)));
}
