// Concept 1, from a drawing to 25 numbers: draw or pick a real digit; the core turns it gray,
// crops and scales it to 23 x 14, makes it binary at the threshold and measures the share of
// white in 5 x 3 windows (the last row and column padded with zeros): 25 numbers that feed a
// small dense network trained right here on real digits (lectureDigitPipeline on the page; the
// core's LectureDigits in digits-worker.js, which builds the features, trains and predicts
// without freezing the page).
import { attempt, diverging, el, field, fmt, frame, grayColor, grid, numberInput } from './common.js';
import { loadDigits, watchDigits } from '../lib/mnist.js';

const PEN = [255, 212, 59];
const PAD = 140;

export function mount(root, { core }) {
  const { body, status } = frame(root, 'From a drawing to 25 numbers',
    'Draw a digit (or pick a real one). It becomes gray, is cropped to its ink and scaled to 23 x 14 pixels, then binary: white where the gray reaches the threshold. A 5 x 3 window jumps over it and measures the share of white pixels; the last row and column of windows run past the edge, so the image is padded with black (zeros) to 25 x 15. The 5 x 5 ratios, read row by row, are the 25 inputs of a small network.');
  let threshold = 0.5;
  let ready = false;
  let pipeline = null;
  let what = 'your drawing';
  let touched = false;   // drawn on or picked: the first real digit must not replace it
  const pad = el('canvas', { class: 'pad', width: PAD, height: PAD, 'aria-label': 'drawing pad: draw a digit' });
  const gray = el('canvas', { 'aria-label': 'gray' });
  const fitted = el('canvas', { 'aria-label': 'cropped and scaled to 23 x 14' });
  const binary = el('canvas', { 'aria-label': 'binary with the 5 x 3 windows and the padding' });
  const ratios = el('canvas', { 'aria-label': 'the 5 x 5 ratios' });
  const row = el('canvas', { 'aria-label': 'the 25 numbers in a row' });
  const probs = el('canvas', { 'aria-label': 'the network’s ten probabilities' });
  const thresholdText = el('span', { class: 'mono' }, '0.5');
  const slider = el('input', { type: 'range', min: 0.05, max: 0.95, step: 0.05, value: threshold, 'aria-label': 'threshold', oninput: () => { threshold = Number(slider.value); thresholdText.textContent = String(threshold); update(); } });
  const pick = numberInput({ value: 0, min: 0, max: 7999, label: 'training digit #', onchange: (v) => showDigit(Math.round(v)) });
  const progress = el('progress', { max: 1, value: 0, 'aria-label': 'training progress' });
  const trainInfo = el('p', { class: 'caption' }, 'Loading the digits…');
  const trainButton = el('button', { type: 'button', class: 'primary', disabled: true, onclick: () => train() }, 'Train 2000 steps');
  const prediction = el('p', { class: 'big' });
  const stage = (canvas, caption) => el('figure', { class: 'stage' }, canvas, el('figcaption', {}, caption));
  body.append(
    el('div', { class: 'panel' }, el('h2', {}, 'Draw or pick'), el('div', { class: 'stages' }, stage(pad, 'colour: draw here'),
      el('div', { class: 'controls' },
        el('button', { type: 'button', onclick: () => { clearPad(); pipeline = null; status.textContent = ''; drawStages(); } }, 'Clear'),
        el('button', { type: 'button', onclick: () => showDigit(Math.floor(Math.random() * 8000)) }, 'Random real digit'),
        field('training digit #', pick)))),
    el('div', { class: 'panel' }, el('h2', {}, 'Gray, cropped, binary'), el('div', { class: 'controls' }, field('threshold', slider), thresholdText),
      el('div', { class: 'stages' }, stage(gray, 'gray'), stage(fitted, '23 x 14'), stage(binary, 'binary, 5 x 3 windows; hatched: zero padding'))),
    el('div', { class: 'panel' }, el('h2', {}, '25 numbers'), el('div', { class: 'stages' }, stage(ratios, 'share of white per window'), stage(row, 'flattened: the network’s input'))),
    el('div', { class: 'panel' }, el('h2', {}, 'The network: 25 → dense 32 → ReLU → dense 10 → softmax'),
      el('div', { class: 'controls' }, trainButton, progress), trainInfo, stage(probs, 'probability of each digit 0–9 (one-hot target: 1 for the right digit)'), prediction));

  const ctx = pad.getContext('2d', { willReadFrequently: true });   // read back after every stroke
  function clearPad() {
    ctx.fillStyle = '#111827';
    ctx.fillRect(0, 0, PAD, PAD);
  }
  clearPad();
  let drawing = null;
  const point = (e) => { const b = pad.getBoundingClientRect(); return [((e.clientX - b.left) / b.width) * PAD, ((e.clientY - b.top) / b.height) * PAD]; };
  pad.addEventListener('pointerdown', (e) => { touched = true; what = 'your drawing'; drawing = point(e); pad.setPointerCapture(e.pointerId); stroke(drawing); });
  pad.addEventListener('pointermove', (e) => { if (drawing) stroke(point(e)); });
  const stop = () => { if (drawing) { drawing = null; update(); } };
  pad.addEventListener('pointerup', stop);
  pad.addEventListener('pointercancel', stop);
  function stroke(to) {
    ctx.strokeStyle = `rgb(${PEN.join(',')})`;
    ctx.lineWidth = 11;
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...drawing);
    ctx.lineTo(...to);
    ctx.stroke();
    drawing = to;
  }

  /** Paints real digit `index` on the pad in the pen's colour (gray value x pen colour). */
  async function showDigit(index) {
    if (!ready) return;
    pick.value = index;
    const answer = await ask({ type: 'digit', index }).catch((err) => { status.textContent = err.message; });
    if (!answer || Number(pick.value) !== index) return;   // failed, or another digit was picked meanwhile
    const { image, label } = answer;
    const small = new ImageData(28, 28);
    image.forEach((g, i) => small.data.set([...PEN.map((c) => Math.round(c * g)), 255], i * 4));
    const tmp = el('canvas', { width: 28, height: 28 });
    tmp.getContext('2d').putImageData(small, 0, 0);
    clearPad();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tmp, 0, 0, PAD, PAD);
    what = `a real ${label}`;
    update();
  }

  function update() {
    const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
    pipeline = attempt(status, () => core.lectureDigitPipeline(new Uint8Array(rgba.buffer), PAD, PAD, threshold));
    drawStages();
  }

  function drawStages() {
    if (!pipeline) {
      [gray, fitted, binary, ratios, row, probs].forEach((c) => c.getContext('2d').clearRect(0, 0, c.width, c.height));
      prediction.textContent = '';
      return;
    }
    const p = pipeline;
    grid(gray, p.gray, p.height, p.width, { cell: 1 });
    const [h, w] = [23, 14];
    grid(fitted, p.fitted, h, w, { cell: 7 });
    const cell = 11;
    const padded = [];
    for (let r = 0; r < p.paddedHeight; r++) for (let c = 0; c < p.paddedWidth; c++) padded.push(r < h && c < w ? p.binary[r * w + c] : -1);
    grid(binary, padded, p.paddedHeight, p.paddedWidth, { cell, color: (v) => (v < 0 ? '#495057' : grayColor(v)) });
    const bctx = binary.getContext('2d');
    bctx.strokeStyle = 'rgba(255,255,255,.35)';
    for (let r = h; r < p.paddedHeight; r++) for (let c = 0; c < p.paddedWidth; c++) hatch(bctx, c * cell, r * cell, cell);
    for (let r = 0; r < h; r++) for (let c = w; c < p.paddedWidth; c++) hatch(bctx, c * cell, r * cell, cell);
    bctx.strokeStyle = '#f08c00';
    bctx.lineWidth = 1.5;
    for (let r = 0; r < p.gridRows; r++) for (let c = 0; c < p.gridCols; c++) bctx.strokeRect(c * 3 * cell + 0.75, r * 5 * cell + 0.75, 3 * cell - 1.5, 5 * cell - 1.5);
    grid(ratios, p.ratios, p.gridRows, p.gridCols, { cell: 36, color: (v) => diverging(v, 1), text: (v) => fmt(v, 2) });
    grid(row, p.ratios, 1, p.ratios.length, { cell: 18, color: (v) => diverging(v, 1) });
    predict();
  }

  function hatch(c, x, y, size) {
    c.beginPath();
    c.moveTo(x, y + size);
    c.lineTo(x + size, y);
    c.stroke();
  }

  let asked = 0;
  /** Asks the worker for the probabilities of the shown digit; only the latest answer is drawn. */
  async function predict() {
    if (!ready || !pipeline) return;
    const mine = ++asked;
    const answer = await ask({ type: 'predict', features: pipeline.ratios }).catch((err) => { status.textContent = err.message; });
    if (!answer || mine !== asked || !pipeline) return;
    const p = Array.from(answer.probabilities);
    const best = p.indexOf(Math.max(...p));
    grid(probs, p, 1, 10, { cell: 34, color: (v) => diverging(v, 1), text: (v, i) => `${i}` });
    prediction.textContent = `The network reads ${what} as a ${best} (${fmt(100 * p[best], 1)}%)`;
  }

  async function train() {
    trainButton.disabled = true;
    progress.value = 0;
    try {
      const r = await ask({ type: 'train', steps: 2000, chunk: 100 });
      trainInfo.textContent = `${r.steps} steps: training loss ${fmt(r.loss, 3)}; on the 2000 test digits ${fmt(100 * r.evaluation.accuracy, 1)}% right (loss ${fmt(r.evaluation.loss, 3)}). Features are made at threshold 0.5.`;
    } catch (err) {
      status.textContent = err.message;
    } finally {
      trainButton.disabled = false;
    }
    predict();
  }

  // The worker: requests carry an id; `progress` messages of a training run move the bar.
  const worker = new Worker(new URL('./digits-worker.js', import.meta.url), { type: 'module' });
  const unwatch = watchDigits(trainInfo.parentElement);
  loadDigits().then((bytes) => worker.postMessage({ type: 'digits', bytes }), (err) => { trainInfo.textContent = ''; status.textContent = err.message; });
  const pending = new Map();
  let nextId = 0;
  let failed = null;   // the worker's crash: every later request fails with it at once
  function ask(message) {
    if (failed) return Promise.reject(failed);
    const id = ++nextId;
    worker.postMessage({ ...message, id });
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }
  worker.onmessage = ({ data: m }) => {
    if (m.type === 'loading') trainInfo.textContent = m.text;
    else if (m.type === 'ready') {
      ready = true;
      trainButton.disabled = false;
      trainInfo.textContent = `${m.length} real training digits ready, as 25 numbers each (in a worker, so the page stays free). The network is untrained: press Train.`;
      if (touched) predict(); else showDigit(0);
    } else if (m.type === 'progress') {
      progress.value = m.done / m.total;
      trainInfo.textContent = `step ${m.steps}: mean loss of the last 100 steps ${fmt(m.loss, 3)}`;
      predict();
    } else if (m.type === 'error' && m.id === undefined) {
      trainInfo.textContent = '';
      status.textContent = m.message;
    } else {
      const request = pending.get(m.id);
      pending.delete(m.id);
      if (m.type === 'error') request?.reject(new Error(m.message));
      else request?.resolve(m);
    }
  };
  worker.onerror = (e) => {
    const error = new Error(`the digits worker failed: ${e.message || 'see the console'}; reload the page to start it again`);
    failed = error;
    status.textContent = error.message;
    pending.forEach((request) => request.reject(error));
    pending.clear();
  };
  // Leaving the view ends its worker: nothing keeps training in the background.
  return { unmount() { worker.terminate(); unwatch(); } };
}
