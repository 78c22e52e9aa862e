//! What a fully connected layer is: every neuron is connected to every input. Neuron `j` has a
//! weight `w_jk` for each input `x_k` and a bias `b_j`, and outputs `y_j = Σ_k w_jk x_k + b_j`
//! (`y = W x + b`, PyTorch's `nn.Linear`). A layer of `n` neurons on `m` inputs has `m n`
//! weights and `n` biases. The example is a small layer drawn in full; its output is the
//! network's own dense layer, and the lecture's digit network is listed layer by layer with
//! its parameter counts from the spec that builds it.

use super::digit_net;
use super::digits::Recipe;
use super::network;
use crate::error::Result;
use crate::spec::{LayerInfo, NetworkSpec};
use serde::Serialize;
use serde_json::json;

/// Inputs and neurons of the drawn example.
pub const INPUTS: usize = 4;
pub const NEURONS: usize = 3;

/// A small fully connected layer with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DenseExample {
    pub inputs: usize,
    pub neurons: usize,
    /// `inputs`
    pub x: Vec<f32>,
    /// `neurons x inputs`, row `j` the weights of neuron `j`
    pub weight: Vec<f32>,
    /// `neurons`
    pub bias: Vec<f32>,
    /// `W x + b`, by the network's dense layer
    pub output: Vec<f32>,
    /// `inputs x neurons + neurons`, from the spec
    pub parameters: usize,
}

/// The example layer: PyTorch's initialization from `seed`, scaled and rounded to one decimal
/// so that the sums can be followed by hand, on the input `x = (1, 0.5, 0, 1)`.
pub fn example(seed: u64) -> Result<DenseExample> {
    let spec = json!({"input": [1, 1, INPUTS], "layers": [{"type": "flatten"}, {"type": "dense", "units": NEURONS}], "loss": "softmax_cross_entropy"});
    let mut net = network(spec, seed)?;
    let round = |v: &[f32]| -> Vec<f32> { v.iter().map(|w| (w * 20.0).round() / 10.0).collect() };
    let weight = round(&net.param("1.weight")?.iter().copied().collect::<Vec<f32>>());
    let bias = round(&net.param("1.bias")?.iter().copied().collect::<Vec<f32>>());
    net.set_param("1.weight", &weight)?;
    net.set_param("1.bias", &bias)?;
    let x = vec![1.0, 0.5, 0.0, 1.0];
    net.forward(&x, 1)?;
    let output = net.logits().to_vec();
    let parameters = net.spec().layers_info()[1].parameters;
    Ok(DenseExample { inputs: INPUTS, neurons: NEURONS, x, weight, bias, output, parameters })
}

/// The layers of the lecture's digit network for `recipe` (its input is the recipe's grid),
/// with shapes and parameter counts.
pub fn digit_network(recipe: &Recipe) -> Result<Vec<LayerInfo>> {
    recipe.check()?;
    Ok(NetworkSpec::from_json(&digit_net::spec(recipe))?.layers_info().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Shape;

    #[test]
    fn each_neuron_sums_its_weighted_inputs_and_its_bias() {
        let d = example(3).unwrap();
        assert_eq!((d.weight.len(), d.bias.len(), d.parameters), (12, 3, 15));
        for j in 0..NEURONS {
            let sum: f32 = (0..INPUTS).map(|k| d.weight[j * INPUTS + k] * d.x[k]).sum::<f32>() + d.bias[j];
            assert!((d.output[j] - sum).abs() < 1e-6, "neuron {j}: {} vs {sum}", d.output[j]);
        }
        assert!(d.weight.iter().all(|w| (w * 10.0 - (w * 10.0).round()).abs() < 1e-4), "one decimal");
        assert!(d.weight.iter().any(|&w| w != 0.0));
    }

    #[test]
    fn the_digit_network_has_832_and_330_parameters() {
        let layers = digit_network(&Recipe::default()).unwrap();
        let counts: Vec<usize> = layers.iter().map(|l| l.parameters).collect();
        assert_eq!(counts, [0, 832, 0, 330], "25·32 + 32 and 32·10 + 10");
        assert_eq!(layers[0].input_shape, Shape::Image { channels: 1, height: 5, width: 5 });
        let wide = digit_network(&Recipe { threshold: 0.5, window: [5, 2] }).unwrap();
        assert_eq!(wide[1].parameters, 35 * 32 + 32);
    }
}
