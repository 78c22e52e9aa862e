//! Evaluation on a labelled set: accuracy and mean cross-entropy, and every example's
//! prediction for whoever wants more (a confusion matrix, per-class accuracy, the examples it
//! got wrong).

use crate::data::Dataset;
use crate::loss::cross_entropy;
use serde::Serialize;

/// Accuracy and mean softmax cross-entropy on a labelled set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    pub accuracy: f64,
    pub loss: f64,
    pub correct: usize,
    pub count: usize,
}

/// `test accuracy 95.12% (9512/10000), loss 0.1623`, as the examples print it.
impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "test accuracy {:.2}% ({}/{}), loss {:.4}",
            100.0 * self.accuracy,
            self.correct,
            self.count,
            self.loss
        )
    }
}

/// What the network made of one example.
#[derive(Debug, Clone, Copy)]
pub struct Prediction<'a> {
    /// The example's index in the set.
    pub index: usize,
    pub label: u32,
    /// The class with the largest logit (the first one on ties).
    pub predicted: u32,
    /// `logsumexp(z) - z[label]` of its logits `z` ([`cross_entropy`]).
    pub loss: f64,
    /// Its softmax, one value per class.
    pub probabilities: &'a [f32],
}

/// Index and value of the largest entry (the first one on ties).
pub fn argmax(values: &[f32]) -> (usize, f32) {
    values
        .iter()
        .copied()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, v)| if v > best.1 { (i, v) } else { best })
}

/// Sums the predictions of a set into an [`Evaluation`].
#[derive(Debug, Default)]
pub(super) struct Tally {
    correct: usize,
    count: usize,
    loss: f64,
}

impl Tally {
    /// The predictions of examples `start..` of `data` from a chunk's logits and probabilities
    /// (`[n, classes]` each), passed on to `each`.
    pub(super) fn add(
        &mut self,
        data: &Dataset,
        start: usize,
        logits: &[f32],
        probabilities: &[f32],
        each: &mut dyn FnMut(Prediction),
    ) {
        let classes = data.classes();
        let rows = logits.chunks_exact(classes).zip(probabilities.chunks_exact(classes));
        for (i, (z, p)) in rows.enumerate() {
            let index = start + i;
            let label = data.labels()[index];
            let predicted = argmax(z).0 as u32;
            let loss = cross_entropy(z, label as usize);
            self.correct += usize::from(predicted == label);
            self.count += 1;
            self.loss += loss;
            each(Prediction { index, label, predicted, loss, probabilities: p });
        }
    }

    pub(super) fn finish(&self) -> Evaluation {
        let count = self.count.max(1) as f64;
        Evaluation {
            accuracy: self.correct as f64 / count,
            loss: self.loss / count,
            correct: self.correct,
            count: self.count,
        }
    }
}
