// One benchmark contender in a worker of its own (a classic worker: the vendored libraries
// are plain scripts for importScripts; our own modules come in with import()).
// In: { name, data: { images, labels }, repeats, seconds }.
// Out: { type: 'progress', phase, rate } while running, then { type: 'result', ... } or
// { type: 'error', message }.

self.onmessage = async ({ data: job }) => {
  try {
    const { contenders, BATCH } = await import('./contenders.js');
    const { imagesPerSecond } = await import('./measure.js');
    const contender = await contenders[job.name].setup(job.data);
    const options = (phase) => ({ batch: BATCH, repeats: job.repeats, seconds: job.seconds, onProgress: (rate) => postMessage({ type: 'progress', phase, rate }) });
    const trainError = contender.trainError || null;
    const train = trainError ? null : await imagesPerSecond((i) => contender.train(i), options('train'));
    const infer = contender.infer ? await imagesPerSecond((i) => contender.infer(i), options('infer')) : null;
    postMessage({ type: 'result', train, infer, trainError, ...contender.extra() });
  } catch (e) {
    postMessage({ type: 'error', message: e.message || String(e) });
  }
};
