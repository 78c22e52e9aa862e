// Decoding an image file in the browser, as the core's Pillow comparison does (tests/wasm/
// own_images.rs): the header read by the core first (a file that is not an image, a damaged
// header or a 20,000 x 20,000 image is refused before any decoding), then createImageBitmap
// with no premultiplication and no colour conversion, drawn on a canvas and read back as RGBA.
// Works in a worker (OffscreenCanvas) and on the page.

/** The first bytes of a file the core needs to read any header it knows. */
const HEADER_BYTES = 65536;

/** A decoding failure with a catalog key for the page: `error.key`, `error.params`. */
export class DecodeError extends Error {
  constructor(key, params) {
    super(`${key} ${JSON.stringify(params)}`);
    this.key = key;
    this.params = params;
  }
}

/**
 * `blob`'s pixels: `{rgba: Uint8ClampedArray (height x width x 4), width, height, format}`.
 * Throws the core's message for a file it refuses from its header, a DecodeError when the
 * browser cannot decode the rest.
 */
export async function decodeImage(core, blob, source) {
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer());
  const header = core.imageHeader(head, source);
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
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
