// The playground page (#view=train) in headless Chromium: it trains real digits, draws kernels,
// feature maps and softmax, refuses an impossible network and recovers, predicts a drawn
// digit, and catches divergence. Screenshots go to tests/e2e/screenshots/page-*.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();

async function open(viewport = { width: 1280, height: 800 }) {
  const page = await playground.newPage({ viewport });
  page.setDefaultTimeout(60_000);   // generous: other test files may share the 2 cores
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}#view=train`);
  await page.waitForFunction(() => document.querySelector('[data-id="status"]')?.textContent === 'Paused.', null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'), null, { timeout: 60_000 });
  return { page, errors };
}

const text = (page, id) => page.locator(`[data-id="${id}"]`).textContent();
const number = async (page, id) => Number((await text(page, id)).replace(/[,%]/g, ''));

/** Standard deviation of the canvas's pixels (0 for a blank or one-colour canvas). */
function pixelSpread(page, selector) {
  return page.$$eval(selector, (canvases) => canvases.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0; let sum = 0; let sq = 0;
    for (let i = 0; i < data.length; i += 4) { const v = data[i] + data[i + 1] + data[i + 2] + (255 - data[i + 3]); n++; sum += v; sq += v * v; }
    return Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
  }));
}

test('training a few seconds lowers the loss and draws kernels, feature maps and softmax', async () => {
  const { page, errors } = await open();
  const startLoss = await number(page, 'testloss');
  assert.ok(startLoss > 2, `an untrained network's test loss is about ln 10 = 2.3, not ${startLoss}`);
  await page.keyboard.press('Space');   // the shortcut starts training
  await page.waitForFunction(() => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')) >= 150, null, { timeout: 90_000 });
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-id="status"]').textContent === 'Paused.');
  const steps = await number(page, 'steps');
  assert.ok(steps >= 150, `steps ${steps}`);
  assert.ok(await number(page, 'seen') >= 150 * 32);
  assert.ok(await number(page, 'rate') > 0);
  const accuracy = await number(page, 'accuracy');
  assert.ok(accuracy > 60, `test accuracy after ${steps} steps: ${accuracy}%`);
  const testLoss = await number(page, 'testloss');
  assert.ok(testLoss < startLoss / 2, `test loss ${testLoss} should have fallen well below ${startLoss}`);
  for (const [selector, min] of [['[data-id="kernels"] canvas', 2], ['[data-id="maps"] canvas', 6], ['[data-id="softmax"]', 1], ['[data-id="curves"]', 1], ['[data-id="dense"] canvas', 1]]) {
    const spreads = await pixelSpread(page, selector);
    assert.ok(spreads.length >= min, `${selector}: ${spreads.length} canvases`);
    spreads.forEach((s, i) => assert.ok(s > 3, `${selector} #${i} is blank (spread ${s})`));
  }
  assert.match(await text(page, 'softmax-caption'), /predicted \d/);
  await page.hover('[data-id="maps"] figure:nth-child(4) canvas', { position: { x: 10, y: 10 } });
  await screenshot(page, 'page-trained-1280');
  // Reset goes back to the very same start: step 0 and the same test loss, to the digit.
  await page.click('[data-id="reset"]');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0');
  assert.equal(await number(page, 'testloss'), startLoss);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an impossible layer edit shows the core message, disables training, and recovers', async () => {
  const { page, errors } = await open();
  await page.fill('#layer-0-kernel', '40');
  const message = page.locator('.layer.invalid .layer-error');
  await message.waitFor();
  assert.match(await message.textContent(), /layer 0 \(conv2d\).*kernel 40/);
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  await page.fill('#layer-0-kernel', 'x');
  assert.match(await message.textContent(), /kernel must be a whole number from 1 to 100000, not "x"/);
  await screenshot(page, 'page-invalid-layer');
  await page.keyboard.press('Escape');
  await page.fill('#layer-0-kernel', '3');
  await page.waitForFunction(() => !document.querySelector('.layer.invalid'));
  assert.match(await page.locator('.layer[data-index="0"] .layer-shape').textContent(), /8 x 30 x 30 · 80 params/);
  await page.waitForFunction(() => !document.querySelector('[data-id="play"]').disabled);
  await page.click('[data-id="step"]');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '1');
  // A network the core can build but not train on digits: the run is refused, with the reason.
  await page.fill('#layer-7-units', '5');
  await page.waitForFunction(() => /Cannot train: the last layer has 5 outputs, but there are 10 classes/.test(document.querySelector('[data-id="divergence"]').textContent));
  assert.equal(await text(page, 'status'), 'Cannot train with these settings: see why below.');
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  await page.fill('#layer-7-units', '10');
  await page.waitForFunction(() => document.querySelector('[data-id="divergence"]').hidden && !document.querySelector('[data-id="play"]').disabled);
  await page.fill('#opt-lr', '-1');
  assert.match(await page.locator('.settings .error-text').textContent(), /learning rate must be a number from 1e-8 to 100000000/);
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the max-pool hover highlight stays while training; an emptied digit field says what to type', async () => {
  const { page, errors } = await open();
  const stepButton = await page.locator('[data-id="step"]').boundingBox();
  await page.click('[data-id="play"]');
  await page.waitForFunction(() => document.querySelector('[data-id="play"]').textContent === 'Pause');
  assert.deepEqual(await page.locator('[data-id="step"]').boundingBox(), stepButton, 'Play turning into Pause moves nothing');
  // Hover a max-pool map (layer 2): the map it pooled (layer 1) marks the winners (red) and
  // the window under the pointer (yellow); new snapshots while training must keep the marks.
  await page.hover('[data-id="maps"] figure:nth-child(4) canvas', { position: { x: 10, y: 10 } });
  const marked = () => page.$eval('[data-id="maps"] figure:nth-child(3) canvas', (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let yellow = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 240 && data[i + 1] > 160 && data[i + 1] < 190 && data[i + 2] < 40) yellow++;
    return yellow;
  });
  const before = await number(page, 'steps');
  await page.waitForFunction((n) => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')) >= n + 20, before, { timeout: 90_000 });
  await page.waitForTimeout(300);
  assert.ok(await marked() > 0, 'the hovered window is still marked after new snapshots');
  await page.click('[data-id="play"]');
  await page.mouse.move(0, 0);
  // Clearing the test digit field is an error with a hint, not a silent switch to digit 0.
  await page.fill('[data-id="index"]', '5');
  await page.fill('[data-id="index"]', '');
  assert.match(await text(page, 'index-error'), /test digit must be a whole number from 0 to 1999/);
  assert.equal(await page.getAttribute('[data-id="index"]', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('[data-id="index"]'), '');
  await page.fill('[data-id="index"]', '12');
  assert.equal(await text(page, 'index-error'), '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Train link with play=1 starts training; settings in it are named as not read; the banner clears on navigation', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(60_000);
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}#view=train&play=1&lr=abc`);
  await page.waitForFunction(() => Number(document.querySelector('[data-id="steps"]')?.textContent.replace(/,/g, '')) > 0, null, { timeout: 90_000 });
  assert.equal(await text(page, 'play'), 'Pause');
  assert.match(await page.locator('#banner').innerText(), /Train view takes no settings from the link \(lr\)/);
  await page.click('[data-id="play"]');
  await page.click('nav a[href="#view=race"]');
  await page.waitForSelector('.race-view');
  assert.equal(await page.locator('#banner').isVisible(), false, 'the Train view\'s message does not follow to the race');
  await page.goto(`${playground.url}#view=nope`);
  await page.waitForSelector('[data-id="status"]');
  assert.match(await page.locator('#banner').innerText(), /"nope", which does not exist/);
  await page.click('nav a[href="#view=surface"]');
  await page.waitForSelector('.surface-view');
  assert.equal(await page.locator('#banner').isVisible(), false, 'the unknown-view message clears once a real view is chosen');
  await page.goBack();
  await page.waitForSelector('[data-id="status"]');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drawn digit gets a prediction, and an empty drawing a message', async () => {
  const { page, errors } = await open();
  await page.click('[data-id="play"]');
  await page.waitForFunction(() => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')) >= 60, null, { timeout: 90_000 });
  await page.click('[data-id="play"]');
  const pad = await page.locator('canvas.drawpad').boundingBox();
  // A "1": one vertical stroke.
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * (0.15 + 0.07 * i));
  await page.mouse.up();
  await page.waitForFunction(() => /reads it as \d/.test(document.querySelector('[data-id="draw-message"]').textContent), null, { timeout: 60_000 });
  const [spread] = await pixelSpread(page, '[data-id="prepared"]');
  assert.ok(spread > 3, 'the prepared 28 x 28 digit is drawn');
  assert.match(await text(page, 'softmax-caption'), /predicted \d/);
  await screenshot(page, 'page-drawing');
  await page.click('.drawpad-tools button');
  assert.match(await text(page, 'draw-message'), /drawing is empty/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a huge learning rate is caught as divergence, with the step and what to try', async () => {
  const { page, errors } = await open();
  await page.selectOption('#opt-type', 'sgd');
  await page.fill('#opt-lr', '1000000');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0' && !document.querySelector('[data-id="play"]').disabled);
  await page.waitForTimeout(400);
  await page.click('[data-id="play"]');
  const box = page.locator('[data-id="divergence"]');
  await box.waitFor({ state: 'visible', timeout: 60_000 });
  const message = await box.textContent();
  assert.match(message, /diverged and stopped: .* at step \d+/);
  assert.match(message, /The learning rate 1000000 is too large for sgd: try a smaller one \(for example 100000, or adam with 0\.001\); changing it starts again from the seed\./);
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  await screenshot(page, 'page-divergence');
  await page.fill('#opt-lr', '0.01');
  await page.waitForFunction(() => document.querySelector('[data-id="divergence"]').hidden && !document.querySelector('[data-id="play"]').disabled);
  assert.deepEqual(errors, []);
  await page.close();
});

test('readable on a phone, every control named; the seed picks the start', async () => {
  const { page, errors } = await open({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`);
  // every control and every drawing has a name a screen reader can say
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('main input, main select, main button, main canvas')].filter((e) => {
    const by = e.getAttribute('aria-labelledby');
    const name = (by && document.getElementById(by)?.textContent.trim()) || e.getAttribute('aria-label') || [...(e.labels ?? [])].some((l) => l.textContent.trim())
      || (e.tagName === 'BUTTON' && e.textContent.trim()) || e.title;
    return !name;
  }).map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await screenshot(page, 'page-phone');
  // another seed starts from other weights; the first seed again gives the very same start
  const atStart = async () => {
    await page.waitForTimeout(400);   // the settings apply after a short pause in typing
    await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0' && document.querySelector('[data-id="status"]').textContent === 'Paused.' && document.querySelector('[data-id="accuracy"]').textContent.includes('%'));
    return text(page, 'testloss');
  };
  const seed42 = await atStart();
  await page.fill('#opt-seed', '7');
  const seed7 = await page.waitForFunction((before) => document.querySelector('[data-id="testloss"]').textContent !== before && document.querySelector('[data-id="testloss"]').textContent, seed42).then((h) => h.jsonValue());
  assert.notEqual(seed7, seed42);
  await page.fill('#opt-seed', '42');
  await page.waitForFunction((before) => document.querySelector('[data-id="testloss"]').textContent !== before, seed7);
  assert.equal(await atStart(), seed42);
  assert.deepEqual(errors, []);
  await page.close();
});

// The worker's calls, in Node on the built package: a run replays bit for bit from its seed (what
// Reset relies on), its batches are the epoch order of the core, and inspect's numbers agree
// with the minimum API's forward.
test('TrainingRun replays bit-identically and agrees with Trainer', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { ROOT } = await import('./lib/harness.mjs');
  const core = await import(join(ROOT, 'www', 'pkg', 'cnn_playground.js'));
  core.initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'cnn_playground_bg.wasm')) });
  const bytes = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
  const train = core.Dataset.fromMnist(bytes, 'train'); const test = core.Dataset.fromMnist(bytes, 'test');
  assert.equal(train.length, 8000); assert.equal(test.length, 2000);
  const spec = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
  const opt = { type: 'adam', lr: 0.001 };
  const run = (chunks) => {
    const r = new core.TrainingRun(spec, opt, 7, 32);
    const losses = chunks.flatMap((n) => Array.from(r.trainSteps(train, n)));
    return { r, losses, w: r.weights().map((p) => Array.from(p.values)) };
  };
  const a = run([30]); const b = run([1, 12, 17]);
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(a.w, b.w);
  assert.equal(a.r.imagesSeen, 30 * 32);
  assert.ok(a.losses.slice(-5).reduce((s, v) => s + v) < a.losses.slice(0, 5).reduce((s, v) => s + v));
  // The same weights through the minimum API give the same probabilities as inspect, once the
  // raw digit is standardized as every digit is on its way into a TrainingRun's network.
  const t = new core.Trainer(spec, opt, 7);
  for (const p of a.r.weights()) t.setParam(p.name, p.values);
  const image = test.image(3);
  const inspected = a.r.inspect(image);
  const { mean, std } = core.inputScaling();
  assert.ok(Math.abs(mean - 0.1307) < 1e-6 && Math.abs(std - 0.3081) < 1e-6);
  const standardized = core.standardizeDigit(image);
  assert.ok(Math.abs(standardized[0] - (image[0] - mean) / std) < 1e-5);
  assert.deepEqual(Array.from(inspected.probabilities), Array.from(t.forward(standardized, 1)));
  assert.notDeepEqual(Array.from(inspected.probabilities), Array.from(t.forward(image, 1)));
  assert.equal(inspected.layers.length, spec.layers.length);
  assert.ok(inspected.layers[2].switches instanceof Uint32Array);
  const e = a.r.evaluate(test);
  assert.equal(e.count, 2000); assert.equal(e.correct, Math.round(e.accuracy * 2000));
  assert.throws(() => core.prepareDigit(new Float32Array(100), 10, 10), /drawing is empty/);
  assert.throws(() => core.Dataset.fromMnist(bytes.subarray(0, 100), 'train'), /truncated/);
});
