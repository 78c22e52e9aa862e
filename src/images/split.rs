//! The seeded, stratified train/test split of the user's dataset, its warnings, and its
//! refusals.
//!
//! Split: each class on its own (stratified): its images in file-name order (then by id, so
//! the order they were read in does not matter), shuffled by the seed and the class's name
//! (not its position, which depends on the order classes were added), and the first
//! `round(n f)` go to the test set, at least 1 and at most `n - 1` when the class has 2 or
//! more images (a class of 1 image trains only). Default `f` = 0.2 (80/20).
//!
//! Warnings (training still allowed): a class with fewer than [`FEW_IMAGES`] images; classes
//! more unbalanced than [`UNBALANCED_RATIO`] to 1 (the largest against the smallest).
//! Refusals: no class or one class only, a class without images.

use super::set::ImageSet;
use crate::data::{Dataset, InputScaling};
use crate::error::{Error, Result};
use crate::rng::Rng;
use crate::sort::sort_indices;
use crate::{err, refuse};
use serde::Serialize;

/// The default share of each class held out for testing.
pub const DEFAULT_TEST_FRACTION: f64 = 0.2;
/// The smallest and largest test share allowed.
pub const TEST_FRACTION_RANGE: [f64; 2] = [0.05, 0.5];
/// A class with fewer images than this gets a warning.
pub const FEW_IMAGES: usize = 10;
/// Classes whose largest has more than this many times the images of the smallest get a warning.
pub const UNBALANCED_RATIO: usize = 3;
/// The random stream of the split (the weights use stream 1, the batch order stream 2).
pub const SPLIT_STREAM: u64 = 3;

/// Images of one class in each part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSplit {
    pub name: String,
    pub train: usize,
    pub test: usize,
}

/// Something the user should know before training: `kind` is `"few"` or `"unbalanced"`, the
/// message a coded one. For the page `{kind, message, code, params}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: &'static str,
    #[serde(flatten)]
    pub error: Error,
}

/// The two parts as datasets (bytes, with the class names and a standardization measured on
/// the training part), the ids of the images in each (in dataset order) and the counts.
#[derive(Debug, Clone)]
pub struct Split {
    pub train: Dataset,
    pub test: Dataset,
    pub train_ids: Vec<u32>,
    pub test_ids: Vec<u32>,
    pub counts: Vec<ClassSplit>,
    pub warnings: Vec<Warning>,
}

impl ImageSet {
    /// What is worth a warning about the classes as they are now.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        for c in self.classes().iter().filter(|c| c.count > 0 && c.count < FEW_IMAGES) {
            let (name, few) = (&c.name, FEW_IMAGES);
            let error =
                if c.count == 1 { err!(SPLIT_FEW_ONE, name, few) } else { err!(SPLIT_FEW, name, count = c.count, few) };
            warnings.push(Warning { kind: "few", error });
        }
        let filled = self.classes().iter().filter(|c| c.count > 0);
        let (Some(big), Some(small)) = (filled.clone().max_by_key(|c| c.count), filled.min_by_key(|c| c.count)) else {
            return warnings;
        };
        if big.count > UNBALANCED_RATIO * small.count {
            let error = err!(
                SPLIT_UNBALANCED,
                big = big.name,
                bigCount = big.count,
                small = small.name,
                smallCount = small.count,
                times = format!("{:.1}", big.count as f64 / small.count as f64),
                ratio = UNBALANCED_RATIO
            );
            warnings.push(Warning { kind: "unbalanced", error });
        }
        warnings
    }

    /// Refuses a set that cannot train a classifier: fewer than 2 classes, or an empty class.
    pub fn check_trainable(&self) -> Result<()> {
        match self.classes() {
            [] => refuse!(SPLIT_NO_CLASSES),
            [only] if only.count == 1 => refuse!(SPLIT_ONE_CLASS_ONE_IMAGE, name = only.name),
            [only] => refuse!(SPLIT_ONE_CLASS, name = only.name, count = only.count),
            classes => {
                if let Some(empty) = classes.iter().find(|c| c.count == 0) {
                    refuse!(SPLIT_EMPTY_CLASS, name = empty.name);
                }
            }
        }
        Ok(())
    }

    /// Splits the set into training and test datasets, stratified and seeded (see the module).
    pub fn split(&self, seed: u32, test_fraction: f64) -> Result<Split> {
        let [low, high] = TEST_FRACTION_RANGE;
        if !(low..=high).contains(&test_fraction) {
            refuse!(SPLIT_TEST_SHARE, min = low, max = high, value = test_fraction);
        }
        self.check_trainable()?;
        let (mut train_ids, mut test_ids, mut counts) = (Vec::new(), Vec::new(), Vec::new());
        for (index, class) in self.classes().iter().enumerate() {
            let mut ids: Vec<u32> =
                self.entries().iter().filter(|(_, e)| e.class == index).map(|(&id, _)| id).collect();
            sort_indices(&mut ids, &|a, b| self.entries()[&a].source.cmp(&self.entries()[&b].source).then(a.cmp(&b)));
            Rng::new(name_hash(&class.name) ^ u64::from(seed), SPLIT_STREAM).shuffle(&mut ids);
            let n = ids.len();
            let test = if n < 2 { 0 } else { ((n as f64 * test_fraction).round() as usize).clamp(1, n - 1) };
            test_ids.extend_from_slice(&ids[..test]);
            train_ids.extend_from_slice(&ids[test..]);
            counts.push(ClassSplit { name: class.name.clone(), train: n - test, test });
        }
        let train = self.dataset(&train_ids)?;
        let (mean, std) = train.pixel_mean_std();
        let scaling = Some(InputScaling { mean: mean as f32, std: if std > 1e-6 { std as f32 } else { 1.0 } });
        let train = train.with_scaling(scaling);
        let test = self.dataset(&test_ids)?.with_scaling(scaling);
        Ok(Split { train, test, train_ids, test_ids, counts, warnings: self.warnings() })
    }

    /// The images `ids` (in that order) as a dataset of bytes with the class names.
    fn dataset(&self, ids: &[u32]) -> Result<Dataset> {
        let mut pixels = Vec::with_capacity(ids.len() * self.preprocessing().image_bytes());
        let mut labels = Vec::with_capacity(ids.len());
        for id in ids {
            let entry = self.entry(*id)?;
            pixels.extend_from_slice(&entry.pixels);
            labels.push(entry.class as u32);
        }
        let names = self.classes().iter().map(|c| c.name.clone()).collect();
        Dataset::from_bytes(pixels, labels, self.preprocessing().shape(), self.classes().len())?
            .with_class_names(names)?
            .with_preprocessing(Some(*self.preprocessing()))
    }
}

/// FNV-1a (64-bit) of a class name: a stable, platform-independent number per name.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
