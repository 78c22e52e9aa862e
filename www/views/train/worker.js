// The Train view's worker: owns the wasm core, the data and the training run, so that the
// page never blocks. It speaks lib/worker.js's protocol; requests (page -> worker):
//   dataset(data)                          the digits, the colour shapes or own images (views/data/
//                                          sources.js) -> {trainCount, testCount, shape, classNames}
//   configure({spec, optimizer, seed, batch, run, keep})
//                                          a new run from step 0, numbered `run`; with `keep`
//                                          the current run is put aside for undo -> snapshot
//   undo()                                 back to the run put aside -> its snapshot
//   play() | pause({evaluate}) | step()    run, stop (and measure the test set, unless
//                                          evaluate is false), one optimizer step -> snapshot
//   select({index})                        the test digit shown -> snapshot (null without a run,
//                                          as pause gives)
//   inspect({gray, rgba, width, height})   a drawing prepared as the data's images (MNIST's centring
//                                          for digits), run forward -> {image, result}
//   previews({indices})                    test images as the network receives them -> {rgba, height, width}
//   and the files' requests (save, export, load, import, the run kept in IndexedDB): worker-files.js
// While playing it emits 'snapshot' events (a few a second) and 'stopped' ({run, message})
// when training fails. Test accuracy is measured at the fixed steps of evalSteps (state.js),
// so the curve has its points on the same steps in every run.
// Each mini-batch is shared with helper workers (lib/share-pool.js): as many workers as the
// machine has cores, at most 4, of which the pool trains on the count that is fastest now
// (lib/pace.js: fewer when another program takes a core), or exactly `?workers=N` from this
// worker's URL; the results are the same bits with any number. Requests that change or read
// the run wait for the training slice under way (`exclusive`), so a run never changes in the
// middle of a step.
import init, * as core from '../../pkg/cnn_playground.js';
import { nextTask, serve } from '../../lib/worker.js';
import { defaultWorkers, sharePool, workersParam } from '../../lib/share-pool.js';
import { datasetsOf } from '../data/sources.js';
import { nextEvalStep, isEvalStep } from './state.js';
import { fileHandlers } from './worker-files.js';

const SNAPSHOT_MS = 250;   // how often a running worker reports
const CHUNK_MS = 40;       // training time between looks at the message queue

const { TrainingRun, prepareDigit } = core;
let train = null;
let test = null;
let data = null;           // what the page sent, without its pixels: {name, kind, shape, classNames, preprocessing}
let current = null;        // the run: {id, run, config, origin, history, pending: {losses, accuracy}, latest, trainingMs, rate, predictions}
let aside = null;          // the run put aside by the last edit, for undo
let playing = false;
let selected = 0;
let stepsPerChunk = 1;
let lastSnapshot = 0;
let loop = null;
let pool = null;   // started with the first training step
/** `?workers=N` in this worker's URL: exactly that many workers share each batch; else null. */
const ASKED = workersParam(new URL(self.location.href).searchParams.get('workers'));
/** Workers that share each batch: the ones asked for, else the machine's cores (at most 4), the pool using the fastest count of them. */
const WORKERS = ASKED ?? defaultWorkers();
let busy = Promise.resolve();   // the training slice (or the request) under way

/** Runs `work` after what is under way, so that a run never changes in the middle of a step. */
function exclusive(work) {
  const next = busy.then(work);
  busy = next.catch(() => {});
  return next;
}

/** `handlers` each run through `exclusive`. */
const inTurn = (handlers) => Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, (payload, tools) => exclusive(() => handler(payload, tools))]));

/** What worker-files.js sees of the run (see its top comment). */
const host = {
  get current() { return current; },
  get train() { return train; },
  adopt,
  snapshot: (transfer) => snapshot(transfer),
  emit: (event, data) => worker.emit(event, data),
};
const files = fileHandlers(host);

const worker = serve({
  ...inTurn({ ...files.handlers, dataset, configure, undo }),
  play() {
    needRun();
    if (!current.run.divergence()) { playing = true; schedule(); }
    return { playing };
  },
  pause({ evaluate: measure = true } = {}, { transfer }) {
    playing = false;
    return exclusive(() => {
      if (!current) return null;
      if (measure) evaluate(false);   // an edit's pause skips it: the run is about to be replaced
      files.keep.now();
      return snapshot(transfer);
    });
  },
  step(_, { transfer }) {
    playing = false;
    return exclusive(async () => {
      needRun();
      await trainChunk(1);
      evaluate(false);
      files.keep.soon();
      return snapshot(transfer);
    });
  },
  select({ index }, { transfer }) {
    selected = Math.max(0, Math.min(test.length - 1, index | 0));
    return current ? snapshot(transfer) : null;   // without a run, the next one shows it
  },
  inspect({ gray, rgba, width, height }, { transfer }) {
    needRun();
    const image = data.kind === 'mnist' ? prepareDigit(gray, width, height) : prepareImage(rgba, width, height);   // throws "the drawing is empty: ..."
    const result = current.run.inspect(image);
    return transfer({ image, result }, result.layers.map((l) => l.values.buffer));
  },
  previews({ indices }, { transfer }) {
    const [, height, width] = data.shape;
    const size = height * width * 4;
    const rgba = new Uint8ClampedArray(indices.length * size);
    indices.forEach((index, k) => rgba.set(test.preview(index), k * size));
    return transfer({ rgba, height, width }, [rgba.buffer]);
  },
}, { ready: () => init({ module_or_path: new URL('../../pkg/cnn_playground_bg.wasm', import.meta.url) }) });

/** The data to train and test on (every run freed). */
function dataset(sent) {
  playing = false;
  for (const old of [train, test, current?.run, aside?.run]) old?.free();
  current = null;
  aside = null;
  ({ train, test } = datasetsOf(core, sent));
  selected = 0;
  data = { name: sent.name, kind: sent.kind, shape: Array.from(train.shape), classNames: train.classNames(), preprocessing: sent.preprocessing };
  return { trainCount: train.length, testCount: test.length, shape: data.shape, classNames: data.classNames };
}

/** A new run from step 0, numbered `id`; with `keep` the current run is put aside for undo. */
function configure({ spec, optimizer, seed, batch, run: id, keep }, { transfer }) {
  playing = false;
  if (keep && current) { aside?.run.free(); aside = current; } else current?.run.free();
  current = null;
  const run = new TrainingRun(spec, optimizer, seed, batch);   // throws the core's message on a bad setting
  current = entry(id, run, { spec, optimizer, seed, batch }, 'seed');
  stepsPerChunk = 1;
  try {
    evaluate(true);   // the core refuses here what it cannot train on the data (e.g. 5 outputs for 10 classes)
  } catch (err) {
    run.free();
    current = null;
    throw err;
  }
  return snapshot(transfer);
}

/** Back to the run put aside by the last edit. */
function undo(_, { transfer }) {
  if (!aside) throw new Error('there is no run to go back to');
  playing = false;
  current.run.free();
  current = aside;
  current.sentPredictions = null;   // the page shows the other run's: send this one's again
  aside = null;
  files.keep.now();
  return snapshot(transfer);
}

/** A drawing (RGBA) as the dataset's images are prepared (size, colour, crop or pad), values in [0, 1]. */
function prepareImage(rgba, width, height) {
  const set = new core.ImageSet(data.preprocessing);
  try {
    const pixels = set.pixels(set.addImage('drawing', rgba, width, height, 'your drawing'));
    return Float32Array.from(pixels, (v) => v / 255);
  } finally {
    set.free();
  }
}

/**
 * A run's entry. `history` (the curves since `first`; a restored run brings its own) is sent
 * whole with the first snapshot; `origin` says where its weights came from: 'seed', 'file'
 * (Load) or 'import' (Import weights).
 */
function entry(id, run, config, origin, history = { first: run.steps + 1, losses: [], accuracy: [] }) {
  const pending = { losses: history.losses.map((loss, i) => [history.first + i, loss]), accuracy: [...history.accuracy] };
  return { id, run, config, origin, history, pending, latest: null, trainingMs: 0, rate: { images: 0, ms: 0 } };
}

/**
 * Makes `run` (loaded, restored or imported) the run on screen, numbered `id`, once the core
 * has measured it on the test set (which refuses a network that does not fit the data); the
 * run it replaces is put aside for undo (`keep`) or freed. If the measuring fails, `run` is
 * freed, the run on screen stays, and the core's reason is thrown.
 */
function adopt(run, { id, config, origin, history, keep }) {
  const before = current;
  current = entry(id, run, config, origin, history);
  try {
    evaluate(!history && isEvalStep(run.steps));   // a restored history has its points already
  } catch (err) {
    current = before;
    run.free();
    throw err;
  }
  playing = false;
  stepsPerChunk = 1;
  if (before && keep) { aside?.run.free(); aside = before; } else before?.run.free();
}

function needRun() {
  if (!current) throw new Error('no training run yet: the network is not configured');
}

function schedule() {
  if (loop === null) loop = nextTask().then(tick);
}

/** One slice of training, then back to the message queue; a snapshot every SNAPSHOT_MS. */
function tick() {
  loop = null;
  if (playing && current) exclusive(trainSlice);
}

async function trainSlice() {
  if (!playing || !current) return;
  try {
    await trainChunk(stepsPerChunk);
    if (current.run.divergence()) { playing = false; evaluate(false); }
    if (playing) files.keep.tick(); else files.keep.now();
  } catch (err) {
    playing = false;
    worker.emit('stopped', { run: current.id, error: { message: err.message, code: err.code, params: err.params, places: err.places } });
    return;
  }
  const now = performance.now();
  if (!playing || now - lastSnapshot >= SNAPSHOT_MS) {
    const list = [];
    worker.emit('snapshot', snapshot((value, buffers) => { list.push(...buffers); return value; }), list);
  }
  if (playing) schedule();
}

/**
 * Trains up to `n` steps (never past the next evaluation step, which is then measured), each
 * batch shared with the pool's helpers, and adapts the chunk size to about CHUNK_MS of training.
 */
async function trainChunk(n) {
  const { run, pending, rate, config } = current;
  const steps = Math.min(n, nextEvalStep(run.steps) - run.steps);
  const before = run.imagesSeen;
  const t0 = performance.now();
  // staying awake between steps takes the workers' idle time, which the page's drawing needs
  // when they take every core (docs/speed.md: 58.5-59.2 frames a second against 59.4-59.7)
  pool ??= sharePool({ workers: WORKERS, awake: WORKERS < (navigator.hardwareConcurrency || 1), adapt: ASKED === null });
  const losses = await pool.trainSteps(run, train, steps, config.spec);
  const ms = performance.now() - t0;
  const first = run.steps - losses.length;
  losses.forEach((loss, i) => pending.losses.push([first + i + 1, loss]));
  current.history.losses.push(...losses);
  rate.images += run.imagesSeen - before;
  rate.ms += ms;
  current.trainingMs += ms;
  if (losses.length) stepsPerChunk = Math.max(1, Math.min(200, Math.round(losses.length * CHUNK_MS / Math.max(ms, 0.5))));
  if (run.steps === nextEvalStep(run.steps - 1) && !run.divergence()) evaluate(true);
}

/**
 * Measures the test set: every test image's softmax (for the evaluation panel) and their
 * summary. `scheduled`: at an evaluation step, a point of the curve; otherwise (a pause, a
 * step) only the stats and the panel show it.
 */
function evaluate(scheduled) {
  const { run } = current;
  if (current.latest?.step === run.steps) return;
  const predictions = run.predictions(test);
  const result = predictions.summary();
  current.latest = { step: run.steps, ...result };
  current.predictions = { step: run.steps, labels: predictions.labels(), probabilities: predictions.allProbabilities() };
  predictions.free();
  if (scheduled && Number.isFinite(result.loss)) {
    const point = [run.steps, result.accuracy, result.loss];
    current.pending.accuracy.push(point);
    current.history.accuracy.push(point);
  }
}

/**
 * The state for the page: new losses and accuracies, counters, weights, the selected digit's
 * feature maps and softmax. `transfer(value, buffers)` hands the arrays over without copies.
 */
function snapshot(transfer) {
  const { id, run, pending, rate, latest, trainingMs, config, origin } = current;
  const shares = Math.ceil(config.batch / core.shareSize());
  lastSnapshot = performance.now();
  const image = test.image(selected);
  const inspected = run.inspect(image);
  const weights = run.weights();
  const message = {
    run: id,
    playing,
    steps: run.steps,
    epoch: run.epochProgress(train.length),
    imagesSeen: run.imagesSeen,
    imagesPerSecond: rate.ms > 0 ? (rate.images * 1000) / rate.ms : null,
    workers: Math.min(pool?.using ?? WORKERS, shares),
    workersOf: Math.min(pool?.size ?? WORKERS, shares),
    trainingMs,
    losses: pending.losses,
    accuracy: pending.accuracy,
    test: latest,
    testCount: test.length,
    divergence: run.divergence(),
    weights,
    selected: { index: selected, label: test.label(selected), image, ...inspected },
    config,
    origin,
    // the test set's softmax once per measurement (copied: an undo sends it again)
    predictions: current.sentPredictions === current.predictions ? null : current.predictions,
  };
  current.sentPredictions = current.predictions;
  current.pending = { losses: [], accuracy: [] };
  current.rate = { images: 0, ms: 0 };
  return transfer(message, [...weights.map((w) => w.values.buffer), ...inspected.layers.map((l) => l.values.buffer)]);
}
