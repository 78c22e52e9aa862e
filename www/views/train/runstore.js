// The Train view's runs kept in this browser (IndexedDB `cnn-playground-runs`), so that a
// reload loses nothing. Used by the training worker. A record:
//
//   {key, savedAt, steps, origin, bytes, history}
//     key      'train' (the page's run), 'embed:<link>' (an embedded view's own run), or
//              'kept:<time>' (a run put aside because a link with other settings was opened)
//     bytes    the run's save file (.cnnp: weights, optimizer state, place in the data)
//     history  the loss and accuracy curves (runfiles.js packHistory): a save file has none
//     origin   'seed' (trained from the link's seed), 'file' (Load), 'import' (Import weights)
//
//   const runs = await openRuns();                 // throws when the browser keeps nothing
//   await runs.put(record); await runs.get(key); await runs.remove(key);
//   await runs.move('train', 'kept:...');          // in one transaction
//   await runs.list('kept:');                      // newest first
//   await runs.prune('kept:', 3);                  // the newest 3 stay
import { done, finished, openDatabase } from '../../lib/idb.js';

const NAME = 'cnn-playground-runs';
const STORE = 'runs';

export async function openRuns() {
  const db = await openDatabase(NAME, 1, (created) => created.createObjectStore(STORE, { keyPath: 'key' }));
  const store = (mode) => db.transaction(STORE, mode).objectStore(STORE);
  const write = async (change) => {
    const s = store('readwrite');
    change(s);
    await finished(s.transaction);
  };
  const list = async (prefix) => {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    const records = await done(store('readonly').getAll(range));
    return records.sort((a, b) => b.savedAt - a.savedAt);
  };
  return {
    get: (key) => done(store('readonly').get(key)),
    put: (record) => write((s) => s.put(record)),
    remove: (key) => write((s) => s.delete(key)),
    async move(from, to) {
      const s = store('readwrite');
      s.get(from).onsuccess = (event) => {
        const record = event.target.result;
        if (record) { s.put({ ...record, key: to }); s.delete(from); }
      };
      await finished(s.transaction);
    },
    list,
    async prune(prefix, max) {
      const old = (await list(prefix)).slice(max);
      if (old.length) await write((s) => old.forEach((r) => s.delete(r.key)));
    },
  };
}
