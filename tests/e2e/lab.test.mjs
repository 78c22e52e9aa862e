// The optimizer lab end to end, as a user meets it: a race link runs when opened and replays
// number for number with one worker per contender; a copied link races and carries only its
// view's keys; Space starts, pauses and resumes; the standings say which loss they show; a new
// contender starts at its own learning rate; the race takes the Train view's network; embeds
// show Start near the top and a way to the full playground; the sgd path stays visible on the
// surface; bad values say what to change; first-visit guides; both languages, desktop and phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();
const en = (await import('../../www/i18n/en.js')).default;
const zh = (await import('../../www/i18n/zh.js')).default;

const TINY_NET = '1x28x28,conv2d:4:k5:s2:p2,relu,flatten,dense:10';
const RACE = `v=1&view=race&net=${TINY_NET}&opt=sgd:0.1,adam:0.002,sgd:40&batch=32&seed=3&steps=30&eval=10&play=1`;
const SURFACE_ONLY = ['surface', 'start'];
const TRAINING_ONLY = ['net', 'data', 'batch', 'seed', 'eval'];

async function open(path, { width = 1280, height = 800, locale = 'en-US', guides = false } = {}) {
  const page = await playground.newPage({ viewport: { width, height }, locale });
  const errors = collectConsoleErrors(page);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  // the first-visit guides are tested on their own; elsewhere they are already dismissed
  if (!guides) await page.addInitScript(() => { for (const id of ['race', 'surface']) localStorage.setItem(`cnn-playground:guide:${id}`, 'dismissed'); });
  await page.goto(`${playground.url}${path}`);
  return { page, errors, workers };
}

/** The page's address now ((await href(page)) follows history.replaceState only a moment later). */
const href = (page) => page.evaluate(() => location.href);
/** The race is over and its last frame drawn (the standings follow the state at the next animation frame). */
const ended = async (page) => {
  await page.waitForSelector('.race-view[data-state="done"]', { timeout: 90_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
};
const keysOf = (url) => [...new URLSearchParams(new URL(url, 'http://x').hash.slice(1)).keys()];

/** The standings as the user reads them: one array of cells per row, without the (timed) training time. */
const standings = (page) => page.locator('[data-id="standings"] tr').evaluateAll((rows) => rows.map((tr) => [...tr.children].map((td) => td.innerText.trim()).filter((_, i) => i !== 5)));

/**
 * Runs the race of `hash` through the view's own modules (run.js and state.js, as the view
 * does) and returns every contender's record: each step's loss, each test, the status.
 */
function raceRecords(page, hash) {
  return page.evaluate(async (hash) => {
    const core = await import('/pkg/cnn_playground.js');
    await core.default();
    const { startRace } = await import('/views/race/run.js');
    const { finish, lineUp, receive, standing } = await import('/views/race/state.js');
    const settings = core.parseLink(hash).state;
    const records = lineUp(settings.contenders, 'loading');
    await new Promise((resolve, reject) => {
      let left = records.length;
      const run = startRace(settings, (i, kind, data) => {
        if (kind === 'progress') { receive(records[i], data); return; }
        if (kind === 'error') { reject(new Error(data)); return; }
        finish(records[i], data);
        run.release(i);
        if (--left === 0) resolve();
      });
    });
    return records.map((r) => ({ losses: r.losses, evals: r.evals.map((e) => [e.step, e.accuracy, e.loss]), status: r.status, diverged: r.diverged, trainLoss: standing(r).trainLoss }));
  }, hash);
}

test('a race link runs when opened and replays number for number, one worker per contender, divergence marked', async () => {
  const first = await open(`#${RACE}`);
  await ended(first.page);
  assert.deepEqual(keysOf((await href(first.page))), ['v', 'view', 'net', 'data', 'opt', 'batch', 'seed', 'steps', 'eval', 'play'], 'a race link carries only the race\'s keys');
  const table = await standings(first.page);
  await screenshot(first.page, 'lab-race-1280');
  const second = await open(`#${RACE}`);
  await ended(second.page);
  assert.deepEqual(await standings(second.page), table, 'the same link, the same standings');
  for (const { workers } of [first, second]) assert.equal(workers.filter((u) => u.endsWith('/lab/race-worker.js')).length, 3);
  const [sgd, adam, wild] = table;
  assert.match(wild[5], /✕ diverged at step \d+/);
  assert.deepEqual([sgd[5], adam[5]], ['done', 'done']);
  assert.equal(sgd[1], '30');
  // The numbers behind the table, through the view's own modules, twice: the very same.
  const records = await raceRecords(first.page, RACE);
  assert.deepEqual(await raceRecords(second.page, RACE), records);
  const [rs, ra, rw] = records;
  // Same weights and the same first mini-batch: the same loss before the first update.
  assert.equal(rs.losses[0], ra.losses[0]);
  assert.equal(rs.losses[0], rw.losses[0]);
  assert.ok(rs.losses[0] > 2 && rs.losses[0] < 2.6, `first loss ${rs.losses[0]}`);
  assert.equal(rs.losses.length, 30);
  assert.notDeepEqual(rs.losses, ra.losses);
  assert.deepEqual(rs.evals.map((e) => e[0]), [0, 10, 20, 30]);
  assert.equal(rw.status, 'diverged');
  assert.ok(rw.diverged.step < 30);
  // The table shows those numbers: the mean of the last 20 losses, the last test's loss and accuracy.
  const mean = rs.losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
  assert.equal(sgd[2], Number(mean.toPrecision(7)).toPrecision(4));
  assert.equal(rs.trainLoss, mean);
  assert.equal(sgd[3], Number(rs.evals.at(-1)[2].toPrecision(7)).toPrecision(4));
  assert.match(sgd[4], new RegExp(`^${(rs.evals.at(-1)[1] * 100).toFixed(1)}%`));
  assert.deepEqual([...first.errors, ...second.errors], []);
  await Promise.all([first.page.close(), second.page.close()]);
});

test('a copied race link opens and runs; links carry only their view\'s keys; a bad field says what to change', async () => {
  const { page, errors } = await open(`#view=race&net=${TINY_NET}&opt=momentum:0.02:momentum=0.5,rmsprop:0.001&batch=16&seed=5&steps=20&eval=10`);
  await page.waitForSelector('.race-view[data-state="ready"]');
  assert.match((await href(page)), /&opt=momentum:0\.02:momentum=0\.5,rmsprop:0\.001&batch=16&seed=5&steps=20&eval=10&play=0$/);
  assert.deepEqual((await standings(page)).map((row) => row[5]), ['ready', 'ready']);
  await page.getByLabel('seed').fill('9');
  await page.getByLabel('seed').dispatchEvent('change');
  await page.getByLabel('contender 2 learning rate').fill('0.004');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const copied = await page.locator('.share input').inputValue();
  assert.match(copied, /seed=9/);
  assert.match(copied, /rmsprop:0\.004/);
  assert.match(copied, /&play=1$/, 'a shared race runs when opened');
  assert.deepEqual(keysOf(copied).filter((k) => SURFACE_ONLY.includes(k)), []);
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  const embed = await page.locator('.share input').inputValue();
  assert.match(embed, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;lang=en#v=1&amp;view=race&amp;.*&amp;play=1"/);
  // the copied link, opened fresh: the same settings, and the race starts by itself
  const again = await open(new URL(copied).hash);
  await again.page.waitForSelector('.race-view[data-state="running"], .race-view[data-state="done"]');
  assert.equal(await again.page.getByLabel('seed').inputValue(), '9');
  assert.equal(await again.page.getByLabel('batch size').inputValue(), '16');
  assert.equal(await again.page.getByLabel('contender 1 momentum').inputValue(), '0.5');
  assert.equal(await again.page.getByLabel('contender 2 learning rate').inputValue(), '0.004');
  await ended(again.page);
  assert.deepEqual((await standings(again.page)).map((row) => row[5]), ['done', 'done']);
  // a bad field says what to change, leaves the link as it was, and keeps Start off
  const p = again.page;
  await p.getByLabel('batch size').fill('0');
  await p.getByLabel('batch size').dispatchEvent('change');
  assert.equal(await p.locator('.batch-field .error-text').innerText(), 'batch=0: out of range: use a whole number from 1 to 4096');
  assert.match((await href(p)), /batch=16/);
  assert.equal(await p.locator('[data-id="play"]').isDisabled(), true, 'no race with a field in error');
  await p.getByLabel('batch size').fill('');
  await p.getByLabel('batch size').dispatchEvent('change');
  assert.equal(await p.locator('.batch-field .error-text').innerText(), 'batch size is empty: use a whole number from 1 to 4096');
  await p.getByLabel('batch size').fill('16');
  await p.getByLabel('batch size').dispatchEvent('change');
  assert.equal(await p.locator('[data-id="play"]').isDisabled(), false);
  await p.getByLabel('contender 2 learning rate').fill('abc');
  assert.equal(await p.locator('[data-id="play"]').isDisabled(), true);
  assert.match(await p.locator('.contender[data-index="1"] .error-text').innerText(), /lr must be greater than 0, like [\d.]+, not "abc"/);
  await p.getByLabel('contender 1 momentum').fill('');
  assert.match(await p.locator('.contender[data-index="0"] .error-text').innerText(), /momentum must be from 0 up to \(not including\) 1, not empty/);
  // seed=1e99 is a whole number, out of range (issue 10, item 13)
  await p.getByLabel('seed').fill('1e99');
  await p.getByLabel('seed').dispatchEvent('change');
  assert.equal(await p.locator('.seed-field .error-text').innerText(), 'seed=1e99: out of range: use a whole number from 0 to 4294967295');
  // the surface view's links hold no network settings
  const surface = await open('#view=surface&surface=himmelblau&steps=40');
  await surface.page.locator('.surface-canvas').click({ position: { x: 20, y: 20 } });
  assert.match((await href(surface.page)), /surface=himmelblau&start=-4\.\d+,4\.\d+/);
  await surface.page.getByRole('button', { name: 'Copy link' }).click();
  const surfaceLink = await surface.page.locator('.share input').inputValue();
  assert.deepEqual(keysOf(surfaceLink).filter((k) => TRAINING_ONLY.includes(k)), [], surfaceLink);
  assert.deepEqual(keysOf((await href(surface.page))).filter((k) => TRAINING_ONLY.includes(k)), []);
  assert.deepEqual([...errors, ...again.errors, ...surface.errors], []);
  await Promise.all([page.close(), again.page.close(), surface.page.close()]);
});

test('Space starts, pauses and resumes the race (also with a button focused), R races again, the keys are listed', async () => {
  const { page, errors } = await open(`#view=race&net=${TINY_NET}&opt=sgd:0.1,adam:0.002&steps=3000&eval=500`);
  const play = page.locator('[data-id="play"]');
  const state = () => page.locator('[data-id="view"]').getAttribute('data-state');
  await page.waitForSelector('.race-view[data-state="ready"]');
  assert.match(await page.locator('#shortcuts').innerText(), /Space\s+start \/ pause \/ resume the race\s+R\s+race again from step 0/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.focus('.copy-link');   // Space presses no focused button: it runs the race
  await page.keyboard.press('Space');
  assert.equal(await state(), 'running');
  assert.equal(await play.innerText(), '❚❚ Pause');
  await page.waitForFunction(() => Number(document.querySelector('[data-id="standings"] tr td:nth-child(2)').textContent) >= 20);
  await page.keyboard.press('Space');
  assert.equal(await state(), 'paused');
  assert.equal(await play.innerText(), '▶ Resume');
  await page.waitForTimeout(300);   // reports already sent may still arrive
  const paused = await standings(page);
  assert.match(paused[0][5], /^paused at \d+\/3000$/);
  await page.waitForTimeout(1000);
  assert.deepEqual(await standings(page), paused, 'paused: no step is taken');
  await page.keyboard.press('Space');
  assert.equal(await state(), 'running');
  await page.waitForFunction((step) => Number(document.querySelector('[data-id="standings"] tr td:nth-child(2)').textContent) > step, Number(paused[0][1]));
  await page.keyboard.press('r');   // a new race from step 0
  assert.equal(await state(), 'running');
  assert.ok(Number((await standings(page))[0][1]) < Number(paused[0][1]), 'R started again from step 0');
  await page.getByRole('button', { name: '■ Stop' }).click();
  assert.equal(await state(), 'done');
  assert.equal(await play.innerText(), '▶ Race again');
  assert.deepEqual((await standings(page)).map((row) => row[5]), ['stopped', 'stopped']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the standings say which loss they show; a new or changed contender gets its own usual learning rate', async () => {
  const { page, errors } = await open('#view=race');
  await page.waitForSelector('.race-view[data-state="ready"]');
  const headers = await page.locator('.standings th').allInnerTexts();
  assert.deepEqual(headers, ['contender', 'step', 'training loss', 'test loss', 'test accuracy', 'training time', 'status']);
  assert.equal(await page.locator('.standings th[data-id="colTrainLoss"]').getAttribute('title'), 'the mean of the last 20 mini-batch losses');
  assert.match(await page.locator('[data-id="lossNote"]').innerText(), /Training loss: the mean of the last 20 mini-batch losses\. Test loss and test accuracy: on the held-out test digits/);
  // the race starts with sgd 0.1, momentum 0.01, adam 0.001: a new contender is none of those
  // types, at its own learning rate from the core, not the first contender's 0.1
  await page.getByRole('button', { name: '+ Add contender' }).click();
  const lr = (n) => page.getByLabel(`contender ${n} learning rate`).inputValue();
  const type = (n) => page.getByLabel(`contender ${n} optimizer`);
  assert.equal(await type(4).inputValue(), 'adagrad');
  assert.equal(await lr(4), '0.01');
  for (const [name, usual] of [['adam', '0.001'], ['sgd', '0.01'], ['rmsprop', '0.001'], ['momentum', '0.01']]) {
    await type(4).selectOption(name);
    assert.equal(await lr(4), usual, `a new ${name}`);
  }
  assert.match((await href(page)), /opt=sgd:0\.1,momentum:0\.01,adam:0\.001,momentum:0\.01&/);
  // every field of the core's schema is editable: adam's eps too
  await type(4).selectOption('adam');
  await page.getByLabel('contender 4 eps').fill('0.0001');
  assert.match((await href(page)), /adam:0\.001:eps=0\.0001&/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the race takes the Train view\'s network and shows its layers with the core\'s shapes', async () => {
  const layers = (page) => page.locator('[data-id="layers"] tr').evaluateAll((rows) => rows.map((tr) => [...tr.children].map((td) => td.innerText)));
  const { page, errors } = await open('#view=race');
  await page.waitForSelector('.race-view[data-state="ready"]');
  assert.deepEqual(await layers(page), [
    ['0', 'conv2d:8:k5:p2', '8 × 28 × 28', '208'], ['1', 'relu', '8 × 28 × 28', '0'], ['2', 'maxpool:2', '8 × 14 × 14', '0'],
    ['3', 'flatten', '1568', '0'], ['4', 'dense:10', '10', '15,690']]);
  assert.equal(await page.locator('[data-id="paramTotal"]').innerText(), '15,898 parameters in all');
  // no Train view in this tab yet: its starting network, the reference network
  await page.getByRole('button', { name: 'Use the Train view\'s network' }).click();
  assert.match(await page.locator('[data-id="takeStatus"]').innerText(), /starting network \(the reference network\)/);
  assert.equal((await layers(page)).length, 8);
  assert.deepEqual((await layers(page))[3], ['3', 'conv2d:16:k5:p2', '16 × 14 × 14', '3,216']);
  assert.match((await href(page)), /net=1x28x28,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k5:p2,relu,maxpool:3,flatten,dense:10&/);
  // a network in the Train view's link: left for the race, taken from there
  await page.evaluate(() => { location.hash = '#view=train&net=1x28x28,conv2d:6:k3,relu,flatten,dense:10'; });
  await page.waitForSelector('.train');
  // the Train view has its data and its first test measurement before the user moves on (under
  // make test's parallel load, leaving it earlier has twice kept the race from showing in 30 s)
  await page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'), null, { timeout: 90_000 });
  await page.locator('nav a[href="#view=race"]').click();
  await page.waitForSelector('.race-view[data-state="ready"]', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Use the Train view\'s network' }).click();
  assert.equal(await page.locator('[data-id="takeStatus"]').innerText(), 'The race now uses the Train view\'s network.');
  assert.deepEqual((await layers(page)).map((row) => row[1]), ['conv2d:6:k3', 'relu', 'flatten', 'dense:10']);
  assert.equal((await layers(page))[0][2], '6 × 26 × 26');
  await page.getByRole('button', { name: 'Use the Train view\'s network' }).click();
  assert.equal(await page.locator('[data-id="takeStatus"]').innerText(), 'The race already uses the Train view\'s network.');
  // one the race cannot use on the digits (a Train view on images of another shape): it says
  // why, and the race keeps its own
  await page.evaluate(() => sessionStorage.setItem('cnn-playground:link:train', 'v=1&view=train&net=3x32x32,flatten,dense:9'));
  await page.getByRole('button', { name: 'Use the Train view\'s network' }).click();
  assert.match(await page.locator('[data-id="takeStatus"]').innerText(), /cannot race on the digits: .*1 x 28 x 28/);
  assert.equal((await layers(page))[0][1], 'conv2d:6:k3');
  // edited as text: the core's reason for a bad one
  await page.locator('.net-text summary').click();
  await page.locator('[data-id="net"]').fill('1x28x28,conv2d:8:k40,flatten,dense:10');
  await page.locator('[data-id="net"]').dispatchEvent('change');
  assert.match(await page.locator('[data-id="netError"]').innerText(), /kernel 40 is larger than the padded input/);
  assert.equal(await page.locator('[data-id="play"]').isDisabled(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a race marks a loss above the chart as off scale, spans its own time, and says when settings changed since it ran', async () => {
  const { page, errors } = await open(`#v=1&view=race&net=${TINY_NET}&opt=sgd:0.1,sgd:3&batch=32&seed=3&steps=15&eval=5&play=1`);
  await ended(page);
  await page.click('[data-id="smoothOff"]');   // each step's loss
  const chart = page.locator('[data-id="lossChart"] .line-chart');
  // sgd 3 blows the loss up past the chart's top (1.25 x the first loss) before it is stopped
  await page.waitForFunction(() => document.querySelector('[data-id="lossChart"] .line-chart')?.dataset.offScale === 'sgd 3');
  // against time, the x axis ends at the slowest contender's last step
  await page.click('[data-id="axisTime"]');
  await page.waitForFunction(() => document.querySelector('[data-id="lossChart"] .line-chart')?.dataset.xRange);
  const times = (await page.locator('[data-id="standings"] tr td:nth-child(6)').allInnerTexts()).map((s) => parseFloat(s));
  const [, x1] = (await chart.getAttribute('data-x-range')).split(' ').map(Number);
  assert.ok(Math.abs(x1 - Math.max(...times)) <= 0.006, `x axis to ${x1} s for contenders of ${times} s`);
  await page.click('[data-id="axisStep"]');
  assert.equal(await page.locator('[data-id="changed"]').isVisible(), false);
  await page.getByLabel('seed').fill('4');
  await page.getByLabel('seed').dispatchEvent('change');
  assert.match(await page.locator('[data-id="changed"]').innerText(), /changed since this race started: press ▶ Race again/);
  await page.getByLabel('seed').fill('3');
  await page.getByLabel('seed').dispatchEvent('change');
  assert.equal(await page.locator('[data-id="changed"]').isVisible(), false, 'back to the raced settings');
  await page.getByLabel('contender 2 learning rate').fill('0.05');
  assert.equal(await page.locator('[data-id="changed"]').isVisible(), true);
  await page.click('[data-id="play"]');
  assert.equal(await page.locator('[data-id="changed"]').isVisible(), false);
  await ended(page);
  await page.waitForFunction(() => document.querySelector('[data-id="lossChart"] .line-chart')?.dataset.offScale === '');
  await screenshot(page, 'lab-race-restarted');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad link shows what was wrong and a working page; seed=1e99 is out of range', async () => {
  const { page, errors } = await open('#v=7&view=race&batch=abc&opt=adam:0.001,nadam:1&net=1x28x28,conv2d:8:k40,flatten,dense:10&seed=1e99&zzz=1');
  const warnings = page.locator('.lab-warnings');
  await warnings.waitFor();
  const text = await warnings.innerText();
  assert.match(text, /v=7: link version "7" is not known/);
  assert.match(text, /batch=abc: not a whole number: use a whole number from 1 to 4096; batch keeps its default/);
  assert.match(text, /seed=1e99: out of range: use a whole number from 0 to 4294967295; seed keeps its default/);
  assert.match(text, /nadam.*unknown.*sgd, momentum, adagrad, rmsprop, adam/);
  assert.match(text, /kernel 40 is larger than the padded input/);
  assert.doesNotMatch(text, /zzz/);
  assert.equal(await page.getByLabel('seed').inputValue(), '1');
  assert.equal(await page.getByLabel('batch size').inputValue(), '32');
  assert.ok(await page.locator('[data-id="play"]').isEnabled());
  await screenshot(page, 'lab-bad-link');
  // garbage never throws and never leaves the page blank
  for (const hash of ['%%%&&==view=surface%ZZ', 'view=surface&start=1e999,nan&opt=,,,&surface=%E2%88%9E', 'view=race&steps=-1&eval=0&opt=sgd', 'view=nosuchview&play=1']) {
    await page.goto(`${playground.url}#${hash}`);
    await page.reload();
    await page.waitForSelector('main#view > .view-host > *');
    assert.ok((await page.locator('main#view').innerText()).trim().length > 50, hash);
  }
  assert.match(await page.locator('#banner').innerText(), /nosuchview/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('loss surfaces: Play pauses, a path running off the saddle is not called diverged, the sgd path is seen on the default Rosenbrock', async () => {
  // sgd 0.001 creeps along the valley while adam zigzags across it: drawn under adam, only 9 of
  // its pixels showed. Its blue on the default experiment must show about as much as on its own.
  const bluePixels = (page) => page.locator('.surface-canvas').evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0x3b) < 24 && Math.abs(data[i + 1] - 0x5b) < 24 && Math.abs(data[i + 2] - 0xdb) < 24) n++;
    return n;
  });
  const counts = [];
  for (const opt of ['sgd:0.001,momentum:0.001,adam:0.05', 'sgd:0.001,momentum:0.000001']) {
    const { page, errors } = await open(`#view=surface&opt=${opt}`);
    await page.waitForSelector('.surface-view .legend tbody tr');
    await page.waitForTimeout(200);
    counts.push(await bluePixels(page));
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.ok(counts[1] > 60 && counts[0] >= 0.8 * counts[1], `sgd's pixels: ${counts[0]} with adam, ${counts[1]} alone`);
  const { page, errors } = await open('#view=surface&surface=saddle&opt=sgd:0.1,adam:0.1&steps=100');
  await page.waitForFunction(() => /done/.test(document.querySelector('.legend tbody')?.innerText));
  const legend = await page.locator('.legend tbody').innerText();
  assert.match(legend, /sgd 0\.1[^\n]*ran off the surface at step \d+: no minimum this way/);
  assert.doesNotMatch(legend, /diverged/);
  assert.match(legend, /adam 0\.1[^\n]*done \(outside the view\)/);
  // Play, then Pause: the step stays where it paused
  const play = page.locator('.surface-view .play');
  await play.click();
  assert.equal(await play.innerText(), '❚❚ Pause');
  await play.click();
  assert.equal(await play.innerText(), '▶ Play');
  const at = await page.locator('.surface-view .progress').innerText();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.surface-view .progress').innerText(), at);
  // an overshooting path still diverges (the valley: y is multiplied by -1.5 each step)
  await page.evaluate(() => { location.hash = '#view=surface&surface=valley&opt=sgd:0.25,adam:0.1&steps=60'; });
  await page.waitForFunction(() => /diverged at step \d+/.test(document.querySelector('.legend tbody')?.innerText));
  assert.doesNotMatch(await page.locator('.legend tbody').innerText(), /ran off/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('first-visit guides in the race and the loss-surface view: dismissed once, remembered, offered again; none when embedded', async () => {
  const { page, errors } = await open('#view=race', { guides: true });
  const guide = page.locator('.race-view aside.guide');
  await page.waitForSelector('.race-view[data-state="ready"]');
  assert.match(await guide.innerText(), /What to try in the race[\s\S]*Start race[\s\S]*learning rate to 10[\s\S]*Add contender[\s\S]*Copy link/);
  await page.keyboard.press('Space');   // the reader starts a race: that step is ticked
  assert.deepEqual(await guide.locator('li.done').allInnerTexts(), [en['race.guide.start']]);
  await page.getByRole('button', { name: en['guide.dismiss'] }).click();
  assert.equal(await guide.isVisible(), false);
  await page.reload();   // (the link has play=1 now: the race runs again)
  await page.waitForSelector('.race-view[data-state]');
  assert.equal(await guide.isVisible(), false, 'dismissed stays dismissed');
  assert.equal(await page.getByRole('button', { name: en['guide.reopen'] }).isVisible(), true, 'and can be opened again');
  await page.evaluate(() => { location.hash = '#view=surface'; });
  await page.waitForSelector('.surface-view aside.guide');
  const surfaceGuide = page.locator('.surface-view aside.guide');
  assert.match(await surfaceGuide.innerText(), /What to try on the loss surfaces[\s\S]*Play \(or Space\)[\s\S]*Click the surface[\s\S]*valley[\s\S]*saddle/);
  await page.selectOption('#language', 'zh');
  await page.waitForFunction(() => document.querySelector('.surface-view aside.guide')?.innerText.includes('在损失曲面上可以试试什么'));
  assert.match(await surfaceGuide.innerText(), /播放[\s\S]*学习率设为 0\.21/);
  await screenshot(page, 'lab-surface-guide-zh');
  const embedded = await open('?embed=1#view=race', { guides: true });
  await embedded.page.waitForSelector('.race-view');
  assert.equal(await embedded.page.locator('aside.guide').count(), 0);
  assert.deepEqual([...errors, ...embedded.errors], []);
  await Promise.all([page.close(), embedded.page.close()]);
});

test('embeds: the course page fits its iframes; below 800 px Start race is near the top; every embed opens the full playground', async () => {
  const { page, errors } = await open('examples/course.html', { width: 700, height: 900 });
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
    // the way out: this very experiment, not embedded, in the same language
    const out = frame.locator('.open-full a');
    assert.equal(await out.innerText(), 'Open in the full playground ↗');
    await out.hover();
    const href = new URL(await out.getAttribute('href'));
    assert.equal(href.searchParams.get('embed'), null);
    assert.equal(href.searchParams.get('lang'), 'en');
    assert.match(href.hash, i === 0 ? /view=surface&/ : /view=race&/);
  }
  const race = page.frameLocator('#race-frame');
  const top = await race.locator('[data-id="play"]').evaluate((b) => b.getBoundingClientRect().top);
  assert.ok(top < 120, `Start race ${top}px down the race embed`);
  await screenshot(page, 'lab-course');
  // a lecture view embedded alone has the way out too
  const lecture = await open('?embed=1&lang=zh#view=conv-size', { width: 390, height: 844 });
  await lecture.page.waitForSelector('.lecture');
  assert.equal(await lecture.page.locator('.open-full a').innerText(), zh['share.openFull']);
  assert.match(await lecture.page.locator('.open-full a').getAttribute('href'), /\/\?lang=zh#view=conv-size/);
  assert.deepEqual([...errors, ...lecture.errors], []);
  await Promise.all([page.close(), lecture.page.close()]);
});

/** Texts on the page that are a catalog key instead of the text for it. */
const keysShown = (page) => page.evaluate((keys) => {
  const text = document.body.innerText;
  const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder]')].map((e) => `${e.getAttribute('aria-label')} ${e.title} ${e.getAttribute('placeholder')}`).join(' ');
  return keys.filter((k) => text.includes(k) || labels.includes(k));
}, Object.keys(en).filter((k) => !Object.values(en).includes(k)));

/** Words of two Latin letters or more in the race view, once names, formulas and the compact network are taken out. */
const englishIn = (page) => page.evaluate(() => {
  const view = document.querySelector('.race-view');
  const texts = [view.innerText, ...[...view.querySelectorAll('[aria-label], [title]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.title}`)];
  return texts.join(' ')
    .replace(/\b(sgd|momentum|adagrad|rmsprop|adam|lr|worker|playground|MNIST)\b/g, '')
    .replace(/\d+x\d+x\d+[\w:,.]*|\b(conv2d|relu|maxpool|avgpool|flatten|dense|sigmoid|tanh|leaky_relu)(:[\w.]+)*/g, '')
    .match(/[A-Za-z]{2,}/g);
});

test('the race in Chinese, desktop and phone: no English left, no catalog key; a language switch keeps the finished race', async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page, errors } = await open(`?lang=zh#${RACE}`, { width, height });
    await ended(page);
    assert.equal(await page.locator('[data-id="play"]').innerText(), zh['race.again']);
    assert.match((await standings(page))[2][5], /✕ 在第 \d+ 步发散/);
    assert.deepEqual(await keysShown(page), []);
    assert.equal(await englishIn(page), null);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `overflows by ${overflow}px`);
    await screenshot(page, `lab-race-zh-${width}`);
    if (width === 1280) {
      const before = await standings(page);
      await page.selectOption('#language', 'en');
      await page.waitForFunction(() => document.querySelector('[data-id="play"]').textContent === '▶ Race again');
      const after = await standings(page);
      assert.deepEqual(after.map((row) => row.slice(0, 5)), before.map((row) => row.slice(0, 5)), 'the numbers stay');
      assert.match(after[2][5], /✕ diverged at step \d+/);
      assert.equal(new URL((await href(page))).searchParams.get('lang'), 'en');
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the lab views fit a phone screen, embedded or not; Start race at the top; the surface inside its panel', async () => {
  const saddle = '?embed=1&lang=zh#v=1&view=surface&surface=saddle&opt=sgd:0.05,momentum:0.05,adam:0.05&steps=80&start=-1.8,0.05';
  for (const [path, name] of [['#view=surface&surface=valley&opt=sgd:0.25,momentum:0.02,adam:0.3&steps=60', 'lab-surface-390'], [saddle, 'lab-surface-embed-zh-390'], [`#${RACE}`, 'lab-race-390']]) {
    const { page, errors } = await open(path, { width: 390, height: 844 });
    await page.waitForSelector('.lab .contender');
    if (name === 'lab-surface-390') {
      // sgd with lr 0.25 multiplies y by -1.5 each step on the valley: marked, the others go on
      const legend = await page.locator('.legend tbody').innerText();
      assert.match(legend, /sgd 0\.25[^\n]*\n?[^\n]*diverged at step \d+/);
      assert.equal((legend.match(/done/g) || []).length, 2, legend);
    } else if (name === 'lab-surface-embed-zh-390') {
      // the canvas keeps inside its panel's padding (it was drawn 26 px wider than the panel's content)
      const [canvas, panel] = await page.locator('.surface-canvas').evaluate((c) => {
        const style = getComputedStyle(c.parentElement);
        return [c.getBoundingClientRect().right, c.parentElement.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)];
      });
      assert.ok(canvas <= panel + 0.5, `canvas to ${canvas}px, panel content to ${panel}px`);
    } else {
      const top = await page.locator('[data-id="play"]').evaluate((b) => b.getBoundingClientRect().top + scrollY);
      assert.ok(top < 200, `Start race ${top}px down the phone page`);
      await ended(page);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} overflows by ${overflow}px`);
    await screenshot(page, name);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
