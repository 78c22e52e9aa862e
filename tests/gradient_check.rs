//! Finite-difference gradient checks, as ConvNetJS guarded its layers: for every layer type and
//! both losses, the backpropagated gradient of every parameter and every input value is
//! compared with the central difference `(L(w + h) - L(w - h)) / 2h`.
//!
//! Where a difference straddles a kink (ReLU at 0, a max-pool switching winners) the numeric
//! derivative is not defined; such points are recognised because the slopes left and right of
//! the point disagree, and are skipped, but never more than one in five. (Comparing the
//! differences at `h` and `h / 2` would not do: a kink closer than `h / 2` fools both alike.)

use cnn_playground::rng::Rng;
use cnn_playground::{Network, NetworkSpec, Targets};

const H: f32 = 1e-3;

enum Goal {
    Classes(Vec<u32>),
    Values(Vec<f32>),
}

impl Goal {
    fn targets(&self) -> Targets<'_> {
        match self {
            Goal::Classes(c) => Targets::Classes(c),
            Goal::Values(v) => Targets::Values(v),
        }
    }
}

fn loss(net: &mut Network, input: &[f32], goal: &Goal, batch: usize) -> f64 {
    f64::from(net.gradients(input, goal.targets(), batch, false).unwrap())
}

/// The central difference at `h`, and whether the function is smooth there: the one-sided
/// slopes `(L(w + h) - L(w)) / h` and `(L(w) - L(w - h)) / h` agree up to curvature and f32
/// rounding. A kink whose slope change is too small to see is also too small to fail the check.
fn numeric(mut eval: impl FnMut(f32) -> f64, h: f32) -> (f64, bool) {
    let (plus, zero, minus) = (eval(h), eval(0.0), eval(-h));
    let h = f64::from(h);
    let central = (plus - minus) / (2.0 * h);
    let (right, left) = ((plus - zero) / h, (zero - minus) / h);
    (central, (right - left).abs() <= 1e-3 + 0.1 * central.abs())
}

fn check(spec_json: &str, batch: usize, sigmoid: bool) {
    let spec = NetworkSpec::from_json_str(spec_json).unwrap();
    let mut rng = Rng::new(11, 5);
    let input: Vec<f32> = (0..batch * spec.input().size()).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let outputs = spec.output().size();
    let goal = if sigmoid {
        Goal::Values((0..batch * outputs).map(|_| rng.next_f32()).collect())
    } else {
        Goal::Classes((0..batch).map(|_| rng.below(outputs as u32)).collect())
    };
    let mut net = Network::new(spec, 3);
    net.gradients(&input, goal.targets(), batch, true).unwrap();
    let grads = net.grads().to_vec();
    let input_grad = net.input_grad().to_vec();
    let (mut checked, mut kinks) = (0, 0);
    let mut verify = |what: String, analytic: f32, (num, smooth): (f64, bool)| {
        if !smooth {
            kinks += 1;
            return;
        }
        checked += 1;
        let err = (f64::from(analytic) - num).abs();
        assert!(err <= 2e-3 + 2e-2 * num.abs(), "{spec_json}\n{what}: backprop {analytic}, finite difference {num}");
    };
    for (i, &analytic) in grads.iter().enumerate() {
        let w = net.params()[i];
        let n = numeric(
            |h| {
                net.params_mut()[i] = w + h;
                loss(&mut net, &input, &goal, batch)
            },
            H,
        );
        net.params_mut()[i] = w;
        verify(format!("parameter {i}"), analytic, n);
    }
    for i in 0..input.len() {
        let mut x = input.clone();
        let n = numeric(
            |h| {
                x[i] = input[i] + h;
                loss(&mut net, &x, &goal, batch)
            },
            H,
        );
        verify(format!("input {i}"), input_grad[i], n);
    }
    assert!(checked > 0);
    // ReLU followed by max-pooling has real kinks wherever a window's units are all dead (exact
    // ties at 0), so up to one point in five may be skipped; the rest must all match.
    assert!(kinks * 5 <= checked + kinks, "{spec_json}: {kinks} kinks against {checked} smooth points");
}

fn net(input: &str, layers: &str, loss: &str) -> String {
    format!(r#"{{"input": {input}, "layers": [{layers}], "loss": "{loss}"}}"#)
}

const SOFTMAX: &str = "softmax_cross_entropy";
const DENSE_HEAD: &str = r#"{"type": "flatten"}, {"type": "dense", "units": 3}"#;

#[test]
fn conv2d_multichannel_stride_asymmetric_padding_rectangular_kernel() {
    let conv = r#"{"type": "conv2d", "filters": 2, "kernel": [3, 2], "stride": [2, 1], "padding": [1, 0, 2, 1]}"#;
    check(&net("[2, 5, 4]", &format!("{conv}, {DENSE_HEAD}"), SOFTMAX), 2, false);
}

#[test]
fn conv2d_without_bias_and_with_padding_on_right_and_bottom_only() {
    let conv = r#"{"type": "conv2d", "filters": 3, "kernel": 3, "stride": 2, "padding": [0, 1, 0, 1], "bias": false}"#;
    check(&net("[1, 5, 5]", &format!("{conv}, {DENSE_HEAD}"), SOFTMAX), 2, false);
}

#[test]
fn dense_with_and_without_bias() {
    let layers = r#"{"type": "flatten"}, {"type": "dense", "units": 4, "bias": false}, {"type": "tanh"}, {"type": "dense", "units": 3}"#;
    check(&net("[1, 3, 3]", layers, SOFTMAX), 3, false);
}

#[test]
fn maxpool_overlapping_and_not_dividing() {
    let layers = format!(r#"{{"type": "maxpool", "size": 3, "stride": 2}}, {DENSE_HEAD}"#);
    check(&net("[2, 6, 7]", &layers, SOFTMAX), 2, false);
}

#[test]
fn avgpool_rectangular_window_not_dividing() {
    let layers = format!(r#"{{"type": "avgpool", "size": [2, 3]}}, {DENSE_HEAD}"#);
    check(&net("[2, 5, 7]", &layers, SOFTMAX), 2, false);
}

#[test]
fn every_activation() {
    for act in [
        r#"{"type": "relu"}"#,
        r#"{"type": "sigmoid"}"#,
        r#"{"type": "tanh"}"#,
        r#"{"type": "leaky_relu", "slope": 0.2}"#,
    ] {
        let layers = format!(r#"{{"type": "conv2d", "filters": 2, "kernel": 2}}, {act}, {DENSE_HEAD}"#);
        check(&net("[1, 4, 4]", &layers, SOFTMAX), 2, false);
    }
}

#[test]
fn sigmoid_binary_cross_entropy_loss() {
    let layers =
        r#"{"type": "flatten"}, {"type": "dense", "units": 4}, {"type": "sigmoid"}, {"type": "dense", "units": 2}"#;
    check(&net("[1, 3, 3]", layers, "sigmoid_binary_cross_entropy"), 3, true);
}

#[test]
fn a_small_lenet_end_to_end() {
    let layers = r#"{"type": "conv2d", "filters": 2, "kernel": 3, "padding": 1}, {"type": "relu"}, {"type": "maxpool", "size": 2},
        {"type": "conv2d", "filters": 3, "kernel": 2}, {"type": "leaky_relu"}, {"type": "avgpool", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 4}"#;
    check(&net("[1, 8, 8]", layers, SOFTMAX), 2, false);
}
