//! Concept 2, convolution arithmetic: how many positions a kernel takes.
//!
//! For an input `W` wide, a kernel `F`, stride `S` and padding `P` on both sides the output is
//! `(W - F + 2P) / S + 1` wide, rounded down; with padding only on the right (and bottom) it is
//! `(W - F + P) / S + 1`. When `S` does not divide `W - F + 2P`, the last input columns are never
//! covered by any window: they are ignored (as PyTorch does). The geometry is checked by the very
//! spec validation that builds networks, so the view refuses exactly what a network would.

use crate::bail;
use crate::error::Result;
use crate::spec::{NetworkSpec, Shape};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The largest input the view draws as a grid.
pub const MAX_DRAWN: usize = 64;

/// The question: one axis (the picture is square, the same on both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConvQuestion {
    /// input size W
    pub input: usize,
    /// kernel size F
    pub kernel: usize,
    /// stride S
    pub stride: usize,
    /// padding P
    pub padding: usize,
    /// padding only at the right and bottom (once), instead of on every side
    #[serde(default, rename = "oneSided")]
    pub one_sided: bool,
}

/// The answer, with what the drawing needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvGeometry {
    /// `W + 2P` (or `W + P`)
    pub padded: usize,
    /// zero rows/columns before the input (top/left): `P`, or 0 when one-sided
    #[serde(rename = "padBefore")]
    pub pad_before: usize,
    /// `W - F + 2P` (or `+ P`)
    pub numerator: usize,
    /// whether `S` divides the numerator: every input column is covered up to the edge
    pub exact: bool,
    /// the output size `numerator / S + 1`, rounded down
    pub output: usize,
    /// where each window starts, in padded coordinates: `0, S, 2S, ...`
    pub starts: Vec<usize>,
    /// padded columns after the last window that no window covers
    pub uncovered: usize,
    /// the formula with the numbers, e.g. `(7 - 3 + 2·1) / 2 + 1 = 4`
    pub formula: String,
}

/// Works out the geometry, or says why it does not work, in the words of the spec validation.
pub fn conv_arithmetic(q: ConvQuestion) -> Result<ConvGeometry> {
    let padding = if q.one_sided { json!([0, q.padding, 0, q.padding]) } else { json!(q.padding) };
    let spec = json!({
        "input": [1, q.input, q.input],
        "layers": [{"type": "conv2d", "filters": 1, "kernel": q.kernel, "stride": q.stride, "padding": padding}, {"type": "flatten"}],
        "loss": "softmax_cross_entropy",
    });
    let spec = NetworkSpec::from_json(&spec)?;
    let Shape::Image { width: output, .. } = spec.layers_info()[0].output_shape else {
        unreachable!("conv2d outputs an image")
    };
    if q.input > MAX_DRAWN {
        bail!(
            "an input of {} works, but the drawing shows inputs up to {MAX_DRAWN}: use a smaller W to see the windows",
            q.input
        );
    }
    let sides = if q.one_sided { 1 } else { 2 };
    let padded = q.input + sides * q.padding;
    let numerator = padded - q.kernel;
    let starts: Vec<usize> = (0..output).map(|i| i * q.stride).collect();
    let uncovered = padded - (starts[output - 1] + q.kernel);
    let p = if q.one_sided { format!("{}", q.padding) } else { format!("2·{}", q.padding) };
    let division = if numerator % q.stride == 0 {
        format!("{}", numerator / q.stride)
    } else {
        format!("{:.2}, rounded down to {}", numerator as f64 / q.stride as f64, numerator / q.stride)
    };
    let formula = format!("({} - {} + {p}) / {} + 1 = {division} + 1 = {output}", q.input, q.kernel, q.stride);
    Ok(ConvGeometry {
        padded,
        pad_before: if q.one_sided { 0 } else { q.padding },
        numerator,
        exact: numerator % q.stride == 0,
        output,
        starts,
        uncovered,
        formula,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(input: usize, kernel: usize, stride: usize, padding: usize, one_sided: bool) -> ConvQuestion {
        ConvQuestion { input, kernel, stride, padding, one_sided }
    }

    #[test]
    fn the_lectures_examples() {
        // 7 x 7, 3 x 3 kernel, stride 1: 5; stride 2: 3; stride 3 does not fit exactly.
        assert_eq!(conv_arithmetic(q(7, 3, 1, 0, false)).unwrap().output, 5);
        let s2 = conv_arithmetic(q(7, 3, 2, 0, false)).unwrap();
        assert_eq!((s2.output, s2.starts.clone(), s2.exact, s2.uncovered), (3, vec![0, 2, 4], true, 0));
        let s3 = conv_arithmetic(q(7, 3, 3, 0, false)).unwrap();
        assert_eq!((s3.output, s3.exact, s3.uncovered), (2, false, 1));
        assert_eq!(s3.formula, "(7 - 3 + 2·0) / 3 + 1 = 1.33, rounded down to 1 + 1 = 2");
        // padding 1 on both sides keeps 5 x 5 at 5 x 5 with a 3 x 3 kernel
        let same = conv_arithmetic(q(5, 3, 1, 1, false)).unwrap();
        assert_eq!((same.padded, same.pad_before, same.output), (7, 1, 5));
    }

    #[test]
    fn one_sided_padding_counts_p_once_and_matches_a_network() {
        let g = conv_arithmetic(q(6, 3, 2, 1, true)).unwrap();
        assert_eq!((g.padded, g.pad_before, g.numerator, g.output, g.uncovered), (7, 0, 4, 3, 0));
        let spec = NetworkSpec::from_json(&json!({"input": [1, 6, 6], "layers": [{"type": "conv2d", "filters": 1, "kernel": 3, "stride": 2, "padding": [0, 1, 0, 1]}, {"type": "flatten"}], "loss": "softmax_cross_entropy"})).unwrap();
        assert_eq!(spec.layers_info()[0].output_shape, Shape::Image { channels: 1, height: 3, width: 3 });
    }

    #[test]
    fn what_does_not_fit_is_refused_as_a_network_would_refuse_it() {
        let e = conv_arithmetic(q(4, 5, 1, 0, false)).unwrap_err();
        assert_eq!(e.message(), "layer 0 (conv2d): kernel 5 is larger than the padded input 4 x 4");
        assert!(conv_arithmetic(q(5, 3, 0, 0, false)).unwrap_err().message().contains("stride"));
        assert!(conv_arithmetic(q(0, 3, 1, 0, false)).unwrap_err().message().contains("input"));
        assert!(conv_arithmetic(q(100, 3, 1, 0, false)).unwrap_err().message().contains("up to 64"));
    }
}
