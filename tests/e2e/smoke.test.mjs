// The page loads from scripts/serve.py in a real headless Chromium: HTTP 200, the right title,
// and nothing in the console.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectConsoleErrors, screenshot, usePlayground } from './lib/harness.mjs';

const playground = usePlayground();

test('index page loads with its title and no console errors', async () => {
  const page = await playground.newPage();
  const errors = collectConsoleErrors(page);
  const response = await page.goto(playground.url, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  assert.match(await page.title(), /cnn-playground/i);
  // Let module scripts, the wasm fetch and first frames settle before judging the console.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  await screenshot(page, 'smoke-index');
  assert.deepEqual(errors, []);
});
