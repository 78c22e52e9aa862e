// The page shell and the view shell (www/app.js, www/lib/view.js) through the loss-surface
// view, the first view on the toolkit: the language from the link or the browser, switched in
// place and kept in links and embeds; keyboard shortcuts registered by the view and listed;
// Play that pauses; paths that stay readable. Screenshots in both languages, desktop and phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();
const en = (await import('../../www/i18n/en.js')).default;
const zh = (await import('../../www/i18n/zh.js')).default;
const VALLEY = 'view=surface&surface=valley&opt=sgd:0.25,momentum:0.02,adam:0.3&steps=60&start=-9,2.5';

async function open(path, { width = 1280, height = 800, locale = 'en-US' } = {}) {
  const page = await playground.newPage({ viewport: { width, height }, locale });
  const errors = collectConsoleErrors(page);
  await page.goto(`${playground.url}${path}`);
  await page.waitForSelector('.surface-view .legend tbody tr');
  return { page, errors };
}

/** Texts on the page that are a catalog key instead of the text for it. */
const keysShown = (page) => page.evaluate((keys) => {
  const text = document.body.innerText;
  const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder]')].map((e) => `${e.getAttribute('aria-label')} ${e.title} ${e.getAttribute('placeholder')}`).join(' ');
  return keys.filter((k) => text.includes(k) || labels.includes(k));
}, Object.keys(en).filter((k) => !Object.values(en).includes(k)));

test('?lang=zh shows the page in Chinese; the switch turns it English in place, keeping the experiment, and links and embeds keep the language', async () => {
  const { page, errors } = await open(`?lang=zh#${VALLEY}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), zh['nav.surface']);
  assert.equal(await page.locator('.surface-view .play').innerText(), zh['surface.play']);
  assert.match(await page.locator('.legend tbody').innerText(), /✕ 在第 \d+ 步发散/);
  assert.equal(await page.getByLabel('参赛者 2 的动量').inputValue(), '0.9');
  assert.deepEqual(await keysShown(page), []);
  // No English left in the view: what remains once names (optimizers, surfaces), formulas and
  // numbers are taken out has no word of two Latin letters or more.
  const english = await page.evaluate(() => {
    const texts = [document.querySelector('.surface-view').innerText, ...[...document.querySelectorAll('.surface-view [aria-label], .surface-view [title]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.title}`)];
    return texts.join(' ').replace(/\b(sgd|momentum|adagrad|rmsprop|adam|lr|Rosenbrock|Beale|Himmelblau)\b/g, '').replace(/f\(x, y\) = [^\n]*/g, '').match(/[A-Za-z]{2,}/g);
  });
  assert.equal(english, null, `English words in the Chinese view: ${english}`);
  await screenshot(page, 'shell-surface-zh-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth) <= 0, 'no sideways scrolling on a phone');
  await screenshot(page, 'shell-surface-zh-390');
  await page.setViewportSize({ width: 1280, height: 800 });
  // Move the start, then switch: the start point stays, the texts change, the link says lang=en.
  await page.locator('.surface-canvas').click({ position: { x: 30, y: 30 } });
  const start = await page.locator('.start').innerText();
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.querySelector('nav a[aria-current="page"]').textContent === 'Loss surfaces');
  assert.equal(await page.locator('.start').innerText(), start);
  await page.waitForFunction(() => /✕ diverged at step \d+/.test(document.querySelector('.legend tbody').innerText));
  assert.equal(await page.getByLabel('contender 2 momentum').inputValue(), '0.9');
  assert.match(await page.locator('.shortcuts').innerText(), /Space\s+play \/ pause/);
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'en');
  assert.deepEqual(await keysShown(page), []);
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  assert.match(await page.locator('.share input').inputValue(), /\?embed=1&amp;lang=en#v=1&amp;view=surface&amp;/);
  await page.selectOption('#language', 'zh');
  await page.getByRole('button', { name: '复制链接' }).click();
  const link = new URL(await page.locator('.share input').inputValue());
  assert.equal(link.searchParams.get('lang'), 'zh');
  assert.equal(link.searchParams.get('embed'), null);
  await screenshot(page, 'shell-surface-zh-switched');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the browser\'s language is the default; a lang in the hash moves to the query; an unknown one is named', async () => {
  const zhBrowser = await open(`#${VALLEY}`, { locale: 'zh-CN' });
  assert.equal(await zhBrowser.page.locator('nav a[aria-current="page"]').innerText(), zh['nav.surface']);
  assert.equal(new URL(zhBrowser.page.url()).searchParams.get('lang'), null, 'nothing written when nothing was asked');
  await zhBrowser.page.close();
  const inHash = await open(`#${VALLEY}&lang=zh`);
  assert.equal(await inHash.page.locator('.surface-view h2 span').first().innerText(), zh['surface.title']);
  const url = new URL(inHash.page.url());
  assert.equal(url.searchParams.get('lang'), 'zh');
  assert.doesNotMatch(url.hash, /lang=/);
  await inHash.page.close();
  const unknown = await open(`?lang=fr#${VALLEY}`);
  assert.match(await unknown.page.locator('#banner').innerText(), /language "fr", which this page does not have; showing English\. Languages: en, zh/);
  assert.deepEqual([...zhBrowser.errors, ...inHash.errors, ...unknown.errors], []);
  await unknown.page.close();
});

test('Space plays and pauses the paths (also with a button focused), R replays, typing is left alone', async () => {
  const { page, errors } = await open('#view=surface&surface=rosenbrock&steps=3000');
  const play = page.locator('.surface-view .play');
  const progress = () => page.locator('.surface-view .progress').innerText();
  await page.waitForFunction(() => document.querySelector('.surface-view .progress').textContent === 'step 3000 / 3000');
  assert.equal(await play.innerText(), '▶ Play');
  await page.getByRole('button', { name: 'Copy link' }).click();   // focus on the copied link: Space must still play
  assert.equal(await page.evaluate(() => document.activeElement.matches('.share input[readonly]')), true);
  await page.keyboard.press('Space');
  assert.equal(await play.innerText(), '❚❚ Pause');
  await page.keyboard.press('Space');
  await page.focus('.copy-link');   // and on a button: Space plays, it does not press the button
  await page.evaluate(() => { document.querySelector('.share-status').textContent = ''; });
  await page.keyboard.press('Space');
  assert.equal(await play.innerText(), '❚❚ Pause');
  assert.equal(await page.locator('.share-status').innerText(), '', 'Space did not press the focused button');
  await page.waitForFunction(() => /^step (\d+)/.exec(document.querySelector('.surface-view .progress').textContent)[1] > 100);
  await page.keyboard.press('Space');
  assert.equal(await play.innerText(), '▶ Play');
  const paused = await progress();
  await page.waitForTimeout(300);
  assert.equal(await progress(), paused, 'paused: the step stays');
  await play.click();   // the button resumes from where it paused
  assert.equal(await play.innerText(), '❚❚ Pause');
  const resumed = Number(/^step (\d+)/.exec(await progress())[1]);
  assert.ok(resumed >= Number(/^step (\d+)/.exec(paused)[1]), `${resumed} after ${paused}`);
  await page.keyboard.press('r');
  assert.ok(Number(/^step (\d+)/.exec(await progress())[1]) < resumed, 'R starts again from step 0');
  await page.getByLabel('steps').fill('40 ');
  await page.getByLabel('steps').press('Space');
  assert.equal(await page.getByLabel('steps').inputValue(), '40  ', 'a space typed in a field is a space');
  assert.match(await page.locator('#shortcuts').innerText(), /Keyboard:\s+Space\s+play \/ pause\s+R\s+replay from the start/);
  // Leaving the view takes its shortcuts away.
  await page.evaluate(() => { location.hash = '#view=conv-size'; });
  await page.waitForSelector('.lecture h1');
  assert.equal(await page.locator('#shortcuts').isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a path that blows up is cut at the edge of the view, and every path has a white casing', async () => {
  // The README's valley: sgd 0.21 multiplies y by -1.1 each step, zigzagging ever wider until it
  // diverges. Drawn to the end it painted a solid orange block over a third of the surface; cut
  // at its first point well outside the view, it is a fan of lines at the left.
  const { page, errors } = await open('#view=surface&surface=valley&opt=sgd:0.19,sgd:0.21,momentum:0.02,adam:0.3&steps=100&start=-9,2.5');
  await page.waitForFunction(() => /diverged at step \d+/.test(document.querySelector('.legend tbody').innerText) && /done/.test(document.querySelector('.legend tbody').innerText));
  await page.waitForTimeout(100);
  const share = await page.locator('.surface-canvas').evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let orange = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0xe8) < 16 && Math.abs(data[i + 1] - 0x59) < 16 && Math.abs(data[i + 2] - 0x0c) < 16) orange++;
    return orange / (data.length / 4);
  });
  assert.ok(share > 0.005 && share < 0.06, `sgd 0.21's orange covers ${(100 * share).toFixed(2)}% of the surface`);
  assert.match(await page.locator('.surface-view [data-id="scale"]').innerText(), /f\(x, y\) on a log scale/);
  await screenshot(page, 'shell-surface-valley');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a view left while it was still loading does not blank the view that replaced it; the lecture loads its own package', async () => {
  const page = await playground.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${playground.url}#view=surface`);
  await page.waitForSelector('.surface-view');
  // the lecture's view is asked for and, before its package has loaded, the surface again
  const lecturePackage = page.waitForResponse((r) => r.url().includes('/pkg-lecture/') && r.url().endsWith('.wasm'));
  await page.evaluate(() => { location.hash = 'view=conv-size'; setTimeout(() => { location.hash = 'view=surface'; }, 0); });
  await lecturePackage;
  await page.waitForTimeout(2000);   // the late lecture view has finished mounting and unmounted itself
  assert.equal(await page.locator('.surface-view').count(), 1);
  assert.ok((await page.locator('main#view').innerText()).trim().length > 50);
  assert.ok(wasm.some((p) => p.includes('/pkg/')) && wasm.some((p) => p.includes('/pkg-lecture/')), wasm.join(', '));
  assert.deepEqual(errors, []);
  await page.close();
});
