// Nothing lost on reload: when the Train view starts, the run this browser keeps (the worker
// writes it to IndexedDB every few seconds while training and when paused) comes back with its
// curves, and says so ("Restored the run from step N", with Discard). A link that names other
// settings (a shared link, a hand edit) starts its own experiment instead, and the kept run is
// offered above the view (Continue it / Discard) until the reader chooses; so are up to two
// earlier ones. A run on other data (the colour shapes, own images) is always offered, with a
// link that opens the view on its data, where it can be continued. An embedded view keeps a
// run of its own, per link, and restores it as it is.
//
//   const restore = createRestore(view, { adopt(snapshot, keep), configure(), restart(), say(message) });
//     adopt: the controller shows a run the worker made current; configure: a run from the
//     panels' settings; restart: a run from the link's settings (the panels follow)
//   await restore.start();    // once the data is in the worker: restore, or configure from the link
//   restore.update();         // after the run on screen changed (the notice goes with its run)
//   restore.relabel();
import { el } from '../../lib/dom.js';
import { coreText, locale, number, t } from '../../lib/i18n.js';
import { failure } from '../../lib/worker.js';
import { differences, namesSettings, networkName, settingsLink } from './runfiles.js';
import { worthKeeping } from './state.js';

export function createRestore(view, { adopt, configure, restart, say }) {
  const r = { view, adopt, configure, restart, say, restored: null, kept: [], hash: location.hash };
  view.$['restored-discard'].addEventListener('click', () => discard(r));
  return { start: () => start(r), update: () => showRestored(r), relabel: () => { showRestored(r); showKept(r); } };
}

/** The link's settings, as the core compares them with a kept run's. */
const linkSettings = ({ state }) => ({ spec: state.network, optimizer: state.settings.optimizer, batch: state.settings.batch, seed: state.settings.seed, data: state.link.data });

async function start(r) {
  const { view } = r;
  let stored;
  try {
    stored = await view.worker.request('stored');
  } catch (err) {
    view.files.kept({ error: failure(err) });
    r.configure();
    return;
  }
  const current = stored.current;
  // a run on other data cannot continue here (the data is in the worker already): it is offered with its own link
  const otherData = current && !current.error && current.settings.data !== view.state.link.data;
  const mismatch = current && (current.error || otherData || (!view.embed && namesSettings(r.hash) && differences(view.core, current.settings, linkSettings(view)).length > 0));
  if (mismatch) {
    await view.worker.request('setAside');
    stored = await view.worker.request('stored');
  }
  r.kept = stored.kept;
  showKept(r);
  if (!current || mismatch || !await restore(r, current.key)) r.configure();
}

/**
 * The kept record `key` becomes the run on screen (the run it replaces, if it trained, kept
 * for undo); returns whether it did. A record the core cannot read says why in the panel.
 */
async function restore(r, key) {
  const { view } = r;
  const { state } = view;
  const replaces = state.runId;
  const keep = worthKeeping(state);
  const id = ++state.lastRunId;
  try {
    const reply = await view.worker.request('restore', { key, run: id, replaces, keep });
    if (state.runId !== replaces) return true;   // an edit started another run meanwhile
    r.adopt(reply.snapshot, keep);
    r.restored = { runId: id, steps: reply.steps, savedAt: reply.savedAt, origin: reply.origin };
    view.files.kept({ steps: reply.steps, savedAt: reply.savedAt });
    showRestored(r);
    return true;
  } catch (err) {
    if (err.message !== 'stopped') r.say({ key: 'save.restoreFailed', params: { message: failure(err) }, error: true });
    return false;
  }
}

/** Discard the restored run: it is forgotten here (Undo still brings it back) and the link's settings start from step 0. */
async function discard(r) {
  r.restored = null;
  showRestored(r);
  await r.view.worker.request('forget', { key: r.view.slot }).catch(() => {});
  r.view.files.kept(null);
  r.restart();
}

/** The notice above the view while the restored run is the one on screen. */
function showRestored(r) {
  const { $, state } = r.view;
  const shown = r.restored && r.restored.runId === state.runId;
  $.restored.hidden = !shown;
  if (shown) {
    const { steps, savedAt, origin } = r.restored;
    $['restored-text'].textContent = t(origin === 'import' && steps === 0 ? 'save.restoredImport' : 'save.restored', { steps: number(steps), ago: ago(savedAt) });
  }
}

/** The runs put aside by links with other settings: each can be continued or discarded. */
function showKept(r) {
  const host = r.view.$['kept-runs'];
  host.hidden = r.kept.length === 0;
  if (!r.kept.length) { host.replaceChildren(); return; }
  const item = (k) => el('li', {},
    el('span', {}, k.error ? t('save.keptUnreadable', { message: coreText(k.error), ago: ago(k.savedAt) }) : describe(r, k)), ' ',
    k.error ? null : continueButton(r, k),
    el('button', { type: 'button', 'data-id': 'kept-discard', onclick: () => forget(r, k) }, t('save.discardKept')));
  host.replaceChildren(el('p', {}, t('save.keptTitle')), el('ul', {}, r.kept.map(item)));
}

/** "step 1,230 · adam lr 0.001 · batch 32 · seed 1 · conv8-conv16-dense10, kept 5 minutes ago (other: optimizer, seed)". */
function describe(r, k) {
  const s = k.settings;
  const differ = differences(r.view.core, s, linkSettings(r.view)).map((d) => t(`save.differs.${d}`)).join(t('save.listSeparator'));
  const settings = t('save.settings', { steps: number(k.steps), optimizer: s.optimizer.type, lr: number(s.optimizer.lr), batch: s.batch, seed: s.seed, network: networkName(s.spec), ago: ago(k.savedAt) });
  return differ ? t('save.keptDiffers', { settings, differ }) : settings;
}

/** "Continue it"; for a run on other data, a link that opens the view on that data (where the run is offered again). */
function continueButton(r, k) {
  if (k.settings.data === r.view.state.link.data) return el('button', { type: 'button', 'data-id': 'kept-continue', onclick: () => continueKept(r, k) }, t('save.continueKept'));
  return el('a', { class: 'button', 'data-id': 'kept-open', href: `#${settingsLink(r.view.core, k.settings)}` }, t('save.openKept', { data: t(`data.source.${k.settings.data}`) }));
}

async function continueKept(r, k) {
  r.kept = r.kept.filter((x) => x !== k);
  showKept(r);
  if (!await restore(r, k.key)) { r.kept = [k, ...r.kept]; showKept(r); return; }
  const { kept } = await r.view.worker.request('stored');   // the run it replaced may be kept now
  r.kept = kept;
  showKept(r);
}

async function forget(r, k) {
  r.kept = r.kept.filter((x) => x !== k);
  showKept(r);
  await r.view.worker.request('forget', { key: k.key }).catch(() => {});
}

/** "5 minutes ago", in the page's language. */
function ago(time) {
  const seconds = Math.round((time - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]]) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}
