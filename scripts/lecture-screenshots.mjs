// The README's screenshots of three lecture views in Chinese (docs/zh-digits.png,
// docs/zh-conv-step.png, docs/zh-optimizers.png): headless Chromium at 1280 x 800, whole page.
//
//   node scripts/lecture-screenshots.mjs [--lang zh] [--out docs]
//
// Serves www/ (make build first) and drives the system Chromium, as the e2e tests do. The
// digits view is shown after its network trained (2000 steps, seeded: the same every time).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, collectConsoleErrors, launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';

const { values: args } = parseArgs({ options: { lang: { type: 'string', default: 'zh' }, out: { type: 'string', default: 'docs' } } });

/** Each view: what shows that its numbers are in, and what to do before the picture. */
const VIEWS = {
  digits: {
    ready: '[data-id="features"]',
    async before(page) {
      await page.locator('[data-id="train"]').click();
      await page.waitForFunction(() => document.querySelector('[data-id="progress"]')?.value === 1, null, { timeout: 120_000 });
    },
  },
  'conv-step': { ready: '[data-id="stride"]' },
  optimizers: { ready: '[data-id="steps"]' },
};

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  for (const [view, { ready, before }] of Object.entries(VIEWS)) {
    await page.goto(`${server.url}?lang=${args.lang}#view=${view}`);
    await page.waitForSelector(`.lecture ${ready}`, { timeout: 30_000 });
    await before?.(page);
    await page.waitForTimeout(500);
    const path = join(ROOT, args.out, `${args.lang}-${view}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(path);
  }
  if (errors.length) throw new Error(errors.join('\n'));
} finally {
  await browser.close();
  await server.close();
}
