// The loss-surface view (controller): optimizers' paths on a two-parameter loss surface. The
// heatmap values and every path come from the core (./state.js asks it); ./draw.js draws.
// Click the surface to move the shared start point; Space plays or pauses the paths, R
// replays them from the start. The experiment lives in the link.
import { legend } from '../../lib/colors.js';
import { template } from '../../lib/dom.js';
import { guide } from '../../lib/guide.js';
import { t } from '../../lib/i18n.js';
import { readLink, shareBar, writeLink } from '../../lib/link.js';
import { contendersEditor } from '../../lab/contenders.js';
import { drawSurface, legendRows } from './draw.js';
import { computePaths, createState, pointAt } from './state.js';

const TEMPLATE = `
<section class="lab surface-view">
  <div class="lab-warnings" role="alert" data-id="warnings" hidden></div>
  <div data-id="guide"></div>
  <div class="lab-grid">
    <div class="panel plot-panel">
      <h2><span data-t="surface.title"></span> <span class="formula mono" data-id="formula"></span></h2>
      <canvas class="surface-canvas" data-id="canvas" data-t-aria-label="surface.canvasLabel"></canvas>
      <p class="hint" data-t="surface.hint"></p>
      <div data-id="scale"></div>
    </div>
    <div class="panel controls" data-id="controls">
      <h2 data-t="surface.experiment"></h2>
      <div class="row">
        <label class="field"><span data-t="surface.surface"></span> <select class="surface-select" data-id="surface" data-t-aria-label="surface.surface"></select></label>
        <label class="field"><span data-t="surface.steps"></span> <input class="steps" data-id="steps" type="text" inputmode="numeric" size="5" data-t-aria-label="surface.steps"></label>
        <label class="field"><span data-t="surface.start"></span> <output class="start mono" data-id="start"></output></label>
      </div>
      <div class="error-text steps-error" data-id="stepsError"></div>
      <h3 data-t="surface.contenders"></h3>
      <div data-id="contenders"></div>
      <div class="row play-row">
        <button type="button" class="primary play" data-id="play"></button>
        <span class="progress mono" role="status" data-id="progress"></span>
      </div>
      <table class="legend"><thead><tr><th data-t="surface.contender"></th><th>f(x, y)</th><th data-t="surface.at"></th><th data-t="surface.status"></th></tr></thead><tbody data-id="legend"></tbody></table>
      <div data-id="share"></div>
    </div>
  </div>
</section>`;

export default {
  styles: [new URL('../../lab/lab.css', import.meta.url)],
  linked: true,
  mount,
};

function mount(root, { core, keys, embed }) {
  const $ = template(root, TEMPLATE);
  const view = { $, core, state: createState(readLink(core, 'surface', $.warnings), core.surfaces()), cache: {}, frame: 0, playing: false };
  view.editor = contendersEditor($.contenders, core, view.state.link.contenders, (list) => { view.state.link.contenders = list; recompute(view, true); });
  wire(view);
  keys([
    { key: 'Space', label: 'surface.keyPlay', run: () => toggle(view) },
    { key: 'R', label: 'surface.keyReplay', run: () => play(view, 0) },
  ]);
  view.guide = embed ? null : guide($.guide, { id: 'surface', title: 'surface.guide.title', steps: ['surface.guide.play', 'surface.guide.click', 'surface.guide.valley', 'surface.guide.saddle'] });
  const resize = new ResizeObserver(() => { if (view.state.paths.length) draw(view); });
  resize.observe($.canvas.parentElement);
  relabel(view);
  recompute(view, view.state.link.play);
  return {
    unmount() { cancelAnimationFrame(view.frame); resize.disconnect(); view.guide?.remove(); },
    relabel: () => relabel(view),
  };
}

/** The controls' events: surface, steps, start point (a click), Play. */
function wire(view) {
  const { $, state } = view;
  const { link } = state;
  $.surface.addEventListener('change', () => {
    link.surface = $.surface.value;
    link.start = state.info().start;
    recompute(view, true);
  });
  $.steps.value = link.steps;
  $.steps.addEventListener('input', () => {
    const ok = checkSteps(view);
    if (ok) { link.steps = Number($.steps.value); recompute(view, true); }
    canPlay(view);
  });
  // after the editor's own handlers: a field in error keeps Play off
  for (const type of ['input', 'change', 'click']) $.contenders.addEventListener(type, () => canPlay(view));
  $.play.addEventListener('click', () => toggle(view));
  $.canvas.addEventListener('click', (event) => {
    const rect = $.canvas.getBoundingClientRect();
    link.start = pointAt(state.info().viewBox, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
    recompute(view, true);
    view.guide?.done(1);   // the reader moved the start
  });
}

/** Whether the steps field holds a whole number from 1 to 5000; if not, it says so. */
function checkSteps(view) {
  const { $ } = view;
  const n = Number($.steps.value);
  const ok = $.steps.value.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 5000;
  $.steps.toggleAttribute('aria-invalid', !ok);
  $.stepsError.textContent = ok ? '' : t('surface.stepsError');
  return ok;
}

/** A field shows an error: Play would replay the last good values, so it waits for a fix. */
function canPlay(view) {
  view.$.play.disabled = Boolean(view.$.controls.querySelector('[aria-invalid]:not([aria-invalid="false"])'));
}

/** The settings changed: new link, new paths, and (when `animate`) the paths played from step 0. */
function recompute(view, animate) {
  const { $, state, core } = view;
  writeLink(core, state.link);
  showFormula(view);
  $.start.textContent = `(${state.link.start[0]}, ${state.link.start[1]})`;
  computePaths(core, state);
  if (animate) play(view, 0); else { state.shown = state.link.steps; stop(view); }
}

/** Plays the paths from step `from` (the current step when omitted), a few steps per frame. */
function play(view, from = view.state.shown) {
  const { state } = view;
  const { steps } = state.link;
  cancelAnimationFrame(view.frame);
  state.shown = from >= steps ? 0 : from;
  view.playing = true;
  const perFrame = Math.max(1, Math.ceil(steps / 150));
  const tick = () => {
    state.shown = Math.min(steps, state.shown + perFrame);
    if (state.shown >= steps) { stop(view); return; }
    draw(view);
    view.frame = requestAnimationFrame(tick);
  };
  view.frame = requestAnimationFrame(tick);
  draw(view);
}

function stop(view) {
  cancelAnimationFrame(view.frame);
  view.playing = false;
  draw(view);
}

/** Space and the Play button: pause a playing animation, else play on (or again from the start). */
function toggle(view) {
  if (view.$.play.disabled) return;
  if (view.playing) stop(view);
  else {
    play(view);
    view.guide?.done(0);   // the reader pressed Play
  }
}

function draw(view) {
  const { $, state, core } = view;
  const { low, high } = drawSurface($.canvas, core, state, view.cache);
  $.legend.replaceChildren(...legendRows(core, state));
  $.progress.textContent = t('surface.progress', { shown: state.shown, steps: state.link.steps });
  $.play.textContent = t(view.playing ? 'surface.pause' : 'surface.play');
  const scale = `${low} ${high}`;
  if ($.scale.dataset.range !== scale) {
    $.scale.dataset.range = scale;
    $.scale.replaceChildren(legend('sequential', { min: low, max: high, label: t('surface.scale') }));
  }
}

/** After a language switch: the texts built here (the static ones are translated by the shell). */
function relabel(view) {
  const { $, state, core } = view;
  const { link } = state;
  $.surface.replaceChildren(...state.surfaces.map((s) => new Option(t(`surface.name.${s.name}`), s.name, false, s.name === link.surface)));
  $.share.replaceChildren(shareBar(() => writeLink(core, link), t('surface.shareTitle', { surface: link.surface })));
  view.editor.set(link.contenders);
  view.guide?.relabel();
  delete $.scale.dataset.range;
  if ($.steps.getAttribute('aria-invalid') !== null) checkSteps(view);
  if (state.paths.length) draw(view);
  showFormula(view);
}

function showFormula(view) {
  const info = view.state.info();
  view.$.formula.textContent = `${t(`surface.name.${info.name}`)}: f(x, y) = ${info.formula}`;
}
