// The data view (#view=data) in headless Chromium with real image files written by the test:
// a folder of PNG shapes chosen through the folder input, what the network receives, the split
// and its counts, a reload that keeps the dataset, every kind of bad input with its message
// (and nothing already added lost), the fake camera, a denied camera, drawings, a zip imported,
// the built-in datasets, and both languages on a desktop and a phone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHROMIUM_ARGS, collectConsoleErrors, launchBrowser, screenshot, startServer } from './lib/harness.mjs';
import { encodePng, hugePng, shapeImage, writeShapesFolder } from './lib/images.mjs';
import { generator } from './lib/fuzz.mjs';

const en = (await import('../../www/i18n/en.js')).default;
const zh = (await import('../../www/i18n/zh.js')).default;
const PYTHON = join(homedir(), '.cache', 'cnn-playground', 'venv', 'bin', 'python');

let server;
let browser;
let dir;
before(async () => {
  server = await startServer();
  browser = await launchBrowser({ args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  dir = mkdtempSync(join(tmpdir(), 'data-view-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page of a fresh browser profile (its own IndexedDB) at `hash`; `camera` grants the fake camera. */
async function open(hash, { width = 1280, height = 900, lang = 'en', camera = false, context = null } = {}) {
  const ctx = context ?? await browser.newContext({ viewport: { width, height }, permissions: camera ? ['camera'] : [] });
  const page = await ctx.newPage();
  const errors = collectConsoleErrors(page);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${server.url}?lang=${lang}#${hash}`);
  return { page, errors, context: ctx };
}

const messages = (page) => page.locator('[data-id="messages"]').innerText();
const kept = (page) => page.locator('[data-id="kept"]').innerText();

/** Waits until the last action's report is shown and returns its text. */
async function report(page, pattern = /added|Nothing was added|not added|没有添加|已添加/) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-id="messages"]')?.textContent ?? ''), pattern.source, { timeout: 120_000 });
  return messages(page);
}

/** The counts table as {class: [images, train, test]}. */
async function counts(page) {
  await page.waitForSelector('[data-id="countsTable"]');
  return page.locator('[data-id="countsTable"] tbody tr').evaluateAll((rows) => Object.fromEntries(rows.map((r) => {
    const cells = [...r.children].map((c) => c.textContent);
    return [cells[0], cells.slice(1).map((v) => Number(v.replace(/,/g, '')))];
  })));
}

test('a folder of PNG shapes chosen through the folder input becomes three classes, split 80/20, kept after a reload', async () => {
  const shapes = join(dir, 'shapes');
  writeShapesFolder(shapes, { perClass: 30, size: 40 });
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', shapes);
  assert.match(await report(page), /90 images added/);
  assert.deepEqual(await counts(page), { circle: [30, 24, 6], square: [30, 24, 6], triangle: [30, 24, 6] });
  assert.equal(await page.locator('.class-card').count(), 3);
  assert.deepEqual(await page.locator('.class-card .class-name').evaluateAll((inputs) => inputs.map((i) => i.value)), ['circle', 'square', 'triangle']);
  assert.equal(await page.locator('[data-id="shape"]').innerText(), '1 × 28 × 28');
  // The preview is what the network receives: a grey 28 x 28 image, 44 px a side on screen.
  const preview = await page.locator('.class-card[data-class="square"] canvas.previews').evaluate((c) => ({ w: c.clientWidth, h: c.clientHeight }));
  assert.ok(preview.w >= 44 && preview.h >= 44, JSON.stringify(preview));
  assert.match(await kept(page), /Kept in this browser: 90 images/);
  await screenshot(page, 'data-own-1280');
  // RGB at 32 x 32 makes every image again from its file.
  await page.selectOption('[data-id="color"]', 'rgb');
  await page.fill('[data-id="size"]', '32');
  await page.locator('[data-id="size"]').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-id="shape"]').textContent === '3 × 32 × 32');
  // A reload keeps the images, the classes and the settings.
  await page.reload();
  await page.waitForFunction(() => /90 images/.test(document.querySelector('[data-id="kept"]')?.textContent ?? ''));
  assert.equal(await page.locator('[data-id="shape"]').innerText(), '3 × 32 × 32');
  assert.deepEqual(await counts(page), { circle: [30, 24, 6], square: [30, 24, 6], triangle: [30, 24, 6] });
  // The same folder again adds nothing twice.
  await page.setInputFiles('[data-id="folderInput"]', shapes);
  assert.match(await report(page), /0 images added\.\s*90 files were already in the dataset/);
  // Delete removes them from this browser.
  await page.click('[data-id="deleteAll"]');
  await page.waitForFunction(() => /: 0 images/.test(document.querySelector('[data-id="kept"]').textContent));
  await page.reload();
  await page.waitForFunction(() => /: 0 images/.test(document.querySelector('[data-id="kept"]')?.textContent ?? ''));
  assert.deepEqual(errors, []);
  await context.close();
});

/** A folder with one good class, and every kind of bad file beside good ones. */
async function writeBadFolder(root) {
  writeShapesFolder(root, { perClass: 4, size: 24 });
  const good = readFileSync(join(root, 'square', 'square-000.png'));
  writeFileSync(join(root, 'square', 'notes.txt'), 'my notes about squares');
  writeFileSync(join(root, 'square', 'broken.png'), good.subarray(0, 70));   // a valid header, the pixels cut off
  writeFileSync(join(root, 'square', 'huge.png'), await hugePng());
  writeFileSync(join(root, 'readme.txt'), 'three classes of shapes');
  mkdirSync(join(root, 'more', 'circle', 'deep'), { recursive: true });
  writeFileSync(join(root, 'more', 'circle', 'deep', 'x.png'), good);
  writeFileSync(join(root, '.DS_Store'), 'hidden');
}

test('bad files each get their message and the good ones are added; nothing already added is lost', async () => {
  const bad = join(dir, 'mixed');
  await writeBadFolder(bad);
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', bad);
  const text = await report(page);
  assert.match(text, /5 files not added/);
  assert.match(text, /square\/notes\.txt: not an image/);
  assert.match(text, /square\/broken\.png: the file says it is a PNG image, but the browser cannot decode it/);
  assert.match(text, /square\/huge\.png \(png\): the image is 20000 x 20000 pixels \(400\.0 megapixels\): the limit is 24 megapixels/);
  assert.match(text, /1 file lies directly in "mixed", outside any class folder.*mixed\/readme\.txt/);
  assert.match(text, /1 file is in folders nested too deep.*mixed\/more\/circle\/deep\/x\.png.*choose "mixed\/more\/circle"/);
  assert.match(text, /12 images added/);
  assert.deepEqual(Object.keys(await counts(page)), ['circle', 'square', 'triangle']);
  await screenshot(page, 'data-bad-files');
  // 50,000 files are refused before any is read, and the 12 images stay.
  const many = join(dir, 'many');
  for (const c of ['a', 'b']) {
    mkdirSync(join(many, c), { recursive: true });
    for (let i = 0; i < 25_000; i++) writeFileSync(join(many, c, `${i}.png`), '');
  }
  await page.setInputFiles('[data-id="folderInput"]', many);
  await page.waitForFunction(() => /50000 more images would make 50012, more than the 20000 a dataset may hold/.test(document.querySelector('[data-id="messages"]').textContent), null, { timeout: 120_000 });
  assert.match(await kept(page), /12 images/);
  rmSync(many, { recursive: true, force: true });
  // An empty folder: the browser gives the folder input no files (Playwright cannot choose an
  // empty folder, so the change the browser sends is sent here).
  await page.locator('[data-id="folderInput"]').evaluate((input) => input.dispatchEvent(new Event('change')));
  await page.waitForFunction(() => /The chosen folder holds no files/.test(document.querySelector('[data-id="messages"]').textContent));
  // A folder of loose files, without class folders.
  const loose = join(dir, 'loose');
  mkdirSync(loose);
  writeFileSync(join(loose, 'a.png'), readFileSync(join(bad, 'circle', 'circle-000.png')));
  await page.setInputFiles('[data-id="folderInput"]', loose);
  await page.waitForFunction(() => /Nothing was added/.test(document.querySelector('[data-id="messages"]').textContent));
  assert.match(await messages(page), /The file lies directly in "loose", with no class folders \(e\.g\. loose\/a\.png\)/);
  assert.match(await kept(page), /12 images/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with ?lang=zh a bad image file is refused in Chinese, its file name kept; English again after a switch', async () => {
  const bad = join(dir, 'mixed-zh');
  await writeBadFolder(bad);
  const { page, errors, context } = await open('view=data&data=own', { lang: 'zh' });
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', bad);
  const text = await report(page);
  assert.match(text, /square\/notes\.txt：不是图像：它不是 PNG、JPEG、GIF、BMP 或 WebP 中的任何一种（开头几个字节是 6d 79 20 6e 6f 74 65 73）/);
  assert.match(text, /square\/huge\.png \(png\)：图像是 20000 × 20000 像素（400\.0 百万像素）：上限是 24 百万像素/);
  assert.doesNotMatch(text, /not an image|megapixels/);
  await screenshot(page, 'data-bad-files-zh');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => /square\/notes\.txt: not an image/.test(document.querySelector('[data-id="messages"]')?.textContent ?? ''));
  assert.deepEqual(errors, []);
  await context.close();
});

test('one class only says what to add; class names are checked; a class is renamed and removed', async () => {
  const one = join(dir, 'one');
  writeShapesFolder(one, { perClass: 3, size: 16 });
  rmSync(join(one, 'square'), { recursive: true });
  rmSync(join(one, 'triangle'), { recursive: true });
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', one);
  await report(page);
  await page.waitForSelector('[data-id="dataWarnings"] li.refused');
  assert.match(await page.locator('[data-id="dataWarnings"]').innerText(), /there is only one class, "circle" \(3 images\): a classifier needs at least two classes to tell apart; add a folder of another kind of image/);
  // A new class: an empty name, a duplicate, then a good one; empty, it cannot train yet.
  await page.fill('[data-id="newClass"]', 'circle');
  await page.click('.new-class button');
  await page.waitForFunction(() => /there is already a class "circle"/.test(document.querySelector('[data-id="messages"]').textContent));
  await page.fill('[data-id="newClass"]', 'blob');
  await page.click('.new-class button');
  await page.waitForSelector('.class-card[data-class="blob"]');
  assert.match(await page.locator('[data-id="dataWarnings"]').innerText(), /class "blob" has no images: add images to it or remove it/);
  // Files for one class through its own input: they sort before "circle".
  await page.setInputFiles('.class-card[data-class="blob"] [data-id="addFiles"]', [join(one, 'circle', 'circle-000.png'), join(one, 'circle', 'circle-001.png')]);
  await page.waitForFunction(() => /2 images added/.test(document.querySelector('[data-id="messages"]').textContent));
  assert.deepEqual(await counts(page), { blob: [2, 1, 1], circle: [3, 2, 1] });
  await page.fill('.class-card[data-class="blob"] [data-id="className"]', 'zigzag');
  await page.locator('.class-card[data-class="blob"] [data-id="className"]').press('Enter');
  await page.waitForSelector('.class-card[data-class="zigzag"]');
  assert.deepEqual(Object.keys(await counts(page)), ['circle', 'zigzag'], 'a renamed class takes its sorted place');
  await page.click('.class-card[data-class="zigzag"] [data-id="removeClass"]');
  await page.waitForFunction(() => !document.querySelector('.class-card[data-class="zigzag"]'));
  assert.match(await kept(page), /3 images/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the fake camera adds a burst of frames to a class; a denied camera says what to do', async () => {
  const { page, errors, context } = await open('view=data&data=own', { camera: true });
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.fill('[data-id="newClass"]', 'me');
  await page.click('.new-class button');
  await page.click('.class-card[data-class="me"] [data-id="camera"]');
  await page.waitForFunction(() => document.querySelector('.camera-video')?.videoWidth > 0);
  await page.click('[data-id="burst"]');
  await page.waitForFunction(() => /10 images added/.test(document.querySelector('[data-id="messages"]').textContent), null, { timeout: 60_000 });
  // the class card follows once the images worker's summary is back (after the message)
  await page.waitForFunction(() => /10 images/.test(document.querySelector('.class-card[data-class="me"] .class-count')?.textContent), null, { timeout: 30_000 });
  assert.match(await page.locator('.capture-status').innerText(), /10 photos added to me/);
  // Drawings for another class: an empty pad is refused, a stroke is added.
  await page.fill('[data-id="newClass"]', 'drawn');
  await page.click('.new-class button');
  await page.click('.class-card[data-class="drawn"] [data-id="draw"]');
  assert.equal(await page.locator('.camera-video').count(), 0, 'one capture at a time: the camera closed');
  await page.click('[data-id="addDrawing"]');
  assert.match(await page.locator('.capture-status').innerText(), /Draw something first/);
  const box = await page.locator('canvas.drawpad').boundingBox();
  await page.mouse.move(box.x + 40, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 130, { steps: 8 });
  await page.mouse.up();
  await page.click('[data-id="addDrawing"]');
  await page.waitForFunction(() => /1 image added/.test(document.querySelector('[data-id="messages"]').textContent));
  await screenshot(page, 'data-camera-drawing');
  assert.deepEqual(await counts(page), { drawn: [1, 1, 0], me: [10, 8, 2] });
  assert.deepEqual(errors, []);
  await context.close();

  const denied = await open('view=data&data=own');
  await denied.page.waitForSelector('[data-id="kept"]:not(:empty)');
  await denied.page.fill('[data-id="newClass"]', 'me');
  await denied.page.click('.new-class button');
  await denied.page.click('.class-card[data-class="me"] [data-id="camera"]');
  await denied.page.waitForSelector('[data-id="cameraError"]');
  assert.equal(await denied.page.locator('[data-id="cameraError"]').innerText(), en['data.camera.denied']);
  assert.deepEqual(denied.errors, []);
  await denied.context.close();
});

test('a zip of the folder layout (stored or deflated) is imported; a file that is not a zip says so', async () => {
  const shapes = join(dir, 'zipped', 'shapes');
  writeShapesFolder(shapes, { perClass: 5, size: 20 });
  const stored = join(dir, 'stored.zip');
  const deflated = join(dir, 'deflated.zip');
  execFileSync(PYTHON, ['-c', `
import sys, zipfile, pathlib
root = pathlib.Path(sys.argv[1])
for target, method in ((sys.argv[2], zipfile.ZIP_STORED), (sys.argv[3], zipfile.ZIP_DEFLATED)):
    with zipfile.ZipFile(target, 'w', method) as z:
        for p in sorted(root.rglob('*.png')):
            z.write(p, 'shapes/' + str(p.relative_to(root)))
        z.writestr('shapes/notes.txt', 'not an image')
`, shapes, stored, deflated]);
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="zipInput"]', deflated);
  const text = await report(page);
  assert.match(text, /15 images added/);
  assert.match(text, /notes\.txt: the file lies|notes\.txt/);
  assert.deepEqual(await counts(page), { circle: [5, 4, 1], square: [5, 4, 1], triangle: [5, 4, 1] });
  await page.setInputFiles('[data-id="zipInput"]', stored);
  assert.match(await report(page, /0 images added/), /0 images added\.\s*15 files were already in the dataset/);
  await page.setInputFiles('[data-id="zipInput"]', join(shapes, 'circle', 'circle-000.png'));
  await page.waitForFunction(() => /is not a zip archive/.test(document.querySelector('[data-id="messages"]').textContent));
  assert.match(await kept(page), /15 images/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('PNG, JPEG, WebP, GIF and BMP files decode in the browser: the same picture in a lossless format gives the same pixels', async () => {
  const formats = join(dir, 'formats');
  execFileSync(PYTHON, ['-c', `
import os, sys
from PIL import Image, ImageDraw
root = sys.argv[1]
saves = {'png': {}, 'gif': {}, 'bmp': {}, 'webp': {'lossless': True}, 'jpeg': {'quality': 95}}
for name, options in saves.items():
    os.makedirs(os.path.join(root, name))
    # flat colours, no anti-aliasing: few enough for GIF's palette
    image = Image.new('RGB', (36, 24), (20, 40, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 3, 26, 21), fill=(250, 220, 30))
    draw.rectangle((2, 16, 12, 22), fill=(10, 180, 90))
    image.save(os.path.join(root, name, f'picture.{name}'), **options)
`, formats]);
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', formats);
  assert.match(await report(page), /5 images added/);
  assert.deepEqual(Object.keys(await counts(page)), ['bmp', 'gif', 'jpeg', 'png', 'webp']);
  // What the network receives, as each class's preview grid draws it.
  const grid = (name) => page.locator(`.class-card[data-class="${name}"] canvas.previews`).evaluate((c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));
  const png = await grid('png');
  assert.ok(new Set(png).size > 2, 'the previews show the pictures');
  for (const lossless of ['gif', 'bmp', 'webp']) assert.deepEqual(await grid(lossless), png, `${lossless} gives the pixels PNG gives`);
  const jpeg = await grid('jpeg');
  const meanDifference = jpeg.reduce((sum, v, i) => sum + Math.abs(v - png[i]), 0) / jpeg.length;
  assert.ok(meanDifference > 0 && meanDifference < 4, `JPEG at quality 95 is close to the PNG: ${meanDifference}`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A zip read by Python: zipfile's check, then extracted and read as ImageFolder does (class = sorted subfolder), each file opened by Pillow. */
function pythonReadsZip(zipPath, into) {
  return JSON.parse(execFileSync(PYTHON, ['-c', `
import hashlib, json, os, sys, zipfile
from PIL import Image
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None, 'a damaged entry'
    assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
    z.extractall(sys.argv[2])
[root] = os.listdir(sys.argv[2])
top = os.path.join(sys.argv[2], root)
classes = sorted(e.name for e in os.scandir(top) if e.is_dir())
files = {}
for c in classes:
    for name in sorted(os.listdir(os.path.join(top, c))):
        path = os.path.join(top, c, name)
        Image.open(path).verify()
        files.setdefault(c, {})[name] = hashlib.sha256(open(path, 'rb').read()).hexdigest()
print(json.dumps({'root': root, 'classes': classes, 'files': files}))
`, zipPath, into], { encoding: 'utf8' }));
}

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('the own images export as a zip of their folder layout: Python reads the same classes and files, the page imports it back', async () => {
  const shapes = join(dir, 'export-shapes');
  writeShapesFolder(shapes, { perClass: 4, size: 20, seed: 3 });
  const other = join(dir, 'export-other');
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, 'circle-000.png'), encodePng(30, 30, shapeImage('square', 30, generator(11))));
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.click('[data-id="exportZip"]');
  assert.ok((await messages(page)).includes(en['data.own.nothingToExport']));
  await page.setInputFiles('[data-id="folderInput"]', shapes);
  assert.match(await report(page), /12 images added/);
  // A class made by hand, its name not ASCII, with two files of the same name from two folders.
  await page.fill('[data-id="newClass"]', 'étoile 2');
  await page.click('.new-class button');
  await page.setInputFiles('.class-card[data-class="étoile 2"] [data-id="addFiles"]', [join(shapes, 'circle', 'circle-000.png')]);
  await page.waitForFunction(() => /: 13 images/.test(document.querySelector('[data-id="kept"]').textContent));
  await page.setInputFiles('.class-card[data-class="étoile 2"] [data-id="addFiles"]', [join(other, 'circle-000.png')]);
  await page.waitForFunction(() => /: 14 images/.test(document.querySelector('[data-id="kept"]').textContent));
  const before = await counts(page);
  await page.fill('[data-id="newClass"]', 'empty');
  await page.click('.new-class button');
  await page.waitForSelector('.class-card[data-class="empty"]');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-id="exportZip"]')]);
  const name = download.suggestedFilename();
  assert.match(name, /^own-images-\d{4}-\d\d-\d\d\.zip$/);
  const zipPath = join(dir, name);
  await download.saveAs(zipPath);
  const text = await report(page, /saved as/);
  assert.match(text, new RegExp(`14 images of 4 classes saved as ${name.replace('.', '\\.')} \\(\\d`));
  assert.match(text, /The class without images \(empty\) is not in the zip/);
  await screenshot(page, 'data-export-zip');
  const read = pythonReadsZip(zipPath, join(dir, 'export-unzipped'));
  assert.equal(read.root, name.replace(/\.zip$/, ''));
  assert.deepEqual(read.classes, ['circle', 'square', 'triangle', 'étoile 2'], 'ImageFolder sorts them as the page does');
  const expected = Object.fromEntries(['circle', 'square', 'triangle'].map((c) => [c, Object.fromEntries([0, 1, 2, 3].map((i) => [`${c}-00${i}.png`, sha256(join(shapes, c, `${c}-00${i}.png`))]))]));
  expected['étoile 2'] = { 'circle-000-2.png': sha256(join(other, 'circle-000.png')), 'circle-000.png': sha256(join(shapes, 'circle', 'circle-000.png')) };
  assert.deepEqual(read.files, expected, 'every original file, byte for byte, in its class folder');

  // Imported again into an empty dataset: the same classes and counts.
  await page.click('[data-id="deleteAll"]');
  await page.waitForFunction(() => /: 0 images/.test(document.querySelector('[data-id="kept"]').textContent));
  await page.setInputFiles('[data-id="zipInput"]', zipPath);
  assert.match(await report(page), /14 images added/);
  assert.deepEqual(await counts(page), before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the built-in datasets show their counts and images; the choice is kept in the link', async () => {
  const { page, errors, context } = await open('view=data&data=shapes');
  await page.waitForSelector('.builtin-classes canvas');
  assert.deepEqual((await counts(page))['green triangle'], [500, 400, 100]);
  assert.match(page.url(), /data=shapes/);
  assert.match(page.url(), /#v=1&view=data&data=shapes$/);
  assert.match(await page.locator('[data-id="toTrain"]').getAttribute('href'), /view=train&net=3x32x32,.*dense:9&data=shapes/, 'Train on it: a network that reads the colour shapes');
  await page.check('[data-id="source-mnist"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-id="countsTable"] tbody tr').length === 10);
  assert.deepEqual((await counts(page))['0'], [1001, 819, 182]);
  assert.match(page.url(), /data=mnist$/);
  assert.match(await page.locator('[data-id="toTrain"]').getAttribute('href'), /view=train&net=1x28x28,.*dense:10&data=mnist/);
  await page.check('[data-id="source-own"]');
  assert.match(page.url(), /data=own$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the data view in Chinese and on a phone: no key shown, no sideways scrolling', async () => {
  const shapes = join(dir, 'shapes-zh');
  writeShapesFolder(shapes, { perClass: 12, size: 32 });
  for (const [lang, catalog] of [['zh', zh], ['en', en]]) {
    const { page, errors, context } = await open('view=data&data=own', { lang, width: 390, height: 844 });
    await page.waitForSelector('[data-id="kept"]:not(:empty)');
    await page.setInputFiles('[data-id="folderInput"]', shapes);
    await page.waitForFunction((text) => document.querySelector('[data-id="messages"]').textContent.includes(text), catalog['data.report.added']({ count: 36 }));
    await page.waitForSelector('[data-id="countsTable"]');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth) <= 0, `${lang}: no sideways scrolling on a phone`);
    const shown = await page.evaluate((keys) => keys.filter((k) => document.body.innerText.includes(k)), Object.keys(catalog).filter((k) => k.startsWith('data.')));
    assert.deepEqual(shown, []);
    await screenshot(page, `data-own-${lang}-390`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(300);
    await screenshot(page, `data-own-${lang}-1280`);
    if (lang === 'zh') {
      assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), zh['nav.data']);
      assert.match(await page.locator('.privacy').innerText(), /不会上传任何内容/);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

/** The accuracy table's rows (the Train view's numbers behind the curve): [[step, accuracy]]. */
const accuracyRows = (page) => page.locator('[data-id="accuracy-table"] tr').evaluateAll((rows) => rows.map((r) => {
  const [step, accuracy] = [...r.children].map((c) => c.textContent);
  return [Number(step.replace(/,/g, '')), Number(accuracy.replace('%', '')) / 100];
}));

/** The evaluation panel's confusion matrix, read from its table. */
const confusion = (page) => page.locator('[data-id="confusionTable"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => Number(c.textContent))));

test('own images train the network to 90% or more; the evaluation adds up; a reload keeps them; a link opened elsewhere asks for a folder', async () => {
  const shapes = join(dir, 'train-shapes');
  writeShapesFolder(shapes, { perClass: 150, size: 40, seed: 7 });
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', shapes);
  assert.match(await report(page), /450 images added/);
  await page.click('[data-id="toTrain"]');
  await page.waitForFunction(() => document.querySelector('[data-id="play"]') && !document.querySelector('[data-id="play"]').disabled, null, { timeout: 60_000 });
  // The network follows the data: 1 x 28 x 28 in, 3 classes out, said in the builder and the link.
  assert.match(await page.locator('.net-input').innerText(), /input 1 x 28 x 28 \(an image of the dataset\)/);
  // ... and so do the first-visit guide and the key list: images, not digits
  assert.match(await page.locator('#shortcuts').textContent(), /next test image/);
  assert.match(await page.locator('.guide-steps').innerText(), /see which class the network reads it as/);
  assert.doesNotMatch(await page.locator('.guide-steps').innerText(), /digit/);
  assert.equal(await page.inputValue('#layer-7-units'), '3');
  assert.match(page.url(), /view=train&net=1x28x28,.*,dense:3&data=own&/);
  await page.click('[data-id="play"]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-id="accuracy-table"] tr td:first-child')].some((c) => c.textContent === '1,000'), null, { timeout: 300_000 });
  await page.click('[data-id="play"]');
  // paused: the evaluation is the one measured at the pause (it must not change while it is read;
  // "Paused." only once the worker's last snapshot, with that evaluation, has come)
  await page.waitForFunction(() => document.querySelector('[data-id="status"]').textContent === 'Paused.' && document.querySelector('.eval-summary')?.textContent.includes(`after step ${document.querySelector('[data-id="steps"]').textContent}:`));
  const rows = await accuracyRows(page);
  const [, accuracy] = rows.find(([step]) => step === 1000);
  assert.ok(accuracy >= 0.9, `test accuracy at step 1,000: ${accuracy}`);
  // The evaluation: the matrix adds up to the 90 test images, its diagonal is the right count.
  await page.waitForFunction(() => document.querySelectorAll('[data-id="confusionTable"] tbody tr').length === 3);
  const matrix = await confusion(page);
  assert.equal(matrix.flat().reduce((a, b) => a + b, 0), 90);
  const right = matrix.reduce((s, row, i) => s + row[i], 0);
  assert.match(await page.locator('.eval-summary').innerText(), new RegExp(`on the 90 test images after step \\d[\\d,]*: ${right} right`));
  assert.deepEqual(await page.locator('[data-id="classTable"] tbody tr td:nth-child(2)').allInnerTexts(), matrix.map((row, i) => `${row[i]} of ${row.reduce((a, b) => a + b, 0)}`));
  await screenshot(page, 'data-train-own-1280');
  if (right < 90) {
    // A mistake clicked: its feature maps and softmax are shown.
    const tile = page.locator('.gallery-tile').first();
    const index = await tile.getAttribute('data-index');
    await tile.click();
    await page.waitForFunction((i) => document.querySelector('[data-id="digit-caption"]').textContent.startsWith(`test image ${i},`), index);
  }
  // A reload keeps the images: the view trains on them again.
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-id="play"]') && !document.querySelector('[data-id="play"]').disabled, null, { timeout: 60_000 });
  assert.match(await page.locator('[data-id="curve-note"]').innerText(), /on the 90 test images/);
  const link = page.url();
  assert.deepEqual(errors, []);
  await context.close();

  // The same link in another browser, which keeps no images: it says so and asks for a folder.
  const elsewhere = await open(link.slice(link.indexOf('#') + 1));
  await elsewhere.page.waitForSelector('.ask-images');
  assert.equal(await elsewhere.page.locator('.ask-images p').first().innerText(), en['data.missing.text']);
  assert.equal(await elsewhere.page.isDisabled('[data-id="play"]'), true);
  await elsewhere.page.setInputFiles('[data-id="askFolder"]', shapes);
  await elsewhere.page.waitForFunction(() => !document.querySelector('.ask-images') && !document.querySelector('[data-id="play"]').disabled, null, { timeout: 120_000 });
  assert.match(await elsewhere.page.locator('[data-id="curve-note"]').innerText(), /on the 90 test images/);
  assert.deepEqual(elsewhere.errors, []);
  await elsewhere.context.close();
});

test('the race and the Train view choose the data too: the network follows it, own images race', async () => {
  const shapes = join(dir, 'race-shapes');
  writeShapesFolder(shapes, { perClass: 20, size: 24 });
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', shapes);
  assert.match(await report(page), /60 images added/);
  // The race on own images: its network is fitted to them (3 classes), and every contender races.
  await page.goto(`${server.url}#view=race&data=own&opt=sgd:0.1,adam:0.001&steps=20&eval=10`);
  await page.waitForFunction(() => /dense:3/.test(location.hash));
  assert.equal(await page.inputValue('[data-id="dataSource"]'), 'own');
  await page.click('[data-id="play"]');
  await page.waitForFunction(() => document.querySelector('[data-id="play"]').textContent.includes('again'), null, { timeout: 120_000 });
  const standings = await page.locator('[data-id="standings"] tr').allInnerTexts();
  assert.equal(standings.length, 2);
  for (const row of standings) assert.match(row, /\t20\t.*\tdone$/);
  assert.equal(await page.locator('[data-id="accuracyTitle"]').textContent(), 'Test accuracy on 12 held-out images');
  // The colour shapes chosen in the race: 3 x 32 x 32 in, 9 out.
  await page.selectOption('[data-id="dataSource"]', 'shapes');
  await page.waitForFunction(() => /net=3x32x32,.*dense:9&data=shapes/.test(location.hash));
  // The Train view's choice starts it again on the new data.
  await page.goto(`${server.url}#view=train`);
  await page.waitForFunction(() => document.querySelector('[data-id="play"]') && !document.querySelector('[data-id="play"]').disabled, null, { timeout: 60_000 });
  await page.selectOption('[data-id="dataSource"]', 'own');
  await page.waitForFunction(() => /data=own/.test(location.hash) && /dense:3/.test(location.hash));
  await page.waitForFunction(() => /on the 12 test images/.test(document.querySelector('[data-id="curve-note"]')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.equal(await page.inputValue('#layer-7-units'), '3');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Clicks the button `id` of the Train view's Save and export panel and saves the download in `folder`. */
async function downloadOf(page, id, folder) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-id="${id}"]`)]);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

test('a run on own images is saved and exported to PyTorch; on other data the kept run is offered with a link to its own data', async () => {
  const shapes = join(dir, 'save-shapes');
  writeShapesFolder(shapes, { perClass: 20, size: 24, seed: 5 });
  const { page, errors, context } = await open('view=data&data=own');
  await page.waitForSelector('[data-id="kept"]:not(:empty)');
  await page.setInputFiles('[data-id="folderInput"]', shapes);
  assert.match(await report(page), /60 images added/);
  await page.click('[data-id="toTrain"]');
  await page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'), null, { timeout: 60_000 });
  for (let i = 1; i <= 3; i++) {
    await page.keyboard.press('s');
    await page.waitForFunction((n) => document.querySelector('[data-id="steps"]').textContent === String(n), i);
  }
  // The PyTorch export of a network fitted to the images (1 x 28 x 28 in, 3 out): verify.py agrees.
  const zip = await downloadOf(page, 'export-pytorch', join(dir, 'own-export'));
  assert.match(zip, /conv8-conv16-dense3-adam-step3-pytorch\.zip$/);
  const verified = execFileSync(PYTHON, ['-c', `
import os, runpy, sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
os.chdir(os.path.join(sys.argv[2], 'cnn-playground-pytorch'))
sys.path.insert(0, '.')
runpy.run_path('verify.py', run_name='__main__')
`, zip, join(dir, 'own-export', 'unzipped')], { encoding: 'utf8' });
  assert.match(verified, /verified/);
  const save = await downloadOf(page, 'save', join(dir, 'own-save'));
  assert.match(save, /-step3\.cnnp$/);
  assert.match(await page.locator('[data-id="kept-status"]').innerText(), /step 3/, 'kept in this browser');

  // The colour shapes chosen: the run on own images cannot go on there; it is offered with its link.
  await page.selectOption('[data-id="dataSource"]', 'shapes');
  await page.waitForSelector('[data-id="kept-open"]', { timeout: 60_000 });
  assert.equal(await page.locator('[data-id="kept-open"]').innerText(), 'Open it on Your own images');
  assert.equal(await page.locator('[data-id="restored"]').isHidden(), true);
  await page.click('[data-id="kept-open"]');
  await page.waitForFunction(() => /data=own/.test(location.hash) && document.querySelector('[data-id="kept-continue"]'), null, { timeout: 60_000 });
  await page.click('[data-id="kept-continue"]');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '3');
  assert.match(await page.locator('[data-id="restored-text"]').innerText(), /Restored the run from step 3/);
  assert.deepEqual(errors, []);
  await context.close();
});
