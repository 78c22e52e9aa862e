//! The layers of a sequential network, one file per layer type: its spec (the fields a JSON spec
//! gives it, its schema row, its output shape and parameters), then the built layer with its
//! forward pass right above its backward pass (as micrograd keeps them). A layer caches what its
//! backward needs.
//!
//! # The contract: [`Layer`]
//!
//! Every built layer works on flat NCHW slices for a whole batch and implements [`Layer`]:
//! - `forward(x, y, params)`: `x` is `[batch, ..input]`; the layer *writes* every value of
//!   `y`, `[batch, ..output]`.
//! - `backward(x, y, dy, dx, params, grads)`: `x` and `y` are the input and output of the last
//!   forward, `dy` is dLoss/dy; the layer *adds* its parameter gradients into `grads` and
//!   *writes* every value of dLoss/dx into `dx` when asked (`Some`; `None` for the first layer
//!   unless the input gradient is wanted).
//! - `parameters()`: where its weight and bias sit in the network's one flat parameter buffer
//!   (and the gradient buffer parallel to it), in the order its spec declared them.
//! - `flops()`: multiply-adds × 2 per example, for the benchmark.
//! - `reserve(batch)`: sizes its caches once per batch size. A training step allocates nothing.
//!
//! The network owns the buffers (`params`, `grads`, every layer's output and its gradient) and
//! calls each layer once per pass through `Box<dyn Layer>`: one dynamic call per layer per
//! batch, never per element.
//!
//! # Adding a layer type
//!
//! 1. One file here, `layers/foo.rs`, holding:
//!    - `FooSpec`, the checked fields, and `pub const SCHEMA: LayerSchema`: the `type`, a doc
//!      line, each field's kind, default or example, range, compact link syntax and doc, and
//!      `read`, which builds `LayerSpec::Foo(FooSpec { .. })` through [`crate::schema::Fields`]
//!      (the parser then checks unknown fields, kinds, ranges and defaults from the row);
//!    - `FooSpec::shape(input)`: the output shape, the parameter tensors ([`ParamShape`]:
//!      name, PyTorch's shape, fan-in) and any scratch memory, or a message saying why this
//!      input cannot work (with the numbers);
//!    - `FooSpec::build(input, output, params)`: the layer, given where its parameters sit;
//!    - `FooSpec::write(map)`: its fields back as JSON (every field written out);
//!    - `Foo` and `impl Layer for Foo`, each method documenting its shapes in `# Shapes`.
//! 2. The spec entry: a `LayerSpec::Foo(FooSpec)` variant and its arm in each of the four
//!    matches of `spec/layer.rs` (the compiler lists them), and `&foo::SCHEMA` in
//!    [`crate::schema::LAYER_TYPES`]. The page's builder, the link's compact form and
//!    `describeSchema()` then know it.
//! 3. Tests: a finite-difference case in `tests/gradient_check.rs` and a PyTorch reference case
//!    (`shared/parity/`); `schema::tests` already round-trips every row through JSON and the
//!    link.

pub mod activation;
pub mod conv2d;
pub mod dense;
pub mod flatten;
pub mod pool;

pub use activation::{Activation, ActivationLayer};
pub use conv2d::{Conv2d, Conv2dSpec};
pub use dense::{Dense, DenseSpec};
pub use flatten::Flatten;
pub use pool::{AvgPool, MaxPool, PoolSpec};

use crate::error::Result;
use crate::kernels::pool::PoolGeometry;
use crate::refuse;
use crate::schema::{Compact, Default, Field, Kind, Range};
use crate::spec::Shape;
use std::fmt;

/// A built layer of a sequential network; see the module docs for the contract.
pub trait Layer: fmt::Debug + Send {
    /// `y = layer(x)`.
    ///
    /// # Shapes
    /// - `x`: `[batch, ..input]`
    /// - `y`: `[batch, ..output]`, every value written
    /// - `params`: the network's whole flat parameter buffer
    fn forward(&mut self, x: &[f32], y: &mut [f32], params: &[f32]);

    /// Adds dLoss/dparams into `grads` and writes dLoss/dx into `dx` when asked.
    ///
    /// # Shapes
    /// - `x`, `y`: the input and output of the last forward, as in [`Layer::forward`]
    /// - `dy`: dLoss/dy, the shape of `y`
    /// - `dx`: dLoss/dx, the shape of `x`, every value written
    /// - `params`, `grads`: the network's flat parameter and gradient buffers (same length)
    fn backward(&mut self, x: &[f32], y: &[f32], dy: &[f32], dx: Option<&mut [f32]>, params: &[f32], grads: &mut [f32]);

    /// Where the layer's parameter tensors sit in the flat buffers, in the order its spec
    /// declared them ([`ParamShape`]); none for most layers.
    fn parameters(&self) -> Vec<ParamRange> {
        Vec::new()
    }

    /// Floating-point operations per example: each multiply-add of a matrix product counted
    /// as 2 (element-wise work and pooling are not counted).
    fn flops(&self) -> Flops {
        Flops::default()
    }

    /// The flops the last backward pass actually did, where that is fewer than [`Layer::flops`]
    /// says (a convolution skips zero output gradients); `None` where it is the same.
    fn backward_flops_done(&self) -> Option<f64> {
        None
    }

    /// The multiply-add flops a forward pass does per example, where that is fewer than
    /// [`Layer::flops`] says (a 5 x 5 convolution by Winograd's method); `None` where it is the same.
    fn forward_flops_done(&self) -> Option<f64> {
        None
    }

    /// Sizes the layer's caches for `batch` examples: called when the batch size changes, so
    /// that a training step allocates nothing.
    fn reserve(&mut self, _batch: usize) {}

    /// For a max-pool layer, the input that won each output of the last forward.
    fn max_pool_switches(&self) -> Option<&[u32]> {
        None
    }

    /// A convolution's backward, like [`Layer::backward`], from the gradient of the max-pool
    /// behind it (and of a ReLU between them) instead of its own output's: the network calls
    /// it for the chains it found fit ([`crate::network`]'s `PooledChain`), and the result is
    /// the same bits as the three layers' backward one after the other, without the dense
    /// gradients of the pool's and the ReLU's inputs, which are mostly zeros.
    fn backward_pooled(
        &mut self,
        _grad: &PooledGradient<'_>,
        _dx: Option<&mut [f32]>,
        _params: &[f32],
        _grads: &mut [f32],
    ) {
        unreachable!("only a convolution takes its gradient from a max-pool behind it")
    }

    /// A copy of the layer, caches included.
    fn boxed_clone(&self) -> Box<dyn Layer>;
}

/// What a max-pool behind a convolution (with or without a ReLU between) passes back, per
/// batch: the pool's output gradient goes to the winners of its windows, and, when `relu`,
/// through the ReLU where the winner's value after it (the pool's output) is positive.
///
/// # Shapes
/// `dy`, `switches`, `pooled`: `[batch, filters, oh', ow']`, the pool's output gradient,
/// winners (indices in a plane of the convolution's output) and output
#[derive(Debug, Clone, Copy)]
pub struct PooledGradient<'a> {
    pub geometry: PoolGeometry,
    pub dy: &'a [f32],
    pub switches: &'a [u32],
    pub pooled: &'a [f32],
    pub relu: bool,
}

impl Clone for Box<dyn Layer> {
    fn clone(&self) -> Self {
        self.boxed_clone()
    }
}

/// [`Layer::flops`]: per example, the forward pass, the parameter gradient and the input
/// gradient (the last is not computed for the first layer).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Flops {
    pub forward: f64,
    pub params_grad: f64,
    pub input_grad: f64,
}

/// Where one parameter tensor sits in the network's flat parameter buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamRange {
    pub offset: usize,
    pub len: usize,
}

impl ParamRange {
    pub fn of<'a>(&self, buffer: &'a [f32]) -> &'a [f32] {
        &buffer[self.offset..self.offset + self.len]
    }
    pub fn of_mut<'a>(&self, buffer: &'a mut [f32]) -> &'a mut [f32] {
        &mut buffer[self.offset..self.offset + self.len]
    }
}

/// One parameter tensor a layer declares: its name in the layer (`weight`, `bias`), PyTorch's
/// shape, and the fan-in (inputs per output) that scales its initial values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamShape {
    pub name: &'static str,
    pub shape: Vec<usize>,
    pub fan_in: usize,
}

impl ParamShape {
    /// Values in the tensor (saturating: checked against the limits before anything is built).
    pub fn len(&self) -> u64 {
        self.shape.iter().fold(1u64, |n, &d| n.saturating_mul(d as u64))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What shape inference learns of one layer of a spec: its output, its parameter tensors, and
/// the scratch values per example its training needs beyond the output (a convolution's
/// unfolded input).
#[derive(Debug, Clone, PartialEq)]
pub struct LayerShape {
    pub output: Shape,
    pub params: Vec<ParamShape>,
    pub scratch: u64,
}

impl LayerShape {
    /// A layer without parameters or scratch.
    pub fn plain(output: Shape) -> Self {
        LayerShape { output, params: Vec::new(), scratch: 0 }
    }

    /// Weights and biases together.
    pub fn parameter_count(&self) -> u64 {
        self.params.iter().fold(0u64, |n, p| n.saturating_add(p.len()))
    }
}

/// `(channels, height, width)` of an image input, or why `what` needs one.
pub(crate) fn image_input(input: Shape, what: &str) -> Result<(usize, usize, usize)> {
    match input {
        Shape::Image { channels, height, width } => Ok((channels, height, width)),
        Shape::Flat { features } => {
            refuse!(NEEDS_IMAGE, features, kind = what)
        }
    }
}

/// `weight` `[outputs, ..per_output]` and, with `bias`, `bias` `[outputs]`: the parameters of a
/// conv2d or dense layer, whose fan-in is the product of `per_output`.
pub(crate) fn weight_and_bias(outputs: usize, per_output: &[usize], bias: bool) -> Vec<ParamShape> {
    let fan_in = per_output.iter().fold(1usize, |n, &d| n.saturating_mul(d));
    let mut shape = vec![outputs];
    shape.extend_from_slice(per_output);
    let mut params = vec![ParamShape { name: "weight", shape, fan_in }];
    if bias {
        params.push(ParamShape { name: "bias", shape: vec![outputs], fan_in });
    }
    params
}

/// The `bias` field of a layer with a learned bias per output (conv2d, dense): on by default,
/// `nobias` in the link's compact form.
pub(crate) const fn bias_field(doc: &'static str) -> Field {
    Field {
        name: "bias",
        kind: Kind::Bool,
        default: Default::Bool(true),
        range: Range::NON_NEGATIVE,
        compact: Some(Compact::Flag("nobias")),
        doc,
    }
}
