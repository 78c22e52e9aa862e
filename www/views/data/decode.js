// Decoding image files in the browser, as the core's Pillow comparison does (tests/wasm/
// own_images.rs): the header read by the core first (a file that is not an image, a damaged
// header or a 20,000 x 20,000 image is refused before any decoding), then createImageBitmap
// with no premultiplication and no colour conversion, drawn on a canvas and read back as RGBA.
// Works in a worker (OffscreenCanvas).
//
//   for await (const { item, blob, image, error } of decodeAll(core, items)) ...   // in order, a few decoding at once
//   image: {rgba: Uint8ClampedArray (height x width x 4), width, height, format}

/** Files read and decoded at once (reading a file and decoding it wait on the browser, not on this thread). */
const AHEAD = 4;
/** Decoded pixels held at once, at most: one image at the core's limit (24 megapixels, 96 MB as RGBA). */
const PIXELS_AHEAD = 24_000_000;

/** A decoding failure with a catalog key for the page: `error.key`, `error.params`. */
export class DecodeError extends Error {
  constructor(key, params) {
    super(`${key} ${JSON.stringify(params)}`);
    this.key = key;
    this.params = params;
  }
}

/**
 * An item's file as a Blob (to keep) and its bytes with the header the core reads from them
 * (throws the core's message). The item holds the bytes (posted by the page), a Blob, or a
 * `read()` giving one (a zip entry).
 */
async function readImage(core, item) {
  const blob = item.blob ?? (item.bytes ? new Blob([item.bytes], { type: item.type ?? '' }) : await item.read());
  let bytes;
  try {
    bytes = new Uint8Array(item.bytes ?? await blob.arrayBuffer());
  } catch (err) {
    throw new DecodeError('data.error.unreadable', { source: item.source, reason: err.message });
  }
  return { blob, bytes, header: core.imageHeader(bytes.subarray(0, 65536), item.source) };
}

async function decodeBytes({ bytes, header }, source) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new DecodeError('data.error.decode', { source, format: header.format.toUpperCase() });
  }
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    return { rgba: ctx.getImageData(0, 0, width, height).data, width, height, format: header.format };
  } finally {
    bitmap.close();
  }
}

/**
 * Decodes `items` ({bytes and type | blob | read(), source}) in their order, reading and decoding up to AHEAD
 * at once within PIXELS_AHEAD of decoded pixels; yields {item, blob, image} or {item, error}.
 * Stops starting new ones when `stopped()` says so.
 */
export async function* decodeAll(core, items, stopped = () => false) {
  const pending = [];
  let next = 0;
  let pixels = 0;
  const start = () => {
    const item = items[next++];
    const task = (async () => {
      const file = await readImage(core, item);
      const size = Math.min(PIXELS_AHEAD, file.header.width * file.header.height);
      while (pixels > 0 && pixels + size > PIXELS_AHEAD) await new Promise((resolve) => setTimeout(resolve, 5));
      pixels += size;
      try { return { item, blob: file.blob, image: await decodeBytes(file, item.source), size }; } catch (error) { pixels -= size; throw error; }
    })().catch((error) => ({ item, error, size: 0 }));
    pending.push(task);
  };
  while (next < items.length && pending.length < AHEAD) start();
  while (pending.length) {
    const result = await pending.shift();
    pixels -= result.size;
    if (next < items.length && !stopped()) start();
    yield result;
    if (stopped()) break;
  }
}
