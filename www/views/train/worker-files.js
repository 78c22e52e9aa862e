// The training worker's files: downloads (save, PyTorch zip, ONNX), Load and Import, and the
// run kept in this browser (runstore.js), written every few seconds while training and when
// paused, and restored on reload. worker.js serves these requests beside its own and hands
// over `host`: {current (the run on screen or null), train (the training set), adopt(run,
// options), snapshot(transfer), emit(event, data)}. Requests (page -> worker):
//
//   context({slot, link, data})   where the run is kept ('train', or 'embed:<link>') and what its
//                                 save files say (the link, the data's name); sent as they change
//   export({kind})                'save' | 'pytorch' | 'onnx' -> {blob, name, size}
//   open({file, mode, run, replaces, keep})
//                                 a File to Load (mode 'load') or Import ('import'); the new
//                                 run is numbered `run` and replaces run `replaces` (put aside
//                                 for undo with `keep`)
//                                 -> {kind: 'load', header, snapshot} | {kind: 'import', mapping, snapshot}
//                                 | {kind: 'load', refused: {key, params}} (another dataset's run)
//   stored()                      -> {current, kept: [...]}: the slot's record and the kept ones,
//                                    each {key, savedAt, steps, origin, settings} or {key, error}
//   restore({key, run, replaces, keep})  a record becomes the run on screen -> {snapshot, savedAt}
//   setAside()                    the slot's record becomes a kept one (the link names other settings)
//   forget({key})                 deletes a record
//   persist()                     writes the run on screen now (the page hides or the view closes)
//
// Events: 'kept' {steps, savedAt} after each write of the run on screen, {error} when this
// browser keeps nothing. Every failure throws the core's message (a bad file, a wrong shape)
// and leaves the run on screen as it was.
import { failure } from '../../lib/worker.js';
import { TrainingRun, readSave } from '../../pkg/cnn_playground.js';
import { DOWNLOADS, fileName, packHistory, settingsOf, unpackHistory } from './runfiles.js';
import { openRuns } from './runstore.js';

const EVERY_MS = 5000;       // while training, the run is written at most this often...
const COST_SHARE = 20;       // ...and at most once per this many times the last write took
const KEPT_MAX = 3;          // runs put aside by links with other settings
const EMBED_MAX = 10;        // embedded views' own runs

/** The handlers and the keeper ({now, soon, tick}) for the worker `host` (see above). */
export function fileHandlers(host) {
  const k = { host, slot: null, link: '', data: 'mnist', runs: null, queue: Promise.resolve(), last: 0, cost: 0, timer: 0, written: null };
  const keep = {
    now: () => writeSlot(k),
    soon: () => { clearTimeout(k.timer); k.timer = setTimeout(() => writeSlot(k), 1000); },
    tick: () => { if (performance.now() - k.last >= Math.max(EVERY_MS, COST_SHARE * k.cost)) writeSlot(k); },
  };
  const handlers = {
    context({ slot, link, data }) { Object.assign(k, { slot: slot ?? k.slot, link: link ?? k.link, data: data ?? k.data }); },
    export: ({ kind }) => download(k, kind),
    open: (request, { transfer }) => open(k, request, transfer),
    stored: () => stored(k),
    restore: (request, { transfer }) => restore(k, request, transfer),
    async setAside() {
      const runs = await database(k);
      const record = await runs.get(k.slot);
      if (!record) return;
      await runs.move(k.slot, keptKey(record.savedAt));
      await runs.prune('kept:', KEPT_MAX);
    },
    async forget({ key }) {
      await (await database(k)).remove(key);
      if (key === k.slot) k.written = null;
    },
    persist: () => { writeSlot(k); return k.queue; },
  };
  return { handlers, keep };
}

const keptKey = (savedAt) => `kept:${savedAt}:${Math.random().toString(36).slice(2, 8)}`;

/** Whether a run is worth keeping: it trained, or its weights came from a file (not from the link's seed). */
const worth = (c) => Boolean(c) && (c.run.steps > 0 || c.origin !== 'seed');

function need(k) {
  if (!k.host.current) throw new Error('there is no run yet: the network is not configured');
  return k.host.current;
}

/** The database, opened once; a browser that keeps nothing is told to the page once. */
function database(k) {
  k.runs ??= openRuns();
  return k.runs;
}

/** The record of run `c` as it is now (its save taken at once: the run trains on). */
function recordOf(k, key, c) {
  return { key, savedAt: Date.now(), steps: c.run.steps, origin: c.origin, bytes: c.run.save({ link: k.link, data: k.data }), history: packHistory(c.history) };
}

/** Queues a write of the run on screen to the slot, if it is worth keeping and changed since the last one. */
function writeSlot(k) {
  clearTimeout(k.timer);
  const c = k.host.current;
  k.last = performance.now();
  if (!k.slot || !worth(c) || (k.written?.id === c.id && k.written.steps === c.run.steps)) return;
  const started = performance.now();
  const record = recordOf(k, k.slot, c);
  k.written = { id: c.id, steps: c.run.steps };
  k.queue = k.queue.then(async () => {
    const runs = await database(k);
    await runs.put(record);
    if (record.key.startsWith('embed:')) await runs.prune('embed:', EMBED_MAX);
    k.cost = performance.now() - started;
    k.host.emit('kept', { steps: record.steps, savedAt: record.savedAt });
  }).catch((err) => {
    k.written = null;
    k.runs = null;   // the next write tries the database again
    k.host.emit('kept', { error: err?.message || String(err) });
  });
}

/** `result` with the snapshot of the run on screen, its arrays handed over without copies. */
function withSnapshot(k, transfer, result) {
  const buffers = [];
  const snapshot = k.host.snapshot((value, list) => { buffers.push(...list); return value; });
  return transfer({ ...result, snapshot }, buffers);
}

function download(k, kind) {
  const c = need(k);
  const { run, config } = c;
  const bytes = kind === 'save' ? run.save({ link: k.link, data: k.data }) : kind === 'pytorch' ? run.exportPyTorch(k.host.train) : run.exportOnnx();
  return { blob: new Blob([bytes], { type: DOWNLOADS[kind][1] }), name: fileName(config.spec, config.optimizer, run.steps, kind), size: bytes.length };
}

/** The page asked to replace run `replaces`: it must still be the run on screen. */
function checkReplaces(k, replaces) {
  if (k.host.current && k.host.current.id !== replaces) throw new Error('the run changed while the file was read: try again');
}

async function open(k, { file, mode, run: id, replaces, keep }, transfer) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = mode;
  checkReplaces(k, replaces);
  if (kind === 'import') {
    const c = need(k);
    const copy = TrainingRun.load(c.run.save({ link: k.link, data: k.data }));
    let mapping;
    try { mapping = copy.loadStateDict(bytes); } catch (err) { copy.free(); throw err; }
    k.host.adopt(copy, { id, config: c.config, origin: 'import', keep });
    writeSlot(k);
    return withSnapshot(k, transfer, { kind, mapping });
  }
  const header = readSave(bytes);   // throws what is wrong with the file
  const saved = settingsOf(header);
  if (saved.data !== k.data) return { kind, refused: { key: 'save.otherData', params: { saved: saved.data, data: k.data } } };
  k.host.adopt(TrainingRun.load(bytes), { id, config: saved, origin: 'file', keep });
  writeSlot(k);
  return withSnapshot(k, transfer, { kind, header: { steps: header.steps, divergence: header.divergence } });
}

async function stored(k) {
  const runs = await database(k);
  const describe = (r) => {
    try {
      return { key: r.key, savedAt: r.savedAt, steps: r.steps, origin: r.origin, settings: settingsOf(readSave(r.bytes)) };
    } catch (err) {
      return { key: r.key, savedAt: r.savedAt, error: failure(err) };
    }
  };
  const current = k.slot ? await runs.get(k.slot) : null;
  return { current: current ? describe(current) : null, kept: (await runs.list('kept:')).map(describe) };
}

/**
 * A kept record becomes the run on screen. Restoring a run put aside (not the slot's own)
 * puts the run on screen, if it is worth keeping, among the kept ones in its place.
 */
async function restore(k, { key, run: id, replaces, keep }, transfer) {
  const runs = await database(k);
  const record = await runs.get(key);
  if (!record) throw new Error('this run is no longer kept in this browser (another tab discarded it)');
  checkReplaces(k, replaces);
  const header = readSave(record.bytes);
  const swap = key !== k.slot && worth(k.host.current) ? recordOf(k, keptKey(Date.now()), k.host.current) : null;
  k.host.adopt(TrainingRun.load(record.bytes), { id, config: settingsOf(header), origin: record.origin, history: unpackHistory(record.history), keep });
  const result = withSnapshot(k, transfer, { savedAt: record.savedAt, steps: record.steps, origin: record.origin });
  if (key === k.slot) {
    k.written = { id, steps: record.steps };
    return result;
  }
  await runs.remove(key);
  if (swap) await runs.put(swap);
  writeSlot(k);
  return result;
}
