//! The PyTorch export: one zip holding everything needed to continue the run in PyTorch.
//!
//! | file | what |
//! |---|---|
//! | `model.py` | `Net` (an `nn.Sequential`), the loss, `make_optimizer`, `load_model`, `load_optimizer`, `save_checkpoint` |
//! | `model.safetensors` | `Net().state_dict()`: keys `0.weight`, `0.bias`, ... |
//! | `optimizer.safetensors` + `optimizer.json` | `optimizer.state_dict()`: state tensors `state.<i>.<name>` and `param_groups` |
//! | `resume.py`, `verify.py`, `README.md` | continue training; check the export; how to |
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

/// The export as a zip, its files in [`FOLDER`], dated `time`.
pub fn pytorch_zip(trainer: &Trainer, info: &RunInfo, sample: &SampleBatch, time: DosTime) -> Result<Vec<u8>> {
    let mut zip = ZipWriter::new(time);
    for (name, bytes) in pytorch_files(trainer, info, sample)? {
        zip.add(&format!("{FOLDER}/{name}"), &bytes);
    }
    Ok(zip.finish())
}

/// The export's files, `(name, bytes)`. Refuses a network without parameters and weights that
/// are not finite numbers.
pub fn pytorch_files(trainer: &Trainer, info: &RunInfo, sample: &SampleBatch) -> Result<Vec<(String, Vec<u8>)>> {
    let network = trainer.network();
    if network.param_slots().is_empty() {
        refuse!(EXPORT_NO_PARAMETERS);
    }
    if let Some(name) = crate::training::non_finite_param(network) {
        refuse!(EXPORT_NOT_FINITE, name);
    }
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
        .replace("{{SCALING}}", &scaling_note(info.scaling))
        .replace("{{OPTIMIZER}}", &model_py::optimizer_text(optimizer.spec()));
    Ok(vec![
        ("README.md".into(), readme.into_bytes()),
        ("model.py".into(), model_py(network, optimizer.spec(), info, steps).into_bytes()),
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

fn scaling_note(scaling: Option<InputScaling>) -> String {
    match scaling {
        Some(s) => format!(
            " Images are read as gray pixels in [0, 1] and standardized as\n   `(pixel - {}) / {}`, as cnn-playground did (white digits on black, as MNIST).",
            short(s.mean),
            short(s.std)
        ),
        None => String::new(),
    }
}
