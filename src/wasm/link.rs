//! The link format for JavaScript: `parseLink(hash)` and `formatLink(state)`.

use super::{js_error, json_of, to_js, JsResult};
use crate::link::LabState;
use wasm_bindgen::prelude::*;

/// `parseLink('#v=1&view=race&...')` -> `{state, warnings}`: never throws. `state` is
/// `{v, view, net, network, data, contenders, batch, seed, steps, eval, surface, start, play}`
/// with every key filled in; `warnings` lists `{key, value, message}` for each bad value (that
/// key kept its default).
#[wasm_bindgen(js_name = parseLink)]
pub fn parse_link(hash: &str) -> JsValue {
    let (state, warnings) = LabState::parse_hash(hash);
    to_js(&serde_json::json!({ "state": state.to_json(), "warnings": warnings }))
}

/// The hash (without `#`) for a state like `parseLink`'s; throws the first bad value's message.
#[wasm_bindgen(js_name = formatLink)]
pub fn format_link(state: JsValue) -> JsResult<String> {
    Ok(LabState::from_json(&json_of(&state, "lab state")?).map_err(js_error)?.to_hash())
}
