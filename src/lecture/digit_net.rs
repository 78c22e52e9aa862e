//! Concept 1, trained: the lecture's small fully connected network on the 25 features of real
//! MNIST digits (`www/data/mnist.bin`, split as the Train view splits it).
//!
//! `25 features -> dense 32 -> relu -> dense 10`, softmax cross-entropy, Adam (lr 0.01),
//! mini-batches of 32. The labels are class indices; the loss compares the softmax with the
//! one-hot vector of the label. It is a [`TrainingRun`] like the Train view's: only the input
//! differs, 25 numbers per digit (not scaled).

use super::digits::features;
use crate::bail;
use crate::data::{self, Dataset};
use crate::error::Result;
use crate::optim::OptimizerSpec;
use crate::training::{Evaluation, StepsReport, TrainingRun};
use serde_json::json;

/// Mini-batch size of the digit network.
pub const BATCH: usize = 32;

pub fn spec() -> serde_json::Value {
    json!({"input": [1, 5, 5], "layers": [{"type": "flatten"}, {"type": "dense", "units": 32}, {"type": "relu"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"})
}

/// The digits (as images and as features) and the network learning from their features.
#[derive(Debug, Clone)]
pub struct DigitNet {
    /// the training digits as 28 x 28 images, to pick and draw
    pub images: Dataset,
    /// the same digits as 25 features (`1 x 5 x 5`)
    pub train: Dataset,
    /// the test digits as 25 features
    pub test: Dataset,
    pub threshold: f32,
    run: TrainingRun,
}

fn feature_set(images: &Dataset, threshold: f32) -> Result<Dataset> {
    let [_, h, w] = images.shape();
    if h != 28 || w != 28 {
        bail!("the digits are {h} x {w}, but the lecture's pipeline expects 28 x 28");
    }
    let x = features(&images.images(), images.len(), 28, threshold)?;
    Dataset::new(x, images.labels().to_vec(), [1, 5, 5], 10)
}

impl DigitNet {
    /// Reads `mnist.bin`, turns every digit into 25 features at `threshold`, and builds the
    /// network from `seed`.
    pub fn from_mnist(bytes: &[u8], threshold: f32, seed: u32) -> Result<Self> {
        let (train_images, test_images) = data::mnist_split(bytes)?;
        let train = feature_set(&train_images, threshold)?;
        let test = feature_set(&test_images, threshold)?;
        Self::new(train_images, train, test, threshold, seed)
    }

    pub fn new(images: Dataset, train: Dataset, test: Dataset, threshold: f32, seed: u32) -> Result<Self> {
        let spec = crate::spec::NetworkSpec::from_json(&spec())?;
        let adam = OptimizerSpec::from_json(&json!({"type": "adam", "lr": 0.01}))?;
        let run = TrainingRun::new(spec, adam, seed, BATCH)?;
        Ok(DigitNet { images, train, test, threshold, run })
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

    /// The ten probabilities for one digit's 25 features.
    pub fn predict(&mut self, features: &[f32]) -> Result<Vec<f32>> {
        if features.len() != 25 {
            bail!("a digit has 25 features (5 x 5 windows), not {}", features.len());
        }
        Ok(self.run.predict(features)?.to_vec())
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
        let train = feature_set(&images, 0.5).unwrap();
        let test = feature_set(&bars(50), 0.5).unwrap();
        let mut net = DigitNet::new(images, train, test, 0.5, 1).unwrap();
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
    fn a_file_that_is_not_mnist_is_refused() {
        assert!(DigitNet::from_mnist(b"nope", 0.5, 1).unwrap_err().message().contains("MNST"));
    }
}
