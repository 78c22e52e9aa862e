// The evaluation pieces on the real digits, through the built package as the training worker
// uses it: after 150 steps of the reference network on MNIST, the confusion matrix of the 2,000
// test digits adds up, agrees with evaluate(), per-class counts and cells; the mistakes come
// most confident first; and the same numbers are rebuilt from what a worker would post.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, loadCore } from './lib/harness.mjs';
import { REFERENCE_NETWORK } from '../../www/lib/reference-network.js';

const core = await loadCore();

test('the confusion matrix of the MNIST test digits adds up and agrees with evaluate()', () => {
  const bytes = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
  const train = core.Dataset.fromMnist(bytes, 'train');
  const test = core.Dataset.fromMnist(bytes, 'test');
  const run = new core.TrainingRun(REFERENCE_NETWORK, { type: 'adam', lr: 0.001 }, 42, 32);
  run.trainSteps(train, 150);
  const p = run.predictions(test);
  const evaluated = run.evaluate(test);
  const summary = p.summary();
  assert.deepEqual([summary.correct, summary.count], [evaluated.correct, 2000]);
  assert.ok(Math.abs(summary.loss - evaluated.loss) < 1e-9, `${summary.loss} vs ${evaluated.loss}`);
  assert.ok(summary.accuracy > 0.8, `after 150 steps: ${summary.accuracy}`);

  const matrix = p.confusion();
  assert.equal(matrix.length, 100);
  assert.equal(matrix.reduce((a, b) => a + b, 0), 2000);
  const diagonal = [...Array(10).keys()].reduce((sum, c) => sum + matrix[c * 11], 0);
  assert.equal(diagonal, summary.correct);
  const perClass = p.perClass();
  assert.deepEqual(perClass.map((c) => c.count), Array.from(test.classCounts()));
  assert.deepEqual(perClass.map((c) => c.correct), [...Array(10).keys()].map((c) => matrix[c * 11]));
  for (let t = 0; t < 10; t++) {
    for (const q of [t, (t + 3) % 10]) assert.equal(p.cell(t, q).length, matrix[t * 10 + q], `cell ${t}, ${q}`);
  }

  const mistakes = p.misclassified();
  assert.equal(mistakes.length, 2000 - summary.correct);
  for (let i = 1; i < mistakes.length; i++) assert.ok(mistakes[i - 1].confidence >= mistakes[i].confidence);
  const worst = mistakes[0];
  assert.notEqual(worst.label, worst.predicted);
  assert.equal(test.label(worst.index), worst.label);
  assert.equal(worst.probabilities[worst.predicted], worst.confidence);
  assert.equal(Math.max(...worst.probabilities), worst.confidence);
  assert.equal(test.preview(worst.index).length, 28 * 28 * 4);

  const page = new core.Predictions(p.labels(), p.allProbabilities(), 10);
  assert.deepEqual(Array.from(page.confusion()), Array.from(matrix));
});
