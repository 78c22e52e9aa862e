// The page's side of the lecture's digits worker (./digits-worker.js): started by a view that
// needs real digits as numbers, given the digits the page fetched once (lib/mnist.js), and
// ended with the view. Every view asks it for the same features, made by the core from the
// same recipe, so one digit shows one set of numbers everywhere.
//
//   const digits = openDigits({ onStatus: (text) => ... });   // status texts while it builds
//   const { length } = await digits.ready;                     // 8,000 training digits, built
//   const { features, label } = await digits.request('features', { index: 7 });
//   digits.terminate();                                        // in the view's unmount()
import { number, t } from '../lib/i18n.js';
import { loadDigits } from '../lib/mnist.js';
import { connect } from '../lib/worker.js';

/**
 * Starts the worker, hands it the digits and builds them by `recipe` (undefined: the
 * lecture's threshold 0.5 and 5 x 3 windows). `ready` resolves to `{length, featureCount,
 * recipe}`; `rebuild(recipe)` builds them again (a new network too).
 */
export function openDigits({ recipe, onStatus = () => {} } = {}) {
  const worker = connect(new URL('./digits-worker.js', import.meta.url));
  const build = async (r) => {
    onStatus(t('lecture.digits.building'));
    const info = await worker.request('build', { recipe: r });
    onStatus(t('lecture.digits.built', { length: number(info.length), count: info.featureCount }));
    return info;
  };
  const ready = (async () => {
    onStatus(t('lecture.digits.loading'));
    await worker.request('digits', await loadDigits());
    return build(recipe);
  })();
  ready.catch(() => {});   // the view reports it where it awaits
  return {
    ready,
    request: async (type, payload, options) => { await ready; return worker.request(type, payload, options); },
    rebuild: async (r) => { await ready; return build(r); },
    terminate: () => worker.terminate(),
  };
}
