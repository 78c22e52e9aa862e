// The JS API under random bad input, in Node on the built package: thousands of mutated network
// specs, optimizers and training calls. Every call must either work or throw a plain Error with
// a message; a wasm trap (WebAssembly.RuntimeError, e.g. "unreachable" from a Rust panic) is a
// bug. Afterwards the same module must still build and train a network.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { attempt, generator } from './lib/fuzz.mjs';
import { ROOT, loadCore } from './lib/harness.mjs';

const core = await loadCore();
const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'reference_network.json'), 'utf8'));

const ODD_VALUES = [0, -1, -3, 1, 2, 3, 5, 28, 1e9, 1e30, -1e30, 2.5, NaN, Infinity, -Infinity, '3', 'abc', '', null, true, [], [1], [2, 2], [1, 1, 1, 1], [0, -1, 0, 0], {}, undefined];
const TYPES = ['conv2d', 'dense', 'maxpool', 'avgpool', 'relu', 'sigmoid', 'tanh', 'leaky_relu', 'flatten', 'conv', 'Dense', '', 7];
const FIELDS = ['filters', 'kernel', 'stride', 'padding', 'bias', 'units', 'size', 'slope', 'kernal', 'type'];

function mutateSpec(rng) {
  const spec = structuredClone(REFERENCE);
  for (let n = 1 + Math.floor(rng.next() * 3); n > 0; n -= 1) {
    const layer = rng.pick(spec.layers) ?? {};
    const what = rng.next();
    if (what < 0.45) layer[rng.pick(FIELDS)] = rng.pick(ODD_VALUES);
    else if (what < 0.55) layer.type = rng.pick(TYPES);
    else if (what < 0.65) spec.layers.splice(Math.floor(rng.next() * spec.layers.length), 1);
    else if (what < 0.75) spec.input = rng.pick([[1, 28, 28], [0, 28, 28], [1, 3], [3, 1e6, 1e6], [1, 2, 2], 'x', [1, 28, -28]]);
    else if (what < 0.8) spec.loss = rng.pick(['softmax_cross_entropy', 'sigmoid_binary_cross_entropy', 'mse', null]);
    else spec.layers.splice(Math.floor(rng.next() * spec.layers.length), 0, { type: rng.pick(TYPES), [rng.pick(FIELDS)]: rng.pick(ODD_VALUES) });
  }
  return spec;
}

function mutateOptimizer(rng) {
  const opt = { type: rng.pick(['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam', 'adamw']), lr: rng.pick([0.01, ...ODD_VALUES]) };
  if (rng.next() < 0.5) opt[rng.pick(['momentum', 'beta1', 'beta2', 'alpha', 'eps', 'weight_decay', 'nesterov'])] = rng.pick([0.5, ...ODD_VALUES]);
  return opt;
}

test('random bad specs, optimizers and calls throw Errors, never trap, and the module keeps working', () => {
  const rng = generator(20261128);
  let built = 0;
  let refused = 0;
  for (let i = 0; i < 1500; i += 1) {
    const spec = mutateSpec(rng);
    const opt = rng.next() < 0.7 ? { type: 'sgd', lr: 0.01 } : mutateOptimizer(rng);
    const label = `case ${i}: ${JSON.stringify(spec)} ${JSON.stringify(opt)}`;
    attempt(() => core.describeNetwork(spec), label);
    const t = attempt(() => new core.Trainer(spec, opt, i), label);
    if (!t) { refused += 1; continue; }
    built += 1;
    const size = spec.input.reduce((a, b) => a * b, 1);
    const batch = rng.pick([1, 2, 0, -1, 2.5, NaN]);
    const input = new Float32Array(Math.max(0, Math.min(size * 2 + rng.pick([0, 0, -1, 1]), 1e6))).fill(rng.pick([0.5, NaN, 1e30]));
    const labels = rng.pick([new Uint32Array([1, 2]), new Uint32Array([99, 0]), [0.5, 1], 'x', new Float32Array([0, 1])]);
    attempt(() => t.forward(input, batch), `${label} forward`);
    attempt(() => t.step(input, labels, batch), `${label} step`);
    attempt(() => t.setParam(rng.pick(['0.weight', '9.bias', '']), new Float32Array(rng.pick([0, 3, 200]))), `${label} setParam`);
    attempt(() => t.layerOutput(rng.pick([0, 3, 99, -1])), `${label} layerOutput`);
    t.free();
  }
  assert.ok(built > 50 && refused > 300, `built ${built}, refused ${refused}: the mutations should exercise both`);
  const t = new core.Trainer(REFERENCE, { type: 'adam', lr: 0.001 }, 1);
  const loss = t.step(new Float32Array(2 * 784).fill(0.5), new Uint32Array([3, 7]), 2);
  assert.ok(Number.isFinite(loss) && loss > 0);
});
