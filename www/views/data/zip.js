// Reading a zip archive in the browser: its central directory, then each entry's bytes on
// demand, stored or deflated (unpacked by the browser's DecompressionStream('deflate-raw')).
// Enough for a folder of images zipped by any tool or by this page's export; not zip64 (a
// dataset is far below 4 GB and 65,535 files), not encrypted entries.
//
//   const entries = await readZip(file);    // [{path, size, folder, read() -> Promise<Blob>}]; throws ZipError
//
// Layout (PKWARE APPNOTE 6.3): local headers with the data, then the central directory (one
// 46-byte header + name + extra + comment per entry), then the 22-byte end record (+ comment).

/** A zip that cannot be read, with a catalog key for the page. */
export class ZipError extends Error {
  constructor(key, params = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.key = key;
    this.params = params;
  }
}

const END = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 65535;

/** The archive's entries, from its central directory. */
export async function readZip(blob) {
  const tailSize = Math.min(blob.size, 22 + MAX_COMMENT);
  const tail = new DataView(await blob.slice(blob.size - tailSize).arrayBuffer());
  let end = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === END) { end = i; break; }
  }
  if (end < 0) throw new ZipError('data.zip.notZip', { name: blob.name ?? '' });
  const count = tail.getUint16(end + 10, true);
  const size = tail.getUint32(end + 12, true);
  const offset = tail.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError('data.zip.zip64');
  if (offset + size > blob.size) throw new ZipError('data.zip.damaged');
  const directory = new DataView(await blob.slice(offset, offset + size).arrayBuffer());
  return centralEntries(blob, directory, count);
}

function centralEntries(blob, view, count) {
  const decoder = new TextDecoder();
  const entries = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > view.byteLength || view.getUint32(p, true) !== CENTRAL) throw new ZipError('data.zip.damaged');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const packed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const skip = view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const path = decoder.decode(new Uint8Array(view.buffer, view.byteOffset + p + 46, nameLength));
    p += 46 + nameLength + skip;
    const folder = path.endsWith('/');
    entries.push({ path, size, folder, read: () => readEntry(blob, { path, flags, method, packed, local }) });
  }
  return entries;
}

/** One entry's bytes as a Blob. */
async function readEntry(blob, { path, flags, method, packed, local }) {
  if (flags & 1) throw new ZipError('data.zip.encrypted', { path });
  const header = new DataView(await blob.slice(local, local + 30).arrayBuffer());
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL) throw new ZipError('data.zip.damaged');
  const start = local + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  const data = blob.slice(start, start + packed);
  if (method === 0) return data;
  if (method !== 8) throw new ZipError('data.zip.method', { path, method });
  try {
    return await new Response(data.stream().pipeThrough(new DecompressionStream('deflate-raw'))).blob();
  } catch {
    throw new ZipError('data.zip.entryDamaged', { path });
  }
}
