#!/usr/bin/env node
// Training steps of the reference network in wasm, in Node's V8 (the engine of Chromium), for
// comparing two builds of the page's package on a machine whose other load comes and goes: the
// fastest, median and mean step of many, and each layer's fastest forward and backward.
//
//   node scripts/wasm-steps.mjs [--steps 1500] [PACKAGE_DIR...]   (default: www/pkg)
//
// Copy a build's www/pkg aside (e.g. to /tmp/old) and run both in turn:
//   node scripts/wasm-steps.mjs /tmp/old www/pkg /tmp/old www/pkg
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../tests/e2e/lib/harness.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--steps');
const steps = at >= 0 ? Number(args.splice(at, 2)[1]) : 1500;
const dirs = (args.length ? args : [join(ROOT, 'www', 'pkg')]).map((d) => (isAbsolute(d) ? d : resolve(d)));
const refuse = (message) => {
  console.error(`wasm-steps: ${message}`);
  process.exit(2);
};
if (!Number.isInteger(steps) || steps < 10) refuse('--steps takes a whole number of at least 10, e.g. --steps 1500');
for (const dir of dirs) {
  if (!existsSync(join(dir, 'cnn_playground_bg.wasm'))) refuse(`no wasm package in ${dir}: give a directory like www/pkg (make build writes it)`);
}
if (!existsSync(join(ROOT, 'www', 'data', 'mnist.bin'))) refuse('no www/data/mnist.bin: run make build first');

const BATCH = 32;
const PIXELS = 28 * 28;
const spec = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
const bytes = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
const n = 2048;
const images = Float32Array.from(bytes.subarray(16, 16 + n * PIXELS), (p) => p / 255);
const labels = Uint32Array.from(bytes.subarray(16 + count * PIXELS, 16 + count * PIXELS + n));
const batch = (i) => {
  const from = (i % (n / BATCH)) * BATCH;
  return [images.subarray(from * PIXELS, (from + BATCH) * PIXELS), labels.subarray(from, from + BATCH)];
};

for (const dir of dirs) {
  const core = await import(pathToFileURL(join(dir, 'cnn_playground.js')));
  core.initSync({ module: readFileSync(join(dir, 'cnn_playground_bg.wasm')) });
  const trainer = new core.Trainer(spec, { type: 'sgd', lr: 0.01 }, 42);
  const times = [];
  const start = performance.now();
  for (let i = 0; i < steps; i += 1) {
    const before = performance.now();
    trainer.step(...batch(i), BATCH);
    times.push(performance.now() - before);
  }
  const mean = (performance.now() - start) / steps;
  times.sort((a, b) => a - b);
  let fastest = null;
  for (let i = 0; i < steps / 10; i += 1) {
    const { layers } = core.profileTrainingStep(spec, ...batch(i), BATCH, 10);
    fastest = fastest ? fastest.map((f, j) => ({ ...f, forwardMs: Math.min(f.forwardMs, layers[j].forwardMs), backwardMs: Math.min(f.backwardMs, layers[j].backwardMs) })) : layers;
  }
  trainer.free();
  const ms = (v) => v.toFixed(3);
  console.log(`${dir}: training step fastest ${ms(times[0])} ms, median ${ms(times[steps >> 1])}, mean ${ms(mean)} (${steps} steps)`);
  console.log(`  each layer's fastest of ${steps} profiled, forward/backward ms: ${fastest.map((l) => `${l.type} ${ms(l.forwardMs)}/${ms(l.backwardMs)}`).join(', ')}`);
}
