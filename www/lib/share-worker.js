// A helper worker of share-pool.js: a network of the run's spec (ShareGradients) that
// computes the gradients of the shares it is given, with the weights it is given. It speaks
// worker.js's protocol; requests:
//   configure({spec})                       a network of this spec -> true
//   shares({weights, batch, shares: [{s, images, labels}]})
//                                           each share's gradient -> [{s, grads, loss}]
//   session({memory: {layout, buffer}})     steps through shared memory (share-memory.js) until
//                                           the training worker sets STOP -> true
import init, { ShareGradients } from '../pkg/cnn_playground.js';
import { serve } from './worker.js';
import { BATCH, COUNT, DONE, FAILED, SEQ, STOP, shareMemory } from './share-memory.js';

let network = null;

serve({
  configure({ spec }) {
    network?.free();
    network = null;
    network = new ShareGradients(spec);   // throws the core's message on a bad spec
    return true;
  },
  shares({ weights, batch, shares }, { transfer }) {
    if (!network) throw new Error('this helper has no network yet: configure it with the run\'s spec first');
    const done = shares.map(({ s, images, labels }) => {
      const loss = network.compute(weights, images, labels, batch);
      return { s, loss, grads: network.grads() };
    });
    return transfer(done, done.map((d) => d.grads.buffer));
  },
  // Blocks this helper (it has nothing else to do) until STOP: each step waits on SEQ, computes
  // the shares in the memory and answers in DONE, without a message either way.
  session({ memory: given }) {
    if (!network) throw new Error('this helper has no network yet: configure it with the run\'s spec first');
    const memory = shareMemory(given.layout, given.buffer);
    const { control, weights, shares } = memory;
    let seen = 0;
    for (;;) {
      Atomics.wait(control, SEQ, seen);
      const seq = Atomics.load(control, SEQ);
      if (seq === seen) continue;
      seen = seq;
      if (Atomics.load(control, STOP)) return true;
      try {
        const batch = control[BATCH];
        for (let j = 0; j < control[COUNT]; j += 1) {
          const { n } = memory.slot(j);
          const share = shares[j];
          const images = share.images.subarray(0, share.images.length / share.labels.length * n);
          share.loss[0] = network.compute(weights, images, share.labels.subarray(0, n), batch);
          share.grads.set(network.grads());
        }
      } catch (err) {
        console.warn(`share helper: ${err.message}`);
        Atomics.store(control, FAILED, 1);
        throw err;
      } finally {
        Atomics.store(control, DONE, seq);
        Atomics.notify(control, DONE);
      }
    }
  },
}, { ready: () => init({ module_or_path: new URL('../pkg/cnn_playground_bg.wasm', import.meta.url) }) });
