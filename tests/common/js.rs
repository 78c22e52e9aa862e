//! Helpers of the wasm tests: JSON to JS values, and the message of a thrown `Error`.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

pub fn js(value: &Value) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

/// The message of a thrown `Error`.
pub fn message(err: impl Into<JsValue>) -> String {
    let value: JsValue = err.into();
    value
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|v| format!("not an Error: {v:?}"))
}
