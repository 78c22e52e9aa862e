//! Concept 6, softmax and cross-entropy.
//!
//! `p_i = e^{z_i} / Σ_j e^{z_j}` turns any outputs (logits) into probabilities that sum to 1;
//! the cross-entropy for the right label `y` is `-log p_y`. Beside it the yes/no variant: each
//! output on its own through `sigmoid(z_i)`, with binary cross-entropy against the one-hot
//! target, `-(t log q + (1 - t) log(1 - q))`, averaged over the outputs. Both are the losses the
//! networks train with (`loss.rs`), so the numbers are the training's own.

use super::{check_finite, check_range};
use crate::error::codes;
use crate::error::Result;
use crate::loss;
use crate::refuse;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SoftmaxView {
    /// `e^{z_i - max z}` (the max is subtracted for stability; it cancels out)
    pub exps: Vec<f32>,
    pub probabilities: Vec<f32>,
    /// `-log p_y`
    #[serde(rename = "crossEntropy")]
    pub cross_entropy: f32,
    /// `dLoss/dz = p - onehot(y)`
    pub gradient: Vec<f32>,
    /// `sigmoid(z_i)`, each output on its own
    pub sigmoids: Vec<f32>,
    /// each output's binary cross-entropy against the one-hot target
    #[serde(rename = "binaryTerms")]
    pub binary_terms: Vec<f32>,
    /// their mean: sigmoid binary cross-entropy
    #[serde(rename = "binaryCrossEntropy")]
    pub binary_cross_entropy: f32,
}

pub fn softmax_view(logits: &[f32], label: usize) -> Result<SoftmaxView> {
    let n = logits.len();
    check_range(n, 2, 20, codes::WHAT_OUTPUT_COUNT)?;
    check_finite(logits, codes::WHAT_OUTPUTS)?;
    if label >= n {
        refuse!(LECTURE_LABEL, label, count = n, last = n - 1);
    }
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps = logits.iter().map(|z| (z - max).exp()).collect();
    let (mut probabilities, mut gradient) = (vec![0.0; n], vec![0.0; n]);
    let cross_entropy = loss::softmax_cross_entropy(logits, &[label as u32], n, &mut probabilities, &mut gradient);
    let targets: Vec<f32> = (0..n).map(|i| if i == label { 1.0 } else { 0.0 }).collect();
    let (mut sigmoids, mut scratch) = (vec![0.0; n], vec![0.0; n]);
    let binary_cross_entropy = loss::sigmoid_binary_cross_entropy(logits, &targets, &mut sigmoids, &mut scratch);
    let binary_terms = logits
        .iter()
        .zip(&targets)
        .map(|(&z, &t)| loss::sigmoid_binary_cross_entropy(&[z], &[t], &mut [0.0], &mut [0.0]))
        .collect();
    Ok(SoftmaxView { exps, probabilities, cross_entropy, gradient, sigmoids, binary_terms, binary_cross_entropy })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn probabilities_sum_to_one_and_the_loss_is_minus_log_p() {
        let v = softmax_view(&[2.0, 1.0, 0.1], 0).unwrap();
        assert!((v.probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((v.probabilities[0] - 0.659_001_1).abs() < 1e-6);
        assert!((v.cross_entropy + v.probabilities[0].ln()).abs() < 1e-6);
        assert!((v.gradient[0] - (v.probabilities[0] - 1.0)).abs() < 1e-7);
        assert!((v.sigmoids[0] - 0.880_797).abs() < 1e-6);
        let mean = v.binary_terms.iter().sum::<f32>() / 3.0;
        assert!((mean - v.binary_cross_entropy).abs() < 1e-6);
        assert!(softmax_view(&[1.0, 2.0], 2).unwrap_err().message().contains("pick 0 to 1"));
        assert!(softmax_view(&[1.0], 0).unwrap_err().message().contains("from 2 to 20"));
    }

    #[test]
    fn matches_the_pytorch_reference_case_mlp_25_features() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parity/mlp_25_features.json");
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let data =
            |v: &Value| v["data"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect::<Vec<f32>>();
        let (logits, probs) = (data(&case["expected"]["logits"]), data(&case["expected"]["probabilities"]));
        let labels: Vec<usize> =
            case["labels"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap() as usize).collect();
        let mut mean = 0.0;
        for (b, &label) in labels.iter().enumerate() {
            let v = softmax_view(&logits[b * 10..(b + 1) * 10], label).unwrap();
            for (got, want) in v.probabilities.iter().zip(&probs[b * 10..(b + 1) * 10]) {
                assert!((got - want).abs() <= 1e-4 + 1e-3 * want.abs());
            }
            mean += v.cross_entropy / labels.len() as f32;
        }
        let want = case["expected"]["loss"].as_f64().unwrap() as f32;
        assert!((mean - want).abs() <= 1e-4 + 1e-3 * want, "{mean} vs {want}");
    }
}
