// Every view of the navigation (www/views/registry.js) but the lecture's (tests/e2e/lecture.test.mjs
// checks those, more closely) in English and Chinese, on a laptop (1280 x 800) and a phone
// (390 x 844): no catalog key on screen, no null / undefined / NaN, nothing wider than the
// screen, no console errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const en = (await import('../../www/i18n/en.js')).default;
const { views } = await import('../../www/views/registry.js');
const playground = usePlayground();

/** Keys that are not also a text of the catalog (a key equal to some text cannot be told from it). */
const KEYS = Object.keys(en).filter((key) => !Object.values(en).includes(key));

/** What a person reads: the text, labels, titles and placeholders of the page. */
const readable = (page) => page.evaluate(() => {
  const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder]')]
    .map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.getAttribute('placeholder') ?? ''}`);
  return [document.body.innerText, ...attributes].join('\n');
});

for (const { name } of views.filter((v) => !v.group)) {
  test(`view "${name}" in English and Chinese at 1280 x 800 and 390 x 844: no catalog key, no null, undefined or NaN`, async () => {
    const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectConsoleErrors(page);
    for (const lang of ['en', 'zh']) {
      for (const [width, height] of [[1280, 800], [390, 844]]) {
        await page.setViewportSize({ width, height });
        await page.goto(`${playground.url}?lang=${lang}#view=${name}`, { waitUntil: 'networkidle' });
        await page.waitForFunction(() => document.querySelector('#view > .view-host')?.childElementCount > 0, null, { timeout: 20_000 });
        await page.waitForTimeout(300);   // charts follow their box on the next frames
        const text = await readable(page);
        const shown = KEYS.filter((key) => text.includes(key));
        assert.deepEqual(shown, [], `${name} (${lang}, ${width}): catalog keys on screen`);
        assert.doesNotMatch(text, /\b(null|undefined|NaN)\b/, `${name} (${lang}, ${width})`);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-CN' : 'en');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 1, `${name} (${lang}) is ${overflow} px wider than ${width} px`);
        await screenshot(page, `view-${name}-${lang}-${width}`);
      }
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
