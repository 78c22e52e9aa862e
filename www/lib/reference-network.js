// The reference network of the shared spec (shared/spec/README.md), as the playground starts
// it and the benchmark measures it: two convolutions with ReLU and max pooling, then a dense
// layer with one logit per digit. tests/fixtures/reference_network.json is the same network.
export const REFERENCE_NETWORK = Object.freeze({
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 8, kernel: 5, padding: 2 }, { type: 'relu' }, { type: 'maxpool', size: 2 },
    { type: 'conv2d', filters: 16, kernel: 5, padding: 2 }, { type: 'relu' }, { type: 'maxpool', size: 3 },
    { type: 'flatten' }, { type: 'dense', units: 10 },
  ],
  loss: 'softmax_cross_entropy',
});
