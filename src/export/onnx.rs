//! The network as an ONNX model for inference (opset 13, IR version 7), encoded by hand: ONNX
//! is a protobuf, and the few message types a sequential network needs fit in a page.
//!
//! The graph reads `input` (`[batch, C, H, W]`, float32, the network's input as it sees it,
//! after any standardization) and gives `logits` (`[batch, outputs]`) and `probabilities`
//! (their softmax, or sigmoid for sigmoid binary cross-entropy). Weights are initializers
//! named as our parameters (`0.weight`, ...). Layer by layer:
//!
//! | layer | ONNX |
//! |---|---|
//! | conv2d | `Conv` (`pads` = top, left, bottom, right: asymmetric padding is native) |
//! | dense | `Gemm` with `transB = 1` (weight `[units, in]`, as PyTorch's `Linear`) |
//! | maxpool, avgpool | `MaxPool`, `AveragePool` (no padding, rounded down) |
//! | relu, sigmoid, tanh, leaky_relu | `Relu`, `Sigmoid`, `Tanh`, `LeakyRelu` (`alpha` = slope) |
//! | flatten | `Flatten` (`axis` = 1: C, H, W order) |

use super::{short, spec_json, RunInfo};
use crate::error::Result;
use crate::network::Network;
use crate::refuse;
use crate::spec::{Activation, LayerSpec, Loss, Shape};

const OPSET: u64 = 13;
const IR_VERSION: u64 = 7;
const FLOAT: u64 = 1; // TensorProto.DataType.FLOAT

/// A protobuf message being written: fields in order, each a tag and a value.
#[derive(Default)]
struct Proto(Vec<u8>);

impl Proto {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn tag(&mut self, field: u32, wire: u8) {
        self.varint(u64::from(field) << 3 | u64::from(wire));
    }
    fn int(&mut self, field: u32, v: u64) -> &mut Self {
        self.tag(field, 0);
        self.varint(v);
        self
    }
    fn float(&mut self, field: u32, v: f32) -> &mut Self {
        self.tag(field, 5);
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn bytes(&mut self, field: u32, v: &[u8]) -> &mut Self {
        self.tag(field, 2);
        self.varint(v.len() as u64);
        self.0.extend_from_slice(v);
        self
    }
    fn text(&mut self, field: u32, v: &str) -> &mut Self {
        self.bytes(field, v.as_bytes())
    }
    fn message(&mut self, field: u32, m: &Proto) -> &mut Self {
        self.bytes(field, &m.0)
    }
}

/// An attribute of a node: `AttributeProto`.
enum Attr<'a> {
    Int(&'a str, i64),
    Ints(&'a str, Vec<usize>),
    Float(&'a str, f32),
}

impl Attr<'_> {
    fn encode(&self) -> Proto {
        let mut a = Proto::default();
        match self {
            Attr::Int(name, v) => a.text(1, name).int(3, *v as u64).int(20, 2),
            Attr::Ints(name, vs) => {
                a.text(1, name);
                vs.iter().for_each(|&v| {
                    a.int(8, v as u64);
                });
                a.int(20, 7)
            }
            Attr::Float(name, v) => a.text(1, name).float(2, *v).int(20, 1),
        };
        a
    }
}

fn node(op: &str, name: &str, inputs: &[&str], output: &str, attrs: &[Attr]) -> Proto {
    let mut n = Proto::default();
    inputs.iter().for_each(|i| {
        n.text(1, i);
    });
    n.text(2, output).text(3, name).text(4, op);
    attrs.iter().for_each(|a| {
        n.message(5, &a.encode());
    });
    n
}

/// `ValueInfoProto` of a float tensor `[batch, ..dims]`, the batch dimension named `batch`.
fn value_info(name: &str, dims: &[usize]) -> Proto {
    let mut shape = Proto::default();
    shape.message(1, Proto::default().text(2, "batch"));
    for &d in dims {
        shape.message(1, Proto::default().int(1, d as u64));
    }
    let mut tensor = Proto::default();
    tensor.int(1, FLOAT).message(2, &shape);
    let mut info = Proto::default();
    info.text(1, name).message(2, Proto::default().message(1, &tensor));
    info
}

fn initializer(name: &str, shape: &[usize], values: &[f32]) -> Proto {
    let mut t = Proto::default();
    shape.iter().for_each(|&d| {
        t.int(1, d as u64);
    });
    let mut raw = Vec::with_capacity(values.len() * 4);
    super::binary::put_f32s(&mut raw, values);
    t.int(2, FLOAT).text(8, name).bytes(9, &raw);
    t
}

/// The ONNX model of `network`'s current weights. Refuses weights that are not finite numbers.
pub fn onnx_model(network: &Network, info: &RunInfo, steps: u64) -> Result<Vec<u8>> {
    if let Some(name) = crate::training::non_finite_param(network) {
        refuse!(EXPORT_NOT_FINITE, name);
    }
    let spec = network.spec();
    let mut graph = Proto::default();
    let mut previous = "input".to_string();
    for (i, layer) in spec.layers().iter().enumerate() {
        let output = if i + 1 == spec.layers().len() { "logits".to_string() } else { format!("layer{i}") };
        let name = format!("{i}_{}", layer.type_name());
        let (weight, bias) = (format!("{i}.weight"), format!("{i}.bias"));
        let with_bias = |w: &str, has_bias: bool| -> Vec<String> {
            let mut v = vec![previous.clone(), w.to_string()];
            if has_bias {
                v.push(bias.clone());
            }
            v
        };
        let n = match layer {
            LayerSpec::Conv2d(c) => {
                let inputs = with_bias(&weight, c.bias);
                let [top, bottom, left, right] = c.padding;
                let attrs = [
                    Attr::Ints("kernel_shape", c.kernel.to_vec()),
                    Attr::Ints("strides", c.stride.to_vec()),
                    Attr::Ints("pads", vec![top, left, bottom, right]),
                ];
                node("Conv", &name, &refs(&inputs), &output, &attrs)
            }
            LayerSpec::Dense(d) => {
                let inputs = with_bias(&weight, d.bias);
                node("Gemm", &name, &refs(&inputs), &output, &[Attr::Int("transB", 1)])
            }
            LayerSpec::MaxPool(p) | LayerSpec::AvgPool(p) => {
                let op = if matches!(layer, LayerSpec::MaxPool(_)) { "MaxPool" } else { "AveragePool" };
                let attrs = [Attr::Ints("kernel_shape", p.size.to_vec()), Attr::Ints("strides", p.stride.to_vec())];
                node(op, &name, &[&previous], &output, &attrs)
            }
            LayerSpec::Activation(a) => {
                let (op, attrs) = match a {
                    Activation::Relu => ("Relu", vec![]),
                    Activation::Sigmoid => ("Sigmoid", vec![]),
                    Activation::Tanh => ("Tanh", vec![]),
                    Activation::LeakyRelu { slope } => ("LeakyRelu", vec![Attr::Float("alpha", *slope)]),
                };
                node(op, &name, &[&previous], &output, &attrs)
            }
            LayerSpec::Flatten => node("Flatten", &name, &[&previous], &output, &[Attr::Int("axis", 1)]),
        };
        graph.message(1, &n);
        previous = output;
    }
    let (op, attrs) = match spec.loss() {
        Loss::SoftmaxCrossEntropy => ("Softmax", vec![Attr::Int("axis", 1)]),
        Loss::SigmoidBinaryCrossEntropy => ("Sigmoid", vec![]),
    };
    graph.message(1, &node(op, "probabilities", &["logits"], "probabilities", &attrs));
    graph.text(2, "cnn-playground");
    for slot in network.param_slots() {
        graph.message(5, &initializer(&slot.name, &slot.shape, slot.range.of(network.params())));
    }
    graph.text(10, &describe(network, info, steps));
    graph.message(11, &value_info("input", &spec.input().dims()));
    let outputs = spec.output().dims();
    graph.message(12, &value_info("logits", &outputs));
    graph.message(12, &value_info("probabilities", &outputs));

    let mut model = Proto::default();
    model.int(1, IR_VERSION).text(2, "cnn-playground").text(3, env!("CARGO_PKG_VERSION"));
    model.text(6, &describe(network, info, steps));
    model.message(7, &graph);
    model.message(8, Proto::default().text(1, "").int(2, OPSET));
    let mut metadata = vec![("cnn_playground_network".to_string(), spec_json(spec).to_string())];
    metadata.push(("steps".into(), steps.to_string()));
    if let Some(s) = info.scaling {
        metadata.push(("input_mean".into(), short(s.mean)));
        metadata.push(("input_std".into(), short(s.std)));
    }
    for (key, value) in &metadata {
        model.message(14, Proto::default().text(1, key).text(2, value));
    }
    Ok(model.0)
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The model's doc string: what it reads, what it gives, how it was trained.
fn describe(network: &Network, info: &RunInfo, steps: u64) -> String {
    let spec = network.spec();
    let input = match spec.input() {
        Shape::Image { channels, height, width } => format!("[batch, {channels}, {height}, {width}]"),
        Shape::Flat { features } => format!("[batch, {features}]"),
    };
    let scaling = match info.scaling {
        Some(s) => {
            format!(", each value standardized as (pixel - {}) / {} with pixels in [0, 1]", short(s.mean), short(s.std))
        }
        None => String::new(),
    };
    format!(
        "A network trained in cnn-playground ({steps} optimizer steps). Input \"input\": {input} float32{scaling}. \
         Outputs \"logits\" and \"probabilities\" ({}): [batch, {}].",
        match spec.loss() {
            Loss::SoftmaxCrossEntropy => "softmax",
            Loss::SigmoidBinaryCrossEntropy => "sigmoid",
        },
        spec.output().size()
    )
}
