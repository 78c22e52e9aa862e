#!/usr/bin/env node
// `make bench`: PyTorch natively and www/bench.html in headless Chromium, one after the other on
// this machine; prints one table with the ratios between them and writes target/bench.json.
//
//   node scripts/bench.mjs [--repeats 5] [--seconds 1] [--only ours,pytorch,convnetjs] [--out FILE]
//
// 1. PyTorch (scripts/bench_pytorch.py, from the project's virtual environment
//    $CNN_PLAYGROUND_VENV, by default ~/.cache/cnn-playground/venv): the same network, batch,
//    optimizer and digits, with one thread and with all threads (its default). Without the
//    environment the PyTorch columns say why they are missing, and everything else runs.
// 2. The browser page: ours, ConvNetJS and TensorFlow.js (cpu and wasm backends), each in a
//    worker of its own, given PyTorch's figures so its goals table has the ratios.
// The compared npm packages are copied into www/vendor/ (gitignored) first, so the page loads
// them from our own origin. Also measures what the page alone cannot: the .wasm size gzipped
// and how soon the playground's main page is interactive.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir, loadavg, cpus } from 'node:os';
import { copyFiles } from './vendor.mjs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { printTables } from './bench-report.mjs';
import { ROOT, startServer, launchBrowser, collectConsoleErrors } from '../tests/e2e/lib/harness.mjs';

const VENDOR_FILES = {
  'convnetjs/build/convnet-min.js': 'convnet-min.js',
  '@tensorflow/tfjs/dist/tf.min.js': 'tf.min.js',
  '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js': 'tf-backend-wasm.min.js',
  '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm': 'tfjs-backend-wasm.wasm',
  '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm': 'tfjs-backend-wasm-simd.wasm',
  '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm': 'tfjs-backend-wasm-threaded-simd.wasm',
};

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** Copies the compared libraries into www/vendor/ (what the page imports). */
export function copyVendor() {
  copyFiles(VENDOR_FILES);
}

/** Milliseconds from navigation until the main page's DOM is interactive and loaded. */
async function pageLoadTimes(browser, url) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { domInteractiveMs: nav.domInteractive, loadMs: nav.loadEventEnd || performance.now() };
  });
  await page.close();
  return timing;
}

const VENV = process.env.CNN_PLAYGROUND_VENV || join(homedir(), '.cache', 'cnn-playground', 'venv');

/**
 * PyTorch natively with `threads` threads (null: its default): { train, trainRuns, infer,
 * inferRuns, threads, torch } in images/s, or { missing: why } when it could not run.
 */
function pytorch(threads, repeats, seconds) {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(python)) {
    return { missing: `no Python environment at ${VENV}: run "scripts/ensure-tools.sh python" (make bench tries it first)` };
  }
  const args = [join(ROOT, 'scripts', 'bench_pytorch.py'), '--repeats', String(repeats), '--seconds', String(seconds)];
  if (threads !== null) args.push('--threads', String(threads));
  process.stderr.write(`PyTorch natively, ${threads ?? 'all'} thread(s)…\n`);
  const run = spawnSync(python, args, { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) return { missing: `scripts/bench_pytorch.py failed: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}` };
  const r = JSON.parse(run.stdout);
  return {
    train: r.train.median, trainRuns: r.train.runs, trainFastest: r.train.fastest,
    infer: r.infer.median, inferRuns: r.infer.runs, inferFastest: r.infer.fastest,
    threads: r.threads, torch: r.torch,
  };
}

/** Runs www/bench.html to the end; its window.benchResult. */
async function runPage(browser, url) {
  const page = await browser.newPage();
  const errors = collectConsoleErrors(page);
  page.on('console', (m) => { if (process.env.BENCH_VERBOSE) console.error(`[page] ${m.text()}`); });
  await page.goto(url);
  let last = '';
  for (;;) {
    const state = await page.evaluate(() => ({ result: window.benchResult, status: document.getElementById('status').textContent }));
    if (state.result) {
      if (state.result.error) throw new Error(`the bench page stopped: ${state.result.error}`);
      if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
      return state.result;
    }
    if (state.status !== last && !/\d images\/s/.test(state.status)) process.stderr.write(`${state.status}\n`);
    last = state.status;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  copyVendor();
  const [repeats, seconds] = [option('repeats', '5'), option('seconds', '1')];
  const only = option('only', 'ours,ours-parallel,pytorch,convnetjs,tfjs-cpu,tfjs-wasm').split(',');
  const wasm = readFileSync(join(ROOT, 'www', 'pkg', 'cnn_playground_bg.wasm'));
  const extra = { wasmBytes: wasm.length, wasmGzipBytes: gzipSync(wasm, { level: 9 }).length };
  extra.machine = { cpu: cpus()[0]?.model, cores: cpus().length, loadAverageAtStart: loadavg()[0] };
  if (only.includes('pytorch')) extra.pytorch = { threads1: pytorch(1, repeats, seconds), threadsAll: pytorch(null, repeats, seconds) };
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    extra.mainPage = await pageLoadTimes(browser, server.url);
    const params = new URLSearchParams({ auto: '1', repeats, seconds, only: only.filter((n) => n !== 'pytorch').join(',') });
    if (extra.pytorch) params.set('pytorch', JSON.stringify(extra.pytorch));
    const bench = await runPage(browser, `${server.url}bench.html?${params}`);
    extra.machine.loadAverageAtEnd = loadavg()[0];
    const json = { ...bench, ...extra };
    printTables(json);
    console.log(`\n${JSON.stringify(json)}`);
    const out = option('out', join(ROOT, 'target', 'bench.json'));
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(json, null, 1)}\n`);
    console.error(`\nwritten to ${out}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
