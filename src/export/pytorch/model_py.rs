//! `model.py`: the network as a readable `nn.Module`, written from the spec.
//!
//! `Net` is an `nn.Sequential` whose module `i` is layer `i` of the spec, so its `state_dict`
//! keys are our parameter names (`"0.weight"`, ...). PyTorch's `Conv2d` pads both sides of a
//! dimension alike; a conv2d padded unevenly becomes `Conv2dPadded`, an `nn.Conv2d` after an
//! `nn.ZeroPad2d` (which has no parameters, so the keys stay the same).

use super::super::{short, RunInfo};
use super::ImageFolder;
use crate::images::Preprocessing;
use crate::network::Network;
use crate::optim::{OptimizerSpec, Rule};
use crate::spec::{Activation, LayerSpec, Loss, Shape};
use std::fmt::Write;

const HELPERS: &str = include_str!("model_helpers.py");

const CONV2D_PADDED: &str = r#"

class Conv2dPadded(nn.Conv2d):
    """nn.Conv2d after nn.ZeroPad2d(padding), padding = (left, right, top, bottom): PyTorch's
    Conv2d pads both sides of a dimension alike, cnn-playground's conv2d each side as it says.
    The padding has no parameters, so the state_dict keys stay "<index>.weight" and ".bias"."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=(0, 0, 0, 0), bias=True):
        super().__init__(in_channels, out_channels, kernel_size, stride=stride, bias=bias)
        self.pad = nn.ZeroPad2d(padding)

    def forward(self, x):
        return super().forward(self.pad(x))
"#;

/// The text of `model.py` for `network` trained by `optimizer` for `steps` steps on images
/// read as `folder` says.
pub fn model_py(
    network: &Network,
    optimizer: &OptimizerSpec,
    info: &RunInfo,
    folder: &ImageFolder,
    steps: u64,
) -> String {
    let spec = network.spec();
    let mut py = docstring(network, optimizer, info, steps);
    py.push_str("import json\nimport os\n\nimport torch\nfrom safetensors.torch import load_file, save_file\nfrom torch import nn\n\n");
    py.push_str(&format!("INPUT_SHAPE = {}\n", python_tuple(&spec.input().dims())));
    py.push_str(&format!("OUTPUTS = {}\n", spec.output().size()));
    py.push_str("# Every image is standardized on its way into the network: (pixel - INPUT_MEAN) / INPUT_STD,\n");
    py.push_str("# pixels in [0, 1]; None when the network reads its input as it is.\n");
    match info.scaling {
        Some(s) => writeln!(py, "INPUT_MEAN, INPUT_STD = {}, {}", short(s.mean), short(s.std)),
        None => writeln!(py, "INPUT_MEAN, INPUT_STD = None, None"),
    }
    .ok();
    writeln!(py, "LOSS = \"{}\"", spec.loss().name()).ok();
    writeln!(py, "STEPS = {steps}  # optimizer steps taken in cnn-playground").ok();
    let batch = info.data.as_ref().map_or("None".to_string(), |d| d.batch.to_string());
    writeln!(py, "BATCH_SIZE = {batch}  # images per step in cnn-playground (None: given by hand)").ok();
    py.push_str(&folder_constants(folder));
    if spec.layers().iter().any(|l| matches!(l, LayerSpec::Conv2d(c) if uneven(c.padding))) {
        py.push_str(CONV2D_PADDED);
    }
    py.push_str("\n\nclass Net(nn.Sequential):\n");
    py.push_str(
        "    \"\"\"Module i is layer i of the cnn-playground spec; the comments give its output's shape.\"\"\"\n\n",
    );
    py.push_str("    def __init__(self):\n        super().__init__(\n");
    let lines: Vec<String> =
        spec.layers().iter().zip(spec.layers_info()).map(|(l, i)| module(l, i.input_shape)).collect();
    let width = lines.iter().map(String::len).max().unwrap_or(0) + 1;
    for (i, (line, info)) in lines.iter().zip(spec.layers_info()).enumerate() {
        writeln!(py, "            {:<width$} # {i}: -> {}", format!("{line},"), info.output_shape).ok();
    }
    py.push_str("        )\n\n\n");
    py.push_str(&loss_function(spec.loss()));
    py.push_str(&make_optimizer(optimizer));
    py.push_str(HELPERS);
    py
}

fn docstring(network: &Network, optimizer: &OptimizerSpec, info: &RunInfo, steps: u64) -> String {
    let spec = network.spec();
    let mut d = String::from("\"\"\"The network trained in cnn-playground, as a PyTorch module.\n\n");
    let layers: Vec<&str> = spec.layers().iter().map(LayerSpec::type_name).collect();
    writeln!(d, "{} -> {} -> {} outputs", spec.input(), layers.join(" -> "), spec.output().size()).ok();
    writeln!(d, "Exported after {steps} optimizer steps of {}, {}.\n", optimizer_text(optimizer), position(info)).ok();
    write!(
        d,
        "Input: float32 [batch, {}]",
        spec.input().dims().iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
    )
    .ok();
    if let Some(s) = info.scaling {
        write!(d, ", pixels in [0, 1] standardized as (pixel - {}) / {}", short(s.mean), short(s.std)).ok();
    }
    writeln!(d, ".\nOutput: {} logits. Loss: {}.\n", spec.output().size(), loss_text(spec.loss())).ok();
    d.push_str("The state_dict keys are cnn-playground's parameter names, unchanged: \"<layer index>.weight\"\n");
    d.push_str("and \".bias\", the layer's place in the spec's layers and in this nn.Sequential.\n\n");
    writeln!(d, "    {:<12}{:<18}layer", "key", "shape").ok();
    for slot in network.param_slots() {
        let (index, kind) = slot.name.split_once('.').unwrap_or_default();
        let layer = index.parse().ok().and_then(|i: usize| spec.layers().get(i));
        let what = match layer {
            Some(layer) if kind == "weight" => format!("{index}: {}", describe(layer)),
            _ => String::new(),
        };
        let row = format!("    {:<12}{:<18}{what}", slot.name, format!("{:?}", slot.shape));
        writeln!(d, "{}", row.trim_end()).ok();
    }
    d.push_str("\nIn Python:\n\n    import model\n");
    d.push_str("    net = model.load_model()               # Net() with the weights of model.safetensors\n");
    d.push_str("    optimizer = model.make_optimizer(net)  # the run's optimizer and hyperparameters\n");
    d.push_str("    model.load_optimizer(optimizer)        # and its state: moments and step counts\n\"\"\"\n");
    d
}

fn uneven(padding: [usize; 4]) -> bool {
    padding[0] != padding[1] || padding[2] != padding[3]
}

/// The PyTorch module of one layer.
fn module(layer: &LayerSpec, input: Shape) -> String {
    let pair = |p: [usize; 2]| if p[0] == p[1] { p[0].to_string() } else { format!("({}, {})", p[0], p[1]) };
    let bias = |b: bool| if b { "" } else { ", bias=False" };
    match layer {
        LayerSpec::Conv2d(c) => {
            let mut args = format!("{}, {}, kernel_size={}", input.dims()[0], c.filters, pair(c.kernel));
            if c.stride != [1, 1] {
                write!(args, ", stride={}", pair(c.stride)).ok();
            }
            let [top, bottom, left, right] = c.padding;
            if uneven(c.padding) {
                return format!("Conv2dPadded({args}, padding=({left}, {right}, {top}, {bottom}){})", bias(c.bias));
            }
            if c.padding != [0; 4] {
                write!(args, ", padding={}", pair([top, left])).ok();
            }
            format!("nn.Conv2d({args}{})", bias(c.bias))
        }
        LayerSpec::Dense(d) => format!("nn.Linear({}, {}{})", input.size(), d.units, bias(d.bias)),
        LayerSpec::MaxPool(p) | LayerSpec::AvgPool(p) => {
            let name = if matches!(layer, LayerSpec::MaxPool(_)) { "MaxPool2d" } else { "AvgPool2d" };
            let stride = if p.stride == p.size { String::new() } else { format!(", stride={}", pair(p.stride)) };
            format!("nn.{name}(kernel_size={}{stride})", pair(p.size))
        }
        LayerSpec::Activation(Activation::Relu) => "nn.ReLU()".into(),
        LayerSpec::Activation(Activation::Sigmoid) => "nn.Sigmoid()".into(),
        LayerSpec::Activation(Activation::Tanh) => "nn.Tanh()".into(),
        LayerSpec::Activation(Activation::LeakyRelu { slope }) => {
            format!("nn.LeakyReLU(negative_slope={})", short(*slope))
        }
        LayerSpec::Flatten => "nn.Flatten()".into(),
    }
}

/// One layer for a person: `conv2d 8 filters 5 x 5, padding 2`.
fn describe(layer: &LayerSpec) -> String {
    let pair = |p: [usize; 2]| if p[0] == p[1] { p[0].to_string() } else { format!("{} x {}", p[0], p[1]) };
    let size = |p: [usize; 2]| format!("{} x {}", p[0], p[1]);
    match layer {
        LayerSpec::Conv2d(c) => {
            let mut text = format!("conv2d {} filters {}", c.filters, size(c.kernel));
            if c.stride != [1, 1] {
                write!(text, ", stride {}", pair(c.stride)).ok();
            }
            if c.padding.iter().all(|&p| p == c.padding[0]) && c.padding[0] > 0 {
                write!(text, ", padding {}", c.padding[0]).ok();
            } else if c.padding != [0; 4] {
                let [t, b, l, r] = c.padding;
                write!(text, ", padding top {t} bottom {b} left {l} right {r}").ok();
            }
            text + if c.bias { "" } else { ", no bias" }
        }
        LayerSpec::Dense(d) => format!("dense {} units{}", d.units, if d.bias { "" } else { ", no bias" }),
        LayerSpec::MaxPool(p) | LayerSpec::AvgPool(p) => {
            let stride = if p.stride == p.size { String::new() } else { format!(", stride {}", pair(p.stride)) };
            format!("{} {}{stride}", layer.type_name(), size(p.size))
        }
        LayerSpec::Activation(Activation::LeakyRelu { slope }) => format!("leaky_relu {}", short(*slope)),
        other => other.type_name().to_string(),
    }
}

fn python_tuple(v: &[usize]) -> String {
    let items: Vec<String> = v.iter().map(usize::to_string).collect();
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    }
}

fn position(info: &RunInfo) -> String {
    match &info.data {
        Some(d) => format!("seed {}, batches of {} from {}, in epoch {}", info.seed, d.batch, d.name, d.epoch + 1),
        None => format!("seed {}", info.seed),
    }
}

pub(super) fn optimizer_text(o: &OptimizerSpec) -> String {
    let wd = if o.weight_decay != 0.0 { format!(", weight decay {}", short(o.weight_decay)) } else { String::new() };
    format!("{} (lr {}{wd})", o.type_name(), short(o.lr))
}

fn loss_text(loss: Loss) -> &'static str {
    match loss {
        Loss::SoftmaxCrossEntropy => "softmax cross-entropy, the mean over the batch (nn.CrossEntropyLoss); labels are class indices",
        Loss::SigmoidBinaryCrossEntropy => {
            "sigmoid binary cross-entropy, the mean over every output of the batch (nn.BCEWithLogitsLoss); targets in [0, 1], one per output"
        }
    }
}

fn loss_function(loss: Loss) -> String {
    let (doc, call) = match loss {
        Loss::SoftmaxCrossEntropy => {
            ("Softmax cross-entropy of the logits, the mean over the batch.", "nn.CrossEntropyLoss()")
        }
        Loss::SigmoidBinaryCrossEntropy => {
            ("Sigmoid binary cross-entropy of the logits, the mean over every output.", "nn.BCEWithLogitsLoss()")
        }
    };
    format!("def loss_function():\n    \"\"\"{doc}\"\"\"\n    return {call}\n\n\n")
}

/// `make_optimizer(net)`: the run's optimizer with PyTorch's names for its hyperparameters.
fn make_optimizer(o: &OptimizerSpec) -> String {
    let (lr, wd) = (short(o.lr), short(o.weight_decay));
    let call = match o.rule {
        Rule::Sgd => format!("torch.optim.SGD(net.parameters(), lr={lr}, weight_decay={wd})"),
        Rule::Momentum { momentum } => {
            format!("torch.optim.SGD(net.parameters(), lr={lr}, momentum={}, weight_decay={wd})", short(momentum))
        }
        Rule::Adagrad { eps } => {
            format!("torch.optim.Adagrad(net.parameters(), lr={lr}, eps={}, weight_decay={wd})", short(eps))
        }
        Rule::RmsProp { alpha, eps } => format!(
            "torch.optim.RMSprop(net.parameters(), lr={lr}, alpha={}, eps={}, weight_decay={wd})",
            short(alpha),
            short(eps)
        ),
        Rule::Adam { beta1, beta2, eps } => format!(
            "torch.optim.Adam(net.parameters(), lr={lr}, betas=({}, {}), eps={}, weight_decay={wd})",
            short(beta1),
            short(beta2),
            short(eps)
        ),
    };
    format!(
        "def make_optimizer(net):\n    \"\"\"The optimizer of the run in cnn-playground: {}.\"\"\"\n    return {call}\n\n",
        optimizer_text(o)
    )
}

/// `CLASSES` and `PREPROCESSING`: how `resume.py` reads a folder of images as the run did.
fn folder_constants(folder: &ImageFolder) -> String {
    let mut py = String::from(
        "# The classes in label order: label i is CLASSES[i], the name of its folder (resume.py reads\n\
         # FOLDER/<class name>/<image>). None: folders named by the label, 0 to OUTPUTS - 1.\n",
    );
    match &folder.classes {
        // A JSON string is a Python string literal of the same text (quotes, backslashes, any script).
        Some(names) => {
            let names: Vec<String> = names.iter().map(|n| serde_json::Value::from(n.as_str()).to_string()).collect();
            writeln!(py, "CLASSES = [{}]", names.join(", ")).ok();
        }
        None => py.push_str("CLASSES = None\n"),
    }
    py.push_str(
        "# How cnn-playground made an image file into the network's input, each step as Pillow does it\n\
         # (resume.py repeats them): alpha over white; \"gray\" (convert(\"L\")) or \"rgb\"; \"crop\" to the\n\
         # centred window of the size's aspect, or \"pad\": shrink to fit, centred on grey level \"pad\";\n\
         # resize to \"size\" [height, width] with \"filter\". None: images not made from files (MNIST's\n\
         # digits), read as grey (RGB for 3 channels) and resized to INPUT_SHAPE if they differ.\n",
    );
    match folder.preprocessing {
        Some(p) => writeln!(py, "PREPROCESSING = {}", preprocessing_dict(&p)).ok(),
        None => writeln!(py, "PREPROCESSING = None").ok(),
    };
    py
}

/// The preprocessing as a Python dict: `{"size": [32, 24], "color": "rgb", "fit": "pad", ...}`.
fn preprocessing_dict(p: &Preprocessing) -> String {
    let json = p.to_json();
    let text = |key: &str| json[key].to_string();
    format!(
        "{{\"size\": [{}, {}], \"color\": {}, \"fit\": {}, \"pad\": {}, \"filter\": {}}}",
        p.height,
        p.width,
        text("color"),
        text("fit"),
        text("pad"),
        text("filter")
    )
}
