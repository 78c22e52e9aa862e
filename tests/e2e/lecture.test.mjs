// The lecture's views (and its glossary) in headless Chromium, in English and Chinese, on a
// laptop and a phone: every text from the catalogs (no key, no null / undefined / NaN, no
// English left in Chinese but names and formulas), crisp canvases, no text under 11 px, no
// sideways scrolling, no console errors; every field's bad value shows a message; one digit
// shows the same numbers in the digits, backprop and mini-batch views.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const en = (await import('../../www/i18n/en.js')).default;
const zh = (await import('../../www/i18n/zh.js')).default;
const playground = usePlayground();

/** Each view, and what shows that its numbers are in (the digits views wait for the worker). */
const VIEWS = {
  digits: '[data-id="features"]',
  'conv-size': '[data-id="sharing"]',
  'conv-step': '[data-id="stride"]',
  activations: '[data-id="map"] canvas',
  pooling: '[data-id="windows"]',
  softmax: '[data-id="crossEntropy"]',
  backprop: '[data-id="product"]',
  minibatch: '[data-id="batch"]',
  optimizers: '[data-id="steps"]',
  glossary: '[data-id="glossary"]',
};

async function open(page, view, { lang = 'en', embed = false } = {}) {
  const query = new URLSearchParams({ lang, ...(embed ? { embed: '1' } : {}) });
  await page.goto(`${playground.url}?${query}#view=${view}`);
  await page.waitForSelector(`.lecture ${VIEWS[view]}`, { timeout: 20_000 });
  if (view === 'digits') await page.waitForFunction(() => document.querySelector('[data-id="prediction"]').textContent !== '', null, { timeout: 20_000 });
}

/** What a person reads in the view: its text and its labels and titles. */
const readable = (page) => page.evaluate(() => {
  const root = document.querySelector('#view');
  const attributes = [...root.querySelectorAll('[aria-label], [title]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''}`);
  return [root.innerText, ...attributes].join('\n');
});

/** The texts meant to be in the page's language: all but code and what is marked English (the glossary's column). */
const ownLanguage = (page) => page.evaluate(() => {
  const root = document.querySelector('#view');
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!node.parentElement.closest('code, [lang="en"]')) texts.push(node.textContent);
  for (const e of root.querySelectorAll('[aria-label], [title]')) texts.push(e.getAttribute('aria-label') ?? '', e.getAttribute('title') ?? '');
  return texts.join('\n');
});

/** Names, symbols and formulas that stay as they are in Chinese (optimizers, activations, code). */
const NAMES = /\b(sgd|momentum|adagrad|rmsprop|adam|relu|sigmoid|tanh|leaky_relu|leaky|softmax|logits|PyTorch|mean|log|max|lr|[a-z])\b/gi;

async function checkTexts(page, view, lang) {
  const text = await readable(page);
  const catalogKey = Object.keys(en).find((key) => text.includes(key));
  assert.equal(catalogKey, undefined, `${view} (${lang}) shows the catalog key ${catalogKey}`);
  assert.doesNotMatch(text, /\b(null|undefined|NaN)\b/, `${view} (${lang}) shows null, undefined or NaN`);
  if (lang !== 'zh') return;
  const english = (await ownLanguage(page)).replace(NAMES, '').match(/[A-Za-z]{2,}/g);
  assert.equal(english, null, `English words in the Chinese ${view} view: ${english}`);
}

/** Every canvas drawn at the screen's pixel density, and no text smaller than 11 px. */
async function checkReadable(page, view) {
  const problems = await page.evaluate(() => {
    const out = [];
    const ratio = devicePixelRatio;
    for (const c of document.querySelectorAll('#view canvas')) {
      if (!c.clientWidth || c.matches('.drawpad, .color-legend-bar')) continue;   // the pad's pixels are the drawing; a legend bar is a smooth gradient
      if (c.width < c.clientWidth * ratio - 1) out.push(`canvas ${c.getAttribute('aria-label') ?? c.dataset.id}: ${c.width} px for ${c.clientWidth} CSS px at ${ratio}x`);
      const textPx = Number(c.dataset.textPx);
      const shown = textPx * (c.clientWidth / (c.width / ratio));
      if (textPx && shown < 11) out.push(`canvas ${c.getAttribute('aria-label')}: numbers at ${shown.toFixed(1)} px`);
    }
    const walker = document.createTreeWalker(document.querySelector('#view'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !parent.offsetParent) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 11) out.push(`text "${node.textContent.trim().slice(0, 30)}" at ${size} px`);
    }
    return out;
  });
  assert.deepEqual(problems, [], `${view}: ${problems.join('; ')}`);
}

for (const view of Object.keys(VIEWS)) {
  test(`lecture view "${view}" in English and Chinese, 1280 x 800 and 390 x 844: translated, readable, no errors`, async () => {
    const page = await playground.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
    const errors = collectConsoleErrors(page);
    for (const lang of ['en', 'zh']) {
      await open(page, view, { lang });
      assert.equal(await page.locator('nav a[aria-current="page"]').first().innerText(), lang === 'en' ? 'Lecture' : zh['nav.lecture']);
      assert.equal(await page.locator('nav .subnav a').count(), Object.keys(VIEWS).length);
      assert.equal(await page.locator('.lecture-status').textContent(), '', 'no refusal shown');
      await checkTexts(page, view, lang);
      await checkReadable(page, view);
      await screenshot(page, `lecture-${view}-${lang}-1280`);
      await open(page, view, { lang, embed: true });
      assert.equal(await page.locator('header.chrome').isVisible(), false, 'embedded: no page chrome');
      await page.setViewportSize({ width: 390, height: 844 });
      // charts follow their box's width on the next frames (a ResizeObserver): wait for them
      await page.waitForFunction(() => document.documentElement.scrollWidth - innerWidth <= 1, null, { timeout: 5_000 }).catch(() => {});
      await page.waitForTimeout(200);
      await checkTexts(page, view, lang);
      await checkReadable(page, view);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 1, `${view} (${lang}) is ${overflow} px wider than a phone`);
      await screenshot(page, `lecture-${view}-${lang}-390`);
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

/** Types `text` into field `id` and returns the message under it ('' when it is allowed). */
async function typeInto(page, id, text) {
  await page.locator(`.lecture input[data-id="${id}"]`).fill(text);
  return (await page.locator(`.lecture [data-id="${id}-error"]`).textContent()).trim();
}

test('every lecture field says what is wrong with a bad value, visibly, in the page’s language', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'conv-size');
  assert.equal(await typeInto(page, 'stride', '0'), 'stride S must be a whole number from 1 to 64, not "0"');
  assert.equal(await typeInto(page, 'stride', '1.5'), 'stride S must be a whole number from 1 to 64, not "1.5"');
  assert.ok(await page.locator('[data-id="stride-error"]').isVisible());
  assert.equal(await page.locator('.lecture-status').textContent(), en['lecture.fixField'], 'the view says its numbers are stale');
  assert.equal(await typeInto(page, 'stride', '2'), '');
  assert.equal(await page.locator('.lecture-status').textContent(), '');
  assert.equal(await typeInto(page, 'kernel', '99'), 'kernel F must be a whole number from 1 to 64, not "99"');
  await open(page, 'softmax');
  assert.equal(await typeInto(page, 'z1', '1000'), 'output z1 must be a number from -50 to 50, not "1000"');
  await open(page, 'optimizers');
  assert.equal(await typeInto(page, 'lr', '100'), 'learning rate must be a number above 0 and at most 10, not "100"');
  assert.equal(await typeInto(page, 'momentum-momentum', '1'), 'momentum μ must be a number from 0 up to, but not including, 1, not "1"');
  await open(page, 'activations');
  assert.equal(await typeInto(page, 'lr', '100'), 'learning rate must be a number above 0 and at most 10, not "100"');
  await open(page, 'conv-size', { lang: 'zh' });
  assert.equal(await typeInto(page, 'stride', '1.5'), '步长 S必须是 1 到 64 之间的整数，而不是“1.5”');
  // Every text field of every view refuses text that is not a number, with a message under it.
  for (const view of Object.keys(VIEWS)) {
    await open(page, view);
    const ids = await page.locator('.lecture input[type="text"]').evaluateAll((inputs) => inputs.map((i) => i.dataset.id));
    for (const id of ids) {
      const message = await typeInto(page, id, 'abc');
      assert.match(message, /must be .*, not "abc"$/, `${view} field ${id}: "${message}"`);
      assert.ok(await page.locator(`[data-id="${id}-error"]`).isVisible(), `${view} field ${id}: message not visible`);
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a refusal of the core is said in the page’s language; the formula and the notes are the core’s', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'conv-size');
  assert.match(await page.locator('[data-id="formula"] .equation').textContent(), /\(7 − 3 \+ 2·1\) \/ 2 \+ 1 = 3 \+ 1 = 4/);
  assert.equal(await page.locator('[data-id="divides"]').textContent(), 'S = 2 divides W − F + 2P = 6: the last window ends exactly at the edge.');
  // Padding only right and bottom: P counts once, in the formula and in the note.
  await page.locator('[data-id="oneSided"]').check();
  assert.match(await page.locator('[data-id="formula"] .equation').textContent(), /\(7 − 3 \+ 1\) \/ 2 \+ 1 = ⌊2\.50⌋ \+ 1 = 3/);
  assert.equal(await page.locator('[data-id="divides"]').textContent(),
    'S = 2 does not divide W − F + P = 5: the division is rounded down, and the last padded row and column (red) are covered by no window.');
  await page.locator('[data-id="oneSided"]').uncheck();
  // Stride 1 with P = (F − 1) / 2 keeps the size; the button sets it.
  assert.equal(await page.locator('[data-id="sameNote"]').textContent(), 'Padding P = (F − 1) / 2 = 1 keeps the size only at stride 1.');
  await page.locator('button[data-id="same"]').click();
  assert.equal(await page.locator('.lecture input[data-id="stride"]').inputValue(), '1');
  assert.equal(await page.locator('[data-id="sameNote"]').textContent(), 'The output is as large as the input (7 × 7).');
  assert.equal(await page.locator('button[data-id="same"]').isVisible(), false);
  await typeInto(page, 'input', '4');
  await typeInto(page, 'padding', '0');
  await typeInto(page, 'kernel', '5');
  assert.equal(await page.locator('.lecture-status').textContent(), 'The kernel (5) is larger than the padded input (4): make the kernel smaller, or the input or the padding larger.');
  await open(page, 'conv-size', { lang: 'zh' });
  await typeInto(page, 'input', '4');
  await typeInto(page, 'padding', '0');
  await typeInto(page, 'kernel', '5');
  assert.equal(await page.locator('.lecture-status').textContent(), '卷积核（5）比填充后的输入（4）还大：请把卷积核调小，或把输入或填充调大。');
  assert.deepEqual(errors, []);
  await page.close();
});

/** `fn(core, bytes, arg)` run in the page with the wasm core and the digits the page loaded. */
async function withCore(page, fn, arg) {
  return page.evaluate(async ([source, a]) => {
    const core = await import('./pkg-lecture/cnn_playground.js');
    const bytes = await (await import('./lib/mnist.js')).loadDigits();
    return new Function('core', 'bytes', 'arg', `return (${source})(core, bytes, arg);`)(core, bytes, a);
  }, [fn.toString(), arg]);
}

const numbersOf = (text) => text.trim().replace(/^\(|\)$/g, '').split(', ').map(Number);
const textOf = (page, selector) => page.locator(selector).first().textContent();

test('one digit gives one set of numbers in the digits, backprop and mini-batch views: the ones the network trains on', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'minibatch');
  const rows = await page.locator('[data-id="batch"] tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const span = tr.querySelector('[data-digit]');
    return { index: Number(span.dataset.digit), numbers: span.textContent };
  }));
  assert.equal(rows.length, 8);
  const picked = [rows[0], rows[3], rows[6]];
  const core = await withCore(page, (c, bytes, ids) => {
    const digits = new c.LectureDigits(bytes, undefined, 1);
    return ids.map((i) => Array.from(digits.features(i)));
  }, picked.map((r) => r.index));
  for (const [k, row] of picked.entries()) {
    numbersOf(row.numbers).forEach((v, i) => assert.ok(Math.abs(v - core[k][i]) < 0.005, `digit ${row.index}, number ${i}: ${v} vs ${core[k][i]}`));
  }
  for (const view of ['digits', 'backprop']) {
    await open(page, view);
    for (const row of picked) {
      await typeInto(page, 'digit', String(row.index));
      await page.waitForFunction((i) => document.querySelector('#view').innerText.includes(`#${i},`), row.index, { timeout: 10_000 });
      assert.equal(await textOf(page, '[data-id="features"]'), row.numbers, `${view}: digit ${row.index}`);
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('digits: the threshold and the window say whether they change the training set; making it that way retrains on it', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'digits');
  const note = () => textOf(page, '[data-id="recipeNote"]');
  assert.match(await note(), /^The training set is made the same way \(threshold 0\.5, 5 × 3 windows\)/);
  assert.equal(await page.locator('[data-id="rebuild"]').isVisible(), false);
  assert.match(await textOf(page, '[data-id="paddingNote"]'), /^The 5 × 3 windows need one column of zero padding \(hatched\): the image becomes 25 × 15/);
  const before = await textOf(page, '[data-id="features"]');
  await page.locator('[data-id="threshold"]').fill('0.3');
  assert.match(await note(), /^The training set stays as it was made \(threshold 0\.5, 5 × 3 windows\): this setting changes only the picture here/);
  assert.notEqual(await textOf(page, '[data-id="features"]'), before);
  await page.locator('select[data-id="window"]').selectOption('5x2');
  assert.equal(numbersOf(await textOf(page, '[data-id="features"]')).length, 35);
  assert.match(await textOf(page, '[data-id="paddingNote"]'), /tile 25 × 14 exactly \(5 × 7 windows\): no padding/);
  await page.waitForFunction(() => /These are 35 numbers, but the network reads 25/.test(document.querySelector('[data-id="prediction"]').textContent));
  assert.equal(await textOf(page, '[data-id="rebuild"]'), 'Make the training set this way (threshold 0.3, 5 × 2 windows) and start the network again');
  await page.locator('[data-id="rebuild"]').click();
  await page.waitForFunction(() => /^The training set is made the same way \(threshold 0\.3, 5 × 2 windows\)/.test(document.querySelector('[data-id="recipeNote"]').textContent), null, { timeout: 20_000 });
  assert.match(await page.locator('[data-id="layers"]').innerText(), /35 → 32\s+1,152/);
  await page.waitForFunction(() => /The network reads this \d as a \d/.test(document.querySelector('[data-id="prediction"]').textContent));
  assert.deepEqual(errors, []);
  await page.close();
});

test('digits: the network trains in the worker to a test accuracy; a drawing is read too, with its one-hot target', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'digits');
  assert.ok(page.workers().some((w) => w.url().endsWith('/lecture/digits-worker.js')), 'the digits live in lecture/digits-worker.js');
  await page.locator('[data-id="train"]').click();
  await page.waitForFunction(() => /step [\d,]+: mean loss/.test(document.querySelector('[data-id="info"]').textContent), null, { timeout: 60_000 });
  const frameMs = await page.evaluate(() => new Promise((resolve) => { const t0 = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t0)); }));
  assert.ok(frameMs < 1000, `a frame took ${frameMs} ms while training`);
  await page.waitForFunction(() => /right \(test loss/.test(document.querySelector('[data-id="info"]').textContent), null, { timeout: 60_000 });
  const info = await textOf(page, '[data-id="info"]');
  const accuracy = Number(/; ([\d.]+)% of the 2,000 test digits right/.exec(info)[1]);
  assert.ok(accuracy > 80, `accuracy ${accuracy}% from 25 numbers: ${info}`);   // node scripts/lecture-digits.mjs: 85.0%
  assert.equal(await page.locator('[data-id="progress"]').evaluate((p) => p.value), 1);
  await screenshot(page, 'lecture-digits-trained');
  await page.getByRole('button', { name: 'Clear' }).click();
  const pad = page.getByLabel(en['lecture.digits.padLabel']);
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /The network reads your drawing as a \d \(/.test(document.querySelector('[data-id="prediction"]').textContent), null, { timeout: 10_000 });
  assert.equal(await textOf(page, '[data-id="target"]'), en['lecture.digits.noTarget']);
  await page.locator('select[data-id="drawn"]').selectOption('1');
  await page.waitForSelector('[data-id="target"] canvas');
  assert.deepEqual(errors, []);
  await page.close();
});

test('backprop: the lecture’s w⁽²⁾₁₁ first; the chain-rule product is the backward pass; a hidden weight in the lecture’s notation', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'backprop');
  assert.match(await textOf(page, '[data-id="which"]'), /^∂L\/∂w⁽²⁾₁₁ for a \d/);
  assert.equal(await textOf(page, '[data-id="torch"]'), 'model[3].weight[0, 0]');
  assert.equal(await textOf(page, '[data-id="product"]'), await textOf(page, '[data-id="backward"]'));
  const numeric = Number(await textOf(page, '[data-id="numeric"]'));
  assert.ok(Math.abs(numeric - Number(await textOf(page, '[data-id="backward"]'))) < 2e-4);
  await page.locator('select[data-id="layer"]').selectOption('1');
  await typeInto(page, 'j', '3');
  await typeInto(page, 'k', '12');
  await page.waitForFunction(() => document.querySelector('[data-id="which"]').textContent.startsWith('∂L/∂w⁽¹⁾₃,₁₂'));
  assert.equal(await textOf(page, '[data-id="product"]'), await textOf(page, '[data-id="backward"]'));
  assert.match(await page.locator('.lecture').innerText(), /outlined: x12, the input this weight multiplies/);
  assert.equal(await typeInto(page, 'k', '26'), 'input k must be a whole number from 1 to 25, not "26"');
  await page.locator('select[data-id="layer"]').selectOption('2');
  assert.equal(await page.locator('[data-id="k-error"]').textContent(), 'input k must be a whole number from 1 to 8, not "26"');
  await page.locator('select[data-id="kind"]').selectOption('bias');
  assert.equal(await page.locator('.lecture input[data-id="k"]').isVisible(), false, 'a bias has no input k');
  await page.waitForFunction(() => document.querySelector('[data-id="which"]').textContent.startsWith('∂L/∂b⁽²⁾₃'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('mini-batches: the angles are the core’s for the same digits; wrong labels make every batch size noisier', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'minibatch');
  const want = await withCore(page, (core, bytes) => {
    const digits = new core.LectureDigits(bytes, undefined, 1);
    const angles = (noise) => core.lectureMinibatch(digits.trainFeatures(512), digits.trainLabels(512), 25, 1, noise).sizes.map((s) => s.mean);
    return { clean: angles(0), noisy: angles(0.3) };
  });
  const shown = async () => (await page.locator('[data-id="angles"] tbody tr td:nth-child(3)').allTextContents()).map((t) => Number.parseFloat(t));
  const clean = await shown();
  assert.equal(clean.length, want.clean.length);
  clean.forEach((v, i) => assert.ok(Math.abs(v - want.clean[i]) < 0.051, `row ${i}: ${v} vs ${want.clean[i]}`));
  await typeInto(page, 'noise', '30');
  await page.waitForFunction(() => /154 of them with a wrong label/.test(document.querySelector('[data-id="summary"]').textContent));
  const noisy = await shown();
  noisy.forEach((v, i) => assert.ok(Math.abs(v - want.noisy[i]) < 0.051, `noisy row ${i}: ${v} vs ${want.noisy[i]}`));
  for (let i = 0; i < 7; i++) assert.ok(noisy[i] > clean[i], `B = ${2 ** i}: ${noisy[i]}° with wrong labels vs ${clean[i]}°`);
  assert.ok(await page.locator('[data-id="stripLegend"] .swatch').count() >= 11, 'the strip has a legend for its colours');
  assert.deepEqual(errors, []);
  await page.close();
});

test('optimizers: the hyperparameters are fields in the formulas, and the numbers follow them', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'optimizers');
  const reached = (type) => textOf(page, `[data-id="reached-${type}"]`);
  assert.equal(await reached('momentum'), 'gets 90% of the way to the minimum (|w − c| ≤ 0.1 |w₀ − c|) at step 5');
  assert.equal(await reached('adagrad'), 'does not get 90% of the way to the minimum in 60 steps');
  const fields = await page.locator('[data-id="formulas"] input').evaluateAll((inputs) => inputs.map((i) => i.dataset.id));
  assert.deepEqual(fields, ['momentum-momentum', 'adagrad-eps', 'rmsprop-alpha', 'rmsprop-eps', 'adam-beta1', 'adam-beta2', 'adam-eps']);
  await typeInto(page, 'momentum-momentum', '0.5');
  await typeInto(page, 'rmsprop-alpha', '0.9');
  const want = await withCore(page, (core) => ['momentum', 'rmsprop'].map((type) => core.lectureOptimizerTrace({
    optimizer: { type, lr: 0.1, ...(type === 'momentum' ? { momentum: 0.5 } : { alpha: 0.9 }) }, start: 4, steps: 60, curvature: 1, target: 0, noise: 1, seed: 1,
  }).reached));
  assert.equal(await reached('momentum'), `gets 90% of the way to the minimum (|w − c| ≤ 0.1 |w₀ − c|) at step ${want[0]}`);
  assert.equal(await reached('rmsprop'), `gets 90% of the way to the minimum (|w − c| ≤ 0.1 |w₀ − c|) at step ${want[1]}`);
  assert.equal(await page.locator('[data-type="rmsprop"] [data-value="alpha"]').textContent(), '0.9', 'α repeated in (1 − α)');
  await page.locator('select[data-id="chosen"]').selectOption('momentum');
  assert.match(await page.locator('[data-id="table"] h2').textContent(), /^momentum/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('activations: the feature map is the core’s conv2d map of a real digit; dead ReLUs are counted in the worker', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'activations');
  const label = await withCore(page, (core, bytes) => core.lectureActivationFeatureMap(bytes, 0).label);
  assert.match(await textOf(page, '[data-id="mapCaption"]'), new RegExp(`^Digit #0 \\(a ${label}\\)`));
  assert.ok(await page.locator('[data-id="map"] .color-legend').count() === 1, 'the feature-map colour scale has a legend');
  await typeInto(page, 'digit', '7');
  await page.waitForFunction(() => /^Digit #7 /.test(document.querySelector('[data-id="mapCaption"]').textContent));
  await page.locator('[data-id="train"]').click();
  await page.waitForSelector('[data-id="deadCount"]', { timeout: 30_000 });
  const want = await withCore(page, (core, bytes) => {
    const digits = new core.LectureDigits(bytes, undefined, 1);
    return core.lectureDeadRelu(digits.trainFeatures(2000), digits.trainLabels(2000), 25, { hidden: 32, lr: 3, steps: 300, batch: 16, seed: 1 }).deadAfter;
  });
  assert.match(await textOf(page, '[data-id="deadCount"]'), new RegExp(`^${want} of 32 neurons dead`));
  assert.ok(await page.locator('[data-id="dead"] .swatch').count() === 3, 'the strip has a legend');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the glossary pairs the lecture’s Chinese terms with the English ones and PyTorch’s names; the views use the same words', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'glossary', { lang: 'zh' });
  const text = await page.locator('[data-id="glossary"]').innerText();
  for (const term of ['卷积', '卷积核', '步长', '填充', '池化', '最大池化', '平均池化', '全连接层', '神经元', '权重', '偏置', '激活函数', '特征图', '权值共享',
    '独热编码', '交叉熵', '二元交叉熵', '反向传播', '链式法则', '梯度', '小批量', '优化器', '学习率', '动量', '衰减系数']) assert.ok(text.includes(term), term);
  for (const name of ['nn.Conv2d', 'nn.Conv2d(stride=)', 'nn.Conv2d(padding=)', 'nn.MaxPool2d', 'nn.AvgPool2d', 'nn.Linear', 'nn.CrossEntropyLoss', 'nn.BCEWithLogitsLoss',
    'torch.optim.SGD(momentum=)', 'optim.Adagrad', 'optim.RMSprop(alpha=)', 'optim.Adam(betas=']) assert.ok(text.includes(name), name);
  await page.locator('[data-id="glossary"] a', { hasText: zh['nav.pooling'] }).first().click();
  await page.waitForSelector('.lecture [data-id="windows"]');
  assert.deepEqual(errors, []);
  await page.close();
  // Each term's Chinese word appears in the Chinese texts of the views, not only in the glossary.
  const texts = Object.entries(zh).filter(([key]) => key.startsWith('lecture.') && !key.startsWith('lecture.term.')).map(([, v]) => (typeof v === 'function' ? '' : v)).join('\n');
  const unused = Object.keys(zh).filter((key) => key.startsWith('lecture.term.')).map((key) => zh[key].replace(/（.*）$/, '')).filter((word) => !texts.includes(word));
  assert.deepEqual(unused, []);
});

test('probabilities are bars, one labelled bar per output, not a line: softmax, backprop and the digit network', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  for (const view of ['softmax', 'backprop', 'digits']) {
    await open(page, view);
    assert.equal(await page.locator('.lecture .uplot').count(), 0, `${view}: no line chart`);
    const bars = await page.locator('.lecture canvas.bars').evaluateAll((cs) => cs.filter((c) => c.clientWidth > 0).map((c) => c.width));
    assert.ok(bars.length >= 1 && bars.every((w) => w > 0), `${view}: bar charts ${bars}`);
  }
  await open(page, 'softmax');
  const before = await page.locator('.lecture [data-id="logits"] input').count();
  await page.locator('button[data-id="add"]').click();
  assert.equal(await page.locator('.lecture [data-id="logits"] input').count(), before + 1);
  assert.equal(await page.locator('.lecture .uplot').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching the language in place keeps what a lecture view shows and says it all in the other language', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  for (const view of ['digits', 'optimizers', 'conv-size']) {
    await open(page, view);
    if (view === 'optimizers') await typeInto(page, 'momentum-momentum', '0.5');
    if (view === 'conv-size') await typeInto(page, 'stride', '1.5');
    const numbers = view === 'digits' ? await textOf(page, '[data-id="features"]') : null;
    await page.selectOption('#language', 'zh');
    await page.waitForFunction((title) => document.querySelector('.lecture h1').textContent === title, zh[`lecture.${{ digits: 'digits', optimizers: 'optimizers', 'conv-size': 'convSize' }[view]}.title`]);
    await checkTexts(page, view, 'zh');
    if (numbers) assert.equal(await textOf(page, '[data-id="features"]'), numbers);
    if (view === 'optimizers') assert.equal(await page.locator('.lecture input[data-id="momentum-momentum"]').inputValue(), '0.5', 'the edited μ stays');
    if (view === 'conv-size') assert.equal(await textOf(page, '[data-id="stride-error"]'), '步长 S必须是 1 到 64 之间的整数，而不是“1.5”', 'the message is said again in Chinese');
    await page.selectOption('#language', 'en');
  }
  assert.deepEqual(errors, []);
  await page.close();
});
