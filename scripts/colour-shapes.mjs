#!/usr/bin/env node
// The built-in colour shapes through the built wasm package (www/pkg), as the page uses them:
// how long generating the 3,600 + 900 images takes, then the reference-style network with 3
// input channels trained on them, its test accuracy after each epoch and its confusion matrix.
//
//   make build && node scripts/colour-shapes.mjs [EPOCHS] [SEED]      (defaults: 5 epochs, seed 42)
//
// Adam, lr 0.001, batch 32. The native twin (with the grey comparison):
// cargo run --release --example colour_shapes
import { REFERENCE_NETWORK } from '../www/lib/reference-network.js';
import { loadCore } from '../tests/e2e/lib/harness.mjs';

const core = await loadCore();
const epochs = Number(process.argv[2] ?? 5);
const seed = Number(process.argv[3] ?? 42);

const times = [];
let train, test;
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  const split = core.colourShapes(seed);
  [train, test] = [split.train, split.test];
  times.push(performance.now() - start);
}
console.log(`generated ${train.length} + ${test.length} images of ${train.shape.join(' x ')} in ${times.map((t) => t.toFixed(0)).join(', ')} ms (3 runs)`);

// The reference network of the page, reading 3 x 32 x 32 and giving 9 logits.
const spec = {
  ...REFERENCE_NETWORK,
  input: [3, 32, 32],
  layers: [...REFERENCE_NETWORK.layers.slice(0, -1), { type: 'dense', units: 9 }],
};
const batch = 32;
const run = new core.TrainingRun(spec, { type: 'adam', lr: 0.001 }, seed, batch);
const start = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  run.trainSteps(train, Math.ceil(train.length / batch));
  const e = run.evaluate(test);
  console.log(`epoch ${epoch} (${run.steps} steps): test accuracy ${(100 * e.accuracy).toFixed(2)}% (${e.correct}/${e.count}), loss ${e.loss.toFixed(4)}, ${((performance.now() - start) / 1000).toFixed(1)} s`);
}
const p = run.predictions(test);
const names = test.classNames();
const matrix = p.confusion();
console.log('confusion matrix (rows: true class, columns: predicted):');
names.forEach((name, r) => console.log(`${name.padStart(15)} ${Array.from(matrix.slice(r * 9, r * 9 + 9), (n) => String(n).padStart(4)).join('')}`));
