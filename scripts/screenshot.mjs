// The README's screenshot: the Train view after 400 steps of Adam (lr 0.001, batch 32, seed 1)
// on the reference network, at 1280 x 800, written to docs/screenshot.png.
//
//   node scripts/screenshot.mjs [--steps 400] [--lang en] [--out docs/screenshot.png]
//
// Serves www/ (make build first) and drives the system Chromium, as the e2e tests do.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, collectConsoleErrors, launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '400' }, lang: { type: 'string', default: 'en' }, out: { type: 'string', default: 'docs/screenshot.png' } } });
const steps = Number(args.steps);
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(300_000);
  const errors = collectConsoleErrors(page);
  await page.goto(`${server.url}?lang=${args.lang}#view=train&opt=adam:0.001&batch=32&seed=1`);
  await page.waitForFunction(() => document.querySelector('[data-id="accuracy"]')?.textContent.includes('%'));
  await page.click('.guide-close');
  await page.click('[data-id="play"]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-id="steps"]').textContent.replace(/\D/g, '')) >= n, steps);
  await page.click('[data-id="play"]');
  await page.waitForFunction(() => /\(\D*[\d,]+\D*\)/.test(document.querySelector('[data-id="accuracy-label"]').textContent)
    && document.querySelector('[data-id="accuracy-label"]').textContent.includes(document.querySelector('[data-id="steps"]').textContent));
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const path = join(ROOT, args.out);
  await page.screenshot({ path });
  const read = (id) => page.locator(`[data-id="${id}"]`).textContent();
  console.log(`${path}: step ${await read('steps')}, ${await read('accuracy-label')} ${await read('accuracy')}, test loss ${await read('testloss')}`);
  if (errors.length) throw new Error(errors.join('\n'));
} finally {
  await browser.close();
  await server.close();
}
