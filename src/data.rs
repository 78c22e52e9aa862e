//! Training data: a labelled image [`Dataset`], the MNIST file the page fetches
//! (`www/data/mnist.bin`, its header read once by [`MnistInfo`]) and its fixed train/test split,
//! and drawn digits prepared as MNIST's were ([`digit`]). Training on them is
//! [`crate::training`]'s.

#[path = "data_digit.rs"]
pub mod digit;

use crate::bail;
use crate::error::Result;
use serde::Serialize;

/// The first `TRAIN_COUNT` digits of `mnist.bin` are the training set, the rest the test set.
pub const TRAIN_COUNT: usize = 8000;

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

    /// Reads `mnist.bin` (format in `www/data/README.md`, header read by [`MnistInfo::read`]):
    /// then `count * rows * cols` u8 pixels (0 background, 255 ink) and `count` u8 labels
    /// 0..9. Pixels become `value / 255`, so in [0, 1].
    pub fn from_mnist_bytes(bytes: &[u8]) -> Result<Dataset> {
        let count = MnistInfo::read(bytes)?.count;
        Dataset::from_mnist_range(bytes, 0, count)
    }

    /// Examples `start..end` of `mnist.bin`, converting only those.
    pub fn from_mnist_range(bytes: &[u8], start: usize, end: usize) -> Result<Dataset> {
        let MnistInfo { count, rows, cols } = MnistInfo::read(bytes)?;
        if start > end || end > count {
            bail!("examples {start} to {end} are not within the {count} images of mnist.bin");
        }
        let (per, labels_at) = (rows * cols, 16 + count * rows * cols);
        let images = bytes[16 + start * per..16 + end * per].iter().map(|&b| f32::from(b) / 255.0).collect();
        let labels = bytes[labels_at + start..labels_at + end].iter().map(|&b| u32::from(b)).collect();
        Dataset::new(images, labels, [1, rows, cols], 10).map_err(|e| e.context("mnist.bin"))
    }

    /// The images and labels, without a copy.
    pub fn into_parts(self) -> (Vec<f32>, Vec<u32>) {
        (self.images, self.labels)
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
    let info = MnistInfo::read(bytes)?;
    info.check_split()?;
    Ok((Dataset::from_mnist_range(bytes, 0, TRAIN_COUNT)?, Dataset::from_mnist_range(bytes, TRAIN_COUNT, info.count)?))
}

#[cfg(test)]
#[path = "data_tests.rs"]
pub(crate) mod tests;
