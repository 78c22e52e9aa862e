// The page toolkit (www/lib/): the text catalogs and the colour scales in Node, where they run
// without a page; charts, tiles, the drawing pad and the worker protocol in headless Chromium
// at devicePixelRatio 2, through the modules as a view imports them.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT, collectConsoleErrors, usePlayground } from './lib/harness.mjs';

const WWW = join(ROOT, 'www');
const en = (await import(join(WWW, 'i18n', 'en.js'))).default;
const zh = (await import(join(WWW, 'i18n', 'zh.js'))).default;
const i18n = await import(join(WWW, 'lib', 'i18n.js'));
const colors = await import(join(WWW, 'lib', 'colors.js'));
const playground = usePlayground();

const placeholders = (entry) => (typeof entry === 'function' ? null : [...entry.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(','));

test('the English and Chinese catalogs have the same keys, the same placeholders, no empty text', () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'keys in one catalog and not the other');
  for (const key of Object.keys(en)) {
    assert.equal(placeholders(zh[key]), placeholders(en[key]), `${key}: placeholders differ`);
    for (const [name, catalog] of [['en', en], ['zh', zh]]) {
      const text = typeof catalog[key] === 'function' ? catalog[key]({}) : catalog[key];
      assert.ok(typeof text === 'string' && text.trim().length > 0, `${name} ${key} is empty`);
    }
  }
  // Chinese texts are Chinese: every entry with English words has Han characters too, except
  // the ones that are names or symbols in both languages.
  const same = Object.keys(en).filter((k) => zh[k] === en[k]);
  assert.deepEqual(same, ['nav.softmax', 'optimizer.beta1', 'optimizer.beta2'].filter((k) => same.includes(k)), `untranslated: ${same}`);
});

/** Every literal key the page's code asks for: t('key'...) and data-t*="key" (template keys are checked in the browser). */
function usedKeys() {
  const keys = new Map();
  const walk = (dir) => readdirSync(dir).forEach((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { if (!['pkg', 'vendor', 'data', 'i18n'].includes(name)) walk(path); return; }
    if (!/\.(js|html)$/.test(name)) return;
    // code only: the examples in comments are not keys the page asks for
    const text = readFileSync(path, 'utf8').split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line)).join('\n');
    for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'|data-t(?:-[\w-]+)?="([\w.]+)"|label: '([\w.]+\.[\w.]+)'|title: 'nav\.(\w+)'|group: 'nav\.(\w+)'/g)) {
      const key = m[1] ?? m[2] ?? m[3] ?? (m[4] && `nav.${m[4]}`) ?? `nav.${m[5]}`;
      keys.set(key, relative(ROOT, path));
    }
  });
  walk(WWW);
  return keys;
}

test('every text key the code uses is in the catalog', () => {
  const keys = usedKeys();
  assert.ok(keys.size > 60, `only ${keys.size} keys found: is the scan still finding them?`);
  const missing = [...keys].filter(([key]) => !(key in en)).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, []);
});

test('t() fills parameters, falls back to English, and reports a missing key', async () => {
  assert.equal(i18n.t('surface.progress', { shown: 3, steps: 10 }), 'step 3 / 10');
  assert.equal(i18n.t('contenders.field', { n: 2, field: 'momentum' }), 'contender 2 momentum');
  const logged = [];
  const original = console.error;
  console.error = (message) => logged.push(message);
  try {
    assert.equal(i18n.t('no.such.key'), 'no.such.key');
    assert.equal(i18n.t('surface.progress', { shown: 3 }), 'step 3 / {steps}');
  } finally {
    console.error = original;
  }
  assert.deepEqual(logged, ['i18n: no text for "no.such.key" in www/i18n/en.js', 'i18n: "surface.progress" needs the parameter {steps}']);
  assert.equal(i18n.pickLanguage('?lang=zh', '', ['en-US']), 'zh');
  assert.equal(i18n.pickLanguage('', '#view=race&lang=zh', ['en-US']), 'zh');
  assert.equal(i18n.pickLanguage('?lang=fr', '', ['zh-TW', 'en']), 'zh', 'an unknown lang= falls back to the browser');
  assert.equal(i18n.pickLanguage('', '', ['de-DE', 'en-GB']), 'en');
  assert.equal(i18n.pickLanguage('', '', ['de-DE']), 'en');
});

test('each colour scale has one polarity: blue-white-red, dark-to-bright, black-to-white', () => {
  const luminance = ([r, g, b]) => 0.299 * r + 0.587 * g + 0.114 * b;
  const [neg, zero, pos] = [colors.diverging(-2, 2), colors.diverging(0, 2), colors.diverging(2, 2)];
  assert.ok(neg[2] > neg[0] + 80, `negative is blue: ${neg}`);
  assert.ok(pos[0] > pos[2] + 80, `positive is red: ${pos}`);
  assert.ok(zero.every((c) => c > 240), `zero is white: ${zero}`);
  assert.deepEqual(colors.diverging(5, 2), pos, 'beyond the scale: full colour');
  for (let v = 0; v < 1; v += 0.125) assert.ok(luminance(colors.sequential(v + 0.125, 0, 1)) > luminance(colors.sequential(v, 0, 1)), `sequential brightens at ${v}`);
  assert.deepEqual(colors.gray(0), [0, 0, 0]);
  assert.deepEqual(colors.gray(1), [255, 255, 255]);
  assert.deepEqual(colors.gray(128, 0, 255), [128, 128, 128]);
  for (const scale of [colors.diverging(NaN, 1), colors.sequential(Infinity, 0, 1), colors.gray(NaN)]) assert.deepEqual(scale, colors.NOT_A_NUMBER);
  assert.deepEqual(colors.extent([3, -1, 7, 2]), [-1, 7]);
  assert.equal(colors.maxAbs([3, -9, 7]), 9);
});

/** A page of the playground at devicePixelRatio 2 with `fn(lib)` run in it; lib: the toolkit's modules. */
async function inPage(fn, arg) {
  const page = await playground.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}#view=surface`);
  await page.waitForSelector('.surface-view');
  const result = await page.evaluate(async ([source, a]) => {
    const lib = {};
    for (const name of ['chart', 'colors', 'dom', 'drawpad', 'i18n', 'tiles', 'worker']) lib[name] = await import(`./lib/${name}.js`);
    const host = document.createElement('div');
    host.style.cssText = 'width: 400px; position: absolute; top: 0; left: 0; background: white';
    document.body.append(host);
    return new Function('lib', 'host', 'arg', `return (${source})(lib, host, arg);`)(lib, host, a);
  }, [fn.toString(), arg]);
  return { page, errors, result };
}

test('a line chart: uPlot at devicePixelRatio 2, integer ticks on a discrete axis, gaps for non-numbers', async () => {
  const { page, errors, result } = await inPage(async ({ chart }, host) => {
    const c = chart.lineChart(host, { height: 180, x: { label: 'step', integer: true }, y: { label: 'loss', min: 0 }, y2: { label: '%', min: 0, max: 100 },
      series: [{ label: 'loss', color: '#e8590c' }, { label: 'accuracy', color: '#2b8a3e', axis: 'y2' }] });
    c.update([{ xs: [1, 2, 3], ys: [2.3, NaN, 1.1] }, [[0, 10], [3, 80]]]);
    await new Promise(requestAnimationFrame);
    const canvas = host.querySelector('canvas');
    const u = c.plot;
    const out = {
      backing: [canvas.width, canvas.height], css: [canvas.getBoundingClientRect().width, canvas.getBoundingClientRect().height],
      xTicks: u.axes[0]._values, data: u.data.map((d) => Array.from(d, (v) => (v === undefined ? 'undefined' : v))), xRange: host.firstChild.dataset.xRange,
      legend: host.querySelector('.u-legend')?.textContent,
    };
    c.update([{ xs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ys: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }, []]);
    out.xTicksLater = c.plot.axes[0]._values;
    c.destroy();
    out.destroyed = host.childElementCount;
    return out;
  });
  assert.deepEqual(result.backing, [result.css[0] * 2, result.css[1] * 2], `crisp: ${result.backing} for ${result.css} CSS px`);
  assert.ok(result.xTicks.length >= 2 && result.xTicks.every((v) => /^\d+$/.test(v)), `integer ticks: ${result.xTicks}`);
  assert.ok(result.xTicksLater.every((v) => /^\d+$/.test(v)), `integer ticks: ${result.xTicksLater}`);
  assert.deepEqual(result.data, [[0, 1, 2, 3], ['undefined', 2.3, null, 1.1], [10, 'undefined', 'undefined', 80]], 'joined on x; NaN is a gap (null)');
  assert.equal(result.xRange, '0 3');
  assert.match(result.legend, /loss.*accuracy/);
  assert.equal(result.destroyed, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('bar chart, tiles and grids are drawn at devicePixelRatio 2; a grid writes readable numbers', async () => {
  const { page, errors, result } = await inPage(({ chart, tiles, colors }, host) => {
    const bars = document.createElement('canvas');
    bars.style.width = '300px';
    host.append(bars);
    chart.barChart(bars, [0.1, 0.7, 0.2], { labels: ['0', '1', '2'], highlight: 1, height: 120 });
    const grid = document.createElement('canvas');
    host.append(grid);
    tiles.grid(grid, [0, 0.5, 1, 0.25], 2, 2, { cell: 30, color: (v) => colors.css(colors.gray(v)), text: (v) => String(v) });
    const ctx = grid.getContext('2d');
    const px = (x, y) => Array.from(ctx.getImageData(x * 2, y * 2, 1, 1).data.slice(0, 3));
    const kernel = document.createElement('canvas');
    kernel.style.width = '200px';
    host.append(kernel);
    const layout = tiles.drawTiles(kernel, Float32Array.from({ length: 2 * 9 }, (_, i) => i - 9), 2, 3, 3, (v) => colors.diverging(v, 9), { maxCell: 6 });
    const kctx = kernel.getContext('2d');
    return {
      bars: [bars.width, bars.height], grid: [grid.width, grid.height, grid.style.width], black: px(2, 2), gray: px(32, 2), white: px(2, 32),
      cell: layout.cell, kernel: [kernel.width, kernel.clientWidth], first: Array.from(kctx.getImageData(0, 0, 1, 1).data.slice(0, 3)),
    };
  });
  assert.deepEqual(result.bars, [600, 240]);
  assert.deepEqual(result.grid, [120, 120, '60px']);
  assert.deepEqual(result.black, [0, 0, 0]);
  assert.deepEqual(result.gray, [128, 128, 128]);
  assert.deepEqual(result.white, [255, 255, 255]);
  assert.equal(result.kernel[0], result.kernel[1] * 2);
  assert.ok(result.first[2] > result.first[0], `the most negative weight is blue: ${result.first}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the drawing pad gives the ink, its share, the colours shown, and clears', async () => {
  const page = await playground.newPage({ viewport: { width: 800, height: 600 } });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}#view=surface`);
  await page.waitForSelector('.surface-view');
  await page.evaluate(async () => {
    const { drawPad } = await import('./lib/drawpad.js');
    const host = Object.assign(document.createElement('div'), { id: 'pad-host' });
    host.style.cssText = 'position: fixed; top: 10px; left: 10px; background: white; z-index: 10';
    document.body.append(host);
    window.strokes = 0;
    window.pad = drawPad(host, { size: 100, ink: '#ffd43b', paper: '#111827', onStroke: () => { window.strokes += 1; } });
  });
  await page.mouse.move(60, 20);
  await page.mouse.down();
  await page.mouse.move(60, 100, { steps: 6 });
  await page.mouse.up();
  const drawn = await page.evaluate(() => {
    const { gray, width } = window.pad.ink();
    const rgba = window.pad.rgba();
    return { strokes: window.strokes, width, inked: gray.filter((v) => v > 0.5).length, share: window.pad.inkShare(), corner: Array.from(rgba.slice(0, 4)), middle: Array.from(rgba.slice(4 * (50 * 100 + 50), 4 * (50 * 100 + 50) + 4)), empty: window.pad.isEmpty() };
  });
  assert.ok(drawn.strokes >= 1, 'onStroke heard the stroke');
  assert.equal(drawn.width, 100);
  assert.ok(drawn.inked > 300 && drawn.share > 0.03 && drawn.share < 0.3, JSON.stringify(drawn));
  assert.deepEqual(drawn.corner, [0x11, 0x18, 0x27, 255], 'paper where there is no ink');
  assert.deepEqual(drawn.middle, [0xff, 0xd4, 0x3b, 255], 'ink colour in the stroke');
  assert.equal(drawn.empty, false);
  await page.click('#pad-host .drawpad-clear');
  assert.equal(await page.evaluate(() => window.pad.isEmpty()), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the worker protocol: results, progress, transfers, errors as messages, a crash fails what is pending', async () => {
  const { page, errors, result } = await inPage(async ({ worker }) => {
    const source = `
      import { serve } from '${location.origin}/lib/worker.js';
      serve({
        double: (x) => x * 2,
        async count({ n }, { progress }) { for (let i = 1; i <= n; i++) progress(i); return n; },
        buffer: ({ length }, { transfer }) => { const b = new Float32Array(length).fill(1); return transfer({ b }, [b.buffer]); },
        sum: (bytes) => bytes.reduce((a, v) => a + v, 0),
        fail: () => { throw new Error('layer 3 (conv2d): kernel 5 is larger than the padded input 4 x 4'); },
        hang: () => new Promise(() => { setTimeout(() => { throw new Error('boom'); }); }),
      });`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const w = worker.connect(url);
    const out = {};
    out.double = await w.request('double', 21);
    const seen = [];
    out.count = await w.request('count', { n: 3 }, { onProgress: (p) => seen.push(p) });
    out.progress = seen;
    const got = await w.request('buffer', { length: 4 });
    out.buffer = [got.b.constructor.name, got.b.length];
    const sent = new Uint8Array([1, 2, 3]);
    out.sum = await w.request('sum', sent, { transfer: [sent.buffer] });
    out.detached = sent.byteLength;
    out.fail = await w.request('fail').catch((e) => e.message);
    out.unknown = await w.request('nope').catch((e) => e.message);
    out.crash = await w.request('hang').catch((e) => e.message);
    out.after = await w.request('double', 1).catch((e) => e.message);
    const broken = worker.connect(URL.createObjectURL(new Blob([`import { serve } from '${location.origin}/lib/worker.js'; serve({ x: () => 1 }, { ready: async () => { throw new Error('the digits are missing'); } });`], { type: 'text/javascript' })));
    out.notReady = await broken.request('x').catch((e) => e.message);
    w.terminate(); broken.terminate();
    return out;
  });
  assert.equal(result.double, 42);
  assert.equal(result.count, 3);
  assert.deepEqual(result.progress, [1, 2, 3]);
  assert.deepEqual(result.buffer, ['Float32Array', 4]);
  assert.equal(result.sum, 6);
  assert.equal(result.detached, 0, 'a transferred buffer leaves the page');
  assert.equal(result.fail, 'layer 3 (conv2d): kernel 5 is larger than the padded input 4 x 4');
  assert.match(result.unknown, /does not know the request "nope"; it knows double, count, buffer, sum, fail, hang/);
  assert.match(result.crash, /stopped: .*boom/);
  assert.equal(result.after, result.crash, 'a crashed worker fails later requests at once, with the same reason');
  assert.equal(result.notReady, 'the digits are missing');
  assert.deepEqual(errors, []);
  await page.close();
});
