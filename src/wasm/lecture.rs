//! The lecture's concept views: one call per view, each a thin wrapper over `crate::lecture`.
//! Questions are plain objects (arrays of numbers, not typed arrays); answers plain objects.
//!
//! ```js
//! lectureConvArithmetic({ input: 7, kernel: 3, stride: 2, padding: 0 });  // {output: 3, starts, formula, ...}
//! lectureSoftmax([2, 1, 0.1], 0);                                         // {probabilities, crossEntropy, ...}
//! ```

use super::{js_error, json_of, read_classes, read_f32, to_js, JsResult};
use crate::lecture::{
    activations, backprop, conv_arithmetic, conv_step, digits, minibatch, optimizers, pooling, softmax,
};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Reads a question object into the core's struct; a wrong field names itself.
fn question<T: DeserializeOwned>(value: &JsValue, what: &str) -> JsResult<T> {
    serde_json::from_value(json_of(value, what)?)
        .map_err(|e| JsError::new(&format!("the {what} could not be read: {e}")))
}

fn features_and_labels(features: &JsValue, labels: &JsValue) -> JsResult<(Vec<f32>, Vec<u32>)> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read_f32(features, "features", &mut x)?;
    read_classes(labels, &mut y)?;
    Ok((x, y))
}

/// Concept 1: an RGBA image (`Uint8ClampedArray` of a canvas) through gray, fitting, binary and
/// the 5 x 3 windows.
#[wasm_bindgen(js_name = lectureDigitPipeline)]
pub fn lecture_digit_pipeline(rgba: &[u8], width: usize, height: usize, threshold: f32) -> JsResult<JsValue> {
    Ok(to_js(&digits::pipeline(rgba, width, height, threshold).map_err(js_error)?))
}

/// Concept 1: the 25 features of `count` gray 28 x 28 digits (values in [0, 1]).
#[wasm_bindgen(js_name = lectureDigitFeatures)]
pub fn lecture_digit_features(images: JsValue, count: usize, threshold: f32) -> JsResult<Vec<f32>> {
    let mut values = Vec::new();
    read_f32(&images, "images", &mut values)?;
    digits::features(&values, count, 28, threshold).map_err(js_error)
}

/// Concept 2: `{input, kernel, stride, padding, oneSided}` to the output size and windows.
#[wasm_bindgen(js_name = lectureConvArithmetic)]
pub fn lecture_conv_arithmetic(q: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&conv_arithmetic::conv_arithmetic(question(&q, "convolution question")?).map_err(js_error)?))
}

/// Concept 3: the lecture's example input and kernels.
#[wasm_bindgen(js_name = lectureConvStepExample)]
pub fn lecture_conv_step_example(seed: u32) -> JsValue {
    to_js(&conv_step::example(u64::from(seed)))
}

/// Concept 3: one output position explained.
#[wasm_bindgen(js_name = lectureConvStep)]
pub fn lecture_conv_step(q: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&conv_step::conv_step(&question(&q, "convolution step")?).map_err(js_error)?))
}

/// Concept 4: the four activation curves from `from` to `to`.
#[wasm_bindgen(js_name = lectureActivationCurves)]
pub fn lecture_activation_curves(from: f32, to: f32, points: usize, slope: f32) -> JsResult<JsValue> {
    Ok(to_js(&activations::curves(from, to, points, slope).map_err(js_error)?))
}

/// Concept 4: a feature map through one activation.
#[wasm_bindgen(js_name = lectureActivationApply)]
pub fn lecture_activation_apply(name: &str, slope: f32, map: JsValue) -> JsResult<Vec<f32>> {
    let mut values = Vec::new();
    read_f32(&map, "feature map", &mut values)?;
    activations::apply(name, slope, &values).map_err(js_error)
}

/// Concept 4: digit `index` of `mnist.bin` (its bytes) through a conv2d edge kernel: the real
/// feature map the activations bend, `{image, size, label, kernel, bias, stride, map, height, width}`.
#[wasm_bindgen(js_name = lectureActivationFeatureMap)]
pub fn lecture_activation_feature_map(bytes: &[u8], index: usize) -> JsResult<JsValue> {
    Ok(to_js(&activations::mnist_feature_map(bytes, index).map_err(js_error)?))
}

/// Concept 4: two dense layers and the one they equal.
#[wasm_bindgen(js_name = lectureLinearCollapse)]
pub fn lecture_linear_collapse(seed: u32) -> JsResult<JsValue> {
    Ok(to_js(&activations::linear_collapse(u64::from(seed)).map_err(js_error)?))
}

/// Concept 4: train `features -> hidden relu -> classes` and count the dead units.
#[wasm_bindgen(js_name = lectureDeadRelu)]
pub fn lecture_dead_relu(features: JsValue, labels: JsValue, n: usize, q: JsValue) -> JsResult<JsValue> {
    let (x, y) = features_and_labels(&features, &labels)?;
    Ok(to_js(&activations::dead_relu(&x, &y, n, &question(&q, "dead ReLU question")?).map_err(js_error)?))
}

/// Concept 5: an example feature map.
#[wasm_bindgen(js_name = lecturePoolingExample)]
pub fn lecture_pooling_example(seed: u32) -> JsValue {
    to_js(&pooling::example(u64::from(seed)))
}

/// Concept 5: max and average pooling of `{channels, height, width, map, size, stride}`.
#[wasm_bindgen(js_name = lecturePooling)]
pub fn lecture_pooling(q: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&pooling::pooling(&question(&q, "pooling question")?).map_err(js_error)?))
}

/// Concept 6: logits to probabilities and both losses for `label`.
#[wasm_bindgen(js_name = lectureSoftmax)]
pub fn lecture_softmax(logits: JsValue, label: usize) -> JsResult<JsValue> {
    let mut values = Vec::new();
    read_f32(&logits, "outputs", &mut values)?;
    Ok(to_js(&softmax::softmax_view(&values, label).map_err(js_error)?))
}

/// Concept 7: one weight's gradient by the chain rule, by backward and numerically.
#[wasm_bindgen(js_name = lectureBackprop)]
pub fn lecture_backprop(q: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&backprop::backprop(&question(&q, "backprop question")?).map_err(js_error)?))
}

/// Concept 8: mini-batch gradient angles for batch sizes 1, 2, 4, ... the full set.
#[wasm_bindgen(js_name = lectureMinibatch)]
pub fn lecture_minibatch(features: JsValue, labels: JsValue, n: usize, seed: u32) -> JsResult<JsValue> {
    let (x, y) = features_and_labels(&features, &labels)?;
    Ok(to_js(&minibatch::minibatch(&x, &y, n, seed).map_err(js_error)?))
}

/// Concept 9: one optimizer on one parameter, step by step.
#[wasm_bindgen(js_name = lectureOptimizerTrace)]
pub fn lecture_optimizer_trace(q: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&optimizers::trace(&question(&q, "optimizer question")?).map_err(js_error)?))
}

/// Concept 1, trained: real digits as 25 features and the small network learning from them.
///
/// ```js
/// const digits = new LectureDigits(bytes, 0.5, 1);   // bytes of www/data/mnist.bin
/// digits.trainSteps(50);                             // Float32Array of losses
/// digits.evaluate();                                 // {accuracy, loss, correct, count} on the test digits
/// digits.predict(pipeline.ratios);                   // ten probabilities
/// ```
#[wasm_bindgen]
pub struct LectureDigits {
    inner: crate::lecture::digit_net::DigitNet,
}

#[wasm_bindgen]
impl LectureDigits {
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], threshold: f32, seed: u32) -> JsResult<LectureDigits> {
        Ok(LectureDigits {
            inner: crate::lecture::digit_net::DigitNet::from_mnist(bytes, threshold, seed).map_err(js_error)?,
        })
    }

    /// Training digits.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.images.len()
    }

    /// Training digit `index` as a 28 x 28 gray image in [0, 1].
    pub fn image(&self, index: usize) -> JsResult<Vec<f32>> {
        Ok(self.inner.images.image(index).map_err(js_error)?.to_vec())
    }

    pub fn label(&self, index: usize) -> JsResult<u32> {
        self.inner.images.label(index).map_err(js_error)
    }

    /// The first `count` training digits' features, `count x 25`.
    #[wasm_bindgen(js_name = trainFeatures)]
    pub fn train_features(&self, count: usize) -> Vec<f32> {
        let count = count.min(self.inner.train.len());
        self.inner.train.images()[..count * 25].to_vec()
    }

    /// The first `count` training labels.
    #[wasm_bindgen(js_name = trainLabels)]
    pub fn train_labels(&self, count: usize) -> Vec<u32> {
        let count = count.min(self.inner.train.len());
        self.inner.train.labels()[..count].to_vec()
    }

    /// Runs `steps` optimizer steps; returns their losses.
    #[wasm_bindgen(js_name = trainSteps)]
    pub fn train_steps(&mut self, steps: usize) -> JsResult<Vec<f32>> {
        Ok(self.inner.train_steps(steps).map_err(js_error)?.losses)
    }

    /// `{steps, epochProgress}`
    pub fn progress(&self) -> JsValue {
        let (steps, epoch) = self.inner.progress();
        to_js(&serde_json::json!({ "steps": steps, "epochProgress": epoch }))
    }

    /// `{accuracy, loss, correct, count}` on the test digits.
    pub fn evaluate(&mut self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.evaluate().map_err(js_error)?))
    }

    /// The ten probabilities for 25 features.
    pub fn predict(&mut self, features: JsValue) -> JsResult<Vec<f32>> {
        let mut x = Vec::new();
        read_f32(&features, "features", &mut x)?;
        self.inner.predict(&x).map_err(js_error)
    }
}
