// The Train view (controller): build a network, train it in a Web Worker (./worker.js) on the
// data the link names (the MNIST digits, the colour shapes or the user's own images: see
// views/data/), and watch the loss, test accuracy, kernels, dense weights, feature maps,
// softmax and the evaluation (confusion matrix, mistakes: views/evaluation/) change as it
// learns. The network and the settings live in the link (read on load,
// written as they change); an edit stops training and starts again from the seed, and the run
// it put aside can be brought back (Undo). The run is saved, exported, loaded and imported in
// the Save and export panel (files.js), and kept in this browser: a reload restores it
// (restore.js). Keys: Space play/pause, S step, R reset, N next digit.
import { guide } from '../../lib/guide.js';
import { el, template, watchInView } from '../../lib/dom.js';
import { drawPad } from '../../lib/drawpad.js';
import { coreText, t, translate } from '../../lib/i18n.js';
import { readLink, shareBar, writeLink } from '../../lib/link.js';
import { watchDigits } from '../../lib/mnist.js';
import { connect } from '../../lib/worker.js';
import { MAX_WORKERS, workersParam } from '../../lib/share-pool.js';
import { NoOwnImages, askForImages, dataChange, dataChooser, shownClassNames, trainingData, transfers } from '../data/datasets.js';
import { evaluationPanel } from '../evaluation/panel.js';
import { createBuilder } from './builder.js';
import { createCurves } from './curves.js';
import { createFiles } from './files.js';
import { drawn, renderParts, select, showDrawMessage, showIndexError, update } from './panels.js';
import { createRestore } from './restore.js';
import { createSettings } from './settings.js';
import { addPoints, canTrain, createState, dataMismatch, dataWords, emptyCurves, linkState, worthKeeping } from './state.js';
import { TEMPLATE } from './template.js';

export default {
  styles: [new URL('./train.css', import.meta.url), new URL('../evaluation/evaluation.css', import.meta.url)],
  linked: true,
  mount,
};

function mount(root, { core, keys, embed }) {
  const $ = template(root, TEMPLATE);
  const schema = core.describeSchema();
  const view = { $, root, core, schema, embed, state: createState(readLink(core, 'train', $.warnings)), frame: 0, dirty: true, timer: 0, smoothing: Number($.smoothing.value) };
  view.worker = connect(workerUrl($), { onEvent: (type, data) => onEvent(view, type, data) });
  view.slot = embed ? `embed:${location.hash}` : 'train';   // where IndexedDB keeps the run: an embed keeps its own
  view.worker.post('context', { slot: view.slot, link: location.hash, data: view.state.link.data });
  view.ask = (type, payload) => ask(view, type, payload);
  view.unwatch = state0(view) === 'mnist' ? watchDigits($.loading) : () => {};
  const { state } = view;
  const words = dataWords(state);   // "image" where the digits say "digit"
  imageWords(view);
  view.reference = core.parseLink(`view=train&data=${state0(view)}`).state.network;
  const { reference } = view;
  view.builder = createBuilder($.builder, { core, schema, spec: state.network, reference, onChange: (spec, error) => edited(view, 'network', spec, error), fits: (spec) => misfit(view, spec), inputKey: words.netInput });
  view.settings = createSettings($.settings, { core, schema, value: state.settings, onChange: (value, error) => edited(view, 'settings', value, error) });
  view.pad = drawPad($.drawpad, { size: 168, ink: '#ffffff', paper: '#000000', onStroke: () => { view.guide?.done(1); drawn(view); }, onClear: () => cleared(view) });
  view.curves = createCurves($.curves);
  view.evaluation = evaluationPanel($.evaluation, { core, previews: (indices) => view.worker.request('previews', { indices }), onPick: (index) => pick(view, index) });
  view.files = createFiles(view, { adopt: (s, keep) => adopt(view, s, keep) });
  view.restore = createRestore(view, { adopt: (s, keep) => adopt(view, s, keep), configure: () => configure(view), restart: () => restart(view), say: view.files.say });
  view.guide = embed ? null : guide($.guide, { id: 'train', title: 'train.guide.title', steps: ['train.guide.play', words.guideDraw, 'train.guide.diverge', { text: 'train.guide.race', href: '#view=race', link: 'train.guide.raceLink' }] });
  wire(view);
  keys([
    { key: 'Space', label: 'train.key.play', run: () => toggle(view) },
    { key: 'S', label: 'train.key.step', run: () => step(view) },
    { key: 'R', label: 'train.key.reset', run: () => configure(view) },
    { key: 'N', label: words.keyNext, run: () => next(view) },
  ]);
  relabel(view);
  start(view);
  const loop = () => { view.frame = requestAnimationFrame(loop); drawSome(view); };
  view.frame = requestAnimationFrame(loop);
  const resize = new ResizeObserver(() => { view.dirty = true; });
  resize.observe(root);
  view.waiting = new Set();   // panels out of view with a drawing pending (drawSome)
  view.inView = watchInView([$.curves, $.kernels, $.dense, $.maps, $.softmax, $.evaluation], (host) => { if (view.waiting.delete(host)) view.dirty = true; });
  const hidden = () => { if (document.visibilityState === 'hidden') view.worker.post('persist'); };
  document.addEventListener('visibilitychange', hidden);
  return {
    unmount() {
      view.unmounted = true;   // what the worker still says is for nobody
      cancelAnimationFrame(view.frame); resize.disconnect(); view.inView.disconnect(); clearTimeout(view.timer);
      document.removeEventListener('visibilitychange', hidden);
      const { worker } = view;   // the run is written before the worker goes (at most 2 s)
      Promise.race([worker.request('persist'), new Promise((done) => { setTimeout(done, 2000); })]).finally(() => worker.terminate());
      view.unwatch(); view.curves.destroy(); view.guide?.remove(); view.files.remove(); view.evaluation.destroy();
    },
    relabel: () => relabel(view),
  };
}

/**
 * A frame's share of drawing, in ms (at least one part is drawn): the browser's work for the
 * canvases a part changed comes after it, in the same frame. Measured with
 * scripts/train-frames.mjs on 2 cores: 0 (one part a frame) doubled the page's own time for
 * the same frame rate, 6 lost 2-3 frames a second.
 */
const FRAME_BUDGET_MS = 3;

/**
 * Draws the next parts of the snapshot on screen: while training, at least one and more while
 * the frame's budget lasts, else all. A pass over all parts (panels.js renderParts) finishes
 * before a newer snapshot starts the next one, so every pass shows one snapshot whole. While
 * training, a part whose panel is out of view waits (`view.waiting`) until the panel scrolls
 * into view or the training stops: the workers have the cores, and a panel nobody sees would
 * cost the page its frames (scripts/train-frames.mjs).
 */
function drawSome(view) {
  const { playing } = view.state;
  if (!playing && view.waiting.size) { view.waiting.clear(); view.dirty = true; }
  if (!view.parts?.length) {
    if (!view.dirty) return;
    view.dirty = false;
    view.parts = renderParts(view);
  }
  const start = performance.now();
  const budget = playing ? FRAME_BUDGET_MS : Infinity;   // not training: all at once, nothing competes
  let drawn = 0;
  while (view.parts.length && (!drawn || performance.now() - start < budget)) {
    const [host, draw] = view.parts.shift();
    if (playing && !view.inView.has(host)) view.waiting.add(host);
    else { draw(); drawn += 1; }
  }
}

/** The training worker; `?workers=N` in the page's link sets how many workers share each batch. */
function workerUrl($) {
  const url = new URL('./worker.js', import.meta.url);
  const raw = new URLSearchParams(location.search).get('workers');
  if (raw === null) return url;
  if (workersParam(raw) !== null) url.searchParams.set('workers', raw);
  else {
    $.warnings.append(el('p', {}, t('train.workersBad', { value: raw, max: MAX_WORKERS })));
    $.warnings.hidden = false;
  }
  return url;
}

/** The buttons, the digit chooser and the smoothing slider. */
function wire(view) {
  const { $ } = view;
  $.play.addEventListener('click', () => toggle(view));
  $.step.addEventListener('click', () => step(view));
  $.reset.addEventListener('click', () => configure(view));
  $.undo.addEventListener('click', () => undo(view));
  $.next.addEventListener('click', () => next(view));
  $.index.addEventListener('input', () => select(view, $.index.value));
  for (const radio of $.source.querySelectorAll('input[type="radio"]')) {
    radio.addEventListener('change', () => { view.state.source = radio.value; if (radio.value === 'drawing') drawn(view); view.dirty = true; });
  }
  $.smoothing.addEventListener('input', () => { view.smoothing = Number($.smoothing.value); view.dirty = true; update(view); });
}

const state0 = (view) => view.state.link.data;

/**
 * The data the link names to the worker, the network fitted to it, then the first run. Own
 * images this browser does not have (a link made elsewhere): the view asks for a folder.
 */
function start(view) {
  const { $, state } = view;
  trainingData(state.link.data)
    .then((data) => view.worker.request('dataset', data, { transfer: transfers(data) }))
    .then(({ testCount, shape, classNames }) => {
      $.missing.replaceChildren();
      Object.assign(state, { ready: true, testCount, shape, dataClassNames: classNames, classNames: shownClassNames(state.link.data, classNames) });
      $.index.max = testCount - 1;
      fitToData(view);
      return view.restore.start();
    })
    .catch((err) => {
      if (err instanceof NoOwnImages) {
        const dataLink = `#${view.core.formatLink({ view: 'data', data: 'own' })}`;
        askForImages($.missing, { dataLink, onReady: () => start(view) });
        return;
      }
      state.errors.fatal = err;
      update(view);
    });
}

/**
 * The network follows the data: its input becomes the images' shape and its last dense layer
 * one output per class (the core's fitNetwork); a network that cannot be fitted says why.
 */
function fitToData(view) {
  const { state } = view;
  if (!state.network || !dataMismatch(state, state.network)) return;
  try {
    Object.assign(view.reference, view.core.fitNetwork(view.reference, state.shape, state.classNames.length));
  } catch { /* the reference network does not fit these images: its button gives it as it is */ }
  try {
    state.network = view.core.fitNetwork(state.network, state.shape, state.classNames.length);
    state.errors.network = null;
    view.builder.set(state.network);
  } catch (err) {
    state.errors.network = err;
  }
}

/** The builder's check of a network against the data (once it is in): what to change, beside the layer. */
function misfit(view, spec) {
  const { state } = view;
  const problem = state.ready ? dataMismatch(state, spec) : null;
  if (!problem) return null;
  return { layer: problem.key === 'train.data.outputs' ? spec.layers.length - 1 : Infinity, message: t(problem.key, problem.params) };
}

/** For the colour shapes and own images, the texts that say "digit" say "image". */
function imageWords(view) {
  if (state0(view) === 'mnist') return;
  for (const node of view.root.querySelectorAll('[data-image-keys]')) {
    for (const attribute of node.dataset.imageKeys.split(' ')) {
      const name = attribute === 'text' ? 't' : `t-${attribute}`;
      const key = node.getAttribute(`data-${name}`);
      node.setAttribute(`data-${name}`, key.replace(/^train\./, 'train.image.'));
    }
  }
  translate(view.root);
}

/**
 * Another dataset: the view starts again on it (the link changes, the view is mounted anew),
 * with the network fitted to its images and classes, or the reason it cannot be.
 */
async function chooseData(view, name) {
  const { core, state } = view;
  const network = state.network ?? state.link.network;
  const change = await dataChange(core, network, name);
  const current = state.settings ? linkState(state) : { ...state.link, net: undefined };
  try {
    // a network that cannot be fitted gives way to the data's default (the reference network)
    location.hash = core.formatLink({ ...current, data: name, network: change.problem ? null : change.network });
  } catch (err) {
    view.$.dataProblem.textContent = coreText(err);
  }
}

/** A test image picked in the evaluation panel: its feature maps and softmax, in view. */
function pick(view, index) {
  select(view, index);
  view.$.maps.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** Events the worker sends unasked: snapshots while training, and a training that failed. */
function onEvent(view, type, data) {
  if (view.unmounted) return;
  if (type === 'snapshot') onSnapshot(view, data);
  if (type === 'stopped' && data.run === view.state.runId) { view.state.playing = false; view.state.errors.run = data.error; update(view); }
  if (type === 'kept') view.files.kept(data);
}

/** A snapshot of the run on screen (or late points of the run put aside, kept for undo). */
function onSnapshot(view, s) {
  const { state } = view;
  if (view.unmounted) return;
  if (s.run === state.aside?.runId) { addPoints(state.aside.curves, s); return; }
  if (s.run !== state.runId) return;
  addPoints(state.curves, s);
  const first = state.snapshot === null;
  state.snapshot = s;
  if (s.predictions) view.evaluation.update({ ...s.predictions, classNames: state.classNames }, { later: true });   // drawn with the pictures (drawSome)
  if (s.divergence) { state.playing = false; view.guide?.done(2); }
  if (first && state.link.play) { state.link.play = false; toggle(view); }   // play=1 in the link
  if (state.source === 'drawing') drawn(view);
  view.dirty = true;
  update(view);
}

/**
 * A request whose answer is a snapshot, shown when it comes (resolves then); a refusal of the
 * run on screen is shown above the curves.
 */
function ask(view, type, payload) {
  const id = view.state.runId;
  return view.worker.request(type, payload).then((s) => s && onSnapshot(view, s), (err) => {
    if (id !== view.state.runId || err.message === 'stopped') return;
    view.state.playing = false;
    view.state.errors.run = err;
    update(view);
  });
}

function toggle(view) {
  const { state } = view;
  if (state.playing) {
    state.playing = false;
    state.pausing = true;   // until the worker has finished the steps under way: the count shown is then final
    ask(view, 'pause').then(() => { state.pausing = false; update(view); });
  } else if (canTrain(state)) {
    state.playing = true;
    state.stopped = null;
    view.worker.request('play').catch(() => {});
    view.guide?.done(0);
  }
  update(view);
}

function step(view) {
  if (!canTrain(view.state) || view.state.playing) return;
  view.state.stopped = null;
  ask(view, 'step');
}

function next(view) {
  const { state } = view;
  if (!state.ready) return;
  select(view, (Number(view.$.index.value) + 1) % state.testCount);
}

/**
 * The network or the settings changed (`value` null while a field is in error): training stops
 * at once, visibly, and a new run starts from the seed once the edit is valid for a moment.
 */
function edited(view, what, value, error) {
  const { state } = view;
  state[what] = value;
  state.errors[what] = error;
  if (state.playing) { state.playing = false; state.stopped = what; ask(view, 'pause', { evaluate: false }); }
  clearTimeout(view.timer);
  if (!error) view.timer = setTimeout(() => configure(view), 300);
  update(view);
}

/** A new run from step 0 with the panels' network and settings; a run that trained is put aside for undo. */
function configure(view) {
  const { state } = view;
  clearTimeout(view.timer);
  if (!state.ready || !state.network || !state.settings) return;
  if (worthKeeping(state)) state.aside = { runId: state.runId, config: state.config, curves: state.curves, steps: state.snapshot.steps };
  const keep = state.aside?.runId === state.runId;
  const { optimizer, batch, seed } = state.settings;
  state.config = { spec: state.network, optimizer, seed, batch };
  state.runId = ++state.lastRunId;
  Object.assign(state, { playing: false, snapshot: null, curves: emptyCurves() });
  state.errors.run = null;
  saveLink(view);
  ask(view, 'configure', { ...state.config, run: state.runId, keep });
  update(view);
}

/** Back to the run the last edit put aside: its network, settings, curves and weights. */
function undo(view) {
  const { state } = view;
  const aside = state.aside;
  if (!aside) return;
  state.aside = null;
  show(view, aside.runId, aside.config, aside.curves);
  ask(view, 'undo');
  update(view);
}

/**
 * A run the worker made current (loaded from a file, imported, restored from this browser):
 * its network, settings, curves and snapshot on screen; the run it replaced was put aside for
 * undo when `keep`.
 */
function adopt(view, snapshot, keep) {
  const { state } = view;
  if (keep) state.aside = { runId: state.runId, config: state.config, curves: state.curves, steps: state.snapshot.steps };
  state.snapshot = null;
  state.drawing = null;
  show(view, snapshot.run, snapshot.config, emptyCurves());
  onSnapshot(view, snapshot);
}

/** The run `runId` is the one on screen: the panels and the link show its network and settings. */
function show(view, runId, config, curves) {
  const { state } = view;
  clearTimeout(view.timer);
  const { spec, optimizer, batch, seed } = config;
  Object.assign(state, { runId, config, curves, network: spec, settings: { optimizer, batch, seed }, playing: false, stopped: null });
  Object.assign(state.errors, { network: null, settings: null, run: null });
  view.builder.set(spec);
  view.settings.set(state.settings);
  saveLink(view);
}

/** A new run from step 0 with the settings the link had when the view opened (the panels follow). */
function restart(view) {
  const { state } = view;
  const { network, contenders: [optimizer], batch, seed } = state.link;
  Object.assign(state, { network, settings: { optimizer, batch, seed } });
  Object.assign(state.errors, { network: null, settings: null });
  fitToData(view);   // the link's network, fitted to the data as when the view opened
  view.builder.set(state.network);
  view.settings.set(state.settings);
  configure(view);
}

/**
 * The link follows the run on screen. A value the link cannot hold (a batch too large for the
 * network's activation limit) leaves the last good link: the run itself says why it cannot train.
 */
function saveLink(view) {
  try {
    const hash = writeLink(view.core, linkState(view.state));
    view.linked = linkState(view.state);
    view.worker.post('context', { link: `#${hash}` });
  } catch { /* the worker's refusal of the run names the problem */ }
}

function cleared(view) {
  view.state.drawing = null;
  showDrawMessage(view, { key: dataWords(view.state).empty });
  view.dirty = true;
}

/** After a language switch: the texts built in code (the shell translated the data-t ones). */
function relabel(view) {
  const { $, state } = view;
  view.builder.relabel();
  view.settings.relabel();
  view.curves.relabel();
  view.guide?.relabel();
  if (state.dataClassNames) state.classNames = shownClassNames(state.link.data, state.dataClassNames);
  view.evaluation.relabel(state.classNames);
  dataChooser($.dataRow, { value: view.state.link.data, onChange: (name) => chooseData(view, name) });
  view.files.relabel();
  view.restore.relabel();
  $.share.replaceChildren(shareBar(() => writeLink(view.core, view.linked ?? view.state.link), t('train.shareTitle')));
  showDrawMessage(view);
  showIndexError(view);
  update(view);
  view.dirty = true;
}
