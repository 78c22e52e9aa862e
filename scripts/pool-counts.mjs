#!/usr/bin/env node
// The share pool on every worker against the pool on the count that is fastest now (its
// `adapt`, as the Train view trains), in headless Chromium, for the reference network and for
// a small one (784 -> 32 -> 10 dense: its shares cost less than the exchange that carries them).
// Each network and pool in turn trains SGD at batch 32 on the MNIST training digits for SECONDS
// (default 4) after 20 steps of warm-up; prints trained images/s, the count in use and the
// pool's latest trial (the median ms of a step on each count).
//
//   make build && node scripts/pool-counts.mjs [SECONDS]
import { launchBrowser, startServer } from '../tests/e2e/lib/harness.mjs';
import { trialText } from './bench-report.mjs';

const seconds = Number(process.argv[2] ?? 4);
if (!(seconds > 0 && seconds <= 60)) {
  console.error('pool-counts: give the seconds per measurement, from 0.1 to 60 (e.g. 4)');
  process.exit(2);
}
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}bench.html`);   // any page of the site: the script drives the pool itself
  const results = await page.evaluate(async (ms) => {
    const core = await import('/pkg/cnn_playground.js');
    await core.default();
    const { sharePool, defaultWorkers } = await import('/lib/share-pool.js');
    const { REFERENCE_NETWORK } = await import('/lib/reference-network.js');
    const small = { input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 32 }, { type: 'relu' }, { type: 'dense', units: 10 }], loss: 'softmax_cross_entropy' };
    const digits = core.Dataset.fromMnist(new Uint8Array(await (await fetch('/data/mnist.bin')).arrayBuffer()), 'train');
    const out = [];
    for (const [network, spec] of [['reference', REFERENCE_NETWORK], ['small dense', small]]) {
      for (const adapt of [false, true]) {
        const run = new core.TrainingRun(spec, { type: 'sgd', lr: 0.01 }, 1, 32);
        const pool = sharePool({ workers: defaultWorkers(), adapt });
        await pool.trainSteps(run, digits, 20, spec);
        const start = performance.now();
        let steps = 0;
        while (performance.now() - start < ms) steps += (await pool.trainSteps(run, digits, 10, spec)).length;
        out.push({ network, adapt, rate: (steps * 32 * 1000) / (performance.now() - start), using: pool.using, size: pool.size, trials: pool.trials });
        pool.terminate();
        run.free();
      }
    }
    return out;
  }, seconds * 1000);
  for (const { network, adapt, rate, using, size, trials } of results) {
    const trial = trials ? `; its trial: ${trialText(trials)}` : '';
    console.log(`${network}, ${adapt ? 'the fastest count now' : 'every worker'}: ${Math.round(rate).toLocaleString('en-US')} images/s on ${using} of ${size}${trial}`);
  }
} finally {
  await browser.close();
  await server.close();
}
