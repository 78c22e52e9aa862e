//! What a trained classifier gets right and wrong on a labelled set, for any dataset (the
//! digits, the colour shapes, the user's own images): from one prediction per example, a
//! confusion matrix, each class's accuracy, and the mistakes with their softmax.
//!
//! Conventions: row = true class, column = predicted class (as scikit-learn's
//! `confusion_matrix`); the predicted class is the largest logit (the first on ties), as in
//! [`TrainingRun::evaluate`]; the mistakes most confidently wrong come first.

use crate::bail;
use crate::data::Dataset;
use crate::error::Result;
use crate::sort::sort_indices;
use crate::training::{argmax, Evaluation, TrainingRun};

/// One prediction per example of a labelled set.
#[derive(Debug, Clone, PartialEq)]
pub struct Predictions {
    classes: usize,
    labels: Vec<u32>,
    predicted: Vec<u32>,
    /// `len x classes`, each row the softmax of the example's logits
    probabilities: Vec<f32>,
    /// mean cross-entropy `-ln p[label]`
    loss: f64,
}

/// How one class fared: its examples, how many were predicted right, their share (`None`
/// for a class without examples).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    pub count: usize,
    pub correct: usize,
    pub accuracy: Option<f64>,
}

/// A misclassified example: its index in the set, true and predicted class, and the
/// probability given to the (wrong) predicted class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mistake {
    pub index: usize,
    pub label: u32,
    pub predicted: u32,
    pub confidence: f32,
}

impl Predictions {
    /// Every example of `data` through `run`'s network, as [`TrainingRun::evaluate_each`]
    /// reports it (scaled with the set's scaling, forward only). Refuses a network that cannot
    /// read the set (other image shape or class count) and an empty set.
    pub fn of(run: &mut TrainingRun, data: &Dataset) -> Result<Self> {
        let classes = data.classes();
        let mut p = Predictions {
            classes,
            labels: Vec::with_capacity(data.len()),
            predicted: Vec::with_capacity(data.len()),
            probabilities: Vec::with_capacity(data.len() * classes),
            loss: 0.0,
        };
        let evaluation = run.evaluate_each(data, |e| {
            p.labels.push(e.label);
            p.predicted.push(e.predicted);
            p.probabilities.extend_from_slice(e.probabilities);
        })?;
        p.loss = evaluation.loss;
        Ok(p)
    }

    /// Predictions made elsewhere (e.g. in a training worker): `labels` and `probabilities`
    /// (`labels.len() x classes`). The prediction is the most probable class; the loss
    /// `-ln p[label]` (with `p` at least 1e-45, the smallest f32, so a certain mistake costs 103.3).
    pub fn from_probabilities(labels: Vec<u32>, probabilities: Vec<f32>, classes: usize) -> Result<Self> {
        if classes < 2 {
            bail!("predictions need at least 2 classes, not {classes}");
        }
        if labels.is_empty() || labels.len().checked_mul(classes) != Some(probabilities.len()) {
            bail!(
                "{} probabilities for {} labels: each example needs {classes} (one per class), and there must be at least one example",
                probabilities.len(),
                labels.len()
            );
        }
        if let Some(i) = labels.iter().position(|&l| l as usize >= classes) {
            bail!("label {i} is {}, but there are only {classes} classes (0 to {})", labels[i], classes - 1);
        }
        if let Some(i) = probabilities.iter().position(|p| !(0.0..=1.0).contains(p)) {
            bail!("probability {i} is {}, not a number from 0 to 1", probabilities[i]);
        }
        let rows = probabilities.chunks_exact(classes);
        let predicted = rows.clone().map(|row| argmax(row).0 as u32).collect();
        let loss = rows.zip(&labels).map(|(row, &l)| -f64::from(row[l as usize].max(1e-45)).ln()).sum::<f64>()
            / labels.len() as f64;
        Ok(Predictions { classes, labels, predicted, probabilities, loss })
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    pub fn classes(&self) -> usize {
        self.classes
    }
    pub fn labels(&self) -> &[u32] {
        &self.labels
    }
    pub fn predicted(&self) -> &[u32] {
        &self.predicted
    }
    /// Every example's softmax, `len x classes`.
    pub fn probabilities(&self) -> &[f32] {
        &self.probabilities
    }

    /// The softmax of example `index`.
    pub fn probabilities_of(&self, index: usize) -> Result<&[f32]> {
        if index >= self.len() {
            bail!("example {index} does not exist: there are {} predictions (0 to {})", self.len(), self.len() - 1);
        }
        Ok(&self.probabilities[index * self.classes..(index + 1) * self.classes])
    }

    /// Accuracy, mean cross-entropy, correct and total count.
    pub fn evaluation(&self) -> Evaluation {
        let correct = self.labels.iter().zip(&self.predicted).filter(|(l, p)| l == p).count();
        let count = self.len();
        Evaluation { accuracy: correct as f64 / count as f64, loss: self.loss, correct, count }
    }

    /// The confusion matrix, `classes x classes` counts: entry `[truth * classes + predicted]`.
    /// It adds up to the number of examples; its diagonal holds the correct ones.
    pub fn confusion(&self) -> Vec<u32> {
        let mut matrix = vec![0u32; self.classes * self.classes];
        for (&l, &p) in self.labels.iter().zip(&self.predicted) {
            matrix[l as usize * self.classes + p as usize] += 1;
        }
        matrix
    }

    /// Each class's examples, correct predictions and accuracy (recall).
    pub fn per_class(&self) -> Vec<ClassScore> {
        let matrix = self.confusion();
        matrix
            .chunks_exact(self.classes)
            .enumerate()
            .map(|(c, row)| {
                let count = row.iter().map(|&n| n as usize).sum::<usize>();
                let correct = row[c] as usize;
                ClassScore { count, correct, accuracy: (count > 0).then(|| correct as f64 / count as f64) }
            })
            .collect()
    }

    /// Every misclassified example, the most confidently wrong first (ties by index).
    pub fn misclassified(&self) -> Vec<Mistake> {
        let confidence = |i: u32| self.probabilities[i as usize * self.classes + self.predicted[i as usize] as usize];
        let mut wrong: Vec<u32> =
            (0..self.len() as u32).filter(|&i| self.labels[i as usize] != self.predicted[i as usize]).collect();
        sort_indices(&mut wrong, &|a, b| confidence(b).total_cmp(&confidence(a)).then(a.cmp(&b)));
        wrong
            .into_iter()
            .map(|i| {
                let index = i as usize;
                Mistake {
                    index,
                    label: self.labels[index],
                    predicted: self.predicted[index],
                    confidence: confidence(i),
                }
            })
            .collect()
    }

    /// The examples of one cell of the confusion matrix (true class `truth`, predicted
    /// `predicted`), the most confident first (ties by index).
    pub fn cell(&self, truth: u32, predicted: u32) -> Result<Vec<usize>> {
        for (what, c) in [("true", truth), ("predicted", predicted)] {
            if c as usize >= self.classes {
                bail!(
                    "{what} class {c} does not exist: there are {} classes (0 to {})",
                    self.classes,
                    self.classes - 1
                );
            }
        }
        let mut indices: Vec<u32> = (0..self.len() as u32)
            .filter(|&i| self.labels[i as usize] == truth && self.predicted[i as usize] == predicted)
            .collect();
        let p = |i: u32| self.probabilities[i as usize * self.classes + predicted as usize];
        sort_indices(&mut indices, &|a, b| p(b).total_cmp(&p(a)).then(a.cmp(&b)));
        Ok(indices.into_iter().map(|i| i as usize).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err<T: std::fmt::Debug>(r: Result<T>) -> String {
        r.unwrap_err().to_string()
    }

    /// Five examples of three classes: true 0 0 1 2 2, predicted 0 1 1 1 2.
    fn five() -> Predictions {
        let probabilities = vec![
            0.7, 0.2, 0.1, //
            0.3, 0.6, 0.1, //
            0.1, 0.8, 0.1, //
            0.1, 0.9, 0.0, //
            0.2, 0.2, 0.6,
        ];
        Predictions::from_probabilities(vec![0, 0, 1, 2, 2], probabilities, 3).unwrap()
    }

    #[test]
    fn confusion_matrix_rows_are_true_classes_and_add_up_to_the_count() {
        let p = five();
        assert_eq!(p.predicted(), [0, 1, 1, 1, 2]);
        assert_eq!(p.confusion(), [1, 1, 0, 0, 1, 0, 0, 1, 1]);
        assert_eq!(p.confusion().iter().sum::<u32>() as usize, p.len());
        let e = p.evaluation();
        assert_eq!((e.correct, e.count), (3, 5));
        let ln = |p: f32| f64::from(p).ln();
        let want = -(ln(0.7) + ln(0.3) + ln(0.8) + ln(1e-45) + ln(0.6)) / 5.0;
        assert!((e.loss - want).abs() < 1e-6, "{} vs {want}", e.loss);
    }

    #[test]
    fn per_class_accuracy_and_mistakes_most_confident_first() {
        let p = five();
        let scores = p.per_class();
        assert_eq!(scores.iter().map(|s| (s.count, s.correct)).collect::<Vec<_>>(), [(2, 1), (1, 1), (2, 1)]);
        assert_eq!(scores[0].accuracy, Some(0.5));
        let mistakes = p.misclassified();
        assert_eq!(
            mistakes.iter().map(|m| (m.index, m.label, m.predicted)).collect::<Vec<_>>(),
            [(3, 2, 1), (1, 0, 1)]
        );
        assert_eq!(mistakes[0].confidence, 0.9);
        assert_eq!(p.cell(2, 1).unwrap(), [3]);
        assert_eq!(p.cell(0, 0).unwrap(), [0]);
        assert!(p.cell(1, 0).unwrap().is_empty());
        assert_eq!(p.probabilities_of(4).unwrap(), [0.2, 0.2, 0.6]);
    }

    #[test]
    fn a_class_without_examples_has_no_accuracy() {
        let p = Predictions::from_probabilities(vec![0, 0], vec![0.9, 0.1, 0.4, 0.6], 2).unwrap();
        assert_eq!(p.per_class()[1], ClassScore { count: 0, correct: 0, accuracy: None });
    }

    #[test]
    fn bad_predictions_are_refused_with_the_numbers() {
        assert_eq!(
            err(Predictions::from_probabilities(vec![0, 1], vec![0.5; 3], 2)),
            "3 probabilities for 2 labels: each example needs 2 (one per class), and there must be at least one example"
        );
        assert!(err(Predictions::from_probabilities(vec![0, 2], vec![0.5; 4], 2)).contains("label 1 is 2"));
        assert!(err(Predictions::from_probabilities(vec![0], vec![f32::NAN, 0.5], 2)).contains("probability 0 is NaN"));
        assert!(err(Predictions::from_probabilities(vec![0], vec![1.0], 1)).contains("at least 2 classes"));
        assert!(err(five().cell(3, 0)).contains("true class 3 does not exist"));
        assert!(err(five().probabilities_of(5)).contains("example 5 does not exist"));
    }
}
