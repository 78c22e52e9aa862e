// The 10,000 MNIST digits, fetched once per page and handed to whoever needs them.
//
//   const bytes = await loadDigits();                 // Uint8Array: the mnist.bin format (www/data/README.md)
//   const stop = watchDigits(host);                    // a progress bar with bytes while they load; an error if they fail
//   worker.request('digits', bytes.slice(), ...)       // a worker gets its own copy (structured clone)
//
// The build writes the digits gzipped (www/data/mnist.bin.gz, about a fifth of the 7.85 MB);
// the page unpacks them with the browser's DecompressionStream. The server lets the browser
// keep the file and revalidate it (scripts/serve.py), so a second visit loads nothing again.
import { el } from './dom.js';
import { number, t } from './i18n.js';

const URL_GZ = new URL('../data/mnist.bin.gz', import.meta.url);
const listeners = new Set();
let state = { started: false, loaded: 0, total: 0, done: false, error: null };
let loading = null;

function publish(change) {
  state = { ...state, ...change };
  for (const listener of listeners) listener(state);
}

/** The digits' bytes (unpacked), fetched on the first call; later calls share that fetch. */
export function loadDigits() {
  loading ??= fetchDigits().then((bytes) => { publish({ done: true }); return bytes; }, (err) => {
    publish({ error: err });
    loading = null;   // a later call may try again (e.g. once `make build` has run)
    throw err;
  });
  return loading;
}

async function fetchDigits() {
  publish({ started: true, loaded: 0, total: 0, done: false, error: null });
  if (typeof DecompressionStream === 'undefined') throw new Error(t('digits.noDecompression'));
  let response;
  try {
    response = await fetch(URL_GZ);
  } catch (err) {
    throw new Error(t('digits.network', { reason: err.message }));
  }
  if (!response.ok) throw new Error(t('digits.missing', { status: response.status }));
  publish({ total: Number(response.headers.get('Content-Length')) || 0 });
  const chunks = [];
  let loaded = 0;
  for (const reader = response.body.getReader(); ;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    publish({ loaded });
  }
  return unpack(new Blob(chunks));
}

/**
 * The bytes of mnist.bin from what was fetched: gunzipped, or as they are when a server
 * already unpacked them (it sent the .gz with Content-Encoding: gzip).
 */
async function unpack(blob) {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return new Uint8Array(await blob.arrayBuffer());
  try {
    return new Uint8Array(await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  } catch (err) {
    throw new Error(t('digits.corrupt', { reason: err.message }));
  }
}

/** Calls `listener({started, loaded, total, done, error})` now and on every change; returns the unsubscribe. */
export function onDigits(listener) {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

const megabytes = (bytes) => number(bytes / 1e6, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * Shows the loading of the digits in `host`: nothing before someone asks for them, a progress
 * bar with the bytes so far and the total while they come, nothing once they are in; on a
 * failure, the message saying what to do.
 * Returns a function that removes it.
 */
export function watchDigits(host) {
  const bar = el('progress', { class: 'digits-progress', max: 1, value: 0 });
  const text = el('span', { class: 'digits-progress-text', role: 'status' });
  const box = el('div', { class: 'digits-loading', 'data-id': 'digits-loading' }, bar, text);
  host.append(box);
  const stop = onDigits(({ started, loaded, total, done, error }) => {
    box.hidden = !error && (!started || done);
    box.classList.toggle('failed', Boolean(error));
    bar.hidden = Boolean(error);
    if (total) { bar.max = total; bar.value = loaded; } else bar.removeAttribute('value');
    bar.setAttribute('aria-label', t('digits.loadingLabel'));
    text.textContent = error ? error.message
      : total ? t('digits.progress', { loaded: megabytes(loaded), total: megabytes(total) })
        : t('digits.progressUnknown', { loaded: megabytes(loaded) });
  });
  return () => { stop(); box.remove(); };
}
