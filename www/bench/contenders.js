// The benchmark's contenders, each training the reference network (conv 8@5x5 pad 2, relu,
// maxpool 2, conv 16@5x5 pad 2, relu, maxpool 3, flatten, dense 10; softmax cross-entropy)
// with SGD (lr 0.01) at batch 32 on the same images. Each runs in a worker of its own
// (worker.js); `setup(data)` returns { train(i), infer(i), extra() } over batch i (infer may
// be left out), and `trainError` when the library cannot train this network at all.
//
// ConvNetJS and TensorFlow.js are npm dev-dependencies that `make bench` copies to
// www/vendor/ (scripts/bench.mjs): served from our own origin, never from a CDN.

import { REFERENCE_NETWORK as SPEC } from '../lib/reference-network.js';

export const BATCH = 32;
const PIXELS = 28 * 28;
const VENDOR = new URL('../vendor/', import.meta.url).href;


/** Batch `i` (cycling through the data) as views: { images, labels, at }. */
function batchOf(data, i) {
  const count = Math.floor(data.labels.length / BATCH);
  const at = (i % count) * BATCH;
  return { at, images: data.images.subarray(at * PIXELS, (at + BATCH) * PIXELS), labels: data.labels.subarray(at, at + BATCH) };
}

/** Loads a vendored script into the worker, with a message that says how to get it. */
function loadVendor(files) {
  self.window = self; // ConvNetJS writes its global onto `window`
  try {
    importScripts(...files.map((f) => VENDOR + f));
  } catch (e) {
    throw new Error(`could not load ${files.join(', ')} from www/vendor/: run "make bench" once to copy the npm packages there (${e.message})`);
  }
}

async function ours(data) {
  const core = await import('../pkg/cnn_playground.js');
  await core.default();
  const trainer = new core.Trainer(SPEC, { type: 'sgd', lr: 0.01 }, 42);
  return {
    train(i) {
      const b = batchOf(data, i);
      trainer.step(b.images, b.labels, BATCH);
    },
    infer(i) {
      trainer.forward(batchOf(data, i).images, BATCH);
    },
    extra() {
      const b = batchOf(data, 0);
      const profile = core.profileTrainingStep(SPEC, b.images, b.labels, BATCH, 50);
      return {
        layers: profile.layers,
        // the ceiling loop run alongside the profiled steps, and its best run alone
        ceilingGflops: profile.ceilingGflops,
        peakGflops: core.simdPeakGflops(25),
        wasmMemoryBytes: core.wasmMemoryBytes(),
      };
    },
  };
}

/**
 * Ours with every mini-batch shared by the machine's workers (lib/share-pool.js): a TrainingRun
 * on the same digits, SGD at batch 32, training only. `adapt`: on the count of them that is
 * fastest now, as the Train view trains (lib/pace.js), else on all of them.
 */
async function oursPool(data, adapt) {
  const core = await import('../pkg/cnn_playground.js');
  await core.default();
  const { defaultWorkers, sharePool } = await import('../lib/share-pool.js');
  const pixels = Uint8Array.from(data.images, (v) => Math.round(v * 255));
  const digits = core.Dataset.fromPixels(pixels, data.labels, [1, 28, 28], [...'0123456789'], null);
  const run = new core.TrainingRun(SPEC, { type: 'sgd', lr: 0.01 }, 42, BATCH);
  const pool = sharePool({ workers: defaultWorkers(), awake: true, adapt });   // nothing else to draw here
  const shares = Math.ceil(BATCH / core.shareSize());
  return {
    train: () => pool.trainSteps(run, digits, 1, SPEC),
    extra: () => ({
      workers: Math.min(pool.using, shares),
      ...(adapt ? { size: Math.min(pool.size, shares), trials: pool.trials } : {}),
      timing: pool.timing,
    }),
  };
}

async function convnetjs(data) {
  loadVendor(['convnet-min.js']);
  const cnn = self.convnetjs;
  const net = new cnn.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 3, stride: 3 },
    { type: 'softmax', num_classes: 10 },
  ]);
  const trainer = new cnn.Trainer(net, { method: 'sgd', learning_rate: 0.01, momentum: 0, batch_size: BATCH, l2_decay: 0 });
  // Volumes made once, as a ConvNetJS program would: the timed loop only trains.
  const vols = [];
  for (let n = 0; n < data.labels.length; n += 1) {
    const v = new cnn.Vol(28, 28, 1, 0.0);
    for (let p = 0; p < PIXELS; p += 1) v.w[p] = data.images[n * PIXELS + p];
    vols.push(v);
  }
  return {
    train(i) {
      const { at } = batchOf(data, i);
      for (let n = at; n < at + BATCH; n += 1) trainer.train(vols[n], data.labels[n]);
    },
    infer(i) {
      const { at } = batchOf(data, i);
      for (let n = at; n < at + BATCH; n += 1) net.forward(vols[n], false);
    },
    extra: () => ({}),
  };
}

/** The same network in TensorFlow.js ops (NHWC; with one channel the pixels are the same). */
async function tfjs(data, backend) {
  // tf.min.js (@tensorflow/tfjs): tfjs-core with its gradients and the cpu backend; the
  // tf-core.min.js bundle alone registers no gradients and cannot train anything.
  loadVendor(backend === 'cpu' ? ['tf.min.js'] : ['tf.min.js', 'tf-backend-wasm.min.js']);
  const tf = self.tf;
  if (backend === 'wasm') tf.wasm.setWasmPaths(VENDOR);
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend "${backend}" did not start`);
  const init = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', 42));
  const w = [init([5, 5, 1, 8], 25), init([8], 25), init([5, 5, 8, 16], 200), init([16], 200), init([256, 10], 256), init([10], 256)];
  const model = (x) => {
    let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, w[0], 1, [[0, 0], [2, 2], [2, 2], [0, 0]]), w[1])), 2, 2, 'valid');
    h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w[2], 1, [[0, 0], [2, 2], [2, 2], [0, 0]]), w[3])), 3, 3, 'valid');
    return tf.add(tf.matMul(tf.reshape(h, [-1, 256]), w[4]), w[5]);
  };
  const sgd = tf.train.sgd(0.01);
  // Tensors made once per batch, as a tf.data pipeline would hand them over.
  const count = Math.min(16, Math.floor(data.labels.length / BATCH));
  const batches = Array.from({ length: count }, (_, i) => {
    const b = batchOf(data, i);
    return { x: tf.tensor4d(b.images, [BATCH, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(Int32Array.from(b.labels), 'int32'), 10) };
  });
  let trainError = null;
  try {
    sgd.minimize(() => tf.losses.softmaxCrossEntropy(batches[0].y, model(batches[0].x)));
  } catch (e) {
    trainError = e.message;
  }
  return {
    trainError,
    train(i) {
      const b = batches[i % count];
      tf.dispose(sgd.minimize(() => tf.losses.softmaxCrossEntropy(b.y, model(b.x)), true));
    },
    infer(i) {
      tf.tidy(() => model(batches[i % count].x).dataSync());
    },
    extra: () => ({}),
  };
}

export const contenders = {
  ours: { label: 'cnn-playground (Rust, wasm SIMD128)', setup: ours },
  'ours-parallel': { label: 'cnn-playground, all workers (Rust, wasm SIMD128)', setup: (d) => oursPool(d, false) },
  'ours-adaptive': { label: 'cnn-playground, the fastest count of the workers (as the Train view)', setup: (d) => oursPool(d, true) },
  convnetjs: { label: 'ConvNetJS 0.3.0', setup: convnetjs },
  'tfjs-cpu': { label: 'TensorFlow.js 4.22 cpu backend', setup: (d) => tfjs(d, 'cpu') },
  'tfjs-wasm': { label: 'TensorFlow.js 4.22 wasm backend', setup: (d) => tfjs(d, 'wasm') },
};
