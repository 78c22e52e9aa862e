// The core's messages in the page's language: every code the core can give (errorCodes(), one
// table in src/error/codes.rs) has its text in both catalogs, English's the very template of
// the core; coreText() says a refusal of the core (with its places and its messages inside
// messages) in English exactly as the core does and in Chinese without English; in headless
// Chromium, a bad spec in the Train builder and a bad link are said in Chinese with ?lang=zh.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const WWW = join(ROOT, 'www');
const en = (await import(join(WWW, 'i18n', 'en.js'))).default;
const zh = (await import(join(WWW, 'i18n', 'zh.js'))).default;
const i18n = await import(join(WWW, 'lib', 'i18n.js'));
/** One of the two wasm packages (wasm-pack.toml): 'pkg', the page's, or 'pkg-lecture'. */
async function wasmPackage(dir) {
  const module = await import(join(WWW, dir, 'cnn_playground.js'));
  module.initSync({ module: readFileSync(join(WWW, dir, 'cnn_playground_bg.wasm')) });
  return module;
}
const core = await wasmPackage('pkg');
const lecture = await wasmPackage('pkg-lecture');
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
    assert.match(zh[`core.${code}`], /[\u4e00-\u9fff]|^\{place\}：\{text\}$/, `core.${code} is not Chinese`);
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
