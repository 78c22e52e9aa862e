//! The JavaScript API: the only module that knows wasm-bindgen. Thin wrappers over the core,
//! one file per area; every error becomes a thrown `Error` with the core's message, and the
//! module keeps working afterwards.
//!
//! ```js
//! import init, { Trainer } from './pkg/cnn_playground.js';
//! await init();
//! const t = new Trainer(spec, { type: 'adam', lr: 0.001 }, 42);
//! const loss = t.step(images, labels, 32);
//! ```

// Two packages from this crate (wasm-pack.toml): the page's (feature `page`: training, data,
// own images, save and export, links, the optimizer lab) and the lecture's (feature `lecture`).
// A view downloads only the one it calls; the wasm tests build both features.
#[cfg(feature = "page")]
mod bench;
#[cfg(feature = "page")]
mod data;
#[cfg(feature = "page")]
mod evaluation;
#[cfg(feature = "page")]
mod export;
#[cfg(feature = "page")]
mod images;
#[cfg(feature = "lecture")]
mod lecture;
#[cfg(feature = "page")]
mod link;
#[cfg(feature = "page")]
mod shares;
#[cfg(feature = "page")]
mod surface;
#[cfg(feature = "page")]
mod trainer;
#[cfg(feature = "page")]
mod training;
mod types;
#[cfg(feature = "page")]
mod zip;

#[cfg(feature = "page")]
pub use self::{
    bench::{profile_training_step, simd_peak_gflops, wasm_memory_bytes},
    data::{input_scaling, mnist_info, prepare_digit, standardize_digit, Dataset},
    evaluation::Predictions,
    export::read_save,
    images::{colour_shapes, image_header, DataSplit, ImageSet},
    link::{format_link, parse_link},
    shares::{share_size, ShareGradients},
    surface::{surface_grid, surface_path, surfaces},
    trainer::{ParamOptimizer, Trainer},
    training::TrainingRun,
    zip::ZipParts,
};
#[cfg(feature = "lecture")]
pub use lecture::*;

use crate::err;
use crate::error::Error;
use crate::optim::OptimizerSpec;
use crate::spec::NetworkSpec;
use js_sys::{Array, Float32Array, Float64Array, Reflect, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The core's error as a thrown JS `Error`: its English `message`, and for a coded one `code`,
/// `params` (a nested message parameter as `{message, code, params}`) and `places` (where it
/// happened, outermost first, each `{message, code?, params?}`), which the page's `coreText`
/// says in its language.
pub(crate) fn js_error(e: Error) -> JsError {
    let error = JsError::new(e.message());
    let thrown = JsValue::from(error.clone());
    let json = e.to_json();
    for key in ["code", "params", "places"] {
        if let Some(value) = json.get(key) {
            Reflect::set(&thrown, &key.into(), &to_js(value)).ok();
        }
    }
    error
}

/// `[{code, english, params}]`: every message code the core can give (the page's catalogs have
/// `core.<code>` for each, with the same `{params}`).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> JsValue {
    let codes: Vec<serde_json::Value> = crate::error::codes::ALL
        .iter()
        .map(|c| serde_json::json!({ "code": c.name, "english": c.english, "params": c.params() }))
        .collect();
    to_js(&codes)
}

pub(crate) type JsResult<T> = Result<T, JsError>;

/// Reads a spec given as a plain object or as JSON text. `what` is the argument's name in the
/// API (`network spec`, `optimizer`, `lab state`, ...), which no language changes.
pub(crate) fn json_of(value: &JsValue, what: &str) -> JsResult<serde_json::Value> {
    if let Some(text) = value.as_string() {
        return serde_json::from_str(&text).map_err(|reason| {
            js_error(if what == "network spec" { err!(SPEC_NOT_JSON, reason) } else { err!(JS_NOT_JSON, what, reason) })
        });
    }
    if !value.is_object() {
        return Err(js_error(err!(JS_NOT_OBJECT, what, value = format!("{value:?}"))));
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|reason| js_error(err!(JS_UNREADABLE, what, reason)))
}

pub(crate) fn network_spec(value: &JsValue) -> JsResult<NetworkSpec> {
    NetworkSpec::from_json(&json_of(value, "network spec")?).map_err(js_error)
}

pub(crate) fn optimizer_spec(value: &JsValue) -> JsResult<OptimizerSpec> {
    OptimizerSpec::from_json(&json_of(value, "optimizer")?).map_err(js_error)
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// A plain JS object from key/value pairs.
#[cfg(feature = "page")]
pub(crate) fn object(entries: &[(&str, JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &(*key).into(), value).ok();
    }
    object
}

pub(crate) fn is_array_like(value: &JsValue) -> bool {
    Array::is_array(value) || js_sys::ArrayBuffer::is_view(value)
}

/// Numbers from a Float32Array (copied without conversion), any other typed array, or an Array.
pub(crate) fn read_f32(value: &JsValue, what: &str, out: &mut Vec<f32>) -> JsResult<()> {
    if let Some(array) = value.dyn_ref::<Float32Array>() {
        out.resize(array.length() as usize, 0.0);
        array.copy_to(out);
        return Ok(());
    }
    if !is_array_like(value) {
        return Err(js_error(err!(JS_NOT_NUMBERS, what)));
    }
    out.clear();
    out.extend(Float64Array::new(value).to_vec().into_iter().map(|v| v as f32));
    Ok(())
}

/// Class indices from a Uint32Array, or whole numbers from any other array.
pub(crate) fn read_classes(value: &JsValue, out: &mut Vec<u32>) -> JsResult<()> {
    if let Some(array) = value.dyn_ref::<Uint32Array>() {
        out.resize(array.length() as usize, 0);
        array.copy_to(out);
        return Ok(());
    }
    if !is_array_like(value) {
        return Err(js_error(err!(JS_LABELS)));
    }
    out.clear();
    for (index, value) in Float64Array::new(value).to_vec().into_iter().enumerate() {
        if !(value >= 0.0 && value.fract() == 0.0 && value <= u32::MAX as f64) {
            return Err(js_error(err!(JS_LABEL, index, value)));
        }
        out.push(value as u32);
    }
    Ok(())
}

#[cfg(feature = "page")]
pub(crate) fn batch_size(batch: f64) -> JsResult<usize> {
    if !(batch >= 1.0 && batch.fract() == 0.0 && batch <= 1e9) {
        return Err(js_error(err!(JS_BATCH, batch)));
    }
    Ok(batch as usize)
}

/// Checks a network spec without building it: its layers with shapes and parameter counts, or
/// a thrown `Error` naming the layer and the numbers. Cheap enough to call on every keystroke.
#[wasm_bindgen(js_name = describeNetwork)]
pub fn describe_network(spec: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&network_spec(&spec)?.layers_info()))
}

/// Checks an optimizer spec; returns it with every default written out.
#[wasm_bindgen(js_name = checkOptimizer)]
pub fn check_optimizer(optimizer: JsValue) -> JsResult<JsValue> {
    Ok(to_js(&optimizer_spec(&optimizer)?.to_json()))
}

/// The documented limits for a browser tab (also `describeSchema().limits`).
#[wasm_bindgen(unchecked_return_type = "Limits")]
pub fn limits() -> JsValue {
    to_js(&crate::schema::limits())
}

/// The core's schema: every layer type with its fields (kind, default or example, range,
/// compact form, doc), the activations, the losses, every optimizer with its fields and update
/// rule, the limits and the link's keys. The page's builder, the lab and the link read it, so
/// they cannot disagree with the core. The shape is the `Schema` type of the .d.ts.
#[wasm_bindgen(js_name = describeSchema, unchecked_return_type = "Schema")]
pub fn describe_schema() -> JsValue {
    to_js(&crate::schema::describe())
}
