//! `Dataset` and `TrainingRun`: what the playground's training worker calls. The worker loads
//! `mnist.bin` once into two `Dataset`s that live in wasm memory; `run.trainSteps(train, n)`
//! then runs n optimizer steps in one call, with no per-step copies across the boundary.
//!
//! ```js
//! const train = Dataset.fromMnist(bytes, 'train'), test = Dataset.fromMnist(bytes, 'test');
//! const run = new TrainingRun(spec, { type: 'adam', lr: 0.001 }, 42, 32);
//! const losses = run.trainSteps(train, 20);    // Float32Array, one loss per step
//! run.divergence();                            // null, or {step, message} once a loss or weight is NaN/inf
//! run.evaluate(test);                          // {accuracy, loss, correct, count}
//! run.inspect(test.image(0));                  // {probabilities, layers: [{index, type, shape, values, switches?}]}
//! run.predictions(test).confusion();           // see `Predictions`
//! ```
//!
//! Each `Dataset` carries its standardization (MNIST's constants for the digits, the training
//! part's mean and standard deviation for the colour shapes and own images); a `TrainingRun`
//! applies the training set's to every image entering its network.

use super::evaluation::Predictions;
use super::{js_error, network_spec, object, optimizer_spec, read_classes, read_f32, to_js, JsResult};
use crate::data::{self, BatchBuffers, BatchCursor, Divergence, InputScaling, Pixels, MNIST_SCALING};
use crate::evaluation;
use js_sys::{Array, Float32Array, Reflect, Uint32Array, Uint8ClampedArray};
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

    /// A set from its bytes (each value `b / 255`), e.g. `pixels()` posted to a worker:
    /// `pixels` is `labels.length x channels x height x width`, `shape` `[c, h, w]`,
    /// `classNames` one per class, `scaling` `{mean, std}` or null.
    #[wasm_bindgen(js_name = fromPixels)]
    pub fn from_pixels(
        pixels: Vec<u8>,
        labels: JsValue,
        shape: Vec<u32>,
        class_names: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "Scaling | null")] scaling: JsValue,
    ) -> JsResult<Dataset> {
        let mut l = Vec::new();
        read_classes(&labels, &mut l)?;
        let [c, h, w] = shape[..] else {
            return Err(JsError::new(&format!("shape must be [channels, height, width], not {shape:?}")));
        };
        let scaling = if scaling.is_null() || scaling.is_undefined() {
            None
        } else {
            let v = super::json_of(&scaling, "scaling")?;
            match (v["mean"].as_f64(), v["std"].as_f64()) {
                (Some(mean), Some(std)) if mean.is_finite() && std > 0.0 && std.is_finite() => {
                    Some(InputScaling { mean: mean as f32, std: std as f32 })
                }
                _ => return Err(JsError::new(&format!("scaling must be {{mean, std}} with std above 0, not {v}"))),
            }
        };
        let set = data::Dataset::from_bytes(pixels, l, [c as usize, h as usize, w as usize], class_names.len())
            .and_then(|set| set.with_class_names(class_names))
            .map_err(js_error)?;
        Ok(set.with_scaling(scaling).into())
    }

    /// Every image's bytes, `length x channels x height x width` (a copy, to post to a
    /// worker); throws for a set kept as f32.
    pub fn pixels(&self) -> JsResult<Vec<u8>> {
        match self.inner.pixels() {
            Pixels::Bytes(b) => Ok(b.to_vec()),
            Pixels::Floats(_) => Err(JsError::new("this set keeps f32 values, not bytes")),
        }
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
        match self.inner.scaling() {
            Some(s) => to_js(&serde_json::json!({ "mean": s.mean, "std": s.std })),
            None => JsValue::NULL,
        }
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

/// One training run on digits: a network, its optimizer, its seed and batch size, and where it
/// is in the data. The same spec, optimizer, seed and batch size replay bit for bit. Every
/// image is standardized with [`MNIST_SCALING`] on its way into the network (training,
/// `evaluate` and `inspect` alike); datasets and drawings stay raw [0, 1] pixels.
#[wasm_bindgen]
pub struct TrainingRun {
    pub(super) trainer: crate::Trainer,
    pub(super) cursor: BatchCursor,
    buffers: BatchBuffers,
    pub(super) batch: usize,
    pub(super) divergence: Option<Divergence>,
    input: Vec<f32>,
    /// the standardization of the last training set (MNIST's until one was trained on)
    pub(super) scaling: Option<InputScaling>,
    /// The link and data name of the last save or load (see `wasm/export.rs`).
    pub(super) saved: (String, String),
}

#[wasm_bindgen]
impl TrainingRun {
    /// Throws on a bad spec, optimizer or batch size (with the core's message).
    #[wasm_bindgen(constructor)]
    pub fn new(spec: JsValue, optimizer: JsValue, seed: u32, batch: f64) -> JsResult<TrainingRun> {
        let spec = network_spec(&spec)?;
        let optimizer = optimizer_spec(&optimizer)?;
        let batch = super::batch_size(batch)?;
        spec.check_batch(batch).map_err(js_error)?;
        let trainer = crate::Trainer::new(spec, optimizer, u64::from(seed));
        Ok(TrainingRun::resumed(trainer, BatchCursor::new(seed), batch, None, Some(MNIST_SCALING)))
    }

    /// Runs `steps` optimizer steps on the next mini-batches of `train`; returns each step's loss
    /// (before its update). Stops at the first NaN or infinite loss or weight: `divergence()`
    /// then says where, and further calls train no more.
    #[wasm_bindgen(js_name = trainSteps)]
    pub fn train_steps(&mut self, train: &Dataset, steps: usize) -> JsResult<Vec<f32>> {
        if self.divergence.is_some() {
            return Ok(Vec::new());
        }
        self.scaling = train.inner.scaling();
        self.buffers.set_scaling(self.scaling);
        let report =
            data::train_steps(&mut self.trainer, &train.inner, &mut self.cursor, self.batch, steps, &mut self.buffers)
                .map_err(js_error)?;
        self.divergence = report.divergence;
        Ok(report.losses)
    }

    /// `null`, or `{step, message}` once training diverged.
    pub fn divergence(&self) -> JsValue {
        match &self.divergence {
            None => JsValue::NULL,
            Some(d) => to_js(&serde_json::json!({ "step": d.step, "message": d.message })),
        }
    }

    /// Accuracy and mean cross-entropy on `data` (forward only, 250 examples at a time):
    /// `{accuracy, loss, correct, count}`.
    pub fn evaluate(&mut self, data: &Dataset) -> JsResult<JsValue> {
        let e = data::evaluate_scaled(self.trainer.network_mut(), &data.inner, 250, data.inner.scaling())
            .map_err(js_error)?;
        Ok(to_js(
            &serde_json::json!({ "accuracy": e.accuracy, "loss": e.loss, "correct": e.correct, "count": e.count }),
        ))
    }

    /// Every example's prediction on `data` (forward only, 250 at a time), for the confusion
    /// matrix, per-class accuracy and the mistakes: see `Predictions`.
    pub fn predictions(&mut self, data: &Dataset) -> JsResult<Predictions> {
        let network = self.trainer.network_mut();
        Ok(evaluation::Predictions::of(network, &data.inner, 250, data.inner.scaling()).map_err(js_error)?.into())
    }

    /// Optimizer steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.trainer.optimizer().steps() as f64
    }

    /// Epochs completed plus the fraction of the current one (e.g. 1.25), for a set of `len`.
    #[wasm_bindgen(js_name = epochProgress)]
    pub fn epoch_progress(&self, len: usize) -> f64 {
        self.cursor.epoch_progress(len)
    }

    #[wasm_bindgen(getter, js_name = imagesSeen)]
    pub fn images_seen(&self) -> f64 {
        self.cursor.images_seen() as f64
    }

    /// Every layer: `{index, type, inputShape, outputShape, parameters}`.
    pub fn layers(&self) -> JsValue {
        to_js(&self.trainer.network().spec().layers_info())
    }

    /// Every parameter tensor: `[{name, shape, values: Float32Array}]` (copies).
    pub fn weights(&self) -> Array {
        let network = self.trainer.network();
        network
            .param_slots()
            .iter()
            .map(|slot| {
                let shape: Array = slot.shape.iter().map(|&d| JsValue::from(d as u32)).collect();
                object(&[
                    ("name", slot.name.as_str().into()),
                    ("shape", shape.into()),
                    ("values", Float32Array::from(slot.range.of(network.params())).into()),
                ])
            })
            .collect()
    }

    /// Runs the network on one raw image (`channels x height x width` values in [0, 1],
    /// standardized here as the last training set was: MNIST's constants until then) and returns
    /// `{probabilities, predicted, layers: [{index, type, shape, values, switches?}]}`: every
    /// layer's output (the feature maps) and, for max-pool layers, which input won each window
    /// (`ih * w + iw` in its channel).
    pub fn inspect(&mut self, image: JsValue) -> JsResult<JsValue> {
        read_f32(&image, "image", &mut self.input)?;
        if let Some(scaling) = self.scaling {
            scaling.apply(&mut self.input);
        }
        let network = self.trainer.network_mut();
        let probabilities = network.forward(&self.input, 1).map_err(js_error)?.to_vec();
        let network = self.trainer.network();
        let layers = Array::new();
        for info in network.spec().layers_info() {
            let shape: Array = info.output_shape.dims().iter().map(|&d| JsValue::from(d as u32)).collect();
            let values = Float32Array::from(network.layer_output(info.index).map_err(js_error)?);
            let layer = object(&[
                ("index", info.index.into()),
                ("type", info.type_name.into()),
                ("shape", shape.into()),
                ("values", values.into()),
            ]);
            if let Some(switches) = network.max_pool_switches(info.index).map_err(js_error)? {
                Reflect::set(&layer, &"switches".into(), &Uint32Array::from(switches).into()).ok();
            }
            layers.push(&layer);
        }
        let predicted = data::argmax(&probabilities).0;
        Ok(object(&[
            ("probabilities", Float32Array::from(&probabilities[..]).into()),
            ("predicted", predicted.into()),
            ("layers", layers.into()),
        ])
        .into())
    }
}

impl TrainingRun {
    /// A run of `trainer` at `cursor`'s place in its data, its images standardized by `scaling`
    /// until it trains on a set (which brings its own).
    pub(super) fn resumed(
        trainer: crate::Trainer,
        cursor: BatchCursor,
        batch: usize,
        divergence: Option<Divergence>,
        scaling: Option<InputScaling>,
    ) -> TrainingRun {
        let buffers = BatchBuffers::with_scaling(MNIST_SCALING);
        let saved = (String::new(), "mnist".to_string());
        TrainingRun { trainer, cursor, buffers, batch, divergence, input: Vec::new(), scaling, saved }
    }
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
    to_js(&serde_json::json!({ "mean": MNIST_SCALING.mean, "std": MNIST_SCALING.std }))
}

/// A raw image (values in [0, 1]) standardized as `TrainingRun` feeds it to the network.
#[wasm_bindgen(js_name = standardizeDigit)]
pub fn standardize_digit(image: JsValue) -> JsResult<Vec<f32>> {
    let mut values = Vec::new();
    read_f32(&image, "image", &mut values)?;
    MNIST_SCALING.apply(&mut values);
    Ok(values)
}
