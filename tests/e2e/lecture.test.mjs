// The lecture's nine concept views in headless Chromium: each opens alone (#view=NAME) and
// embedded (?embed=1#view=NAME) with no console errors and something drawn (pixel variance on
// a canvas); a few interactions check that what is shown is the core's number or message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const VIEWS = ['digits', 'conv-size', 'conv-step', 'activations', 'pooling', 'softmax', 'backprop', 'minibatch', 'optimizers'];
const playground = usePlayground();

/** Resolves once some canvas in the view shows more than one colour (variance of its pixels). */
async function waitForDrawing(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('#view canvas')].some((c) => {
    if (!c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let sum = 0, sq = 0, n = 0;
    for (let i = 0; i < d.length; i += 16) { const v = d[i] + d[i + 1] + d[i + 2] + d[i + 3]; sum += v; sq += v * v; n++; }
    return sq / n - (sum / n) ** 2 > 100;
  }), null, { timeout: 15_000 });
}

/** `fn(core, bytes)` run in the page, with the wasm core and the digits the page loaded (mnist.bin's bytes). */
async function withCore(page, fn) {
  return page.evaluate(async (source) => {
    const core = await import('./pkg/cnn_playground.js');
    const bytes = await (await import('./lib/mnist.js')).loadDigits();
    return new Function('core', 'bytes', `return (${source})(core, bytes);`)(core, bytes);
  }, fn.toString());
}

async function open(page, name, { embed = false } = {}) {
  await page.goto(`${playground.url}${embed ? '?embed=1' : ''}#view=${name}`);
  await page.waitForSelector('.lecture h1', { timeout: 10_000 });
  await waitForDrawing(page);
}

for (const name of VIEWS) {
  test(`lecture view "${name}" alone and embedded: drawn, no errors`, async () => {
    const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectConsoleErrors(page);
    await open(page, name);
    assert.equal(await page.locator('nav a[aria-current="page"]', { hasText: 'Lecture' }).count(), 1, 'the Lecture tab is current');
    assert.equal(await page.locator('nav .subnav a').count(), VIEWS.length);
    assert.equal(await page.locator('.lecture-status').textContent(), '', 'no error shown');
    await screenshot(page, `lecture-${name}`);
    await open(page, name, { embed: true });
    assert.equal(await page.locator('header.chrome').isVisible(), false, 'embedded: no page chrome');
    await page.setViewportSize({ width: 390, height: 844 });
    await waitForDrawing(page);
    await screenshot(page, `lecture-${name}-embed-phone`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than a phone`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('conv-size shows the core formula, and refuses a kernel larger than the input with its message', async () => {
  const page = await playground.newPage();
  const errors = collectConsoleErrors(page);
  await open(page, 'conv-size');
  assert.match(await page.locator('.equation').textContent(), /\(7 - 3 \+ 2·1\) \/ 2 \+ 1 = 3 \+ 1 = 4/);
  await page.getByLabel('input W', { exact: true }).fill('4');
  await page.getByLabel('kernel F', { exact: true }).fill('5');
  await page.getByLabel('padding P', { exact: true }).fill('0');
  assert.equal(await page.locator('.lecture-status').textContent(), 'layer 0 (conv2d): kernel 5 is larger than the padded input 4 x 4');
  assert.deepEqual(errors, []);
  await page.close();
});

test('softmax shows the core cross-entropy for the edited outputs', async () => {
  const page = await playground.newPage();
  const errors = collectConsoleErrors(page);
  await open(page, 'softmax');
  await page.getByLabel('output z1', { exact: true }).fill('3');
  const want = await page.evaluate(async () => {
    const core = await import('./pkg/cnn_playground.js');
    return core.lectureSoftmax([2, 3, 0.1, -1], 0).crossEntropy;
  });
  assert.ok(Math.abs(want - 1.3655) < 1e-3, `${want}`);
  assert.match(await page.locator('.panel').nth(1).textContent(), new RegExp(`= ${String(Number(want.toFixed(4))).replace('.', '\\.')}`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('digits: a real digit becomes 25 numbers and the network trains in a worker to a test accuracy', async () => {
  const page = await playground.newPage();
  const errors = collectConsoleErrors(page);
  await open(page, 'digits');
  await page.waitForFunction(() => !document.querySelector('button.primary').disabled, null, { timeout: 15_000 });
  assert.ok(page.workers().some((w) => w.url().endsWith('/lecture/digits-worker.js')), 'the digits live in lecture/digits-worker.js');
  assert.match(await page.locator('.lecture').textContent(), /The network reads a real \d as a \d/, 'the worker answers a prediction before training');
  await page.getByRole('button', { name: 'Train 2000 steps' }).click();
  // While the worker trains, the page answers at once (a frame and a click handler run).
  await page.waitForFunction(() => /step \d+: mean loss/.test(document.querySelector('.lecture').textContent), null, { timeout: 15_000 });
  const frameMs = await page.evaluate(() => new Promise((resolve) => { const t0 = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t0)); }));
  assert.ok(frameMs < 1000, `a frame took ${frameMs} ms while training`);
  await page.waitForFunction(() => /test digits (\d+(\.\d+)?)% right/.test(document.querySelector('.lecture').textContent), null, { timeout: 30_000 });
  const accuracy = Number(/test digits (\d+(?:\.\d+)?)% right/.exec(await page.locator('.lecture').textContent())[1]);
  assert.ok(accuracy > 60, `accuracy ${accuracy}% from 25 features`);
  assert.equal(await page.getByLabel('training progress').evaluate((p) => p.value), 1);
  assert.match(await page.locator('.lecture').textContent(), /2000 steps: training loss/);
  assert.match(await page.locator('.lecture').textContent(), /The network reads a real \d as a \d/);
  await screenshot(page, 'lecture-digits-trained');
  // A drawing goes through the core's pipeline on the page and through the worker's network.
  await page.getByRole('button', { name: 'Clear' }).click();
  const pad = page.getByLabel('drawing pad: draw a digit');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /The network reads your drawing as a \d \(\d/.test(document.querySelector('.lecture').textContent), null, { timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('activations: the feature map is the core conv2d map of a real digit, and the activation is applied by the core', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'activations');
  await page.waitForFunction(() => /Digit #0 \(a \d\)/.test(document.querySelector('.lecture').textContent), null, { timeout: 15_000 });
  const [map, relu, label] = await withCore(page, (core, bytes) => {
    const f = core.lectureActivationFeatureMap(bytes, 0);
    return [f.map, Array.from(core.lectureActivationApply('relu', 0.1, f.map)), f.label];
  });
  assert.match(await page.locator('.lecture').textContent(), new RegExp(`Digit #0 \\(a ${label}\\)`));
  assert.equal(map.length, 49);
  assert.ok(map.some((v) => v > 0) && map.some((v) => v < 0), 'the edge map has positive and negative values');
  // The "before" and "after" grids are 7 x 7 cells of 44 px and show the core's values.
  const size = await page.getByLabel('feature map', { exact: true }).evaluate((c) => [c.width, c.height]);
  assert.deepEqual(size, [7 * 44, 7 * 44]);
  assert.ok(relu.every((v, i) => v === Math.max(0, map[i])));
  // Another activation redraws the "after" map (leaky ReLU keeps the negative cells coloured).
  const pixels = () => page.getByLabel('feature map after the activation').evaluate((c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 === 0)));
  const before = await pixels();
  await page.getByLabel('activation', { exact: true }).selectOption('leaky_relu');
  assert.notDeepEqual(await pixels(), before);
  await page.getByLabel('digit #', { exact: true }).fill('7');
  await page.waitForFunction(() => /Digit #7 \(a \d\)/.test(document.querySelector('.lecture').textContent), null, { timeout: 10_000 });
  await page.getByLabel('digit #', { exact: true }).fill('12000');
  assert.equal(await page.getByLabel('digit #', { exact: true }).getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'lecture-activations-map');
  assert.deepEqual(errors, []);
  await page.close();
});

test('minibatch: the digits come from the worker as the core builds them; the table is the core angle', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await open(page, 'minibatch');
  await page.waitForFunction(() => /8000 training digits loaded/.test(document.querySelector('.lecture').textContent), null, { timeout: 15_000 });
  // The same 512 digits built on the page by the core directly: the view must show their angles.
  const want = await withCore(page, (core, bytes) => {
    const digits = new core.LectureDigits(bytes, 0.5, 1);
    return core.lectureMinibatch(digits.trainFeatures(512), digits.trainLabels(512), 25, 1).sizes.map((s) => s.mean);
  });
  const cells = await page.locator('table.numbers tbody tr td:nth-child(3)').allTextContents();
  assert.equal(cells.length, want.length);
  cells.forEach((text, i) => assert.ok(Math.abs(Number.parseFloat(text) - want[i]) < 0.051, `B row ${i}: ${text} vs ${want[i]}`));
  assert.ok(want[0] > want[want.length - 2], 'batch 1 points further from the full gradient than half the set');
  assert.deepEqual(errors, []);
  await page.close();
});
