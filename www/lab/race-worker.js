// One contender of an optimizer race, in its own module worker (so N cores race N at once).
// It loads the core, reads the digits the page hands it (loaded once per page), builds a TrainingRun from the shared spec and seed (so every
// contender starts from the same weights and sees the same mini-batches in the same order), and
// posts losses, test accuracy and wall time as it trains. Messages in:
//   {type: 'start', digits, network, optimizer, seed, batch, steps, evalEvery}   {type: 'stop'}
//   (digits: the bytes of mnist.bin)
// Messages out:
//   {type: 'ready'} {type: 'losses', losses, times, step} {type: 'eval', step, time, accuracy, loss}
//   {type: 'diverged', step, message} {type: 'done', step, time} {type: 'error', message}
import init, { Dataset, TrainingRun } from '../pkg/cnn_playground.js';

const CHUNK = 5;
let stopped = false;

self.onmessage = ({ data }) => {
  if (data.type === 'stop') stopped = true;
  if (data.type === 'start') race(data).catch((err) => self.postMessage({ type: 'error', message: err.message || String(err) }));
};

async function race({ digits: bytes, network, optimizer, seed, batch, steps, evalEvery }) {
  await init();
  const train = Dataset.fromMnist(bytes, 'train');
  const test = Dataset.fromMnist(bytes, 'test');
  const run = new TrainingRun(network, optimizer, seed, batch);
  self.postMessage({ type: 'ready' });
  let time = 0;
  const evaluate = () => self.postMessage({ type: 'eval', step: run.steps, time: time / 1000, ...run.evaluate(test) });
  evaluate();
  while (run.steps < steps && !stopped) {
    const untilEval = evalEvery - (run.steps % evalEvery);
    const n = Math.min(CHUNK, steps - run.steps, untilEval);
    const t0 = performance.now();
    const losses = run.trainSteps(train, n);
    const dt = performance.now() - t0;
    const times = Float64Array.from(losses, (_, i) => (time + dt * (i + 1) / losses.length) / 1000);
    time += dt;
    self.postMessage({ type: 'losses', losses, times, step: run.steps }, [losses.buffer, times.buffer]);
    const divergence = run.divergence();
    if (divergence) {
      self.postMessage({ type: 'diverged', ...divergence });
      return;
    }
    if (run.steps % evalEvery === 0 || run.steps === steps) evaluate();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let a 'stop' message in
  }
  self.postMessage({ type: 'done', step: run.steps, time: time / 1000 });
}
