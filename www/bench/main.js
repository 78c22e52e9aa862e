// The benchmark page: runs every contender in its own worker, shows the live images/s while
// it trains, then the table, the per-layer times of our core, and the ratios.
// `?auto=1` starts at once; `?repeats=5&seconds=1&only=ours,convnetjs` change the run;
// `?pytorch={...}` carries PyTorch's figures, measured natively by `make bench`
// (scripts/bench.mjs), into the table and the goals. When done, `window.benchResult` holds
// the JSON that scripts/bench.mjs prints.

import { contenders } from './contenders.js';
import { loadDigits as loadMnist } from '../lib/mnist.js';
import { pickLanguage, setLanguage, t, number, translate } from '../lib/i18n.js';
import { renderGoals, renderLayers, renderTable } from './render.js';

const query = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const PIXELS = 28 * 28;
/** Images sent to each contender: 64 batches of 32, cycled through. */
const IMAGES = 2048;

/** The first `IMAGES` digits of data/mnist.bin ("MNST", u32 count/rows/cols, pixels, labels). */
async function loadDigits() {
  const bytes = await loadMnist();
  const header = new DataView(bytes.buffer);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'MNST') throw new Error(t('bench.badDigits'));
  const count = header.getUint32(4, true);
  const n = Math.min(IMAGES, count);
  const images = Float32Array.from(bytes.subarray(16, 16 + n * PIXELS), (p) => p / 255);
  const labels = Uint32Array.from(bytes.subarray(16 + count * PIXELS, 16 + count * PIXELS + n));
  return { images, labels };
}

/** A number from the query, or `fallback` when absent; a clear error when unusable. */
function numberParam(name, fallback, min, max) {
  const raw = query.get(name) ?? $(name)?.value;
  const value = raw === null || raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(t('bench.badNumber', { name, min, max, raw }));
  return value;
}

/** PyTorch's figures from `?pytorch=` ({threads1, threadsAll}, as make bench writes them), or null. */
function pytorchParam() {
  const raw = query.get('pytorch');
  if (raw === null) return null;
  let value;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new Error(t('bench.badPytorch', { reason: e.message }));
  }
  const fine = (p) => p && (typeof p.missing === 'string' || (Number.isFinite(p.train) && Number.isFinite(p.infer)));
  if (!fine(value?.threads1) || !fine(value?.threadsAll)) throw new Error(t('bench.badPytorch', { reason: 'threads1 and threadsAll need train and infer' }));
  return value;
}

/** Runs one contender in a fresh worker; `onProgress(phase, rate)` while it runs. */
function runInWorker(name, data, repeats, seconds, onProgress) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    worker.onmessage = ({ data: msg }) => {
      if (msg.type === 'progress') return onProgress(msg.phase, msg.rate);
      worker.terminate();
      resolve(msg.type === 'result' ? msg : { error: msg.message });
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ error: e.message || t('bench.workerFailed') });
    };
    worker.postMessage({ name, data, repeats, seconds });
  });
}

/** Each contender of `only` in turn, the live rate in `status`; their results by name. */
async function runContenders(only, repeats, seconds, pytorch) {
  const status = $('status');
  status.textContent = t('bench.loading');
  const data = await loadDigits();
  const results = {};
  for (const name of only) {
    const label = contenders[name].label;
    status.textContent = t('bench.starting', { label });
    results[name] = await runInWorker(name, data, repeats, seconds, (phase, rate) => {
      status.textContent = t(phase === 'train' ? 'bench.progressTrain' : 'bench.progressInfer', { label, rate: number(Math.round(rate)) });
    });
    renderTable($('results'), results, contenders, pytorch);
  }
  return results;
}

async function run() {
  const button = $('run');
  button.disabled = true;
  $('error').textContent = '';
  try {
    const repeats = numberParam('repeats', 5, 1, 50);
    const seconds = numberParam('seconds', 1, 0.05, 30);
    const pytorch = pytorchParam();
    const only = (query.get('only') || Object.keys(contenders).join(',')).split(',');
    const unknown = only.filter((n) => !contenders[n]);
    if (unknown.length) throw new Error(t('bench.unknownContender', { name: unknown[0], known: Object.keys(contenders).join(', ') }));
    const results = await runContenders(only, repeats, seconds, pytorch);
    if (results.ours?.layers) renderLayers($('layers'), results.ours);
    const goals = renderGoals($('goals'), results, pytorch);
    const result = { batch: 32, repeats, seconds, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency, results, goals };
    $('json').textContent = JSON.stringify(result, null, 1);
    $('status').textContent = t('bench.done', { repeats, seconds });
    window.benchResult = result;
  } catch (e) {
    $('error').textContent = e.message;
    $('status').textContent = t('bench.stopped');
    window.benchResult = { error: e.message };
  } finally {
    button.disabled = false;
  }
}

await setLanguage(pickLanguage(location.search, location.hash, navigator.languages ?? [navigator.language]));
translate(document);
for (const name of ['repeats', 'seconds']) if (query.has(name)) $(name).value = query.get(name);
$('run').addEventListener('click', run);
if (query.get('auto') === '1') run();
