// The Train view (#view=train) in headless Chromium: it trains real digits and draws every
// panel with its colour legend; an edit stops training, shows what is wrong beside its layer and
// offers to undo; layers go in where they fit; keys, the drawing pad, the max-pool winners, the
// first-visit guide, the link, divergence, a phone, and Chinese. Screenshots go to
// tests/e2e/screenshots/page-*.png. The view's numbers (evaluation steps, smoothing, the
// accuracy axis) and the worker's calls are also checked in Node.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, collectConsoleErrors, loadCore, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();
const en = (await import(join(ROOT, 'www', 'i18n', 'en.js'))).default;
const zh = (await import(join(ROOT, 'www', 'i18n', 'zh.js'))).default;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** A fresh page (its own storage) on `hash`, waited until the first run is measured. */
async function open(hash = '#view=train', { viewport = DESKTOP, query = '', ...options } = {}) {
  const page = await playground.newPage({ viewport, ...options });
  page.setDefaultTimeout(90_000);   // generous: other test files may share the 2 cores
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}${query}${hash}`);
  await page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'));
  return { page, errors };
}

const text = (page, id) => page.locator(`[data-id="${id}"]`).textContent();
const number = async (page, id) => Number((await text(page, id)).replace(/[,%]/g, ''));
const status = (page) => text(page, 'status');
/** Waits until paused and the pause's own measurement is shown (the accuracy at the step shown). */
const paused = (page) => page.waitForFunction(() => document.querySelector('[data-id="status"]').textContent === 'Paused.'
  && document.querySelector('[data-id="accuracy-label"]').textContent === `test accuracy (step ${document.querySelector('[data-id="steps"]').textContent})`);
const stepsAtLeast = (page, n) => page.waitForFunction((m) => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')) >= m, n);
/** The accuracy table under the chart: [[step, accuracy %, loss]]. */
const accuracyRows = (page) => page.$$eval('[data-id="accuracy-table"] tr', (rows) => rows.map((r) => [...r.children].map((td) => Number(td.textContent.replace(/[,%]/g, '')))));

/** Standard deviation of the canvas's pixels (0 for a blank or one-colour canvas). */
function pixelSpread(page, selector) {
  return page.$$eval(selector, (canvases) => canvases.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0; let sum = 0; let sq = 0;
    for (let i = 0; i < data.length; i += 4) { const v = data[i] + data[i + 1] + data[i + 2] + (255 - data[i + 3]); n++; sum += v; sq += v * v; }
    return Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
  }));
}

/** Pixels of the highlight yellow (#fab005) on the feature map at `nth` (1-based figure). */
const yellowPixels = (page, nth) => page.$eval(`[data-id="maps"] figure:nth-child(${nth}) > canvas`, (c) => {
  const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  let yellow = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] > 240 && data[i + 1] > 160 && data[i + 1] < 190 && data[i + 2] < 40) yellow++;
  return yellow;
});

test('training lowers the loss, draws every panel with its colour legend, and the accuracy curve replays at the same steps', async () => {
  const { page, errors } = await open();
  const startLoss = await number(page, 'testloss');
  assert.ok(startLoss > 2, `an untrained network's test loss is about ln 10 = 2.3, not ${startLoss}`);
  await page.keyboard.press('Space');
  await stepsAtLeast(page, 110);
  await page.keyboard.press('Space');
  await paused(page);
  const steps = await number(page, 'steps');
  assert.ok(await number(page, 'seen') >= steps * 32);
  assert.ok(await number(page, 'rate') > 0);
  const accuracy = await number(page, 'accuracy');
  assert.ok(accuracy > 60, `test accuracy after ${steps} steps: ${accuracy}%`);
  assert.equal(await text(page, 'accuracy-label'), `test accuracy (step ${steps})`);
  assert.ok(await number(page, 'testloss') < startLoss / 2);
  for (const [selector, min] of [['[data-id="kernels"] figure > canvas', 2], ['[data-id="maps"] figure > canvas', 7], ['[data-id="softmax"]', 1], ['[data-id="curves"] canvas', 1], ['[data-id="dense"] figure > canvas', 1]]) {
    const spreads = await pixelSpread(page, selector);
    assert.ok(spreads.length >= min, `${selector}: ${spreads.length} canvases`);
    spreads.forEach((s, i) => assert.ok(s > 3, `${selector} #${i} is blank (spread ${s})`));
  }
  // One colour scale per kind, each with its legend: weights diverging, the input gray, activations sequential.
  const legends = async (host) => page.$$eval(`[data-id="${host}"] figure .color-legend`, (l) => l.map((e) => e.getAttribute('aria-label')));
  assert.equal((await legends('kernels')).length, 2);
  for (const l of [...await legends('kernels'), ...await legends('dense')]) assert.match(l, /^weight: blue negative, white zero, red positive, from -\S+ to \S+$/);
  const maps = await legends('maps');
  assert.equal(maps[0], 'pixel: black 0 to white 1');
  for (const l of maps.slice(1)) assert.match(l, /^output: dark purple low to yellow high, from \S+ to \S+$/);
  // Test accuracy at the fixed steps only, the same in every run: Reset, train again, compare.
  const first = await accuracyRows(page);
  assert.deepEqual(first.map(([s]) => s).slice(0, 6), [0, 10, 25, 50, 75, 100]);
  assert.ok(first.every(([s]) => [0, 10, 25, 50, 75, 100, 150, 200, 300].includes(s)), JSON.stringify(first));
  await screenshot(page, 'page-trained-1280');
  await page.click('[data-id="reset"]');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0');
  assert.equal(await number(page, 'testloss'), startLoss, 'Reset starts from the very same weights');
  await page.keyboard.press('Space');
  await stepsAtLeast(page, 101);
  await page.keyboard.press('Space');
  const again = await accuracyRows(page);
  assert.deepEqual(again.slice(0, 6), first.slice(0, 6), 'the second run measures the same steps and gets the same numbers');
  // Loss smoothing: the chart shows the raw loss and a smoothed line; 0 turns smoothing off.
  assert.match(await page.locator('[data-id="curves"] .u-legend').innerText(), /training loss[\s\S]*training loss, smoothed[\s\S]*test accuracy/);
  await page.locator('[data-id="smoothing"]').fill('0');
  assert.equal(await text(page, 'smoothing-value'), '0.00');
  assert.deepEqual(errors, []);
  await page.close();
});

test('while training, a panel out of view waits until it scrolls into view; a pause draws every panel', async () => {
  const { page, errors } = await open();
  const evaluationStep = async () => Number((await page.locator('[data-id="evaluation"] .eval-summary').innerText()).match(/after step ([\d,]+)/)[1].replace(/,/g, ''));
  assert.equal(await evaluationStep(), 0, 'the untrained network is measured and drawn before Play');
  await page.keyboard.press('Space');
  await stepsAtLeast(page, 260);
  assert.equal(await status(page), 'Training…');
  assert.equal(await evaluationStep(), 0, 'the evaluation panel, out of view at 1280 x 800, waits while the view trains');
  await page.locator('[data-id="evaluation"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /after step ([1-9][\d,]*)/.test(document.querySelector('[data-id="evaluation"] .eval-summary').textContent));
  assert.equal(await status(page), 'Training…', 'it drew the latest measurement while the view trains');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.keyboard.press('Space');
  await paused(page);
  await page.waitForFunction(() => document.querySelector('[data-id="evaluation"] .eval-summary').textContent.includes(`after step ${document.querySelector('[data-id="steps"]').textContent}:`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('an edit while training stops it at once and says why; the core\'s reason shows beside its layer, the layers before keep their shapes', async () => {
  const { page, errors } = await open();
  await page.click('[data-id="play"]');
  await stepsAtLeast(page, 12);
  const atEdit = await number(page, 'steps');
  await page.fill('#layer-3-kernel', '99');
  assert.equal(await status(page), 'Training stopped: fix the network to train.');
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  await page.waitForTimeout(2000);   // the worker's answer to the pause: the step its last chunk reached
  const stopped = await number(page, 'steps');
  assert.ok(stopped - atEdit < 40, `at most the chunk in flight: ${atEdit} -> ${stopped}`);
  await page.waitForTimeout(1500);
  assert.equal(await number(page, 'steps'), stopped, 'no step is taken with the old network');
  const message = page.locator('.layer.invalid .layer-error');
  assert.match(await message.textContent(), /^layer 3 \(conv2d\): kernel 99 is larger than the padded input 18 x 18/);
  const shapes = await page.$$eval('.layer .layer-shape', (s) => s.map((e) => e.textContent));
  assert.deepEqual(shapes.slice(0, 3), ['→ 8 x 28 x 28 · 208 parameters', '→ 8 x 28 x 28', '→ 8 x 14 x 14']);
  assert.ok(shapes.slice(3).every((s) => s === '→ ? (fix the layer above first)'), shapes.join(' | '));
  await page.fill('#layer-3-kernel', 'x');
  assert.match(await message.textContent(), /^layer 3 \(conv2d\): kernel must be a whole number from 1 to 100000, or two as height x width like 3x5, not "x"$/);
  await screenshot(page, 'page-invalid-layer');
  await page.fill('#layer-3-kernel', '3x5');
  await page.waitForFunction(() => !document.querySelector('.layer.invalid'));
  assert.equal(await page.locator('.layer[data-index="3"] .layer-shape').textContent(), '→ 16 x 16 x 14 · 1,936 parameters');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0');
  assert.equal(await status(page), 'Training stopped: the network changed. Press Play to train it from step 0.');
  assert.match(new URL(page.url()).hash, /net=1x28x28,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k3x5:p2,relu,maxpool:3,flatten,dense:10/);
  // A network the core can build but that does not fit the data: the builder says what to change, beside the layer.
  await page.fill('#layer-7-units', '5');
  assert.equal(await page.locator('.layer[data-index="7"] .layer-error').textContent(), 'The network ends with 5 outputs, but the data has 10 classes: give the last dense layer 10 units.');
  assert.equal(await status(page), 'Training stopped: fix the network to train.');
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  await page.fill('#layer-7-units', '10');
  await page.waitForFunction(() => !document.querySelector('.layer.invalid') && !document.querySelector('[data-id="play"]').disabled);
  await page.fill('#opt-lr', '-1');
  assert.equal(await text(page, 'settings-error'), 'learning rate must be a number greater than 0, not "-1"');
  assert.equal(await status(page), 'Training stopped: fix the optimizer settings to train.');
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Add layer puts a layer where it fits, or where chosen; a misplaced one is named and the layers before it keep their shapes', async () => {
  const { page, errors } = await open();
  await page.selectOption('#add-layer-type', 'conv2d');
  assert.equal(await page.inputValue('#add-layer-at'), '6', 'a conv2d fits before flatten');
  assert.equal(await page.locator('#add-layer-at option:checked').textContent(), 'before layer 6 (flatten)');
  await page.click('[data-id="add-layer"]');
  assert.equal(await page.locator('.layer.invalid').count(), 0);
  assert.equal(await page.locator('.layer[data-index="6"] .layer-shape').textContent(), '→ 8 x 2 x 2 · 1,160 parameters');
  assert.equal(await text(page, 'net-summary'), '9 layers, 4,914 parameters');
  await page.selectOption('#add-layer-type', 'dense');
  assert.equal(await page.inputValue('#add-layer-at'), '8', 'a dense layer fits before the output layer');
  await page.selectOption('#add-layer-type', 'conv2d');
  await page.selectOption('#add-layer-at', '9');   // at the end, after the output: the user's choice
  await page.click('[data-id="add-layer"]');
  assert.match(await page.locator('.layer[data-index="9"] .layer-error').textContent(), /^layer 9 \(conv2d\): input is flat \(10 values\)/);
  const shapes = await page.$$eval('.layer .layer-shape', (s) => s.map((e) => e.textContent));
  assert.ok(shapes.slice(0, 9).every((s) => s.startsWith('→ ') && !s.includes('?')), shapes.join(' | '));
  assert.equal(shapes[9], '→ ? (fix the layer above first)');
  await screenshot(page, 'page-added-layer');
  await page.click('[aria-label="remove layer 9"]');
  assert.equal(await page.locator('.layer.invalid').count(), 0);
  await page.click('[data-id="reference"]');
  assert.equal(await text(page, 'net-summary'), '8 layers, 5,994 parameters');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an edit that discards a run offers Undo, which brings the run back; typing on keeps it', async () => {
  const { page, errors } = await open();
  await page.click('[data-id="play"]');
  await stepsAtLeast(page, 30);
  await page.click('[data-id="play"]');
  await paused(page);
  const trained = await number(page, 'steps');
  const curve = await accuracyRows(page);
  for (const typed of ['0.002', '0.0025']) {   // typing on: the second run (0 steps) is not kept over the first
    await page.fill('#opt-lr', typed);
    await page.waitForFunction((lr) => location.hash.includes(`opt=adam:${lr}&`) && document.querySelector('[data-id="steps"]').textContent === '0', typed);
  }
  assert.equal(await page.locator('[data-id="notice"]').isVisible(), true);
  assert.equal(await text(page, 'notice-text'), `Started again from step 0; the run of ${trained} steps is kept until the next change.`);
  await page.click('[data-id="undo"]');
  await page.waitForFunction((n) => document.querySelector('[data-id="steps"]').textContent === String(n), trained);
  assert.equal(await page.inputValue('#opt-lr'), '0.001');
  assert.match(new URL(page.url()).hash, /opt=adam:0\.001&/);
  assert.deepEqual(await accuracyRows(page), curve, 'the curve comes back with the run');
  assert.equal(await page.locator('[data-id="notice"]').isVisible(), false);
  await page.keyboard.press('Space');   // and it trains on from where it was
  await stepsAtLeast(page, trained + 5);
  await page.keyboard.press('Space');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keys: Space plays and pauses also after a click on Next or Reset; S steps, N picks the next digit, R resets; they are listed', async () => {
  const { page, errors } = await open();
  assert.match(await page.locator('#shortcuts').innerText(), /Space\s+play \/ pause\s+S\s+one step\s+R\s+reset\s+N\s+next test digit/);
  assert.match(await text(page, 'digit-caption'), /^test digit 0, labelled \d$/);
  await page.click('[data-id="next"]');
  await page.waitForFunction(() => /^test digit 1, labelled \d$/.test(document.querySelector('[data-id="digit-caption"]').textContent));
  await page.keyboard.press('Space');   // the focused Next button is not pressed again
  assert.equal(await status(page), 'Training…');
  assert.equal(await page.inputValue('[data-id="index"]'), '1');
  await stepsAtLeast(page, 3);
  await page.keyboard.press('Space');
  assert.match(await status(page), /^(Pausing after the steps under way…|Paused\.)$/);   // at once; Paused once the steps under way are done
  await page.waitForFunction(() => document.querySelector('[data-id="status"]').textContent === 'Paused.');
  await page.click('[data-id="reset"]');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0');
  await page.keyboard.press('Space');
  assert.equal(await status(page), 'Training…');
  await page.keyboard.press('Space');
  const before = await number(page, 'steps');
  await page.waitForFunction(() => document.querySelector('[data-id="status"]').textContent === 'Paused.');
  await page.keyboard.press('s');
  await page.waitForFunction((n) => Number(document.querySelector('[data-id="steps"]').textContent) > n, before);
  await page.keyboard.press('n');
  assert.equal(await page.inputValue('[data-id="index"]'), '2');
  await page.keyboard.press('r');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0');
  await page.fill('[data-id="index"]', '');   // typing in a field: its own keys, no shortcut
  await page.keyboard.press('s');
  await page.waitForTimeout(500);
  assert.equal(await text(page, 'steps'), '0', 'S typed in a field takes no step');
  assert.equal(await text(page, 'index-error'), 'test digit must be a whole number from 0 to 1999: type one, or press Next');
  assert.equal(await page.getAttribute('[data-id="index"]', 'aria-invalid'), 'true');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone: a tap on a max-pool map pins its winners; a tap on the drawing pad asks for a digit', async () => {
  const { page, errors } = await open('#view=train', PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`);
  const pool = page.locator('[data-id="maps"] figure:nth-child(4) > canvas');   // layer 2 (maxpool)
  assert.match(await page.locator('[data-id="maps"] figure:nth-child(4) > figcaption').textContent(), /^layer 2 \(maxpool\): 8 x 14 x 14$/);
  assert.equal(await yellowPixels(page, 3), 0);
  await pool.tap({ position: { x: 12, y: 12 } });
  assert.ok(await yellowPixels(page, 3) > 0, 'the window\'s winner is marked on the map it pooled');
  await page.click('[data-id="step"]');   // a new snapshot keeps the pin
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '1');
  await page.waitForTimeout(200);
  assert.ok(await yellowPixels(page, 3) > 0, 'still marked after a new snapshot');
  await pool.tap({ position: { x: 12, y: 12 } });
  assert.equal(await yellowPixels(page, 3), 0, 'a second tap unpins it');
  // The last layer's ten outputs are numbered 0 to 9 under their cells.
  const labelled = await page.$eval('[data-id="maps"] figure:last-child > canvas', (c) => {
    const { data } = c.getContext('2d').getImageData(0, c.height - 12 * devicePixelRatio, c.width, 12 * devicePixelRatio);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 100 && Math.abs(data[i] - 0x5c) < 40 && Math.abs(data[i + 2] - 0x7a) < 40) ink++;
    return ink;
  });
  assert.ok(labelled > 20, `digit labels under the dense output (${labelled} pixels)`);
  const pad = page.locator('canvas.drawpad');
  await pad.tap({ position: { x: 80, y: 80 } });
  await page.waitForFunction(() => /too little ink/.test(document.querySelector('[data-id="draw-message"]').textContent));
  assert.equal(await text(page, 'draw-message'), 'Draw a digit: this is too little ink to be one (a tap or a dot is not a digit).');
  // the softmax panel says the same at its next frame, and shows no prediction
  await page.waitForFunction(() => document.querySelector('[data-id="softmax-caption"]').textContent === document.querySelector('[data-id="draw-message"]').textContent);
  assert.doesNotMatch(await text(page, 'softmax-caption'), /predicted/);
  assert.equal(await page.isChecked('input[value="drawing"]'), true);
  await screenshot(page, 'page-phone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drawn digit is read; hover shows the max-pool winners while training', async () => {
  const { page, errors } = await open();
  await page.click('[data-id="play"]');
  await stepsAtLeast(page, 50);
  await page.hover('[data-id="maps"] figure:nth-child(4) > canvas', { position: { x: 10, y: 10 } });
  const before = await number(page, 'steps');
  await stepsAtLeast(page, before + 15);
  await page.waitForTimeout(300);
  assert.ok(await yellowPixels(page, 3) > 0, 'the hovered window is still marked after new snapshots');
  await page.click('[data-id="play"]');
  await paused(page);
  await page.mouse.move(0, 0);
  await page.locator('canvas.drawpad').scrollIntoViewIfNeeded();
  const pad = await page.locator('canvas.drawpad').boundingBox();
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.15);   // a "1": one vertical stroke
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * (0.15 + 0.07 * i));
  await page.mouse.up();
  await page.waitForFunction(() => /^The network reads it as \d \(/.test(document.querySelector('[data-id="draw-message"]').textContent), null, { timeout: 30_000 })
    .catch(async (err) => { throw new Error(`${err.message}: the message under the pad says "${await text(page, 'draw-message')}", the pad at ${JSON.stringify(pad)}`); });
  const [spread] = await pixelSpread(page, '[data-id="prepared"]');
  assert.ok(spread > 3, 'the prepared 28 x 28 digit is drawn');
  assert.match(await text(page, 'softmax-caption'), /^predicted \d \(\d+(\.\d)?%\)$/);
  assert.equal(await text(page, 'digit-caption'), 'your drawing');
  await screenshot(page, 'page-drawing');
  await page.click('.drawpad-tools button');
  assert.equal(await text(page, 'draw-message'), 'The drawing is empty: draw a digit (0 to 9) in the box.');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a first-visit guide lists what to try, ticks what was done, and stays away once dismissed', async () => {
  const { page, errors } = await open();
  const guide = page.locator('.guide');
  assert.equal(await guide.isVisible(), true);
  const items = await guide.locator('li').allInnerTexts();
  assert.equal(items.length, 4);
  assert.match(items[0], /Press Play/);
  assert.match(items[1], /Draw a digit/);
  assert.match(items[2], /learning rate to 10/);
  assert.match(items[3], /race optimizers/);
  assert.equal(await guide.locator('a[href="#view=race"]').count(), 1);
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  assert.equal(await guide.locator('li.done').count(), 1, 'pressing Play ticks the first step');
  await page.click('.guide-close');
  assert.equal(await guide.isVisible(), false);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'));
  assert.equal(await page.locator('.guide').isVisible(), false, 'dismissed once, remembered');
  await page.click('.guide-reopen');
  assert.equal(await page.locator('.guide').isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the settings and the network live in the link: read on load, written as they change; a bad value is named', async () => {
  const link = '#v=1&view=train&net=1x28x28,conv2d:4:k3,relu,flatten,dense:10&opt=momentum:0.05:momentum=0.5&batch=16&seed=7';
  const { page, errors } = await open(link);
  assert.equal(await page.inputValue('#opt-type'), 'momentum');
  assert.equal(await page.inputValue('#opt-lr'), '0.05');
  assert.equal(await page.inputValue('#opt-momentum'), '0.5');
  assert.equal(await page.inputValue('#opt-batch'), '16');
  assert.equal(await page.inputValue('#opt-seed'), '7');
  assert.equal(await page.locator('.layer').count(), 4);
  assert.equal(new URL(page.url()).hash, '#v=1&view=train&net=1x28x28,conv2d:4:k3,relu,flatten,dense:10&data=mnist&opt=momentum:0.05:momentum=0.5&batch=16&seed=7&play=0');
  await page.selectOption('#opt-type', 'rmsprop');   // a changed type starts from its own learning rate
  assert.equal(await page.inputValue('#opt-lr'), '0.001');
  assert.equal(await page.inputValue('#opt-alpha'), '0.99');
  await page.fill('#layer-0-filters', '6');
  await page.waitForFunction(() => /net=1x28x28,conv2d:6:k3,relu,flatten,dense:10&data=mnist&opt=rmsprop:0\.001&batch=16&seed=7/.test(location.hash));
  // A link with bad values: each is named with what is allowed; the rest applies; play=1 trains.
  const bad = await open('#view=train&batch=abc&opt=sgd:0.1,adam:0.001&seed=5&play=1');
  const warnings = await bad.page.locator('[data-id="warnings"]').innerText();
  assert.match(warnings, /batch=abc: not a whole number: use a whole number from 1 to 4096; batch keeps its default/);
  assert.match(warnings, /opt=sgd:0\.1,adam:0\.001: 2 optimizers given: the Train view trains one, like adam:0\.001/);
  assert.equal(await bad.page.inputValue('#opt-seed'), '5');
  await stepsAtLeast(bad.page, 1);
  assert.equal(await text(bad.page, 'play'), '❚❚ Pause');
  await bad.page.click('[data-id="play"]');
  await screenshot(bad.page, 'page-link-warnings');
  assert.deepEqual([...errors, ...bad.errors], []);
  await page.close();
  await bad.page.close();
});

test('a huge learning rate is caught as divergence, with the step and what to try', async () => {
  const { page, errors } = await open('#view=train&opt=sgd:1000000');
  await page.click('[data-id="play"]');
  const box = page.locator('[data-id="divergence"]');
  await box.waitFor({ state: 'visible' });
  const message = await box.textContent();
  assert.match(message, /^Training diverged and stopped: .* at step \d+/);
  assert.match(message, /The learning rate 1,000,000 is too large for sgd: try a smaller one \(for example 100,000, or adam with 0\.001\); changing it starts again from the seed\.$/);
  assert.equal(await status(page), 'Stopped: diverged.');
  assert.equal(await page.isDisabled('[data-id="play"]'), true);
  assert.equal(await page.locator('.guide li.done').count(), 2, 'play and diverge are ticked in the guide');
  // the test digits' outputs overflow to NaN before the training loss does: the evaluation says so
  await page.waitForFunction(() => document.querySelector('.evaluation [data-id="summary"]')?.textContent.includes('not numbers'));
  assert.match(await page.locator('.evaluation [data-id="summary"]').textContent(), /^after step \d+ the network's outputs on the test images are not numbers: .* Lower the learning rate and start again\.$/);
  assert.equal(await page.locator('.evaluation [data-id="grid"]').isVisible(), false, 'no confusion matrix of numbers that are not numbers');
  await screenshot(page, 'page-divergence');
  await page.fill('#opt-lr', '0.01');
  await page.waitForFunction(() => document.querySelector('[data-id="divergence"]').hidden && !document.querySelector('[data-id="play"]').disabled);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every control is named, in English and in Chinese; the Chinese view shows no English but names; the seed picks the start', async () => {
  for (const [lang, viewport] of [['en', DESKTOP], ['zh', DESKTOP], ['zh', PHONE.viewport]]) {
    const { page, errors } = await open('#view=train', { viewport, query: `?lang=${lang}` });
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('main input, main select, main button, main canvas:not([aria-hidden])')].filter((e) => {
      if (e.parentElement.closest('[role="img"][aria-label]')) return false;   // a chart's canvases: the chart is named
      const by = e.getAttribute('aria-labelledby');
      const name = (by && document.getElementById(by)?.textContent.trim()) || e.getAttribute('aria-label') || [...(e.labels ?? [])].some((l) => l.textContent.trim())
        || (e.tagName === 'BUTTON' && e.textContent.trim()) || e.title;
      return !name;
    }).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, [], `${lang}: unnamed controls`);
    if (lang === 'zh') {
      assert.equal(await status(page), zh['train.status.paused']);
      // Words of three or more Latin letters left on screen must be names: layer and optimizer
      // types, MNIST, Softmax, epoch, the page's own name.
      const shown = await page.evaluate(() => document.querySelector('main').innerText + [...document.querySelectorAll('main [title], main [aria-label]')].map((e) => ` ${e.title} ${e.getAttribute('aria-label') ?? ''}`).join(''));
      const names = new Set(['conv2d', 'dense', 'maxpool', 'avgpool', 'relu', 'sigmoid', 'tanh', 'leaky_relu', 'flatten', 'sgd', 'momentum', 'adagrad', 'rmsprop', 'adam', 'MNIST', 'Softmax', 'SOFTMAX', 'softmax', 'epoch', 'cnn', 'playground', 'ReLU', 'Leaky', 'Sigmoid', 'Adagrad', 'RMSProp', 'Adam', 'SGD', 'PyTorch', 'max', 'tanh']);
      // The Save and export panel's file names (model.py, .cnnp) and the formats and tools it
      // names; a link's parameters as typed (?workers=N).
      const files = new Set(['ONNX', 'state_dict', 'zip', 'opset', 'onnxruntime', 'Netron']);
      const english = [...shown.replace(/[\w-]*\.(cnnp|safetensors|py|json|onnx|zip)\b/g, '').replace(/\?\w+=\w+/g, '').matchAll(/[A-Za-z_]{3,}\w*/g)].map((m) => m[0]).filter((w) => !names.has(w) && !files.has(w));
      assert.deepEqual([...new Set(english)], [], 'English words in the Chinese Train view');
    }
    await screenshot(page, `page-${lang}-${viewport.width}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  const { page, errors } = await open('#view=train', PHONE);
  /** The test loss of the new run's start once it differs from `before` (each seed's start is its own). */
  const atStart = async (seed, before) => {
    await page.fill('#opt-seed', seed);
    await page.waitForFunction((b) => document.querySelector('[data-id="testloss"]').textContent !== b, before);
    assert.match(new URL(page.url()).hash, new RegExp(`seed=${seed}&`));
    assert.equal(await text(page, 'steps'), '0');
    return text(page, 'testloss');
  };
  const seed1 = await text(page, 'testloss');
  const seed7 = await atStart('7', seed1);
  assert.equal(await atStart('1', seed7), seed1, 'the first seed again gives the very same start');
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching the language in place keeps the run, the typed values and their messages', async () => {
  const { page, errors } = await open();
  await page.click('[data-id="step"]');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '1');
  await page.fill('#layer-0-filters', '0');
  assert.match(await page.locator('.layer[data-index="0"] .layer-error').textContent(), /^layer 0 \(conv2d\): filters must be a whole number from 1 to 100000, not "0"$/);
  await page.selectOption('#language', 'zh');
  await page.waitForFunction((s) => document.querySelector('[data-id="status"]').textContent === s, zh['train.status.fixNetwork']);
  assert.equal(await text(page, 'steps'), '1', 'the run is still there');
  assert.equal(await page.inputValue('#layer-0-filters'), '0', 'what was typed stays');
  assert.equal(await page.locator('.layer[data-index="0"] .layer-error').textContent(), '第 0 层（conv2d）：卷积核个数必须是在 1 到 100000 之间的整数，而不是“0”');
  assert.equal(await page.locator('label[for="layer-0-filters"]').textContent(), zh['train.field.filters']);
  assert.match(await page.locator('#shortcuts').innerText(), /空格\s+开始 \/ 暂停/);
  assert.equal(await page.locator('.drawpad-tools button').textContent(), zh['drawpad.clear']);
  await page.fill('#layer-0-filters', '8');
  await page.waitForFunction(() => document.querySelector('[data-id="steps"]').textContent === '0');
  assert.equal(await page.locator('[data-id="notice"]').isVisible(), true, 'the one-step run can be brought back');
  await screenshot(page, 'page-zh-switched');
  assert.deepEqual(errors, []);
  await page.close();
});

// The view's numbers, in Node: the evaluation steps, the smoothing, the accuracy axis.
test('evaluation steps are fixed, the smoothing is debiased, and the accuracy axis gives 90-99% half the chart', async () => {
  const state = await import(join(ROOT, 'www', 'views', 'train', 'state.js'));
  const steps = [0];
  while (steps.length < 20) steps.push(state.nextEvalStep(steps.at(-1)));
  assert.deepEqual(steps, [0, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1250, 1500, 1750, 2000]);
  for (let s = 0; s <= 2000; s++) assert.equal(state.isEvalStep(s), steps.includes(s), `step ${s}`);
  assert.deepEqual(state.smooth([2, 2, 2], 0.9), [2, 2, 2], 'a constant stays itself from the first point (debiased)');
  const smoothed = state.smooth([1, 0, 1, 0, NaN, 1], 0.5);
  assert.ok(Math.abs(smoothed[1] - 1 / 3) < 1e-12 && Number.isNaN(smoothed[4]) && smoothed[5] > smoothed[3]);
  assert.deepEqual(state.smooth([3, 1], 0), [3, 1]);
  const axis = [0, 0.9, 0.99].map(state.accuracyToAxis);
  assert.ok(Math.abs(axis[1] - 1) < 1e-12 && Math.abs(axis[2] - 2) < 1e-12 && axis[0] === 0, `${axis}`);
  assert.ok(Math.abs(state.axisToAccuracy(state.accuracyToAxis(0.95)) - 0.95) < 1e-12);
  assert.equal(state.accuracyToAxis(1), 3, 'a perfect score is drawn at 99.9%, not at infinity');
  const thinned = state.thin([...Array(10).keys()], [...Array(10).keys()], 4);
  assert.deepEqual(thinned.xs, [0, 3, 6, 9]);
  // every catalog key the view builds from the core's schema exists in both languages
  const core = await loadCore();
  const schema = core.describeSchema();
  const keys = [...schema.layers.flatMap((l) => [`train.layerDoc.${l.type}`, ...l.fields.flatMap((f) => [`train.field.${f.name}`, `train.fieldDoc.${f.name}`])]),
    ...schema.optimizers.flatMap((o) => [`train.optimizerDoc.${o.type}`, ...o.fields.flatMap((f) => [`train.opt.${f.name}`, `train.optDoc.${f.name}`])]),
    ...['whole', 'number', 'size', 'padding'].flatMap((form) => [`train.error.${form}`, `train.error.${form}Empty`])];
  assert.deepEqual(keys.filter((k) => !(k in en) || !(k in zh)), []);
  assert.deepEqual(schema.link.train.keys, ['v', 'view', 'net', 'data', 'opt', 'batch', 'seed', 'play']);
});

// The worker's calls, in Node on the built package: a run replays bit for bit from its seed (what
// Reset relies on), its batches are the epoch order of the core, and inspect's numbers agree
// with the minimum API's forward.
test('TrainingRun replays bit-identically and agrees with Trainer', async () => {
  const core = await loadCore();
  const bytes = readFileSync(join(ROOT, 'www', 'data', 'mnist.bin'));
  const train = core.Dataset.fromMnist(bytes, 'train'); const test = core.Dataset.fromMnist(bytes, 'test');
  assert.equal(train.length, 8000); assert.equal(test.length, 2000);
  const spec = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));
  assert.deepEqual(core.parseLink('view=train').state.network, core.parseLink(`view=train&net=${encodeURIComponent(JSON.stringify(spec))}`).state.network, 'the Train view starts from the reference network');
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
