// The built wasm package's save and exports, checked by the real PyTorch, onnx and onnxruntime
// of the project's Python environment ($CNN_PLAYGROUND_VENV, default
// ~/.cache/cnn-playground/venv, installed by scripts/ensure-tools.sh python; a missing one fails
// here). For each of the five optimizers, the reference network trains on the real digits in
// a TrainingRun, as in the page's worker; its save loads back and continues bit for bit
// (scripts/export-run.mjs checks that); `verify.py` of its PyTorch export prints "verified" on
// the run's next batch; onnxruntime gives our logits; and a state_dict that PyTorch saved
// loads with loadStateDict and gives PyTorch's logits. A run on own images (3 x 32 x 32, three
// classes, the reference network fitted to them) saves, continues and exports the same way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportRun } from '../../scripts/export-run.mjs';
import { ROOT, loadCore } from './lib/harness.mjs';

const VENV = process.env.CNN_PLAYGROUND_VENV || join(homedir(), '.cache', 'cnn-playground', 'venv');
const PYTHON = join(VENV, 'bin', 'python');

const OPTIMIZERS = [
  { type: 'sgd', lr: 0.05 },
  { type: 'momentum', lr: 0.01 },
  { type: 'adagrad', lr: 0.01 },
  { type: 'rmsprop', lr: 0.001 },
  { type: 'adam', lr: 0.001 },
];

/** The f32 values of one tensor of a .safetensors file. */
function tensor(bytes, name) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const [start, end] = header[name].data_offsets;
  const data = new Uint8Array(bytes.subarray(8 + headerLength + start, 8 + headerLength + end)); // a copy, aligned
  return new Float32Array(data.buffer);
}

test('PyTorch and onnxruntime agree with the wasm build\'s exports, for every optimizer', async () => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/ensure-tools.sh python (make test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'cnn-playground-e2e-export-'));
  const runs = {};
  for (const optimizer of OPTIMIZERS) {
    const { core, files } = await exportRun({ steps: 30, optimizer, seed: 5 });
    writeFileSync(join(dir, `${optimizer.type}.zip`), files.zip);
    writeFileSync(join(dir, `${optimizer.type}.onnx`), files.onnx);
    runs[optimizer.type] = { core, save: files.save };
  }
  const names = OPTIMIZERS.map((o) => o.type);
  const checked = spawnSync(PYTHON, [join(ROOT, 'tests', 'python', 'check_exports.py'), dir, ...names], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  const reports = checked.stdout.trim().split('\n').map((line) => JSON.parse(line));
  for (const name of names) {
    for (const check of ['zip', 'verify', 'onnx', 'torch-init']) {
      const report = reports.find((r) => r.name === name && r.check === check);
      assert.ok(report, `no ${check} report for ${name}: ${checked.stderr}`);
      assert.equal(report.ok, true, `${name} ${check}: ${report.message}`);
    }
    console.log(`${name}: verify.py says "${reports.find((r) => r.name === name && r.check === 'verify').message}"`);

    // PyTorch's own Net(), saved with save_file(net.state_dict()), gives PyTorch's logits here.
    const folder = join(dir, name, 'cnn-playground-pytorch');
    const { core, save } = runs[name];
    const trainer = core.Trainer.load(save);
    const mapping = trainer.loadStateDict(readFileSync(join(folder, 'torch_init.safetensors')));
    assert.deepEqual(mapping.map((m) => m.name), trainer.paramNames());
    assert.equal(trainer.steps(), 0, 'the optimizer starts again after an import');
    const input = tensor(readFileSync(join(folder, 'verify.safetensors')), 'input');
    trainer.forward(input, input.length / 784);
    const want = tensor(readFileSync(join(folder, 'torch_logits.safetensors')), 'logits');
    const got = trainer.logits();
    for (let i = 0; i < want.length; i++) {
      assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 + 1e-3 * Math.abs(want[i]), `${name}: logit ${i} is ${got[i]}, PyTorch's ${want[i]}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** An own dataset as the data view makes it: three classes of 40 x 40 RGBA pictures, prepared at 3 x 32 x 32. */
function ownImages(core) {
  const set = new core.ImageSet({ size: 32, color: 'rgb', fit: 'crop' });
  ['cat', 'dog', 'owl'].forEach((name, c) => {
    for (let i = 0; i < 20; i++) {
      const rgba = new Uint8ClampedArray(40 * 40 * 4);
      for (let p = 0; p < 40 * 40; p++) {
        const [x, y] = [p % 40, Math.floor(p / 40)];
        rgba.set([(x * (c + 2) + i * 7) % 256, (y * (3 - c) + i * 11) % 256, ((x + y) * (c + 1)) % 256, 255], p * 4);
      }
      set.addImage(name, rgba, 40, 40, `${name}/${i}.png`);
    }
  });
  return set.split(1, 0.2);
}

test('a run on own images (RGB, three classes) saves, continues bit for bit, and exports to PyTorch and ONNX', async () => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/ensure-tools.sh python (make test does)`);
  const core = await loadCore();
  const split = ownImages(core);
  const reference = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
  const spec = core.fitNetwork(reference, Array.from(split.train.shape), split.train.classNames().length);
  const run = new core.TrainingRun(spec, { type: 'adam', lr: 0.001 }, 3, 8);
  run.trainSteps(split.train, 12);
  const save = run.save({ link: '#v=1&view=train&data=own', data: 'own' });
  assert.equal(core.readSave(save).data.name, 'own');
  const resumed = core.TrainingRun.load(save);
  assert.deepEqual(Array.from(resumed.trainSteps(split.train, 4)), Array.from(run.trainSteps(split.train, 4)), 'the save continues bit for bit');
  const again = core.TrainingRun.load(save);
  // As the training worker has the set: posted as plain arrays, its preprocessing with it.
  const t = split.train;
  const posted = core.Dataset.fromPixels(t.pixels(), t.labels(), Array.from(t.shape), t.classNames(), t.scaling(), t.preprocessing());
  assert.deepEqual(posted.preprocessing(), { size: [32, 32], color: 'rgb', fit: 'crop', pad: 0, filter: 'bilinear' });
  assert.throws(() => core.Dataset.fromPixels(t.pixels(), t.labels(), Array.from(t.shape), t.classNames(), null, { size: 28 }),
    /the preprocessing makes images of 1 x 28 x 28, but the set's images are 3 x 32 x 32/);
  const dir = mkdtempSync(join(tmpdir(), 'cnn-playground-e2e-export-own-'));
  writeFileSync(join(dir, 'own.zip'), again.exportPyTorch(posted));
  writeFileSync(join(dir, 'own.onnx'), again.exportOnnx());
  const checked = spawnSync(PYTHON, [join(ROOT, 'tests', 'python', 'check_exports.py'), dir, 'own'], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  const reports = checked.stdout.trim().split('\n').map((line) => JSON.parse(line));
  for (const check of ['zip', 'verify', 'onnx']) {
    const report = reports.find((r) => r.check === check);
    assert.equal(report?.ok, true, `${check}: ${report?.message ?? checked.stderr}`);
  }
  const model = readFileSync(join(dir, 'own', 'cnn-playground-pytorch', 'model.py'), 'utf8');
  assert.match(model, /^CLASSES = \["cat", "dog", "owl"\]$/m);
  assert.match(model, /^PREPROCESSING = \{"size": \[32, 32\], "color": "rgb", "fit": "crop", "pad": 0, "filter": "bilinear"\}$/m);
  rmSync(dir, { recursive: true, force: true });
});
