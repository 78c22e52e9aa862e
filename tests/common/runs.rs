//! Networks and optimizers that together cover every layer type, both losses and all five
//! optimizers, trained a few steps on made-up batches: what the save, export and import tests
//! take with them.

use cnn_playground::rng::Rng;
use cnn_playground::{NetworkSpec, OptimizerSpec, Targets, Trainer};

/// The reference network of the lecture: conv2d (even padding), relu, maxpool, flatten, dense,
/// softmax cross-entropy.
pub const REFERENCE: &str = include_str!("../fixtures/reference_network.json");

/// Every other layer type and option: a conv2d padded unevenly with a rectangular kernel and
/// stride, leaky_relu, avgpool with its own stride, a conv2d padded differently in height and
/// width without bias, tanh, a rectangular maxpool, dense without bias, sigmoid, and sigmoid
/// binary cross-entropy over 5 outputs.
pub const EVERY_LAYER: &str = r#"{"input": [3, 9, 11], "layers": [
    {"type": "conv2d", "filters": 4, "kernel": [3, 2], "stride": [2, 1], "padding": [1, 0, 2, 1]},
    {"type": "leaky_relu", "slope": 0.2},
    {"type": "avgpool", "size": 2, "stride": [1, 2]},
    {"type": "conv2d", "filters": 5, "kernel": 2, "padding": [1, 1, 0, 0], "bias": false},
    {"type": "tanh"},
    {"type": "maxpool", "size": [2, 1]},
    {"type": "flatten"},
    {"type": "dense", "units": 7, "bias": false},
    {"type": "sigmoid"},
    {"type": "dense", "units": 5}],
  "loss": "sigmoid_binary_cross_entropy"}"#;

/// The five optimizers, with weight decay and non-default hyperparameters on some.
pub const OPTIMIZERS: [&str; 5] = [
    r#"{"type": "sgd", "lr": 0.05}"#,
    r#"{"type": "momentum", "lr": 0.02, "momentum": 0.8, "weight_decay": 0.001}"#,
    r#"{"type": "adagrad", "lr": 0.03}"#,
    r#"{"type": "rmsprop", "lr": 0.002, "alpha": 0.95, "weight_decay": 0.01}"#,
    r#"{"type": "adam", "lr": 0.003, "beta1": 0.85, "weight_decay": 0.001}"#,
];

pub fn spec(json: &str) -> NetworkSpec {
    NetworkSpec::from_json_str(json).unwrap()
}

pub fn optimizer(json: &str) -> OptimizerSpec {
    OptimizerSpec::from_json_str(json).unwrap()
}

/// A made-up batch for `spec`: inputs uniform in [-1, 1), labels or targets, from `rng`.
pub fn batch(spec: &NetworkSpec, rng: &mut Rng, batch: usize) -> (Vec<f32>, Vec<u32>, Vec<f32>) {
    let input = (0..batch * spec.input().size()).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let outputs = spec.output().size();
    let classes = (0..batch).map(|_| rng.below(outputs as u32)).collect();
    let values = (0..batch * outputs).map(|_| rng.next_f32()).collect();
    (input, classes, values)
}

/// One step of `trainer` on a made-up batch; returns the loss.
pub fn step(trainer: &mut Trainer, rng: &mut Rng, size: usize) -> f32 {
    let spec = trainer.network().spec().clone();
    let (input, classes, values) = batch(&spec, rng, size);
    let targets = match spec.loss() {
        cnn_playground::Loss::SoftmaxCrossEntropy => Targets::Classes(&classes),
        cnn_playground::Loss::SigmoidBinaryCrossEntropy => Targets::Values(&values),
    };
    trainer.step(&input, targets, size).unwrap()
}

/// `network` trained `steps` steps by `optimizer` from seed 3 on made-up batches of 6.
pub fn trained(network: &str, optimizer_json: &str, steps: usize) -> Trainer {
    let mut trainer = Trainer::new(spec(network), optimizer(optimizer_json), 3);
    let mut rng = Rng::new(11, 9);
    for _ in 0..steps {
        step(&mut trainer, &mut rng, 6);
    }
    trainer
}

/// `count` made-up 28 x 28 digits with labels 0 to 9, as an mnist.bin file.
pub fn mnist_bytes(count: usize) -> Vec<u8> {
    let mut rng = Rng::new(1, 5);
    let mut bytes = b"MNST".to_vec();
    for v in [count as u32, 28, 28] {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    bytes.extend((0..count * 784).map(|_| rng.below(256) as u8));
    bytes.extend((0..count).map(|_| rng.below(10) as u8));
    bytes
}
