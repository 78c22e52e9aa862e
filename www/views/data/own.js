// The own dataset on the data view: a folder per class (chosen or dropped), files, the camera
// and drawings per class, a zip in and out; the preprocessing and the split; the messages of
// every action. Everything goes through the images worker (./images.js): the page stays
// responsive with a progress bar and Cancel while thousands of files are read.
import { download, el, template } from '../../lib/dom.js';
import { number, t, translate } from '../../lib/i18n.js';
import { CameraError, openCamera, openDrawing } from './capture.js';
import { classCard } from './card.js';
import { countsTable, messageBoxes, progressText, warningItems } from './draw.js';
import { filesOfDrop, filesOfInput } from './folder.js';
import { ownImages } from './images.js';
import { addClassFiles, addFolderFiles } from './adding.js';
import { PREVIEWS, SIZES, TEST_SHARES, addReport, checkSeed, checkSize, refusal, sizeText } from './state.js';

const TEMPLATE = `
<div class="panel own-tools">
  <h2 data-t="data.own.title"></h2>
  <p class="hint" data-t="data.own.hint"></p>
  <div class="drop-zone" data-id="drop">
    <label class="button primary file-button"><span data-t="data.own.chooseFolder"></span><input type="file" webkitdirectory multiple data-id="folderInput"></label>
    <span class="hint" data-t="data.own.orDrop"></span>
  </div>
  <div class="own-actions">
    <form class="new-class" data-id="newClassForm"><input type="text" data-id="newClass" data-t-placeholder="data.own.newClassPlaceholder" data-t-aria-label="data.own.newClassLabel"><button type="submit" data-t="data.own.addClass"></button></form>
    <label class="button file-button"><span data-t="data.own.importZip"></span><input type="file" accept=".zip,application/zip" data-id="zipInput"></label>
    <button type="button" data-id="exportZip" data-t="data.own.exportZip"></button>
    <button type="button" class="danger" data-id="deleteAll" data-t="data.own.delete"></button>
  </div>
  <div class="data-progress" data-id="progress" hidden><progress data-id="progressBar" data-t-aria-label="data.progress.label"></progress> <span role="status" data-id="progressText"></span> <button type="button" data-id="cancel" data-t="data.progress.cancel"></button></div>
  <div class="data-messages" data-id="messages"></div>
  <p class="kept hint" data-id="kept"></p>
</div>
<div class="panel prep">
  <h2 data-t="data.prep.title"></h2>
  <div class="prep-fields">
    <label class="field"><span data-t="data.prep.size"></span><input type="text" inputmode="numeric" size="4" list="data-sizes" data-id="size"></label>
    <datalist id="data-sizes">${SIZES.map((s) => `<option value="${s}"></option>`).join('')}</datalist>
    <label class="field"><span data-t="data.prep.color"></span><select data-id="color"><option value="gray" data-t="data.prep.gray"></option><option value="rgb" data-t="data.prep.rgb"></option></select></label>
    <label class="field"><span data-t="data.prep.fit"></span><select data-id="fit"><option value="crop" data-t="data.prep.crop"></option><option value="pad" data-t="data.prep.pad"></option></select></label>
    <span class="field"><span data-t="data.prep.shape"></span><output class="mono" data-id="shape"></output></span>
  </div>
  <div class="error-text" data-id="sizeError"></div>
  <h3 data-t="data.split.title"></h3>
  <div class="prep-fields">
    <label class="field"><span data-t="data.split.testShare"></span><select data-id="testShare"></select></label>
    <label class="field"><span data-t="data.split.seed"></span><input type="text" inputmode="numeric" size="10" data-id="seed"></label>
  </div>
  <div class="error-text" data-id="seedError"></div>
  <div data-id="counts"></div>
  <ul class="data-warnings" data-id="dataWarnings"></ul>
</div>
<div class="class-cards" data-id="classes"></div>`;

export function mountOwn(host, { core, state }) {
  const $ = template(host, TEMPLATE);
  const own = { $, core, state, images: ownImages(), cards: new Map(), capture: null, summary: null, stopWatch: null };
  wireSources(own);
  wireSettings(own);
  own.stopWatch = own.images.watch((s) => onImages(own, s));
  return {
    show: () => own.images.open().then((result) => { if (result?.errors?.length) showMessages(own, addReport({ added: result.length, errors: result.errors })); }, () => {}),
    unmount: () => { own.stopWatch(); own.capture?.close(); clearTimeout(own.refreshLater); },
    relabel: () => relabel(own),
  };
}

/** Where files come from: the folder input, a drop, a zip; and the buttons beside them. */
function wireSources(own) {
  const { $ } = own;
  $.folderInput.addEventListener('change', () => {
    const files = filesOfInput($.folderInput);
    $.folderInput.value = '';
    addFolder(own, files, { rooted: true });
  });
  $.drop.addEventListener('dragover', (event) => { event.preventDefault(); $.drop.classList.add('dragging'); });
  $.drop.addEventListener('dragleave', () => $.drop.classList.remove('dragging'));
  $.drop.addEventListener('drop', async (event) => {
    event.preventDefault();
    $.drop.classList.remove('dragging');
    const dropped = await filesOfDrop(event.dataTransfer);
    addFolder(own, dropped.files, dropped);
  });
  $.zipInput.addEventListener('change', () => {
    const [file] = $.zipInput.files;
    $.zipInput.value = '';
    if (file) act(own, () => own.images.call('importZip', { file }), (result) => addReport(result));
  });
  $.newClassForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $.newClass.value;
    act(own, () => own.images.call('addClass', { name }), () => { $.newClass.value = ''; return []; });
  });
  $.deleteAll.addEventListener('click', () => {
    if (!own.summary || !confirm(t('data.own.confirmDelete', { count: own.summary.length }))) return;
    act(own, () => own.images.call('clear'), () => [{ kind: 'info', items: [{ key: 'data.own.deleted', params: {} }] }]);
  });
  $.cancel.addEventListener('click', () => own.images.cancel());
  $.exportZip.addEventListener('click', () => exportZip(own));
}

/** The dataset as a zip of its folder layout, downloaded (made in the images worker with the core's ZipParts). */
function exportZip(own) {
  if (!own.summary?.length) { showMessages(own, [{ kind: 'error', items: [{ key: 'data.own.nothingToExport', params: {} }] }]); return; }
  const root = `own-images-${new Date().toISOString().slice(0, 10)}`;
  act(own, () => own.images.call('exportZip', { root }), (result) => {
    if (result.cancelled) return [{ kind: 'info', items: [{ key: 'data.own.exportCancelled', params: {} }] }];
    download(result.blob, `${root}.zip`);
    const items = [{ key: 'data.own.exported', params: { count: result.count, shown: number(result.count), classes: result.classes, file: `${root}.zip`, size: sizeText(number, result.blob.size) } }];
    if (result.empty.length) items.push({ key: 'data.own.exportEmpty', params: { count: result.empty.length, names: result.empty.join(', ') } });
    return [{ kind: 'info', items }];
  });
}

/** Sorts chosen files into classes and adds them (./adding.js), with the view's messages. */
function addFolder(own, list, options) {
  act(own, () => addFolderFiles(own.images, list, options), (groups) => groups);
}

/** Runs a request; shows what `report(result)` says, or the refusal (nothing already added is lost). */
async function act(own, request, report) {
  try {
    showMessages(own, report(await request()) ?? []);
  } catch (err) {
    showMessages(own, [{ kind: 'error', items: [refusal(err)] }]);
  }
}

function showMessages(own, groups) {
  own.messages = groups;
  own.$.messages.replaceChildren(...messageBoxes(groups));
}

/** The preprocessing and split fields: each change goes to the worker (bad values say so). */
function wireSettings(own) {
  const { $ } = own;
  // The three fields together are what is asked for (a change made while another is still
  // being applied keeps both); the fields follow the dataset again once none is pending.
  const configure = () => {
    const { value: size, error } = checkSize($.size.value);
    fieldError($.size, $.sizeError, error);
    if (error) return;
    own.configuring = (own.configuring ?? 0) + 1;
    const preprocessing = { ...own.summary.preprocessing, size, color: $.color.value, fit: $.fit.value };
    act(own, () => own.images.call('configure', { preprocessing }).finally(() => { own.configuring--; }),
      (result) => (result.errors?.length ? addReport({ added: result.length, errors: result.errors }) : []));
  };
  for (const field of [$.size, $.color, $.fit]) field.addEventListener('change', configure);
  $.testShare.addEventListener('change', () => setSplit(own));
  $.seed.addEventListener('change', () => setSplit(own));
}

function setSplit(own) {
  const { $ } = own;
  const { value: seed, error } = checkSeed($.seed.value);
  fieldError($.seed, $.seedError, error);
  if (error) return;
  act(own, () => own.images.call('setSplit', { seed, testFraction: Number($.testShare.value) }), () => null);
}

function fieldError(input, host, key) {
  input.setAttribute('aria-invalid', key ? 'true' : 'false');
  host.textContent = key ? t(key) : '';
}

/** The worker's state changed: progress, and when the dataset changed, everything it shows. */
function onImages(own, { summary, busy, error }) {
  const { $ } = own;
  $.progress.hidden = !busy || !busy.total;
  if (busy?.total) {
    $.progressBar.max = busy.total;
    $.progressBar.value = busy.done ?? 0;
    $.progressText.textContent = progressText(busy);
  }
  if (error && !summary) showMessages(own, [{ kind: 'error', items: [refusal(error)] }]);
  if (summary && summary !== own.summary) {
    own.summary = summary;
    own.stale = true;
  }
  if (!own.stale) return;
  const now = () => { clearTimeout(own.refreshLater); own.refreshLater = null; own.stale = false; refresh(own); };
  if (!busy) now();
  else own.refreshLater ??= setTimeout(now, REFRESH_BUSY_MS);
}

/** While a long add runs, the previews and counts follow at most this often. */
const REFRESH_BUSY_MS = 1500;

/** Redraws from the summary: the fields, the kept line, the split, and every class's card. */
async function refresh(own) {
  const { $, summary } = own;
  showFields(own);
  $.kept.textContent = summary.storeProblem ? t(summary.storeProblem) : t('data.own.kept', { count: summary.length, shown: number(summary.length), bytes: sizeText(number, summary.bytes) });
  $.kept.classList.toggle('error-text', Boolean(summary.storeProblem));
  const [split, previews] = await Promise.all([own.images.call('split'), own.images.call('previews', { limit: PREVIEWS })]);
  if (summary !== own.summary) return;   // a newer change is on its way
  own.split = split;
  $.counts.replaceChildren(...(split.counts ? [countsTable(split.counts)] : []));
  $.dataWarnings.replaceChildren(...warningItems(summary, split));
  drawCards(own, previews);
}

function showFields(own) {
  const { $, summary } = own;
  const p = summary.preprocessing;
  if (!own.configuring) {
    if (document.activeElement !== $.size && $.size.getAttribute('aria-invalid') !== 'true') $.size.value = p.size[0];
    $.color.value = p.color;
    $.fit.value = p.fit;
  }
  $.shape.textContent = summary.shape.join(' × ');
  $.testShare.replaceChildren(...TEST_SHARES.map((f) => el('option', { value: f, selected: f === summary.testFraction },
    t('data.split.share', { train: Math.round(100 * (1 - f)), test: Math.round(100 * f) }))));
  if (document.activeElement !== $.seed && $.seed.getAttribute('aria-invalid') !== 'true') $.seed.value = summary.seed;
}

/** One card per class, in the core's order (names sorted as ImageFolder sorts them). */
function drawCards(own, previews) {
  const names = previews.classes.map((c) => c.name);
  for (const [name, card] of own.cards) if (!names.includes(name)) { card.element.remove(); own.cards.delete(name); }
  const counts = new Map(own.summary.classes.map((c) => [c.name, c.count]));
  const cards = previews.classes.map((c) => {
    const card = own.cards.get(c.name) ?? newCard(own, c.name);
    own.cards.set(c.name, card);
    const selected = own.selected?.className === c.name ? own.selected : null;
    card.update({ name: c.name, count: counts.get(c.name) ?? 0, previews: c, shape: previews.shape, selected });
    return card.element;
  });
  own.$.classes.replaceChildren(...cards);
}

function newCard(own, name) {
  return classCard(name, cardActions(own));
}

/** What a class card's buttons do. */
function cardActions(own) {
  const addFiles = (className, files) => {
    if (files.length) act(own, () => addClassFiles(own.images, className, files), (groups) => groups);
  };
  return {
    addFiles,
    rename: (from, to, undo) => act(own, () => own.images.call('renameClass', { from, to }), () => {
      const card = own.cards.get(from);
      own.cards.delete(from);
      if (card) own.cards.set(to.trim(), card);
      return [];
    }).then(() => { if (own.cards.has(from)) undo(); }),
    remove: (name, count) => {
      if (count > 0 && !confirm(t('data.card.confirmRemove', { name, count }))) return;
      act(own, () => own.images.call('removeClass', { name }), () => []);
    },
    select: async (className, id) => {
      own.selected = { className, ...(await own.images.call('entry', { id })) };
      refresh(own);
    },
    removeImage: (id) => { own.selected = null; act(own, () => own.images.call('removeImage', { id }), () => []); },
    dropFiles: async (className, dataTransfer) => {
      const dropped = await filesOfDrop(dataTransfer);
      if (dropped.folders.length) addFolder(own, dropped.files, dropped);
      else addFiles(className, dropped.files.map((f) => f.file));
    },
    camera: (card) => openCapture(own, card, 'camera', addFiles),
    draw: (card) => openCapture(own, card, 'draw', addFiles),
  };
}

/** Opens the camera or the drawing pad in a card (one at a time on the view). */
async function openCapture(own, card, kind, addFiles) {
  own.capture?.close();
  own.capture = null;
  const onFiles = (files) => addFiles(card.name, files);
  try {
    own.capture = kind === 'camera' ? await openCamera(card.captureHost, { className: card.name, onFiles }) : openDrawing(card.captureHost, { className: card.name, onFiles });
  } catch (err) {
    const text = err instanceof CameraError ? t(err.key, err.params) : err.message;
    card.captureHost.replaceChildren(el('p', { class: 'error-text', role: 'alert', 'data-id': 'cameraError' }, text));
  }
}

function relabel(own) {
  own.capture?.close();
  own.capture = null;
  for (const card of own.cards.values()) card.element.remove();
  own.cards.clear();
  translate(own.$.classes);
  showMessages(own, own.messages ?? []);
  if (own.summary) refresh(own);
}
