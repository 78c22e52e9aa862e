// The training worker: owns the wasm core, the MNIST data and one TrainingRun, so that the page
// never blocks. Messages (page -> worker):
//   {type: 'digits', bytes}                             the digits (mnist.bin), loaded once by the page
//   {type: 'configure', spec, optimizer, seed, batch}  start over (step 0) from the seed
//   {type: 'play'} | {type: 'pause'} | {type: 'step'}   run, stop, one optimizer step
//   {type: 'select', index}                             the test digit whose feature maps are shown
//   {type: 'inspect', id, gray, width, height}          a drawing: prepared as MNIST, run forward
// Messages (worker -> page):
//   {type: 'ready', trainCount, testCount}
//   {type: 'snapshot', ...}   a few times a second while running, and after every change
//   {type: 'inspected', id, image, result} | {type: 'inspected', id, error}
//   {type: 'error', message}  a configuration the core refused, or a failure to load
import init, { Dataset, TrainingRun, prepareDigit } from '../pkg/cnn_playground.js';

const SNAPSHOT_MS = 250;   // how often a running worker reports
const CHUNK_MS = 40;       // training time between looks at the message queue
const EVAL_MS = 2000;      // how often test accuracy is measured while running

let train = null; let test = null;
let run = null; let config = null;
let playing = false; let selected = 0;
let seq = 0;               // the last command number seen: the page trusts `playing` only when current
let losses = [];           // [step, loss] since the last snapshot
let accuracy = [];         // [step, accuracy] since the last snapshot
let lastEval = { step: -1, at: 0, result: null };
let rate = { images: 0, ms: 0 };   // training throughput over the last snapshot window
let stepsPerChunk = 1;
let lastSnapshot = 0;
let loop = null;

let receiveDigits = null;
const digits = new Promise((resolve) => { receiveDigits = resolve; });

const ready = (async () => {
  await init({ module_or_path: new URL('../pkg/cnn_playground_bg.wasm', import.meta.url) });
  const bytes = await digits;
  train = Dataset.fromMnist(bytes, 'train');
  test = Dataset.fromMnist(bytes, 'test');
  postMessage({ type: 'ready', trainCount: train.length, testCount: test.length });
})().catch((err) => postMessage({ type: 'error', fatal: true, message: err.message }));

self.onmessage = async ({ data: message }) => {
  if (message.type === 'digits') { receiveDigits(message.bytes); return; }
  await ready;
  if (!train) return;
  try {
    handle(message);
  } catch (err) {
    playing = false;
    postMessage({ type: 'error', message: err.message });
  }
};

function handle(message) {
  if (message.seq !== undefined) seq = message.seq;
  switch (message.type) {
    case 'configure': return configure(message);
    case 'play': if (run && !run.divergence()) { playing = true; schedule(); } return snapshot(true);
    case 'pause': playing = false; evaluateNow(); return snapshot(true);
    case 'step': playing = false; if (run) { trainChunk(1); evaluateNow(); } return snapshot(true);
    case 'select': selected = Math.max(0, Math.min(test.length - 1, message.index | 0)); return snapshot(true);
    case 'inspect': return inspectDrawing(message);
    default: throw new Error(`unknown message ${message.type}`);
  }
}

function configure({ spec, optimizer, seed, batch }) {
  playing = false;
  run?.free();
  run = null;
  config = { spec, optimizer, seed, batch };
  run = new TrainingRun(spec, optimizer, seed, batch);   // throws the core's message on a bad setting
  losses = []; accuracy = []; rate = { images: 0, ms: 0 }; stepsPerChunk = 1;
  lastEval = { step: -1, at: 0, result: null };
  evaluateNow();
  snapshot(true, true);
}

function schedule() {
  if (loop === null) loop = setTimeout(tick, 0);
}

/** One slice of training, then back to the message queue; a snapshot every SNAPSHOT_MS. */
function tick() {
  loop = null;
  if (!playing || !run) return;
  try {
    trainChunk(stepsPerChunk);
    const now = performance.now();
    if (run.divergence()) {
      playing = false;
      evaluateNow();
    } else if (now - lastEval.at > EVAL_MS) {
      evaluateNow();
    }
    snapshot(false);
  } catch (err) {
    playing = false;
    postMessage({ type: 'error', message: err.message });
    return;
  }
  if (playing) schedule();
}

/** Trains `n` steps in one call into wasm and adapts the chunk size to about CHUNK_MS. */
function trainChunk(n) {
  const before = run.imagesSeen;
  const t0 = performance.now();
  const chunk = run.trainSteps(train, n);
  const ms = performance.now() - t0;
  const first = run.steps - chunk.length;
  chunk.forEach((loss, i) => losses.push([first + i + 1, loss]));
  rate.images += run.imagesSeen - before; rate.ms += ms;
  stepsPerChunk = Math.max(1, Math.min(200, Math.round(n * CHUNK_MS / Math.max(ms, 1))));
}

function evaluateNow() {
  if (!run || lastEval.step === run.steps) return;
  const result = run.evaluate(test);
  lastEval = { step: run.steps, at: performance.now(), result };
  if (Number.isFinite(result.loss)) accuracy.push([run.steps, result.accuracy]);
}

/**
 * Posts the state: new losses and accuracies, counters, weights, the selected digit's feature
 * maps and softmax. Throttled to SNAPSHOT_MS unless `force`.
 */
function snapshot(force, reset = false) {
  if (!run) return;
  const now = performance.now();
  if (!force && now - lastSnapshot < SNAPSHOT_MS) return;
  lastSnapshot = now;
  const image = test.image(selected);
  const inspected = run.inspect(image);
  const weights = run.weights();
  const message = {
    type: 'snapshot',
    reset,
    playing,
    seq,
    steps: run.steps,
    epoch: run.epochProgress(train.length),
    imagesSeen: run.imagesSeen,
    imagesPerSecond: rate.ms > 0 ? (rate.images * 1000) / rate.ms : null,
    losses,
    accuracy,
    test: lastEval.result,
    divergence: run.divergence(),
    weights,
    selected: { index: selected, label: test.label(selected), image, ...inspected },
    config,
  };
  losses = []; accuracy = []; rate = { images: 0, ms: 0 };
  const transfer = [...weights.map((w) => w.values.buffer), ...inspected.layers.map((l) => l.values.buffer)];
  postMessage(message, transfer);
}

function inspectDrawing({ id, gray, width, height }) {
  if (!run) return;
  let image;
  try {
    image = prepareDigit(gray, width, height);
  } catch (err) {
    postMessage({ type: 'inspected', id, error: err.message });
    return;
  }
  const result = run.inspect(image);
  postMessage({ type: 'inspected', id, image, result }, result.layers.map((l) => l.values.buffer));
}
