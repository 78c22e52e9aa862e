#!/usr/bin/env node
// `make bench`: runs www/bench.html in headless Chromium and prints its table and JSON.
//
//   node scripts/bench.mjs [--repeats 5] [--seconds 1] [--only ours,convnetjs] [--out FILE]
//
// First copies the npm dev-dependencies the page compares against (ConvNetJS, TensorFlow.js
// 4.22 with its cpu backend, and its wasm backend) into www/vendor/ (gitignored), so the page loads them
// from our own origin. Also measures what the page alone cannot: the .wasm size gzipped and
// how soon the playground's main page is interactive.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFiles } from './vendor.mjs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
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

const pad = (s, n, right = true) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const num = (v, d = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));

function printTables(bench, extra) {
  console.log(`\ncnn-playground benchmark: reference network, batch 32, SGD; median of ${bench.repeats} runs of ${bench.seconds} s after a warm-up`);
  console.log(`browser: ${bench.userAgent}; ${bench.cores} cores\n`);
  console.log(`${pad('contender', 12, false)} ${pad('train img/s', 12)} ${pad('infer img/s', 12)}  note`);
  for (const [name, r] of Object.entries(bench.results)) {
    const note = r.error ? `error: ${r.error}` : r.trainError ? `cannot train: ${r.trainError}` : `train runs: ${r.train.runs.map((v) => v.toFixed(0)).join(', ')}`;
    console.log(`${pad(name, 12, false)} ${pad(num(r.train?.median), 12)} ${pad(num(r.infer?.median), 12)}  ${note}`);
  }
  const ours = bench.results.ours;
  if (ours?.layers) {
    console.log(`\nours, one training step layer by layer (mean of 50):`);
    console.log(`${pad('layer', 5, false)} ${pad('type', 8, false)} ${pad('fwd ms', 8)} ${pad('GFLOP/s', 8)} ${pad('bwd ms', 8)} ${pad('GFLOP/s', 8)}`);
    for (const l of ours.layers) {
      const rate = (f, ms) => (f > 0 ? num(f / ms / 1e6, 2) : '');
      console.log(`${pad(l.index, 5, false)} ${pad(l.type, 8, false)} ${pad(num(l.forwardMs, 3), 8)} ${pad(rate(l.forwardFlops, l.forwardMs), 8)} ${pad(num(l.backwardMs, 3), 8)} ${pad(rate(l.backwardFlops, l.backwardMs), 8)}`);
    }
    console.log(`SIMD multiply+add ceiling: ${num(ours.peakGflops, 1)} GFLOP/s; wasm memory after training: ${num(ours.wasmMemoryBytes / 2 ** 20, 1)} MB`);
  }
  console.log('\ngoals:');
  for (const g of bench.goals) console.log(`  ${g.met ? 'met    ' : 'NOT MET'}  ${g.goal}: ${num(g.measured, 2)} (${g.text})`);
  console.log(`  ${extra.wasmGzipBytes <= 300 * 1024 ? 'met    ' : 'NOT MET'}  .wasm gzipped: ${num(extra.wasmGzipBytes / 1024, 1)} KB (≤ 300 KB)`);
  console.log(`  ${extra.mainPage.loadMs <= 1000 ? 'met    ' : 'NOT MET'}  main page interactive: DOM ${num(extra.mainPage.domInteractiveMs)} ms, loaded ${num(extra.mainPage.loadMs)} ms (≤ 1000 ms)`);
}

async function main() {
  copyVendor();
  const wasm = readFileSync(join(ROOT, 'www', 'pkg', 'cnn_playground_bg.wasm'));
  const extra = { wasmBytes: wasm.length, wasmGzipBytes: gzipSync(wasm, { level: 9 }).length };
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    extra.mainPage = await pageLoadTimes(browser, server.url);
    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);
    const params = new URLSearchParams({ auto: '1', repeats: option('repeats', '5'), seconds: option('seconds', '1') });
    if (option('only')) params.set('only', option('only'));
    page.on('console', (m) => { if (process.env.BENCH_VERBOSE) console.error(`[page] ${m.text()}`); });
    await page.goto(`${server.url}bench.html?${params}`);
    let last = '';
    const bench = await (async () => {
      for (;;) {
        const state = await page.evaluate(() => ({ result: window.benchResult, status: document.getElementById('status').textContent }));
        if (state.result) return state.result;
        if (state.status !== last && !state.status.includes('images/s')) process.stderr.write(`${state.status}\n`);
        last = state.status;
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    if (bench.error) throw new Error(`the bench page stopped: ${bench.error}`);
    if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
    printTables(bench, extra);
    const json = { ...bench, ...extra };
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
