// A dataset handed to a training worker, and made into the core's Datasets there. No DOM:
// workers import this. The page side (loading, asking for own images) is ./datasets.js.
//
//   data: {name, kind: 'mnist', bytes}   (mnist.bin's format; the 8,000 / 2,000 split as everywhere)
//      or {name, kind: 'pixels', shape, classNames, scaling, preprocessing, train: {pixels, labels}, test: {pixels, labels, sources}}

/** The MNIST digits' preprocessing, written as an ImageSet's (28 x 28 grey); drawings use prepareDigit instead. */
export const MNIST_SHAPE = [1, 28, 28];

/** The buffers of `data` to transfer (the digits are copied: the page keeps its own). */
export function transfers(data) {
  if (data.kind === 'mnist') return [];
  return [data.train.pixels.buffer, data.train.labels.buffer, data.test.pixels.buffer, data.test.labels.buffer];
}

/** In a worker: the two Datasets of `data`. */
export function datasetsOf(core, data) {
  if (data.kind === 'mnist') return { train: core.Dataset.fromMnist(data.bytes, 'train'), test: core.Dataset.fromMnist(data.bytes, 'test') };
  const of = (part) => core.Dataset.fromPixels(part.pixels, part.labels, data.shape, data.classNames, data.scaling, data.preprocessing);
  return { train: of(data.train), test: of(data.test) };
}
