// Helpers for the browser end-to-end tests (`node --test tests/e2e/*.test.mjs`).
//
//   const server = await startServer();          // scripts/serve.py on a free port, www/
//   const browser = await launchBrowser();       // the machine's Chromium, headless
//   const page = await browser.newPage();
//   const errors = collectConsoleErrors(page);   // fills as the page logs errors
//   await page.goto(server.url);
//   await screenshot(page, 'name');              // tests/e2e/screenshots/name.png
//   ...
//   await browser.close(); await server.close();
//
// Nothing here downloads a browser: playwright-core drives /usr/bin/chromium (or $CHROMIUM).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before } from 'node:test';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SCREENSHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
];

/** Polls `probe` every 50 ms until it returns a truthy value or `ms` pass. */
async function until(probe, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * One of the built wasm packages loaded in Node (`dir`: 'pkg', the page's, or 'pkg-lecture'),
 * initialized from its .wasm file: the same module the page imports.
 */
export async function loadCore(dir = 'pkg') {
  const core = await import(join(ROOT, 'www', dir, 'cnn_playground.js'));
  core.initSync({ module: readFileSync(join(ROOT, 'www', dir, 'cnn_playground_bg.wasm')) });
  return core;
}

/**
 * Starts scripts/serve.py on 127.0.0.1 on a port the system picks, serving `dir` (default www/),
 * and resolves once it answers HTTP. Returns { url, port, close }; close() stops it.
 */
export async function startServer({ dir = join(ROOT, 'www'), timeoutMs = 10_000 } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'cnn-playground-serve-'));
  const portFile = join(tmp, 'port');
  const child = spawn(
    'python3',
    [join(ROOT, 'scripts', 'serve.py'), '--dir', dir, '--port', '0', '--print-port-file', portFile, '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const killOnExit = () => child.kill();
  process.on('exit', killOnExit);

  const close = async () => {
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      await until(() => exited, 5_000, 'serve.py to stop').catch(() => child.kill('SIGKILL'));
    }
    rmSync(tmp, { recursive: true, force: true });
  };

  try {
    const port = await until(() => {
      if (exited) throw new Error(`serve.py exited (${exited.code ?? exited.signal}): ${stderr.trim()}`);
      return existsSync(portFile) && Number(readFileSync(portFile, 'utf8').trim());
    }, timeoutMs, 'serve.py to write its port');
    const url = `http://127.0.0.1:${port}/`;
    await until(() => fetch(url, { method: 'HEAD' }).then(() => true, () => false), timeoutMs, `${url} to answer`);
    return { url, port, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * For a test file: serves www/ and launches Chromium before its tests, and stops both after
 * them. Returns `{url, newPage(options)}`, usable inside the tests.
 */
export function usePlayground() {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url() { return server.url; },
    newPage: (options) => browser.newPage(options),
  };
}

/** Launches the machine's Chromium, headless, through playwright-core. */
export async function launchBrowser(options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: run scripts/ensure-tools.sh browser (apt-get install chromium)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, ...options });
}

/**
 * Starts collecting the page's errors: console.error messages and uncaught exceptions.
 * Returns an array that fills as they happen; assert it is empty at the end of a test.
 * Errors whose source URL matches one of `ignoreUrls` are dropped: by default only the
 * browser's own request for /favicon.ico, which the page never asked for.
 */
export function collectConsoleErrors(page, { ignoreUrls = [/\/favicon\.ico$/] } = {}) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    if (url && ignoreUrls.some((pattern) => pattern.test(url))) return;
    errors.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber + 1})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack || error.message}`));
  return errors;
}

/** Saves a full-page PNG to tests/e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
