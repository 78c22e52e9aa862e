//! Concept 2, convolution arithmetic: how many positions a kernel takes.
//!
//! For an input `W` wide, a kernel `F`, stride `S` and padding `P` on both sides the output is
//! `(W - F + 2P) / S + 1` wide, rounded down; with padding only on the right (and bottom) it is
//! `(W - F + P) / S + 1`. When `S` does not divide `W - F + 2P`, the last input columns are never
//! covered by any window: they are ignored (as PyTorch does). The geometry is checked by the very
//! spec validation that builds networks, so the view refuses exactly what a network would.
//!
//! At stride 1 an odd kernel keeps the size with `P = (F - 1) / 2`: `W - F + 2P + 1 = W`.
//!
//! Weight sharing: one kernel slides over the whole input, so a conv2d layer of `K` kernels on
//! `C` channels has `K (F² C + 1)` parameters wherever it looks. Without sharing (a kernel of its
//! own at each of the `O x O` output positions) it would have `O² K (F² C + 1)`; a fully connected
//! layer from the `C W²` inputs to the same `K O²` outputs, `(C W² + 1) K O²`.

use crate::error::Result;
use crate::refuse;
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
    /// input channels C (for the parameter counts)
    #[serde(default = "one")]
    pub channels: usize,
    /// kernels K (for the parameter counts)
    #[serde(default = "one")]
    pub filters: usize,
}

fn one() -> usize {
    1
}

/// Parameters of the layer with and without weight sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sharing {
    /// the conv2d layer's own count, `K (F² C + 1)`, from the spec that would build it
    pub shared: u64,
    /// a kernel (and bias) of its own at each output position: `O² K (F² C + 1)`
    pub unshared: u64,
    /// a fully connected layer from the `C W²` inputs to the `K O²` outputs: `(C W² + 1) K O²`
    pub dense: u64,
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
    /// the numerator in letters: `W − F + 2P`, or `W − F + P` for one-sided padding
    pub symbolic: String,
    /// the formula with the numbers, e.g. `(7 − 3 + 2·1) / 2 + 1 = 3 + 1 = 4`, or with the
    /// rounding down written `⌊1.33⌋`
    pub formula: String,
    /// `(F - 1) / 2` for an odd kernel: the padding that keeps the size at stride 1
    #[serde(rename = "samePadding")]
    pub same_padding: Option<usize>,
    /// whether the output is as large as the input
    #[serde(rename = "keepsSize")]
    pub keeps_size: bool,
    pub parameters: Sharing,
}

/// Works out the geometry, or says why it does not work, in the words of the spec validation.
pub fn conv_arithmetic(q: ConvQuestion) -> Result<ConvGeometry> {
    let sides = if q.one_sided { 1 } else { 2 };
    let padded = q.input + sides * q.padding;
    if q.input > 0 && q.kernel > padded {
        refuse!(LECTURE_KERNEL_LARGER, kernel = q.kernel, padded);
    }
    let padding = if q.one_sided { json!([0, q.padding, 0, q.padding]) } else { json!(q.padding) };
    let spec = json!({
        "input": [q.channels, q.input, q.input],
        "layers": [{"type": "conv2d", "filters": q.filters, "kernel": q.kernel, "stride": q.stride, "padding": padding}, {"type": "flatten"}],
        "loss": "softmax_cross_entropy",
    });
    let spec = NetworkSpec::from_json(&spec)?;
    let conv = &spec.layers_info()[0];
    let Shape::Image { width: output, .. } = conv.output_shape else { unreachable!("conv2d outputs an image") };
    if q.input > MAX_DRAWN {
        refuse!(LECTURE_DRAWN_INPUT, input = q.input, max = MAX_DRAWN);
    }
    let numerator = padded - q.kernel;
    let starts: Vec<usize> = (0..output).map(|i| i * q.stride).collect();
    let uncovered = padded - (starts[output - 1] + q.kernel);
    let p = if q.one_sided { format!("{}", q.padding) } else { format!("2·{}", q.padding) };
    let division = if numerator % q.stride == 0 {
        format!("{}", numerator / q.stride)
    } else {
        format!("⌊{:.2}⌋", numerator as f64 / q.stride as f64)
    };
    let formula = format!("({} − {} + {p}) / {} + 1 = {division} + 1 = {output}", q.input, q.kernel, q.stride);
    let shared = conv.parameters as u64;
    let outputs = (output * output) as u64;
    let parameters = Sharing {
        shared,
        unshared: outputs * shared,
        dense: ((q.channels * q.input * q.input) as u64 + 1) * q.filters as u64 * outputs,
    };
    Ok(ConvGeometry {
        padded,
        pad_before: if q.one_sided { 0 } else { q.padding },
        numerator,
        exact: numerator % q.stride == 0,
        output,
        starts,
        uncovered,
        symbolic: if q.one_sided { "W − F + P" } else { "W − F + 2P" }.to_string(),
        formula,
        same_padding: (q.kernel % 2 == 1).then_some((q.kernel - 1) / 2),
        keeps_size: output == q.input,
        parameters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

    fn q(input: usize, kernel: usize, stride: usize, padding: usize, one_sided: bool) -> ConvQuestion {
        ConvQuestion { input, kernel, stride, padding, one_sided, channels: 1, filters: 1 }
    }

    #[test]
    fn the_lectures_examples() {
        // 7 x 7, 3 x 3 kernel, stride 1: 5; stride 2: 3; stride 3 does not fit exactly.
        assert_eq!(conv_arithmetic(q(7, 3, 1, 0, false)).unwrap().output, 5);
        let s2 = conv_arithmetic(q(7, 3, 2, 0, false)).unwrap();
        assert_eq!((s2.output, s2.starts.clone(), s2.exact, s2.uncovered), (3, vec![0, 2, 4], true, 0));
        let s3 = conv_arithmetic(q(7, 3, 3, 0, false)).unwrap();
        assert_eq!((s3.output, s3.exact, s3.uncovered), (2, false, 1));
        assert_eq!(s3.formula, "(7 − 3 + 2·0) / 3 + 1 = ⌊1.33⌋ + 1 = 2");
        assert_eq!(s2.formula, "(7 − 3 + 2·0) / 2 + 1 = 2 + 1 = 3");
        // padding 1 on both sides keeps 5 x 5 at 5 x 5 with a 3 x 3 kernel
        let same = conv_arithmetic(q(5, 3, 1, 1, false)).unwrap();
        assert_eq!((same.padded, same.pad_before, same.output), (7, 1, 5));
    }

    #[test]
    fn one_sided_padding_counts_p_once_and_matches_a_network() {
        let g = conv_arithmetic(q(6, 3, 2, 1, true)).unwrap();
        assert_eq!((g.padded, g.pad_before, g.numerator, g.output, g.uncovered), (7, 0, 4, 3, 0));
        assert_eq!((g.symbolic.as_str(), g.formula.as_str()), ("W − F + P", "(6 − 3 + 1) / 2 + 1 = 2 + 1 = 3"));
        assert_eq!(conv_arithmetic(q(6, 3, 2, 1, false)).unwrap().symbolic, "W − F + 2P");
        let spec = NetworkSpec::from_json(&json!({"input": [1, 6, 6], "layers": [{"type": "conv2d", "filters": 1, "kernel": 3, "stride": 2, "padding": [0, 1, 0, 1]}, {"type": "flatten"}], "loss": "softmax_cross_entropy"})).unwrap();
        assert_eq!(spec.layers_info()[0].output_shape, Shape::Image { channels: 1, height: 3, width: 3 });
    }

    #[test]
    fn what_does_not_fit_is_refused_as_a_network_would_refuse_it() {
        let e = conv_arithmetic(q(4, 5, 1, 0, false)).unwrap_err();
        assert_eq!(
            e.message(),
            "The kernel (5) is larger than the padded input (4): make the kernel smaller, or the input or the padding larger."
        );
        assert_eq!(e.code(), Some(codes::LECTURE_KERNEL_LARGER));
        assert_eq!((e.param("kernel"), e.param("padded")), (Some("5"), Some("4")));
        // the spec validation refuses a network of this layer for the same reason
        let net = json!({"input": [1, 4, 4], "layers": [{"type": "conv2d", "filters": 1, "kernel": 5}], "loss": "softmax_cross_entropy"});
        assert_eq!(NetworkSpec::from_json(&net).unwrap_err().code(), Some(codes::KERNEL_TOO_LARGE));
        let one_sided = conv_arithmetic(q(4, 6, 1, 1, true)).unwrap_err();
        assert_eq!(one_sided.param("padded"), Some("5"));
        assert!(conv_arithmetic(q(5, 3, 0, 0, false)).unwrap_err().message().contains("stride"));
        assert!(conv_arithmetic(q(0, 3, 1, 0, false)).unwrap_err().message().contains("input"));
        assert!(conv_arithmetic(q(100, 3, 1, 0, false)).unwrap_err().message().contains("up to 64"));
    }

    #[test]
    fn padding_f_minus_1_over_2_keeps_the_size_at_stride_1() {
        for (w, f) in [(7, 3), (28, 5), (6, 7)] {
            let g = conv_arithmetic(q(w, f, 1, (f - 1) / 2, false)).unwrap();
            assert_eq!((g.output, g.keeps_size, g.same_padding), (w, true, Some((f - 1) / 2)));
        }
        let no = conv_arithmetic(q(7, 3, 1, 0, false)).unwrap();
        assert_eq!((no.output, no.keeps_size), (5, false));
        assert_eq!(conv_arithmetic(q(7, 4, 1, 1, false)).unwrap().same_padding, None, "an even kernel has none");
        assert!(!conv_arithmetic(q(7, 3, 2, 1, false)).unwrap().keeps_size, "stride 2 halves it");
    }

    #[test]
    fn weight_sharing_counts_one_kernel_for_every_position() {
        // the reference network's first layer: 8 kernels of 5 x 5 on a 28 x 28 digit, padding 2
        let g = conv_arithmetic(ConvQuestion { channels: 1, filters: 8, ..q(28, 5, 1, 2, false) }).unwrap();
        assert_eq!(g.output, 28);
        assert_eq!(g.parameters, Sharing { shared: 208, unshared: 163_072, dense: 4_923_520 });
        // RGB: 3 channels, 2 kernels of 3 x 3, 5 x 5 input at stride 1: 3 x 3 positions
        let rgb = conv_arithmetic(ConvQuestion { channels: 3, filters: 2, ..q(5, 3, 1, 0, false) }).unwrap();
        assert_eq!(rgb.parameters, Sharing { shared: 56, unshared: 504, dense: 1_368 });
    }
}
