// The own dataset kept in this browser (IndexedDB), so that it survives a reload: the original
// files (to preprocess again when the size or colour changes, and to export), their class and
// name, the preprocessed bytes for the settings they were made with (a reload then needs no
// decoding), and the dataset's settings. Used by the images worker; nothing leaves the browser.
//
//   const store = await openStore();            // null when this browser keeps nothing (private mode)
//   await store.put([{className, source, type, blob, pixels, madeWith}]) -> keys
//   await store.all()                            // {meta, records: [{key, className, source, type, blob, pixels, madeWith}]}
//   await store.update(key, changes); await store.remove(keys); await store.setMeta(meta); await store.clear();

const NAME = 'cnn-playground-images';
const VERSION = 1;

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

const finished = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error ?? new Error('the browser stopped writing the images'));
});

/** Opens (creating on first use) the database; null when IndexedDB is missing or refused. */
export async function openStore() {
  if (typeof indexedDB === 'undefined') return null;
  let db;
  try {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('images', { keyPath: 'key', autoIncrement: true });
      request.result.createObjectStore('meta');
    };
    db = await done(request);
  } catch {
    return null;
  }
  return storeOf(db);
}

function storeOf(db) {
  const images = (mode) => db.transaction('images', mode).objectStore('images');
  return {
    async all() {
      const tx = db.transaction(['images', 'meta'], 'readonly');
      const [records, meta] = await Promise.all([done(tx.objectStore('images').getAll()), done(tx.objectStore('meta').get('dataset'))]);
      return { meta: meta ?? null, records };
    },
    async put(records) {
      const store = images('readwrite');
      const keys = records.map((r) => done(store.add(r)));
      await finished(store.transaction);
      return Promise.all(keys);
    },
    async update(changes) {
      const store = images('readwrite');
      for (const [key, change] of changes) {
        store.get(key).onsuccess = (event) => { const r = event.target.result; if (r) store.put({ ...r, ...change }); };
      }
      await finished(store.transaction);
    },
    async remove(keys) {
      const store = images('readwrite');
      for (const key of keys) store.delete(key);
      await finished(store.transaction);
    },
    async setMeta(meta) {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put(meta, 'dataset');
      await finished(tx);
    },
    async clear() {
      const tx = db.transaction(['images', 'meta'], 'readwrite');
      tx.objectStore('images').clear();
      tx.objectStore('meta').clear();
      await finished(tx);
    },
  };
}
