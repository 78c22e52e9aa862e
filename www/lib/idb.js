// IndexedDB in a few promises, on the page and in workers: what a view keeps in this browser.
//
//   const db = await openDatabase('cnn-playground-runs', 1, (db) => db.createObjectStore('runs', { keyPath: 'key' }));
//   const store = db.transaction('runs', 'readwrite').objectStore('runs');
//   store.put(record);
//   await finished(store.transaction);              // written (or rejects with the browser's reason)
//   const record = await done(db.transaction('runs').objectStore('runs').get(key));
//
// openDatabase rejects with a message a person can act on when the browser keeps nothing
// (IndexedDB missing, as in some private windows, or refused).

/** The result of an IndexedDB request. */
export const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

/** Resolves when `tx` has written everything; rejects with why it did not. */
export const finished = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error ?? new Error('the browser stopped the write'));
});

/** Opens (creating or upgrading with `upgrade(db, oldVersion)`) the database `name`. */
export async function openDatabase(name, version, upgrade) {
  if (typeof indexedDB === 'undefined') throw new Error('this browser offers no storage to pages (IndexedDB)');
  const request = indexedDB.open(name, version);
  request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
  request.onblocked = () => {};   // another tab holds an older version open: it closes on versionchange below
  const db = await done(request);
  db.onversionchange = () => db.close();
  return db;
}
