// The images worker: the own dataset lives here, off the page's thread. It decodes files
// (./decode.js), preprocesses them in the core (ImageSet), keeps them in IndexedDB
// (./store.js), and hands out previews, the split and the datasets other views train on.
// Requests run one after another, in the order sent; `cancel` stops a long one at the next file.
// Speaks lib/worker.js; the page side is ./images.js.
//
//   open {} -> summary                         the kept dataset (once per page; later calls: the summary)
//   checkRoom {count} -> true, or throws the core's refusal (50,000 files) before any is read
//   add {items: [{blob, className, source}], offset, total}   -> {summary, added, skipped, errors: [{source, key?, params?, message?}], cancelled}
//   importZip {file} -> same as add, plus {layout}
//   addClass {name} | renameClass {from, to} | removeClass {name} | removeImage {id} -> summary
//   configure {preprocessing} -> summary (every image preprocessed again from its file)
//   setSplit {seed, testFraction} -> summary;  split {} -> {counts, warnings} or {error}
//   previews {limit} -> {shape, classes: [{name, ids: Uint32Array, rgba: Uint8ClampedArray}]}
//   entry {id} -> {id, className, source};  clear {} -> summary;  cancel {} -> true
//   datasets {name: 'own' | 'shapes'} -> {name, shape, classNames, scaling, train: {pixels, labels}, test: {pixels, labels, sources}}
//   builtin {name: 'shapes' | 'mnist', bytes?, limit} -> {shape, counts, classes (as previews)}
//   exportZip {root} -> {blob, count, classes, empty: [name]} or {cancelled}: every kept file as root/class/name in a zip
import init, * as core from '../../pkg/cnn_playground.js';
import { serve } from '../../lib/worker.js';
import { openStore } from './store.js';
import { decodeAll } from './decode.js';
import { classify } from './layout.js';
import { readZip } from './zip.js';
import { SHAPES_SEED, refusal } from './state.js';

const DEFAULT_META = { classes: [], preprocessing: {}, seed: 1, testFraction: 0.2 };
const PROGRESS_MS = 100;
const SAVE_EVERY = 64;

let set = null;                 // core.ImageSet
let store;                      // IndexedDB (./store.js), or null when the browser keeps nothing
let storeProblem = null;        // a catalog key when keeping failed ('data.store.unavailable', ...)
let meta = { ...DEFAULT_META };
const records = new Map();      // set id -> {key, className, source, type, blob, size}
let cancelled = false;
let queue = Promise.resolve();

/**
 * Runs `handler` after every earlier request (a rebuild never interleaves with an add), on the
 * kept dataset (opened first if no request opened it yet).
 */
const queued = (handler) => (payload, tools) => {
  const run = queue.then(async () => {
    cancelled = false;
    if (!set && handler !== open) await open({}, tools);
    return handler(payload, tools);
  });
  queue = run.catch(() => {});
  return run;
};

const madeWith = () => JSON.stringify(set.preprocessing());

function summary() {
  return {
    classes: set.classes(), length: set.length, bytes: set.bytes, shape: Array.from(set.imageShape),
    preprocessing: set.preprocessing(), warnings: set.warnings(), seed: meta.seed, testFraction: meta.testFraction,
    kept: Boolean(store) && !storeProblem, storeProblem,
  };
}

/** Every request's progress, at most every PROGRESS_MS, and always the last. */
function throttled(progress) {
  let last = 0;
  return (value, force = false) => {
    const now = performance.now();
    if (force || now - last >= PROGRESS_MS) { last = now; progress(value); }
  };
}

async function saveMeta() {
  meta.classes = set.classes().map((c) => c.name);
  meta.preprocessing = set.preprocessing();
  await keep(() => store.setMeta(meta));
}

/** Runs a write to IndexedDB; a failure (quota, private mode) is remembered, not thrown: the images stay in this tab. */
async function keep(write) {
  if (!store) return undefined;
  try {
    return await write();
  } catch (err) {
    storeProblem = err?.name === 'QuotaExceededError' ? 'data.store.full' : 'data.store.failed';
    console.warn(`keeping the images failed: ${err?.message}`);
    return undefined;
  }
}

async function open(_, { progress }) {
  if (set) return summary();
  store = await openStore();
  if (!store) storeProblem = 'data.store.unavailable';
  const kept = store ? await keep(() => store.all()) : null;
  meta = { ...DEFAULT_META, ...(kept?.meta ?? {}) };
  set = newSet(meta.preprocessing);
  for (const name of meta.classes) tryAddClass(name);
  const errors = await fill(kept?.records ?? [], throttled(progress));
  return { ...summary(), errors };
}

/** An ImageSet with `preprocessing`, or with the defaults when the kept one is no longer valid. */
function newSet(preprocessing) {
  try { return new core.ImageSet(preprocessing); } catch { return new core.ImageSet({}); }
}

function tryAddClass(name) {
  try { set.addClass(name); } catch { /* a class kept twice, or no longer valid: its images still come */ }
}

/**
 * Adds kept records to `set`: their kept pixels when made with the current preprocessing, else
 * decoded again from the file (and the new pixels kept). Returns the records that failed.
 */
async function fill(list, progress) {
  const errors = [];
  const key = madeWith();
  const again = [];
  let done = 0;
  const keepRecord = (id, r) => records.set(id, { key: r.key, className: r.className, source: r.source, type: r.type, blob: r.blob, size: r.blob.size });
  for (const r of list) {
    if (r.madeWith !== key || !r.pixels) { again.push(r); continue; }
    try { keepRecord(set.addPreprocessed(r.className, r.pixels, r.source), r); } catch (err) { errors.push(errorOf(err, r.source)); }
    progress({ done: ++done, total: list.length, phase: 'open' });
  }
  const remade = [];
  for await (const { item: r, image, error } of decodeAll(core, again, () => cancelled)) {
    try {
      if (error) throw error;
      const id = set.addImage(r.className, image.rgba, image.width, image.height, r.source);
      keepRecord(id, r);
      remade.push([r.key, { pixels: set.pixels(id), madeWith: key }]);
    } catch (err) {
      errors.push(errorOf(err, r.source));
    }
    progress({ done: ++done, total: list.length, phase: 'open' });
  }
  if (remade.length) await keep(() => store.update(remade));
  return errors;
}

/** A failure as the page shows it: a catalog key with parameters, or the core's error (coreText). */
function errorOf(err, source) {
  return { source, ...refusal(err) };
}

const sameFile = (className, source, size) => {
  for (const r of records.values()) if (r.className === className && r.source === source && r.size === size) return true;
  return false;
};

/**
 * Adds `items` ({bytes and type | blob | read(), className, source}); refuses them all at once when they would
 * pass the limits. `offset` and `total` place them in a larger add sent in parts (progress).
 */
async function add({ items, offset = 0, total = items.length }, { progress }) {
  const fresh = items.filter((item) => !sameFile(item.className, item.source, item.bytes?.byteLength ?? item.blob?.size ?? item.size));
  set.checkRoom(fresh.length);
  const report = throttled(progress);
  const errors = [];
  let added = 0;
  let pending = [];
  let done = offset + items.length - fresh.length;
  for await (const result of decodeAll(core, fresh, () => cancelled)) {
    const record = addOne(result, errors);
    if (record) { pending.push(record); added++; }
    if (pending.length >= SAVE_EVERY) { await save(pending); pending = []; }
    report({ done: ++done, total, failed: errors.length, phase: 'add' });
  }
  await save(pending);
  await saveMeta();
  report({ done, total, failed: errors.length, phase: 'add' }, true);
  return { summary: summary(), added, skipped: items.length - fresh.length, errors, cancelled };
}

/** Adds one decoded item; returns its record to keep, or null (its error pushed to `errors`). */
function addOne({ item, blob, image, error }, errors) {
  try {
    if (error) throw error;
    const id = set.addImage(item.className, image.rgba, image.width, image.height, item.source);
    const record = { className: item.className, source: item.source, type: blob.type || `image/${image.format}`, blob, size: blob.size };
    records.set(id, record);
    return { id, record, pixels: set.pixels(id) };
  } catch (err) {
    errors.push(errorOf(err, item.source));
    return null;
  }
}

/** Keeps newly added images in IndexedDB and notes their keys. */
async function save(pending) {
  if (pending.length === 0 || !store) return;
  const made = madeWith();
  const rows = pending.map(({ record, pixels }) => ({ className: record.className, source: record.source, type: record.type, blob: record.blob, pixels, madeWith: made }));
  const keys = await keep(() => store.put(rows));
  if (keys) pending.forEach(({ record }, i) => { record.key = keys[i]; });
}

/** A zip of a folder per class: its entries sorted into classes as a chosen folder is. */
async function importZip({ file }, tools) {
  let entries;
  try {
    entries = (await readZip(file)).filter((e) => !e.folder);
  } catch (err) {
    return { summary: summary(), added: 0, skipped: 0, errors: [errorOf(err, file.name)], cancelled: false };
  }
  const layout = classify(entries.map((e) => e.path));
  const items = layout.items.map(({ index, className, source }) => ({ className, source, size: entries[index].size, read: entries[index].read }));
  const result = await add({ items }, tools);
  return { ...result, layout: { loose: layout.loose, nested: layout.nested, hidden: layout.hidden, root: layout.root, files: entries.length } };
}

async function addClass({ name }) {
  set.addClass(name);
  await saveMeta();
  return summary();
}

async function renameClass({ from, to }) {
  set.renameClass(from, to);
  const name = to.trim();
  const changes = [];
  for (const r of records.values()) {
    if (r.className === from) { r.className = name; if (r.key !== undefined) changes.push([r.key, { className: name }]); }
  }
  await keep(() => store.update(changes));
  await saveMeta();
  return summary();
}

async function removeClass({ name }) {
  set.removeClass(name);
  const gone = [];
  for (const [id, r] of records) if (r.className === name) { records.delete(id); if (r.key !== undefined) gone.push(r.key); }
  await keep(() => store.remove(gone));
  await saveMeta();
  return summary();
}

async function removeImage({ id }) {
  set.remove(id);
  const r = records.get(id);
  records.delete(id);
  if (r?.key !== undefined) await keep(() => store.remove([r.key]));
  await saveMeta();
  return summary();
}

/** New preprocessing: every image made again from its file; cancelled or failed, the old set stays. */
async function configure({ preprocessing }, { progress }) {
  const fresh = new core.ImageSet(preprocessing);
  const old = { set, records: new Map(records) };
  const list = [...records.values()];
  set = fresh;
  records.clear();
  for (const name of old.set.classes().map((c) => c.name)) tryAddClass(name);
  const errors = await fill(list.map((r) => ({ ...r, pixels: null })), throttled(progress));
  if (cancelled) {
    set.free();
    set = old.set;
    old.records.forEach((r, id) => records.set(id, r));
    return { ...summary(), cancelled: true };
  }
  old.set.free();
  await saveMeta();
  return { ...summary(), errors };
}

async function setSplit({ seed, testFraction }) {
  meta.seed = seed;
  meta.testFraction = testFraction;
  await saveMeta();
  return summary();
}

function split() {
  let parts;
  try {
    parts = set.split(meta.seed, meta.testFraction);
  } catch (err) {
    return { error: refusal(err) };
  }
  try { return { counts: parts.counts(), warnings: parts.warnings() }; } finally { parts.free(); }
}

/** The first `limit` images of each class as the network sees them, RGBA, one array per class. */
function previews({ limit }, { transfer }) {
  const [, height, width] = set.imageShape;
  const size = height * width * 4;
  const classes = set.classes().map(({ name }) => {
    const ids = set.ids(name).slice(0, limit);
    const rgba = new Uint8ClampedArray(ids.length * size);
    ids.forEach((id, i) => rgba.set(set.preview(id), i * size));
    return { name, ids, rgba };
  });
  return transfer({ shape: [height, width], classes }, classes.map((c) => c.rgba.buffer));
}

function entry({ id }) {
  return set.entry(id);
}

/** A built-in dataset's two parts: the digits (from mnist.bin's bytes) or the colour shapes. */
function builtinParts(name, bytes) {
  if (name === 'mnist') return { train: core.Dataset.fromMnist(bytes, 'train'), test: core.Dataset.fromMnist(bytes, 'test') };
  const split = core.colourShapes(SHAPES_SEED);
  const parts = { train: split.train, test: split.test };
  split.free();
  return parts;
}

/** A built-in dataset's counts per class and the first `limit` training images of each class. */
function builtin({ name, bytes, limit }, { transfer }) {
  const { train, test } = builtinParts(name, bytes);
  try {
    const [, height, width] = train.shape;
    const names = train.classNames();
    const [trainCounts, testCounts] = [train.classCounts(), test.classCounts()];
    const labels = train.labels();
    const size = height * width * 4;
    const classes = names.map((className, c) => {
      const ids = [];
      for (let i = 0; i < labels.length && ids.length < limit; i++) if (labels[i] === c) ids.push(i);
      const rgba = new Uint8ClampedArray(ids.length * size);
      ids.forEach((id, k) => rgba.set(train.preview(id), k * size));
      return { name: className, ids: Uint32Array.from(ids), rgba };
    });
    const counts = names.map((n, c) => ({ name: n, train: trainCounts[c], test: testCounts[c] }));
    return transfer({ shape: [height, width], channels: train.shape[0], counts, classes }, classes.map((c) => c.rgba.buffer));
  } finally {
    train.free();
    test.free();
  }
}

/**
 * A dataset to train on, as plain arrays a training worker turns back into Datasets
 * (`Dataset.fromPixels`): the colour shapes, or the own images split as the data view shows.
 * Throws the core's refusal for own images that cannot train (no class, one class, an empty one).
 */
function datasets({ name }, { transfer }) {
  let parts;
  let sources = null;
  if (name === 'shapes') parts = builtinParts('shapes');
  else {
    const split = set.split(meta.seed, meta.testFraction);
    parts = { train: split.train, test: split.test };
    sources = Array.from(split.testIds(), (id) => set.entry(id).source);
    split.free();
  }
  const { train, test } = parts;
  try {
    const part = (d) => ({ pixels: d.pixels(), labels: d.labels() });
    const preprocessing = name === 'shapes' ? { size: [32, 32], color: 'rgb', fit: 'crop' } : set.preprocessing();
    const out = { name, shape: Array.from(train.shape), classNames: train.classNames(), scaling: train.scaling(), preprocessing, train: part(train), test: { ...part(test), sources } };
    return transfer(out, [out.train.pixels.buffer, out.train.labels.buffer, out.test.pixels.buffer, out.test.labels.buffer]);
  } finally {
    train.free();
    test.free();
  }
}

/**
 * Every image's file as `root/class/name` in a zip (stored, the core's ZipParts): the folder
 * layout a chosen folder has, for PyTorch's ImageFolder or another browser's import. The files
 * stay Blobs: only each one's header is made in wasm memory, so a large dataset fits.
 */
async function exportZip({ root }, { progress }) {
  const zip = new core.ZipParts();
  const report = throttled(progress);
  const parts = [];
  const taken = new Set();
  try {
    for (const r of records.values()) {
      const path = freePath(taken, `${root}/${r.className}`, r.source.split('/').pop());
      parts.push(zip.add(path, new Uint8Array(await r.blob.arrayBuffer())), r.blob);
      report({ done: zip.length, total: records.size, phase: 'export' });
      if (cancelled) return { cancelled: true };
    }
    const count = zip.length;
    parts.push(zip.finish());
    const classes = set.classes();
    return { blob: new Blob(parts, { type: 'application/zip' }), count, classes: classes.filter((c) => c.count > 0).length, empty: classes.filter((c) => c.count === 0).map((c) => c.name) };
  } finally {
    zip.free();
  }
}

/** `folder/name`, or `folder/name-2.ext` (-3, ...) when two files of a class share a name. */
function freePath(taken, folder, name) {
  let path = `${folder}/${name}`;
  for (let n = 2; taken.has(path); n++) path = `${folder}/${name.replace(/(\.[^.]*)?$/, `-${n}$1`)}`;
  taken.add(path);
  return path;
}

async function clear() {
  set.free();
  set = new core.ImageSet(meta.preprocessing);
  records.clear();
  meta = { ...DEFAULT_META, preprocessing: set.preprocessing() };
  await keep(() => store.clear());
  storeProblem = store ? null : storeProblem;
  return summary();
}

serve({
  open: queued(open), add: queued(add), importZip: queued(importZip), addClass: queued(addClass),
  renameClass: queued(renameClass), removeClass: queued(removeClass), removeImage: queued(removeImage),
  configure: queued(configure), setSplit: queued(setSplit), split: queued(split), previews: queued(previews),
  entry: queued(entry), clear: queued(clear), exportZip: queued(exportZip), builtin, datasets: (payload, tools) => (payload.name === 'own' ? queued(datasets)(payload, tools) : datasets(payload, tools)),
  checkRoom: queued(({ count }) => { set.checkRoom(count); return true; }),
  cancel: () => { cancelled = true; return true; },
}, { ready: () => init({ module_or_path: new URL('../../pkg/cnn_playground_bg.wasm', import.meta.url) }) });
