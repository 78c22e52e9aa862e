// What the Train view knows about files and kept runs, without the DOM (the worker imports it
// too; tests/e2e/save.test.mjs runs it in Node): download names, a save's settings as the
// panels hold them, which settings differ from the link's, which file is which, and the loss
// history packed for IndexedDB.
//
//   fileName(spec, optimizer, 1230, 'save')         // "conv8-conv16-dense10-adam-step1230.cnnp"
//   settingsOf(readSave(bytes))                     // {spec, optimizer, seed, batch, data}
//   differences(core, kept, linkSettings)           // ['optimizer', 'seed']: what the link changes
//   settingsLink(core, settings)                    // 'v=1&view=train&net=...&data=shapes': the link to them
//   fileKind(name, firstBytes)                      // 'load' (a save, or anything else) or 'import'

/** The downloads: kind -> [end of the name, MIME type]. */
export const DOWNLOADS = {
  save: ['.cnnp', 'application/octet-stream'],
  pytorch: ['-pytorch.zip', 'application/zip'],
  onnx: ['.onnx', 'application/octet-stream'],
};

/** The batch size of a save that has none (a bare Trainer's): TrainingRun.load uses it too. */
const DEFAULT_BATCH = 32;

/**
 * A short name of the network from its layers with parameters: `conv8-conv16-dense10` for
 * the reference network (conv2d filters, dense units); at most six, then `-more`.
 */
export function networkName(spec) {
  const parts = spec.layers.flatMap((l) => (l.type === 'conv2d' ? [`conv${l.filters}`] : l.type === 'dense' ? [`dense${l.units}`] : []));
  if (parts.length === 0) return 'network';
  return parts.length > 6 ? `${parts.slice(0, 6).join('-')}-more` : parts.join('-');
}

/** The download's file name: network, optimizer and step, e.g. `conv8-conv16-dense10-adam-step1230-pytorch.zip`. */
export function fileName(spec, optimizer, steps, kind) {
  return `${networkName(spec)}-${optimizer.type}-step${steps}${DOWNLOADS[kind][0]}`;
}

/**
 * The shortest decimal that is the same f32 as `x` (a save stores the f32 the run computed
 * with: 0.0010000000474974513 is shown, and put in the link, as 0.001).
 */
export function shortestF32(x) {
  if (!Number.isFinite(x) || x === 0) return x;
  const target = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === target) return y;
  }
  return x;
}

/** An optimizer spec with every number as its shortest f32 decimal. */
export function tidyOptimizer(optimizer) {
  return Object.fromEntries(Object.entries(optimizer).map(([k, v]) => [k, typeof v === 'number' ? shortestF32(v) : v]));
}

/** The settings of a saved run (`readSave`'s header) as the Train view holds them. */
export function settingsOf(header) {
  return {
    spec: header.network,
    optimizer: tidyOptimizer(header.optimizer),
    seed: header.seed,
    batch: header.data?.batch ?? DEFAULT_BATCH,
    data: header.data?.name ?? 'mnist',
  };
}

/** The Train view's link (a hash without `#`) to settings `{spec, optimizer, seed, batch, data}`, written by the core (so each key in one form). */
export function settingsLink(core, s) {
  return core.formatLink({ view: 'train', network: s.spec, contenders: [s.optimizer], batch: s.batch, seed: s.seed, data: s.data });
}

const linkKeys = (core, s) => new URLSearchParams(settingsLink(core, s));

/** What differs between two runs' settings: some of 'network', 'optimizer', 'batch', 'seed', 'data'. */
export function differences(core, a, b) {
  const [x, y] = [linkKeys(core, a), linkKeys(core, b)];
  const keys = { network: 'net', optimizer: 'opt', batch: 'batch', seed: 'seed', data: 'data' };
  return Object.entries(keys).filter(([, key]) => x.get(key) !== y.get(key)).map(([name]) => name);
}

/** Whether a link names any setting of the Train view's run (else it is a bare `#view=train`). */
export const namesSettings = (hash) => ['net', 'opt', 'batch', 'seed', 'data'].some((k) => new URLSearchParams(hash.replace(/^#/, '')).has(k));

/**
 * Which way a dropped file goes, from its name and first bytes: 'import' for a .safetensors
 * state_dict (by name, or an 8-byte length then '{'), else 'load' (a .cnnp save, or anything
 * else: Load's message then says what the file is).
 */
export function fileKind(name, head) {
  if (/\.safetensors$/i.test(name)) return 'import';
  const magic = String.fromCharCode(...head.subarray(0, 4));
  if (magic !== 'CNNP' && head.length >= 9 && head[8] === 0x7b) return 'import';
  return 'load';
}

/**
 * The largest file Load or Import reads: a save of the largest network the core builds
 * (`maxParameters` weights and two optimizer moments, 4 bytes each) with room for its header,
 * which also holds such a network's weights as f64.
 */
export const maxFileBytes = (limits) => limits.maxParameters * 12 + (1 << 20);

/**
 * The loss history of a run for IndexedDB: `{first, losses, accuracy}` (losses of steps
 * first, first + 1, ...; accuracy [[step, accuracy, loss]]) as typed arrays, and back.
 */
export function packHistory({ first, losses, accuracy }) {
  return { first, losses: Float32Array.from(losses), accuracy: Float64Array.from(accuracy.flat()) };
}

export function unpackHistory({ first, losses, accuracy }) {
  const points = [];
  for (let i = 0; i + 2 < accuracy.length; i += 3) points.push([accuracy[i], accuracy[i + 1], accuracy[i + 2]]);
  return { first, losses: Array.from(losses), accuracy: points };
}
