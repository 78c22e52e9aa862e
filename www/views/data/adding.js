// Adding chosen files to the own dataset, for the data view and for any view that asks for a
// folder (a link made with own images, opened where there are none). Each function returns the
// messages to show (./state.js addReport: what was refused and why, what was added) or throws
// the refusal of the whole choice (50,000 files), having added nothing.
//
//   const groups = await addFolderFiles(ownImages(), filesOfInput(input), { rooted: true });
//   host.replaceChildren(...messageBoxes(groups));
import { classify } from './layout.js';
import { addReport, layoutProblems } from './state.js';

/** Files posted to the worker at once (posting a File costs the page about 1 ms). */
const PART = 100;

/**
 * Sorts chosen files ({file, path}) into classes (./layout.js) and adds them; what the layout
 * left out (files outside class folders, nested too deep, empty folders) is reported with what
 * the core refused.
 */
export async function addFolderFiles(images, list, { rooted = false, emptyFolders = [], folders = [] } = {}) {
  const layout = classify(list.map((f) => f.path), { rooted });
  const root = layout.root || (rooted ? folders[0] ?? '' : '');
  const problems = layoutProblems({ ...layout, root, files: list.length, emptyFolders });
  const items = layout.items.map(({ index, className, source }) => ({ file: list[index].file, className, source }));
  if (items.length === 0) return [{ kind: 'error', title: { key: 'data.report.nothing', params: {} }, items: problems }];
  const result = await addItems(images, items);
  return addReport({ ...result, problems, leftOut: layout.loose.length + layout.nested.length });
}

/** Adds files (a File list) to class `className`. */
export async function addClassFiles(images, className, files) {
  const items = files.map((file) => ({ file, className, source: `${className}/${file.name}` }));
  return addReport(await addItems(images, items));
}

/**
 * Adds `items` ({file, className, source}) through the worker after one check that all of
 * them fit the limits, posting the files part by part so that the page keeps drawing (posting
 * the files is cheaper for the page than reading them itself and transferring the bytes: 45 to
 * 55 frames a second against 20 to 24 while 1,000 images load). Returns the parts' results summed.
 */
async function addItems(images, items) {
  await images.call('checkRoom', { count: items.length });
  const total = { added: 0, skipped: 0, errors: [], cancelled: false };
  for (let offset = 0; offset < items.length && !total.cancelled; offset += PART) {
    const part = items.slice(offset, offset + PART).map(({ file, className, source }) => ({ blob: file, className, source }));
    const result = await images.call('add', { items: part, offset, total: items.length });
    total.added += result.added;
    total.skipped += result.skipped;
    total.errors.push(...result.errors);
    total.cancelled = result.cancelled;
  }
  return total;
}
