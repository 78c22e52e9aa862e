//! Concept 1, trained: the lecture's small fully connected network on the 25 features of real
//! MNIST digits (`www/data/mnist.bin`, split as the Train view splits it).
//!
//! `25 features -> dense 32 -> relu -> dense 10`, softmax cross-entropy, Adam (lr 0.01),
//! mini-batches of 32 (with another [`Recipe`] window, as many inputs as it makes numbers). The
//! labels are class indices; the loss compares the softmax with the one-hot vector of the
//! label. It is a [`TrainingRun`] like the Train view's: only the input differs, 25 numbers per
//! digit (not scaled).

use super::digits::{features, pipeline_gray, DigitPipeline, Recipe};
use crate::bail;
use crate::data::{self, Dataset};
use crate::error::Result;
use crate::optim::OptimizerSpec;
use crate::refuse;
use crate::training::{Evaluation, StepsReport, TrainingRun};
use serde_json::json;

/// Mini-batch size of the digit network.
pub const BATCH: usize = 32;

/// The network for the features of `recipe`: `[1, grid rows, grid cols] -> flatten -> dense 32
/// -> relu -> dense 10`.
pub fn spec(recipe: &Recipe) -> serde_json::Value {
    let [rows, cols] = recipe.grid();
    json!({"input": [1, rows, cols], "layers": [{"type": "flatten"}, {"type": "dense", "units": 32}, {"type": "relu"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"})
}

/// The digits (as images and as features) and the network learning from their features.
#[derive(Debug, Clone)]
pub struct DigitNet {
    /// the training digits as 28 x 28 images, to pick and draw
    pub images: Dataset,
    /// the same digits as features (`1 x 5 x 5` for the lecture's recipe)
    pub train: Dataset,
    /// the test digits as features
    pub test: Dataset,
    /// how the features were made
    pub recipe: Recipe,
    run: TrainingRun,
}

fn feature_set(images: &Dataset, recipe: &Recipe) -> Result<Dataset> {
    let [_, h, w] = images.shape();
    if h != 28 || w != 28 {
        bail!("the digits are {h} x {w}, but the lecture's pipeline expects 28 x 28");
    }
    let x = features(&images.images(), images.len(), 28, recipe)?;
    let [rows, cols] = recipe.grid();
    Dataset::new(x, images.labels().to_vec(), [1, rows, cols], 10)
}

impl DigitNet {
    /// Reads `mnist.bin`, turns every digit into features by `recipe`, and builds the network
    /// from `seed`.
    pub fn from_mnist(bytes: &[u8], recipe: Recipe, seed: u32) -> Result<Self> {
        recipe.check()?;
        let (train_images, test_images) = data::mnist_split(bytes)?;
        let train = feature_set(&train_images, &recipe)?;
        let test = feature_set(&test_images, &recipe)?;
        Self::new(train_images, train, test, recipe, seed)
    }

    pub fn new(images: Dataset, train: Dataset, test: Dataset, recipe: Recipe, seed: u32) -> Result<Self> {
        let spec = crate::spec::NetworkSpec::from_json(&spec(&recipe))?;
        let adam = OptimizerSpec::from_json(&json!({"type": "adam", "lr": 0.01}))?;
        let run = TrainingRun::new(spec, adam, seed, BATCH)?;
        Ok(DigitNet { images, train, test, recipe, run })
    }

    /// `steps` optimizer steps on the next mini-batches; each step's loss.
    pub fn train_steps(&mut self, steps: usize) -> Result<StepsReport> {
        self.run.train_steps(&self.train, steps)
    }

    /// Steps taken and the epochs of the training set seen (e.g. 1.25).
    pub fn progress(&self) -> (u64, f64) {
        (self.run.steps(), self.run.cursor().epoch_progress(self.train.len()))
    }

    /// Accuracy and loss on the test digits.
    pub fn evaluate(&mut self) -> Result<Evaluation> {
        self.run.evaluate(&self.test)
    }

    /// The ten probabilities for one digit's features.
    pub fn predict(&mut self, features: &[f32]) -> Result<Vec<f32>> {
        let n = self.recipe.features();
        if features.len() != n {
            let [rows, cols] = self.recipe.grid();
            refuse!(LECTURE_FEATURES, count = n, rows, cols, given = features.len());
        }
        Ok(self.run.predict(features)?.to_vec())
    }

    /// Every stage of training digit `index` by the network's recipe: its ratios are the
    /// features the network trains on (`self.train`'s example `index`).
    pub fn pipeline(&self, index: usize) -> Result<DigitPipeline> {
        pipeline_gray(&self.images.image(index)?, 28, 28, &self.recipe)
    }

    /// Training digit `index`'s features, as the network trains on them.
    pub fn features(&self, index: usize) -> Result<Vec<f32>> {
        Ok(self.train.image(index)?.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten "digits": digit d is a bar of width d + 2 (so the features tell them apart).
    fn bars(count: usize) -> Dataset {
        let (mut images, mut labels) = (Vec::new(), Vec::new());
        for i in 0..count {
            let d = i % 10;
            let mut img = vec![0.0f32; 784];
            for r in 4..24 {
                for c in 4..(6 + d * 2).min(27) {
                    img[r * 28 + c] = 1.0;
                }
            }
            images.extend(img);
            labels.push(d as u32);
        }
        Dataset::new(images, labels, [1, 28, 28], 10).unwrap()
    }

    #[test]
    fn the_digit_network_learns_from_25_features() {
        let images = bars(200);
        let train = feature_set(&images, &Recipe::default()).unwrap();
        let test = feature_set(&bars(50), &Recipe::default()).unwrap();
        let mut net = DigitNet::new(images, train, test, Recipe::default(), 1).unwrap();
        let before = net.evaluate().unwrap();
        let report = net.train_steps(150).unwrap();
        assert_eq!(report.losses.len(), 150);
        assert!(report.divergence.is_none());
        let after = net.evaluate().unwrap();
        assert!(after.loss < before.loss * 0.5, "{} -> {}", before.loss, after.loss);
        assert!(after.accuracy > 0.5, "{}", after.accuracy);
        let first: Vec<f32> = net.test.images()[..25].into();
        let p = net.predict(&first).unwrap();
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(net.predict(&[0.0; 24]).unwrap_err().message().contains("25 features"));
        assert_eq!(net.progress().0, 150);
    }

    #[test]
    fn a_training_digits_pipeline_gives_the_features_the_network_trains_on() {
        for recipe in [Recipe::default(), Recipe { threshold: 0.3, window: [5, 2] }] {
            let images = bars(20);
            let train = feature_set(&images, &recipe).unwrap();
            let test = feature_set(&bars(10), &recipe).unwrap();
            let mut net = DigitNet::new(images, train, test, recipe, 1).unwrap();
            for index in [0, 7, 19] {
                assert_eq!(net.pipeline(index).unwrap().windows.ratios, net.features(index).unwrap());
            }
            let n = recipe.features();
            assert_eq!(net.predict(&vec![0.5; n]).unwrap().len(), 10);
            assert!(net.predict(&[0.5; 24]).unwrap_err().message().contains(&format!("{n} features")));
        }
    }

    #[test]
    fn a_file_that_is_not_mnist_is_refused() {
        assert!(DigitNet::from_mnist(b"nope", Recipe::default(), 1).unwrap_err().message().contains("MNST"));
    }
}
