//! `Dataset` and what the page needs of `mnist.bin`: labelled images in wasm memory, the file's
//! header and split without converting a pixel (`mnistInfo`), a drawing prepared as an MNIST
//! digit, and the scaling every digit gets on its way into a `TrainingRun`.
//!
//! ```js
//! mnistInfo(bytes);                            // {count, rows, cols, classes, trainCount, testCount}
//! const train = Dataset.fromMnist(bytes, 'train'), test = Dataset.fromMnist(bytes, 'test');
//! test.length; test.shape; test.image(0); test.label(0); test.labels(); test.scaling();
//! train.slice(0, 2048).images();               // Float32Array of 2048 x 784 pixels in [0, 1]
//! ```
//!
//! Each `Dataset` carries its standardization (MNIST's constants for the digits, the training
//! part's mean and standard deviation for the colour shapes and own images); a `TrainingRun`
//! applies it to every image of the set entering its network.

use super::{js_error, read_classes, read_f32, to_js, JsResult};
use crate::data::{self, InputScaling, MnistInfo, Pixels, MNIST_SCALING};
use crate::images::Preprocessing;
use js_sys::{Uint32Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;

/// Labelled images in wasm memory.
#[wasm_bindgen]
pub struct Dataset {
    pub(super) inner: data::Dataset,
}

impl From<data::Dataset> for Dataset {
    fn from(inner: data::Dataset) -> Self {
        Dataset { inner }
    }
}

#[wasm_bindgen]
impl Dataset {
    /// Reads `mnist.bin`; `part` is `"train"` (the first 8000), `"test"` (the rest) or `"all"`.
    /// Throws with the reason on a file that is not `mnist.bin` or is truncated.
    #[wasm_bindgen(js_name = fromMnist)]
    pub fn from_mnist(bytes: &[u8], part: &str) -> JsResult<Dataset> {
        let inner = match part {
            "all" => data::Dataset::from_mnist_bytes(bytes),
            "train" => data::mnist_split(bytes).map(|(train, _)| train),
            "test" => data::mnist_split(bytes).map(|(_, test)| test),
            _ => return Err(js_error(crate::err!(JS_PART, part))),
        };
        Ok(Dataset { inner: inner.map_err(js_error)? })
    }

    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    #[wasm_bindgen(getter)]
    pub fn classes(&self) -> usize {
        self.inner.classes()
    }

    /// `[channels, height, width]` of one image.
    #[wasm_bindgen(getter)]
    pub fn shape(&self) -> Vec<u32> {
        self.inner.shape().iter().map(|&d| d as u32).collect()
    }

    /// Image `index` (values in [0, 1]), `channels x height x width` flat.
    pub fn image(&self, index: usize) -> JsResult<Vec<f32>> {
        Ok(self.inner.image(index).map_err(js_error)?.to_vec())
    }

    pub fn label(&self, index: usize) -> JsResult<u32> {
        self.inner.label(index).map_err(js_error)
    }

    /// A set from its bytes (each value `b / 255`), e.g. `pixels()` posted to a worker:
    /// `pixels` is `labels.length x channels x height x width`, `shape` `[c, h, w]`,
    /// `classNames` one per class, `scaling` `{mean, std}` or null, `preprocessing` how the
    /// images were made from files (an `ImageSet`'s `preprocessing()`; the PyTorch export
    /// repeats it), or null / left out.
    #[wasm_bindgen(js_name = fromPixels)]
    pub fn from_pixels(
        pixels: Vec<u8>,
        labels: JsValue,
        shape: Vec<u32>,
        class_names: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "Scaling | null")] scaling: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Preprocessing | null | undefined")] preprocessing: JsValue,
    ) -> JsResult<Dataset> {
        let mut l = Vec::new();
        read_classes(&labels, &mut l)?;
        let [c, h, w] = shape[..] else {
            return Err(js_error(crate::err!(JS_SHAPE, shape = format!("{shape:?}"))));
        };
        let scaling = if scaling.is_null() || scaling.is_undefined() {
            None
        } else {
            let v = super::json_of(&scaling, "scaling")?;
            match (v["mean"].as_f64(), v["std"].as_f64()) {
                (Some(mean), Some(std)) if mean.is_finite() && std > 0.0 && std.is_finite() => {
                    Some(InputScaling { mean: mean as f32, std: std as f32 })
                }
                _ => return Err(js_error(crate::err!(JS_SCALING, value = v))),
            }
        };
        let preprocessing = if preprocessing.is_null() || preprocessing.is_undefined() {
            None
        } else {
            Some(Preprocessing::from_json(&super::json_of(&preprocessing, "preprocessing")?).map_err(js_error)?)
        };
        let set = data::Dataset::from_bytes(pixels, l, [c as usize, h as usize, w as usize], class_names.len())
            .and_then(|set| set.with_class_names(class_names))
            .and_then(|set| set.with_preprocessing(preprocessing))
            .map_err(js_error)?;
        Ok(set.with_scaling(scaling).into())
    }

    /// Every image's bytes, `length x channels x height x width` (a copy, to post to a
    /// worker); throws for a set kept as f32.
    pub fn pixels(&self) -> JsResult<Vec<u8>> {
        match self.inner.pixels() {
            Pixels::Bytes(b) => Ok(b.to_vec()),
            // Uncoded: every set this package makes from JS keeps bytes (f32 sets are the lecture's).
            Pixels::Floats(_) => Err(JsError::new("this set keeps f32 values, not bytes")),
        }
    }

    /// Every image's values in [0, 1], `length x channels x height x width` (a copy, as f32).
    pub fn images(&self) -> Vec<f32> {
        self.inner.images().into_owned()
    }

    /// Examples `start` to `end` (not included) as a set of their own (same class names and
    /// scaling).
    pub fn slice(&self, start: usize, end: usize) -> JsResult<Dataset> {
        Ok(self.inner.slice(start, end).map_err(js_error)?.into())
    }

    /// Every image's class.
    pub fn labels(&self) -> Uint32Array {
        Uint32Array::from(self.inner.labels())
    }

    /// One name per class ("0" to "9" for the digits).
    #[wasm_bindgen(js_name = classNames)]
    pub fn class_names(&self) -> Vec<String> {
        self.inner.class_names()
    }

    /// How many images each class has.
    #[wasm_bindgen(js_name = classCounts)]
    pub fn class_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.inner.classes()];
        self.inner.labels().iter().for_each(|&l| counts[l as usize] += 1);
        counts
    }

    /// `{mean, std}`: how a `TrainingRun` standardizes this set's images, or null for raw values.
    #[wasm_bindgen(unchecked_return_type = "Scaling | null")]
    pub fn scaling(&self) -> JsValue {
        self.inner.scaling().map_or(JsValue::NULL, |s| to_js(&s))
    }

    /// How the images were made from files (`{size, color, fit, pad, filter}`), or null for a
    /// set not made from files (the digits).
    #[wasm_bindgen(unchecked_return_type = "Required<Preprocessing> | null")]
    pub fn preprocessing(&self) -> JsValue {
        self.inner.preprocessing().map_or(JsValue::NULL, |p| to_js(&p.to_json()))
    }

    /// Image `index` as RGBA for `new ImageData(preview, width, height)` (grey as three equal
    /// channels; values in [0, 1] as 0 to 255).
    pub fn preview(&self, index: usize) -> JsResult<Uint8ClampedArray> {
        let image = self.inner.image(index).map_err(js_error)?;
        let [c, h, w] = self.inner.shape();
        let plane = h * w;
        let byte = |k: usize, i: usize| (image[k.min(c - 1) * plane + i] * 255.0).round() as u8;
        let rgba: Vec<u8> = (0..plane).flat_map(|i| [byte(0, i), byte(1, i), byte(2, i), 255]).collect();
        Ok(Uint8ClampedArray::from(&rgba[..]))
    }
}

/// The header of `mnist.bin` and its split, read without converting a pixel:
/// `{count, rows, cols, classes, trainCount, testCount}`. Throws on a file that is not
/// `mnist.bin` or is truncated, with the reason.
#[wasm_bindgen(js_name = mnistInfo, unchecked_return_type = "MnistInfo")]
pub fn mnist_info(bytes: &[u8]) -> JsResult<JsValue> {
    let info = MnistInfo::read(bytes).map_err(js_error)?;
    Ok(to_js(&serde_json::json!({
        "count": info.count,
        "rows": info.rows,
        "cols": info.cols,
        "classes": 10,
        "trainCount": info.train_count(),
        "testCount": info.test_count(),
    })))
}

/// A drawing (`height x width` values, 0 background to 1 ink) prepared as an MNIST digit:
/// scaled into 20 x 20 by its bounding box, centred by centre of mass in 28 x 28. Throws
/// "the drawing is empty: ..." when there is no ink.
#[wasm_bindgen(js_name = prepareDigit)]
pub fn prepare_digit(gray: JsValue, width: usize, height: usize) -> JsResult<Vec<f32>> {
    let mut values = Vec::new();
    read_f32(&gray, "drawing", &mut values)?;
    data::digit::prepare_digit(&values, width, height).map_err(js_error)
}

/// The standardization every digit gets on its way into a `TrainingRun`'s network:
/// `{mean, std}`, applied as `(v - mean) / std`.
#[wasm_bindgen(js_name = inputScaling)]
pub fn input_scaling() -> JsValue {
    to_js(&MNIST_SCALING)
}

/// A raw image (values in [0, 1]) standardized as `TrainingRun` feeds it to the network.
#[wasm_bindgen(js_name = standardizeDigit)]
pub fn standardize_digit(image: JsValue) -> JsResult<Vec<f32>> {
    let mut values = Vec::new();
    read_f32(&image, "image", &mut values)?;
    MNIST_SCALING.apply(&mut values);
    Ok(values)
}
