// What the Train view knows, without the DOM (the worker imports it too): the experiment as
// the link holds it, the run as the worker last reported it, the curves, what stops training,
// and the numbers behind the curves (the evaluation steps, loss smoothing, the accuracy axis).

/** The first evaluation steps, where accuracy climbs fastest. */
const EARLY = [10, 25, 50, 75, 100, 150, 200];

/**
 * The steps at which test accuracy is measured: 10, 25, 50, 75, 100, 150, 200, then every 100
 * to 1000, then every 250. The same steps in every run, denser where accuracy climbs fastest,
 * sparse enough that measuring (2,000 digits forward, the time of about 25 training steps at
 * batch 32) slows training by at most a half after step 100. Returns the first evaluation step
 * after `step`.
 */
export function nextEvalStep(step) {
  const early = EARLY.find((s) => s > step);
  if (early !== undefined) return early;
  const every = step < 1000 ? 100 : 250;
  return (Math.floor(step / every) + 1) * every;
}

/** Whether test accuracy is measured at `step` (step 0 is: the untrained network). */
export const isEvalStep = (step) => step === 0 || nextEvalStep(step - 1) === step;

/**
 * Exponential moving average of `ys` with `weight` in [0, 1) (0: none), debiased as
 * TensorBoard does so that the first points are not pulled toward 0:
 * s_t = w s_(t-1) + (1 - w) y_t, shown as s_t / (1 - w^t). A value that is not a number
 * (a diverged loss) is kept as it is and leaves the average alone.
 */
export function smooth(ys, weight) {
  const out = new Array(ys.length);
  let last = 0;
  let norm = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) { out[i] = y; continue; }
    last = weight * last + (1 - weight) * y;
    norm = weight * norm + (1 - weight);
    out[i] = last / norm;
  }
  return out;
}

/**
 * The accuracy axis is stretched toward 100%: it plots -log10(1 - accuracy), so 0%, 90%, 99%
 * and 99.9% are equally far apart (0, 1, 2, 3) and the 90-99% range, where a digits network
 * spends most of its training, takes half the chart. Accuracy 1 is drawn at 99.9%.
 */
export const accuracyToAxis = (accuracy) => -Math.log10(Math.max(1 - accuracy, 1e-3));
export const axisToAccuracy = (y) => 1 - 10 ** -y;
/** Where the accuracy axis has its ticks. */
export const ACCURACY_TICKS = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999].map(accuracyToAxis);

/** At most `max` points of `xs`/`ys`, every k-th (the last kept), for drawing long runs. */
export function thin(xs, ys, max) {
  if (xs.length <= max) return { xs, ys };
  const k = Math.ceil(xs.length / max);
  const keep = (_, i) => i % k === 0 || i === xs.length - 1;
  return { xs: xs.filter(keep), ys: ys.filter(keep) };
}

/**
 * The view's state. `link` is the core's parse of the link (network, contenders[0], batch,
 * seed, play); `network` and `settings` are what the panels hold (null while a field is in
 * error, with the message in `errors`); `run` what the worker last said; `curves` the loss of
 * every step and the accuracy at every evaluation step of the run on screen.
 */
export function createState(link) {
  return {
    link,
    network: link.network,
    settings: { optimizer: link.contenders[0], batch: link.batch, seed: link.seed },
    errors: { network: null, settings: null, run: null, fatal: null },
    ready: false,
    playing: false,
    stopped: null,         // why training stopped without being paused: 'network' or 'settings' (an edit)
    runId: 0,
    lastRunId: 0,          // the last run number given out (runs are numbered by the page)
    config: null,          // {spec, optimizer, seed, batch} of the run on screen
    snapshot: null,
    curves: emptyCurves(),
    aside: null,           // the run put aside by the last edit: {runId, config, curves, steps}
    source: 'test',        // whose feature maps: the 'test' digit or the 'drawing'
    drawing: null,         // {image, result} of the drawing, or null
    shape: [1, 28, 28],    // the data's images, [channels, height, width] (link.data: the digits until loaded)
    classNames: DIGITS,    // the data's classes: label i is classNames[i]
  };
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The catalog keys that name the data's images: digits for MNIST, images for the colour
 * shapes and own images (where a drawing is prepared as the dataset's images are).
 */
export function dataWords(state) {
  const digits = state.link.data === 'mnist';
  const key = (name) => (digits ? `train.${name}` : `train.image.${name}`);
  return {
    input: digits ? 'train.maps.input' : 'train.maps.inputImage',
    caption: digits ? 'train.digit.caption' : 'train.image.caption',
    loading: digits ? 'train.status.loading' : 'train.status.loadingImages',
    empty: key('draw.empty'),
    tooLittle: key('draw.tooLittle'),
    chartNote: key('chart.note'),
    indexError: key('index.error'),
    indexEmpty: key('index.empty'),
    netInput: key('net.input'),
    guideDraw: key('guide.draw'),
    keyNext: key('key.next'),
  };
}

/**
 * Whether `network` reads the data's images and ends with one output per class; if not, the
 * catalog message saying what to change ({key, params}), else null.
 */
export function dataMismatch(state, network) {
  const [c, h, w] = state.shape;
  const [ic, ih, iw] = network.input;
  if (ic !== c || ih !== h || iw !== w) return { key: 'train.data.input', params: { network: `${ic} x ${ih} x ${iw}`, data: `${c} x ${h} x ${w}` } };
  const last = network.layers[network.layers.length - 1];
  if (last?.type === 'dense' && last.units !== state.classNames.length) return { key: 'train.data.outputs', params: { units: last.units, classes: state.classNames.length } };
  return null;
}

export const emptyCurves = () => ({ steps: [], losses: [], accuracy: [] });

/** Adds a snapshot's new points to `curves`. */
export function addPoints(curves, snapshot) {
  for (const [step, loss] of snapshot.losses) { curves.steps.push(step); curves.losses.push(loss); }
  curves.accuracy.push(...snapshot.accuracy);
}

/** Whether Play and Step can train: digits in, the network and settings valid, no refusal. */
export function canTrain(state) {
  const { network, settings, run, fatal } = state.errors;
  return state.ready && !network && !settings && !run && !fatal && !state.snapshot?.divergence && state.snapshot !== null;
}

/** The status line as a catalog key: what the view is doing, or what keeps it from training. */
export function statusKey(state) {
  const { network, settings, run, fatal } = state.errors;
  if (fatal) return 'train.status.cannot';
  if (!state.ready) return dataWords(state).loading;
  if (network) return 'train.status.fixNetwork';
  if (settings) return 'train.status.fixSettings';
  if (run) return 'train.status.runError';
  if (state.snapshot?.divergence) return 'train.status.diverged';
  if (state.playing) return 'train.status.training';
  if (state.pausing) return 'train.status.pausing';
  if (state.stopped) return `train.status.stopped.${state.stopped}`;
  return 'train.status.paused';
}

/** The link's state for the run on screen (what formatLink writes). */
export function linkState(state) {
  const { optimizer, batch, seed } = state.settings;
  return { ...state.link, view: 'train', net: undefined, network: state.network, contenders: [optimizer], batch, seed };
}

/**
 * Whether an edit now would put a run aside (it trained at least one step, or its weights came
 * from a file): undo is offered.
 */
export const worthKeeping = (state) => Boolean(state.snapshot) && (state.snapshot.steps > 0 || state.snapshot.origin !== 'seed') && !state.errors.run;
