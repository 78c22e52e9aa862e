//! The layers of a sequential network. Each file keeps a layer's forward pass right above its
//! backward pass (as micrograd does), and each layer caches what its backward needs.
//!
//! All layers share one calling convention, on flat NCHW slices for a whole batch:
//! - `forward(x, y, params)`: `x` is `[batch, ..input]`, `y` is `[batch, ..output]`.
//! - `backward(x, y, dy, dx, params, grads)`: `dy` is dLoss/dy; the layer *adds* its parameter
//!   gradients into `grads` and *writes* dLoss/dx into `dx` when asked (`Some`).
//!
//! Parameters live in one flat buffer owned by the network; a layer knows its offsets in it.

pub mod activation;
pub mod conv2d;
pub mod dense;
pub mod flatten;
pub mod pool;

pub use activation::ActivationLayer;
pub use conv2d::Conv2d;
pub use dense::Dense;
pub use pool::{AvgPool, MaxPool};

/// Where a layer's weight and bias sit in the network's flat parameter buffer.
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
