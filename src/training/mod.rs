//! One training run: the trainer (network and optimizer), where it is in its data, how its
//! inputs are scaled, evaluation, and the latch that stops it when it diverges. The page's
//! workers (through the wasm `TrainingRun`), the lecture's digit network and its dead-ReLU
//! experiment all train through this one type.
//!
//! ```text
//! data (Dataset) ──► BatchCursor: indices of the next batch, from epoch_order(seed, epoch)
//!                ──► gather + InputScaling ──► gradients of the batch ──► optimizer update
//!                ──► divergence check (latched)
//! ```
//!
//! Made for what comes next:
//! - saving and resuming bit for bit: every piece of state can be read and set. The network
//!   (spec and weights) and the optimizer (spec, step count, moments) through [`Trainer`];
//!   the rest (seed, batch size, epoch, position in the epoch, images seen, scaling, data
//!   choice, divergence) as a [`RunState`]. [`TrainingRun::from_parts`] puts them together
//!   again, and the run continues with the very losses it would have had.
//! - data-parallel training: [`TrainingRun::batch_gradients`] computes the gradient of any set
//!   of examples without touching the optimizer, and the batch order is a pure function of
//!   `(seed, epoch)` ([`epoch_order`]), so workers can each take a fixed share of a batch.
//! - per-class evaluation: [`TrainingRun::evaluate_each`] reports every example's prediction
//!   ([`crate::evaluation::Predictions`] keeps them for a confusion matrix).
//!
//! Scaling: every image of a set enters the network standardized with the set's own scaling
//! ([`Dataset::scaling`]: MNIST's constants for the digits, the training part's statistics for
//! other sets); a single image ([`TrainingRun::predict`]) as the last training set was, or as
//! [`TrainingRun::with_scaling`] said before any training.

mod divergence;
mod evaluate;
mod order;

#[cfg(test)]
mod tests;

pub use divergence::{check as check_divergence, non_finite_param, Divergence, LOSS_LIMIT};
pub use evaluate::{argmax, Evaluation, Prediction};
pub use order::{epoch_order, BatchCursor, BATCH_STREAM};

use crate::bail;
use crate::data::{Dataset, InputScaling};
use crate::error::Result;
use crate::loss::Targets;
use crate::spec::{Loss, Shape};
use crate::{Network, NetworkSpec, OptimizerSpec, Trainer};
use evaluate::Tally;
use serde::Serialize;

/// Examples per forward pass when evaluating.
pub const EVAL_CHUNK: usize = 250;

/// What [`TrainingRun::train_steps`] did: the loss of each step (before its update) and, if the
/// run diverged, where; it stops at the first bad step.
#[derive(Debug, Clone, Default)]
pub struct StepsReport {
    pub losses: Vec<f32>,
    pub divergence: Option<Divergence>,
}

/// Everything about a run that is not in its [`Trainer`]: with the trainer, the whole run.
/// (In JSON, camelCase: `imagesSeen`.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunState {
    /// Seeds the initial weights (through the trainer) and the batch order.
    pub seed: u32,
    pub batch: usize,
    pub epoch: u32,
    /// Examples of epoch `epoch`'s order already trained on.
    pub position: usize,
    pub images_seen: u64,
    /// The last training set's scaling, which single images get.
    pub scaling: Option<InputScaling>,
    /// Which data the run trains on, as the link names it (`mnist`).
    pub data: String,
    pub divergence: Option<Divergence>,
}

/// One training run; see the module docs.
#[derive(Debug, Clone)]
pub struct TrainingRun {
    trainer: Trainer,
    batch: usize,
    cursor: BatchCursor,
    scaling: Option<InputScaling>,
    data: String,
    divergence: Option<Divergence>,
    /// The batch being assembled (and a scaled copy of an image being inspected).
    images: Vec<f32>,
    labels: Vec<u32>,
}

impl TrainingRun {
    /// A fresh run: the network initialized from `seed`, step 0 of epoch 0, raw inputs, data
    /// `mnist`. Refuses a batch size the network cannot train on.
    pub fn new(spec: NetworkSpec, optimizer: OptimizerSpec, seed: u32, batch: usize) -> Result<Self> {
        spec.check_batch(batch)?;
        let trainer = Trainer::new(spec, optimizer, u64::from(seed));
        Ok(TrainingRun {
            trainer,
            batch,
            cursor: BatchCursor::new(seed),
            scaling: None,
            data: "mnist".into(),
            divergence: None,
            images: Vec::new(),
            labels: Vec::new(),
        })
    }

    /// The run with single images scaled by `scaling` until it trains on a set (which then
    /// brings its own).
    pub fn with_scaling(mut self, scaling: Option<InputScaling>) -> Self {
        self.scaling = scaling;
        self
    }

    /// A run from a trainer and the rest of its state, as [`TrainingRun::state`] gave them.
    pub fn from_parts(trainer: Trainer, state: RunState) -> Result<Self> {
        trainer.network().spec().check_batch(state.batch)?;
        let cursor = BatchCursor::at(state.seed, state.epoch, state.position, state.images_seen);
        Ok(TrainingRun {
            trainer,
            batch: state.batch,
            cursor,
            scaling: state.scaling,
            data: state.data,
            divergence: state.divergence,
            images: Vec::new(),
            labels: Vec::new(),
        })
    }

    /// Everything about the run besides its trainer.
    pub fn state(&self) -> RunState {
        RunState {
            seed: self.cursor.seed(),
            batch: self.batch,
            epoch: self.cursor.epoch(),
            position: self.cursor.position(),
            images_seen: self.cursor.images_seen(),
            scaling: self.scaling,
            data: self.data.clone(),
            divergence: self.divergence.clone(),
        }
    }

    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }
    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }
    pub fn network(&self) -> &Network {
        self.trainer.network()
    }
    pub fn seed(&self) -> u32 {
        self.cursor.seed()
    }
    pub fn batch(&self) -> usize {
        self.batch
    }
    pub fn cursor(&self) -> &BatchCursor {
        &self.cursor
    }
    pub fn scaling(&self) -> Option<InputScaling> {
        self.scaling
    }
    pub fn data(&self) -> &str {
        &self.data
    }
    /// Names the data the run trains on, as the link does (`mnist`, `shapes`, `own`).
    pub fn set_data(&mut self, name: &str) {
        self.data = name.to_string();
    }
    /// Starts the data again at the first batch of epoch 0 and clears a divergence: for new
    /// weights (an imported state_dict) whose optimizer starts again too.
    pub fn restart_data(&mut self) {
        self.cursor = BatchCursor::new(self.cursor.seed());
        self.divergence = None;
    }
    /// Optimizer steps taken.
    pub fn steps(&self) -> u64 {
        self.trainer.optimizer().steps()
    }
    /// Where and why the run diverged, once it has.
    pub fn divergence(&self) -> Option<&Divergence> {
        self.divergence.as_ref()
    }

    /// Runs `steps` optimizer steps on the next mini-batches of `data`. Stops early, with a
    /// [`Divergence`], when a loss or any weight becomes NaN or infinite or the loss passes
    /// [`LOSS_LIMIT`]; once diverged, the run trains no more (an empty report).
    pub fn train_steps(&mut self, data: &Dataset, steps: usize) -> Result<StepsReport> {
        let mut report = StepsReport { losses: Vec::with_capacity(steps), divergence: None };
        if self.divergence.is_some() {
            return Ok(report);
        }
        check_fits(self.network(), data)?;
        if data.is_empty() {
            bail!("there are no examples to train on");
        }
        self.scaling = data.scaling();
        for _ in 0..steps {
            let indices = self.cursor.next_batch(data.len(), self.batch);
            data.gather(indices, &mut self.images, &mut self.labels);
            let loss = self.loaded_batch_gradients()?;
            self.trainer.apply_update();
            report.losses.push(loss);
            if let Some(d) = check_divergence(loss, self.network(), self.steps()) {
                self.divergence = Some(d.clone());
                report.divergence = Some(d);
                break;
            }
        }
        Ok(report)
    }

    /// The gradient of the mean loss over the examples `indices` of `data` (scaled as in
    /// training) into the network's gradients; returns that loss. The optimizer is not
    /// touched: [`Trainer::apply_update`] takes the step.
    pub fn batch_gradients(&mut self, data: &Dataset, indices: &[u32]) -> Result<f32> {
        check_fits(self.network(), data)?;
        if let Some(&i) = indices.iter().find(|&&i| i as usize >= data.len()) {
            bail!("example {i} does not exist: the set has {} examples", data.len());
        }
        data.gather(indices, &mut self.images, &mut self.labels);
        self.scaling = data.scaling();
        self.loaded_batch_gradients()
    }

    /// Gradients of the batch in `images` and `labels`, scaled first (with the scaling of the
    /// set they came from).
    fn loaded_batch_gradients(&mut self) -> Result<f32> {
        if let Some(scaling) = self.scaling {
            scaling.apply(&mut self.images);
        }
        let n = self.labels.len();
        self.trainer.network_mut().gradients(&self.images, Targets::Classes(&self.labels), n, false)
    }

    /// Accuracy and mean cross-entropy on `data` (forward only, [`EVAL_CHUNK`] examples at a
    /// time, each scaled with the set's scaling).
    pub fn evaluate(&mut self, data: &Dataset) -> Result<Evaluation> {
        self.evaluate_each(data, |_| {})
    }

    /// [`TrainingRun::evaluate`], passing every example's [`Prediction`] to `each` in order.
    pub fn evaluate_each(&mut self, data: &Dataset, mut each: impl FnMut(Prediction)) -> Result<Evaluation> {
        self.evaluate_with(data, &mut each)
    }

    /// One compiled copy of the evaluation loop, whatever `each` is.
    fn evaluate_with(&mut self, data: &Dataset, each: &mut dyn FnMut(Prediction)) -> Result<Evaluation> {
        check_fits(self.network(), data)?;
        if data.is_empty() {
            bail!("there are no examples to evaluate on");
        }
        let mut tally = Tally::default();
        for start in (0..data.len()).step_by(EVAL_CHUNK) {
            let end = (start + EVAL_CHUNK).min(data.len());
            data.images_into(start, end, &mut self.images);
            if let Some(scaling) = data.scaling() {
                scaling.apply(&mut self.images);
            }
            let network = self.trainer.network_mut();
            network.forward(&self.images, end - start)?;
            tally.add(data, start, network.logits(), network.probabilities(), each);
        }
        Ok(tally.finish())
    }

    /// Runs the network on one raw image (scaled as the last training set was) and returns its
    /// probabilities; every layer's output is then readable from [`TrainingRun::network`].
    pub fn predict(&mut self, image: &[f32]) -> Result<&[f32]> {
        self.images.clear();
        self.images.extend_from_slice(image);
        if let Some(scaling) = self.scaling {
            scaling.apply(&mut self.images);
        }
        self.trainer.network_mut().forward(&self.images, 1)
    }
}

/// Refuses a network that cannot read this data: other image shape, other class count, or a
/// loss other than softmax cross-entropy.
pub fn check_fits(network: &Network, data: &Dataset) -> Result<()> {
    let spec = network.spec();
    let [c, h, w] = data.shape();
    if spec.input() != (Shape::Image { channels: c, height: h, width: w }) {
        bail!(
            "the network's input is {}, but the images are {c} x {h} x {w}: set \"input\" to [{c}, {h}, {w}]",
            spec.input()
        );
    }
    if spec.loss() != Loss::SoftmaxCrossEntropy {
        bail!("training on labelled images needs the loss softmax_cross_entropy, not {}", spec.loss().name());
    }
    if network.outputs() != data.classes() {
        bail!(
            "the last layer has {} outputs, but there are {} classes: make the last dense layer {} units",
            network.outputs(),
            data.classes(),
            data.classes()
        );
    }
    Ok(())
}
