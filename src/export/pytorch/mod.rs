//! The PyTorch export: one zip holding everything needed to continue the run in PyTorch.
//!
//! | file | what |
//! |---|---|
//! | `model.py` | `Net` (an `nn.Sequential`), the loss, `make_optimizer`, `load_model`, `load_optimizer`, `save_checkpoint` |
//! | `model.safetensors` | `Net().state_dict()`: keys `0.weight`, `0.bias`, ... |
//! | `optimizer.safetensors` + `optimizer.json` | `optimizer.state_dict()`: state tensors `state.<i>.<name>` and `param_groups` |
//! | `resume.py`, `verify.py`, `README.md` | continue training on the user's folder (by `CLASSES` and `PREPROCESSING` of `model.py`); check the export; how to |
//! | `verify.safetensors` | a batch with our logits, loss, gradients, and weights and state after one step |
//! | `run.json` | the run as the save file's header describes it |
//!
//! PyTorch's per-parameter optimizer state, by our rule: momentum `momentum_buffer` (= our
//! velocity); adagrad `step`, `sum`; rmsprop `step`, `square_avg`; adam `step`, `exp_avg`,
//! `exp_avg_sq`. `step` is a 0-dimensional float32 tensor. Before the first step PyTorch keeps
//! no state, except Adagrad's zeros, which its constructor makes.

mod model_py;

use super::save::run_json;
use super::tensors::{self, Tensor};
use super::zip::{DosTime, ZipWriter};
use super::{short, RunInfo};
use crate::data::{Dataset, InputScaling};
use crate::error::Result;
use crate::images::{Fit, Preprocessing};
use crate::loss::Targets;
use crate::network::ParamSlot;
use crate::optim::{Optimizer, OptimizerSpec, Rule};
use crate::refuse;
use crate::rng::Rng;
use crate::spec::{Loss, NetworkSpec};
use crate::trainer::Trainer;
use crate::training::BatchCursor;
use serde_json::{json, Value};

pub use model_py::model_py;

/// The folder the zip's files are in.
pub const FOLDER: &str = "cnn-playground-pytorch";
const RESUME_PY: &str = include_str!("resume.py");
const VERIFY_PY: &str = include_str!("verify.py");
const README: &str = include_str!("README.md");

/// The stream of made-up sample inputs (the weights use 1, the batch order 2).
const SAMPLE_STREAM: u64 = 4;

/// Labels of a batch: class indices (softmax cross-entropy) or targets in [0, 1], one per
/// output (sigmoid binary cross-entropy).
#[derive(Debug, Clone, PartialEq)]
pub enum Labels {
    Classes(Vec<u32>),
    Values(Vec<f32>),
}

/// The batch `verify.py` checks: inputs as the network reads them, `[batch, C, H, W]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleBatch {
    pub input: Vec<f32>,
    pub labels: Labels,
    pub batch: usize,
}

impl SampleBatch {
    /// `batch` made-up examples, the same for every call: pixels uniform in [0, 1) (then
    /// standardized by `scaling`), labels cycling through the classes, or targets uniform in
    /// [0, 1).
    pub fn generated(spec: &NetworkSpec, batch: usize, scaling: Option<InputScaling>) -> Self {
        let mut rng = Rng::new(0, SAMPLE_STREAM);
        let mut input: Vec<f32> = (0..batch * spec.input().size()).map(|_| rng.next_f32()).collect();
        if let Some(s) = scaling {
            s.apply(&mut input);
        }
        let outputs = spec.output().size();
        let labels = match spec.loss() {
            Loss::SoftmaxCrossEntropy => Labels::Classes((0..batch).map(|i| (i % outputs) as u32).collect()),
            Loss::SigmoidBinaryCrossEntropy => Labels::Values((0..batch * outputs).map(|_| rng.next_f32()).collect()),
        };
        SampleBatch { input, labels, batch }
    }

    /// The run's next mini-batch of `data`, as its next step will see it (standardized by
    /// `scaling`), without moving `cursor`.
    pub fn next_of(cursor: &BatchCursor, data: &Dataset, batch: usize, scaling: Option<InputScaling>) -> Self {
        let mut cursor = cursor.clone();
        let (mut input, mut classes) = (Vec::new(), Vec::new());
        data.gather(cursor.next_batch(data.len(), batch), &mut input, &mut classes);
        if let Some(s) = scaling {
            s.apply(&mut input);
        }
        SampleBatch { batch: classes.len(), input, labels: Labels::Classes(classes) }
    }

    fn targets(&self) -> Targets<'_> {
        match &self.labels {
            Labels::Classes(c) => Targets::Classes(c),
            Labels::Values(v) => Targets::Values(v),
        }
    }
}

/// How `resume.py` reads the user's folder of images, `FOLDER/<class name>/<image>`, as the
/// run's data had them: `model.py`'s `CLASSES` and `PREPROCESSING`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageFolder {
    /// The class names in label order: label `i` is `classes[i]`, the name of its folder ("0" to
    /// "9" for the digits). `None` (a network trained on batches given by hand): folders named
    /// by the label, `0` to `outputs - 1`.
    pub classes: Option<Vec<String>>,
    /// How an image file became the network's input (alpha over white, grey or RGB, crop or
    /// pad, resize with the filter). `None` for images not made from files (the digits): a
    /// file is converted to grey or RGB and resized to the input if it is not that size.
    pub preprocessing: Option<Preprocessing>,
}

impl ImageFolder {
    /// The folder layout of `data`, the set a run trains on: its class names and preprocessing.
    pub fn of(data: &Dataset) -> Self {
        ImageFolder { classes: Some(data.class_names()), preprocessing: data.preprocessing() }
    }
}

/// The export as a zip, its files in [`FOLDER`], dated `time`.
pub fn pytorch_zip(
    trainer: &Trainer,
    info: &RunInfo,
    folder: &ImageFolder,
    sample: &SampleBatch,
    time: DosTime,
) -> Result<Vec<u8>> {
    let mut zip = ZipWriter::new(time);
    for (name, bytes) in pytorch_files(trainer, info, folder, sample)? {
        zip.add(&format!("{FOLDER}/{name}"), &bytes);
    }
    Ok(zip.finish())
}

/// The export's files, `(name, bytes)`. Refuses a network without parameters, weights that
/// are not finite numbers, and class names that do not fit the network's outputs.
pub fn pytorch_files(
    trainer: &Trainer,
    info: &RunInfo,
    folder: &ImageFolder,
    sample: &SampleBatch,
) -> Result<Vec<(String, Vec<u8>)>> {
    let network = trainer.network();
    if network.param_slots().is_empty() {
        refuse!(EXPORT_NO_PARAMETERS);
    }
    if let Some(name) = crate::training::non_finite_param(network) {
        refuse!(EXPORT_NOT_FINITE, name);
    }
    check_folder(folder, network.outputs(), network.spec().input().dims())?;
    let optimizer = trainer.optimizer();
    let weights: Vec<(String, Tensor)> = network
        .param_slots()
        .iter()
        .map(|s| (s.name.clone(), Tensor::f32(&s.shape, s.range.of(network.params()))))
        .collect();
    let (state, state_names) = optimizer_state(optimizer, network.param_slots(), "");
    let groups = json!({"state": state_names, "param_groups": [param_group(optimizer.spec(), weights.len())]});
    let steps = optimizer.steps();
    let readme = README
        .replace("{{SUMMARY}}", &summary(trainer, info))
        .replace("{{FOLDER}}", &folder_note(folder, info.scaling))
        .replace("{{OPTIMIZER}}", &model_py::optimizer_text(optimizer.spec()));
    Ok(vec![
        ("README.md".into(), readme.into_bytes()),
        ("model.py".into(), model_py(network, optimizer.spec(), info, folder, steps).into_bytes()),
        ("model.safetensors".into(), tensors::write(&weights)),
        ("optimizer.safetensors".into(), tensors::write(&state)),
        ("optimizer.json".into(), pretty(&groups)),
        ("resume.py".into(), RESUME_PY.as_bytes().to_vec()),
        ("verify.py".into(), VERIFY_PY.as_bytes().to_vec()),
        ("verify.safetensors".into(), tensors::write(&verify_tensors(trainer, sample)?)),
        ("run.json".into(), pretty(&run_json(trainer, info))),
    ])
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// PyTorch's per-parameter state of `optimizer` (for parameters `slots`) as tensors named
/// `<prefix>state.<i>.<name>`, and the names of each parameter's entries.
fn optimizer_state(optimizer: &Optimizer, slots: &[ParamSlot], prefix: &str) -> (Vec<(String, Tensor)>, Value) {
    let (first, second): (Option<&str>, Option<&str>) = match optimizer.spec().rule {
        Rule::Sgd => (None, None),
        Rule::Momentum { .. } => (Some("momentum_buffer"), None),
        Rule::Adagrad { .. } => (Some("sum"), None),
        Rule::RmsProp { .. } => (Some("square_avg"), None),
        Rule::Adam { .. } => (Some("exp_avg"), Some("exp_avg_sq")),
    };
    let counts_steps = !matches!(optimizer.spec().rule, Rule::Sgd | Rule::Momentum { .. });
    let has_state = optimizer.steps() > 0 || matches!(optimizer.spec().rule, Rule::Adagrad { .. });
    let mut tensors = Vec::new();
    let mut names = serde_json::Map::new();
    for (i, slot) in slots.iter().enumerate().filter(|_| has_state) {
        let mut entries = Vec::new();
        let mut put = |key: &str, tensor: Tensor| {
            tensors.push((format!("{prefix}state.{i}.{key}"), tensor));
            entries.push(Value::from(key));
        };
        if counts_steps {
            put("step", Tensor::scalar(optimizer.steps() as f32));
        }
        for (key, buffer) in [(first, optimizer.first_state()), (second, optimizer.second_state())] {
            if let Some(key) = key {
                put(key, Tensor::f32(&slot.shape, slot.range.of(buffer)));
            }
        }
        names.insert(i.to_string(), Value::Array(entries));
    }
    (tensors, Value::Object(names))
}

/// The optimizer's `param_groups[0]` as PyTorch 2 writes it, `params` indexing
/// `net.parameters()`. The numbers are the f32 values the run computed with, to the last bit
/// (β2 = 0.999 is 0.9990000128746033 in f32): PyTorch then computes `1 - β2` as we did, and
/// continues the run as it was, not one with slightly other hyperparameters.
fn param_group(spec: &OptimizerSpec, count: usize) -> Value {
    let n = |x: f32| Value::from(f64::from(x));
    let (lr, wd) = (n(spec.lr), n(spec.weight_decay));
    let mut group = match spec.rule {
        Rule::Sgd | Rule::Momentum { .. } => {
            let momentum = if let Rule::Momentum { momentum } = spec.rule { n(momentum) } else { 0.into() };
            json!({"lr": lr, "momentum": momentum, "dampening": 0, "weight_decay": wd, "nesterov": false,
                   "maximize": false, "foreach": null, "differentiable": false, "fused": null})
        }
        Rule::Adagrad { eps } => json!({"lr": lr, "lr_decay": 0, "eps": n(eps), "weight_decay": wd,
            "initial_accumulator_value": 0, "foreach": null, "maximize": false, "differentiable": false, "fused": null}),
        Rule::RmsProp { alpha, eps } => json!({"lr": lr, "momentum": 0, "alpha": n(alpha), "eps": n(eps),
            "centered": false, "weight_decay": wd, "capturable": false, "foreach": null, "maximize": false,
            "differentiable": false}),
        Rule::Adam { beta1, beta2, eps } => json!({"lr": lr, "betas": [n(beta1), n(beta2)], "eps": n(eps),
            "weight_decay": wd, "amsgrad": false, "maximize": false, "foreach": null, "capturable": false,
            "differentiable": false, "fused": null, "decoupled_weight_decay": false}),
    };
    group["params"] = (0..count).collect::<Vec<_>>().into();
    group
}

/// What `verify.py` compares: the sample batch, our logits, loss and gradients on it, and the
/// weights and optimizer state after one step on it (taken on a copy of `trainer`).
fn verify_tensors(trainer: &Trainer, sample: &SampleBatch) -> Result<Vec<(String, Tensor)>> {
    let mut next = trainer.clone();
    let loss = next.network_mut().gradients(&sample.input, sample.targets(), sample.batch, false)?;
    let spec = trainer.network().spec();
    let (batch, outputs) = (sample.batch, spec.output().size());
    let mut input_shape = vec![batch];
    input_shape.extend(spec.input().dims());
    let mut out = vec![
        ("input".to_string(), Tensor::f32(&input_shape, &sample.input)),
        ("logits".to_string(), Tensor::f32(&[batch, outputs], next.network().logits())),
        ("loss".to_string(), Tensor::scalar(loss)),
        match &sample.labels {
            Labels::Classes(c) => ("labels".to_string(), Tensor::i64(&[batch], c)),
            Labels::Values(v) => ("targets".to_string(), Tensor::f32(&[batch, outputs], v)),
        },
    ];
    for slot in next.network().param_slots() {
        out.push((format!("grad.{}", slot.name), Tensor::f32(&slot.shape, slot.range.of(next.network().grads()))));
    }
    next.apply_update();
    for slot in next.network().param_slots() {
        out.push((format!("after.{}", slot.name), Tensor::f32(&slot.shape, slot.range.of(next.network().params()))));
    }
    out.extend(optimizer_state(next.optimizer(), next.network().param_slots(), "after.").0);
    Ok(out)
}

fn summary(trainer: &Trainer, info: &RunInfo) -> String {
    let network = trainer.network();
    let layers: Vec<&str> = network.spec().layers().iter().map(|l| l.type_name()).collect();
    let mut text = format!(
        "A network of {} parameters ({} -> {}), trained in cnn-playground for {} optimizer steps with {}",
        network.params().len(),
        network.spec().input(),
        layers.join(" -> "),
        trainer.optimizer().steps(),
        model_py::optimizer_text(trainer.optimizer().spec())
    );
    if let Some(d) = &info.data {
        text +=
            &format!(" on {} in batches of {} (epoch {}, {} images seen)", d.name, d.batch, d.epoch + 1, d.images_seen);
    }
    text + "."
}

/// Refuses class names `resume.py` could not find as folders (more than the network's
/// `outputs`, a name twice, a name that is no folder's), and a preprocessing that does not
/// make the network's `input`.
fn check_folder(folder: &ImageFolder, outputs: usize, input: Vec<usize>) -> Result<()> {
    if let Some(classes) = &folder.classes {
        if classes.is_empty() || classes.len() > outputs {
            refuse!(EXPORT_CLASS_COUNT, classes = classes.len(), outputs);
        }
        for (i, name) in classes.iter().enumerate() {
            if classes[..i].contains(name) {
                refuse!(EXPORT_CLASS_TWICE, name);
            }
            if name.trim().is_empty() || name == "." || name == ".." || name.contains(['/', '\\']) {
                refuse!(EXPORT_CLASS_FOLDER, name = format!("{name:?}"));
            }
        }
    }
    if let Some(p) = folder.preprocessing {
        if p.shape()[..] != input[..] {
            let [c, h, w] = p.shape();
            refuse!(
                EXPORT_INPUT_SHAPE,
                c,
                h,
                w,
                input = input.iter().map(usize::to_string).collect::<Vec<_>>().join(" x ")
            );
        }
    }
    Ok(())
}

/// Step 3 of the README: the folder `resume.py` reads, and how it prepares each image.
fn folder_note(folder: &ImageFolder, scaling: Option<InputScaling>) -> String {
    let mut text = match &folder.classes {
        Some(names) => {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!(
                "Put your training images in a folder with one folder per class, named by the class\n   as in cnn-playground: {} (`images/{}/*.png`, ...: the layout the data\n   view's **Export a zip** writes; a folder of another name is refused).",
                names.join(", "),
                folder.classes.as_ref().and_then(|n| n.first()).map_or("0", String::as_str)
            )
        }
        None => "Put your training images in a folder with one folder per class, named by its label:\n   `images/0/*.png`, `images/1/*.png`, ...".to_string(),
    };
    if let Some(p) = folder.preprocessing {
        let fit = match p.fit {
            Fit::Crop => "cut to the centred window of that aspect (crop)".to_string(),
            Fit::Pad => format!("shrunk to fit and centred on grey level {} (pad)", p.pad),
        };
        let color = if p.channels() == 1 { "made grey by Pillow's convert(\"L\")" } else { "RGB" };
        text += &format!(
            "\n   `resume.py` prepares each image exactly as cnn-playground did: alpha over white,\n   {color}, {fit},\n   resized to {} x {} (height x width) with the {} filter",
            p.height,
            p.width,
            p.filter.name()
        );
    } else {
        text +=
            "\n   `resume.py` reads each image as grey (RGB for a 3-channel network), resized to the input if needed";
    }
    match scaling {
        Some(s) => {
            let digits = if folder.preprocessing.is_none() { " (white digits on black, as MNIST)" } else { "" };
            text + &format!(
                ",\n   then scales it to [0, 1] and standardizes it as `(pixel - {}) / {}`, as cnn-playground did{digits}.",
                short(s.mean),
                short(s.std)
            )
        }
        None => text + ", then scales it to [0, 1].",
    }
}
