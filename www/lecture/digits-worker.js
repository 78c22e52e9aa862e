// The digits view's worker: owns the wasm core and the core's LectureDigits (10,000 real digits
// as 25 features each, and the small network learning from them), so that building the
// features and training never freeze the page. Messages (page -> worker):
//   {type: 'digits', bytes}           first: the bytes of mnist.bin, loaded once by the page
//   {type: 'digit', id, index}        training digit `index` as a 28 x 28 gray image
//   {type: 'predict', id, features}   the network's ten probabilities for 25 features
//   {type: 'train', id, steps, chunk} `steps` optimizer steps, `chunk` per call into wasm
//   {type: 'features', id}            every training digit's 25 features and its label
// Messages (worker -> page):
//   {type: 'loading', text} then {type: 'ready', length}, or {type: 'error', message} (no id: fatal)
//   {type: 'digit', id, index, image, label} | {type: 'predicted', id, probabilities}
//   {type: 'progress', id, done, total, steps, loss}   after every chunk of training
//   {type: 'trained', id, steps, loss, evaluation}     {accuracy, loss, correct, count} on the test digits
//   {type: 'features', id, features, labels}           Float32Array (count x 25), Uint32Array (count)
//   {type: 'error', id, message}                       the core refused a request
// Between training chunks the worker returns to its message queue, so predictions asked for
// while training answer with the network as it is at that moment.
import init, { LectureDigits } from '../pkg/cnn_playground.js';

const THRESHOLD = 0.5;
const SEED = 1;
let digits = null;

let receiveDigits = null;
const bytesArrive = new Promise((resolve) => { receiveDigits = resolve; });

const ready = (async () => {
  await init({ module_or_path: new URL('../pkg/cnn_playground_bg.wasm', import.meta.url) });
  const bytes = await bytesArrive;
  postMessage({ type: 'loading', text: 'Turning every digit into 25 numbers…' });
  digits = new LectureDigits(bytes, THRESHOLD, SEED);
  postMessage({ type: 'ready', length: digits.length });
})().catch((err) => postMessage({ type: 'error', message: err.message }));

self.onmessage = async ({ data: message }) => {
  if (message.type === 'digits') { receiveDigits(message.bytes); return; }
  await ready;
  if (!digits) return;
  try {
    await handle(message);
  } catch (err) {
    postMessage({ type: 'error', id: message.id, message: err.message });
  }
};

async function handle({ type, id, index, features, steps, chunk }) {
  switch (type) {
    case 'digit': {
      const image = digits.image(index);
      return postMessage({ type: 'digit', id, index, image, label: digits.label(index) }, [image.buffer]);
    }
    case 'predict': {
      const probabilities = digits.predict(Array.from(features));
      return postMessage({ type: 'predicted', id, probabilities }, [probabilities.buffer]);
    }
    case 'train': return train(id, steps, chunk);
    case 'features': {
      const all = digits.length;
      const [x, y] = [digits.trainFeatures(all), digits.trainLabels(all)];
      return postMessage({ type: 'features', id, features: x, labels: y }, [x.buffer, y.buffer]);
    }
    default: throw new Error(`unknown message ${type}`);
  }
}

async function train(id, total, chunk) {
  let loss = NaN;
  for (let done = 0; done < total;) {
    const n = Math.min(chunk, total - done);
    const losses = digits.trainSteps(n);
    done += n;
    loss = losses.reduce((a, b) => a + b, 0) / losses.length;
    postMessage({ type: 'progress', id, done, total, steps: digits.progress().steps, loss });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  postMessage({ type: 'trained', id, steps: digits.progress().steps, loss, evaluation: digits.evaluate() });
}
