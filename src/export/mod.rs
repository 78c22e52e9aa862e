//! Take a run with you: save it and resume it bit for bit, export it to PyTorch and ONNX, and
//! import weights from a PyTorch `state_dict`.
//!
//! | what | module | format |
//! |---|---|---|
//! | save / resume a run | [`save`] | `.cnnp`: magic, version, JSON header, f32 tensors, CRC-32 |
//! | continue in PyTorch | [`pytorch`] | a zip: `model.py`, `model.safetensors`, optimizer state, `resume.py`, `verify.py` |
//! | inference elsewhere | [`onnx`] | an ONNX model, opset 13, hand-encoded protobuf |
//! | bring weights in | [`import`] | a `.safetensors` `state_dict` |
//!
//! Parameter names are the same everywhere: `"<layer index>.weight"` and `".bias"`, which are
//! also the `state_dict` keys of the exported `nn.Sequential` and the ONNX initializer names.
//! Nothing here touches the network's hot loops; everything is pure Rust, so the same code
//! runs natively in tests and in the browser.

pub(crate) mod binary;
pub mod import;
pub mod onnx;
pub mod pytorch;
pub mod save;
mod tensors;
pub mod zip;

use crate::data::InputScaling;
use crate::error::Result;
use crate::spec::{Activation, LayerSpec, NetworkSpec};
use crate::training::{BatchCursor, Divergence, RunState, TrainingRun};
use crate::Trainer;
use serde_json::Value;

pub use import::{import_into, load_state_dict};
pub use save::{load_run, save_run};

/// What a run is besides its network and optimizer: everything else a save file holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunInfo {
    /// The seed of the initial weights and of the batch order.
    pub seed: u64,
    /// How images are standardized on their way into the network, when they are.
    pub scaling: Option<InputScaling>,
    /// Where the run is in its training data; `None` for a network trained on batches given by
    /// hand (the JS `Trainer`).
    pub data: Option<DataPosition>,
    /// Why the run stopped, if it diverged.
    pub divergence: Option<Divergence>,
    /// The page's link to the experiment (its `#...` hash), or empty.
    pub link: String,
}

impl RunInfo {
    /// What a save file holds of `run` besides its trainer, with the page's `link`.
    pub fn of_run(run: &TrainingRun, link: &str) -> Self {
        let cursor = run.cursor();
        RunInfo {
            seed: u64::from(run.seed()),
            scaling: run.scaling(),
            data: Some(DataPosition::of(cursor, run.data(), cursor.examples(), run.batch())),
            divergence: run.divergence().cloned(),
            link: link.to_string(),
        }
    }

    /// The run `trainer` continues as: at the saved place in its data, or (a save without one,
    /// from a bare trainer) at the first batch of epoch 0 with batches of `default_batch`.
    pub fn into_run(self, trainer: Trainer, default_batch: usize) -> Result<TrainingRun> {
        let seed = self.seed as u32;
        let (batch, epoch, position, images_seen, data) = match self.data {
            Some(d) => (d.batch, d.epoch, d.position, d.images_seen, d.name),
            None => (default_batch, 0, 0, 0, "mnist".to_string()),
        };
        let state = RunState {
            seed,
            batch,
            epoch,
            position,
            images_seen,
            scaling: self.scaling,
            data,
            divergence: self.divergence,
        };
        TrainingRun::from_parts(trainer, state)
    }

    /// A run known only by its seed (no data position, no scaling, no link).
    pub fn seeded(seed: u32) -> Self {
        RunInfo { seed: u64::from(seed), ..RunInfo::default() }
    }
}

/// Where a run is in its training data: the next mini-batch is examples `position..position +
/// batch` of epoch `epoch`'s order (see [`crate::training::BatchCursor`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DataPosition {
    /// The training data, as the link's `data` key names it: `"mnist"`.
    pub name: String,
    /// Examples in the training set (0 before the first batch).
    pub examples: usize,
    pub batch: usize,
    pub epoch: u32,
    pub position: usize,
    pub images_seen: u64,
}

impl DataPosition {
    /// Where `cursor` is in `name`, a set of `examples` examples read `batch` at a time.
    pub fn of(cursor: &BatchCursor, name: &str, examples: usize, batch: usize) -> Self {
        DataPosition {
            name: name.to_string(),
            examples,
            batch,
            epoch: cursor.epoch(),
            position: cursor.position(),
            images_seen: cursor.images_seen(),
        }
    }
}

/// The JSON spec of `shared/spec/README.md` for a checked spec, every number exact: reading it
/// back gives an equal spec (a leaky slope keeps all of its f32 bits).
pub fn spec_json(spec: &NetworkSpec) -> Value {
    let mut json = spec.to_json();
    if let Some(layers) = json.get_mut("layers").and_then(Value::as_array_mut) {
        for (layer, value) in spec.layers().iter().zip(layers) {
            if let (LayerSpec::Activation(Activation::LeakyRelu { slope }), Value::Object(map)) = (layer, value) {
                map.insert("slope".into(), f64::from(*slope).into());
            }
        }
    }
    json
}

/// An f32 in its shortest decimal form, as a person would write it: `0.001`, `1e-08`.
pub(crate) fn short(x: f32) -> String {
    let text = format!("{x:?}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}
