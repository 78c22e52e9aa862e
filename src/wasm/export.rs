//! Save, load, export and import, on `Trainer` and on `TrainingRun` (`src/export/` does the
//! work; file formats in its module docs).
//!
//! ```js
//! const bytes = t.save({ link: location.hash });   // Uint8Array: the .cnnp file
//! const t2 = Trainer.load(bytes);                  // continues bit for bit; a bad file throws Error(message)
//! readSave(bytes);                                 // {network, optimizer, steps, seed, data, link, ...}
//! t.exportPyTorch();                               // Uint8Array: a zip, cnn-playground-pytorch/...
//! t.exportOnnx();                                  // Uint8Array: an ONNX model
//! t.loadStateDict(bytes);                          // [{name, source}]; the optimizer starts again
//!
//! // A TrainingRun also keeps its place in the data, and verify.py checks its next batch:
//! const run2 = TrainingRun.load(run.save({ link: location.hash, data: 'mnist' }));
//! run.exportPyTorch(train);
//! ```

use super::data::Dataset;
use super::trainer::Trainer;
use super::training::TrainingRun;
use super::{batch_size, js_error, read_classes, read_f32, to_js, JsResult};
use crate::export::import::Mapping;
use crate::export::onnx::onnx_model;
use crate::export::pytorch::{pytorch_zip, ImageFolder, Labels, SampleBatch};
use crate::export::save::read_header;
use crate::export::zip::DosTime;
use crate::export::{import_into, load_run, save_run, RunInfo};
use crate::spec::Loss;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// Examples in the made-up batch `verify.py` checks when `Trainer.exportPyTorch` is given none.
const SAMPLE_BATCH: usize = 8;

/// The batch size of a run loaded from a save that has none (a bare `Trainer`'s).
const DEFAULT_BATCH: usize = 32;

#[wasm_bindgen(typescript_custom_section)]
const EXPORT_TYPES: &'static str = r#"
/** Options of `save()`: the page's link to the experiment, and (TrainingRun) the data's name. */
export interface SaveOptions { link?: string; data?: string }
"#;

#[wasm_bindgen]
impl Trainer {
    /// The run as a `.cnnp` file: spec, optimizer spec and state, weights, seed, link.
    pub fn save(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SaveOptions | undefined")] options: JsValue,
    ) -> JsResult<Vec<u8>> {
        if let Some(link) = option_text(&options, "link")? {
            self.run.link = link;
        }
        Ok(save_run(&self.inner, &self.run))
    }

    /// A trainer that continues a saved run bit for bit; throws on a damaged or foreign file.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    ) -> JsResult<Trainer> {
        let (inner, mut run) = load_run(&read_bytes(&bytes, "Trainer.load")?).map_err(js_error)?;
        run.data = None; // batches are given by hand here
        Ok(Trainer::wrap(inner, run))
    }

    /// The PyTorch export (a zip). `verify.py` checks `input`, `labels` and `batch` as `step()`
    /// takes them, or, when they are left out, 8 made-up examples.
    #[wasm_bindgen(js_name = exportPyTorch)]
    pub fn export_pytorch(&self, input: JsValue, labels: JsValue, batch: JsValue) -> JsResult<Vec<u8>> {
        let spec = self.inner.network().spec();
        let sample = if input.is_undefined() {
            SampleBatch::generated(spec, SAMPLE_BATCH, self.run.scaling)
        } else {
            let mut values = Vec::new();
            read_f32(&input, "input", &mut values)?;
            let labels = match spec.loss() {
                Loss::SoftmaxCrossEntropy => {
                    let mut classes = Vec::new();
                    read_classes(&labels, &mut classes)?;
                    Labels::Classes(classes)
                }
                Loss::SigmoidBinaryCrossEntropy => {
                    let mut targets = Vec::new();
                    read_f32(&labels, "targets", &mut targets)?;
                    Labels::Values(targets)
                }
            };
            let batch = batch_size(batch.as_f64().unwrap_or(f64::NAN))?;
            SampleBatch { input: values, labels, batch }
        };
        pytorch_zip(&self.inner, &self.run, &ImageFolder::default(), &sample, now()).map_err(js_error)
    }

    /// The ONNX model of the current weights (opset 13): `input` to `logits` and `probabilities`.
    #[wasm_bindgen(js_name = exportOnnx)]
    pub fn export_onnx(&self) -> JsResult<Vec<u8>> {
        onnx_model(self.inner.network(), &self.run, self.inner.optimizer().steps()).map_err(js_error)
    }

    /// Loads a `.safetensors` state_dict (our names, a shared prefix, or layer order) and starts
    /// the optimizer again; returns `[{name, source}]`. Throws naming the tensor and shapes on a
    /// mismatch, and then changes nothing.
    #[wasm_bindgen(js_name = loadStateDict)]
    pub fn load_state_dict(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    ) -> JsResult<Array> {
        let mapping = import_into(&mut self.inner, &read_bytes(&bytes, "loadStateDict")?).map_err(js_error)?;
        Ok(mappings(mapping))
    }

    /// The seed of the initial weights.
    pub fn seed(&self) -> f64 {
        self.run.seed as f64
    }

    /// The link given to the last `save()`, or read by `load()`; empty otherwise.
    pub fn link(&self) -> String {
        self.run.link.clone()
    }
}

#[wasm_bindgen]
impl TrainingRun {
    /// The run as a `.cnnp` file, with its place in the data (epoch, position, images seen),
    /// batch size, seed, divergence, `options.link` and `options.data` (default `"mnist"`).
    pub fn save(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SaveOptions | undefined")] options: JsValue,
    ) -> JsResult<Vec<u8>> {
        if let Some(link) = option_text(&options, "link")? {
            self.link = link;
        }
        if let Some(data) = option_text(&options, "data")? {
            self.run.set_data(&data);
        }
        Ok(save_run(self.run.trainer(), &self.info()))
    }

    /// A run that continues a saved one bit for bit: the same next batches, losses and
    /// weights. A save without a data position (from a `Trainer`) starts at the first batch of
    /// epoch 0, batches of 32. Throws on a damaged or foreign file.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    ) -> JsResult<TrainingRun> {
        let (trainer, info) = load_run(&read_bytes(&bytes, "TrainingRun.load")?).map_err(js_error)?;
        let link = info.link.clone();
        let run = info.into_run(trainer, DEFAULT_BATCH).map_err(js_error)?;
        Ok(TrainingRun { run, link })
    }

    /// The PyTorch export (a zip); `verify.py` checks the run's next batch of `train`, the set
    /// it trains on (without taking the batch), and `resume.py` reads a folder of `train`'s
    /// class names, preparing each file with `train`'s preprocessing.
    #[wasm_bindgen(js_name = exportPyTorch)]
    pub fn export_pytorch(&self, train: &Dataset) -> JsResult<Vec<u8>> {
        let sample = SampleBatch::next_of(self.run.cursor(), &train.inner, self.run.batch(), train.inner.scaling());
        let folder = ImageFolder::of(&train.inner);
        pytorch_zip(self.run.trainer(), &self.info(), &folder, &sample, now()).map_err(js_error)
    }

    /// The ONNX model of the current weights; its input is an image standardized as the run's
    /// training set is (its doc string and metadata say how).
    #[wasm_bindgen(js_name = exportOnnx)]
    pub fn export_onnx(&self) -> JsResult<Vec<u8>> {
        onnx_model(self.run.network(), &self.info(), self.run.steps()).map_err(js_error)
    }

    /// Loads a `.safetensors` state_dict as `Trainer.loadStateDict` does. The run starts again
    /// from these weights: optimizer at step 0, data at the first batch of epoch 0, no
    /// divergence; seed, batch size and link stay.
    #[wasm_bindgen(js_name = loadStateDict)]
    pub fn load_state_dict(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    ) -> JsResult<Array> {
        let mapping = import_into(self.run.trainer_mut(), &read_bytes(&bytes, "loadStateDict")?).map_err(js_error)?;
        self.run.restart_data();
        Ok(mappings(mapping))
    }

    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> u32 {
        self.run.seed()
    }

    /// Images per step.
    #[wasm_bindgen(getter)]
    pub fn batch(&self) -> usize {
        self.run.batch()
    }

    /// Epochs completed (the current epoch, 0-based).
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> u32 {
        self.run.cursor().epoch()
    }

    /// The link given to the last `save()`, or read by `load()`; empty otherwise.
    #[wasm_bindgen(getter)]
    pub fn link(&self) -> String {
        self.link.clone()
    }
}

impl TrainingRun {
    fn info(&self) -> RunInfo {
        RunInfo::of_run(&self.run, &self.link)
    }
}

/// What a save file holds, without loading it: `{network, optimizer, steps, seed,
/// inputScaling, data: {name, examples, batch, epoch, position, imagesSeen} | null,
/// divergence: {step, message} | null, link, formatVersion}`. Throws as `Trainer.load` would.
#[wasm_bindgen(js_name = readSave)]
pub fn read_save(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
) -> JsResult<JsValue> {
    Ok(to_js(&read_header(&read_bytes(&bytes, "readSave")?).map_err(js_error)?))
}

/// A file's bytes from a Uint8Array, an ArrayBuffer or any other typed array.
fn read_bytes(value: &JsValue, what: &str) -> JsResult<Vec<u8>> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    if ArrayBuffer::is_view(value) {
        let get = |key: &str| Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let buffer: ArrayBuffer = get("buffer").unchecked_into();
        let (offset, length) = (get("byteOffset").as_f64().unwrap_or(0.0), get("byteLength").as_f64().unwrap_or(0.0));
        return Ok(Uint8Array::new_with_byte_offset_and_length(&buffer, offset as u32, length as u32).to_vec());
    }
    Err(js_error(crate::err!(JS_FILE_BYTES, what)))
}

/// `options[key]` as text; `None` when options or the key are missing.
fn option_text(options: &JsValue, key: &str) -> JsResult<Option<String>> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() {
        return Err(js_error(crate::err!(JS_SAVE_OPTIONS)));
    }
    let value = Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| js_error(crate::err!(JS_SAVE_OPTION_TEXT, key)))
}

fn mappings(mapping: Vec<Mapping>) -> Array {
    mapping
        .into_iter()
        .map(|m| {
            let o = Object::new();
            Reflect::set(&o, &"name".into(), &m.name.into()).ok();
            Reflect::set(&o, &"source".into(), &m.source.into()).ok();
            JsValue::from(o)
        })
        .collect()
}

/// The local date and time, for the zip's entries.
pub(super) fn now() -> DosTime {
    let d = js_sys::Date::new_0();
    DosTime {
        year: d.get_full_year() as u16,
        month: d.get_month() as u8 + 1,
        day: d.get_date() as u8,
        hour: d.get_hours() as u8,
        minute: d.get_minutes() as u8,
        second: d.get_seconds() as u8,
    }
}
