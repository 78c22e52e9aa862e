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

/// `fitNetwork(spec, [channels, height, width], classes)`: the network spec reading images of
/// that shape and ending with one output per class (its input replaced, its last dense layer's
/// units set), e.g. for the user's own images. Throws what to change when it cannot fit (no
/// dense layer at the end, a layer too large for smaller images).
#[wasm_bindgen(js_name = fitNetwork)]
pub fn fit_network(spec: JsValue, shape: Vec<u32>, classes: u32) -> JsResult<JsValue> {
    let network = super::network_spec(&spec)?;
    let [c, h, w] = shape[..] else {
        return Err(js_error(crate::err!(JS_SHAPE, shape = format!("{shape:?}"))));
    };
    let fitted =
        crate::link::fit_network(&network, [c as usize, h as usize, w as usize], classes as usize).map_err(js_error)?;
    Ok(to_js(&fitted.to_json()))
}
