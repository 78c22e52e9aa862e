// Real image files for the data view's tests, written with Node alone: a PNG encoder (RGBA,
// 8 bits, filter 0, zlib), a seeded shapes folder (one subfolder per class, as ImageFolder
// reads it), and a PNG that declares 20,000 x 20,000 pixels (a real one: its rows are there,
// deflated to a few hundred kB).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, createDeflate } from 'node:zlib';
import { generator } from './fuzz.mjs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function header(width, height, colorType) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = colorType; // bit depth 8; 6 = RGBA, 0 = grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)]);
}

/** A PNG file of `rgba` (width x height x 4 bytes). */
export function encodePng(width, height, rgba) {
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (1 + width * 4) + 1);
  return Buffer.concat([header(width, height, 6), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A real grey PNG of 20,000 x 20,000 black pixels (about 400 kB: each row deflates to almost nothing). */
export async function hugePng(side = 20000) {
  const deflate = createDeflate({ level: 9 });
  const parts = [];
  deflate.on('data', (d) => parts.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const row = Buffer.alloc(1 + side);
  for (let y = 0; y < side; y++) if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat([header(side, side, 0), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
}

/** Whether (x, y) is inside `shape` centred at (cx, cy) with radius r, turned by `angle`. */
function inside(shape, x, y, cx, cy, r, angle) {
  const dx = x - cx;
  const dy = y - cy;
  const u = dx * Math.cos(angle) + dy * Math.sin(angle);
  const v = -dx * Math.sin(angle) + dy * Math.cos(angle);
  if (shape === 'circle') return dx * dx + dy * dy <= r * r;
  if (shape === 'square') return Math.abs(u) <= r * 0.8 && Math.abs(v) <= r * 0.8;
  // triangle pointing up (before the turn): below the two slanted sides, above the base
  return v <= r * 0.7 && v >= -r + 1.7 * Math.abs(u);
}

/** One image: a light shape of random size, place and turn on a dark noisy background. */
export function shapeImage(shape, size, random) {
  const rgba = new Uint8Array(size * size * 4);
  const r = size * (0.22 + 0.14 * random.next());
  const cx = r + (size - 2 * r) * random.next();
  const cy = r + (size - 2 * r) * random.next();
  const angle = random.next() * Math.PI * 2;
  const ink = [150 + random.int(100), 150 + random.int(100), 150 + random.int(100)];
  const paper = [random.int(70), random.int(70), random.int(70)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = inside(shape, x + 0.5, y + 0.5, cx, cy, r, shape === 'circle' ? 0 : angle);
      const noise = random.int(30) - 15;
      const c = on ? ink : paper;
      rgba.set([c[0] + noise, c[1] + noise, c[2] + noise].map((v) => Math.max(0, Math.min(255, v))).concat(255), 4 * (y * size + x));
    }
  }
  return rgba;
}

export const SHAPES = ['circle', 'square', 'triangle'];

/**
 * Writes `dir/<shape>/<shape>-NNN.png` for the three shapes, `perClass` images each, `size`
 * pixels a side, seeded; returns the file count.
 */
export function writeShapesFolder(dir, { perClass = 60, size = 40, seed = 7 } = {}) {
  const random = generator(seed);
  for (const shape of SHAPES) {
    mkdirSync(join(dir, shape), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      writeFileSync(join(dir, shape, `${shape}-${String(i).padStart(3, '0')}.png`), encodePng(size, size, shapeImage(shape, size, random)));
    }
  }
  return SHAPES.length * perClass;
}
