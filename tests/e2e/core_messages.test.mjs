// The core's messages in the page's language: every code the core can give (errorCodes(), one
// table in src/error/codes.rs) has its text in both catalogs, English's the very template of
// the core; coreText() says a refusal of the core (with its places and its messages inside
// messages) in English exactly as the core does and in Chinese without English; in headless
// Chromium, a bad spec in the Train builder and a bad link are said in Chinese with ?lang=zh.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, collectConsoleErrors, loadCore, screenshot, usePlayground } from './lib/harness.mjs';

const WWW = join(ROOT, 'www');
const en = (await import(join(WWW, 'i18n', 'en.js'))).default;
const zh = (await import(join(WWW, 'i18n', 'zh.js'))).default;
const i18n = await import(join(WWW, 'lib', 'i18n.js'));
const core = await loadCore();
const lecture = await loadCore('pkg-lecture');
globalThis.document ??= { documentElement: {} };   // setLanguage sets <html lang>
const playground = usePlayground();

const placeholders = (text) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

test('every code the core can give is in both catalogs: English is the core\'s template, Chinese has its parameters', () => {
  const codes = core.errorCodes();
  assert.ok(codes.length >= 100, `only ${codes.length} codes`);
  assert.deepEqual(lecture.errorCodes(), codes, 'the lecture\'s package knows other codes');
  const missing = codes.filter(({ code }) => !(`core.${code}` in en) || !(`core.${code}` in zh)).map(({ code }) => code);
  assert.deepEqual(missing, [], 'codes without a text in a catalog');
  for (const { code, english, params } of codes) {
    assert.equal(en[`core.${code}`], english, `core.${code}: en.js differs from src/error/codes.rs`);
    assert.deepEqual(placeholders(zh[`core.${code}`]), [...params].sort(), `core.${code}: the Chinese text's placeholders`);
    assert.match(zh[`core.${code}`], /[\u4e00-\u9fff]|^\{place\}：\{text\}$|^\{first\}[；，]\{rest\}$/, `core.${code} is not Chinese`);
  }
  const known = new Set(codes.map(({ code }) => `core.${code}`));
  assert.deepEqual(Object.keys(en).filter((key) => key.startsWith('core.') && !known.has(key)), [], 'texts for codes the core no longer has');
});

/** What the core throws for `call()`. */
function thrown(call) {
  try {
    call();
  } catch (err) {
    return err;
  }
  throw new Error(`${call} did not throw`);
}

const SPEC = { input: [1, 4, 4], loss: 'softmax_cross_entropy' };

/** Refusals of the core, each through the JS API as the page meets it. */
const refusals = () => [
  thrown(() => core.describeNetwork({ ...SPEC, layers: [{ type: 'relu' }, { type: 'conv2d', filters: 2, kernel: 5 }] })),
  thrown(() => core.describeNetwork({ ...SPEC, layers: [{ type: 'conv2d', filters: 2, kernal: 3 }] })),
  thrown(() => core.describeNetwork({ ...SPEC, layers: [{ type: 'maxpool', size: [2, 2, 2] }] })),
  thrown(() => core.checkOptimizer({ type: 'momentum', lr: 0.1, momentum: 1.5 })),
  thrown(() => core.checkOptimizer({ type: 'adma', lr: 0.1 })),
  thrown(() => core.checkOptimizer({ type: 'adam' })),
  thrown(() => new core.Trainer({ ...SPEC, layers: [] }, { type: 'sgd', lr: 0.1 }, 1)),
  thrown(() => core.formatLink({ view: 'race', batch: 0 })),
  ...core.parseLink('#v=2&view=race&batch=abc&seed=1e99&opt=sgd:0.1,adam:x&net=1x28x28,conv2d:8:zz,flatten,dense:10&surface=rosenbrok').warnings,
  ...core.parseLink('#view=train&opt=sgd:0.1,adam:0.001&net=1x28x28,flatten,dense:9').warnings,
  thrown(() => lecture.lectureConvArithmetic({ input: 4, kernel: 7, stride: 1, padding: 1 })),
  thrown(() => lecture.lectureSoftmax([1], 0)),
  thrown(() => lecture.lectureActivationApply('gelu', 0, [1])),
];

test('coreText says a refusal of the core in English exactly as the core, and in Chinese with no English left', async () => {
  const errors = refusals();
  assert.ok(errors.length >= 18, `${errors.length} refusals`);
  assert.ok(errors.every((e) => e.code), `uncoded: ${errors.filter((e) => !e.code).map((e) => e.message)}`);
  await i18n.setLanguage('en');
  for (const e of errors) assert.equal(i18n.coreText(e), e.message);
  await i18n.setLanguage('zh');
  try {
    for (const e of errors) {
      const text = i18n.coreText(e);
      assert.doesNotMatch(text, /\{\w+\}/, `a placeholder left in ${text}`);
      // names (layer types, fields, optimizers, link keys and values, JSON) stay; no English phrase does
      const english = text.replace(/"[^"]*"|“[^”]*”|\{[^}]*\}|\[[^\]]*\]/g, '').match(/\b[A-Za-z]{2,} [A-Za-z]{2,}\b/g);
      assert.equal(english, null, `English words in "${text}" (${e.message})`);
    }
    assert.equal(i18n.coreText(errors[0]), '第 1 层（conv2d）：卷积核 5 比填充后的输入 4 × 4 还大');
    assert.equal(i18n.coreText(errors[1]), '第 0 层（conv2d）：未知字段“kernal”（是不是“kernel”？）；可用的字段是 filters, kernel, stride, padding, bias');
    assert.equal(i18n.coreText(errors[3]), '优化器（momentum）：momentum 必须从 0 到 1（不含上限），而不是 1.5');
    const batch = errors.find((w) => w.key === 'batch');
    assert.equal(i18n.coreText(batch), 'batch=abc：不是整数：请用 1 到 4096 之间的整数；batch 保持默认值');
    assert.equal(i18n.coreText(errors.at(-3)), '卷积核（7）比填充后的输入（6）还大：请把卷积核调小，或把输入或填充调大。');
    assert.equal(i18n.coreText(errors.at(-2)), '输出个数必须在 2 到 20 之间，而不是 1');
  } finally {
    await i18n.setLanguage('en');
  }
});

/** The first bytes of a PNG of `width x height` (through its IHDR). */
function pngHeader(width, height) {
  const bytes = new Uint8Array(24);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
}

const text = (s) => new TextEncoder().encode(s);
const SMALL = { input: [1, 2, 2], layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }], loss: 'softmax_cross_entropy' };

/** Refusals of the user's image files and settings and of the run's files, through the JS API. */
function fileRefusals() {
  const save = new core.Trainer(SMALL, { type: 'adam', lr: 0.001 }, 1).save();
  const flipped = save.slice();
  flipped[20] ^= 1;
  const set = new core.ImageSet({ size: 4 });
  return [
    thrown(() => core.imageHeader(text('hello, world'), 'cat.png')),
    thrown(() => core.imageHeader(pngHeader(20000, 20000), 'huge.png')),
    thrown(() => core.imageHeader(pngHeader(10, 10).subarray(0, 18), 'cut.png')),
    thrown(() => new core.ImageSet({ size: 2, colour: 'gray' })),
    thrown(() => set.addClass('cats/dogs')),
    thrown(() => set.split(1, 0.2)),
    thrown(() => core.readSave(text('hello'))),
    thrown(() => core.readSave(text('PK\x03\x04 a zip'))),
    thrown(() => core.readSave(save.subarray(0, save.length - 9))),
    thrown(() => core.readSave(flipped)),
    thrown(() => new core.Trainer(SMALL, { type: 'sgd', lr: 0.1 }, 1).loadStateDict(save)),
  ];
}

test('a bad image file or setting and a bad save or weights file are said in English as the core says them, and in Chinese', async () => {
  const errors = fileRefusals();
  assert.ok(errors.every((e) => e.code), `uncoded: ${errors.filter((e) => !e.code).map((e) => e.message)}`);
  assert.equal(errors[0].message, 'cat.png: not an image: it is none of PNG, JPEG, GIF, BMP or WebP (its first bytes are 68 65 6c 6c 6f 2c 20 77)');
  assert.equal(errors[8].message, `the save file is truncated: it has ${errors[8].params.bytes} of its ${errors[8].params.total} bytes; download or copy it again`);
  await i18n.setLanguage('en');
  for (const e of errors) assert.equal(i18n.coreText(e), e.message);
  await i18n.setLanguage('zh');
  try {
    for (const e of errors) {
      const said = i18n.coreText(e);
      assert.doesNotMatch(said, /\{\w+\}/, `a placeholder left in ${said}`);
      const english = said.replace(/"[^"]*"|“[^”]*”|\{[^}]*\}|\[[^\]]*\]/g, '').match(/\b[A-Za-z]{2,} [A-Za-z]{2,}\b/g);
      assert.equal(english, null, `English words in "${said}" (${e.message})`);
    }
    const said = errors.map((e) => i18n.coreText(e));
    assert.equal(said[0], 'cat.png：不是图像：它不是 PNG、JPEG、GIF、BMP 或 WebP 中的任何一种（开头几个字节是 68 65 6c 6c 6f 2c 20 77）');
    assert.equal(said[1], 'huge.png (png)：图像是 20000 × 20000 像素（400.0 百万像素）：上限是 24 百万像素（例如 6000 × 4000），每边最多 16384 像素；请另存一份更小的');
    assert.equal(said[3], '未知的预处理字段“colour”（是不是“color”？）；可用的字段是 size, color, fit, pad, filter');
    assert.equal(said[5], '数据集还没有类别：请每个类别加一个文件夹（至少两个），或把图像加到有名字的类别中');
    assert.equal(said[6], '这不是保存的运行：cnn-playground 保存文件（.cnnp）以“CNNP”开头；请选择用“保存”生成的文件');
    assert.equal(said[7], '这是一个 zip 文件（PyTorch 导出就是 zip），不是保存的运行：cnn-playground 保存文件（.cnnp）以“CNNP”开头；请选择用“保存”生成的文件');
    assert.equal(said[9], '保存文件已损坏：校验和与内容不符；请重新保存运行，或加载另一份副本');
    assert.match(said[10], /^这是一个 cnn-playground 保存的运行（\.cnnp），不是 \.safetensors state_dict$/);
  } finally {
    await i18n.setLanguage('en');
  }
});

test('every check of a JS value the API was given (js.*) is coded, thrown by a real call', () => {
  const opt = { type: 'sgd', lr: 0.1 };
  const surface = core.surfaces()[0].name;
  const trainer = new core.Trainer(SMALL, opt, 1);
  const zip = new core.ZipParts();
  zip.finish();
  const calls = [
    () => core.formatLink('{'),
    () => core.formatLink(5),
    () => lecture.lectureConvArithmetic({ input: 'x', kernel: 3, stride: 1, padding: 0 }),
    () => trainer.forward('x', 1),
    () => trainer.backward(new Float32Array(4), 'x', 1),
    () => trainer.backward(new Float32Array(4), [0.5], 1),
    () => trainer.forward(new Float32Array(4), 0),
    () => core.fitNetwork(SMALL, [1, 2], 2),
    () => core.Dataset.fromPixels(new Uint8Array(4), [0], [1, 2, 2], ['a', 'b'], { mean: 0, std: 0 }),
    () => core.Dataset.fromMnist(new Uint8Array(4), 'val'),
    () => core.readSave('a file name'),
    () => trainer.save(5),
    () => trainer.save({ link: 5 }),
    () => new core.ParamOptimizer(opt, [1, 2]).step([1]),
    () => zip.add('a.png', new Uint8Array(1)),
    () => zip.finish(),
    () => core.surfaceGrid(surface, 0, 10),
    () => core.surfacePath(surface, opt, [1], 5),
    () => core.surfacePath(surface, opt, [NaN, 1], 5),
  ];
  const errors = calls.map(thrown);
  const given = new Set(errors.map((e) => e.code));
  const js = core.errorCodes().map(({ code }) => code).filter((code) => code.startsWith('js.'));
  assert.deepEqual(js.filter((code) => !given.has(code)), [], 'js.* codes no call gave');
  for (const e of errors) assert.equal(i18n.coreText(e), e.message);
});

test('coreText falls back to the core\'s English for an error without a code, or with a code the catalogs lack', () => {
  assert.equal(i18n.coreText(new Error('the file is damaged')), 'the file is damaged');
  assert.equal(i18n.coreText({ message: 'something new', code: 'spec.notYetInTheCatalog', params: {} }), 'something new');
  assert.equal(i18n.coreText(null), '');
  const file = thrown(() => core.readSave(new Uint8Array([1, 2, 3])));
  assert.equal(i18n.coreText(file), file.message);
  const e = thrown(() => core.describeNetwork({ ...SPEC, layers: [{ type: 'relu' }, { type: 'conv2d', filters: 2, kernel: 5 }] }));
  assert.equal(i18n.coreLayer(e), 1, 'the layer a refusal names, for the builder to mark');
  assert.equal(i18n.coreLayer(thrown(() => core.checkOptimizer({ type: 'sgd' }))), null);
});

test('with ?lang=zh a bad layer in the Train builder and a bad link are said in Chinese', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}?lang=zh#view=train&batch=abc&opt=sgd:0.1,adam:0.001&seed=5`);
  await page.waitForSelector('#layer-3-kernel');
  const warnings = await page.locator('[data-id="warnings"]').innerText();
  assert.match(warnings, /batch=abc：不是整数：请用 1 到 4096 之间的整数；batch 保持默认值/);
  assert.match(warnings, /opt=sgd:0\.1,adam:0\.001：给了 2 个优化器：训练视图只训练一个，例如 adam:0\.001（优化器比赛才比较多个）；opt 保持默认值/);
  await page.fill('#layer-3-kernel', '99');
  const message = page.locator('.layer[data-index="3"] .layer-error');
  assert.equal(await message.textContent(), '第 3 层（conv2d）：卷积核 99 比填充后的输入 18 × 18 还大');
  assert.equal(await page.locator('.layer[data-index="3"]').getAttribute('class'), 'layer invalid', 'the layer the core names is marked');
  await page.fill('#layer-3-kernel', '5');
  await page.fill('#opt-lr', '1e300');
  assert.match(await page.locator('[data-id="settings-error"]').textContent(), /[\u4e00-\u9fff]/);
  await page.fill('#opt-lr', '0.1');
  await page.selectOption('#layer-7-type', 'conv2d');
  assert.match(await page.locator('.layer[data-index="7"] .layer-error').textContent(), /^第 7 层（conv2d）：输入已展平（\d+ 个值），但 conv2d 需要图像/);
  await screenshot(page, 'core-messages-zh');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => /^layer 7 \(conv2d\): input is flat/.test(document.querySelector('.layer[data-index="7"] .layer-error').textContent));
  assert.match(await page.locator('[data-id="warnings"]').innerText(), /batch=abc: not a whole number: use a whole number from 1 to 4096; batch keeps its default/);
  assert.deepEqual(errors, []);
  await page.close();
});
