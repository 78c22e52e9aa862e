// The optimizer race (controller): 2 to 5 contenders train the same network from the same
// weights on the same mini-batches, each in its own worker (./run.js); overlaid loss and test
// accuracy against step or training time, and the standings (./draw.js, from ./state.js).
// Space starts, pauses and resumes; R races again. The experiment lives in the link (the
// core's parser); a copied link starts the race when opened.
import { template } from '../../lib/dom.js';
import { guide } from '../../lib/guide.js';
import { coreText, t } from '../../lib/i18n.js';
import { readLink, shareBar, writeLink } from '../../lib/link.js';
import { watchDigits } from '../../lib/mnist.js';
import { contendersEditor } from '../../lab/contenders.js';
import { askForImages, dataChange, dataChooser } from '../data/datasets.js';
import { accuracyTitle, createCharts, drawCharts, progressText, standingsRows } from './draw.js';
import { layerRows, netField, numberFields, parameterTotal, trainNetwork } from './fields.js';
import { startRace } from './run.js';
import { SMOOTH, finish, lineUp, racing, receive } from './state.js';
import { TEMPLATE } from './template.js';

export default {
  styles: [new URL('../../lab/lab.css', import.meta.url)],
  linked: true,
  mount,
};

function mount(root, { core, keys, embed }) {
  const $ = template(root, TEMPLATE);
  const state = readLink(core, 'race', $.warnings);
  // phase: 'ready' (nothing raced yet), 'running', 'paused', 'done' (a race ran to its end or was stopped)
  const view = { $, core, state, results: lineUp(state.contenders), run: null, phase: 'ready', raced: null, axis: 'step', smooth: true, frame: 0 };
  writeLink(core, state);   // the link now names every setting of the race, defaults included
  view.charts = createCharts($, view);
  view.editor = contendersEditor($.contenders, core, state.contenders, (list) => {
    apply(view, { contenders: list });
    if (view.phase === 'ready') view.results = lineUp(view.state.contenders);
    changed(view);
  });
  netField($.net, $.netError, core, { apply: (change) => apply(view, change), after: () => changed(view) });
  wire(view);
  keys([
    { key: 'Space', label: 'race.keyPlay', run: () => toggle(view) },
    { key: 'R', label: 'race.keyRestart', run: () => { if (!$.play.disabled) start(view); } },
  ]);
  view.guide = embed ? null : guide($.guide, { id: 'race', title: 'race.guide.title', steps: ['race.guide.start', 'race.guide.diverge', 'race.guide.add', 'race.guide.share'] });
  const unwatch = watchDigits($.loading);
  relabel(view);
  // own images: the network is fitted to the kept ones before anything races
  const ready = state.data === 'own' ? chooseData(view, 'own') : Promise.resolve();
  if (state.play) ready.then(() => start(view));
  return {
    unmount() {
      stop(view);
      cancelAnimationFrame(view.frame);
      view.charts.destroy();
      view.guide?.remove();
      unwatch();
    },
    relabel: () => relabel(view),
  };
}

/** The buttons: play (start, pause, resume), stop, the chart options, the Train view's network. */
function wire(view) {
  const { $ } = view;
  $.play.addEventListener('click', () => toggle(view));
  $.stop.addEventListener('click', () => { stop(view); render(view); });
  const option = (name, value) => () => {
    view[name] = value;
    rebuildCharts(view);
  };
  $.axisStep.addEventListener('click', option('axis', 'step'));
  $.axisTime.addEventListener('click', option('axis', 'time'));
  $.smoothOn.addEventListener('click', option('smooth', true));
  $.smoothOff.addEventListener('click', option('smooth', false));
  $.takeTrain.addEventListener('click', () => takeTrainNetwork(view));
  // after the editor's own handlers: a field in error keeps Start off
  for (const type of ['input', 'change', 'click']) $.controls.addEventListener(type, () => changed(view));
}

/** Applies `change` to the state if the core accepts the link it makes; returns the core's message if not. */
function apply(view, change) {
  try {
    view.state = view.core.parseLink(writeLink(view.core, { ...view.state, ...change })).state;
    return '';
  } catch (err) {
    return coreText(err);
  }
}

/** The race's settings as a link, whether or not it plays on load: what a started race ran. */
const raceKey = (view) => view.core.formatLink({ ...view.state, network: null, play: false });

/** A link to share: the same race, started when opened. */
const shareHash = (view) => view.core.formatLink({ ...view.state, network: null, play: true });

/** A field shows an error: Start would race the last good values, so it waits for a fix. */
const invalid = (view) => Boolean(view.$.controls.querySelector('[aria-invalid]:not([aria-invalid="false"])'));

/** After an edit: the network shown, and whether the race on screen still has these settings. */
function changed(view) {
  showNetwork(view);
  view.$.changed.hidden = view.raced === null || raceKey(view) === view.raced;
  render(view);
}

function takeTrainNetwork(view) {
  const got = trainNetwork(view.core);
  const same = got.net === view.state.net;
  const message = got.error ?? (same ? t('race.sameNetwork') : apply(view, { net: got.net }) || got.message);
  view.$.takeStatus.textContent = message;
  view.$.net.removeAttribute('aria-invalid');
  view.$.netError.textContent = '';
  changed(view);
}

/** The network's layers and its compact text, when the network changed (or `again`, after a language switch). */
function showNetwork(view, again = false) {
  const { $, core, state } = view;
  if (state.net === view.shownNet && !again) return;
  view.shownNet = state.net;
  $.layers.replaceChildren(...layerRows(core, state));
  $.paramTotal.textContent = parameterTotal(core, state);
  $.net.value = state.net;
}

/** Space and the play button: start a race, pause the one running, or resume it. */
function toggle(view) {
  if (view.phase === 'running') {
    view.run.pause();
    view.phase = 'paused';
  } else if (view.phase === 'paused') {
    view.run.resume();
    view.phase = 'running';
  } else if (!view.$.play.disabled) {
    start(view);
    view.guide?.done(0);   // the reader started a race
    return;
  }
  render(view);
}

function start(view) {
  stop(view);
  view.raced = raceKey(view);
  apply(view, { play: true });   // the link on screen replays this race
  view.results = lineUp(view.state.contenders, 'loading');
  view.phase = 'running';
  view.$.changed.hidden = true;
  view.$.missing.replaceChildren();
  const onMissing = () => askForImages(view.$.missing, { dataLink: '#view=data&data=own', onReady: () => start(view) });
  view.run = startRace(view.state, (i, kind, data) => hear(view, i, kind, data), { onMissing });
  render(view);
}

/** Another dataset: the network is fitted to it (input and outputs), or the reason it cannot be is shown. */
async function chooseData(view, name) {
  const { core, state } = view;
  const change = await dataChange(core, state.network, name);
  const net = change.problem ? state.net : core.parseLink(core.formatLink({ data: change.data, network: change.network })).state.net;
  const refused = apply(view, { data: change.data, net });
  view.$.dataProblem.textContent = change.problem ?? refused;
  changed(view);
}

/** A report from contender i's worker. */
function hear(view, i, kind, data) {
  const r = view.results[i];
  if (kind === 'progress') receive(r, data);
  else {
    if (kind === 'done') finish(r, data);
    else Object.assign(r, { status: 'error', error: data });
    view.run.release(i);
  }
  if (!view.results.some(racing)) {
    view.run = null;
    view.phase = 'done';
  }
  render(view);
}

function stop(view) {
  if (!view.run) return;
  view.run.stop();
  view.run = null;
  for (const r of view.results) if (racing(r)) r.status = 'stopped';
  view.phase = 'done';
}

function rebuildCharts(view) {
  view.charts.destroy();
  view.charts = createCharts(view.$, view);
  render(view);
}

/** The buttons and the phase at once; the charts and the table at the next frame (reports come faster than frames). */
function render(view) {
  buttons(view);
  if (!view.frame) view.frame = requestAnimationFrame(() => { view.frame = 0; draw(view); });
}

function buttons(view) {
  const { $, phase } = view;
  $.view.dataset.state = phase;
  $.play.textContent = t({ ready: 'race.start', running: 'race.pause', paused: 'race.resume', done: 'race.again' }[phase]);
  $.play.disabled = !racingPhase(phase) && invalid(view);
  $.stop.disabled = !racingPhase(phase);
  for (const [button, on] of [[$.axisStep, view.axis === 'step'], [$.axisTime, view.axis === 'time'], [$.smoothOn, view.smooth], [$.smoothOff, !view.smooth]]) button.setAttribute('aria-pressed', String(on));
}

function draw(view) {
  const { $, core, results, phase, state } = view;
  const started = phase !== 'ready';
  const drawn = results.some((r) => r.losses.length || r.evals.length);
  $.lossEmpty.hidden = drawn;
  $.accuracyEmpty.hidden = drawn;
  drawCharts(view.charts, results, view);
  $.accuracyTitle.textContent = accuracyTitle(results, state.data);
  $.standings.replaceChildren(...standingsRows(core, results, state.steps, phase === 'paused'));
  $.progress.textContent = progressText(results, state.steps, started);
}

const racingPhase = (phase) => phase === 'running' || phase === 'paused';

/** After a language switch: the texts built here (the static ones are translated by the shell). */
function relabel(view) {
  const { $, core } = view;
  numberFields($.numbers, core, () => view.state, { apply: (change) => apply(view, change), after: () => changed(view) });
  dataChooser($.dataRow, { value: view.state.data, onChange: (name) => chooseData(view, name) });
  view.editor.set(view.state.contenders);
  $.share.replaceChildren(shareBar(() => shareHash(view), t('race.shareTitle')));
  $.smoothOn.textContent = t('race.smoothMean', { n: SMOOTH });
  $.lossNote.textContent = t('race.lossNote', { n: SMOOTH });
  $.colTrainLoss.title = t('race.colTrainLossTitle', { n: SMOOTH });
  view.guide?.relabel();
  showNetwork(view, true);
  rebuildCharts(view);
  changed(view);
}
