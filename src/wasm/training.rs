//! `TrainingRun`: what the page's training workers call, a thin wrapper of the core's
//! [`crate::training::TrainingRun`]. The worker loads `mnist.bin` once into two `Dataset`s
//! that live in wasm memory; `run.trainSteps(train, n)` then runs n optimizer steps in one
//! call, with no per-step copies across the boundary.
//!
//! ```js
//! const run = new TrainingRun(spec, { type: 'adam', lr: 0.001 }, 42, 32);
//! const losses = run.trainSteps(train, 20);    // Float32Array, one loss per step
//! run.divergence();                            // null, or {step, message} once a loss or weight is NaN/inf
//! run.evaluate(test);                          // {accuracy, loss, correct, count}
//! run.predictions(test).confusion();           // see `Predictions`
//! run.inspect(test.image(0));                  // {probabilities, predicted, layers: [{index, type, shape, values, switches?}]}
//! run.state();                                 // {seed, batch, epoch, position, imagesSeen, steps, data, scaling, divergence}
//! ```

use super::data::Dataset;
use super::evaluation::Predictions;
use super::{batch_size, js_error, network_spec, object, optimizer_spec, read_f32, to_js, JsResult};
use crate::data::MNIST_SCALING;
use crate::evaluation;
use crate::training::{self, argmax};
use js_sys::{Array, Float32Array, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;

/// One training run: a network, its optimizer, its seed and batch size, and where it is in the
/// data. The same spec, optimizer, seed and batch size replay bit for bit. Every image of a set
/// is standardized with the set's scaling on its way into the network (MNIST's for the digits);
/// `inspect` standardizes a single image as the last training set was (MNIST's until then).
#[wasm_bindgen]
pub struct TrainingRun {
    pub(super) run: training::TrainingRun,
    /// The page's link given to the last `save()` or read by `load()` (see `wasm/export.rs`).
    pub(super) link: String,
}

#[wasm_bindgen]
impl TrainingRun {
    /// Throws on a bad spec, optimizer or batch size (with the core's message).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "NetworkSpec | string")] spec: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OptimizerSpec | string")] optimizer: JsValue,
        seed: u32,
        batch: f64,
    ) -> JsResult<TrainingRun> {
        let (spec, optimizer) = (network_spec(&spec)?, optimizer_spec(&optimizer)?);
        let run = training::TrainingRun::new(spec, optimizer, seed, batch_size(batch)?).map_err(js_error)?;
        Ok(TrainingRun { run: run.with_scaling(Some(MNIST_SCALING)), link: String::new() })
    }

    /// Runs `steps` optimizer steps on the next mini-batches of `train`; returns each step's loss
    /// (before its update). Stops at the first NaN or infinite loss or weight: `divergence()`
    /// then says where, and further calls train no more.
    #[wasm_bindgen(js_name = trainSteps)]
    pub fn train_steps(&mut self, train: &Dataset, steps: usize) -> JsResult<Vec<f32>> {
        Ok(self.run.train_steps(&train.inner, steps).map_err(js_error)?.losses)
    }

    /// `null`, or `{step, message}` once training diverged.
    pub fn divergence(&self) -> JsValue {
        self.run.divergence().map_or(JsValue::NULL, to_js)
    }

    /// Accuracy and mean cross-entropy on `data` (forward only, 250 examples at a time):
    /// `{accuracy, loss, correct, count}`.
    pub fn evaluate(&mut self, data: &Dataset) -> JsResult<JsValue> {
        Ok(to_js(&self.run.evaluate(&data.inner).map_err(js_error)?))
    }

    /// Every example's prediction on `data` (forward only, 250 at a time), for the confusion
    /// matrix, per-class accuracy and the mistakes: see `Predictions`.
    pub fn predictions(&mut self, data: &Dataset) -> JsResult<Predictions> {
        Ok(evaluation::Predictions::of(&mut self.run, &data.inner).map_err(js_error)?.into())
    }

    /// Optimizer steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.run.steps() as f64
    }

    /// Epochs completed plus the fraction of the current one (e.g. 1.25), for a set of `len`.
    #[wasm_bindgen(js_name = epochProgress)]
    pub fn epoch_progress(&self, len: usize) -> f64 {
        self.run.cursor().epoch_progress(len)
    }

    #[wasm_bindgen(getter, js_name = imagesSeen)]
    pub fn images_seen(&self) -> f64 {
        self.run.cursor().images_seen() as f64
    }

    /// Where the run is, besides its weights and optimizer state: `{seed, batch, epoch,
    /// position, imagesSeen, steps, data, scaling: {mean, std} | null, divergence}`.
    #[wasm_bindgen(unchecked_return_type = "RunState")]
    pub fn state(&self) -> JsValue {
        #[derive(serde::Serialize)]
        struct State {
            #[serde(flatten)]
            run: training::RunState,
            steps: u64,
        }
        to_js(&State { run: self.run.state(), steps: self.run.steps() })
    }

    /// Every layer: `{index, type, inputShape, outputShape, parameters}`.
    pub fn layers(&self) -> JsValue {
        to_js(&self.run.network().spec().layers_info())
    }

    /// Every parameter tensor: `[{name, shape, values: Float32Array}]` (copies).
    pub fn weights(&self) -> Array {
        let network = self.run.network();
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
    /// standardized as the last training set was: MNIST's constants until then) and returns
    /// `{probabilities, predicted, layers: [{index, type, shape, values, switches?}]}`: every
    /// layer's output (the feature maps) and, for max-pool layers, which input won each window
    /// (`ih * w + iw` in its channel).
    pub fn inspect(&mut self, image: JsValue) -> JsResult<JsValue> {
        let mut input = Vec::new();
        read_f32(&image, "image", &mut input)?;
        let probabilities = self.run.predict(&input).map_err(js_error)?.to_vec();
        let network = self.run.network();
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
        Ok(object(&[
            ("probabilities", Float32Array::from(&probabilities[..]).into()),
            ("predicted", argmax(&probabilities).0.into()),
            ("layers", layers.into()),
        ])
        .into())
    }
}
