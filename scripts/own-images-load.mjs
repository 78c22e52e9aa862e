// How long the data view takes to load a folder of images: decoding in the browser,
// preprocessing in the core, keeping them in IndexedDB, until the view says they were added;
// and the page's animation frames meanwhile: frames a second and the longest gap (the page must
// not freeze).
//
//   make build && node scripts/own-images-load.mjs [COUNT] [SIZE] [png|jpeg] [REPEATS]
//
// Writes COUNT images (default 1000) of SIZE x SIZE pixels (default 64) into a temporary
// folder, three classes of shapes (PNG written by Node; JPEG written by Pillow from the
// project's Python environment), opens #view=data&data=own in headless Chromium (a fresh
// profile each time) and chooses the folder through the folder input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';
import { writeShapesFolder } from '../tests/e2e/lib/images.mjs';

const [count = 1000, size = 64] = process.argv.slice(2, 4).map(Number);
const format = process.argv[4] ?? 'png';
const repeats = Number(process.argv[5] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'own-images-'));
writeShapesFolder(dir, { perClass: Math.ceil(count / 3), size });
if (format === 'jpeg') {
  const python = join(homedir(), '.cache', 'cnn-playground', 'venv', 'bin', 'python');
  execFileSync(python, ['-c', `
import pathlib, sys
from PIL import Image
for p in pathlib.Path(sys.argv[1]).rglob('*.png'):
    Image.open(p).convert('RGB').save(p.with_suffix('.jpg'), quality=90); p.unlink()
`, dir]);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  for (let run = 1; run <= repeats; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}#view=data&data=own`);
    await page.waitForSelector('[data-id="kept"]:not(:empty)');
    await page.evaluate(() => {
      // Frames while the files load: how many, and the longest gap once the view has the files
      // (the gaps before it are the browser filling the folder input, not the page's work).
      window.load = { frames: 0, gap: 0, gapBefore: 0, changedAt: null };
      let last = performance.now();
      const tick = (now) => {
        const { load } = window;
        load.frames++;
        if (load.changedAt === null) load.gapBefore = Math.max(load.gapBefore, now - last);
        else {
          load.gapBefore = Math.max(load.gapBefore, Math.max(0, load.changedAt - last));
          load.gap = Math.max(load.gap, now - Math.max(last, load.changedAt));
        }
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      document.querySelector('[data-id="folderInput"]').addEventListener('change', () => { window.load.changedAt ??= performance.now(); }, { capture: true });
    });
    const started = Date.now();
    await page.setInputFiles('[data-id="folderInput"]', dir);
    const chosen = Date.now();
    await page.waitForFunction(() => /added/.test(document.querySelector('[data-id="messages"]')?.textContent ?? ''), null, { timeout: 600_000 });
    const done = Date.now();
    const { added, load } = await page.evaluate(() => ({ added: document.querySelector('[data-id="messages"]').textContent, load: window.load }));
    const seconds = (done - started) / 1000;
    console.log(`run ${run}: ${added.trim()} ${format.toUpperCase()} ${size} x ${size}: ${seconds.toFixed(2)} s from choosing the folder (${((done - chosen) / 1000).toFixed(2)} s after the page had the file list); `
      + `the page drew ${(load.frames / seconds).toFixed(0)} frames a second, the longest gap ${load.gap.toFixed(0)} ms once the view had the files (${load.gapBefore.toFixed(0)} ms while the browser filled the folder input)`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
