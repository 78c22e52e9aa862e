//! `Predictions`: what a trained network gets right and wrong on a labelled set, for the
//! evaluation panel (any dataset, MNIST included). Made by `run.predictions(test)` in the
//! training worker, or from its numbers on the page with `new Predictions(labels, probabilities,
//! classes)`; the whole set's softmax stays in wasm memory, each call returns a small part.
//!
//! ```js
//! const p = run.predictions(test);
//! p.summary();          // {accuracy, loss, correct, count}
//! p.confusion();        // Uint32Array classes x classes: [true * classes + predicted]
//! p.perClass();         // [{count, correct, accuracy}] (accuracy null for a class without examples)
//! p.misclassified(24);  // [{index, label, predicted, confidence, probabilities}], most confident first
//! p.cell(3, 5);         // Uint32Array: the examples of true 3 predicted 5, most confident first
//! ```

use super::{js_error, read_classes, read_f32, to_js, JsResult};
use crate::evaluation;
use js_sys::{Float32Array, Uint32Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const EVALUATION_TYPES: &'static str = r#"
export interface Summary { accuracy: number; loss: number; correct: number; count: number }
/** `accuracy` is null for a class without examples */
export interface ClassScore { count: number; correct: number; accuracy: number | null }
export interface Mistake { index: number; label: number; predicted: number; confidence: number; probabilities: Float32Array }
"#;

/// One prediction per example of a labelled set.
#[wasm_bindgen]
pub struct Predictions {
    inner: evaluation::Predictions,
}

impl From<evaluation::Predictions> for Predictions {
    fn from(inner: evaluation::Predictions) -> Self {
        Predictions { inner }
    }
}

#[wasm_bindgen]
impl Predictions {
    /// From `labels` (Uint32Array) and `probabilities` (Float32Array, `labels.length x
    /// classes`), e.g. posted by a training worker. Throws on lengths that do not match,
    /// a label out of range, or a probability outside [0, 1].
    #[wasm_bindgen(constructor)]
    pub fn new(labels: JsValue, probabilities: JsValue, classes: usize) -> JsResult<Predictions> {
        let (mut l, mut p) = (Vec::new(), Vec::new());
        read_classes(&labels, &mut l)?;
        read_f32(&probabilities, "probabilities", &mut p)?;
        Ok(evaluation::Predictions::from_probabilities(l, p, classes).map_err(js_error)?.into())
    }

    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    #[wasm_bindgen(getter)]
    pub fn classes(&self) -> usize {
        self.inner.classes()
    }

    /// `{accuracy, loss, correct, count}`.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> JsValue {
        let e = self.inner.evaluation();
        to_js(&serde_json::json!({ "accuracy": e.accuracy, "loss": e.loss, "correct": e.correct, "count": e.count }))
    }

    /// The confusion matrix, `classes x classes` counts, row = true class, column = predicted.
    pub fn confusion(&self) -> Uint32Array {
        Uint32Array::from(&self.inner.confusion()[..])
    }

    /// `[{count, correct, accuracy}]` per class; `accuracy` is null for a class without examples.
    #[wasm_bindgen(js_name = perClass, unchecked_return_type = "ClassScore[]")]
    pub fn per_class(&self) -> JsValue {
        let scores: Vec<_> = self
            .inner
            .per_class()
            .iter()
            .map(|s| serde_json::json!({ "count": s.count, "correct": s.correct, "accuracy": s.accuracy }))
            .collect();
        to_js(&scores)
    }

    /// The `limit` (default all) most confidently wrong examples:
    /// `[{index, label, predicted, confidence, probabilities: Float32Array}]`.
    #[wasm_bindgen(unchecked_return_type = "Mistake[]")]
    pub fn misclassified(&self, limit: Option<usize>) -> JsResult<js_sys::Array> {
        let mistakes = self.inner.misclassified();
        let mut out = Vec::new();
        for m in mistakes.iter().take(limit.unwrap_or(usize::MAX)) {
            let probabilities = Float32Array::from(self.inner.probabilities_of(m.index).map_err(js_error)?);
            out.push(JsValue::from(super::object(&[
                ("index", m.index.into()),
                ("label", m.label.into()),
                ("predicted", m.predicted.into()),
                ("confidence", m.confidence.into()),
                ("probabilities", probabilities.into()),
            ])));
        }
        Ok(out.into_iter().collect())
    }

    /// The examples with true class `truth` predicted as `predicted`, most confident first.
    pub fn cell(&self, truth: u32, predicted: u32) -> JsResult<Uint32Array> {
        let indices: Vec<u32> =
            self.inner.cell(truth, predicted).map_err(js_error)?.iter().map(|&i| i as u32).collect();
        Ok(Uint32Array::from(&indices[..]))
    }

    /// The softmax of example `index`.
    pub fn probabilities(&self, index: usize) -> JsResult<Float32Array> {
        Ok(Float32Array::from(self.inner.probabilities_of(index).map_err(js_error)?))
    }

    /// Every example's true class.
    pub fn labels(&self) -> Uint32Array {
        Uint32Array::from(self.inner.labels())
    }

    /// Every example's predicted class.
    pub fn predicted(&self) -> Uint32Array {
        Uint32Array::from(self.inner.predicted())
    }

    /// Every example's softmax, `length x classes` (to post to the page).
    #[wasm_bindgen(js_name = allProbabilities)]
    pub fn all_probabilities(&self) -> Float32Array {
        Float32Array::from(self.inner.probabilities())
    }
}
