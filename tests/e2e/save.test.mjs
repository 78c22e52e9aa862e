// The Train view's Save, Load, Export PyTorch, Export ONNX and Import weights in headless
// Chromium, with the downloads captured and checked outside the page: a save loaded in another
// browser continues bit for bit (its next losses equal an uninterrupted run's, in Node through
// the wasm package); the PyTorch zip passes `python verify.py` and the ONNX model runs in
// onnxruntime with the page's logits, both with the project's Python environment
// ($CNN_PLAYGROUND_VENV, default ~/.cache/cnn-playground/venv; a missing one fails here, it
// never skips); PyTorch's own weights imported give PyTorch's probabilities. A reload restores
// the run and says so, Discard starts the link's settings again, a link with other settings
// offers the kept run; every bad file gets its message and leaves the run as it was.
// Screenshots: tests/e2e/screenshots/save-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, collectConsoleErrors, loadCore, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();
const core = await loadCore();
const runfiles = await import(join(ROOT, 'www', 'views', 'train', 'runfiles.js'));
const VENV = process.env.CNN_PLAYGROUND_VENV || join(homedir(), '.cache', 'cnn-playground', 'venv');
const PYTHON = join(VENV, 'bin', 'python');
const DIR = mkdtempSync(join(tmpdir(), 'cnn-playground-e2e-save-'));
after(() => rmSync(DIR, { recursive: true, force: true }));
const mnist = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
const TRAIN = core.Dataset.fromMnist(mnist, 'train');
const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** A fresh browser (its own storage) on `hash`, waited until the first run is measured. */
async function open(hash, { viewport = DESKTOP, query = '', ...options } = {}) {
  const page = await playground.newPage({ viewport, acceptDownloads: true, ...options });
  page.setDefaultTimeout(120_000);   // generous: other test files may share the 2 cores
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}${query}${hash}`);
  await ready(page);
  return { page, errors };
}

const ready = (page) => page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'));
const text = (page, id) => page.locator(`[data-id="${id}"]`).textContent();
const steps = async (page) => Number((await text(page, 'steps')).replace(/,/g, ''));
const stepsAre = (page, n) => page.waitForFunction((m) => document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '') === String(m), n);
/** The message line of the Save and export panel, once it says something. */
const message = (page) => page.waitForFunction(() => document.querySelector('[data-id="files-message"]').textContent).then((h) => h.jsonValue());
/**
 * Plays until at least `n` steps, pauses, and saves: returns the download, whose name holds the
 * step the worker paused at (the Save request is answered after the pause's; the steps shown
 * may still be those of the last snapshot before it), once the page shows that step too.
 */
async function train(page, n) {
  await page.click('[data-id="play"]');
  await page.waitForFunction((m) => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')) >= m, n);
  await page.click('[data-id="play"]');
  const saved = await download(page, 'save');
  const steps = Number(saved.name.match(/-step(\d+)\.cnnp$/)[1]);
  await stepsAre(page, steps);
  return { steps, saved };
}

/** `k` single steps with the S key. */
async function step(page, k) {
  const start = await steps(page);
  for (let i = 1; i <= k; i++) {
    await page.keyboard.press('s');
    await stepsAre(page, start + i);
  }
}

/** Clicks the button `id` and returns the download: {name, path, bytes}. */
async function download(page, id) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-id="${id}"]`)]);
  const path = join(mkdtempSync(join(DIR, 'download-')), file.suggestedFilename());   // its own name, as a user has it
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, bytes: readFileSync(path) };
}

/** Chooses `path` in the hidden file input of Load ('load-file') or Import ('import-file'); waits for the answer. */
async function choose(page, input, path) {
  await page.evaluate(() => { document.querySelector('[data-id="files-message"]').textContent = ''; });
  await page.setInputFiles(`[data-id="${input}"]`, path);
  return message(page);
}

function python(args, options = {}) {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/ensure-tools.sh python (make test does)`);
  const result = spawnSync(PYTHON, args, { encoding: 'utf8', ...options });
  assert.equal(result.status, 0, `python ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The next `k` losses of a saved run, trained in Node through the wasm package. */
function nextLosses(bytes, k) {
  const run = core.TrainingRun.load(bytes);
  return Array.from(run.trainSteps(TRAIN, k));
}

test('a save loaded in another browser continues bit for bit, as the run that never stopped', async () => {
  const optimizer = { type: 'momentum', lr: 0.01 };
  const { page: a, errors: errorsA } = await open('#view=train&opt=momentum:0.01&batch=16&seed=3');
  const { steps: n, saved } = await train(a, 40);
  await a.waitForFunction((m) => document.querySelector('[data-id="kept-status"]').textContent === `Kept in this browser at step ${m}: a reload continues from there.`, n);
  assert.equal(saved.name, `conv8-conv16-dense10-momentum-step${n}.cnnp`);
  assert.match(await message(a), new RegExp(`^Downloaded ${saved.name} \\(\\d+(\\.\\d)? KB\\)\\.$`));
  await step(a, 5);
  const uninterrupted = await download(a, 'save');

  const { page: b, errors: errorsB } = await open('#view=train');
  assert.match(await choose(b, 'load-file', saved.path), new RegExp(`^Loaded ${saved.name}: step ${n}, momentum lr 0\\.01, batch 16, seed 3\\.`));
  assert.equal(await steps(b), n);
  assert.equal(await b.inputValue('#opt-type'), 'momentum');
  assert.match(b.url(), /opt=momentum:0\.01&batch=16&seed=3/, 'the link follows the loaded run');
  await step(b, 5);
  const resumed = await download(b, 'save');
  assert.equal(resumed.name, uninterrupted.name);
  assert.ok(resumed.bytes.equals(uninterrupted.bytes), 'the loaded run, 5 steps on, saves the very file of the run that never stopped');

  // The next 10 losses: after the save in the first browser, after the load in the second, and of a run from the seed in Node.
  const fromSeed = new core.TrainingRun(REFERENCE, optimizer, 3, 16);
  const reference = Array.from(fromSeed.trainSteps(TRAIN, n + 10)).slice(n);
  const loaded = nextLosses(saved.bytes, 10);
  assert.deepEqual(loaded, reference, 'the save continues exactly as the uninterrupted run');
  assert.deepEqual(nextLosses(resumed.bytes, 5), reference.slice(5));
  console.log(`saved at step ${n} (${saved.bytes.length} bytes); next losses ${reference.slice(0, 3).map((l) => l.toFixed(6)).join(', ')}, ... equal bit for bit`);
  assert.deepEqual([...errorsA, ...errorsB], []);
});

test('Export PyTorch passes verify.py, Export ONNX gives the page\'s logits in onnxruntime, and Import takes PyTorch\'s weights', async () => {
  const { page, errors } = await open('#view=train&seed=11');
  await step(page, 12);
  const zip = await download(page, 'export-pytorch');
  const onnx = await download(page, 'export-onnx');
  assert.equal(zip.name, 'conv8-conv16-dense10-adam-step12-pytorch.zip');
  assert.equal(onnx.name, 'conv8-conv16-dense10-adam-step12.onnx');
  writeFileSync(join(DIR, 'page.zip'), zip.bytes);
  writeFileSync(join(DIR, 'page.onnx'), onnx.bytes);
  console.log(`reference network, adam, step 12: PyTorch zip ${zip.bytes.length} bytes, ONNX ${onnx.bytes.length} bytes`);

  // check_exports.py: the zip unpacks, verify.py passes (in process), onnx.checker and onnxruntime
  // agree with the logits the page computed for its next batch, and PyTorch's own Net() weights.
  const reports = python([join(ROOT, 'tests', 'python', 'check_exports.py'), DIR, 'page']).trim().split('\n').map((l) => JSON.parse(l));
  for (const check of ['zip', 'verify', 'onnx', 'torch-init']) {
    const report = reports.find((r) => r.check === check);
    assert.equal(report?.ok, true, `${check}: ${report?.message}`);
  }
  const folder = join(DIR, 'page', 'cnn-playground-pytorch');
  const verify = python(['verify.py'], { cwd: folder });   // as a user runs it
  assert.equal(verify.trim(), 'verified');
  console.log(`python verify.py: ${verify.trim()}`);

  // The test digit on screen: onnxruntime's probabilities are the page's.
  const image = core.standardizeDigit(core.Dataset.fromMnist(mnist, 'test').image(0));
  writeFileSync(join(DIR, 'digit0.f32'), Buffer.from(image.buffer));
  const shown = async () => {
    const [, digit, percent] = (await text(page, 'softmax-caption')).match(/^predicted (\d) \(([\d.]+)%\)/);
    return { digit: Number(digit), percent: Number(percent) };
  };
  const agrees = (probabilities, { digit, percent }, who) => {
    const best = probabilities.indexOf(Math.max(...probabilities));
    assert.equal(best, digit, `${who} predicts ${best}, the page ${digit}`);
    assert.ok(Math.abs(probabilities[best] * 100 - percent) <= 0.06, `${who}: ${probabilities[best] * 100}%, the page ${percent}%`);
  };
  agrees(JSON.parse(python([join(ROOT, 'tests', 'python', 'probabilities.py'), 'onnx', join(DIR, 'page.onnx'), join(DIR, 'digit0.f32')])), await shown(), 'onnxruntime');

  // PyTorch's Net() weights under "model." names: imported, training starts again, the page computes PyTorch's softmax.
  const imported = await choose(page, 'import-file', join(folder, 'torch_prefixed.safetensors'));
  assert.match(imported, /^Imported 6 tensors from torch_prefixed\.safetensors\. Training starts again at step 0 from these weights\.0\.weight ← model\.0\.weight/);
  await stepsAre(page, 0);
  assert.ok(await page.locator('[data-id="notice"]').isVisible(), 'the 12-step run is kept for undo');
  await page.waitForFunction(() => /^predicted \d/.test(document.querySelector('[data-id="softmax-caption"]').textContent));
  agrees(JSON.parse(python([join(ROOT, 'tests', 'python', 'probabilities.py'), 'torch', folder, join(folder, 'torch_init.safetensors'), join(DIR, 'digit0.f32')])), await shown(), 'PyTorch');
  await screenshot(page, 'save-imported');
  await page.click('[data-id="undo"]');
  await stepsAre(page, 12);
  assert.deepEqual(errors, []);
});

/** A .safetensors file with the reference network's tensors, `0.weight` shaped `shape0`. */
function safetensors(shape0) {
  const shapes = { '0.weight': shape0, '0.bias': [8], '3.weight': [16, 8, 5, 5], '3.bias': [16], '7.weight': [10, 256], '7.bias': [10] };
  let offset = 0;
  const header = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(offset)]);
}

/** Drops `files` ([{name, bytes}]) on the view, as a file manager would. */
async function drop(page, files) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, bytes } of list) dt.items.add(new File([new Uint8Array(bytes)], name));
    return dt;
  }, files.map(({ name, bytes }) => ({ name, bytes: [...bytes] })));
  await page.evaluate(() => { document.querySelector('[data-id="files-message"]').textContent = ''; });
  await page.dispatchEvent('[data-id="curves"]', 'dragenter', { dataTransfer });
  assert.ok(await page.locator('[data-id="drop-overlay"]').isVisible(), 'the view shows where to drop');
  await page.dispatchEvent('[data-id="curves"]', 'drop', { dataTransfer });
  assert.ok(await page.locator('[data-id="drop-overlay"]').isHidden());
  return message(page);
}

test('every bad file says what is wrong and leaves the run as it was; drag and drop', async () => {
  const { page, errors } = await open('#view=train&seed=2');
  await step(page, 3);
  const good = await download(page, 'save');
  const zip = await download(page, 'export-pytorch');
  const write = (name, bytes) => { const path = join(DIR, name); writeFileSync(path, bytes); return path; };
  const future = Buffer.from(good.bytes);
  future.writeUInt32LE(2, 4);
  const bad = [
    ['load-file', write('cut.cnnp', good.bytes.subarray(0, 30_000)), /^Could not load cut\.cnnp: the save file is truncated: it has 30000 of its \d+ bytes; download or copy it again\. The run on screen is unchanged\.$/],
    ['load-file', write('magic.cnnp', Buffer.concat([Buffer.from('XXXX'), good.bytes.subarray(4)])), /^Could not load magic\.cnnp: this is not a saved run: a cnn-playground save file \(\.cnnp\) starts with "CNNP"; choose a file made by Save\. The run/],
    ['load-file', write('future.cnnp', future), /^Could not load future\.cnnp: the save file is format version 2, newer than this playground reads \(version 1\): open it with a newer cnn-playground\. The run/],
    ['load-file', zip.path, /^Could not load .*-pytorch\.zip: this is a zip file \(a PyTorch export is one\), not a saved run: .*The run on screen is unchanged\.$/],
    ['load-file', write('empty.cnnp', Buffer.alloc(0)), /^Could not load empty\.cnnp: the file is empty: /],
    ['import-file', write('wrong.safetensors', safetensors([4, 1, 5, 5])), /^Could not import wrong\.safetensors: tensor "0\.weight": expected shape \[8, 1, 5, 5\], found \[4, 1, 5, 5\]\. The run on screen is unchanged\.$/],
    ['import-file', good.path, /^Could not import .*\.cnnp: this is a saved cnn-playground run \(\.cnnp\), not a \.safetensors state_dict\. The run/],
    ['import-file', zip.path, /^Could not import .*\.zip: this is a zip file \(a PyTorch export is one\), not a \.safetensors state_dict: unzip it and choose its model\.safetensors\./],
  ];
  for (const [input, path, expected] of bad) {
    assert.match(await choose(page, input, path), expected);
    assert.ok(await page.locator('[data-id="files-message"].error-text').isVisible());
    assert.equal(await steps(page), 3, `${path}: the run on screen is unchanged`);
    assert.ok(await page.locator('[data-id="notice"]').isHidden(), 'no run was put aside');
  }
  await screenshot(page, 'save-bad-file');
  assert.match(await drop(page, [{ name: 'wrong.safetensors', bytes: safetensors([8, 1, 3, 3]) }]), /^Could not import wrong\.safetensors: tensor "0\.weight": expected shape \[8, 1, 5, 5\], found \[8, 1, 3, 3\]/);
  assert.match(await drop(page, [{ name: 'a.cnnp', bytes: good.bytes }, { name: 'b.cnnp', bytes: good.bytes }]), /^Drop one file at a time: .* \(2 were dropped\)\.$/);
  await page.click('[data-id="reset"]');
  await stepsAre(page, 0);
  assert.match(await drop(page, [{ name: 'any-name.bin', bytes: good.bytes }]), /^Loaded any-name\.bin: step 3, adam lr 0\.001, batch 32, seed 2\./);
  assert.equal(await steps(page), 3);
  assert.deepEqual(errors, []);
});

test('a reload restores the run with its curves and says so; Discard starts again; a link with other settings offers the kept run', async () => {
  const { page, errors } = await open('#view=train&seed=5');
  // While training, the run is written every few seconds: a reload without pausing comes back near where it was.
  await page.click('[data-id="play"]');
  await page.waitForFunction(() => /at step [1-9]/.test(document.querySelector('[data-id="kept-status"]').textContent), null, { timeout: 120_000 });
  const kept = Number((await text(page, 'kept-status')).match(/at step ([\d,]+)/)[1].replace(/,/g, ''));
  await page.reload();
  await ready(page);
  const restored = await steps(page);
  assert.ok(restored >= kept, `restored from step ${restored}, the last write said ${kept}`);
  assert.match(await text(page, 'restored-text'), new RegExp(`^Restored the run from step ${restored.toLocaleString('en')}, kept in this browser (now|\\d+ seconds? ago|\\d+ minutes? ago)\\.$`));

  // 30 single steps on (each kept a second after): a reload brings exactly that step back, with the same accuracy table.
  await step(page, 30);
  const n = restored + 30;
  await page.waitForFunction((m) => document.querySelector('[data-id="kept-status"]').textContent.includes(`at step ${m.toLocaleString('en')}:`), n);
  const table = await page.locator('[data-id="accuracy-table"]').innerHTML();
  await page.reload();
  await ready(page);
  assert.equal(await steps(page), n);
  assert.equal(await page.locator('[data-id="accuracy-table"]').innerHTML(), table, 'the accuracy at every evaluation step is back');
  assert.ok(await page.locator('[data-id="restored"]').isVisible());
  await screenshot(page, 'save-restored');

  // Discard: the link's settings from step 0 (the restored run kept for undo), and nothing to restore after a reload.
  await page.click('[data-id="restored-discard"]');
  await stepsAre(page, 0);
  assert.ok(await page.locator('[data-id="restored"]').isHidden());
  assert.ok(await page.locator('[data-id="notice"]').isVisible(), 'Undo still brings it back');
  await page.reload();
  await ready(page);
  assert.equal(await steps(page), 0);
  assert.ok(await page.locator('[data-id="restored"]').isHidden());

  // A link with other settings: its own experiment starts, and the kept run is offered.
  await step(page, 12);
  const m = 12;
  await page.waitForFunction((s) => document.querySelector('[data-id="kept-status"]').textContent.includes(`at step ${s}:`), m);
  await page.goto(`${playground.url}#view=train&seed=9&opt=sgd:0.1`);   // a new hash: the view mounts again
  await page.locator('[data-id="kept-runs"]').waitFor();
  await ready(page);
  assert.equal(await steps(page), 0);
  const offered = page.locator('[data-id="kept-runs"] li');
  assert.equal(await offered.count(), 1);
  assert.match(await offered.textContent(), new RegExp(`^step ${m} · adam lr 0\\.001 · batch 32 · seed 5 · conv8-conv16-dense10 · kept .* \\(other optimizer, seed\\)`));
  await screenshot(page, 'save-kept');
  await page.click('[data-id="kept-continue"]');
  await stepsAre(page, m);
  assert.match(page.url(), /opt=adam:0\.001&batch=32&seed=5/, 'the link follows the run continued');
  assert.ok(await page.locator('[data-id="kept-runs"]').isHidden(), 'the link\'s untrained run is not kept');
  assert.match(await text(page, 'restored-text'), new RegExp(`^Restored the run from step ${m},`));

  // In Chinese, after a reload.
  await page.goto(`${playground.url}?lang=zh#view=train&seed=5`);
  await ready(page);
  assert.match(await text(page, 'restored-text'), new RegExp(`^已恢复第 ${m} 步的训练（.*保存在本浏览器中）。$`));
  assert.deepEqual(errors, []);
});

test('the panel on a desktop and a phone, in English and Chinese', async () => {
  for (const [name, hash, options] of [['desktop-en', '#view=train', {}], ['desktop-zh', '#view=train', { query: '?lang=zh' }],
    ['phone-en', '#view=train', PHONE], ['phone-zh', '#view=train', { ...PHONE, query: '?lang=zh' }]]) {
    const { page, errors } = await open(hash, options);
    await step(page, 2);
    await page.locator('[data-id="pytorch-help"] summary').click();
    const { name: file } = await download(page, 'export-onnx');
    assert.match(file, /^conv8-conv16-dense10-adam-step2\.onnx$/);
    const help = await page.locator('[data-id="pytorch-help"]').textContent();
    for (const command of ['pip install torch safetensors pillow', 'python verify.py', 'python resume.py --data FOLDER']) assert.ok(help.includes(command), `${name}: the help shows ${command}`);
    assert.ok(help.includes('FOLDER/cat/*.png') && !help.includes('FOLDER/0/*.png'), `${name}: the help names class folders by class: ${help}`);
    const panel = await page.locator('[data-id="files-panel"]').boundingBox();
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    assert.ok(panel.x >= 0 && panel.x + panel.width <= width + 0.5, `${name}: the panel fits the page (${panel.x} + ${panel.width} of ${width})`);
    if (name === 'desktop-zh') {
      // a file that is no save: the core's refusal in Chinese, and in English after a switch
      const path = join(DIR, 'notes.cnnp');
      writeFileSync(path, 'my notes');
      const said = await choose(page, 'load-file', path);
      assert.match(said, /notes\.cnnp.*这不是保存的运行：cnn-playground 保存文件（\.cnnp）以“CNNP”开头；请选择用“保存”生成的文件/);
      assert.doesNotMatch(said, /not a saved run/);
    }
    await page.locator('[data-id="files-panel"]').scrollIntoViewIfNeeded();
    await screenshot(page, `save-${name}`);
    if (name === 'desktop-zh') {
      await page.selectOption('#language', 'en');
      await page.waitForFunction(() => /notes\.cnnp: this is not a saved run: a cnn-playground save file/.test(document.querySelector('[data-id="files-message"]').textContent));
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('file names, settings and file kinds (runfiles.js, in Node)', () => {
  assert.equal(runfiles.fileName(REFERENCE, { type: 'rmsprop' }, 1230, 'pytorch'), 'conv8-conv16-dense10-rmsprop-step1230-pytorch.zip');
  const many = { layers: Array.from({ length: 8 }, (_, i) => ({ type: 'dense', units: i + 1 })) };
  assert.equal(runfiles.networkName(many), 'dense1-dense2-dense3-dense4-dense5-dense6-more');
  assert.equal(runfiles.networkName({ layers: [{ type: 'flatten' }] }), 'network');
  assert.equal(runfiles.shortestF32(Math.fround(0.001)), 0.001);
  assert.equal(runfiles.shortestF32(Math.fround(0.9)), 0.9);
  assert.equal(runfiles.shortestF32(Math.fround(1e-8)), 1e-8);
  const a = { spec: REFERENCE, optimizer: { type: 'adam', lr: 0.001 }, batch: 32, seed: 1, data: 'mnist' };
  assert.deepEqual(runfiles.differences(core, a, { ...a, optimizer: { type: 'adam', lr: 0.001, beta1: 0.9 } }), [], 'a default written out is the same setting');
  assert.deepEqual(runfiles.differences(core, a, { ...a, seed: 2, optimizer: { type: 'sgd', lr: 0.001 } }), ['optimizer', 'seed']);
  const head = (bytes) => Uint8Array.from(bytes);
  assert.equal(runfiles.fileKind('x.bin', head([...Buffer.from('CNNP'), 1, 0, 0, 0, 0, 0, 0, 0])), 'load');
  assert.equal(runfiles.fileKind('x.bin', head([...safetensors([8, 1, 5, 5]).subarray(0, 12)])), 'import');
  assert.equal(runfiles.fileKind('weights.SAFETENSORS', head([0, 0])), 'import');
  assert.equal(runfiles.fileKind('x.zip', head([...Buffer.from('PK\x03\x04')])), 'load');
  const history = { first: 5, losses: [2.5, 2.25], accuracy: [[10, 0.5, 1.5]] };
  assert.deepEqual(runfiles.unpackHistory(runfiles.packHistory(history)), history);
  assert.equal(runfiles.maxFileBytes(core.limits()), 4_000_000 * 12 + (1 << 20));
});
