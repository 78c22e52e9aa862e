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

use crate::bail;
use crate::error::Result;
use crate::loss::Targets;
use crate::rng::Rng;
use crate::spec::{Loss, Shape};
use crate::trainer::Trainer;
use crate::Network;

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

/// Labelled images: `images` is `[len, channels, height, width]` (NCHW, f32 in [0, 1]),
/// `labels[i]` the class of image `i`, below `classes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    images: Vec<f32>,
    labels: Vec<u32>,
    shape: [usize; 3],
    classes: usize,
}

impl Dataset {
    /// Checks that there is one label per image and every label is a class below `classes`.
    pub fn new(images: Vec<f32>, labels: Vec<u32>, shape: [usize; 3], classes: usize) -> Result<Self> {
        let per: usize = shape.iter().product();
        if per == 0 {
            bail!("an image of shape {} x {} x {} has no pixels", shape[0], shape[1], shape[2]);
        }
        if images.len() != labels.len() * per {
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
        Ok(Dataset { images, labels, shape, classes })
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
    pub fn images(&self) -> &[f32] {
        &self.images
    }
    pub fn labels(&self) -> &[u32] {
        &self.labels
    }

    /// Image `index`, `[channels, height, width]` flat.
    pub fn image(&self, index: usize) -> Result<&[f32]> {
        self.check_index(index)?;
        let per = self.image_size();
        Ok(&self.images[index * per..(index + 1) * per])
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
        Dataset::new(
            self.images[start * per..end * per].to_vec(),
            self.labels[start..end].to_vec(),
            self.shape,
            self.classes,
        )
    }

    /// Copies the examples at `indices` (in that order) into `images` and `labels`.
    pub fn gather(&self, indices: &[u32], images: &mut Vec<f32>, labels: &mut Vec<u32>) {
        let per = self.image_size();
        images.clear();
        labels.clear();
        for &i in indices {
            let i = i as usize;
            images.extend_from_slice(&self.images[i * per..(i + 1) * per]);
            labels.push(self.labels[i]);
        }
    }

    /// Mean and standard deviation of every pixel value of the set (population, in f64).
    pub fn pixel_mean_std(&self) -> (f64, f64) {
        let n = self.images.len().max(1) as f64;
        let mean = self.images.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = self.images.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / n;
        (mean, var.sqrt())
    }

    /// A copy with every value standardized: `(v - mean) / std` (as PyTorch's `Normalize`).
    /// Refuses a `std` that is not a positive number.
    pub fn standardized(&self, mean: f64, std: f64) -> Result<Dataset> {
        if !(std > 0.0 && std.is_finite() && mean.is_finite()) {
            bail!("standardizing needs a finite mean and a standard deviation above 0, not mean {mean}, std {std}");
        }
        let images = self.images.iter().map(|&v| ((f64::from(v) - mean) / std) as f32).collect();
        Dataset::new(images, self.labels.clone(), self.shape, self.classes)
    }

    /// Reads `mnist.bin` (format in `www/data/README.md`): `"MNST"`, u32 LE count, rows, cols,
    /// then `count * rows * cols` u8 pixels (0 background, 255 ink) and `count` u8 labels 0..9.
    /// Pixels become `value / 255`, so in [0, 1].
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
        let images = bytes[16..16 + pixels].iter().map(|&b| f32::from(b) / 255.0).collect();
        let labels = bytes[16 + pixels..].iter().map(|&b| u32::from(b)).collect();
        Dataset::new(images, labels, [1, rows, cols], 10).map_err(|e| e.context("mnist.bin"))
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
    check_fits(network, data)?;
    if data.is_empty() {
        bail!("there are no examples to evaluate on");
    }
    let per = data.image_size();
    let classes = network.outputs();
    let chunk = chunk.clamp(1, data.len());
    let (mut correct, mut total_loss) = (0usize, 0.0f64);
    let mut scaled = Vec::new();
    for start in (0..data.len()).step_by(chunk) {
        let end = (start + chunk).min(data.len());
        let mut images = &data.images()[start * per..end * per];
        if let Some(scaling) = scaling {
            scaled.clear();
            scaled.extend_from_slice(images);
            scaling.apply(&mut scaled);
            images = &scaled;
        }
        network.forward(images, end - start)?;
        for (z, &label) in network.logits().chunks_exact(classes).zip(&data.labels()[start..end]) {
            let (best, max) = argmax(z);
            correct += usize::from(best == label as usize);
            let sum: f64 = z.iter().map(|&v| f64::from(v - max).exp()).sum();
            total_loss += sum.ln() + f64::from(max) - f64::from(z[label as usize]);
        }
    }
    let count = data.len();
    Ok(Evaluation { accuracy: correct as f64 / count as f64, loss: total_loss / count as f64, correct, count })
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
fn check_fits(network: &Network, data: &Dataset) -> Result<()> {
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
