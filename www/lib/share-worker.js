// A helper worker of share-pool.js: a network of the run's spec (ShareGradients) that
// computes the gradients of the shares it is given, with the weights it is given. It speaks
// worker.js's protocol; requests:
//   configure({spec})                       a network of this spec -> true
//   shares({weights, batch, shares: [{s, images, labels}], awake})
//                                           each share's gradient -> [{s, grads, loss}];
//                                           with `awake`, it then stays awake AWAKE_AFTER_MS
//                                           for the next step's shares (share-pool.js)
import init, { ShareGradients } from '../pkg/cnn_playground.js';
import { serve } from './worker.js';
import { AWAKE_AFTER_MS, stayAwake } from './share-pool.js';

let network = null;
/** Until when this helper stays awake for the next shares (share-pool.js: stayAwake), and whether it is. */
let awakeUntil = 0;
let staying = false;

/** Stays awake `AWAKE_AFTER_MS` after the latest answer. */
function stayAwakeAfterAnswer() {
  awakeUntil = performance.now() + AWAKE_AFTER_MS;
  if (staying) return;
  staying = true;
  stayAwake(() => performance.now() < awakeUntil, Infinity).then(() => { staying = false; });
}

serve({
  configure({ spec }) {
    network?.free();
    network = null;
    network = new ShareGradients(spec);   // throws the core's message on a bad spec
    return true;
  },
  shares({ weights, batch, shares, awake }, { transfer }) {
    if (!network) throw new Error('this helper has no network yet: configure it with the run\'s spec first');
    const done = shares.map(({ s, images, labels }) => {
      const loss = network.compute(weights, images, labels, batch);
      return { s, loss, grads: network.grads() };
    });
    if (awake) stayAwakeAfterAnswer();
    return transfer(done, done.map((d) => d.grads.buffer));
  },
}, { ready: () => init({ module_or_path: new URL('../pkg/cnn_playground_bg.wasm', import.meta.url) }) });
