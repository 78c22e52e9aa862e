// The evaluation panel (www/views/evaluation/) alone in the page, on a network trained for a
// few steps on the colour shapes through the real wasm package: the confusion matrix adds up to
// the test count and its diagonal is the core's correct count, the accuracy table agrees, the
// gallery shows the most confident mistakes with their softmax, a clicked cell shows its
// images, a clicked image is handed on (for its feature maps); in English and Chinese.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();

/** Mounts the panel under the page's view with a network trained `steps` steps on the colour shapes. */
async function mountPanel(page, steps) {
  return page.evaluate(async (steps) => {
    const core = await import('/pkg/cnn_playground.js');
    const { evaluationPanel } = await import('/views/evaluation/panel.js');
    const { loadStyles } = await import('/lib/dom.js');
    await loadStyles('/views/evaluation/evaluation.css');
    const split = core.colourShapes(42);
    const { train, test } = split;
    const spec = { input: [3, 32, 32], layers: [{ type: 'conv2d', filters: 8, kernel: 5, padding: 2 }, { type: 'relu' }, { type: 'maxpool', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 9 }], loss: 'softmax_cross_entropy' };
    const run = new core.TrainingRun(spec, { type: 'adam', lr: 0.002 }, 42, 32);
    run.trainSteps(train, steps);
    const p = run.predictions(test);
    const host = document.createElement('section');
    host.className = 'panel';
    host.dataset.id = 'evaluation';
    document.querySelector('main').append(host);
    const [height, width] = test.shape.slice(1);
    const previews = async (indices) => {
      const rgba = new Uint8ClampedArray(indices.length * height * width * 4);
      indices.forEach((i, k) => rgba.set(test.preview(i), k * height * width * 4));
      return { rgba, height, width };
    };
    window.picked = null;
    const panel = evaluationPanel(host, { core, previews, onPick: (index) => { window.picked = index; } });
    window.evaluationData = { labels: p.labels(), probabilities: p.allProbabilities(), classNames: test.classNames(), step: steps };
    panel.update(window.evaluationData);
    window.evaluation = panel;
    return { summary: p.summary(), confusion: Array.from(p.confusion()), classes: test.classNames() };
  }, steps);
}

test('the panel on the colour shapes: matrix, accuracy per class, mistakes, a cell, a pick', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}#view=surface`);
  await page.waitForSelector('.surface-view');
  const { summary, confusion, classes } = await mountPanel(page, 120);
  assert.equal(confusion.reduce((a, b) => a + b, 0), 900, 'the matrix adds up to the test count');
  assert.equal(classes.reduce((s, _, i) => s + confusion[i * 9 + i], 0), summary.correct, 'its diagonal is the correct count');
  await page.waitForSelector('.gallery-tile');
  const shown = await page.locator('[data-id="evaluation"] .eval-summary').innerText();
  assert.ok(shown.includes(`${summary.correct} right`) && shown.includes('900 test images after step 120'), shown);
  // The table agrees with the matrix row by row.
  const table = await page.locator('[data-id="classTable"] tbody tr').evaluateAll((rows) => rows.map((r) => r.children[1].textContent));
  assert.deepEqual(table, classes.map((_, i) => `${confusion[i * 9 + i]} of ${confusion.slice(i * 9, i * 9 + 9).reduce((a, b) => a + b, 0)}`));
  const tiles = await page.locator('.gallery-tile').count();
  assert.equal(tiles, Math.min(24, 900 - summary.correct));
  assert.match(await page.locator('.gallery-tile').first().innerText(), /→/);
  await screenshot(page, 'evaluation-panel-1280');
  // Click the largest off-diagonal cell: the gallery shows its images.
  let worst = -1;
  for (let i = 0; i < 81; i++) if (i % 10 !== 0 && (worst < 0 || confusion[i] > confusion[worst])) worst = i;
  const [row, col] = [Math.floor(worst / 9), worst % 9];
  await page.locator('canvas.matrix').scrollIntoViewIfNeeded();
  const box = await page.locator('canvas.matrix').boundingBox();
  await page.mouse.click(box.x + (col + 0.5) * (box.width / 9), box.y + (row + 0.5) * (box.height / 9));
  await page.waitForFunction((title) => document.querySelector('[data-id="galleryTitle"]').textContent.startsWith(title), `True ${classes[row]}, predicted ${classes[col]}: ${confusion[worst]} image`);
  assert.equal(await page.locator('.gallery-tile').count(), Math.min(24, confusion[worst]));
  assert.match(await page.locator('.gallery-tile').first().innerText(), new RegExp(`${classes[row]} → ${classes[col]}`));
  // Click an image: its test index is handed on.
  const index = Number(await page.locator('.gallery-tile').first().getAttribute('data-index'));
  await page.locator('.gallery-tile').first().click();
  assert.equal(await page.evaluate(() => window.picked), index);
  // In Chinese (relabel after the switch).
  await page.selectOption('#language', 'zh');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.evaluate(() => window.evaluation.relabel());
  await page.waitForFunction(() => /测试图片/.test(document.querySelector('[data-id="evaluation"] .eval-summary').textContent));
  await page.waitForFunction(() => /真实/.test(document.querySelector('[data-id="galleryTitle"]').textContent));
  await screenshot(page, 'evaluation-panel-zh-1280');
  assert.deepEqual(errors, []);
});

test('a new evaluation of the same mistakes updates the gallery in place: same tiles, images not drawn again, a bar per class', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}#view=surface`);
  await page.waitForSelector('.surface-view');
  const { classes } = await mountPanel(page, 120);
  await page.waitForSelector('.gallery-tile');
  const before = await page.evaluate(() => {
    window.drawnImages = 0;
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
      if (this.canvas.classList.contains('gallery-image')) window.drawnImages += 1;
      return put.apply(this, args);
    };
    const tiles = [...document.querySelectorAll('.gallery-tile')];
    tiles.forEach((tile) => { tile.kept = true; });
    window.evaluation.update({ ...window.evaluationData, step: 121 });   // the next test found the same mistakes
    return tiles.map((tile) => tile.dataset.index);
  });
  await page.waitForFunction(() => /after step 121/.test(document.querySelector('[data-id="evaluation"] .eval-summary').textContent));
  await page.waitForFunction((n) => document.querySelectorAll('.gallery-tile').length === n, before.length);
  const after = await page.evaluate((n) => [...document.querySelectorAll('.gallery-tile')].map((tile) => {
    const bars = [...tile.querySelectorAll('.softmax-bars i')];
    return { index: tile.dataset.index, kept: tile.kept === true, bars: bars.length, tallest: bars.reduce((best, b, i) => (b.offsetHeight > bars[best].offsetHeight ? i : best), 0), predicted: bars.findIndex((b) => b.classList.contains('predicted')) };
  }), classes.length);
  assert.deepEqual(after.map((t) => t.index).sort(), [...before].sort(), 'the same mistakes are shown');
  assert.ok(after.every((t) => t.kept), 'each tile is the one that showed the image before');
  assert.equal(await page.evaluate(() => window.drawnImages), 0, 'no image drawn again');
  assert.ok(after.every((t) => t.bars === classes.length && t.tallest === t.predicted), 'a bar per class, the predicted class tallest');
  assert.deepEqual(errors, []);
});
