//! The network spec: what layers a network has, checked and with every shape worked out.
//!
//! The JSON format is fixed in `shared/spec/README.md`; [`NetworkSpec::from_json`] reads it and
//! refuses anything that cannot work *before anything is allocated*, with a message that names
//! the layer and gives the numbers. [`NetworkSpec::layers_info`] gives what the page shows next
//! to each layer: its output shape and parameter count.

mod parse;

use crate::error::Error;
use crate::error::Result;
use crate::schema::LossSchema;
use crate::{err, refuse};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// The largest network a browser tab is allowed to build: parameters (weights and biases).
/// Training keeps the weights, their gradients and up to two optimizer states: 4 x 4 bytes each,
/// so 4 million parameters cost 64 MB.
pub const MAX_PARAMETERS: u64 = 4_000_000;

/// The largest activation memory per example, in f32 values: every layer's output plus each
/// convolution's unfolded input (im2col). 2 million values are 8 MB per example.
pub const MAX_ACTIVATIONS_PER_EXAMPLE: u64 = 2_000_000;

/// The largest activation memory for a whole batch, in f32 values (256 MB).
pub const MAX_ACTIVATIONS_PER_BATCH: u64 = 64_000_000;

/// The largest batch size.
pub const MAX_BATCH: usize = 4096;

/// The largest value any single size field (a dimension, a kernel, a filter count) may take;
/// larger numbers are refused while parsing so that no arithmetic can overflow.
pub const MAX_DIMENSION: u64 = 100_000;

/// The shape of one example's data between layers, without the batch dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Shape {
    /// channels x height x width
    Image { channels: usize, height: usize, width: usize },
    /// a flat vector, as after `flatten` or `dense`
    Flat { features: usize },
}

impl Shape {
    /// Values per example.
    pub fn size(&self) -> usize {
        match *self {
            Shape::Image { channels, height, width } => channels * height * width,
            Shape::Flat { features } => features,
        }
    }

    /// [`Shape::size`] as a u64 that saturates instead of overflowing, for checking a spec
    /// against the limits before anything is built (a 32-bit `usize` in wasm overflows at
    /// 4 billion).
    pub fn count(&self) -> u64 {
        self.dims().iter().fold(1u64, |n, &d| n.saturating_mul(d as u64))
    }

    /// The shape as a list: `[c, h, w]` or `[n]`.
    pub fn dims(&self) -> Vec<usize> {
        match *self {
            Shape::Image { channels, height, width } => vec![channels, height, width],
            Shape::Flat { features } => vec![features],
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Shape::Image { channels, height, width } => write!(f, "{channels} x {height} x {width}"),
            Shape::Flat { features } => write!(f, "{features}"),
        }
    }
}

mod layer;

pub use crate::layers::activation::Activation;
pub use crate::layers::conv2d::Conv2dSpec;
pub use crate::layers::dense::DenseSpec;
pub use crate::layers::pool::PoolSpec;
pub use layer::{short, size_json, LayerSpec};

/// What the network is trained to minimise; it applies the softmax or sigmoid itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Labels are class indices; mean over the batch.
    SoftmaxCrossEntropy,
    /// Targets in [0, 1], one per output; mean over all elements.
    SigmoidBinaryCrossEntropy,
}

impl Loss {
    pub const ALL: [Loss; 2] = [Loss::SoftmaxCrossEntropy, Loss::SigmoidBinaryCrossEntropy];

    /// The loss's row of the schema.
    pub fn schema(&self) -> &'static LossSchema {
        match self {
            Loss::SoftmaxCrossEntropy => &crate::schema::SOFTMAX_CROSS_ENTROPY,
            Loss::SigmoidBinaryCrossEntropy => &crate::schema::SIGMOID_BINARY_CROSS_ENTROPY,
        }
    }

    /// The name as written in a spec.
    pub fn name(&self) -> &'static str {
        self.schema().name
    }

    pub fn from_name(name: &str) -> Option<Loss> {
        Loss::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// A checked network spec: every layer fits its input and the whole fits a browser tab.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSpec {
    input: Shape,
    layers: Vec<LayerSpec>,
    loss: Loss,
    info: Vec<LayerInfo>,
    activations_per_example: usize,
}

/// One layer as the page shows it: its place, type, shapes and parameter count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerInfo {
    pub index: usize,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    #[serde(rename = "inputShape")]
    pub input_shape: Shape,
    #[serde(rename = "outputShape")]
    pub output_shape: Shape,
    /// weights + biases of this layer
    pub parameters: usize,
}

/// The place of a layer in messages: `layer 3 (conv2d)`.
pub(crate) fn layer_place(index: usize, layer: &LayerSpec) -> Error {
    err!(PLACE_LAYER, index, kind = layer.type_name())
}

impl NetworkSpec {
    /// Reads and checks a spec from its JSON text.
    pub fn from_json_str(text: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|reason| err!(SPEC_NOT_JSON, reason))?;
        Self::from_json(&value)
    }

    /// Reads and checks a spec from parsed JSON.
    pub fn from_json(value: &Value) -> Result<Self> {
        let (input, layers, loss) = parse::network(value)?;
        Self::new(input, layers, loss)
    }

    /// Checks a spec built in code: shapes, limits and the loss.
    pub fn new(input: Shape, layers: Vec<LayerSpec>, loss: Loss) -> Result<Self> {
        let (info, activations) = infer_shapes(input, &layers, loss)?;
        Ok(NetworkSpec { input, layers, loss, info, activations_per_example: activations as usize })
    }

    /// The spec as JSON (`{input, layers, loss}`), every field of every layer written out:
    /// [`NetworkSpec::from_json`] reads it back to an equal spec.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "input": self.input.dims(),
            "layers": self.layers.iter().map(LayerSpec::to_json).collect::<Vec<_>>(),
            "loss": self.loss.name(),
        })
    }

    pub fn input(&self) -> Shape {
        self.input
    }
    pub fn layers(&self) -> &[LayerSpec] {
        &self.layers
    }
    pub fn loss(&self) -> Loss {
        self.loss
    }
    /// Each layer's input and output shape and parameter count.
    pub fn layers_info(&self) -> &[LayerInfo] {
        &self.info
    }
    /// The shape of the last layer's output (the logits).
    pub fn output(&self) -> Shape {
        self.info.last().map(|l| l.output_shape).unwrap_or(self.input)
    }
    pub fn parameter_count(&self) -> usize {
        self.info.iter().map(|l| l.parameters).sum()
    }
    /// f32 values a single example needs while training: every output plus im2col columns.
    pub fn activations_per_example(&self) -> usize {
        self.activations_per_example
    }

    /// Refuses a batch size the network cannot train on in a browser tab.
    pub fn check_batch(&self, batch: usize) -> Result<()> {
        if batch == 0 {
            refuse!(BATCH_ZERO);
        }
        if batch > MAX_BATCH {
            refuse!(BATCH_TOO_LARGE, batch, max = MAX_BATCH);
        }
        let total = self.activations_per_example() as u64 * batch as u64;
        if total > MAX_ACTIVATIONS_PER_BATCH {
            refuse!(
                BATCH_TOO_MUCH_MEMORY,
                batch,
                megabytes = total * 4 / 1_000_000,
                limit = MAX_ACTIVATIONS_PER_BATCH * 4 / 1_000_000,
                most = MAX_ACTIVATIONS_PER_BATCH / self.activations_per_example().max(1) as u64
            );
        }
        Ok(())
    }
}

/// Works out each layer's output shape and parameter count, refusing what cannot work.
/// Also returns the f32 values one example needs while training (outputs plus scratch, such as
/// each convolution's unfolded input). Counts are u64 and saturate, so no spec can overflow
/// them before it is refused.
fn infer_shapes(input: Shape, layers: &[LayerSpec], loss: Loss) -> Result<(Vec<LayerInfo>, u64)> {
    if let Shape::Image { channels, height, width } = input {
        if channels == 0 || height == 0 || width == 0 {
            refuse!(INPUT_ZERO, channels, height, width);
        }
    }
    if layers.is_empty() {
        refuse!(LAYERS_EMPTY);
    }
    let mut shape = input;
    let mut info = Vec::with_capacity(layers.len());
    let (mut parameters, mut activations) = (0u64, input.count());
    for (index, layer) in layers.iter().enumerate() {
        let place = || layer_place(index, layer);
        let out = layer.shape(shape).map_err(|e| e.at(place()))?;
        let params = out.parameter_count();
        parameters = parameters.saturating_add(params);
        activations = activations.saturating_add(out.output.count()).saturating_add(out.scratch);
        if parameters > MAX_PARAMETERS {
            return Err(err!(TOO_MANY_PARAMETERS, parameters, max = MAX_PARAMETERS).at(place()));
        }
        if activations > MAX_ACTIVATIONS_PER_EXAMPLE {
            return Err(err!(TOO_MANY_ACTIVATIONS, activations, max = MAX_ACTIVATIONS_PER_EXAMPLE).at(place()));
        }
        info.push(LayerInfo {
            index,
            type_name: layer.type_name(),
            input_shape: shape,
            output_shape: out.output,
            parameters: params as usize,
        });
        shape = out.output;
    }
    if let Shape::Image { .. } = shape {
        refuse!(OUTPUT_NOT_FLAT, shape, loss = loss.name());
    }
    Ok((info, activations))
}

#[cfg(test)]
mod tests;
