// The playground: build a network, train it on real MNIST digits in a Web Worker, and watch
// the loss, test accuracy, kernels, dense weights, feature maps and softmax change as it learns.
// Space plays or pauses (when not typing in a field).
import { lineChart } from '../lib/draw.js';
import { createBuilder } from '../train/builder.js';
import { createSettings } from '../train/settings.js';
import { createDrawPad } from '../train/drawpad.js';
import { drawDenseWeights, drawFeatureMaps, drawKernels, drawSoftmax } from '../train/panels.js';
import { loadStyles } from '../lib/dom.js';
import { loadDigits, watchDigits } from '../lib/mnist.js';

const TEMPLATE = `
<div class="train">
  <section class="panel controls" aria-label="Training">
    <div class="buttons">
      <button type="button" class="primary" data-id="play" title="Play or pause (space)">Play</button>
      <button type="button" data-id="step" title="One optimizer step">Step</button>
      <button type="button" data-id="reset" title="Start again from the seed">Reset</button>
      <span class="status muted" data-id="status" aria-live="polite">Loading digits…</span>
    </div>
    <div data-id="loading"></div>
    <dl class="stats mono">
      <div><dt>step</dt><dd data-id="steps">0</dd></div>
      <div><dt>epoch</dt><dd data-id="epoch">0.00</dd></div>
      <div><dt>images seen</dt><dd data-id="seen">0</dd></div>
      <div><dt>images/s</dt><dd data-id="rate">–</dd></div>
      <div><dt>test accuracy</dt><dd data-id="accuracy">–</dd></div>
      <div><dt>test loss</dt><dd data-id="testloss">–</dd></div>
    </dl>
    <p class="divergence" data-id="divergence" role="alert" hidden></p>
  </section>
  <section class="panel settings" aria-label="Optimizer"><h2>Optimizer</h2><div data-id="settings"></div>
    <p class="muted small">Changing a setting or the network starts again from the seed; the same settings replay exactly.</p></section>
  <section class="panel builder" aria-label="Network"><h2>Network</h2><div data-id="builder"></div></section>
  <section class="panel curves" aria-label="Curves"><h2>Loss and test accuracy</h2><canvas data-id="curves" role="img" aria-label="training loss and test accuracy by step"></canvas></section>
  <section class="panel kernels" aria-label="Kernels"><h2>Kernels</h2><p class="muted small">Blue negative, white zero, red positive. One column per filter, one row per input channel.</p><div data-id="kernels"></div>
    <h2>Dense weights</h2><div data-id="dense"></div></section>
  <section class="panel digit" aria-label="Selected digit">
    <h2>Softmax</h2>
    <div class="source" role="radiogroup" aria-label="Which digit">
      <label><input type="radio" name="source" value="test" checked> test digit</label>
      <input type="number" data-id="index" min="0" max="1999" value="0" aria-label="test digit number">
      <button type="button" data-id="next" title="Next test digit">Next</button>
      <label><input type="radio" name="source" value="drawing"> your drawing</label>
    </div>
    <p class="mono small" data-id="softmax-caption"></p><canvas data-id="softmax" role="img" aria-label="softmax probability of each digit 0 to 9"></canvas>
    <p class="error-text" data-id="index-error"></p>
    <h2>Draw a digit</h2><div class="drawing"><div data-id="drawpad"></div><div><p class="mono small" data-id="prepared-caption">prepared 28 x 28</p><canvas data-id="prepared" width="28" height="28" class="prepared" role="img" aria-label="your drawing scaled and centred to 28 x 28, as the network reads it"></canvas><p class="muted small" data-id="draw-message"></p></div></div>
  </section>
  <section class="panel maps" aria-label="Feature maps"><h2>Feature maps</h2><p class="muted small">Every layer's output for the digit above. Hover a maxpool map to see which positions won.</p><div data-id="maps"></div></section>
</div>`;

export async function mount(root, { core, params, showBanner }) {
  await loadStyles(new URL('../train/train.css', import.meta.url));
  root.innerHTML = TEMPLATE;
  const $ = (id) => root.querySelector(`[data-id="${id}"]`);
  const worker = new Worker(new URL('../train/worker.js', import.meta.url), { type: 'module' });
  const unwatch = watchDigits($('loading'));
  loadDigits().then((bytes) => worker.postMessage({ type: 'digits', bytes }), (err) => onError({ fatal: true, message: err.message }));

  const state = { ready: false, playing: false, networkError: null, settingsError: null, runError: null, spec: null, settings: null, diverged: null,
    losses: [], accuracy: [], snapshot: null, seq: 0, drawing: null, source: 'test', dirty: false, configureTimer: 0, drawId: 0,
    autoplay: params?.get('play') === '1' };
  // The Train view's link is `#view=train` (plus `play=1` to start training on load); its
  // settings live in the panels, not the link: say so rather than silently ignore them.
  const ignored = [...(params?.keys() ?? [])].filter((k) => !['view', 'play', 'v'].includes(k));
  if (params?.has('play') && !['0', '1'].includes(params.get('play'))) ignored.push(`play=${params.get('play')} (use play=1)`);
  if (ignored.length && showBanner) showBanner(`The Train view takes no settings from the link (${ignored.join(', ')}): set them in the Optimizer and Network panels. The Optimizer race and Loss surfaces views do read theirs from the link.`, 'info');

  const builder = createBuilder($('builder'), core, (spec, error) => { state.spec = spec; state.networkError = error; configureSoon(); });
  const settings = createSettings($('settings'), core, (value, error) => { state.settings = value; state.settingsError = error; configureSoon(); });
  const pad = createDrawPad($('drawpad'), (gray, width, height) => {
    state.source = 'drawing';
    root.querySelector('input[value="drawing"]').checked = true;
    worker.postMessage({ type: 'inspect', id: ++state.drawId, gray, width, height }, [gray.buffer]);
  }, () => { state.drawing = null; $('draw-message').textContent = 'The drawing is empty: draw a digit (0 to 9) in the box.'; state.dirty = true; });
  $('draw-message').textContent = 'The drawing is empty: draw a digit (0 to 9) in the box.';

  function canTrain() {
    return state.ready && !state.networkError && !state.settingsError && !state.runError && !state.diverged;
  }
  function updateButtons() {
    $('play').disabled = !canTrain();
    $('step').disabled = !canTrain() || state.playing;
    $('reset').disabled = !state.ready || Boolean(state.networkError || state.settingsError);
    $('play').textContent = state.playing ? 'Pause' : 'Play';
    const reason = state.networkError ? 'Fix the network to train.' : state.settingsError ? 'Fix the optimizer settings to train.' : state.runError ? 'Cannot train with these settings: see why below.' : '';
    if (state.ready) $('status').textContent = reason || (state.diverged ? 'Stopped: diverged.' : state.playing ? 'Training…' : 'Paused.');
  }

  function configureSoon() {
    updateButtons();
    clearTimeout(state.configureTimer);
    if (state.networkError || state.settingsError || !state.spec || !state.settings) return;
    state.configureTimer = setTimeout(configure, 250);
  }
  function configure() {
    if (!state.ready || state.networkError || state.settingsError) return;
    const { optimizer, batch, seed } = state.settings;
    state.playing = false; state.diverged = null; state.runError = null;
    $('divergence').hidden = true;
    worker.postMessage({ type: 'configure', spec: state.spec, optimizer, seed, batch, seq: ++state.seq });
    updateButtons();
  }

  const toggle = () => {
    if (state.playing) { state.playing = false; worker.postMessage({ type: 'pause', seq: ++state.seq }); } else if (canTrain()) { state.playing = true; worker.postMessage({ type: 'play', seq: ++state.seq }); }
    updateButtons();
  };
  $('play').onclick = toggle;
  $('step').onclick = () => worker.postMessage({ type: 'step', seq: ++state.seq });
  $('reset').onclick = configure;
  const onKey = (event) => {
    if (event.code !== 'Space' || event.repeat) return;
    if (event.target.closest?.('input, select, textarea, button, [contenteditable]')) return;
    event.preventDefault();
    toggle();
  };
  document.addEventListener('keydown', onKey);

  const select = (index) => {
    // An empty field (cleared, or letters: a number input reads them as "") is an error, not 0.
    const read = String(index).trim() === '' ? NaN : Number(index);
    if (!Number.isInteger(read) || read < 0 || read > 1999) {
      $('index-error').textContent = String(index).trim() === ''
        ? 'test digit must be a whole number from 0 to 1999: type one, or press Next'
        : `test digit must be a whole number from 0 to 1999, not "${index}"`;
      $('index').setAttribute('aria-invalid', 'true');
      return;
    }
    $('index-error').textContent = ''; $('index').setAttribute('aria-invalid', 'false');
    $('index').value = read;
    state.source = 'test'; root.querySelector('input[value="test"]').checked = true;
    worker.postMessage({ type: 'select', index: read });
  };
  $('index').oninput = () => select($('index').value);
  $('next').onclick = () => select((Number($('index').value) + 1) % 2000);
  root.querySelectorAll('input[name="source"]').forEach((radio) => { radio.onchange = () => { state.source = radio.value; state.dirty = true; }; });

  worker.onmessage = ({ data }) => {
    if (data.type === 'ready') { state.ready = true; $('index').max = data.testCount - 1; configure(); }
    else if (data.type === 'error') onError(data);
    else if (data.type === 'snapshot') onSnapshot(data);
    else if (data.type === 'inspected' && data.id === state.drawId) onInspected(data);
    updateButtons();
  };
  worker.onerror = (event) => { event.preventDefault(); onError({ fatal: true, message: event.message || 'the training worker failed to start' }); };

  function onError({ message, fatal }) {
    state.playing = false;
    if (fatal) { state.ready = false; $('status').textContent = `Cannot train: ${message}`; return; }
    // The core refused the run (e.g. a last layer without 10 outputs, a batch too large for
    // this network): say so above the curves and keep training off until a setting changes.
    state.runError = message;
    const box = $('divergence');
    box.hidden = false;
    box.textContent = `Cannot train: ${message}.`;
  }

  function onSnapshot(s) {
    if (s.reset) { state.losses = []; state.accuracy = []; }
    state.losses.push(...s.losses); state.accuracy.push(...s.accuracy);
    // A snapshot posted before the worker saw the latest play/pause must not undo it.
    if (s.seq === state.seq) state.playing = s.playing;
    if (s.reset && state.autoplay) { state.autoplay = false; if (!state.playing) setTimeout(toggle); } // play=1
    state.snapshot = s; state.dirty = true;
    state.diverged = s.divergence;
    if (s.reset) state.runError = null;
    const d = $('divergence');
    d.hidden = !s.divergence && !state.runError;
    if (s.divergence) {
      const { lr, type } = s.config.optimizer;
      const alternative = type === 'adam' ? '' : ', or adam with 0.001';
      d.textContent = `Training diverged and stopped: ${s.divergence.message}. The learning rate ${lr} is too large for ${type}: try a smaller one (for example ${+(lr / 10).toPrecision(2)}${alternative}); changing it starts again from the seed.`;
    }
    if (state.source === 'drawing' && !pad.isEmpty() && !s.divergence) pad.send();
  }

  function onInspected(data) {
    if (data.error) { state.drawing = null; $('draw-message').textContent = data.error; }
    else { state.drawing = data; $('draw-message').textContent = `The network reads it as ${data.result.predicted}.`; }
    state.dirty = true;
  }

  let frame = requestAnimationFrame(function draw() {
    frame = requestAnimationFrame(draw);
    if (state.dirty) { state.dirty = false; render(); }
  });
  const resize = new ResizeObserver(() => { state.dirty = true; });
  resize.observe(root);

  function render() {
    const s = state.snapshot;
    if (!s) return;
    $('steps').textContent = s.steps.toLocaleString('en');
    $('epoch').textContent = s.epoch.toFixed(2);
    $('seen').textContent = s.imagesSeen.toLocaleString('en');
    $('rate').textContent = s.imagesPerSecond ? Math.round(s.imagesPerSecond).toLocaleString('en') : '–';
    $('accuracy').textContent = s.test ? `${(100 * s.test.accuracy).toFixed(1)}%` : '–';
    $('testloss').textContent = s.test ? (Number.isFinite(s.test.loss) ? s.test.loss.toFixed(3) : String(s.test.loss)) : '–';
    lineChart($('curves'), [
      { name: 'training loss', color: '#e8590c', points: state.losses },
      { name: 'test accuracy', color: '#2b8a3e', points: state.accuracy.map(([x, y]) => [x, 100 * y]), axis: 'right' },
    ], { height: 190, xLabel: 'step', left: { min: 0, label: 'loss' }, right: { min: 0, max: 100, label: '%' } });
    const layers = core.describeNetwork(s.config.spec);
    drawKernels($('kernels'), s.weights, layers);
    drawDenseWeights($('dense'), s.weights, layers);
    const view = state.source === 'drawing' ? state.drawing : null;
    const input = view ? view.image : s.selected.image;
    const inspected = view ? view.result : s.selected;
    drawFeatureMaps($('maps'), input, inspected);
    drawSoftmax($('softmax'), $('softmax-caption'), inspected.probabilities, inspected.predicted, view ? undefined : s.selected.label);
    if (state.source === 'drawing' && !view) $('softmax-caption').textContent = 'your drawing: ' + $('draw-message').textContent;
    drawPrepared(view?.image);
  }

  function drawPrepared(image) {
    const ctx = $('prepared').getContext('2d');
    const data = new ImageData(28, 28);
    for (let i = 0; i < 784; i++) { const v = 255 - Math.round(235 * (image ? image[i] : 0)); data.data.set([v, v, v, 255], 4 * i); }
    ctx.putImageData(data, 0, 0);
  }

  return {
    unmount() {
      cancelAnimationFrame(frame); resize.disconnect(); clearTimeout(state.configureTimer);
      document.removeEventListener('keydown', onKey);
      worker.terminate(); unwatch();
    },
    builder, settings,
  };
}
