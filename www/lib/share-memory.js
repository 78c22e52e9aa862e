// The shared memory through which a training worker and one helper exchange a step's weights,
// shares and gradients when the page is cross-origin isolated (share-pool.js, share-worker.js):
// no message per step, so neither waits for the other's event loop.
//
//   const memory = shareMemory({ params, inputs, slots });     // the training worker makes it
//   const same = shareMemory(memory.layout, memory.buffer);    // the helper's views of it
//
//   const exchange = memoryExchange({ onLost });               // share-pool.js's, in the training worker
//   const sent = exchange.send(helper, { weights, batch, shares });  const answers = exchange.receive(sent);
//
// One SharedArrayBuffer: control words (Int32), the weights, then `slots` shares, each with
// its images, labels, gradient and loss. A step: the training worker writes the weights and its
// shares, sets COUNT and BATCH, adds one to SEQ and wakes the helper; the helper computes each
// share and stores SEQ into DONE (or sets FAILED), and wakes the training worker. STOP ends the
// helper's loop (the memory is then dropped: a new session gets new memory).

/** Control words. Share j's index is at SLOTS + 2j, its number of examples at SLOTS + 2j + 1. */
export const SEQ = 0;
export const DONE = 1;
export const STOP = 2;
export const COUNT = 3;
export const BATCH = 4;
export const FAILED = 5;
const SLOTS = 8;

/** How long a step waits for a helper's shares before computing them itself. */
const ANSWER_MS = 60_000;

/** Whether this worker can exchange through shared memory: a cross-origin isolated worker. */
export function canShareMemory() {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function'
    && typeof WorkerGlobalScope === 'function' && globalThis instanceof WorkerGlobalScope;
}

/**
 * Views of a step's shared memory for a network of `params` parameters, shares of up to
 * `examples` examples of `inputs` values each, and `slots` shares: on `buffer`, or new memory.
 */
export function shareMemory(layout, buffer = null) {
  const { params, inputs, examples, slots } = layout;
  const words = SLOTS + 2 * slots;
  const slotWords = examples * inputs + examples + params + 1;
  buffer ??= new SharedArrayBuffer(4 * (words + params + slots * slotWords));
  let at = 4 * words;
  const take = (Type, length) => {
    const view = new Type(buffer, at, length);
    at += 4 * length;
    return view;
  };
  const control = new Int32Array(buffer, 0, words);
  const weights = take(Float32Array, params);
  const shares = Array.from({ length: slots }, () => ({
    images: take(Float32Array, examples * inputs),
    labels: take(Uint32Array, examples),
    grads: take(Float32Array, params),
    loss: take(Float32Array, 1),
  }));
  return {
    layout,
    buffer,
    control,
    weights,
    shares,
    /** Share j's index in the step and its number of examples. */
    slot: (j) => ({ s: control[SLOTS + 2 * j], n: control[SLOTS + 2 * j + 1] }),
    setSlot(j, s, n) {
      control[SLOTS + 2 * j] = s;
      control[SLOTS + 2 * j + 1] = n;
    },
  };
}

/**
 * The training worker's side of the exchange through shared memory. A helper enters a session
 * (share-worker.js `session`) the first time it is sent shares and stays in it, waiting on SEQ,
 * until `end()` (before the helpers are configured again) or until it is sent larger shares
 * (a new session with larger memory). `send` and `receive` block this worker, never the page.
 * `onLost(helper, reason)`: a session's request failed (the helper crashed).
 */
export function memoryExchange({ onLost }) {
  const sessions = new Map();   // helper -> its session's memory
  const stop = ({ control }) => {
    Atomics.store(control, STOP, 1);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
  };

  /** `helper`'s memory for shares of this `layout`: its session's, or a new session's. */
  function sessionFor(helper, layout) {
    const had = sessions.get(helper);
    const fits = had && had.layout.params === layout.params && had.layout.inputs === layout.inputs
      && had.layout.examples >= layout.examples && had.layout.slots >= layout.slots;
    if (fits) return had;
    if (had) stop(had);
    const memory = shareMemory(layout);
    helper.request('session', { memory: { layout, buffer: memory.buffer } }).catch((reason) => onLost(helper, reason));
    sessions.set(helper, memory);
    return memory;
  }

  /** Whether the helper answered step `seq` within ANSWER_MS. */
  function answered(control, seq) {
    const deadline = performance.now() + ANSWER_MS;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === seq) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(control, DONE, done, left);
    }
  }

  return {
    name: 'shared memory',
    /** Writes `shares` ([{s, images, labels}]), the weights and the batch size, and wakes the helper. */
    send(helper, { weights, batch, shares }) {
      const examples = Math.max(...shares.map((m) => m.labels.length));
      const inputs = shares[0].images.length / shares[0].labels.length;
      const memory = sessionFor(helper, { params: weights.length, inputs, examples, slots: shares.length });
      memory.weights.set(weights);
      shares.forEach(({ s, images, labels }, j) => {
        memory.shares[j].images.set(images);
        memory.shares[j].labels.set(labels);
        memory.setSlot(j, s, labels.length);
      });
      memory.control[COUNT] = shares.length;
      memory.control[BATCH] = batch;
      const seq = Atomics.add(memory.control, SEQ, 1) + 1;
      Atomics.notify(memory.control, SEQ);
      return { memory, seq };
    },
    /** Waits for the helper's answer: [{s, grads, loss}] (views of the memory), or throws. */
    receive({ memory, seq }) {
      const { control } = memory;
      if (!answered(control, seq)) throw new Error(`no answer within ${ANSWER_MS / 1000} s`);
      if (Atomics.load(control, FAILED)) throw new Error('it failed on a share (its message is above)');
      return Array.from({ length: control[COUNT] }, (_, j) => ({ s: memory.slot(j).s, grads: memory.shares[j].grads, loss: memory.shares[j].loss[0] }));
    },
    /** Forgets a helper that left the pool (its memory goes with it). */
    forget(helper) {
      sessions.delete(helper);
    },
    /** Ends every session: each helper leaves its loop and reads its messages again. */
    end() {
      sessions.forEach(stop);
      sessions.clear();
    },
  };
}
