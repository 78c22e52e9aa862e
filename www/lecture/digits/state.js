// The digits view's state, without the DOM: where the digit comes from (the drawing pad or a
// training digit), the recipe the student sets (threshold, window) and the one the training
// set was made with, the core's pipeline of the digit, and the network's answer.
//
// One digit gives one set of numbers: a training digit's stages are made by the core from its
// gray image with the very function that made the training features, so at the training
// recipe its numbers are the ones the network learns from (and the backprop and mini-batch
// views show).

/** The lecture's recipe: threshold 0.5, 5 x 3 windows (one column of zero padding). */
export const LECTURE = { threshold: 0.5, window: [5, 3] };
/** The windows a student can choose: the lecture's, and its 5 x 2 alternative to padding. */
export const WINDOWS = { '5x3': [5, 3], '5x2': [5, 2] };
/** Training steps per press, and per call into the worker (the progress bar moves between). */
export const TRAIN = { steps: 2000, chunk: 100 };

export function createState() {
  return {
    recipe: { ...LECTURE },
    training: { ...LECTURE },   // the recipe the worker's training set is made with
    source: { kind: 'none' },   // {kind: 'drawing'} or {kind: 'digit', index, label, image, features}
    pipeline: null,
    error: null,
    probabilities: null,
    drawn: null,                // the digit a student says they drew (for its one-hot target)
    trained: null,              // {steps, loss, evaluation} after a training run
  };
}

export const windowName = (window) => `${window[0]}x${window[1]}`;
export const sameRecipe = (a, b) => a.threshold === b.threshold && windowName(a.window) === windowName(b.window);

/** The digit's stages by the view's recipe, from the pad's pixels or the training digit's gray image. */
export function computePipeline(core, state, pad) {
  const { source, recipe } = state;
  try {
    if (source.kind === 'digit') state.pipeline = core.lectureDigitPipelineGray(source.image, 28, 28, recipe);
    else if (source.kind === 'drawing') state.pipeline = core.lectureDigitPipeline(pad.rgba(), pad.canvas.width, pad.canvas.height, recipe);
    else state.pipeline = null;
    state.error = null;
  } catch (err) {
    state.pipeline = null;
    state.error = err;
  }
  return state.pipeline;
}

/** The label whose one-hot target is drawn: a training digit's own, or the one a student names. */
export const targetLabel = (state) => (state.source.kind === 'digit' ? state.source.label : state.drawn);

/** Whether the network can read the shown numbers: as many as its input (the training window). */
export const networkReads = (state) => Boolean(state.pipeline) && windowName(state.recipe.window) === windowName(state.training.window);
