// One request/response protocol for every Web Worker of the page.
//
// Page side:
//   const worker = connect(new URL('./my-worker.js', import.meta.url), { onEvent: (type, data) => ... });
//   const result = await worker.request('train', { steps: 100 }, { onProgress: (p) => bar(p), transfer: [buf] });
//   worker.post('pause');            // a request whose answer nobody waits for (errors are logged)
//   worker.terminate();              // pending requests fail with "stopped"
// Worker side (a module worker):
//   serve({
//     async train({ steps }, { progress, transfer, emit }) { ...; progress({ done }); return transfer(result, [result.losses.buffer]); },
//   }, { ready: async () => { await init(); } });    // requests wait for ready; if it fails, each fails with its message
//
// Messages: request {id, type, payload}; reply {id, result} or {id, error}; progress
// {id, progress}; event {event, data} (emit, for what the worker sends unasked, e.g. snapshots
// while training). An error thrown in a handler, or a failed `ready`, reaches the page as a
// rejected request whose Error has the same message (and a core error's code, params and
// places, for coreText): never a silent hang. A worker that crashes fails every pending and
// later request with the reason. A worker that computes in chunks awaits `nextTask()` between
// them, so that requests (a pause) get in.

/** Page side: a worker at `url` (a module worker) speaking this protocol. */
export function connect(url, { onEvent = () => {}, name } = {}) {
  const worker = new Worker(url, { type: 'module', name });
  const pending = new Map();
  let nextId = 0;
  let failed = null;

  const failAll = (error) => {
    failed = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.onmessage = ({ data }) => {
    if (data.event !== undefined) { onEvent(data.event, data.data); return; }
    const request = pending.get(data.id);
    if (!request) return;
    if ('progress' in data) { request.onProgress?.(data.progress); return; }
    pending.delete(data.id);
    if ('error' in data) request.reject(Object.assign(new Error(data.error), data.coded)); else request.resolve(data.result);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`the worker ${new URL(url, location.href).pathname} stopped: ${event.message || 'it could not start (see the browser console)'}`));
  };

  return {
    request(type, payload, { transfer = [], onProgress } = {}) {
      if (failed) return Promise.reject(failed);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        worker.postMessage({ id, type, payload }, transfer);
      });
    },
    post(type, payload, options) {
      this.request(type, payload, options).catch((err) => console.warn(`${type}: ${err.message}`));
    },
    terminate() {
      worker.terminate();
      failAll(new Error('stopped'));
    },
  };
}

/** Worker side: answers requests with `handlers[type](payload, tools)`; see the top of this file. */
export function serve(handlers, { ready = async () => {} } = {}) {
  const started = ready();
  started.catch(() => {});   // reported to each request below
  const emit = (event, data, transfer = []) => self.postMessage({ event, data }, transfer);
  const transferred = new WeakMap();
  const transfer = (result, list) => { if (result && typeof result === 'object') transferred.set(result, list); return result; };

  self.onmessage = async ({ data: { id, type, payload } }) => {
    try {
      await started;
      const handler = handlers[type];
      if (!handler) throw new Error(`this worker does not know the request "${type}"; it knows ${Object.keys(handlers).join(', ')}`);
      const progress = (value, list = []) => self.postMessage({ id, progress: value }, list);
      const result = await handler(payload, { progress, transfer, emit });
      self.postMessage({ id, result }, (result && transferred.get(result)) || []);
    } catch (err) {
      const { message, ...coded } = failure(err);
      self.postMessage({ id, error: message || String(err), coded });
    }
  };
  return { emit };
}

/**
 * Resolves in a task of the lowest priority, after whatever is waiting (a message, a timer): a
 * worker that computes in chunks awaits it between them to let requests in. Not
 * `setTimeout(0)`, which browsers clamp to 4 ms once timers nest (50 such yields in a worker:
 * 184 ms in Chromium, against 0.5 ms by scheduler.postTask and 1 ms by messages).
 */
export function nextTask() {
  return new Promise((resolve) => {
    if (globalThis.scheduler?.postTask) {
      scheduler.postTask(resolve, { priority: 'background' });
      return;
    }
    selfChannel ??= messagesToSelf();
    selfChannel.queue.push(resolve);
    selfChannel.port.postMessage(null);
  });
}

let selfChannel = null;

/** Where scheduler.postTask is missing: a port that calls the queued functions one message each. */
function messagesToSelf() {
  const { port1, port2 } = new MessageChannel();
  const queue = [];
  port1.onmessage = () => queue.shift()();
  return { queue, port: port2 };
}

/**
 * An error as plain data that survives postMessage and storage: its `message` and, for a core
 * error, what says it in the page's language (`coreText`): its `code`, `params` and `places`.
 */
export function failure(err) {
  const out = { message: err?.message ?? String(err) };
  for (const key of ['code', 'params', 'places']) if (err?.[key] !== undefined) out[key] = err[key];
  return out;
}
