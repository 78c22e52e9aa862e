// The optimizer race: 2 to 5 contenders train the same network from the same weights on the same
// mini-batches, each in its own module Web Worker (www/lab/race-worker.js). Overlaid curves of
// training loss and test accuracy, against step or wall time, and a table of where each stands.
// Every number drawn comes from the workers' TrainingRun (the core); this file only draws.

import { COLORS, contenderName, contendersEditor, shortName, tidy } from '../lab/contenders.js';
import { readLink, remountOnEdit, shareBar, useLabStyles, writeLink } from '../lab/link.js';
import { lineChart } from '../lib/draw.js';
import { loadDigits, watchDigits } from '../lib/mnist.js';

const SETTINGS = [
  ['net', 'network', 'the network, e.g. 1x28x28,conv2d:8:k5:p2,relu,maxpool:2,flatten,dense:10'],
  ['batch', 'batch size', ''], ['seed', 'seed', ''], ['steps', 'steps', ''], ['eval', 'test every', 'steps between test accuracy checks'],
];

export const mount = remountOnEdit('race', mountRace);

async function mountRace(root, { core }) {
  await useLabStyles();
  const el = document.createElement('section');
  el.className = 'lab race-view';
  el.innerHTML = `
    <div class="lab-warnings" role="alert" hidden></div>
    <div class="lab-grid">
      <div class="charts">
        <div class="panel chart">
          <h2>Training loss</h2>
          <span class="axis-toggle" role="group" aria-label="x axis">
            <button type="button" data-axis="step" aria-pressed="true">step</button>
            <button type="button" data-axis="time" aria-pressed="false">wall time</button>
          </span>
          <canvas class="loss-chart" aria-label="training loss of each contender"></canvas>
          <p class="chart-empty">Press ▶ Start race: each contender's loss appears here as it trains.</p>
        </div>
        <div class="panel chart"><h2>Test accuracy (2000 digits)</h2><canvas class="accuracy-chart" aria-label="test accuracy of each contender"></canvas>
          <p class="chart-empty">Test accuracy is measured every few steps (“test every”).</p></div>
        <div class="panel"><h2>Standings</h2>
          <div class="standings-wrap"><table class="legend standings"><thead><tr><th>contender</th><th>step</th><th>loss</th><th>test accuracy</th><th>wall time</th><th>status</th></tr></thead><tbody></tbody></table></div>
        </div>
      </div>
      <div class="panel controls settings">
        <h2>Race</h2>
        <div class="row setting-fields"></div>
        <h3>Contenders</h3>
        <div class="contenders-host"></div>
        <div class="row play-row">
          <button type="button" class="primary start">▶ Start race</button>
          <button type="button" class="stop" disabled>■ Stop</button>
          <span class="progress mono" role="status"></span>
        </div>
        <div class="loading-host"></div>
        <p class="changed" role="status" hidden>Settings changed since this race started: press ▶ Race again to apply them (the link already has them).</p>
        <p class="hint">Every contender starts from the same weights (seed) and sees the same mini-batches in the same order, in its own worker.</p>
        <div class="share-host"></div>
      </div>
    </div>`;
  root.append(el);
  const $ = (s) => el.querySelector(s);
  let state = readLink(core, 'race', $('.lab-warnings'));
  writeLink(core, state); // the link now names every setting, defaults included
  let axis = 'step';
  let workers = [];
  let results = [];
  let pending = 0;
  let raced = null; // the link of the race on screen; settings edited since differ from it
  window.cnnLab = { race: results };

  /** Applies `change` if the core accepts the link it makes; returns the core's message if not. */
  const apply = (change) => {
    try {
      state = core.parseLink(writeLink(core, { ...state, ...change })).state;
      return '';
    } catch (err) {
      return err.message;
    }
  };

  $('.setting-fields').append(...SETTINGS.map(([key, label, title]) => {
    const wrap = Object.assign(document.createElement('label'), { className: `field ${key}-field`, title });
    const input = Object.assign(document.createElement('input'), { type: 'text', value: String(state[key]), spellcheck: false });
    input.className = key === 'net' ? 'mono' : '';
    input.setAttribute('aria-label', label);
    const error = Object.assign(document.createElement('div'), { className: 'error-text' });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      const value = key === 'net' ? text : text === '' ? NaN : Number(text);
      // Not a number: the core's link parser names the field and its range ("batch=abc: not a
      // whole number: use a whole number from 1 to 4096"); the field keeps its last good value.
      const message = (Number.isNaN(value) ? core.parseLink(`${key}=${encodeURIComponent(text)}`).warnings[0]?.message ?? `${label} must be a number` : apply({ [key]: value }))
        .replace(/; \w+ keeps its default$/, '').replace(`${key}=: not a whole number`, `${label} is empty`);
      input.toggleAttribute('aria-invalid', Boolean(message));
      error.textContent = message;
      noteChanges();
    });
    wrap.append(label, input, error);
    return wrap;
  }));
  contendersEditor($('.contenders-host'), core, state.contenders, (list) => { apply({ contenders: list }); lineUp(); noteChanges(); });
  for (const type of ['input', 'change', 'click']) $('.contenders-host').addEventListener(type, noteChanges); // after the editor's own handlers
  $('.share-host').append(shareBar(() => writeLink(core, state), 'cnn-playground: optimizer race'));
  $('.start').addEventListener('click', start);
  $('.stop').addEventListener('click', () => stop('stopped'));
  for (const b of el.querySelectorAll('.axis-toggle button')) {
    b.addEventListener('click', () => {
      axis = b.dataset.axis;
      el.querySelectorAll('.axis-toggle button').forEach((o) => o.setAttribute('aria-pressed', String(o === b)));
      draw();
    });
  }

  /** Settings edited during or after a race apply at the next start: say so, visibly. */
  function noteChanges() {
    $('.changed').hidden = raced === null || writeLink(core, state) === raced;
    $('.start').disabled = el.dataset.state === 'running' || invalid();
  }

  /** A field shows an error: Start would race the last good values, so it waits for a fix. */
  const invalid = () => Boolean(el.querySelector('.settings [aria-invalid]:not([aria-invalid="false"])'));

  function start() {
    stop();
    raced = writeLink(core, state);
    $('.changed').hidden = true;
    results = state.contenders.map((opt, i) => ({ name: contenderName(opt), short: shortName(opt), color: COLORS[i], losses: [], times: [], evals: [], step: 0, time: 0, status: 'loading', diverged: null }));
    window.cnnLab.race = results;
    el.dataset.state = 'running';
    pending = results.length;
    workers = state.contenders.map((optimizer, i) => {
      const worker = new Worker(new URL('../lab/race-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }) => receive(i, data);
      worker.onerror = (event) => receive(i, { type: 'error', message: event.message || 'the worker failed to start' });
      return worker;
    });
    // The digits are fetched once per page; each worker gets its copy.
    const [field, settings] = [workers, state];
    loadDigits().then((digits) => field.forEach((worker, i) => worker?.postMessage({ type: 'start', digits, network: settings.network, optimizer: settings.contenders[i], seed: settings.seed, batch: settings.batch, steps: settings.steps, evalEvery: settings.eval })),
      (err) => { if (workers === field) field.forEach((_, i) => receive(i, { type: 'error', message: err.message })); });
    $('.start').disabled = true;
    $('.stop').disabled = false;
    draw();
  }

  function receive(i, message) {
    const r = results[i];
    if (!r || r.status === 'stopped') return;
    switch (message.type) {
      case 'ready': r.status = 'training'; break;
      case 'losses':
        r.losses.push(...message.losses);
        r.times.push(...message.times);
        r.step = message.step;
        r.time = message.times[message.times.length - 1] ?? r.time;
        break;
      case 'eval': r.evals.push({ step: message.step, time: message.time, accuracy: message.accuracy }); break;
      case 'diverged': r.diverged = message; finish(i, 'diverged'); break;
      case 'done': finish(i, 'done'); break;
      case 'error': r.error = message.message; finish(i, 'error'); break;
      default: break;
    }
    schedule();
  }

  function finish(i, status) {
    results[i].status = status;
    workers[i]?.terminate();
    workers[i] = null;
    pending -= 1;
    if (pending === 0) ended('done');
  }

  function stop(status) {
    workers.forEach((w, i) => {
      if (!w) return;
      w.terminate();
      if (status) results[i].status = status;
    });
    workers = [];
    if (status) ended(status);
  }

  function ended(status) {
    el.dataset.state = status;
    $('.start').disabled = invalid();
    $('.start').textContent = '▶ Race again';
    $('.stop').disabled = true;
    schedule();
  }

  let frame = 0;
  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  }

  /** Before the first start: the contenders as they will line up. */
  function lineUp() {
    if (el.dataset.state) return;
    results = state.contenders.map((opt, i) => ({ name: contenderName(opt), short: shortName(opt), color: COLORS[i], losses: [], times: [], evals: [], step: 0, time: 0, status: 'waiting', diverged: null }));
    schedule();
  }

  function draw() {
    el.querySelectorAll('.chart-empty').forEach((p) => { p.hidden = results.some((r) => r.losses.length || r.evals.length); });
    const x = (k, r) => (axis === 'step' ? k + 1 : r.times[k]);
    const firstLosses = results.map((r) => r.losses[0]).filter(Number.isFinite);
    const cap = firstLosses.length ? Math.max(...firstLosses) * 1.25 : 2.5;
    const lossSeries = results.map((r) => ({ name: r.short, color: r.color, points: r.losses.map((l, k) => [x(k, r), l]) }));
    const xMax = Math.max(0, ...lossSeries.flatMap((s) => s.points.map((p) => p[0])).filter(Number.isFinite)) || 1;
    const marks = results.filter((r) => r.diverged).map((r) => divergenceMark(r, x, xMax, cap));
    const xLabel = axis === 'step' ? 'step' : 'wall time (s, training only)';
    lineChart($('.loss-chart'), [...lossSeries, ...marks], { height: 220, xLabel, left: { label: 'loss', min: 0, max: cap } });
    const accuracy = results.map((r) => ({ name: r.short, color: r.color, points: r.evals.map((e) => [axis === 'step' ? e.step : e.time, e.accuracy * 100]) }));
    lineChart($('.accuracy-chart'), accuracy, { height: 200, xLabel, left: { label: '%', min: 0, max: 100 } });
    standings();
  }

  function standings() {
    const best = Math.max(...results.map((r) => r.evals.at(-1)?.accuracy ?? -1));
    $('.standings tbody').replaceChildren(...results.map((r) => {
      const tr = document.createElement('tr');
      tr.style.setProperty('--color', r.color);
      const last = r.evals.at(-1);
      const lead = last && last.accuracy === best && results.length > 1 && r.status !== 'loading' ? ' ★' : '';
      const status = r.status === 'waiting' ? 'waiting' : r.diverged ? `✕ diverged at step ${r.diverged.step}` : r.error ? `error: ${r.error}` : r.status === 'training' ? `training ${r.step}/${state.steps}` : r.status === 'loading' ? 'loading data…' : r.status;
      const cells = [r.short, String(r.step), r.losses.length ? tidy(r.losses.at(-1)).toPrecision(4) : '–', last ? `${(last.accuracy * 100).toFixed(1)}%${lead}` : '–', `${r.time.toFixed(2)} s`, status];
      tr.innerHTML = cells.map(() => '<td></td>').join('');
      cells.forEach((c, k) => { tr.children[k].textContent = c; });
      tr.children[0].prepend(Object.assign(document.createElement('span'), { className: 'swatch' }));
      tr.children[0].title = r.name;
      tr.classList.toggle('diverged', Boolean(r.diverged || r.error));
      return tr;
    }));
    const done = results.reduce((n, r) => n + (r.diverged || r.error ? state.steps : r.step), 0);
    $('.progress').textContent = el.dataset.state ? `${Math.round((100 * done) / (results.length * state.steps))}% of ${results.length * state.steps} steps` : '';
  }

  const unwatch = watchDigits($('.loading-host'));
  const resize = new ResizeObserver(() => schedule());
  resize.observe($('.charts'));
  lineUp();
  draw();
  if (state.play) start();
  return { unmount() { stop(); unwatch(); resize.disconnect(); cancelAnimationFrame(frame); } };
}

/** A ✕ drawn as a tiny series at the last finite loss of a diverged contender, labelled. */
function divergenceMark(r, x, xMax, cap) {
  let k = r.losses.length - 1;
  while (k > 0 && !Number.isFinite(r.losses[k])) k -= 1;
  const [cx, cy] = [x(Math.max(k, 0), r), Math.min(r.losses[k] ?? cap, cap * 0.97)];
  const [dx, dy] = [xMax * 0.012, cap * 0.035];
  return {
    name: `✕ step ${r.diverged.step}`,
    color: r.color,
    offScale: false,
    points: [[cx - dx, cy - dy], [cx + dx, cy + dy], [NaN, NaN], [cx - dx, cy + dy], [cx + dx, cy - dy]],
  };
}
