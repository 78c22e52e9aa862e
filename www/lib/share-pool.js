// Data-parallel training across Web Workers. The worker that holds a TrainingRun (the Train
// view's, the benchmark's) computes some shares of each mini-batch itself and hands the others
// to helper workers (share-worker.js), each with a network of the same spec that gets the
// run's weights every step. The core cuts the batch into shares of 8 examples and sums them
// in share order (TrainingRun.beginStep ... finishStep), so the losses and weights are the
// same bits with 1, 2 or 4 workers: this module only moves shares, weights and gradients.
// Plain workers exchanging buffers: no SharedArrayBuffer, so it works in any page, embedded
// or not, without cross-origin isolation. (Shared memory and Atomics in a cross-origin isolated
// page were tried: no faster, docs/speed.md; what a step waits for is the helpers' lag.)
//
//   const pool = sharePool({ workers: 2, awake: true }); // in the worker that holds `run`
//   const losses = await pool.trainSteps(run, train, 20, spec); // Float32Array; stops at divergence
//   pool.size;                                           // workers computing shares, this one included
//   pool.using;                                          // of them, the ones it trains on (see `adapt`)
//   pool.timing;                                         // {steps, writeMs, ownMs, waitMs}: ms per step
//   pool.terminate();
//
// `spec` is the run's network spec: the helpers get a network of it when it changes.
//
// With `awake: true`, while a step waits for the helpers and for a moment after a helper
// answers, the thread stays awake (`stayAwake`, on worker.js's `nextTask`) instead of sleeping
// until the next message: a sleeping thread is woken a tenth of a millisecond or more after the
// message comes (its core has to wake; on a virtual machine the host has to run it again),
// twice a step. OpenMP's threads, which PyTorch's use, wait the same way before they sleep. It
// takes the time the workers used to sleep, which a page drawing while it trains needs when the
// workers take every core: the Train view asks for it only when a core is left over.
//
// With `adapt: true` (or pace.js's options), the pool trains on the count of its workers that
// is fastest now (pace.js: it times a few steps on each count now and then): when another
// program takes a core, one worker trains faster than two in lockstep. Same bits either way.
//
// A helper that fails (it could not start, or it crashed) leaves the pool: its shares are
// computed here instead, with the very same bits, and `size` goes down.

import { workerPace } from './pace.js';
import { connect, nextTask } from './worker.js';

/** The most workers a run uses: four share a batch of 32 (four shares of 8). */
export const MAX_WORKERS = 4;

/** How long a helper stays awake after its answer, ms: the next step's shares come within a millisecond while training. */
export const AWAKE_AFTER_MS = 2;
/** The longest a thread stays awake waiting (e.g. for a helper that hangs), ms: then it sleeps until the answer. */
const MAX_AWAKE_MS = 50;

/** The workers to use on this machine: its logical cores, at most MAX_WORKERS. */
export function defaultWorkers() {
  return Math.max(1, Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1));
}

/** Reads a wanted worker count (e.g. `?workers=2`): a whole number from 1 to MAX_WORKERS, else null. */
export function workersParam(raw) {
  const n = Number(raw);
  return raw !== null && raw !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS ? n : null;
}

/**
 * A pool of `workers` workers in all: this one and `workers - 1` helpers; `awake`: they stay
 * awake between steps, `adapt`: it trains on the fastest count of them (see the top).
 */
export function sharePool({ workers = defaultWorkers(), awake = false, adapt = false } = {}) {
  const url = new URL('./share-worker.js', import.meta.url);
  let helpers = Array.from({ length: Math.max(0, Math.min(MAX_WORKERS, workers) - 1) }, (_, i) => connect(url, { name: `share helper ${i + 1}` }));
  const drop = (helper, reason) => {
    helper.terminate();
    helpers = helpers.filter((h) => h !== helper);
    console.warn(`a share helper left the pool (${reason?.message || reason}); its shares are computed in the training worker`);
  };

  let spec = null;   // the network the helpers have, as JSON
  let pace = null;   // with `adapt`: how many workers to use (pace.js), for the workers there are
  const paceFor = (size) => {
    if (adapt && pace?.size !== size) pace = workerPace({ size, ...(adapt === true ? {} : adapt) });
    return pace;
  };
  const timing = { steps: 0, writeMs: 0, ownMs: 0, waitMs: 0 };

  /** Gives every helper a network of `wanted` unless they have one; a helper that cannot start leaves the pool. */
  async function configure(wanted) {
    const json = JSON.stringify(wanted);
    if (json === spec) return;
    const asked = helpers;
    const started = await Promise.allSettled(asked.map((h) => h.request('configure', { spec: wanted })));
    started.forEach((result, i) => { if (result.status === 'rejected') drop(asked[i], result.reason); });
    spec = json;
  }

  /** One optimizer step of `run` on the next batch of `data`, on at most `workers` workers. */
  const step = (run, data, workers) => sharedStep(run, data, { helpers, workers, awake, timing, drop });

  return {
    get size() {
      return helpers.length + 1;
    },
    /** The workers it trains on: all of them, or with `adapt` the fastest count of the latest trial. */
    get using() {
      return paceFor(helpers.length + 1)?.chosen ?? helpers.length + 1;
    },
    /** With `adapt`, the latest trial (pace.js): [{count, ms, steps}], the median ms of a step on each count; else null. */
    get trials() {
      return paceFor(helpers.length + 1)?.trials ?? null;
    },
    /**
     * Per step shared with helpers, on average: `writeMs` from the step's start until the
     * helpers' shares are posted, `ownMs` computing this worker's own shares, `waitMs` from
     * their end until the helpers' gradients are in: the exchange's cost, with the helpers' lag.
     */
    get timing() {
      return perStep(timing);
    },
    /**
     * `n` optimizer steps of `run` (a network of `spec`) on the next mini-batches of `data`, as
     * `run.trainSteps` (the same bits), with the helpers; stops at divergence. Keep the run
     * alive, and unchanged by others, until it ends.
     */
    async trainSteps(run, data, n, spec) {
      if (!helpers.length || n === 0) return run.trainSteps(data, n);
      await configure(spec);
      if (!helpers.length) return run.trainSteps(data, n);
      const losses = [];
      for (let i = 0; i < n && !run.divergence(); i += 1) {
        const pacing = paceFor(helpers.length + 1);
        const count = pacing ? pacing.count : helpers.length + 1;
        const start = performance.now();
        losses.push(await step(run, data, count));
        pacing?.record(count, performance.now() - start);
      }
      return Float32Array.from(losses);
    },
    terminate() {
      helpers.forEach((h) => h.terminate());
      helpers = [];
    },
  };
}

/**
 * One optimizer step of `run` on the next batch of `data`, its shares dealt round robin to this
 * worker and the first of `helpers`, at most `workers` in all; a helper that fails is `drop`ped
 * and its shares computed here; the step's times go into `timing` when it used helpers.
 */
async function sharedStep(run, data, { helpers, workers, awake, timing, drop }) {
  const start = performance.now();
  const shares = run.beginStep(data);
  const used = helpers.slice(0, Math.min(shares, workers) - 1);
  const count = used.length + 1;
  const weights = used.length ? run.parameters() : null;
  const batch = used.length ? run.stepSize() : 0;
  const answers = used.map((helper, i) => {
    const mine = [];
    for (let s = i + 1; s < shares; s += count) mine.push({ s, ...run.shareInput(s) });
    const buffers = mine.flatMap((m) => [m.images.buffer, m.labels.buffer]);
    return helper.request('shares', { weights, batch, shares: mine, awake }, { transfer: buffers });
  });
  const written = performance.now();
  for (let s = 0; s < shares; s += count) run.computeShare(s);
  const computed = performance.now();
  const settled = await (awake && used.length ? settledAwake(answers) : Promise.allSettled(answers));
  settled.forEach((answer, i) => {
    if (answer.status === 'fulfilled') for (const { s, grads, loss } of answer.value) run.putShare(s, grads, loss);
    else drop(used[i], answer.reason);
  });
  if (used.length) addTimes(timing, { writeMs: written - start, ownMs: computed - written, waitMs: performance.now() - computed });
  for (let s = 0; s < shares; s += 1) if (!run.hasShare(s)) run.computeShare(s);
  return run.finishStep();
}

/** `Promise.allSettled(answers)`, this thread awake until they are in (at most MAX_AWAKE_MS). */
async function settledAwake(answers) {
  let settled = false;
  stayAwake(() => !settled, MAX_AWAKE_MS);
  const all = await Promise.allSettled(answers);
  settled = true;
  return all;
}

/** Adds one step's times (ms) to a pool's running totals. */
function addTimes(totals, times) {
  for (const [key, ms] of Object.entries(times)) totals[key] += ms;
  totals.steps += 1;
}

/** A pool's running totals as means per step (null before any step). */
function perStep({ steps, ...totals }) {
  return { steps, ...Object.fromEntries(Object.entries(totals).map(([key, ms]) => [key, steps ? ms / steps : null])) };
}

/**
 * Keeps this thread awake while `busy()` holds, at most `ms` milliseconds, without holding up
 * anything: it runs an empty task of the lowest priority again and again, so a message, a
 * timer or any other task goes first, and the thread is running when it comes. Resolves with
 * the number of those tasks when it stops.
 */
export function stayAwake(busy, ms) {
  const end = performance.now() + ms;
  let turns = 0;
  return new Promise((resolve) => {
    const turn = () => {
      if (!busy() || performance.now() >= end) return resolve(turns);
      turns += 1;
      nextTask().then(turn);
    };
    nextTask().then(turn);
  });
}
