//! The lecture, computed: every number the nine concept views of the page show.
//!
//! Each module answers one concept of the lecture with plain data (serializable to JSON for the
//! page) and uses the same layers, losses and optimizers as training does, so what a student
//! sees in a view is what the network really computes:
//!
//! | module | concept |
//! |---|---|
//! | [`digits`] | from a drawing to 25 numbers: gray, binary, 5 x 3 windows, share of white |
//! | [`digit_net`] | the 25 features of real digits training a small dense network |
//! | [`dense`] | what a fully connected layer is: neurons, weights, one small layer in numbers |
//! | [`conv_arithmetic`] | output size `(W - F + 2P) / S + 1` and every window position |
//! | [`conv_step`] | one output of a convolution: products per channel, sum, bias, activation |
//! | [`activations`] | curves, a feature map through them, two linear layers are one, dead ReLUs |
//! | [`pooling`] | max and average pooling: winners, shapes, no parameters |
//! | [`softmax`] | logits to probabilities, cross-entropy; sigmoid + binary cross-entropy |
//! | [`backprop`] | one weight's gradient as a product of chain-rule factors, and numerically |
//! | [`minibatch`] | how far a mini-batch gradient points from the full-batch gradient |
//! | [`optimizers`] | each optimizer's update and state, step by step, for one parameter |

pub mod activations;
pub mod backprop;
pub mod conv_arithmetic;
pub mod conv_step;
pub mod dense;
pub mod digit_net;
pub mod digits;
pub mod minibatch;
pub mod optimizers;
pub mod pooling;
pub mod softmax;

use crate::error::codes::Code;
use crate::error::{Error, Param, Result};
use crate::network::Network;
use crate::refuse;
use crate::spec::NetworkSpec;

/// A network for a lecture view from its JSON spec, initialized from `seed`.
pub(crate) fn network(spec: serde_json::Value, seed: u64) -> Result<Network> {
    Ok(Network::new(NetworkSpec::from_json(&spec)?, seed))
}

/// Refuses NaN and infinities with a message naming the value; `what` is a `WHAT_*` code
/// (its name in words).
pub(crate) fn check_finite(values: &[f32], what: Code) -> Result<()> {
    if let Some(index) = values.iter().position(|v| !v.is_finite()) {
        refuse!(LECTURE_NOT_FINITE, what = Param::message(Error::coded(what, &[])), index, value = values[index]);
    }
    Ok(())
}

/// Refuses a count outside `min..=max` with a message giving the range; `what` is a `WHAT_*`
/// code (its name in words).
pub(crate) fn check_range(value: usize, min: usize, max: usize, what: Code) -> Result<()> {
    if value < min || value > max {
        refuse!(LECTURE_OUT_OF_RANGE, what = Param::message(Error::coded(what, &[])), min, max, value);
    }
    Ok(())
}

/// The angle in degrees between two vectors (0 when they point the same way; 90 when one is 0).
pub fn angle_degrees(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        return 90.0;
    }
    (dot / (aa.sqrt() * bb.sqrt())).clamp(-1.0, 1.0).acos().to_degrees() as f32
}
