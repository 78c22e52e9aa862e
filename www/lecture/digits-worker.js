// The lecture's digits worker: owns the wasm core and the core's LectureDigits (the 10,000 real
// digits as numbers by a recipe, and the small network learning from them), so that building
// the features, training, the dead-ReLU count and the mini-batch angles never freeze the page.
// It speaks the toolkit's protocol (lib/worker.js); requests, in order of use:
//   digits(bytes)                       first: mnist.bin's bytes, loaded once by the page (lib/mnist.js)
//   build({recipe})                     the features by `recipe` ({threshold, window}; undefined: the lecture's)
//                                       and a new network -> {length, featureCount, recipe}
//   digit({index})                      training digit `index`: {image, label, features}: its 28 x 28 gray
//                                       image and the features the network trains on
//   features({index})                   {features, label} of training digit `index`
//   predict({features})                 {probabilities} of the network as it is
//   train({steps, chunk})               progress {done, total, steps, loss} after each chunk, then
//                                       {steps, loss, evaluation: {accuracy, loss, correct, count}}
//   deadRelu({count, question})         lectureDeadRelu on the first `count` digits' features
//   minibatch({count, seed, noise, rows})  lectureMinibatch on the first `count` digits, with the first
//                                       `rows` examples of the shuffled order: {index, label, features}
// Between training chunks the worker returns to its queue, so a prediction asked for while
// training answers with the network as it is at that moment.
import init, { LectureDigits, lectureDeadRelu, lectureMinibatch } from '../pkg-lecture/cnn_playground.js';
import { nextTask, serve } from '../lib/worker.js';

const SEED = 1;
let bytes = null;
let digits = null;
let training = false;

/** The digits built, or an error saying that the page must send and build them first. */
function built() {
  if (!digits) throw new Error('the digits are not built yet: request "digits" and then "build" first');
  return digits;
}

serve({
  digits(payload) {
    bytes = payload;
    return { bytes: bytes.length };
  },
  build({ recipe }) {
    if (!bytes) throw new Error('no digits yet: request "digits" with the bytes of mnist.bin first');
    if (training) throw new Error('the network is training: rebuild the digits when it has finished');
    digits?.free();
    digits = null;
    digits = new LectureDigits(bytes, recipe, SEED);
    return { length: digits.length, featureCount: digits.featureCount, recipe: digits.recipe() };
  },
  digit({ index }, { transfer }) {
    const d = built();
    const image = d.image(index);
    return transfer({ image, label: d.label(index), features: d.features(index) }, [image.buffer]);
  },
  features({ index }) {
    const d = built();
    return { features: d.features(index), label: d.label(index) };
  },
  predict({ features }, { transfer }) {
    const probabilities = built().predict(features);
    return transfer({ probabilities }, [probabilities.buffer]);
  },
  train: ({ steps, chunk }, { progress }) => train(steps, chunk, progress),
  deadRelu({ count, question }) {
    const d = built();
    return lectureDeadRelu(d.trainFeatures(count), d.trainLabels(count), d.featureCount, question);
  },
  minibatch({ count, seed, noise, rows }) {
    const d = built();
    const labels = d.trainLabels(count);
    const view = lectureMinibatch(d.trainFeatures(count), labels, d.featureCount, seed, noise);
    const first = Array.from(view.order.slice(0, rows), (index) => ({ index, label: view.labels[index], given: labels[index], features: d.features(index) }));
    return { ...view, length: labels.length, first };
  },
}, { ready: () => init({ module_or_path: new URL('../pkg-lecture/cnn_playground_bg.wasm', import.meta.url) }) });

async function train(total, chunk, progress) {
  const d = built();
  if (training) throw new Error('the network is training already');
  training = true;
  try {
    let loss = NaN;
    for (let done = 0; done < total;) {
      const n = Math.min(chunk, total - done);
      const losses = d.trainSteps(n);
      done += n;
      loss = losses.reduce((a, b) => a + b, 0) / losses.length;
      progress({ done, total, steps: d.progress().steps, loss });
      await nextTask();
    }
    return { steps: d.progress().steps, loss, evaluation: d.evaluate() };
  } finally {
    training = false;
  }
}
