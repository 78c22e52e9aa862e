//! `Dataset` and what the page needs of `mnist.bin`: labelled images in wasm memory, the file's
//! header and split without converting a pixel (`mnistInfo`), a drawing prepared as an MNIST
//! digit, and the scaling every digit gets on its way into a `TrainingRun`.
//!
//! ```js
//! mnistInfo(bytes);                            // {count, rows, cols, classes, trainCount, testCount}
//! const train = Dataset.fromMnist(bytes, 'train'), test = Dataset.fromMnist(bytes, 'test');
//! test.length; test.shape; test.image(0); test.label(0);
//! train.slice(0, 2048).images();               // Float32Array of 2048 x 784 pixels in [0, 1]
//! ```

use super::{js_error, read_f32, to_js, JsResult};
use crate::data::{self, MnistInfo};
use crate::training::MNIST_SCALING;
use wasm_bindgen::prelude::*;

/// Labelled images in wasm memory.
#[wasm_bindgen]
pub struct Dataset {
    pub(super) inner: data::Dataset,
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
            _ => return Err(JsError::new(&format!("part must be \"train\", \"test\" or \"all\", not \"{part}\""))),
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

    /// Every image, `length x channels x height x width` values in [0, 1] (a copy).
    pub fn images(&self) -> Vec<f32> {
        self.inner.images().to_vec()
    }

    /// Every label (a copy).
    pub fn labels(&self) -> Vec<u32> {
        self.inner.labels().to_vec()
    }

    /// Examples `start` to `end` (not included) as a dataset of their own.
    pub fn slice(&self, start: usize, end: usize) -> JsResult<Dataset> {
        Ok(Dataset { inner: self.inner.slice(start, end).map_err(js_error)? })
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
