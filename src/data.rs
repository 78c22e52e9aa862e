//! Training data and the training loop the page runs: a labelled image [`Dataset`], the MNIST
//! file the page fetches (`www/data/mnist.bin`), the fixed train/test split, a deterministic
//! mini-batch order, [`train_steps`] and [`evaluate`].
//!
//! Determinism: the order of epoch `e` is a Fisher-Yates shuffle seeded only by `(seed, e)`
//! on its own random stream ([`BATCH_STREAM`]), never by how many steps ran before or by which
//! optimizer is training. So several optimizers racing from one seed, and a replayed link, see
//! the same examples in the same batches in the same order.

#[path = "data_digit.rs"]
pub mod digit;
#[path = "data_pixels.rs"]
mod pixels;

pub use pixels::{byte_value, Pixels};

use crate::bail;
use crate::error::Result;
use crate::loss::Targets;
use crate::rng::Rng;
use crate::spec::{Loss, Shape};
use crate::trainer::Trainer;
use crate::Network;
use std::borrow::Cow;
use std::sync::Arc;

/// The random stream of the batch order (the network's initial weights use stream 1).
pub const BATCH_STREAM: u64 = 2;

/// The first `TRAIN_COUNT` digits of `mnist.bin` are the training set, the rest the test set.
pub const TRAIN_COUNT: usize = 8000;

/// How images are prepared before they enter the network: `(v - mean) / std`, as PyTorch's
/// `transforms.Normalize` does.
///
/// Centred inputs of unit spread make the first layer's gradients better scaled: with
/// [`MNIST_SCALING`] the reference network with Adam (lr 0.001, batch 32) reaches 95% test
/// accuracy within 2 epochs of the 8,000 training digits, against 94% on raw [0, 1] pixels.
/// Datasets keep raw pixels (the page draws them, the lecture thresholds them); the scaling is
/// applied where a batch is assembled ([`BatchBuffers`]) and in [`evaluate_scaled`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputScaling {
    pub mean: f32,
    pub std: f32,
}

/// MNIST's pixel mean and standard deviation over its 60,000 training digits, the constants
/// of PyTorch's MNIST example: `Normalize((0.1307,), (0.3081,))`.
pub const MNIST_SCALING: InputScaling = InputScaling { mean: 0.1307, std: 0.3081 };

impl InputScaling {
    /// Scales `values` in place.
    pub fn apply(&self, values: &mut [f32]) {
        let (mean, scale) = (self.mean, 1.0 / self.std);
        values.iter_mut().for_each(|v| *v = (*v - mean) * scale);
    }
}

/// The magic bytes at the start of `mnist.bin`.
pub const MNIST_MAGIC: &[u8; 4] = b"MNST";

/// Labelled images: `images` is `[len, channels, height, width]` (NCHW, in [0, 1]; kept as
/// bytes or f32, see [`Pixels`]), `labels[i]` the class of image `i`, below `classes`. Each
/// class has a name ("0" to "9" for digits), and the set says how its images are standardized
/// on their way into a network (its `scaling`, PyTorch's `Normalize` of its transform).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    images: Pixels,
    labels: Vec<u32>,
    shape: [usize; 3],
    classes: usize,
    class_names: Option<Arc<[String]>>,
    scaling: Option<InputScaling>,
}

impl Dataset {
    /// Checks that there is one label per image and every label is a class below `classes`.
    pub fn new(images: Vec<f32>, labels: Vec<u32>, shape: [usize; 3], classes: usize) -> Result<Self> {
        Self::from_pixels(Pixels::Floats(images), labels, shape, classes)
    }

    /// A set kept as bytes (value `b / 255`), with the checks of [`Dataset::new`].
    pub fn from_bytes(
        images: impl Into<Arc<[u8]>>,
        labels: Vec<u32>,
        shape: [usize; 3],
        classes: usize,
    ) -> Result<Self> {
        Self::from_pixels(Pixels::Bytes(images.into()), labels, shape, classes)
    }

    fn from_pixels(images: Pixels, labels: Vec<u32>, shape: [usize; 3], classes: usize) -> Result<Self> {
        let per = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d)).unwrap_or(usize::MAX);
        if per == 0 {
            bail!("an image of shape {} x {} x {} has no pixels", shape[0], shape[1], shape[2]);
        }
        if labels.len().checked_mul(per) != Some(images.len()) {
            bail!(
                "{} image values for {} labels: each {} x {} x {} image needs {per} values",
                images.len(),
                labels.len(),
                shape[0],
                shape[1],
                shape[2]
            );
        }
        if let Some(i) = labels.iter().position(|&l| l as usize >= classes) {
            bail!(
                "label {i} is {}, but there are only {classes} classes (0 to {})",
                labels[i],
                classes.saturating_sub(1)
            );
        }
        Ok(Dataset { images, labels, shape, classes, class_names: None, scaling: None })
    }

    /// The same set with these class names (one per class, as the page shows them).
    pub fn with_class_names(mut self, names: Vec<String>) -> Result<Self> {
        if names.len() != self.classes {
            bail!("{} class names for {} classes: give one name per class", names.len(), self.classes);
        }
        self.class_names = Some(names.into());
        Ok(self)
    }

    /// The name of each class: as given, or "0", "1", ... by default.
    pub fn class_names(&self) -> Vec<String> {
        match &self.class_names {
            Some(names) => names.to_vec(),
            None => (0..self.classes).map(|c| c.to_string()).collect(),
        }
    }

    /// The same set with this standardization for training on it (`None`: raw values).
    pub fn with_scaling(mut self, scaling: Option<InputScaling>) -> Self {
        self.scaling = scaling;
        self
    }

    /// How the set's images are standardized on their way into a network, if at all.
    pub fn scaling(&self) -> Option<InputScaling> {
        self.scaling
    }

    /// The stored values, as bytes or f32.
    pub fn pixels(&self) -> &Pixels {
        &self.images
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// `[channels, height, width]` of one image.
    pub fn shape(&self) -> [usize; 3] {
        self.shape
    }
    pub fn classes(&self) -> usize {
        self.classes
    }
    /// Values per image: `channels * height * width`.
    pub fn image_size(&self) -> usize {
        self.shape.iter().product()
    }
    /// Every image's values as f32 (converted when the set keeps bytes).
    pub fn images(&self) -> Cow<'_, [f32]> {
        self.images.values(0..self.images.len())
    }
    pub fn labels(&self) -> &[u32] {
        &self.labels
    }

    /// Image `index`, `[channels, height, width]` flat.
    pub fn image(&self, index: usize) -> Result<Cow<'_, [f32]>> {
        self.check_index(index)?;
        let per = self.image_size();
        Ok(self.images.values(index * per..(index + 1) * per))
    }

    /// Examples `start..end` as f32 into `out` (replacing its contents).
    pub fn images_into(&self, start: usize, end: usize, out: &mut Vec<f32>) {
        let per = self.image_size();
        out.clear();
        self.images.extend_into(start * per..end * per, out);
    }

    pub fn label(&self, index: usize) -> Result<u32> {
        self.check_index(index)?;
        Ok(self.labels[index])
    }

    fn check_index(&self, index: usize) -> Result<()> {
        if index >= self.len() {
            bail!(
                "example {index} does not exist: the set has {} examples (0 to {})",
                self.len(),
                self.len().saturating_sub(1)
            );
        }
        Ok(())
    }

    /// Examples `start..end` as a dataset of their own.
    pub fn slice(&self, start: usize, end: usize) -> Result<Dataset> {
        if start > end || end > self.len() {
            bail!("examples {start} to {end} are not within the {} examples of the set", self.len());
        }
        let per = self.image_size();
        let images = match &self.images {
            Pixels::Bytes(b) => Pixels::Bytes(b[start * per..end * per].into()),
            Pixels::Floats(f) => Pixels::Floats(f[start * per..end * per].to_vec()),
        };
        let set = Dataset::from_pixels(images, self.labels[start..end].to_vec(), self.shape, self.classes)?;
        Ok(Dataset { class_names: self.class_names.clone(), scaling: self.scaling, ..set })
    }

    /// Copies the examples at `indices` (in that order) into `images` and `labels`.
    pub fn gather(&self, indices: &[u32], images: &mut Vec<f32>, labels: &mut Vec<u32>) {
        let per = self.image_size();
        images.clear();
        labels.clear();
        for &i in indices {
            let i = i as usize;
            self.images.extend_into(i * per..(i + 1) * per, images);
            labels.push(self.labels[i]);
        }
    }

    /// Mean and standard deviation of every pixel value of the set (population, in f64).
    pub fn pixel_mean_std(&self) -> (f64, f64) {
        self.images.mean_std()
    }

    /// A copy with every value standardized: `(v - mean) / std` (as PyTorch's `Normalize`).
    /// Refuses a `std` that is not a positive number.
    pub fn standardized(&self, mean: f64, std: f64) -> Result<Dataset> {
        if !(std > 0.0 && std.is_finite() && mean.is_finite()) {
            bail!("standardizing needs a finite mean and a standard deviation above 0, not mean {mean}, std {std}");
        }
        let images = self.images().iter().map(|&v| ((f64::from(v) - mean) / std) as f32).collect();
        let set = Dataset::new(images, self.labels.clone(), self.shape, self.classes)?;
        Ok(Dataset { class_names: self.class_names.clone(), ..set })
    }

    /// Reads `mnist.bin` (format in `www/data/README.md`): `"MNST"`, u32 LE count, rows, cols,
    /// then `count * rows * cols` u8 pixels (0 background, 255 ink) and `count` u8 labels 0..9.
    /// Pixels are kept as bytes, each the value `b / 255` in [0, 1]; the set is standardized
    /// with [`MNIST_SCALING`] for training.
    pub fn from_mnist_bytes(bytes: &[u8]) -> Result<Dataset> {
        if bytes.len() < 16 || &bytes[..4] != MNIST_MAGIC {
            bail!("this is not an mnist.bin file: it must start with \"MNST\" and a 16-byte header ({} bytes given); run \"make build\" to write www/data/mnist.bin", bytes.len());
        }
        let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        let (count, rows, cols) = (word(4), word(8), word(12));
        if count == 0 || rows == 0 || cols == 0 || rows > 1024 || cols > 1024 {
            bail!("mnist.bin says it holds {count} images of {rows} x {cols} pixels: expected at least one image of at most 1024 x 1024");
        }
        let pixels = count as u64 * rows as u64 * cols as u64;
        let expected = 16 + pixels + count as u64;
        if bytes.len() as u64 != expected {
            bail!("mnist.bin is {} bytes, but {count} images of {rows} x {cols} need 16 + {pixels} + {count} = {expected}: the file is truncated or corrupt; rebuild it with \"make build\"", bytes.len());
        }
        let pixels = pixels as usize;
        let labels = bytes[16 + pixels..].iter().map(|&b| u32::from(b)).collect();
        let set = Dataset::from_bytes(&bytes[16..16 + pixels], labels, [1, rows, cols], 10);
        Ok(set.map_err(|e| e.context("mnist.bin"))?.with_scaling(Some(MNIST_SCALING)))
    }
}

/// The fixed split of `mnist.bin`: the first [`TRAIN_COUNT`] examples train, the rest test.
pub fn mnist_split(bytes: &[u8]) -> Result<(Dataset, Dataset)> {
    let all = Dataset::from_mnist_bytes(bytes)?;
    if all.len() <= TRAIN_COUNT {
        bail!("mnist.bin holds {} images, but the split needs more than {TRAIN_COUNT} (the first {TRAIN_COUNT} train, the rest test)", all.len());
    }
    Ok((all.slice(0, TRAIN_COUNT)?, all.slice(TRAIN_COUNT, all.len())?))
}

/// The order examples are visited in epoch `epoch` (0-based): a permutation of `0..len`
/// that depends only on `(seed, epoch)`.
pub fn epoch_order(len: usize, seed: u32, epoch: u32) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    Rng::new((u64::from(epoch) << 32) | u64::from(seed), BATCH_STREAM).shuffle(&mut order);
    order
}

/// Where a run is in its data: epoch, position within the epoch's order, images seen.
/// Mini-batches are consecutive runs of the epoch's order; the last one of an epoch is smaller
/// when the batch size does not divide the set (no example is skipped or seen twice).
#[derive(Debug, Clone)]
pub struct BatchCursor {
    seed: u32,
    epoch: u32,
    position: usize,
    images_seen: u64,
    order: Vec<u32>,
}

impl BatchCursor {
    pub fn new(seed: u32) -> Self {
        BatchCursor { seed, epoch: 0, position: 0, images_seen: 0, order: Vec::new() }
    }
    /// A cursor that continues where a saved one was: `position` examples into epoch `epoch`.
    /// The epoch's order is rebuilt from `(seed, epoch)` at the next batch.
    pub fn resume(seed: u32, epoch: u32, position: usize, images_seen: u64) -> Self {
        BatchCursor { seed, epoch, position, images_seen, order: Vec::new() }
    }
    pub fn seed(&self) -> u32 {
        self.seed
    }
    /// Examples in the set the cursor walks (0 before its first batch).
    pub fn examples(&self) -> usize {
        self.order.len()
    }
    /// Examples of the current epoch's order already used.
    pub fn position(&self) -> usize {
        self.position
    }
    /// Completed epochs plus the fraction of the current one, e.g. 1.25.
    pub fn epoch_progress(&self, len: usize) -> f64 {
        f64::from(self.epoch) + if len == 0 { 0.0 } else { self.position as f64 / len as f64 }
    }
    pub fn epoch(&self) -> u32 {
        self.epoch
    }
    pub fn images_seen(&self) -> u64 {
        self.images_seen
    }

    /// The indices of the next mini-batch of at most `batch` examples of a set of `len`.
    pub fn next_batch(&mut self, len: usize, batch: usize) -> &[u32] {
        if self.order.len() != len {
            // A new or resumed cursor keeps its place in the epoch; another set starts over.
            if !self.order.is_empty() {
                self.position = 0;
            }
            self.order = epoch_order(len, self.seed, self.epoch);
            self.position = self.position.min(len);
        }
        if self.position >= len && len > 0 {
            self.epoch += 1;
            self.order = epoch_order(len, self.seed, self.epoch);
            self.position = 0;
        }
        let start = self.position;
        self.position = (start + batch).min(len);
        self.images_seen += (self.position - start) as u64;
        &self.order[start..self.position]
    }
}

/// A mean cross-entropy above this is divergence even while still finite: it means the right
/// class got a probability below e^-100 on average, beneath what an f32 can hold (~e^-87);
/// no learning network gets there (chance is ln 10 = 2.3), a run whose weights blew up does.
pub const LOSS_LIMIT: f32 = 100.0;

/// Why a run stopped: a loss or a weight that is no longer a finite number, or a loss above
/// [`LOSS_LIMIT`].
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    /// The 1-based optimizer step whose loss or update went bad.
    pub step: u64,
    pub message: String,
}

/// What [`train_steps`] did: the loss of each step (before its update) and, if the run
/// diverged, where; it stops at the first bad step.
#[derive(Debug, Clone, Default)]
pub struct StepsReport {
    pub losses: Vec<f32>,
    pub divergence: Option<Divergence>,
}

/// Reused buffers for one mini-batch, and how its images are prepared for the network.
#[derive(Debug, Clone, Default)]
pub struct BatchBuffers {
    images: Vec<f32>,
    labels: Vec<u32>,
    scaling: Option<InputScaling>,
}

impl BatchBuffers {
    /// Buffers whose batches are scaled by `scaling` before each step.
    pub fn with_scaling(scaling: InputScaling) -> Self {
        BatchBuffers { scaling: Some(scaling), ..Default::default() }
    }

    /// Changes how the next batches are scaled (`None`: raw values).
    pub fn set_scaling(&mut self, scaling: Option<InputScaling>) {
        self.scaling = scaling;
    }
}

/// Runs `steps` optimizer steps on consecutive mini-batches of `train`. Stops early, with a
/// [`Divergence`], when a loss or any weight becomes NaN or infinite or the loss passes
/// [`LOSS_LIMIT`].
pub fn train_steps(
    trainer: &mut Trainer,
    train: &Dataset,
    cursor: &mut BatchCursor,
    batch: usize,
    steps: usize,
    buffers: &mut BatchBuffers,
) -> Result<StepsReport> {
    check_fits(trainer.network(), train)?;
    trainer.network().spec().check_batch(batch)?;
    let mut report = StepsReport { losses: Vec::with_capacity(steps), divergence: None };
    for _ in 0..steps {
        let indices = cursor.next_batch(train.len(), batch);
        train.gather(indices, &mut buffers.images, &mut buffers.labels);
        if let Some(scaling) = buffers.scaling {
            scaling.apply(&mut buffers.images);
        }
        let n = buffers.labels.len();
        let loss = trainer.step(&buffers.images, Targets::Classes(&buffers.labels), n)?;
        report.losses.push(loss);
        let step = trainer.optimizer().steps();
        if !loss.is_finite() {
            report.divergence = Some(Divergence { step, message: format!("the loss became {loss} at step {step}") });
            break;
        }
        if loss > LOSS_LIMIT {
            report.divergence = Some(Divergence {
                step,
                message: format!(
                    "the loss exploded to {loss:.3e} at step {step} (above {LOSS_LIMIT}: the weights blew up)"
                ),
            });
            break;
        }
        if let Some(name) = non_finite_param(trainer.network()) {
            report.divergence =
                Some(Divergence { step, message: format!("weight {name} became NaN or infinite at step {step}") });
            break;
        }
    }
    Ok(report)
}

/// The name of the first parameter tensor holding a NaN or an infinity, if any.
pub fn non_finite_param(network: &Network) -> Option<String> {
    let params = network.params();
    network.param_slots().iter().find(|s| s.range.of(params).iter().any(|v| !v.is_finite())).map(|s| s.name.clone())
}

/// Accuracy and mean softmax cross-entropy on a labelled set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    pub accuracy: f64,
    pub loss: f64,
    pub correct: usize,
    pub count: usize,
}

/// Runs the network on every example of `data`, `chunk` at a time (forward only, no optimizer
/// step): accuracy = share of examples whose largest logit is their label; loss = mean of
/// `logsumexp(z) - z[label]`.
pub fn evaluate(network: &mut Network, data: &Dataset, chunk: usize) -> Result<Evaluation> {
    evaluate_scaled(network, data, chunk, None)
}

/// [`evaluate`], with every image scaled by `scaling` first (when given), as in training.
pub fn evaluate_scaled(
    network: &mut Network,
    data: &Dataset,
    chunk: usize,
    scaling: Option<InputScaling>,
) -> Result<Evaluation> {
    Ok(crate::evaluation::Predictions::of(network, data, chunk, scaling)?.evaluation())
}

/// Index and value of the largest entry (the first one on ties).
pub fn argmax(values: &[f32]) -> (usize, f32) {
    values
        .iter()
        .copied()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, v)| if v > best.1 { (i, v) } else { best })
}

/// Refuses a network that cannot read this data: other image shape, other class count, or a
/// loss other than softmax cross-entropy.
pub(crate) fn check_fits(network: &Network, data: &Dataset) -> Result<()> {
    let spec = network.spec();
    let [c, h, w] = data.shape();
    if spec.input() != (Shape::Image { channels: c, height: h, width: w }) {
        bail!(
            "the network's input is {}, but the images are {c} x {h} x {w}: set \"input\" to [{c}, {h}, {w}]",
            spec.input()
        );
    }
    if spec.loss() != Loss::SoftmaxCrossEntropy {
        bail!("training on labelled digits needs the loss softmax_cross_entropy, not {}", spec.loss().name());
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

#[cfg(test)]
#[path = "data_tests.rs"]
mod tests;
