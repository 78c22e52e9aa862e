// The page's side of the own dataset: one images worker (./worker.js) per page, opened on first
// use and kept while the page lives, so a folder still loading goes on when another view is
// opened, and the Train view and the race get the dataset without reading it again.
//
//   const images = ownImages();                 // the connection (the worker starts)
//   await images.open();                        // the kept dataset read once per page; later calls share it
//   const stop = images.watch(({summary, busy, error}) => draw(...));   // now and on every change
//   await images.call('add', {items}, {transfer})   // any request of ./worker.js; its summary is published
//   images.cancel();
//
// `busy` is `{what, done, total}` while a request reports progress, null otherwise; `error` is
// set when the kept dataset could not be opened (each request's own failure is its caller's).
import { connect } from '../../lib/worker.js';

let shared = null;

/** The page's own-images connection (one per page). */
export function ownImages() {
  shared ??= create();
  return shared;
}

function create() {
  const worker = connect(new URL('./worker.js', import.meta.url), { name: 'images' });
  const listeners = new Set();
  let state = { summary: null, busy: null, error: null };
  const publish = (change) => {
    state = { ...state, ...change };
    for (const listener of listeners) listener(state);
  };
  let running = 0;
  async function call(type, payload = {}, options = {}) {
    running++;
    try {
      const result = await worker.request(type, payload, {
        ...options,
        onProgress: (p) => { publish({ busy: { what: type, ...p } }); options.onProgress?.(p); },
      });
      const summary = result?.summary ?? (result?.classes && result?.preprocessing ? result : null);
      if (summary) publish({ summary, error: null });
      return result;
    } finally {
      running--;
      // a long add is sent in parts: busy ends when no part follows at once
      setTimeout(() => { if (running === 0 && state.busy) publish({ busy: null }); }, 0);
    }
  }
  let opened = null;
  return {
    call,
    open() {
      opened ??= call('open');
      opened.catch((error) => publish({ error }));
      return opened;
    },
    get state() { return state; },
    watch(listener) { listeners.add(listener); listener(state); return () => listeners.delete(listener); },
    cancel() { worker.post('cancel'); },
  };
}
