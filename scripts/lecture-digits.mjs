#!/usr/bin/env node
// The digits view's network, measured: every digit made into numbers by a recipe, then
// `25 -> dense 32 -> relu -> dense 10` trained 2000 steps (Adam, lr 0.01, batch 32, seed 1)
// through the built wasm package, as the view's worker does; prints the test accuracy and loss
// on the 2,000 test digits and the times.
//
//   make build && node scripts/lecture-digits.mjs [THRESHOLD] [WINDOW]   (defaults: 0.5 5x3)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../tests/e2e/lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = await loadCore('pkg-lecture');
const threshold = Number(process.argv[2] ?? 0.5);
const window = (process.argv[3] ?? '5x3').split('x').map(Number);
const bytes = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
let start = performance.now();
const digits = new core.LectureDigits(bytes, { threshold, window }, 1);
const built = performance.now() - start;
start = performance.now();
const losses = digits.trainSteps(2000);
const trained = performance.now() - start;
const e = digits.evaluate();
const last = losses.slice(-100).reduce((a, b) => a + b, 0) / 100;
console.log(`threshold ${threshold}, ${window.join(' x ')} windows: ${digits.length} training digits as ${digits.featureCount} numbers each in ${(built / 1000).toFixed(2)} s`);
console.log(`2000 steps in ${(trained / 1000).toFixed(2)} s: mean loss of the last 100 steps ${last.toFixed(3)}; test accuracy ${(100 * e.accuracy).toFixed(1)}% (${e.correct}/${e.count}), test loss ${e.loss.toFixed(3)}`);
