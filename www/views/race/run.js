// Running a race: one worker per contender (www/lab/race-worker.js), the data of the link handed
// to each (the digits loaded once per page; the colour shapes or own images from the images
// worker: views/data/), their reports passed on, pause, resume and stop.
import { coreText } from '../../lib/i18n.js';
import { connect } from '../../lib/worker.js';
import { NoOwnImages, trainingData } from '../data/datasets.js';

const WORKER = new URL('../../lab/race-worker.js', import.meta.url);

/**
 * Starts the race of `settings` (the link's state: network, contenders, seed, batch, steps,
 * eval). `on(i, kind, data)` hears contender i: 'progress' (a report, see the worker), 'done'
 * (its result) or 'error' (a message). `onMissing()` when the link names own images this
 * browser does not have. Returns {pause(), resume(), stop(), release(i)}.
 */
export function startRace(settings, on, { onMissing = () => {} } = {}) {
  const workers = settings.contenders.map((_, i) => connect(WORKER, { name: `race contender ${i + 1}` }));
  let stopped = false;
  const fail = (i, err) => { if (!stopped) on(i, 'error', coreText(err)); };
  trainingData(settings.data).then((data) => {
    if (stopped) return;
    workers.forEach((worker, i) => {
      const payload = {
        data, network: settings.network, optimizer: settings.contenders[i],
        seed: settings.seed, batch: settings.batch, steps: settings.steps, evalEvery: settings.eval,
      };
      worker.request('race', payload, { onProgress: (report) => { if (!stopped) on(i, 'progress', report); } })
        .then((result) => { if (!stopped) on(i, 'done', result); }, (err) => fail(i, err));
    });
  }, (err) => {
    if (err instanceof NoOwnImages) onMissing();
    workers.forEach((_, i) => fail(i, err));
  });
  return {
    pause: () => workers.forEach((w) => w.post('pause')),
    resume: () => workers.forEach((w) => w.post('resume')),
    /** Contender i is through: its worker (and its copy of the digits) goes. */
    release: (i) => workers[i].terminate(),
    stop() {
      stopped = true;
      workers.forEach((w) => w.terminate());
    },
  };
}
