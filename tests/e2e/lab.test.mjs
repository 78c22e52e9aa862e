// The optimizer lab end to end: links round-trip at the page level, a race link replays bit for
// bit with one worker per contender, a bad link shows its message on a working page, and the
// embedded views post their height so the course page fits its iframes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();

const TINY_NET = '1x28x28,conv2d:4:k5:s2:p2,relu,flatten,dense:10';
const RACE = `v=1&view=race&net=${TINY_NET}&opt=sgd:0.1,adam:0.002,sgd:40&batch=32&seed=3&steps=30&eval=10&play=1`;

async function open(hash, { width = 1280, height = 800, query = '' } = {}) {
  const page = await playground.newPage({ viewport: { width, height } });
  const errors = collectConsoleErrors(page);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${playground.url}${query}#${hash}`);
  return { page, errors, workers };
}

/** Runs the race of `hash` to the end and returns what the page drew from. */
async function raceResults(hash, name) {
  const { page, errors, workers } = await open(hash);
  await page.waitForSelector('.race-view[data-state="done"]', { timeout: 60_000 });
  const results = await page.evaluate(() => window.cnnLab.race.map((r) => ({ losses: r.losses, evals: r.evals.map((e) => [e.step, e.accuracy]), step: r.step, status: r.status, diverged: r.diverged })));
  const table = await page.locator('.standings tbody').innerText();
  if (name) await screenshot(page, name);
  await page.close();
  return { results, errors, workers, table };
}

test('a race link replays bit for bit, one worker per contender, divergence marked', async () => {
  const first = await raceResults(RACE, 'lab-race-1280');
  const second = await raceResults(RACE);
  assert.deepEqual(first.errors, []);
  assert.equal(first.workers.filter((u) => u.endsWith('/lab/race-worker.js')).length, 3);
  assert.equal(second.workers.filter((u) => u.endsWith('/lab/race-worker.js')).length, 3);
  const [sgd, adam, wild] = first.results;
  // Same weights and the same first mini-batch: the loss before the first update is the same.
  assert.equal(sgd.losses[0], adam.losses[0]);
  assert.equal(sgd.losses[0], wild.losses[0]);
  assert.ok(sgd.losses[0] > 2 && sgd.losses[0] < 2.6, `first loss ${sgd.losses[0]}`);
  assert.equal(sgd.losses.length, 30);
  assert.equal(adam.losses.length, 30);
  assert.notDeepEqual(sgd.losses, adam.losses);
  // The wild contender diverged and was marked; the others ran to the end.
  assert.equal(wild.status, 'diverged');
  assert.ok(wild.diverged.step < 30, JSON.stringify(wild.diverged));
  assert.match(first.table, /diverged at step \d+/);
  assert.equal(sgd.status, 'done');
  assert.deepEqual(sgd.evals.map((e) => e[0]), [0, 10, 20, 30]);
  // Opening the same link again gives the very same numbers.
  assert.deepEqual(second.results, first.results);
});

test('the page writes every setting to the link, and the link restores them', async () => {
  const { page, errors } = await open('view=race&opt=momentum:0.02:momentum=0.5,rmsprop:0.001&batch=16&seed=5');
  await page.waitForSelector('.race-view .contender');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v=1&view=race&net=1x28x28,/);
  assert.match(hash, /&opt=momentum:0\.02:momentum=0\.5,rmsprop:0\.001&batch=16&seed=5&steps=200&eval=20&/);
  await page.getByLabel('seed').fill('9');
  await page.getByLabel('seed').dispatchEvent('change');
  await page.getByLabel('contender 2 learning rate').fill('0.004');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const copied = await page.locator('.share input').inputValue();
  assert.match(copied, /seed=9/);
  assert.match(copied, /rmsprop:0\.004/);
  // the copied link, opened fresh, shows the same settings
  const again = await playground.newPage();
  await again.goto(copied);
  await again.waitForSelector('.race-view .contender');
  assert.equal(await again.getByLabel('seed').inputValue(), '9');
  assert.equal(await again.getByLabel('batch size').inputValue(), '16');
  assert.equal(await again.getByLabel('contender 1 momentum').inputValue(), '0.5');
  assert.equal(await again.getByLabel('contender 2 learning rate').inputValue(), '0.004');
  assert.equal(await again.evaluate(() => location.hash), new URL(copied).hash);
  // a bad field says what to change and leaves the link as it was
  await again.getByLabel('batch size').fill('0');
  await again.getByLabel('batch size').dispatchEvent('change');
  assert.match(await again.locator('.batch-field .error-text').innerText(), /batch=0: out of range: use a whole number from 1 to 4096/);
  assert.match(await again.evaluate(() => location.hash), /batch=16/);
  assert.equal(await again.locator('.start').isDisabled(), true, 'no race with a field in error');
  await again.getByLabel('batch size').fill('');
  await again.getByLabel('batch size').dispatchEvent('change');
  assert.equal(await again.locator('.batch-field .error-text').innerText(), 'batch size is empty: use a whole number from 1 to 4096');
  await again.getByLabel('batch size').fill('16');
  await again.getByLabel('batch size').dispatchEvent('change');
  assert.equal(await again.locator('.start').isDisabled(), false);
  await again.getByLabel('contender 2 learning rate').fill('abc');
  assert.equal(await again.locator('.start').isDisabled(), true);
  assert.match(await again.locator('.contender[data-index="1"] .error-text').innerText(), /lr must be greater than 0, like [\d.]+, not "abc"/);
  await again.getByLabel('contender 1 momentum').fill('');
  assert.match(await again.locator('.contender[data-index="0"] .error-text').innerText(), /momentum must be from 0 up to \(not including\) 1, not empty/);
  await again.getByLabel('contender 1 momentum').fill('0.5');
  await again.getByLabel('contender 2 learning rate').fill('0.004');
  assert.equal(await again.locator('.start').isDisabled(), false);
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  // the embed keeps the page's language (English here: the browser's)
  assert.match(await page.locator('.share input').inputValue(), /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;lang=en#v=1&amp;view=race/);
  // the surface view: clicking the surface moves the start point into the link
  const surface = await playground.newPage();
  await surface.goto(`${playground.url}#view=surface&surface=himmelblau&steps=40`);
  await surface.locator('.surface-canvas').click({ position: { x: 20, y: 20 } });
  const surfaceHash = await surface.evaluate(() => location.hash);
  assert.match(surfaceHash, /surface=himmelblau&start=-4\.\d+,4\.\d+/);
  assert.match(await surface.locator('.legend tbody').innerText(), /sgd 0\.001/);
  await surface.getByLabel('steps').fill('2.5');
  assert.match(await surface.locator('.steps-error').innerText(), /steps must be a whole number from 1 to 5000/);
  assert.equal(await surface.locator('.play').isDisabled(), true);
  await surface.getByLabel('steps').fill('40');
  assert.equal(await surface.locator('.play').isDisabled(), false);
  // a link edited by hand (same view) applies at once
  await surface.evaluate(() => { location.hash = '#view=surface&surface=saddle&steps=40&opt=sgd:0.05,adam:0.1'; });
  await surface.waitForFunction(() => document.querySelector('.surface-select')?.value === 'saddle');
  assert.match(await surface.locator('.legend tbody').innerText(), /adam 0\.1/);
  assert.deepEqual(errors, []);
  await Promise.all([page.close(), again.close(), surface.close()]);
});

test('a bad link shows what was wrong and a working page', async () => {
  const { page, errors } = await open('v=7&view=race&batch=abc&opt=adam:0.001,nadam:1&net=1x28x28,conv2d:8:k40,flatten,dense:10&seed=12&zzz=1');
  const warnings = page.locator('.lab-warnings');
  await warnings.waitFor();
  const text = await warnings.innerText();
  assert.match(text, /v=7: link version "7" is not known/);
  assert.match(text, /batch=abc: not a whole number: use a whole number from 1 to 4096; batch keeps its default/);
  assert.match(text, /nadam.*unknown.*sgd, momentum, adagrad, rmsprop, adam/);
  assert.match(text, /kernel 40 is larger than the padded input/);
  assert.doesNotMatch(text, /zzz/);
  assert.equal(await page.getByLabel('seed').inputValue(), '12');
  assert.equal(await page.getByLabel('batch size').inputValue(), '32');
  assert.ok(await page.locator('.start').isEnabled());
  await screenshot(page, 'lab-bad-link');
  // garbage never throws and never leaves the page blank
  for (const hash of ['%%%&&==view=surface%ZZ', 'view=surface&start=1e999,nan&opt=,,,&surface=%E2%88%9E', 'view=nosuchview&play=1']) {
    await page.goto(`${playground.url}#${hash}`);
    await page.reload();
    await page.waitForSelector('main#view > *:not(.loading)');
    assert.ok((await page.locator('main#view').innerText()).trim().length > 50, hash);
  }
  assert.match(await page.locator('#banner').innerText(), /nosuchview/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a path running downhill off the saddle is said to run off, not to diverge', async () => {
  const { page, errors } = await open('view=surface&surface=saddle&opt=sgd:0.1,adam:0.1&steps=100');
  await page.waitForFunction(() => /done/.test(document.querySelector('.legend tbody')?.innerText));
  const legend = await page.locator('.legend tbody').innerText();
  assert.match(legend, /sgd 0\.1[^\n]*ran off the surface at step \d+: no minimum this way/);
  assert.doesNotMatch(legend, /diverged/);
  assert.match(legend, /adam 0\.1[^\n]*done \(outside the view\)/);
  // an overshooting path still diverges (the valley: y is multiplied by -1.5 each step)
  await page.evaluate(() => { location.hash = '#view=surface&surface=valley&opt=sgd:0.25,adam:0.1&steps=60'; });
  await page.waitForFunction(() => /diverged at step \d+/.test(document.querySelector('.legend tbody')?.innerText));
  assert.doesNotMatch(await page.locator('.legend tbody').innerText(), /ran off/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a race marks a loss above the chart as off scale, and says when settings changed since it ran', async () => {
  const hash = `v=1&view=race&net=${TINY_NET}&opt=sgd:0.1,sgd:3&batch=32&seed=3&steps=15&eval=5&play=1`;
  const { page, errors } = await open(hash);
  await page.waitForSelector('.race-view[data-state="done"]', { timeout: 60_000 });
  // sgd 3 blows the loss up past the chart's top (1.25 x the first loss) before it is stopped
  const [sgd, wild] = await page.evaluate(() => window.cnnLab.race.map((r) => r.losses));
  const top = 1.25 * sgd[0];
  assert.ok(wild.some((l) => Number.isFinite(l) && l > top), JSON.stringify(wild));
  assert.equal(await page.locator('.loss-chart').getAttribute('data-off-scale'), 'sgd 3');
  // against wall time, the x axis spans the race's own seconds (a fraction of one here)
  await page.click('button[data-axis="time"]');
  const slowest = await page.evaluate(() => Math.max(...window.cnnLab.race.flatMap((r) => r.times)));
  const [, x1] = (await page.locator('.loss-chart').getAttribute('data-x-range')).split(' ').map(Number);
  // (a diverged contender's ✕ is drawn 1.2% of the axis to each side of its point, so when it
  // sits at the latest time the axis reaches that much further to fit it)
  assert.ok(x1 >= slowest - 1e-9 && x1 <= slowest * 1.013, `x axis to ${x1} s for a race of ${slowest} s`);
  await page.click('button[data-axis="step"]');
  assert.equal(await page.locator('.changed').isVisible(), false);
  await page.getByLabel('seed').fill('4');
  await page.getByLabel('seed').dispatchEvent('change');
  assert.match(await page.locator('.changed').innerText(), /changed since this race started: press ▶ Race again/);
  await page.getByLabel('seed').fill('3');
  await page.getByLabel('seed').dispatchEvent('change');
  assert.equal(await page.locator('.changed').isVisible(), false, 'back to the raced settings');
  await page.getByLabel('contender 2 learning rate').fill('0.05');
  assert.equal(await page.locator('.changed').isVisible(), true);
  await page.click('.start');
  assert.equal(await page.locator('.changed').isVisible(), false);
  await page.waitForSelector('.race-view[data-state="done"]', { timeout: 60_000 });
  assert.equal(await page.locator('.loss-chart').getAttribute('data-off-scale'), '');
  await screenshot(page, 'lab-race-restarted');
  assert.deepEqual(errors, []);
  await page.close();
});

test('embedded views post their height and the course page fits its iframes', async () => {
  const { page, errors } = await open('', { query: 'examples/course.html' });
  const frames = page.locator('iframe.playground');
  await page.waitForFunction(() => [...document.querySelectorAll('iframe.playground')].every((f) => f.style.height && parseInt(f.style.height, 10) > 480), null, { timeout: 30_000 });
  for (let i = 0; i < 2; i++) {
    const frame = page.frameLocator('iframe.playground').nth(i);
    await frame.locator('.lab').waitFor();
    assert.equal(await frame.locator('header.chrome').isVisible(), false, 'no page chrome when embedded');
    // the embedded page may still be growing or shrinking (animation, race rows): poll until
    // the last posted height has arrived
    let inner = 0;
    let outer = -100;
    for (let tries = 0; tries < 100 && Math.abs(inner - outer) > 2; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
      inner = await frame.locator('html').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
      outer = await frames.nth(i).evaluate((el) => parseInt(el.style.height, 10));
    }
    assert.ok(Math.abs(inner - outer) <= 2, `iframe ${i}: ${outer}px for a page of ${inner}px`);
  }
  await screenshot(page, 'lab-course');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the lab views fit a phone screen', async () => {
  for (const [hash, name] of [['view=surface&surface=valley&opt=sgd:0.25,momentum:0.02,adam:0.3&steps=60', 'lab-surface-390'], [RACE, 'lab-race-390']]) {
    const { page, errors } = await open(hash, { width: 390, height: 844 });
    await page.waitForSelector('.lab .contender');
    if (name === 'lab-surface-390') {
      // sgd with lr 0.25 multiplies y by -1.5 each step on the valley: marked, the others go on
      const legend = await page.locator('.legend tbody').innerText();
      assert.match(legend, /sgd 0\.25[^\n]*\n?[^\n]*diverged at step \d+/);
      assert.equal((legend.match(/done/g) || []).length, 2, legend);
    }
    if (hash === RACE) await page.waitForSelector('.race-view[data-state="done"]', { timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} overflows by ${overflow}px`);
    await screenshot(page, name);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
