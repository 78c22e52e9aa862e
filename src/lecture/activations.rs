//! Concept 4, activations: the curves, a feature map through them, why a network needs them
//! (two linear layers are one), and dead ReLUs.
//!
//! - `relu(x) = max(0, x)`, `sigmoid(x) = 1 / (1 + e^-x)`, `tanh(x)`,
//!   `leaky_relu(x) = x` for `x > 0`, else `slope · x`.
//! - Without an activation, `W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)`: one linear layer.
//! - A ReLU unit whose input is negative for every example outputs 0 and gets no gradient:
//!   it is dead and stays dead. A too large learning rate pushes many units there.

use super::{check_finite, check_range, network};
use crate::bail;
use crate::data::Dataset;
use crate::error::codes;
use crate::error::{suggestion, Result};
use crate::layers::ActivationLayer;
use crate::optim::OptimizerSpec;
use crate::refuse;
use crate::spec::{Activation, NetworkSpec};
use crate::trainer::Trainer;
use crate::training::{Divergence, TrainingRun};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// The activation called `name` (`leaky_relu` with `slope`).
pub fn activation(name: &str, slope: f32) -> Result<ActivationLayer> {
    match Activation::from_name(name, slope) {
        Some(kind) => Ok(ActivationLayer { kind }),
        None => {
            let names: Vec<&str> = Activation::all(slope).iter().map(Activation::name).collect();
            refuse!(LECTURE_ACTIVATION_UNKNOWN, name, hint = suggestion(name, &names), names = names.join(", "))
        }
    }
}

/// Every activation sampled at `n` points from `from` to `to`: `{xs, relu, sigmoid, tanh,
/// leaky_relu}` in JSON, each curve under its activation's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curves {
    pub xs: Vec<f32>,
    #[serde(flatten)]
    pub ys: BTreeMap<&'static str, Vec<f32>>,
}

pub fn curves(from: f32, to: f32, n: usize, slope: f32) -> Result<Curves> {
    check_range(n, 2, 2001, codes::WHAT_POINTS)?;
    check_finite(&[from, to, slope], codes::WHAT_CURVE)?;
    if from >= to {
        refuse!(LECTURE_CURVE_RANGE, from, to);
    }
    let xs: Vec<f32> = (0..n).map(|i| from + (to - from) * i as f32 / (n - 1) as f32).collect();
    let ys = Activation::all(slope)
        .into_iter()
        .map(|kind| {
            let mut ys = vec![0.0; n];
            ActivationLayer { kind }.apply_all(&xs, &mut ys);
            (kind.name(), ys)
        })
        .collect();
    Ok(Curves { xs, ys })
}

/// A feature map through one activation (the layer's own forward).
pub fn apply(name: &str, slope: f32, map: &[f32]) -> Result<Vec<f32>> {
    check_finite(map, codes::WHAT_FEATURE_MAP)?;
    let mut out = vec![0.0; map.len()];
    activation(name, slope)?.apply_all(map, &mut out);
    Ok(out)
}

/// The edge kernel of [`digit_feature_map`]: 4 x 4, `-1/4` on the left half and `+1/4` on the
/// right half of every row, so it answers where ink begins when reading left to right.
pub const EDGE_KERNEL: [f32; 16] =
    [-0.25, -0.25, 0.25, 0.25, -0.25, -0.25, 0.25, 0.25, -0.25, -0.25, 0.25, 0.25, -0.25, -0.25, 0.25, 0.25];
/// Its bias: blank paper gives `-0.25`, a value the activation then bends.
pub const EDGE_BIAS: f32 = -0.25;
/// Kernel size and stride of [`digit_feature_map`]: 28 x 28 digits become 7 x 7 maps.
const EDGE_SIZE: usize = 4;

/// A real feature map: one digit through a conv2d layer with [`EDGE_KERNEL`], before any
/// activation (the input the view bends with each activation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureMap {
    /// the digit, `size x size`, gray in [0, 1]
    pub image: Vec<f32>,
    pub size: usize,
    pub label: Option<u32>,
    pub kernel: Vec<f32>,
    pub bias: f32,
    pub stride: usize,
    /// `height x width` conv2d outputs: `sum(kernel * window) + bias`, in [-2.25, 1.75]
    pub map: Vec<f32>,
    pub height: usize,
    pub width: usize,
}

/// Runs a `size x size` gray image through `conv2d(filters 1, kernel 4, stride 4)` with the
/// edge kernel: output `(r, c) = sum_{i,j<4} K[i][j] * x[4r + i][4c + j] + b`, with
/// `(size - 4) / 4 + 1` rows and columns.
pub fn digit_feature_map(image: &[f32], size: usize, label: Option<u32>) -> Result<FeatureMap> {
    check_range(size, EDGE_SIZE, 1024, codes::WHAT_IMAGE_SIZE)?;
    if image.len() != size * size {
        bail!("the image has {} values, but {size} x {size} pixels need {}", image.len(), size * size);
    }
    check_finite(image, codes::WHAT_IMAGE)?;
    let spec = json!({"input": [1, size, size], "layers": [{"type": "conv2d", "filters": 1, "kernel": EDGE_SIZE, "stride": EDGE_SIZE}, {"type": "flatten"}], "loss": "softmax_cross_entropy"});
    let mut net = network(spec, 0)?;
    net.set_param("0.weight", &EDGE_KERNEL)?;
    net.set_param("0.bias", &[EDGE_BIAS])?;
    net.forward(image, 1)?;
    let map = net.layer_output(0)?.to_vec();
    let side = (size - EDGE_SIZE) / EDGE_SIZE + 1;
    Ok(FeatureMap {
        image: image.to_vec(),
        size,
        label,
        kernel: EDGE_KERNEL.to_vec(),
        bias: EDGE_BIAS,
        stride: EDGE_SIZE,
        map,
        height: side,
        width: side,
    })
}

/// [`digit_feature_map`] of digit `index` of `mnist.bin`.
pub fn mnist_feature_map(bytes: &[u8], index: usize) -> Result<FeatureMap> {
    let digits = crate::data::Dataset::from_mnist_bytes(bytes)?;
    let [_, h, w] = digits.shape();
    if h != w {
        bail!("the digits are {h} x {w}: the feature map example needs square digits");
    }
    digit_feature_map(&digits.image(index)?, h, Some(digits.label(index)?))
}

/// Two dense layers without an activation between them, and the single layer they equal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinearCollapse {
    /// `inputs -> hidden -> outputs`
    pub inputs: usize,
    pub hidden: usize,
    pub outputs: usize,
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    pub w2: Vec<f32>,
    pub b2: Vec<f32>,
    /// `W2 W1`, `outputs x inputs`
    pub weight: Vec<f32>,
    /// `W2 b1 + b2`
    pub bias: Vec<f32>,
    pub x: Vec<f32>,
    /// the two-layer network's output for `x`
    #[serde(rename = "twoLayers")]
    pub two_layers: Vec<f32>,
    /// the one-layer network (`weight`, `bias`) for `x`
    #[serde(rename = "oneLayer")]
    pub one_layer: Vec<f32>,
}

/// Builds two random dense layers (3 -> 4 -> 2) from `seed`, composes them, and runs both
/// networks on the same input.
pub fn linear_collapse(seed: u64) -> Result<LinearCollapse> {
    let (n, m, k) = (3, 4, 2);
    let net_spec =
        |layers: serde_json::Value| json!({"input": [1, 1, n], "layers": layers, "loss": "softmax_cross_entropy"});
    let mut two = network(
        net_spec(json!([{"type": "flatten"}, {"type": "dense", "units": m}, {"type": "dense", "units": k}])),
        seed,
    )?;
    let round = |v: Vec<f32>| -> Vec<f32> { v.iter().map(|x| (x * 10.0).round() / 10.0).collect() };
    let (w1, b1) = (
        round(two.param("1.weight")?.iter().map(|x| x * 3.0).collect()),
        round(two.param("1.bias")?.iter().map(|x| x * 3.0).collect()),
    );
    let (w2, b2) = (
        round(two.param("2.weight")?.iter().map(|x| x * 3.0).collect()),
        round(two.param("2.bias")?.iter().map(|x| x * 3.0).collect()),
    );
    for (name, v) in [("1.weight", &w1), ("1.bias", &b1), ("2.weight", &w2), ("2.bias", &b2)] {
        two.set_param(name, v)?;
    }
    let mut weight = vec![0.0; k * n];
    let mut bias = b2.clone();
    for o in 0..k {
        for h in 0..m {
            let w = w2[o * m + h];
            bias[o] += w * b1[h];
            for i in 0..n {
                weight[o * n + i] += w * w1[h * n + i];
            }
        }
    }
    let x = vec![1.0, -2.0, 0.5];
    two.forward(&x, 1)?;
    let two_layers = two.logits().to_vec();
    let mut one = network(net_spec(json!([{"type": "flatten"}, {"type": "dense", "units": k}])), seed)?;
    one.set_param("1.weight", &weight)?;
    one.set_param("1.bias", &bias)?;
    one.forward(&x, 1)?;
    let one_layer = one.logits().to_vec();
    Ok(LinearCollapse { inputs: n, hidden: m, outputs: k, w1, b1, w2, b2, weight, bias, x, two_layers, one_layer })
}

/// How to train the small network whose dead units are counted.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadReluQuestion {
    pub hidden: usize,
    pub lr: f32,
    pub steps: usize,
    pub batch: usize,
    pub seed: u32,
}

/// Units of the hidden ReLU layer that never fire on the data, before and after training.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadRelu {
    #[serde(rename = "deadBefore")]
    pub dead_before: usize,
    #[serde(rename = "deadAfter")]
    pub dead_after: usize,
    /// `dead_after / hidden`
    pub share: f32,
    /// for each unit after training: on how many examples it fired (output > 0)
    pub fires: Vec<u32>,
    /// the loss of every training step
    pub losses: Vec<f32>,
    /// where training stopped because the loss or a weight blew up, if it did
    pub divergence: Option<Divergence>,
}

/// Trains `features (count x n) -> dense hidden -> relu -> dense classes` with SGD at `q.lr`
/// (a [`TrainingRun`]: the examples in the batch order of `q.seed`), then counts the hidden
/// units that output 0 for every example.
pub fn dead_relu(features: &[f32], labels: &[u32], n: usize, q: &DeadReluQuestion) -> Result<DeadRelu> {
    check_range(q.hidden, 1, 256, codes::WHAT_HIDDEN)?;
    check_range(q.steps, 0, 5000, codes::WHAT_STEPS)?;
    check_range(q.batch, 1, 256, codes::WHAT_BATCH)?;
    check_range(n, 1, 1024, codes::WHAT_FEATURES_PER_EXAMPLE)?;
    let count = labels.len();
    check_range(count, 1, 20000, codes::WHAT_EXAMPLES)?;
    if features.len() != count * n {
        bail!("{} feature values for {count} examples of {n}: need {}", features.len(), count * n);
    }
    check_finite(features, codes::WHAT_FEATURES)?;
    let classes = labels.iter().max().map_or(1, |&m| m as usize + 1).max(2);
    let data = Dataset::new(features.to_vec(), labels.to_vec(), [1, 1, n], classes)?;
    let spec = json!({"input": [1, 1, n], "layers": [{"type": "flatten"}, {"type": "dense", "units": q.hidden}, {"type": "relu"}, {"type": "dense", "units": classes}], "loss": "softmax_cross_entropy"});
    let sgd = OptimizerSpec::from_json(&json!({"type": "sgd", "lr": q.lr}))?;
    let mut run = TrainingRun::new(NetworkSpec::from_json(&spec)?, sgd, q.seed, q.batch)?;
    let dead_before = fires(run.trainer_mut(), features, n, q.hidden)?.iter().filter(|&&f| f == 0).count();
    let report = run.train_steps(&data, q.steps)?;
    let fires = fires(run.trainer_mut(), features, n, q.hidden)?;
    let dead_after = fires.iter().filter(|&&f| f == 0).count();
    Ok(DeadRelu {
        dead_before,
        dead_after,
        share: dead_after as f32 / q.hidden as f32,
        fires,
        losses: report.losses,
        divergence: report.divergence,
    })
}

/// On how many examples each hidden unit (layer 2, the ReLU) is above 0.
fn fires(trainer: &mut Trainer, features: &[f32], n: usize, hidden: usize) -> Result<Vec<u32>> {
    let mut fires = vec![0u32; hidden];
    for chunk in features.chunks(n * 1024) {
        let batch = chunk.len() / n;
        trainer.network_mut().forward(chunk, batch)?;
        for row in trainer.network().layer_output(2)?.chunks_exact(hidden) {
            fires.iter_mut().zip(row).for_each(|(f, &v)| *f += u32::from(v > 0.0));
        }
    }
    Ok(fires)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn curves_are_the_layers_own_functions() {
        let c = curves(-2.0, 2.0, 5, 0.1).unwrap();
        assert_eq!(c.xs, vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(c.ys.keys().copied().collect::<Vec<_>>(), ["leaky_relu", "relu", "sigmoid", "tanh"]);
        assert_eq!(c.ys["relu"], vec![0.0, 0.0, 0.0, 1.0, 2.0]);
        assert_eq!(c.ys["leaky_relu"], vec![-0.2, -0.1, 0.0, 1.0, 2.0]);
        assert_eq!(c.ys["sigmoid"][2], 0.5);
        assert!((c.ys["tanh"][4] - 2f32.tanh()).abs() < 1e-7);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["relu"], serde_json::json!([0.0, 0.0, 0.0, 1.0, 2.0]), "one key per activation, as before");
        assert!(curves(1.0, 1.0, 5, 0.1).unwrap_err().message().contains("below the end"));
        assert_eq!(apply("relu", 0.0, &[-1.0, 3.0]).unwrap(), vec![0.0, 3.0]);
        assert!(apply("gelu", 0.0, &[1.0]).unwrap_err().message().contains("unknown"));
    }

    #[test]
    fn two_linear_layers_give_the_same_output_as_their_composition() {
        let c = linear_collapse(5).unwrap();
        assert_eq!((c.weight.len(), c.bias.len()), (6, 2));
        for (a, b) in c.two_layers.iter().zip(&c.one_layer) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
        // weight[0][0] = sum_h W2[0][h] W1[h][0]
        let w00: f32 = (0..4).map(|h| c.w2[h] * c.w1[h * 3]).sum();
        assert!((c.weight[0] - w00).abs() < 1e-6);
    }

    #[test]
    fn a_digit_through_the_edge_kernel_is_a_real_conv2d_feature_map() {
        // a vertical bar of ink in columns 6..10 (so it straddles the windows at 4..8 and 8..12)
        let mut image = vec![0.0f32; 28 * 28];
        for r in 0..28 {
            for c in 6..10 {
                image[r * 28 + c] = 1.0;
            }
        }
        let f = digit_feature_map(&image, 28, Some(1)).unwrap();
        assert_eq!((f.height, f.width, f.map.len()), (7, 7, 49));
        // window 4..8: ink in its right half (6, 7) -> 8 pixels x 0.25 - 0.25 = 1.75
        assert_eq!(f.map[1], 1.75);
        // window 8..12: ink in its left half (8, 9) -> -2 - 0.25
        assert_eq!(f.map[2], -2.25);
        // blank paper: only the bias
        assert_eq!(f.map[5], -0.25);
        // the same by the formula, for every output
        for r in 0..7 {
            for c in 0..7 {
                let mut sum = EDGE_BIAS;
                for i in 0..4 {
                    for j in 0..4 {
                        sum += EDGE_KERNEL[i * 4 + j] * image[(4 * r + i) * 28 + 4 * c + j];
                    }
                }
                assert!((f.map[r * 7 + c] - sum).abs() < 1e-6, "({r}, {c})");
            }
        }
        assert!(digit_feature_map(&image[1..], 28, None).unwrap_err().message().contains("need 784"));
    }

    #[test]
    fn the_feature_map_of_an_mnist_file_digit() {
        let mut bytes = b"MNST".to_vec();
        for word in [2u32, 28, 28] {
            bytes.extend(word.to_le_bytes());
        }
        bytes.extend(vec![0u8; 784]);
        bytes.extend(vec![255u8; 784]);
        bytes.extend([3u8, 7]);
        let f = mnist_feature_map(&bytes, 1).unwrap();
        assert_eq!(f.label, Some(7));
        assert!(f.map.iter().all(|&v| v == -0.25), "all ink: left and right halves cancel");
        assert!(mnist_feature_map(&bytes, 2).is_err());
        assert!(mnist_feature_map(b"nope", 0).unwrap_err().message().contains("MNST"));
    }

    /// Two overlapping blobs per class in `n` dimensions, seeded.
    pub fn blobs(count: usize, n: usize, classes: u32, seed: u64) -> (Vec<f32>, Vec<u32>) {
        let mut rng = Rng::new(seed, 9);
        let centres: Vec<f32> = (0..classes as usize * n).map(|_| rng.uniform(0.0, 1.0)).collect();
        let mut x = Vec::with_capacity(count * n);
        let labels: Vec<u32> = (0..count).map(|i| i as u32 % classes).collect();
        for &l in &labels {
            x.extend((0..n).map(|j| centres[l as usize * n + j] + rng.uniform(-0.3, 0.3)));
        }
        (x, labels)
    }

    #[test]
    fn a_large_learning_rate_kills_relu_units_a_small_one_does_not() {
        let (x, y) = blobs(400, 25, 10, 1);
        let q = |lr| DeadReluQuestion { hidden: 32, lr, steps: 200, batch: 16, seed: 3 };
        let small = dead_relu(&x, &y, 25, &q(0.05)).unwrap();
        let large = dead_relu(&x, &y, 25, &q(5.0)).unwrap();
        assert_eq!(small.losses.len(), 200);
        assert!(
            small.dead_after <= small.dead_before + 1,
            "small lr: {} -> {} dead",
            small.dead_before,
            small.dead_after
        );
        assert!(
            large.dead_after >= large.dead_before + 8,
            "large lr: only {} -> {} of 32 dead",
            large.dead_before,
            large.dead_after
        );
        assert_eq!(large.fires.iter().filter(|&&f| f == 0).count(), large.dead_after);
    }
}
