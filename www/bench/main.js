// The benchmark page: runs every contender in its own worker, shows the live images/s while
// it trains, then the table, the per-layer times of our core, and the ratios.
// `?auto=1` starts at once; `?repeats=5&seconds=1&only=ours,convnetjs` change the run.
// When done, `window.benchResult` holds the JSON that scripts/bench.mjs prints.

import { contenders } from './contenders.js';
import { loadDigits as loadMnist } from '../lib/mnist.js';
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
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'MNST') throw new Error('data/mnist.bin does not start with "MNST": rebuild it with "make build"');
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
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}, not "${raw}"`);
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
      resolve({ error: e.message || 'the worker failed to start' });
    };
    worker.postMessage({ name, data, repeats, seconds });
  });
}

async function run() {
  const button = $('run');
  button.disabled = true;
  $('error').textContent = '';
  const status = $('status');
  try {
    const repeats = numberParam('repeats', 5, 1, 50);
    const seconds = numberParam('seconds', 1, 0.05, 30);
    const only = (query.get('only') || Object.keys(contenders).join(',')).split(',');
    const unknown = only.filter((n) => !contenders[n]);
    if (unknown.length) throw new Error(`unknown contender "${unknown[0]}": use ${Object.keys(contenders).join(', ')}`);
    status.textContent = 'Loading digits…';
    const data = await loadDigits();
    const results = {};
    for (const name of only) {
      const label = contenders[name].label;
      status.textContent = `${label}: starting…`;
      results[name] = await runInWorker(name, data, repeats, seconds, (phase, rate) => {
        status.textContent = `${label}: ${phase === 'train' ? 'training' : 'inference'}, ${Math.round(rate).toLocaleString('en-US')} images/s`;
      });
      renderTable($('results'), results, contenders);
    }
    const ours = results.ours;
    if (ours?.layers) renderLayers($('layers'), ours);
    const pytorch = numberParam('pytorch', 3200, 1, 1e7);
    const goals = renderGoals($('goals'), results, pytorch);
    const result = { batch: 32, repeats, seconds, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency, results, goals, pytorchImagesPerSecond: pytorch };
    $('json').textContent = JSON.stringify(result, null, 1);
    status.textContent = `Done: median of ${repeats} runs of ${seconds} s each, after a warm-up run.`;
    window.benchResult = result;
  } catch (e) {
    $('error').textContent = e.message;
    status.textContent = 'Stopped.';
    window.benchResult = { error: e.message };
  } finally {
    button.disabled = false;
  }
}

for (const name of ['repeats', 'seconds']) if (query.has(name)) $(name).value = query.get(name);
$('run').addEventListener('click', run);
if (query.get('auto') === '1') run();
