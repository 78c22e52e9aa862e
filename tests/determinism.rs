//! The same seed, spec, optimizer and batches give bit-identical losses and weights, for every
//! optimizer: what makes a shared link replay exactly and an optimizer race fair.

use cnn_playground::rng::Rng;
use cnn_playground::{NetworkSpec, OptimizerSpec, Targets, Trainer};

fn train(optimizer: &str, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let spec = NetworkSpec::from_json_str(include_str!("fixtures/reference_network.json")).unwrap();
    let mut t = Trainer::new(spec, OptimizerSpec::from_json_str(optimizer).unwrap(), seed);
    let mut data = Rng::new(99, 3);
    let batch = 4;
    let mut losses = Vec::new();
    for _ in 0..5 {
        let input: Vec<f32> = (0..batch * 784).map(|_| data.next_f32()).collect();
        let labels: Vec<u32> = (0..batch).map(|_| data.below(10)).collect();
        losses.push(t.step(&input, Targets::Classes(&labels), batch).unwrap().to_bits());
    }
    (losses, t.network().params().iter().map(|w| w.to_bits()).collect())
}

#[test]
fn every_optimizer_replays_bit_for_bit() {
    for opt in [
        r#"{"type": "sgd", "lr": 0.1}"#,
        r#"{"type": "momentum", "lr": 0.05}"#,
        r#"{"type": "adagrad", "lr": 0.05}"#,
        r#"{"type": "rmsprop", "lr": 0.01}"#,
        r#"{"type": "adam", "lr": 0.001, "weight_decay": 0.01}"#,
    ] {
        let (a, b) = (train(opt, 5), train(opt, 5));
        assert_eq!(a, b, "{opt} did not replay exactly");
        assert_ne!(a.1, train(opt, 6).1, "{opt}: another seed should give other weights");
        assert!(a.0.windows(2).any(|w| w[0] != w[1]), "{opt}: the loss should change while training");
    }
}
