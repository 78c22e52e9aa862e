// The own-images part of the JS API under random bad input, in Node on the built package:
// damaged and truncated image files for imageHeader, odd preprocessing options, images whose
// bytes and sizes disagree, odd predictions and datasets. Every call must work or throw a
// plain Error with a message, never trap; afterwards the module still builds a set and splits it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { attempt, generator } from './lib/fuzz.mjs';
import { ROOT, loadCore } from './lib/harness.mjs';

const core = await loadCore();
const FIXTURES = ['alpha.png', 'gray.jpg', 'photo.jpg', 'shapes.png', 'tiny.png']
  .map((name) => [name, new Uint8Array(readFileSync(join(ROOT, 'tests', 'fixtures', 'images', name)))]);

const ODD = [0, -1, 1, 2, 3, 4, 28, 128, 129, 255, 256, 1e9, 2 ** 32, 2.5, NaN, Infinity, -Infinity, '28', 'rgb', 'gray', 'pad', 'crop', 'lanczos', '', null, true, [], [28], [28, 32], [0, 0], {}, undefined];
const OPTION_FIELDS = ['size', 'color', 'fit', 'pad', 'filter', 'colour', 'sizes'];

/** A fixture file cut short, with bytes flipped, or with random bytes spliced in. */
function damaged(rng) {
  const [name, bytes] = rng.pick(FIXTURES);
  const copy = bytes.slice(0, rng.next() < 0.5 ? rng.int(bytes.length + 1) : bytes.length);
  for (let n = rng.int(6); n > 0 && copy.length > 0; n -= 1) copy[rng.int(Math.min(copy.length, 64))] = rng.int(256);
  return [name, copy];
}

function oddCall(rng, set) {
  const what = rng.int(7);
  if (what === 0) {
    const [name, bytes] = damaged(rng);
    return attempt(() => core.imageHeader(bytes, name), `imageHeader(${name})`);
  }
  if (what === 1) {
    const options = {};
    for (let n = rng.int(4); n > 0; n -= 1) options[rng.pick(OPTION_FIELDS)] = rng.pick(ODD);
    return attempt(() => new core.ImageSet(rng.next() < 0.1 ? rng.pick(ODD) : options), `new ImageSet(${JSON.stringify(options)})`);
  }
  if (what === 2) {
    const [w, h] = [rng.pick([0, 1, 2, 5, 17, 4096, 20000, 2 ** 31]), rng.pick([0, 1, 3, 9, 20000, 2 ** 31])];
    const length = rng.pick([0, 4, 16, 36, 4 * 5 * 9, 100]);
    return attempt(() => set.addImage(rng.pick(['a', 'b', '', ' ', 'x'.repeat(70)]), new Uint8Array(length), w, h, 'fuzz'), `addImage(${w} x ${h}, ${length} bytes)`);
  }
  if (what === 3) {
    const classes = rng.pick([0, 1, 2, 3, 1e6, 2 ** 31]);
    const labels = new Uint32Array(rng.int(4)).map(() => rng.int(4));
    const probabilities = new Float32Array(rng.int(10)).map(() => rng.pick([0.5, 1, 0, -1, NaN, 2]));
    return attempt(() => new core.Predictions(labels, probabilities, classes).confusion(), `Predictions(${classes})`);
  }
  if (what === 4) {
    const shape = rng.pick([[1, 2, 2], [0, 2, 2], [1, 2], [65536, 65536, 65536], [3, 4, 4]]);
    const labels = rng.pick([[0, 1], [5], [], 'x']);
    return attempt(() => core.Dataset.fromPixels(new Uint8Array(rng.pick([0, 8, 96])), labels, shape, rng.pick([['a', 'b'], [], ['a']]), rng.pick([null, { mean: 0.5, std: 0 }, { mean: 0.5, std: 0.2 }, 'x'])), `fromPixels(${shape})`);
  }
  if (what === 5) return attempt(() => set.split(rng.int(10), rng.pick([undefined, 0.2, 0, 0.5, 0.9, NaN])), 'split');
  return attempt(() => [set.remove(rng.int(50)), set.preview(rng.int(50)), set.checkRoom(rng.pick([0, 1, 5e4, 2 ** 31]))], 'remove/preview/checkRoom');
}

test('random bad files, options, images and predictions throw Errors, never trap', () => {
  const rng = generator(20261129);
  const set = new core.ImageSet({ size: 8, color: 'rgb' });
  for (let i = 0; i < 1500; i += 1) oddCall(rng, set);
  // The module still works: a fresh set of two classes splits and its parts train.
  const fresh = new core.ImageSet({ size: 8 });
  for (let i = 0; i < 20; i += 1) {
    const rgba = new Uint8Array(4 * 4 * 4).map((_, k) => (k % 4 === 3 ? 255 : i % 2 ? 20 : 230));
    fresh.addImage(i % 2 ? 'dark' : 'light', rgba, 4, 4, `${i}.png`);
  }
  const split = fresh.split(1);
  // classes in name order, as ImageFolder sorts its folders, whatever order they were added in
  assert.deepEqual(split.counts(), [{ name: 'dark', train: 8, test: 2 }, { name: 'light', train: 8, test: 2 }]);
  const run = new core.TrainingRun({ input: [1, 8, 8], layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }], loss: 'softmax_cross_entropy' }, { type: 'adam', lr: 0.05 }, 1, 4);
  run.trainSteps(split.train, 20);
  assert.equal(run.predictions(split.test).summary().accuracy, 1);
});
