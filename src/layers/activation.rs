//! Element-wise activations: ReLU, sigmoid, tanh, leaky ReLU.
//!
//! Without them a stack of linear layers collapses into one linear layer. ReLU passes positive
//! values and blocks the rest, so a unit whose input is always negative gets no gradient and
//! stays dead: what a too large learning rate can do.
//!
//! # Shapes
//! input and output alike, any shape.

use crate::spec::Activation;

#[derive(Debug, Clone, Copy)]
pub struct ActivationLayer {
    pub kind: Activation,
}

/// The logistic function `1 / (1 + e^-x)`, stable for large `|x|`.
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl ActivationLayer {
    /// The activation of one value.
    pub fn apply(&self, x: f32) -> f32 {
        match self.kind {
            Activation::Relu => x.max(0.0),
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => x.tanh(),
            Activation::LeakyRelu { slope } => {
                if x > 0.0 {
                    x
                } else {
                    x * slope
                }
            }
        }
    }

    pub fn forward(&self, x: &[f32], y: &mut [f32]) {
        match self.kind {
            // NaN stays NaN, as in PyTorch, so a diverging run is seen as such.
            Activation::Relu => {
                y.iter_mut().zip(x).for_each(|(y, &x)| *y = if x > 0.0 || x.is_nan() { x } else { 0.0 })
            }
            _ => y.iter_mut().zip(x).for_each(|(y, &x)| *y = self.apply(x)),
        }
    }

    /// `dx = dy * f'(x)`, with `f'` taken from the input or the output, whichever is cheaper.
    pub fn backward(&self, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) {
        let lanes = dx.iter_mut().zip(dy).zip(x.iter().zip(y));
        match self.kind {
            Activation::Relu => lanes.for_each(|((dx, &dy), (_, &y))| *dx = if y > 0.0 { dy } else { 0.0 }),
            Activation::Sigmoid => lanes.for_each(|((dx, &dy), (_, &y))| *dx = dy * y * (1.0 - y)),
            Activation::Tanh => lanes.for_each(|((dx, &dy), (_, &y))| *dx = dy * (1.0 - y * y)),
            Activation::LeakyRelu { slope } => {
                lanes.for_each(|((dx, &dy), (&x, _))| *dx = if x > 0.0 { dy } else { dy * slope })
            }
        }
    }
}
