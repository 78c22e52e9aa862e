#!/usr/bin/env node
// Trains the reference network on the MNIST digits through the built wasm package (the
// TrainingRun the page's worker uses), then saves and exports it as the page would:
//
//   make build && node scripts/export-run.mjs [--steps 250] [--optimizer adam] [--lr 0.001]
//                                             [--seed 42] [--batch 32] [--out target/export]
//
// writes OUT/run.cnnp (save), OUT/cnn-playground-pytorch.zip (PyTorch) and OUT/model.onnx,
// prints their sizes, and checks that the save loads back and continues bit for bit. Then:
//
//   cd OUT && python -m zipfile -e cnn-playground-pytorch.zip . && cd cnn-playground-pytorch && python verify.py
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCore } from '../tests/e2e/lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Trains `steps` steps of the reference network with `optimizer` and returns
 * `{run, train, files: {save, zip, onnx}}`; throws if the loaded save does not continue
 * exactly as the run itself.
 */
export async function exportRun({ steps = 250, optimizer = { type: 'adam', lr: 0.001 }, seed = 42, batch = 32 } = {}) {
  const core = await loadCore();
  const mnist = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
  const train = core.Dataset.fromMnist(mnist, 'train');
  const spec = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
  const run = new core.TrainingRun(spec, optimizer, seed, batch);
  run.trainSteps(train, steps);
  const link = `#v=1&view=train&opt=${optimizer.type}:${optimizer.lr}&batch=${batch}&seed=${seed}`;
  const save = run.save({ link, data: 'mnist' });
  const resumed = core.TrainingRun.load(save);
  const [a, b] = [run.trainSteps(train, 5), resumed.trainSteps(train, 5)];
  if (a.some((loss, i) => !Object.is(loss, b[i]))) {
    throw new Error(`the loaded save did not continue bit for bit: ${a} vs ${b}`);
  }
  const again = core.TrainingRun.load(save); // the exports describe the run as saved
  return { core, run: again, train, files: { save, zip: again.exportPyTorch(train), onnx: again.exportOnnx() } };
}

async function main() {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '250' },
      optimizer: { type: 'string', default: 'adam' },
      lr: { type: 'string', default: '0.001' },
      seed: { type: 'string', default: '42' },
      batch: { type: 'string', default: '32' },
      out: { type: 'string', default: join(ROOT, 'target', 'export') },
    },
  });
  const optimizer = { type: values.optimizer, lr: Number(values.lr) };
  const { run, files } = await exportRun({
    steps: Number(values.steps), optimizer, seed: Number(values.seed), batch: Number(values.batch),
  });
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const names = { save: 'run.cnnp', zip: 'cnn-playground-pytorch.zip', onnx: 'model.onnx' };
  console.log(`reference network, ${optimizer.type} lr ${optimizer.lr}, batch ${run.batch}, seed ${run.seed}: ${run.steps} steps`);
  for (const [key, name] of Object.entries(names)) {
    writeFileSync(join(out, name), files[key]);
    console.log(`${join(out, name)}: ${files[key].length.toLocaleString('en')} bytes`);
  }
  console.log('the save loads back and continues bit for bit (5 more steps compared)');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
