// The files a user gives: from the folder input (`webkitdirectory`: each File has its
// webkitRelativePath, starting with the chosen folder's name), from a drop (folders walked
// through the File System entries), or loose files for one class. Each becomes {file, path}.

/** The folder input's files, with their paths inside the chosen folder (its name first). */
export function filesOfInput(input) {
  return Array.from(input.files ?? [], (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/**
 * What was dropped: `{files: [{file, path}], rooted, folders: [names], emptyFolders: [names]}`.
 * One dropped folder is the folder chosen (`rooted`: its class folders are inside); several
 * dropped folders are the class folders themselves.
 */
export async function filesOfDrop(dataTransfer) {
  const entries = Array.from(dataTransfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter(Boolean);
  if (entries.length === 0) {
    return { files: Array.from(dataTransfer.files ?? [], (file) => ({ file, path: file.name })), rooted: false, folders: [], emptyFolders: [] };
  }
  const files = [];
  const emptyFolders = [];
  for (const entry of entries) await walk(entry, files, emptyFolders);
  const folders = entries.filter((e) => e.isDirectory).map((e) => e.name);
  return { files, rooted: entries.length === 1 && entries[0].isDirectory, folders, emptyFolders };
}

async function walk(entry, files, emptyFolders) {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    files.push({ file: await new Promise((resolve, reject) => entry.file(resolve, reject)), path });
    return;
  }
  const children = await readAll(entry.createReader());
  if (children.length === 0) emptyFolders.push(path);
  for (const child of children) await walk(child, files, emptyFolders);
}

/** A directory reader gives its entries in batches (100 in Chromium) until an empty one. */
async function readAll(reader) {
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
