//! Training data: a labelled image [`Dataset`] (bytes or f32, class names, and the
//! standardization its images get on their way into a network), the MNIST file the page fetches
//! (`www/data/mnist.bin`, its header read once by [`MnistInfo`]) and its fixed train/test split,
//! and drawn digits prepared as MNIST's were ([`digit`]). Training on them is
//! [`crate::training`]'s.

#[path = "data_digit.rs"]
pub mod digit;
#[path = "data_pixels.rs"]
mod pixels;

pub use pixels::{byte_value, Pixels};

use crate::bail;
use crate::error::Result;
use crate::images::Preprocessing;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// The first `TRAIN_COUNT` digits of `mnist.bin` are the training set, the rest the test set.
pub const TRAIN_COUNT: usize = 8000;

/// How images are prepared before they enter the network: `(v - mean) / std`, as PyTorch's
/// `transforms.Normalize` does.
///
/// Centred inputs of unit spread make the first layer's gradients better scaled: with
/// [`MNIST_SCALING`] the reference network with Adam (lr 0.001, batch 32) reaches 95% test
/// accuracy within 2 epochs of the 8,000 training digits, against 94% on raw [0, 1] pixels.
/// Datasets keep raw pixels (the page draws them, the lecture thresholds them) and say which
/// scaling their images get ([`Dataset::scaling`]); a [`crate::TrainingRun`] applies it where it
/// assembles a batch, and where it evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InputScaling {
    pub mean: f32,
    pub std: f32,
}

/// MNIST's pixel mean and standard deviation over its 60,000 training digits, the constants
/// of PyTorch's MNIST example: `Normalize((0.1307,), (0.3081,))`.
pub const MNIST_SCALING: InputScaling = InputScaling { mean: 0.1307, std: 0.3081 };

impl InputScaling {
    /// Scales `values` in place: `(v - mean) · (1 / std)`.
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
/// on their way into a network (its `scaling`, PyTorch's `Normalize` of its transform) and,
/// for images made from files, how a file became an image (its `preprocessing`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    images: Pixels,
    labels: Vec<u32>,
    shape: [usize; 3],
    classes: usize,
    class_names: Option<Arc<[String]>>,
    scaling: Option<InputScaling>,
    preprocessing: Option<Preprocessing>,
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
        Ok(Dataset { images, labels, shape, classes, class_names: None, scaling: None, preprocessing: None })
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

    /// The same set, its images made from files by `preprocessing` (`None`: images not made
    /// from files, or made some other way, like MNIST's digits). Refuses a preprocessing whose
    /// `[channels, height, width]` is not the set's shape.
    pub fn with_preprocessing(mut self, preprocessing: Option<Preprocessing>) -> Result<Self> {
        if let Some(p) = preprocessing.filter(|p| p.shape() != self.shape) {
            let ([c, h, w], [pc, ph, pw]) = (self.shape, p.shape());
            bail!("the preprocessing makes images of {pc} x {ph} x {pw}, but the set's images are {c} x {h} x {w}: give the preprocessing the set was made with");
        }
        self.preprocessing = preprocessing;
        Ok(self)
    }

    /// How an image file became one of the set's images (size, colour, fit, pad, filter), if
    /// the set was made from files: what an export repeats on the user's folder.
    pub fn preprocessing(&self) -> Option<Preprocessing> {
        self.preprocessing
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
        Ok(Dataset {
            class_names: self.class_names.clone(),
            scaling: self.scaling,
            preprocessing: self.preprocessing,
            ..set
        })
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

    /// Reads `mnist.bin` (format in `www/data/README.md`, header read by [`MnistInfo::read`]):
    /// then `count * rows * cols` u8 pixels (0 background, 255 ink) and `count` u8 labels
    /// 0..9. Pixels are kept as bytes, each the value `b / 255` in [0, 1]; the set is
    /// standardized with [`MNIST_SCALING`] for training.
    pub fn from_mnist_bytes(bytes: &[u8]) -> Result<Dataset> {
        let MnistInfo { count, rows, cols } = MnistInfo::read(bytes)?;
        let pixels = count * rows * cols;
        let labels = bytes[16 + pixels..].iter().map(|&b| u32::from(b)).collect();
        let set = Dataset::from_bytes(&bytes[16..16 + pixels], labels, [1, rows, cols], 10);
        Ok(set.map_err(|e| e.context("mnist.bin"))?.with_scaling(Some(MNIST_SCALING)))
    }
}

/// The header of `mnist.bin`: `"MNST"`, then u32 little-endian count, rows and cols; checked
/// against the file's length. The one place the format's header is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MnistInfo {
    pub count: usize,
    pub rows: usize,
    pub cols: usize,
}

impl MnistInfo {
    /// Reads and checks the header, without converting any pixel.
    pub fn read(bytes: &[u8]) -> Result<MnistInfo> {
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
        Ok(MnistInfo { count, rows, cols })
    }

    /// Digits in the training set of the split.
    pub fn train_count(&self) -> usize {
        TRAIN_COUNT.min(self.count)
    }

    /// Digits in the test set of the split (the rest).
    pub fn test_count(&self) -> usize {
        self.count.saturating_sub(TRAIN_COUNT)
    }

    /// Refuses a file too small for the split.
    pub fn check_split(&self) -> Result<()> {
        if self.count <= TRAIN_COUNT {
            bail!("mnist.bin holds {} images, but the split needs more than {TRAIN_COUNT} (the first {TRAIN_COUNT} train, the rest test)", self.count);
        }
        Ok(())
    }
}

/// The fixed split of `mnist.bin`: the first [`TRAIN_COUNT`] examples train, the rest test.
pub fn mnist_split(bytes: &[u8]) -> Result<(Dataset, Dataset)> {
    MnistInfo::read(bytes)?.check_split()?;
    let all = Dataset::from_mnist_bytes(bytes)?;
    Ok((all.slice(0, TRAIN_COUNT)?, all.slice(TRAIN_COUNT, all.len())?))
}

#[cfg(test)]
#[path = "data_tests.rs"]
pub(crate) mod tests;
