//! Concept 7, backpropagation of one weight.
//!
//! The lecture's digit network: 25 features -> dense 8 -> sigmoid -> dense 10 -> softmax,
//! cross-entropy (layers 0 flatten, 1 dense, 2 sigmoid, 3 dense; the shared reference case
//! `mlp_25_features`). In the lecture's notation layer 1 is the hidden layer and layer 2 the
//! output layer; `w⁽ˡ⁾ⱼₖ` is the weight from neuron `k` of the layer before to neuron `j` of layer
//! `l`, counted from 1 (PyTorch's `weight[j - 1, k - 1]` of that `nn.Linear`). With
//! `h = W⁽¹⁾ x + b⁽¹⁾`, `a = sigmoid(h)`, `z = W⁽²⁾ a + b⁽²⁾`, `p = softmax(z)`:
//!
//! - an output weight: `∂L/∂w⁽²⁾ⱼₖ = (p_j - y_j) · a_k` (the lecture's example: `w⁽²⁾₁₁`)
//! - a hidden weight: `∂L/∂w⁽¹⁾ⱼₖ = (Σ_m (p_m - y_m) w⁽²⁾ₘⱼ) · a_j (1 - a_j) · x_k`
//!
//! (for a bias the last factor is 1). The view shows each factor with its value, their product,
//! the gradient the network's backward pass computes, and the numeric gradient
//! `(L(w + ε) - L(w - ε)) / 2ε`: three ways to the same number.

use super::{check_finite, network};
use crate::bail;
use crate::error::codes;
use crate::error::Result;
use crate::loss::Targets;
use crate::network::Network;
use crate::refuse;
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
    /// the parameter in the lecture's notation, e.g. `w⁽²⁾₁₁`
    pub name: String,
    /// the same in PyTorch, e.g. `model[3].weight[0, 0]`
    pub torch: String,
    pub hidden: Vec<f32>,
    pub logits: Vec<f32>,
    pub probabilities: Vec<f32>,
    /// the one-hot target `y`: 1 at the label, 0 elsewhere
    pub target: Vec<f32>,
    pub loss: f32,
    /// the weight's current value
    pub value: f32,
    pub factors: Vec<Factor>,
    /// for a hidden weight: the terms `(p_m - y_m) w⁽²⁾ₘⱼ`, m = 1..10, of the first factor's sum
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
    check_finite(&q.features, codes::WHAT_FEATURES)?;
    let (rows, cols) = match q.param.as_str() {
        "1.weight" => (8, 25),
        "1.bias" => (8, 1),
        "3.weight" => (10, 8),
        "3.bias" => (10, 1),
        name => refuse!(LECTURE_PARAMETER, name),
    };
    if q.row >= rows || q.col >= cols {
        refuse!(LECTURE_ENTRY, name = &q.param, rows, cols, row = q.row, col = q.col);
    }
    let index = q.row * cols + q.col;
    let labels = [q.label];
    let loss = net.gradients(&q.features, Targets::Classes(&labels), 1, false)?;
    let backward = net.grad(&q.param)?.iter().nth(index).copied().unwrap_or(0.0);
    let (x, a, p) = (q.features.clone(), net.layer_output(2)?.to_vec(), net.probabilities().to_vec());
    let delta: Vec<f32> = p.iter().enumerate().map(|(k, &pk)| pk - f32::from(k == q.label as usize)).collect();
    let w2 = net.param("3.weight")?.iter().copied().collect::<Vec<f32>>();
    let (j, k) = (q.row, q.col);
    let (sj, sk) = (sub(j + 1), sub(k + 1));
    let mut terms = Vec::new();
    let factors = match q.param.as_str() {
        "3.weight" | "3.bias" => {
            let last = if q.param == "3.weight" {
                Factor { symbol: format!("∂z{sj}/∂w⁽²⁾{} = a{sk}", pair(j, k)), value: a[k] }
            } else {
                Factor { symbol: format!("∂z{sj}/∂b⁽²⁾{sj} = 1"), value: 1.0 }
            };
            vec![Factor { symbol: format!("∂L/∂z{sj} = p{sj} − y{sj}"), value: delta[j] }, last]
        }
        _ => {
            terms = (0..10).map(|m| delta[m] * w2[m * 8 + j]).collect();
            let last = if q.param == "1.weight" {
                Factor { symbol: format!("∂h{sj}/∂w⁽¹⁾{} = x{sk}", pair(j, k)), value: x[k] }
            } else {
                Factor { symbol: format!("∂h{sj}/∂b⁽¹⁾{sj} = 1"), value: 1.0 }
            };
            vec![
                Factor {
                    symbol: format!("∂L/∂a{sj} = Σₘ (pₘ − yₘ) w⁽²⁾ₘ{sj}"), value: terms.iter().sum()
                },
                Factor { symbol: format!("∂a{sj}/∂h{sj} = a{sj} (1 − a{sj})"), value: a[j] * (1.0 - a[j]) },
                last,
            ]
        }
    };
    let product = factors.iter().map(|f| f.value).product();
    let value = net.param(&q.param)?.iter().nth(index).copied().unwrap_or(0.0);
    let numeric = numeric_gradient(&mut net, &q.param, index, &q.features, &labels)?;
    let logits = net.logits().to_vec();
    let layer = if q.param.starts_with('1') { "⁽¹⁾" } else { "⁽²⁾" };
    let name = if cols > 1 { format!("w{layer}{}", pair(j, k)) } else { format!("b{layer}{sj}") };
    let torch = if cols > 1 {
        format!("model[{}].weight[{j}, {k}]", &q.param[..1])
    } else {
        format!("model[{}].bias[{j}]", &q.param[..1])
    };
    let target = (0..10).map(|m| f32::from(u8::from(m == q.label as usize))).collect();
    Ok(BackpropView {
        name,
        torch,
        hidden: a,
        logits,
        probabilities: p,
        target,
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

/// `n` in subscript digits: 12 -> `₁₂`.
fn sub(n: usize) -> String {
    n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// The subscript of a weight from (0-based) row `j` and column `k`, counted from 1: `₁₁`, or
/// `₃,₁₂` when an index has two digits.
fn pair(j: usize, k: usize) -> String {
    if j + 1 < 10 && k + 1 < 10 {
        format!("{}{}", sub(j + 1), sub(k + 1))
    } else {
        format!("{},{}", sub(j + 1), sub(k + 1))
    }
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
    fn the_lectures_notation_counts_from_1_with_w11_of_layer_2_as_the_example() {
        let v = backprop(&question("3.weight", 0, 0)).unwrap();
        assert_eq!((v.name.as_str(), v.torch.as_str()), ("w⁽²⁾₁₁", "model[3].weight[0, 0]"));
        let symbols: Vec<&str> = v.factors.iter().map(|f| f.symbol.as_str()).collect();
        assert_eq!(symbols, ["∂L/∂z₁ = p₁ − y₁", "∂z₁/∂w⁽²⁾₁₁ = a₁"]);
        assert_eq!(v.factors[1].value, v.hidden[0]);
        assert_eq!(v.target, [0., 0., 0., 1., 0., 0., 0., 0., 0., 0.], "one-hot of label 3");
        let hidden = backprop(&question("1.weight", 2, 11)).unwrap();
        assert_eq!(hidden.name, "w⁽¹⁾₃,₁₂");
        assert_eq!(hidden.factors[0].symbol, "∂L/∂a₃ = Σₘ (pₘ − yₘ) w⁽²⁾ₘ₃");
        assert_eq!(hidden.factors[2].symbol, "∂h₃/∂w⁽¹⁾₃,₁₂ = x₁₂");
        let bias = backprop(&question("3.bias", 9, 0)).unwrap();
        assert_eq!((bias.name.as_str(), bias.torch.as_str()), ("b⁽²⁾₁₀", "model[3].bias[9]"));
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
