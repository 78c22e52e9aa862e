// How many of a pool's workers to use (share-pool.js, `adapt`). Two workers on two cores train
// ~1.4x as fast as one, but when another program takes a core (a video call, a browser tab,
// a build) the step in lockstep waits for the slowed worker and two train slower than one
// (docs/speed.md: 2,961 against 4,438 images/s with a busy loop on one of two CPUs). The bits
// are the same with any number of workers, so the pool may use whichever count is fastest now:
// it trains on all of them, and now and then times a few steps on each count and keeps the
// fastest, when it was faster in each of the trial's two rounds. Pure bookkeeping on the step
// times it is given (no clock of its own), so it can be tested with made-up times.
//
//   const pace = workerPace({ size: 2 });
//   const count = pace.count;        // workers for the next step
//   ... the step, on `count` workers, in `ms` ...
//   pace.record(count, ms);
//   pace.chosen;                     // the count it trains on between trials
//   pace.trials;                     // the latest trial: [{count, ms, steps}] (median ms a step, of so many), or null

/** Trial steps in a row on one count; the first of each is left out of its median (a helper waking, a cache filling). */
const BLOCK = 4;
/** Blocks of each count in a trial, in turn (1, 2, 2, 1, ...), so a slow spell falls on both alike. */
const ROUNDS = 2;
/**
 * A count replaces the chosen one only when its median step is this much shorter in every
 * round of the trial: a slow spell in one round (an evaluation, the page's work, the host)
 * does not switch it.
 */
const MARGIN = 0.97;

/**
 * Which of `size` workers to use, from the steps' times. The first trial comes after `firstMs`
 * of training, the next ones every `everyMs` of training (steps' time, so a pause does not
 * count); a trial of every count from 1 to `size` costs 2 x 4 steps of each.
 */
export function workerPace({ size, firstMs = 500, everyMs = 5000 }) {
  let chosen = size;
  let untilTrial = size > 1 ? firstMs : Infinity;
  let plan = [];        // the trial's steps still to come: {count, round, first (of its block)}
  let times = null;     // per count, per round, the trial's step times so far
  let trials = null;

  function startTrial() {
    const counts = Array.from({ length: size }, (_, i) => i + 1);
    plan = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const count of round % 2 ? [...counts].reverse() : counts) {
        for (let i = 0; i < BLOCK; i += 1) plan.push({ count, round, first: i === 0 });
      }
    }
    times = new Map(counts.map((count) => [count, Array.from({ length: ROUNDS }, () => [])]));
  }

  function endTrial() {
    trials = [...times].map(([count, rounds]) => {
      const all = rounds.flat();
      return { count, ms: median(all), steps: all.length };
    });
    const best = trials.reduce((a, b) => (b.ms < a.ms ? b : a));
    const faster = (count, than) => times.get(count).every((ms, round) => median(ms) < median(times.get(than)[round]) * MARGIN);
    if (best.count !== chosen && faster(best.count, chosen)) chosen = best.count;
    times = null;
    untilTrial = everyMs;
  }

  return {
    size,
    get count() {
      return plan.length ? plan[0].count : chosen;
    },
    get chosen() {
      return chosen;
    },
    get trials() {
      return trials;
    },
    /** The step just taken, on `count` workers, took `ms`. */
    record(count, ms) {
      if (plan.length && count === plan[0].count) {
        const { round, first } = plan.shift();
        if (!first) times.get(count)[round].push(ms);
        if (!plan.length) endTrial();
        return;
      }
      untilTrial -= ms;
      if (untilTrial <= 0 && !plan.length) startTrial();
    },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
