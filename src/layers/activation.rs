//! Element-wise activations: ReLU, sigmoid, tanh, leaky ReLU.
//!
//! Without them a stack of linear layers collapses into one linear layer. ReLU passes positive
//! values and blocks the rest, so a unit whose input is always negative gets no gradient and
//! stays dead: what a too large learning rate can do.
//!
//! # Shapes
//! input and output alike, any shape.

use crate::kernels::lanes::F32x4;
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
                by_lanes(y, [x, x], |[x, _]| x.relu(), |[x, _]| if x > 0.0 || x.is_nan() { x } else { 0.0 })
            }
            _ => y.iter_mut().zip(x).for_each(|(y, &x)| *y = self.apply(x)),
        }
    }

    /// `dx = dy * f'(x)`, with `f'` taken from the input or the output, whichever is cheaper.
    pub fn backward(&self, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) {
        match self.kind {
            Activation::Relu => {
                by_lanes(dx, [dy, y], |[dy, y]| dy.where_positive(y), |[dy, y]| if y > 0.0 { dy } else { 0.0 })
            }
            Activation::Sigmoid => each(dx, [x, y, dy], |[_, y, dy]| dy * y * (1.0 - y)),
            Activation::Tanh => each(dx, [x, y, dy], |[_, y, dy]| dy * (1.0 - y * y)),
            Activation::LeakyRelu { slope } => each(dx, [x, y, dy], |[x, _, dy]| if x > 0.0 { dy } else { dy * slope }),
        }
    }
}

/// `out[i] = f([x[i], y[i], dy[i]])`.
fn each(out: &mut [f32], [x, y, dy]: [&[f32]; 3], f: impl Fn([f32; 3]) -> f32) {
    for (((o, &x), &y), &dy) in out.iter_mut().zip(x).zip(y).zip(dy) {
        *o = f([x, y, dy]);
    }
}

/// `out[i] = f([a[i], b[i]])`, four lanes at a time by `f4`, the last `len % 4` by `f1`.
#[inline(always)]
fn by_lanes(out: &mut [f32], [a, b]: [&[f32]; 2], f4: impl Fn([F32x4; 2]) -> F32x4, f1: impl Fn([f32; 2]) -> f32) {
    let len = out.len();
    assert!(a.len() >= len && b.len() >= len);
    let body = len - len % 4;
    let (o, a4, b4) = (out.as_mut_ptr(), a.as_ptr(), b.as_ptr());
    for i in (0..body).step_by(4) {
        // SAFETY: i + 4 <= body <= len, within all three slices (checked above).
        unsafe { f4([F32x4::read(a4.add(i)), F32x4::read(b4.add(i))]).write(o.add(i)) }
    }
    for i in body..len {
        out[i] = f1([a[i], b[i]]);
    }
}
