#!/usr/bin/env node
// Trains the reference network on the 8,000 training digits through the built wasm package
// (www/pkg, the same TrainingRun the page's worker uses) and prints the test accuracy after
// each epoch and the wall time.
//
//   make build && node scripts/accuracy.mjs [EPOCHS] [SEED]      (defaults: 2 epochs, seed 42)
//
// Adam, lr 0.001, batch 32. The native twin: cargo run --release --example accuracy
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = await import(join(ROOT, 'www', 'pkg', 'cnn_playground.js'));
core.initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'cnn_playground_bg.wasm')) });
const epochs = Number(process.argv[2] ?? 2);
const seed = Number(process.argv[3] ?? 42);
const bytes = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
const train = core.Dataset.fromMnist(bytes, 'train');
const test = core.Dataset.fromMnist(bytes, 'test');
const spec = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
const batch = 32;
const run = new core.TrainingRun(spec, { type: 'adam', lr: 0.001 }, seed, batch);
console.log(`reference network, adam lr 0.001, batch ${batch}, seed ${seed}: ${train.length} train, ${test.length} test digits (wasm)`);
const start = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  const losses = run.trainSteps(train, Math.ceil(train.length / batch));
  const diverged = run.divergence();
  if (diverged) { console.log(`diverged: ${diverged.message}`); process.exit(1); }
  const e = run.evaluate(test);
  const mean = losses.reduce((s, v) => s + v, 0) / losses.length;
  console.log(`epoch ${epoch}: mean train loss ${mean.toFixed(4)}, test accuracy ${(100 * e.accuracy).toFixed(2)}% (${e.correct}/${e.count}), test loss ${e.loss.toFixed(4)}, ${((performance.now() - start) / 1000).toFixed(1)} s`);
}
