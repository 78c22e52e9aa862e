//! The pooled chains ([`super::PooledChain`]) against the layers' backward one by one.

use super::Network;
use crate::rng::Rng;
use crate::{NetworkSpec, Targets};

fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// `layers` (JSON) between an input of `[c, h, w]` and a dense layer of 4 classes.
fn spec(input: [usize; 3], layers: &str) -> NetworkSpec {
    let json = format!(
        r#"{{"input": {input:?}, "layers": [{layers}, {{"type": "flatten"}}, {{"type": "dense", "units": 4}}],
            "loss": "softmax_cross_entropy"}}"#
    );
    NetworkSpec::from_json_str(&json).unwrap()
}

#[test]
fn a_chain_gives_the_bits_of_its_layers_one_by_one() {
    let conv = r#"{"type": "conv2d", "filters": 3, "kernel": 5, "padding": 2}"#;
    let cases = [
        // conv, ReLU, max-pool: the usual chain, twice, the second with the input gradient
        (vec![1, 12, 12], format!(r#"{conv}, {{"type": "relu"}}, {{"type": "maxpool", "size": 2}}, {conv}, {{"type": "relu"}}, {{"type": "maxpool", "size": 3}}"#), 2),
        // no ReLU; a pool whose windows leave gaps and a last row and column out
        (vec![2, 11, 13], format!(r#"{conv}, {{"type": "maxpool", "size": [2, 3], "stride": [3, 4]}}"#), 1),
        // stride 2 and uneven padding before the pool
        (vec![3, 14, 10], r#"{"type": "conv2d", "filters": 4, "kernel": [3, 7], "stride": [2, 1], "padding": [1, 0, 3, 2]}, {"type": "relu"}, {"type": "maxpool", "size": 2}"#.to_string(), 1),
    ];
    let mut rng = Rng::new(11, 4);
    for (input, layers, chains) in cases {
        let spec = spec([input[0], input[1], input[2]], &layers);
        let batch = 5;
        // few distinct values: ties in the pools, exact zeros in the ReLUs
        let x: Vec<f32> = (0..batch * spec.input().size()).map(|_| rng.below(5) as f32 * 0.25 - 0.5).collect();
        let labels: Vec<u32> = (0..batch).map(|_| rng.below(4)).collect();
        let mut chained = Network::new(spec.clone(), 3);
        assert_eq!(chained.chains.iter().flatten().count(), chains, "{layers}");
        let mut plain = Network::new(spec, 3);
        plain.chains.iter_mut().for_each(|c| *c = None);
        for input_grad in [false, true] {
            let a = chained.gradients(&x, Targets::Classes(&labels), batch, input_grad).unwrap();
            let b = plain.gradients(&x, Targets::Classes(&labels), batch, input_grad).unwrap();
            assert_eq!(a.to_bits(), b.to_bits());
            assert_eq!(bits(chained.grads()), bits(plain.grads()), "{layers}");
            assert!(chained.grads().iter().any(|&g| g != 0.0));
            if input_grad {
                assert_eq!(bits(chained.input_grad()), bits(plain.input_grad()), "{layers}");
            }
        }
    }
}

#[test]
fn overlapping_or_small_pools_and_other_activations_make_no_chain() {
    let conv = r#"{"type": "conv2d", "filters": 2, "kernel": 3}"#;
    for layers in [
        format!(r#"{conv}, {{"type": "maxpool", "size": 3, "stride": 2}}"#),
        format!(r#"{conv}, {{"type": "relu"}}, {{"type": "maxpool", "size": [1, 2]}}"#),
        format!(r#"{conv}, {{"type": "sigmoid"}}, {{"type": "maxpool", "size": 2}}"#),
        format!(r#"{conv}, {{"type": "relu"}}, {{"type": "avgpool", "size": 2}}"#),
        format!(r#"{conv}, {{"type": "relu"}}, {{"type": "relu"}}, {{"type": "maxpool", "size": 2}}"#),
    ] {
        let net = Network::new(spec([1, 9, 9], &layers), 1);
        assert!(net.chains.iter().all(Option::is_none), "{layers}");
    }
}
