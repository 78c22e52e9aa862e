//! Concept 3, one convolution step in numbers.
//!
//! An RGB input (3 channels, `H x W`) and two kernels of depth 3 (`2 x 3 x F x F`). At one
//! output position `(row, col)` each kernel's window covers the input rows
//! `row·S - P .. row·S - P + F` (likewise columns; outside the input is zero padding). Per
//! channel: the `F x F` products of window and kernel and their sum; then the sum over the three
//! channels, plus the kernel's bias, through the activation. The two kernels' outputs are
//! stacked as the two channels of the output. The full output maps come from the network's own
//! conv2d layer, so the breakdown and the layer can be compared number for number.

use super::{check_finite, check_range, network};
use crate::bail;
use crate::error::codes;
use crate::error::{suggestion, Result};
use crate::layers::ActivationLayer;
use crate::refuse;
use crate::rng::Rng;
use crate::spec::{LayerSpec, Shape};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The input's channels (RGB) and the number of kernels.
pub const CHANNELS: usize = 3;
pub const FILTERS: usize = 2;

/// An input, two kernels and the output position to explain.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConvStepQuestion {
    pub height: usize,
    pub width: usize,
    /// `3 x height x width`
    pub input: Vec<f32>,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
    /// `2 x 3 x kernel x kernel` (PyTorch's conv weight layout)
    pub weight: Vec<f32>,
    /// `2`
    pub bias: Vec<f32>,
    /// `relu`, `sigmoid`, `tanh`, `leaky_relu` or `none`
    pub activation: String,
    pub row: usize,
    pub col: usize,
}

/// One channel of one kernel at the chosen position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelStep {
    /// the input under the window, `F x F` (0 where it covers padding)
    pub window: Vec<f32>,
    /// which window cells lie in the padding
    pub padded: Vec<bool>,
    pub weights: Vec<f32>,
    pub products: Vec<f32>,
    pub sum: f32,
}

/// One kernel at the chosen position: `post = activation(sum of channel sums + bias)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilterStep {
    pub channels: Vec<ChannelStep>,
    pub total: f32,
    pub bias: f32,
    pub pre: f32,
    pub post: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvStep {
    #[serde(rename = "outputHeight")]
    pub output_height: usize,
    #[serde(rename = "outputWidth")]
    pub output_width: usize,
    /// the window's top-left corner in input coordinates (negative inside the padding)
    pub top: isize,
    pub left: isize,
    pub filters: Vec<FilterStep>,
    /// the conv2d layer's output, `2 x OH x OW`, before the activation
    #[serde(rename = "outputPre")]
    pub output_pre: Vec<f32>,
    /// after the activation (the two stacked output channels)
    #[serde(rename = "outputPost")]
    pub output_post: Vec<f32>,
}

/// The lecture's example: a 3 x 5 x 5 input of small whole numbers, kernels of -1, 0 and 1,
/// biases 1 and 0, kernel 3 at the lecture's default stride of 1 without padding (a 3 x 3
/// output).
pub fn example(seed: u64) -> ConvStepQuestion {
    let mut rng = Rng::new(seed, 7);
    let (height, width, kernel) = (5, 5, 3);
    let input = (0..CHANNELS * height * width).map(|_| rng.below(3) as f32).collect();
    let weight = (0..FILTERS * CHANNELS * kernel * kernel).map(|_| rng.below(3) as f32 - 1.0).collect();
    ConvStepQuestion {
        height,
        width,
        input,
        kernel,
        stride: 1,
        padding: 0,
        weight,
        bias: vec![1.0, 0.0],
        activation: "relu".into(),
        row: 0,
        col: 0,
    }
}

fn activation_layer(q: &ConvStepQuestion) -> Result<Option<serde_json::Value>> {
    Ok(match q.activation.as_str() {
        "none" => None,
        "relu" | "sigmoid" | "tanh" | "leaky_relu" => Some(json!({"type": q.activation})),
        name => {
            let names = ["relu", "sigmoid", "tanh", "leaky_relu", "none"];
            refuse!(LECTURE_ACTIVATION_UNKNOWN, name, hint = suggestion(name, &names), names = names.join(", "))
        }
    })
}

/// Explains output `(row, col)` of both kernels, and computes both output maps with conv2d.
pub fn conv_step(q: &ConvStepQuestion) -> Result<ConvStep> {
    check_range(q.kernel, 1, 7, codes::WHAT_KERNEL)?;
    check_range(q.height, 1, 16, codes::WHAT_HEIGHT)?;
    check_range(q.width, 1, 16, codes::WHAT_WIDTH)?;
    if q.input.len() != CHANNELS * q.height * q.width {
        bail!(
            "input has {} values, but 3 channels of {} x {} need {}",
            q.input.len(),
            q.height,
            q.width,
            CHANNELS * q.height * q.width
        );
    }
    if q.weight.len() != FILTERS * CHANNELS * q.kernel * q.kernel || q.bias.len() != FILTERS {
        bail!(
            "two kernels of 3 x {k} x {k} need {} weights and 2 biases, not {} and {}",
            FILTERS * CHANNELS * q.kernel * q.kernel,
            q.weight.len(),
            q.bias.len(),
            k = q.kernel
        );
    }
    check_finite(&q.input, codes::WHAT_INPUT)?;
    check_finite(&q.weight, codes::WHAT_WEIGHT)?;
    check_finite(&q.bias, codes::WHAT_BIAS)?;
    let (padded_h, padded_w) = (q.height + 2 * q.padding, q.width + 2 * q.padding);
    if q.kernel > padded_h.min(padded_w) {
        refuse!(LECTURE_KERNEL_LARGER, kernel = q.kernel, padded = format!("{padded_h} × {padded_w}"));
    }
    let mut layers = vec![
        json!({"type": "conv2d", "filters": FILTERS, "kernel": q.kernel, "stride": q.stride, "padding": q.padding}),
    ];
    let activation = activation_layer(q)?;
    layers.extend(activation.clone());
    layers.push(json!({"type": "flatten"}));
    let mut net =
        network(json!({"input": [CHANNELS, q.height, q.width], "layers": layers, "loss": "softmax_cross_entropy"}), 0)?;
    let Shape::Image { height: oh, width: ow, .. } = net.spec().layers_info()[0].output_shape else {
        unreachable!("conv2d outputs an image")
    };
    if q.row >= oh || q.col >= ow {
        refuse!(LECTURE_OUTSIDE, row = q.row, col = q.col, height = oh, width = ow);
    }
    net.set_param("0.weight", &q.weight)?;
    net.set_param("0.bias", &q.bias)?;
    net.forward(&q.input, 1)?;
    let output_pre = net.layer_output(0)?.to_vec();
    let output_post = if activation.is_some() { net.layer_output(1)?.to_vec() } else { output_pre.clone() };
    let kind = match net.spec().layers().get(1) {
        Some(LayerSpec::Activation(kind)) => Some(ActivationLayer { kind: *kind }),
        _ => None,
    };
    let (top, left) =
        ((q.row * q.stride) as isize - q.padding as isize, (q.col * q.stride) as isize - q.padding as isize);
    let filters = (0..FILTERS).map(|f| filter_step(q, f, top, left, kind)).collect();
    Ok(ConvStep { output_height: oh, output_width: ow, top, left, filters, output_pre, output_post })
}

fn filter_step(q: &ConvStepQuestion, f: usize, top: isize, left: isize, kind: Option<ActivationLayer>) -> FilterStep {
    let k = q.kernel;
    let channels: Vec<ChannelStep> = (0..CHANNELS)
        .map(|c| {
            let plane = &q.input[c * q.height * q.width..(c + 1) * q.height * q.width];
            let weights = q.weight[(f * CHANNELS + c) * k * k..(f * CHANNELS + c + 1) * k * k].to_vec();
            let (mut window, mut padded) = (Vec::with_capacity(k * k), Vec::with_capacity(k * k));
            for i in 0..k as isize {
                for j in 0..k as isize {
                    let (r, c) = (top + i, left + j);
                    let inside = r >= 0 && c >= 0 && (r as usize) < q.height && (c as usize) < q.width;
                    window.push(if inside { plane[r as usize * q.width + c as usize] } else { 0.0 });
                    padded.push(!inside);
                }
            }
            let products: Vec<f32> = window.iter().zip(&weights).map(|(x, w)| x * w).collect();
            let sum = products.iter().sum();
            ChannelStep { window, padded, weights, products, sum }
        })
        .collect();
    let total: f32 = channels.iter().map(|c| c.sum).sum();
    let pre = total + q.bias[f];
    let post = kind.map_or(pre, |a| a.apply(pre));
    FilterStep { channels, total, bias: q.bias[f], pre, post }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() <= 1e-5 + 1e-5 * b.abs()
    }

    #[test]
    fn the_breakdown_adds_up_to_the_conv_layers_output_everywhere() {
        let mut q = example(1);
        assert_eq!((q.stride, q.padding), (1, 0), "the lecture's default stride is 1");
        q.stride = 2;
        q.padding = 1;
        for (row, col) in [(0, 0), (1, 2), (2, 2)] {
            q.row = row;
            q.col = col;
            let s = conv_step(&q).unwrap();
            assert_eq!((s.output_height, s.output_width), (3, 3));
            for (f, step) in s.filters.iter().enumerate() {
                let at = f * 9 + row * 3 + col;
                assert_eq!(step.pre, s.output_pre[at]);
                assert_eq!(step.post, s.output_post[at]);
                assert_eq!(step.post, step.pre.max(0.0));
                assert_eq!(step.channels.iter().map(|c| c.sum).sum::<f32>(), step.total);
            }
        }
        // at (0, 0) with padding 1 the window's first row and column are padding
        q.row = 0;
        q.col = 0;
        let s = conv_step(&q).unwrap();
        assert_eq!((s.top, s.left), (-1, -1));
        assert_eq!(s.filters[0].channels[0].padded, vec![true, true, true, true, false, false, true, false, false]);
    }

    #[test]
    fn matches_the_pytorch_reference_case_conv_rgb_two_kernels_stride2_pad1() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parity/conv_rgb_two_kernels_stride2_pad1.json");
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let data =
            |v: &Value| v["data"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect::<Vec<f32>>();
        let (input, weight, bias) =
            (data(&case["input"]), data(&case["params"]["0.weight"]), data(&case["params"]["0.bias"]));
        // The whole reference network agrees with PyTorch on its logits...
        let mut net = network(case["spec"].clone(), 0).unwrap();
        for (name, p) in case["params"].as_object().unwrap() {
            net.set_param(name, &data(p)).unwrap();
        }
        net.forward(&input, 2).unwrap();
        for (got, want) in net.logits().iter().zip(data(&case["expected"]["logits"])) {
            assert!((got - want).abs() <= 1e-4 + 1e-3 * want.abs(), "{got} vs {want}");
        }
        // ...and the view's breakdown of example 0 gives its conv2d + relu output, every position.
        let conv = net.layer_output(0).unwrap()[..2 * 16].to_vec();
        let mut q = ConvStepQuestion {
            height: 7,
            width: 7,
            input: input[..147].to_vec(),
            kernel: 3,
            stride: 2,
            padding: 1,
            weight,
            bias,
            activation: "relu".into(),
            row: 0,
            col: 0,
        };
        for at in 0..16 {
            q.row = at / 4;
            q.col = at % 4;
            let s = conv_step(&q).unwrap();
            for f in 0..2 {
                assert!(close(s.filters[f].pre, conv[f * 16 + at]), "filter {f} at {at}");
                assert!(close(s.filters[f].post, conv[f * 16 + at].max(0.0)));
            }
        }
    }

    #[test]
    fn bad_questions_say_what_to_change() {
        let mut q = example(1);
        q.row = 3;
        let outside = conv_step(&q).unwrap_err();
        assert!(outside.message().contains("outside the 3 × 3 output"));
        assert_eq!(outside.code(), Some(codes::LECTURE_OUTSIDE));
        q.row = 0;
        q.kernel = 7;
        q.weight = vec![0.0; 2 * 3 * 49];
        let large = conv_step(&q).unwrap_err();
        assert!(large.message().starts_with("The kernel (7) is larger than the padded input (5 × 5)"));
        assert_eq!(large.code(), Some(codes::LECTURE_KERNEL_LARGER));
        q = example(1);
        q.row = 0;
        q.activation = "softplus".into();
        assert!(conv_step(&q).unwrap_err().message().contains("unknown"));
        q.activation = "none".into();
        q.kernel = 9;
        assert!(conv_step(&q).unwrap_err().message().contains("kernel must be from 1 to 7"));
        q.kernel = 3;
        q.input[0] = f32::NAN;
        assert!(conv_step(&q).unwrap_err().message().contains("finite"));
    }
}
