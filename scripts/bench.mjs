#!/usr/bin/env node
// `make bench`: PyTorch natively and www/bench.html in headless Chromium, in turn on this
// machine; prints one table with the ratios between them and writes target/bench.json.
//
//   node scripts/bench.mjs [--repeats 5] [--seconds 1] [--rounds 3] [--only ours,pytorch,convnetjs] [--out FILE]
//
// `--only` names any of ours, ours-parallel (every worker), ours-adaptive (the count of the
// workers that is fastest now, as the Train view trains; not run unless named), pytorch,
// convnetjs, tfjs-cpu, tfjs-wasm. On a machine where another program takes a core:
// `taskset -c 1 sh -c 'while :; do :; done' & node scripts/bench.mjs --only ours,ours-parallel,ours-adaptive --rounds 1`
//
// `--rounds N` alternates them: N rounds of PyTorch then ours (1 and all workers), `repeats`
// runs each a round, the other contenders in the first round only; every rate is then the
// median of all rounds' runs, so a spell of the machine's other load weighs on both sides alike.
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
import { goalList } from '../www/bench/render.js';
import { median } from '../www/bench/measure.js';
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

/** Rates of several rounds as one: every run, their median, the fastest batch of all. */
function mergeRates(list) {
  const runs = list.flatMap((r) => r.runs);
  return { median: median(runs), runs, fastest: Math.max(...list.map((r) => r.fastest ?? 0)) || null };
}

/** PyTorch's figures of several rounds (scripts/bench_pytorch.py's, per thread count) as one. */
function mergePytorch(rounds) {
  const merged = {};
  for (const key of ['threads1', 'threadsAll']) {
    const list = rounds.map((r) => r[key]);
    const missing = list.find((p) => p.missing);
    if (missing) { merged[key] = missing; continue; }
    const [train, infer] = ['train', 'infer'].map((w) => mergeRates(list.map((p) => ({ runs: p[`${w}Runs`], fastest: p[`${w}Fastest`] }))));
    merged[key] = { ...list.at(-1), train: train.median, trainRuns: train.runs, trainFastest: train.fastest, infer: infer.median, inferRuns: infer.runs, inferFastest: infer.fastest };
  }
  return merged;
}

/** The page's results of several rounds as one: rates merged, the rest (profile, timing) from the last round that has it. */
function mergeResults(rounds) {
  const merged = {};
  for (const results of rounds) {
    for (const [name, result] of Object.entries(results)) {
      const before = merged[name];
      merged[name] = { ...result };
      for (const w of ['train', 'infer']) {
        const list = [before?.[w], result[w]].filter(Boolean);
        merged[name][w] = list.length ? mergeRates(list) : null;
      }
    }
  }
  return merged;
}

/** Each round's training medians, ours and PyTorch's: a slow spell of the machine shows in the round it fell on. */
function roundMedians(rounds, pages, torch) {
  const train = (r) => (r && Number.isFinite(r.median) ? r.median : null);
  return Array.from({ length: rounds }, (_, i) => ({
    ours: train(pages[i]?.results.ours?.train),
    oursParallel: train(pages[i]?.results['ours-parallel']?.train),
    pytorch1: torch[i]?.threads1?.train ?? null,
    pytorchAll: torch[i]?.threadsAll?.train ?? null,
  }));
}

async function main() {
  copyVendor();
  const [repeats, seconds] = [option('repeats', '5'), option('seconds', '1')];
  const rounds = Number(option('rounds', '3'));
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error(`--rounds ${option('rounds')}: give a whole number from 1 to 20`);
  const only = option('only', 'ours,ours-parallel,pytorch,convnetjs,tfjs-cpu,tfjs-wasm').split(',');
  const wasm = readFileSync(join(ROOT, 'www', 'pkg', 'cnn_playground_bg.wasm'));
  const extra = { wasmBytes: wasm.length, wasmGzipBytes: gzipSync(wasm, { level: 9 }).length, rounds };
  extra.machine = { cpu: cpus()[0]?.model, cores: cpus().length, loadAverageAtStart: loadavg()[0] };
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    extra.mainPage = await pageLoadTimes(browser, server.url);
    const pages = [];
    const torch = [];
    for (let round = 0; round < rounds; round += 1) {
      if (rounds > 1) process.stderr.write(`round ${round + 1} of ${rounds}\n`);
      if (only.includes('pytorch')) torch.push({ threads1: pytorch(1, repeats, seconds), threadsAll: pytorch(null, repeats, seconds) });
      const names = only.filter((n) => n !== 'pytorch' && (round === 0 || n === 'ours' || n === 'ours-parallel'));
      const params = new URLSearchParams({ auto: '1', repeats, seconds, only: names.join(',') });
      if (torch.length) params.set('pytorch', JSON.stringify(torch.at(-1)));
      if (names.length) pages.push(await runPage(browser, `${server.url}bench.html?${params}`));
    }
    if (torch.length) extra.pytorch = mergePytorch(torch);
    extra.byRound = roundMedians(rounds, pages, torch);
    extra.machine.loadAverageAtEnd = loadavg()[0];
    const results = mergeResults(pages.map((p) => p.results));
    const json = { ...pages[0], ...extra, results, goals: goalList(results, extra.pytorch) };
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
