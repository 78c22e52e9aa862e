//! Concept 7, backpropagation of one weight.
//!
//! The lecture's digit network: 25 features -> dense 8 -> sigmoid -> dense 10 -> softmax,
//! cross-entropy (layers 0 flatten, 1 dense, 2 sigmoid, 3 dense; the shared reference case
//! `mlp_25_features`). With `h = W1 x + b1`, `a = sigmoid(h)`, `z = W2 a + b2`, `p = softmax(z)`:
//!
//! - an output weight `W2[k][j]`: `∂L/∂W2[k][j] = (p_k - y_k) · a_j`
//! - a hidden weight `W1[j][i]`:
//!   `∂L/∂W1[j][i] = (Σ_k (p_k - y_k) W2[k][j]) · a_j (1 - a_j) · x_i`
//!
//! (for a bias the last factor is 1). The view shows each factor with its value, their product,
//! the gradient the network's backward pass computes, and the numeric gradient
//! `(L(w + ε) - L(w - ε)) / 2ε`: three ways to the same number.

use super::{check_finite, network};
use crate::bail;
use crate::error::Result;
use crate::loss::Targets;
use crate::network::Network;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// The step of the numeric (central finite-difference) gradient.
pub const EPSILON: f32 = 1e-2;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackpropQuestion {
    /// the 25 features of one digit
    pub features: Vec<f32>,
    pub label: u32,
    /// `1.weight`, `1.bias`, `3.weight` or `3.bias`
    pub param: String,
    /// the unit (output row) and, for a weight, the input (column)
    pub row: usize,
    #[serde(default)]
    pub col: usize,
    /// initial weights from this seed, unless `params` gives them
    #[serde(default)]
    pub seed: u32,
    #[serde(default)]
    pub params: Option<BTreeMap<String, Vec<f32>>>,
}

/// One factor of the chain rule, e.g. `{symbol: "a_3 (1 - a_3)", value: 0.21}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    pub symbol: String,
    pub value: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackpropView {
    pub hidden: Vec<f32>,
    pub logits: Vec<f32>,
    pub probabilities: Vec<f32>,
    pub loss: f32,
    /// the weight's current value
    pub value: f32,
    pub factors: Vec<Factor>,
    /// for a hidden weight: the terms `(p_k - y_k) W2[k][j]` of the first factor's sum
    pub terms: Vec<f32>,
    /// the product of the factors
    pub product: f32,
    /// the gradient from the network's backward pass
    pub backward: f32,
    /// `(L(w + ε) - L(w - ε)) / 2ε`
    pub numeric: f32,
    pub epsilon: f32,
}

pub fn spec() -> serde_json::Value {
    json!({"input": [1, 5, 5], "layers": [{"type": "flatten"}, {"type": "dense", "units": 8}, {"type": "sigmoid"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"})
}

pub fn backprop(q: &BackpropQuestion) -> Result<BackpropView> {
    let mut net = network(spec(), u64::from(q.seed))?;
    for (name, values) in q.params.iter().flatten() {
        net.set_param(name, values)?;
    }
    if q.features.len() != 25 {
        bail!("the digit has {} features, but the network takes 25 (a 5 x 5 grid)", q.features.len());
    }
    check_finite(&q.features, "features")?;
    let (rows, cols) = match q.param.as_str() {
        "1.weight" => (8, 25),
        "1.bias" => (8, 1),
        "3.weight" => (10, 8),
        "3.bias" => (10, 1),
        other => bail!("parameter \"{other}\" is not in the network: pick 1.weight, 1.bias, 3.weight or 3.bias"),
    };
    if q.row >= rows || q.col >= cols {
        bail!(
            "{} has {rows} x {cols} entries: row must be below {rows} and column below {cols}, not ({}, {})",
            q.param,
            q.row,
            q.col
        );
    }
    let index = q.row * cols + q.col;
    let labels = [q.label];
    let loss = net.gradients(&q.features, Targets::Classes(&labels), 1, false)?;
    let backward = net.grad(&q.param)?.iter().nth(index).copied().unwrap_or(0.0);
    let (x, a, p) = (q.features.clone(), net.layer_output(2)?.to_vec(), net.probabilities().to_vec());
    let delta: Vec<f32> = p.iter().enumerate().map(|(k, &pk)| pk - f32::from(k == q.label as usize)).collect();
    let w2 = net.param("3.weight")?.iter().copied().collect::<Vec<f32>>();
    let (j, i) = (q.row, q.col);
    let mut terms = Vec::new();
    let factors = match q.param.as_str() {
        "3.weight" | "3.bias" => {
            let last = if q.param == "3.weight" {
                Factor { symbol: format!("∂z_{j}/∂w = a_{i}"), value: a[i] }
            } else {
                Factor { symbol: format!("∂z_{j}/∂b = 1"), value: 1.0 }
            };
            vec![Factor { symbol: format!("∂L/∂z_{j} = p_{j} − y_{j}"), value: delta[j] }, last]
        }
        _ => {
            terms = (0..10).map(|k| delta[k] * w2[k * 8 + j]).collect();
            let last = if q.param == "1.weight" {
                Factor { symbol: format!("∂h_{j}/∂w = x_{i}"), value: x[i] }
            } else {
                Factor { symbol: format!("∂h_{j}/∂b = 1"), value: 1.0 }
            };
            vec![
                Factor { symbol: format!("∂L/∂a_{j} = Σ_k (p_k − y_k) W2[k][{j}]"), value: terms.iter().sum() },
                Factor { symbol: format!("∂a_{j}/∂h_{j} = a_{j} (1 − a_{j})"), value: a[j] * (1.0 - a[j]) },
                last,
            ]
        }
    };
    let product = factors.iter().map(|f| f.value).product();
    let value = net.param(&q.param)?.iter().nth(index).copied().unwrap_or(0.0);
    let numeric = numeric_gradient(&mut net, &q.param, index, &q.features, &labels)?;
    let logits = net.logits().to_vec();
    Ok(BackpropView {
        hidden: a,
        logits,
        probabilities: p,
        loss,
        value,
        factors,
        terms,
        product,
        backward,
        numeric,
        epsilon: EPSILON,
    })
}

/// `(L(w + ε) - L(w - ε)) / 2ε`, leaving the weight as it was.
fn numeric_gradient(net: &mut Network, name: &str, index: usize, x: &[f32], labels: &[u32]) -> Result<f32> {
    let original: Vec<f32> = net.param(name)?.iter().copied().collect();
    let mut loss_at = |w: f32| -> Result<f32> {
        let mut changed = original.clone();
        changed[index] = w;
        net.set_param(name, &changed)?;
        net.gradients(x, Targets::Classes(labels), 1, false)
    };
    let w = original[index];
    let numeric = (loss_at(w + EPSILON)? - loss_at(w - EPSILON)?) / (2.0 * EPSILON);
    net.set_param(name, &original)?;
    net.gradients(x, Targets::Classes(labels), 1, false)?;
    Ok(numeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn question(param: &str, row: usize, col: usize) -> BackpropQuestion {
        let features = (0..25).map(|i| ((i * 7) % 11) as f32 / 10.0).collect();
        BackpropQuestion { features, label: 3, param: param.into(), row, col, seed: 4, params: None }
    }

    #[test]
    fn the_chain_rule_product_equals_backward_and_the_numeric_gradient() {
        for (param, row, col) in
            [("1.weight", 2, 7), ("1.bias", 5, 0), ("3.weight", 3, 6), ("3.weight", 0, 1), ("3.bias", 9, 0)]
        {
            let v = backprop(&question(param, row, col)).unwrap();
            assert!((v.product - v.backward).abs() < 1e-6, "{param}: {} vs {}", v.product, v.backward);
            assert!((v.numeric - v.backward).abs() < 2e-4, "{param}: numeric {} vs {}", v.numeric, v.backward);
            assert!(v.backward != 0.0);
        }
        let v = backprop(&question("1.weight", 2, 7)).unwrap();
        assert_eq!((v.factors.len(), v.terms.len()), (3, 10));
    }

    #[test]
    fn matches_the_pytorch_reference_case_mlp_25_features() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parity/mlp_25_features.json");
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(case["spec"], spec());
        let data =
            |v: &Value| v["data"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect::<Vec<f32>>();
        let params: BTreeMap<String, Vec<f32>> =
            case["params"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), data(v))).collect();
        let (input, labels) = (data(&case["input"]), case["labels"].as_array().unwrap().clone());
        // The gradient of the mean loss over the batch is the mean of each example's product.
        for (param, row, col, cols) in [("1.weight", 3, 11, 25), ("3.weight", 7, 2, 8), ("1.bias", 6, 0, 1)] {
            let mut mean = 0.0;
            for (b, label) in labels.iter().enumerate() {
                let q = BackpropQuestion {
                    features: input[b * 25..(b + 1) * 25].to_vec(),
                    label: label.as_u64().unwrap() as u32,
                    param: param.into(),
                    row,
                    col,
                    seed: 0,
                    params: Some(params.clone()),
                };
                mean += backprop(&q).unwrap().product / labels.len() as f32;
            }
            let want = data(&case["expected"]["grads"][param])[row * cols + col];
            assert!((mean - want).abs() <= 1e-4 + 1e-3 * want.abs(), "{param}: {mean} vs {want}");
        }
    }

    #[test]
    fn bad_choices_say_what_to_pick() {
        assert!(backprop(&question("2.weight", 0, 0)).unwrap_err().message().contains("pick 1.weight"));
        assert!(backprop(&question("3.weight", 10, 0)).unwrap_err().message().contains("row must be below 10"));
        let mut q = question("3.bias", 0, 0);
        q.label = 12;
        assert!(backprop(&q).unwrap_err().message().contains("label"));
    }
}
