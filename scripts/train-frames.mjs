// The page's animation frames while the Train view trains: frames a second and the longest gap
// between two frames (the page must not stutter or freeze while every core trains), how busy
// the page's main thread was (its tasks' share of the time: script, layout, paint, canvases),
// with the training rate the view shows, the steps trained in those seconds (as the view counts
// them, a snapshot at most 0.25 s old) and how many workers it uses.
//
//   make build && node scripts/train-frames.mjs [SECONDS] [WORKERS...]
//
// For each worker count (default: the machine's own, then 1) it opens #view=train in headless
// Chromium (a fresh page; `?workers=N` when a count is given), waits for the data, presses
// Play, counts requestAnimationFrame callbacks for SECONDS (default 20) and reads the view's
// images/s and worker count.
import { launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';

const seconds = Number(process.argv[2] ?? 20);
const counts = process.argv.length > 3 ? process.argv.slice(3) : ['', '1'];
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const workers of counts) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}${workers ? `?workers=${workers}` : ''}#view=train`);
    await page.waitForFunction(() => document.querySelector('[data-id="play"]') && !document.querySelector('[data-id="play"]').disabled, null, { timeout: 120_000 });
    await page.click('[data-id="play"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')) > 20, null, { timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const stepsNow = () => page.evaluate(() => Number(document.querySelector('[data-id="steps"]').textContent.replace(/,/g, '')));
    const stepsBefore = await stepsNow();
    const busyBefore = await busy();
    const frames = await page.evaluate((ms) => new Promise((resolve) => {
      let count = 0;
      let gap = 0;
      let last = performance.now();
      const end = last + ms;
      const tick = (now) => {
        count += 1;
        gap = Math.max(gap, now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick); else resolve({ count, gap });
      };
      requestAnimationFrame(tick);
    }), seconds * 1000);
    const mainThread = (await busy()) - busyBefore;
    const trained = (await stepsNow()) - stepsBefore;
    const shown = await page.evaluate(() => ({
      rate: document.querySelector('[data-id="rate"]').textContent,
      workers: document.querySelector('[data-id="workers"]').textContent,
      steps: document.querySelector('[data-id="steps"]').textContent,
    }));
    console.log(`${shown.workers} worker(s)${workers ? ` (?workers=${workers})` : ' (the machine\'s default)'}: `
      + `${(frames.count / seconds).toFixed(1)} frames a second, the longest gap ${frames.gap.toFixed(0)} ms, `
      + `main thread busy ${Math.round((100 * mainThread) / seconds)}% `
      + `while training at ${shown.rate} images/s (step ${shown.steps}; ${trained.toLocaleString('en-US')} steps in the ${seconds} s)`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
