//! The lecture's concept views: one call per view, each a thin wrapper over `crate::lecture`.
//! Questions are plain objects (arrays of numbers, not typed arrays); answers plain objects.
//!
//! ```js
//! lectureConvArithmetic({ input: 7, kernel: 3, stride: 2, padding: 0 });  // {output: 3, starts, formula, ...}
//! lectureSoftmax([2, 1, 0.1], 0);                                         // {probabilities, crossEntropy, ...}
//! ```
//!
//! A refusal is thrown as an `Error` with its `code` and `params` besides its English `message`
//! (see `js_error`), which the page says in the student's language.

use super::{js_error, json_of, read_classes, read_f32, to_js, JsResult};
use crate::lecture::digit_net::DigitNet;
use crate::lecture::digits::Recipe;
use crate::lecture::{
    activations, backprop, conv_arithmetic, conv_step, dense, digits, minibatch, optimizers, pooling, softmax,
};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Reads a question object into the core's struct; a wrong field names itself.
fn question<T: DeserializeOwned>(value: &JsValue, what: &str) -> JsResult<T> {
    serde_json::from_value(json_of(value, what)?).map_err(|reason| js_error(crate::err!(JS_UNREADABLE, what, reason)))
}

/// A digit recipe `{threshold, window}` (each optional); `undefined` is the lecture's.
fn recipe(value: &JsValue) -> JsResult<Recipe> {
    if value.is_undefined() || value.is_null() {
        return Ok(Recipe::default());
    }
    question(value, "digit recipe")
}

fn features_and_labels(features: &JsValue, labels: &JsValue) -> JsResult<(Vec<f32>, Vec<u32>)> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read_f32(features, "features", &mut x)?;
    read_classes(labels, &mut y)?;
    Ok((x, y))
}

/// Concept 1: an RGBA image (`Uint8ClampedArray` of a canvas) through gray, fitting, binary and
/// the windows of `recipe` (`{threshold, window}`, the lecture's 0.5 and 5 x 3 by default).
#[wasm_bindgen(js_name = lectureDigitPipeline)]
pub fn lecture_digit_pipeline(rgba: &[u8], width: usize, height: usize, recipe_: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&digits::pipeline(rgba, width, height, &recipe(&recipe_)?).map_err(js_error)?))
}

/// Concept 1: a gray image (`height x width` values in [0, 1], e.g. a training digit) through
/// fitting, binary and the windows of `recipe`: the very stages that make the training features.
#[wasm_bindgen(js_name = lectureDigitPipelineGray)]
pub fn lecture_digit_pipeline_gray(gray: JsValue, width: usize, height: usize, recipe_: JsValue) -> JsResult<JsValue> {
    let mut values = Vec::new();
    read_f32(&gray, "image", &mut values)?;
    Ok(to_js(&digits::pipeline_gray(&values, width, height, &recipe(&recipe_)?).map_err(js_error)?))
}

/// Concept 1: the features of `count` gray 28 x 28 digits (values in [0, 1]) by `recipe`.
#[wasm_bindgen(js_name = lectureDigitFeatures)]
pub fn lecture_digit_features(images: JsValue, count: usize, recipe_: JsValue) -> JsResult<Vec<f32>> {
    let mut values = Vec::new();
    read_f32(&images, "images", &mut values)?;
    digits::features(&values, count, 28, &recipe(&recipe_)?).map_err(js_error)
}

/// Concept 1: a small fully connected layer in numbers, `{x, weight, bias, output, parameters, ...}`.
#[wasm_bindgen(js_name = lectureDenseExample)]
pub fn lecture_dense_example(seed: u32) -> JsResult<JsValue> {
    Ok(to_js(&dense::example(u64::from(seed)).map_err(js_error)?))
}

/// Concept 1: the digit network's layers for `recipe`, as `describeNetwork` lists them.
#[wasm_bindgen(js_name = lectureDigitNetwork)]
pub fn lecture_digit_network(recipe_: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&dense::digit_network(&recipe(&recipe_)?).map_err(js_error)?))
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

/// Concept 8: mini-batch gradient angles for batch sizes 1, 2, 4, ... the full set, with a
/// share `labelNoise` (0 to 1) of the labels replaced by other classes.
#[wasm_bindgen(js_name = lectureMinibatch)]
pub fn lecture_minibatch(
    features: JsValue,
    labels: JsValue,
    n: usize,
    seed: u32,
    label_noise: f32,
) -> JsResult<JsValue> {
    let (x, y) = features_and_labels(&features, &labels)?;
    Ok(to_js(&minibatch::minibatch(&x, &y, n, seed, label_noise).map_err(js_error)?))
}

/// Concept 9: one optimizer on one parameter, step by step: `{steps, reached}`, `reached` the
/// first step within 10% of the starting distance to the minimum (or null).
#[wasm_bindgen(js_name = lectureOptimizerTrace)]
pub fn lecture_optimizer_trace(q: JsValue) -> JsResult<JsValue> {
    let q: optimizers::TraceQuestion = question(&q, "optimizer question")?;
    let steps = optimizers::trace(&q).map_err(js_error)?;
    let reached = optimizers::steps_to_reach(&steps, q.target, 0.1);
    Ok(to_js(&serde_json::json!({ "steps": steps, "reached": reached })))
}

/// Concept 1, trained: real digits as features and the small network learning from them.
///
/// ```js
/// const digits = new LectureDigits(bytes, { threshold: 0.5, window: [5, 3] }, 1);   // bytes of mnist.bin
/// digits.pipeline(7);                                // every stage of training digit 7: its ratios are its features
/// digits.trainSteps(50);                             // Float32Array of losses
/// digits.evaluate();                                 // {accuracy, loss, correct, count} on the test digits
/// digits.predict(pipeline.ratios);                   // ten probabilities
/// ```
#[wasm_bindgen]
pub struct LectureDigits {
    inner: DigitNet,
}

#[wasm_bindgen]
impl LectureDigits {
    /// The digits of `bytes` (mnist.bin) as features by `recipe` (`undefined`: the lecture's),
    /// and the network from `seed`.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], recipe_: JsValue, seed: u32) -> JsResult<LectureDigits> {
        Ok(LectureDigits { inner: DigitNet::from_mnist(bytes, recipe(&recipe_)?, seed).map_err(js_error)? })
    }

    /// Training digits.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.images.len()
    }

    /// Numbers per digit (25 for the lecture's 5 x 3 window).
    #[wasm_bindgen(getter, js_name = featureCount)]
    pub fn feature_count(&self) -> usize {
        self.inner.recipe.features()
    }

    /// The recipe the features were made with, `{threshold, window}`.
    pub fn recipe(&self) -> JsValue {
        to_js(&self.inner.recipe)
    }

    /// Training digit `index` as a 28 x 28 gray image in [0, 1].
    pub fn image(&self, index: usize) -> JsResult<Vec<f32>> {
        Ok(self.inner.images.image(index).map_err(js_error)?.to_vec())
    }

    pub fn label(&self, index: usize) -> JsResult<u32> {
        self.inner.images.label(index).map_err(js_error)
    }

    /// Every stage of training digit `index`; its `ratios` are the features the network trains on.
    pub fn pipeline(&self, index: usize) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.pipeline(index).map_err(js_error)?))
    }

    /// Training digit `index`'s features.
    pub fn features(&self, index: usize) -> JsResult<Vec<f32>> {
        self.inner.features(index).map_err(js_error)
    }

    /// The first `count` training digits' features, `count x featureCount`.
    #[wasm_bindgen(js_name = trainFeatures)]
    pub fn train_features(&self, count: usize) -> Vec<f32> {
        let count = count.min(self.inner.train.len());
        self.inner.train.images()[..count * self.inner.recipe.features()].to_vec()
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

    /// The ten probabilities for one digit's features.
    pub fn predict(&mut self, features: JsValue) -> JsResult<Vec<f32>> {
        let mut x = Vec::new();
        read_f32(&features, "features", &mut x)?;
        self.inner.predict(&x).map_err(js_error)
    }
}
