// One contender of an optimizer race, in its own module worker (so N cores race N at once),
// speaking the toolkit's worker protocol (www/lib/worker.js). It builds a TrainingRun from the
// shared spec and seed (so every contender starts from the same weights and sees the same
// mini-batches in the same order) and reports losses, test evaluations and training time.
//
//   request 'race' {data, network, optimizer, seed, batch, steps, evalEvery}
//     data: the digits, the colour shapes or own images (views/data/sources.js)
//     progress: {ready} once the data is in; {losses, times, step} every few steps
//               (times: training seconds at each step); {eval: {step, time, accuracy, loss}}
//               at step 0, every evalEvery steps and at the end
//     result:   {step, time, diverged: null | {step, message}}
//   request 'pause' / 'resume': the race waits between chunks; paused time is not counted.
import init, * as core from '../pkg/cnn_playground.js';
import { nextTask, serve } from '../lib/worker.js';
import { datasetsOf } from '../views/data/sources.js';

const CHUNK = 5;
let paused = false;
let wake = null;

serve({
  race,
  pause() { paused = true; },
  resume() {
    paused = false;
    wake?.();
  },
}, { ready: () => init() });

/** Waits while the race is paused; lets a 'pause' request in between chunks either way. */
async function breathe() {
  await nextTask();
  while (paused) await new Promise((resolve) => { wake = resolve; });
}

async function race({ data, network, optimizer, seed, batch, steps, evalEvery }, { progress }) {
  const { train, test } = datasetsOf(core, data);
  const run = new core.TrainingRun(network, optimizer, seed, batch);
  progress({ ready: true });
  let time = 0;
  const evaluate = () => progress({ eval: { step: run.steps, time: time / 1000, ...run.evaluate(test) } });
  evaluate();
  while (run.steps < steps) {
    await breathe();
    const n = Math.min(CHUNK, steps - run.steps, evalEvery - (run.steps % evalEvery));
    const t0 = performance.now();
    const losses = run.trainSteps(train, n);
    const dt = performance.now() - t0;
    const times = Float64Array.from(losses, (_, i) => (time + dt * (i + 1) / losses.length) / 1000);
    time += dt;
    progress({ losses, times, step: run.steps }, [losses.buffer, times.buffer]);
    const diverged = run.divergence();
    if (diverged) return { step: run.steps, time: time / 1000, diverged };
    if (run.steps % evalEvery === 0 || run.steps === steps) evaluate();
  }
  return { step: run.steps, time: time / 1000, diverged: null };
}
