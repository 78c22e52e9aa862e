// The Train view's Save and export panel: Save (.cnnp), Load, Export PyTorch (zip), Export
// ONNX and Import weights (.safetensors), by button, file input or a file dropped on the view;
// a progress line while the worker writes or reads, a message for every outcome (a bad file
// says what is wrong and that the run on screen is unchanged), the "Continue in PyTorch" help,
// and whether this browser keeps the run. The work is the training worker's (worker-files.js);
// the page only hands it File objects and gets back Blobs to download.
//
//   const files = createFiles(view, { adopt(snapshot, keep) });   // adopt: the controller shows a new run
//   files.update();           // buttons enabled as the run allows (after every state change)
//   files.kept(event);        // the worker wrote the run to IndexedDB ({steps, savedAt}) or cannot ({error})
//   files.say(message);       // {key, params} in the message line (restore.js uses it too)
//   files.relabel(); files.remove();
import { download, el } from '../../lib/dom.js';
import { coreText, number, t } from '../../lib/i18n.js';
import { failure } from '../../lib/worker.js';
import { fileKind, maxFileBytes } from './runfiles.js';
import { worthKeeping } from './state.js';

const BUSY_DELAY_MS = 150;   // a quick job shows no progress line (no flicker)

export function createFiles(view, { adopt }) {
  const { $ } = view;
  const f = { view, adopt, busy: null, message: null, keptState: null, maxBytes: maxFileBytes(view.core.limits()) };
  $.save.addEventListener('click', () => exportFile(f, 'save'));
  $['export-pytorch'].addEventListener('click', () => exportFile(f, 'pytorch'));
  $['export-onnx'].addEventListener('click', () => exportFile(f, 'onnx'));
  $.load.addEventListener('click', () => $['load-file'].click());
  $.import.addEventListener('click', () => $['import-file'].click());
  for (const [input, mode] of [[$['load-file'], 'load'], [$['import-file'], 'import']]) {
    input.addEventListener('change', () => {
      const [file] = input.files;
      input.value = '';   // the same file again is a new choice
      if (file) openFile(f, file, mode);
    });
  }
  f.removeDrop = dropTarget(f);
  relabel(f);
  return {
    update: () => update(f),
    kept: (event) => { f.keptState = event; showKept(f); },
    say: (message) => say(f, message),
    relabel: () => relabel(f),
    remove: () => f.removeDrop(),
  };
}

/** Which buttons work now: a run on screen that the panels describe, and no file job running. */
function update(f) {
  const { $, state } = f.view;
  const { network, settings, run, fatal } = state.errors;
  const hasRun = Boolean(state.snapshot) && state.snapshot.run === state.runId && !network && !settings && !run && !fatal;
  for (const id of ['save', 'export-pytorch', 'export-onnx', 'import']) $[id].disabled = !hasRun || Boolean(f.busy);
  $.load.disabled = !state.ready || Boolean(f.busy) || Boolean(fatal);
}

/** Runs `job` with the buttons disabled and, if it takes a moment, the progress line saying `busy`. */
async function work(f, busy, job) {
  const { $ } = f.view;
  f.busy = busy;
  update(f);
  const timer = setTimeout(() => { $['files-busy'].hidden = false; showBusy(f); }, BUSY_DELAY_MS);
  try {
    await job();
  } finally {
    clearTimeout(timer);
    f.busy = null;
    $['files-busy'].hidden = true;
    update(f);
  }
}

function showBusy(f) {
  if (f.busy) f.view.$['files-busy-text'].textContent = t(f.busy.key, f.busy.params);
}

/** Save, Export PyTorch or Export ONNX: the worker writes the file, the page downloads it. */
function exportFile(f, kind) {
  return work(f, { key: `save.busy.${kind}` }, async () => {
    try {
      const { blob, name, size } = await f.view.worker.request('export', { kind });
      download(blob, name);
      say(f, { key: 'save.downloaded', params: { name, size: fileSize(size) } });
    } catch (err) {
      say(f, { key: 'save.failed.export', params: { message: failure(err) }, error: true });
    }
  });
}

/**
 * Load (`mode` 'load') or Import ('import') `file` in the worker. On success the new run is
 * on screen (the one it replaced kept for undo); on failure nothing changed and the message
 * says what is wrong with the file.
 */
function openFile(f, file, mode) {
  const { state, worker } = f.view;
  if (file.size > f.maxBytes) {
    say(f, { key: 'save.tooLarge', params: { name: file.name, size: fileSize(file.size), max: fileSize(f.maxBytes) }, error: true });
    return Promise.resolve();
  }
  const replaces = state.runId;
  const keep = worthKeeping(state);
  const id = ++state.lastRunId;
  return work(f, { key: `save.busy.${mode}`, params: { name: file.name } }, async () => {
    try {
      const reply = await worker.request('open', { file, mode, run: id, replaces, keep });
      if (reply.refused) { say(f, { key: `save.failed.${mode}`, params: { name: file.name, message: t(reply.refused.key, reply.refused.params) }, error: true }); return; }
      if (state.runId !== replaces) return;   // an edit started another run meanwhile: it replaced this one
      f.adopt(reply.snapshot, keep);
      say(f, opened(file.name, reply));
    } catch (err) {
      if (err.message !== 'stopped') say(f, { key: `save.failed.${mode}`, params: { name: file.name, message: failure(err) }, error: true });
    }
  });
}

/** The message after a file was loaded or imported. */
function opened(name, reply) {
  const s = reply.snapshot;
  if (reply.kind === 'import') {
    const renamed = reply.mapping.filter((m) => m.name !== m.source);
    return { key: 'save.imported', params: { name, count: reply.mapping.length }, details: renamed.map((m) => `${m.name} ← ${m.source}`) };
  }
  const { type, lr } = s.config.optimizer;
  return { key: 'save.loaded', params: { name, steps: number(s.steps), optimizer: type, lr: number(lr), batch: s.config.batch, seed: s.config.seed } };
}

/**
 * The message line: a catalog key with its parameters (said again after a language switch); a
 * parameter that is an error (`failure(err)`) is said with coreText, in the page's language.
 */
function say(f, message) {
  f.message = message;
  const { $ } = f.view;
  const line = $['files-message'];
  line.classList.toggle('error-text', Boolean(message?.error));
  line.replaceChildren();
  if (!message) return;
  const params = Object.fromEntries(Object.entries(message.params ?? {}).map(([k, v]) => [k, typeof v === 'object' && v !== null ? coreText(v) : v]));
  line.append(t(message.key, params));
  if (message.details?.length) line.append(el('span', { class: 'mono small files-details' }, message.details.join(', ')));
}

/** Whether the run is kept in this browser (what a reload would restore). */
function showKept(f) {
  const k = f.keptState;
  const line = f.view.$['kept-status'];
  line.textContent = !k ? '' : k.error ? t('save.keptNot', { reason: coreText(k.error) }) : t('save.kept', { steps: number(k.steps) });
  line.classList.toggle('error-text', Boolean(k?.error));
}

/** `bytes` as the page shows file sizes: "72.7 KB", "1.2 MB". */
export function fileSize(bytes) {
  if (bytes < 1000) return `${number(bytes)} B`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'KB'] : [bytes / 1e6, 'MB'];
  return `${number(value, { maximumFractionDigits: 1 })} ${unit}`;
}

/**
 * Files dropped anywhere on the view: one .cnnp save is loaded, one .safetensors imported
 * (by name or by its first bytes); the view shows where to drop while a file is dragged over.
 */
function dropTarget(f) {
  const { root, $ } = f.view;
  let depth = 0;
  const hasFiles = (event) => event.dataTransfer?.types.includes('Files');
  const show = (on) => { $['drop-overlay'].hidden = !on; };
  const handlers = {
    dragenter: (e) => { if (!hasFiles(e)) return; e.preventDefault(); depth += 1; show(true); },
    dragover: (e) => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; },
    dragleave: (e) => { if (!hasFiles(e)) return; depth = Math.max(0, depth - 1); if (depth === 0) show(false); },
    drop: (e) => { if (!hasFiles(e)) return; e.preventDefault(); depth = 0; show(false); dropped(f, [...e.dataTransfer.files]); },
  };
  for (const [type, handler] of Object.entries(handlers)) root.addEventListener(type, handler);
  return () => { for (const [type, handler] of Object.entries(handlers)) root.removeEventListener(type, handler); };
}

async function dropped(f, list) {
  if (list.length !== 1) { say(f, { key: 'save.oneFile', params: { count: list.length }, error: true }); return; }
  const [file] = list;
  if (!f.view.state.ready) { say(f, { key: 'save.dropNotReady', params: { name: file.name }, error: true }); return; }
  if (f.busy) { say(f, { key: 'save.dropBusy', params: { name: file.name }, error: true }); return; }
  let head;
  try {
    head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  } catch (err) {
    say(f, { key: 'save.failed.load', params: { name: file.name, message: failure(err) }, error: true });   // a folder, or a file gone
    return;
  }
  const mode = fileKind(file.name, head);
  if (mode === 'import' && f.view.$.import.disabled) { say(f, { key: 'save.importNeedsRun', error: true }); return; }
  openFile(f, file, mode);
}

/** The "Continue in PyTorch" help: what the zip holds and the commands, each in a code line. */
function help() {
  const step = (key, code) => {
    const [before, after] = t(key, { cmd: '\u0001' }).split('\u0001');
    return el('li', {}, before, code ? el('code', {}, code) : null, after ?? '');
  };
  return [
    el('summary', {}, t('save.help.title')),
    el('p', {}, t('save.help.zip')),
    el('ol', {},
      step('save.help.install', 'pip install torch safetensors pillow'),
      step('save.help.verify', 'python verify.py'),
      step('save.help.resume', 'python resume.py --data FOLDER'),
      step('save.help.back'),
      step('save.help.torchrun', 'torchrun --nproc_per_node 4 resume.py --data FOLDER')),
  ];
}

function relabel(f) {
  const { $ } = f.view;
  $['pytorch-help'].replaceChildren(...help());
  say(f, f.message);
  showKept(f);
  showBusy(f);
  update(f);
}
