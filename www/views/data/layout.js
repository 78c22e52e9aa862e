// From chosen files to classes, as torchvision's ImageFolder reads a folder: one class per
// subfolder, named after it. No DOM: the same rules serve the folder input, a dropped folder
// and an imported zip.
//
//   const { items, loose, nested, hidden, root } = classify(['pets/cat/1.png', 'pets/dog/2.png'], { rooted: true });
//   items   // [{index: 0, className: 'cat', source: 'cat/1.png'}, ...]: index into the paths given
//
// The rules, in order:
// - hidden files and folders (a name starting with ".", macOS's "__MACOSX") are skipped, counted;
// - `rooted`: the first folder is the one the user chose (the folder input's and a dropped
//   folder's paths start with its name), so it is taken off;
// - a single folder around everything (a zip of "shapes/" holding the class folders, and maybe
//   a shapes/README.txt) is taken off too, as long as class folders stay inside it;
// - then `class/file` is an image of that class; a file outside any class folder is `loose`,
//   and a file deeper than `class/file` is `nested` (torchvision would file it under the outer
//   folder; here the user is told which folder to choose instead).

const HIDDEN = (segment) => segment.startsWith('.') || segment === '__MACOSX' || segment === 'Thumbs.db' || segment === 'desktop.ini';

/** Path segments without empty ones ("a//b/" reads a, b; a leading "/" from a drop is dropped). */
const segmentsOf = (path) => path.split('/').filter((s) => s.length > 0);

/**
 * Sorts `paths` (folder/file strings, `/` between folders) into classes by the rules above.
 * Returns `{items: [{index, className, source}], loose: [path], nested: [path], hidden: count,
 * root: 'folder/wrapper' (what was taken off, '' when nothing)}`; `source` is `class/file`.
 */
export function classify(paths, { rooted = false } = {}) {
  const kept = [];
  let hidden = 0;
  paths.forEach((path, index) => {
    const segments = segmentsOf(path);
    if (segments.length === 0 || segments.some(HIDDEN)) hidden++;
    else kept.push({ index, segments });
  });
  const root = [];
  if (rooted && kept.length > 0 && kept.every((k) => k.segments.length > 1)) stripFirst(kept, root);
  while (kept.length > 0 && kept.some((k) => k.segments.length > 2) && sameFirst(kept)) stripFirst(kept, root);
  const items = [];
  const loose = [];
  const nested = [];
  for (const { index, segments } of kept) {
    const path = paths[index];
    if (segments.length === 1) loose.push(path);
    else if (segments.length > 2) nested.push(path);
    else items.push({ index, className: segments[0], source: segments.join('/') });
  }
  return { items, loose, nested, hidden, root: root.join('/') };
}

function sameFirst(kept) {
  const first = kept[0].segments[0];
  return kept.every((k) => k.segments[0] === first);
}

function stripFirst(kept, root) {
  root.push(kept[0].segments[0]);
  for (const k of kept) k.segments = k.segments.slice(1);
}

/**
 * For files nested too deep: the folder to choose instead, the parent of the deepest class
 * folders of `path` as seen from the chosen `root` ("data/train" for "train/cat/1.png" under
 * "data"), i.e. everything but its last two parts.
 */
export function folderToChoose(root, path) {
  const segments = segmentsOf(path);
  const inner = segments.slice(root ? segmentsOf(root).length : 0, -2);
  return [...segmentsOf(root), ...inner].join('/') || '.';
}

/** Code point order, as Python's sorted() and the core's classes: 'B' < 'a' < 'é'. */
export function byCodePoint(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
