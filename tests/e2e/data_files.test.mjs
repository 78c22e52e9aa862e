// The data view's file handling without a browser: how chosen paths become classes
// (www/views/data/layout.js, as torchvision's ImageFolder reads a folder), the messages about
// what was left out (state.js), and the zip reader (zip.js) on archives written by Python's
// zipfile: stored, deflated, with data descriptors, UTF-8 names, a comment, and damaged ones.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { byCodePoint, classify, folderToChoose } from '../../www/views/data/layout.js';
import { addReport, capturedName, checkSeed, checkSize, layoutProblems } from '../../www/views/data/state.js';
import { ZipError, readZip } from '../../www/views/data/zip.js';

const PYTHON = join(homedir(), '.cache', 'cnn-playground', 'venv', 'bin', 'python');
const dir = mkdtempSync(join(tmpdir(), 'data-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const classes = (result) => result.items.map((i) => `${i.className}:${i.source}`);

test('a chosen folder: its name and one wrapping folder are taken off, class/file are images, the rest is reported', () => {
  const chosen = classify(['pets/cat/1.png', 'pets/dog/a.jpg', 'pets/.DS_Store', 'pets/dog/.hidden/x.png', 'pets/readme.txt', 'pets/cat/old/2.png'], { rooted: true });
  assert.deepEqual(classes(chosen), ['cat:cat/1.png', 'dog:dog/a.jpg']);
  assert.deepEqual(chosen.items.map((i) => i.index), [0, 1], 'items point back at the files given');
  assert.deepEqual([chosen.loose, chosen.nested, chosen.hidden, chosen.root], [['pets/readme.txt'], ['pets/cat/old/2.png'], 2, 'pets']);
  // a folder around the class folders (as a zip of "shapes/" has), with a README beside them
  const zip = classify(['shapes/circle/1.png', 'shapes/square/2.png', 'shapes/README.txt', '__MACOSX/shapes/._1.png']);
  assert.deepEqual([classes(zip), zip.loose, zip.root], [['circle:circle/1.png', 'square:square/2.png'], ['shapes/README.txt'], 'shapes']);
  // one class folder chosen alone stays a class (one class: the split then says what to add)
  assert.deepEqual(classes(classify(['cat/1.png', 'cat/2.png'])), ['cat:cat/1.png', 'cat:cat/2.png']);
  assert.deepEqual(classes(classify(['pets/cat/1.png'], { rooted: true })), ['cat:cat/1.png']);
  // a folder whose classes are three deep: nothing is guessed, the folder to choose is named
  const deep = classify(['data/train/cat/1.png', 'data/test/cat/2.png'], { rooted: true });
  assert.deepEqual([deep.items, deep.nested.length, deep.root], [[], 2, 'data']);
  assert.equal(folderToChoose(deep.root, deep.nested[0]), 'data/train');
  assert.equal(folderToChoose('', 'a/b/c/d/e.png'), 'a/b/c');
  // files dropped without a folder: all loose
  assert.deepEqual(classify(['a.png', 'b.png']).loose, ['a.png', 'b.png']);
  assert.deepEqual(classify([]).items, []);
});

test('class names sort by code point, as Python sorted() and the core sort them', () => {
  assert.deepEqual(['zebra', 'apple', 'Zoo', 'éclair', 'Bee', 'app'].sort(byCodePoint), ['Bee', 'Zoo', 'app', 'apple', 'zebra', 'éclair']);
  assert.ok(byCodePoint('😀', 'a') > 0);
});

test('the messages of an add name what was left out and why, and count the files', () => {
  const layout = { loose: ['pets/readme.txt'], nested: ['pets/a/b/c.png', 'pets/a/b/d.png'], root: 'pets', files: 9 };
  const problems = layoutProblems(layout);
  assert.deepEqual(problems.map((p) => p.key), ['data.layout.loose', 'data.layout.nested']);
  assert.deepEqual(problems[1].params, { count: 2, example: 'pets/a/b/c.png', folder: 'pets/a' });
  assert.deepEqual(layoutProblems({ files: 0 }).map((p) => p.key), ['data.layout.emptyChoice']);
  assert.deepEqual(layoutProblems({ files: 2, loose: ['x/a.png', 'x/b.png'], root: 'x' }).map((p) => p.key), ['data.layout.noSubfolders']);
  const groups = addReport({ added: 6, skipped: 1, errors: [{ source: 'pets/cat/x.png', message: 'x: not an image' }], layout });
  assert.deepEqual(groups.map((g) => g.kind), ['error', 'info']);
  assert.deepEqual(groups[0].title, { key: 'data.report.refused', params: { count: 4 } }, '1 refused + 3 left out');
  assert.equal(groups[0].items.length, 3);
  assert.deepEqual(groups[1].items.map((i) => i.key), ['data.report.added', 'data.report.skipped']);
  assert.deepEqual(addReport({ added: 3 }).map((g) => g.kind), ['info']);
});

test('fields: size 4 to 128, seed 0 to 2^32 - 1, whole numbers', () => {
  assert.deepEqual(['28', ' 64 ', '4', '128'].map((v) => checkSize(v).value), [28, 64, 4, 128]);
  for (const bad of ['', '3', '129', '28.5', 'abc', '1e9']) assert.equal(checkSize(bad).error, 'data.prep.sizeError', bad);
  assert.equal(checkSeed('4294967295').value, 4294967295);
  for (const bad of ['', '-1', '4294967296', '1.5', 'x']) assert.equal(checkSeed(bad).error, 'data.split.seedError', bad);
  assert.equal(capturedName('camera', new Date(2025, 0, 2, 3, 4, 5), 7, 'jpg'), 'camera-20250102-030405-7.jpg');
});

/** A zip written by Python's zipfile: `files` {name: text}, `method` 'stored' | 'deflated', streamed (data descriptors). */
function pythonZip(name, files, { method = 'deflated', stream = false, comment = '' } = {}) {
  const path = join(dir, name);
  execFileSync(PYTHON, ['-c', `
import json, sys, zipfile
files, method, stream, comment = json.loads(sys.argv[2]), sys.argv[3], sys.argv[4] == '1', sys.argv[5]
kind = zipfile.ZIP_DEFLATED if method == 'deflated' else zipfile.ZIP_STORED
with zipfile.ZipFile(sys.argv[1], 'w', kind) as z:
    z.comment = comment.encode()
    for name, text in files.items():
        if name.endswith('/'):
            z.mkdir(name[:-1]) if hasattr(z, 'mkdir') else z.writestr(name, '')
        elif stream:
            with z.open(name, 'w') as f: f.write(text.encode())
        else:
            z.writestr(name, text)
`, path, JSON.stringify(files), method, stream ? '1' : '0', comment]);
  return new Blob([readFileSync(path)]);
}

const contents = async (entries) => Object.fromEntries(await Promise.all(entries.filter((e) => !e.folder).map(async (e) => [e.path, await (await e.read()).text()])));

test('the zip reader reads what Python zips: stored, deflated, streamed, UTF-8 names, a comment, folders', async () => {
  const files = { 'shapes/circle/1.png': 'one'.repeat(200), 'shapes/猫/2.png': 'two', 'shapes/empty/': '' };
  for (const options of [{ method: 'stored' }, { method: 'deflated' }, { method: 'deflated', stream: true, comment: 'made by a test' }]) {
    const entries = await readZip(pythonZip(`t-${options.method}-${options.stream}.zip`, files, options));
    assert.deepEqual(entries.map((e) => [e.path, e.folder]), [['shapes/circle/1.png', false], ['shapes/猫/2.png', false], ['shapes/empty/', true]], JSON.stringify(options));
    assert.deepEqual(await contents(entries), { 'shapes/circle/1.png': 'one'.repeat(200), 'shapes/猫/2.png': 'two' });
    assert.equal(entries[0].size, 600);
  }
});

test('a file that is not a zip, a cut zip, and a damaged entry are refused with their reason', async () => {
  const refused = async (blob) => {
    try { const entries = await readZip(blob); await contents(entries); } catch (err) { assert.ok(err instanceof ZipError, String(err)); return err.key; }
    return null;
  };
  assert.equal(await refused(new Blob(['just some text, not a zip at all'])), 'data.zip.notZip');
  assert.equal(await refused(new Blob([])), 'data.zip.notZip');
  const good = new Uint8Array(await pythonZip('good.zip', { 'a/1.png': 'x'.repeat(5000), 'b/2.png': 'y'.repeat(5000) }).arrayBuffer());
  assert.equal(await refused(new Blob([good.slice(40)])), 'data.zip.damaged', 'the start cut off: the directory points outside');
  const damaged = good.slice();
  damaged.fill(0xff, 38, 42);   // inside the first entry's deflated data (it starts at 30 + 7)
  assert.equal(await refused(new Blob([damaged])), 'data.zip.entryDamaged');
});
