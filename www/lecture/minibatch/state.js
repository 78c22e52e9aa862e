// The mini-batch view's state, without the DOM: how many digits, the shuffle's seed, the share
// of wrong labels, the batch size drawn, and the core's answer from the digits worker: the
// shuffled order, each batch size's angles to the full-batch gradient, the first examples.

/** Shuffled digits drawn in the strip. */
export const SHOWN = 64;
/** Rows of the first batch listed as numbers. */
export const ROWS = 8;

export function createState() {
  return { count: 512, seed: 1, noise: 0, show: 8, view: null, error: null };
}

/** The worker's question: the first `count` digits, shuffled by `seed`, `noise` (%) relabelled. */
export const question = (state) => ({ count: state.count, seed: state.seed, noise: state.noise / 100, rows: SHOWN });

/** The batch size to draw: the chosen one if the core measured it, else the fourth (8). */
export function batchShown(state) {
  const sizes = state.view.sizes.map((s) => s.batch);
  if (!sizes.includes(state.show)) state.show = sizes[Math.min(3, sizes.length - 1)];
  return state.show;
}
