//! Reading the JSON spec: every field checked by the schema, every mistake explained.
//!
//! Parsing is by hand over `serde_json::Value` rather than by derive, so that each message can
//! name the layer (`layer 3 (conv2d): ...`), suggest the field that was meant, and give the
//! allowed range. The same code reads a spec that comes from JavaScript (through
//! serde-wasm-bindgen) or from a link.

use super::{LayerSpec, Loss, Shape};
use crate::error::{suggestion, Result};
use crate::schema::{self, whole_number, Fields, Range};
use crate::{err, refuse};
use serde_json::{Map, Value};

const TOP_FIELDS: &[&str] = &["input", "layers", "loss"];

/// Reads `{input, layers, loss}`.
pub(super) fn network(value: &Value) -> Result<(Shape, Vec<LayerSpec>, Loss)> {
    let Value::Object(top) = value else {
        refuse!(SPEC_NOT_OBJECT, value);
    };
    if let Some(key) = top.keys().find(|k| !TOP_FIELDS.contains(&k.as_str())) {
        refuse!(SPEC_UNKNOWN_FIELD, key, hint = suggestion(key, TOP_FIELDS), fields = TOP_FIELDS.join(", "));
    }
    let input = input_shape(required(top, "input")?)?;
    let Value::Array(items) = required(top, "layers")? else {
        refuse!(LAYERS_NOT_LIST);
    };
    let layers = items.iter().enumerate().map(|(i, v)| layer(i, v)).collect::<Result<Vec<_>>>()?;
    Ok((input, layers, loss(required(top, "loss")?)?))
}

fn required<'a>(top: &'a Map<String, Value>, key: &str) -> Result<&'a Value> {
    match top.get(key) {
        Some(v) => Ok(v),
        None => refuse!(SPEC_MISSING, key),
    }
}

fn loss(value: &Value) -> Result<Loss> {
    let names: Vec<&str> = schema::LOSSES.iter().map(|l| l.name).collect();
    match value {
        Value::String(name) => Loss::from_name(name)
            .ok_or_else(|| err!(LOSS_UNKNOWN, name, hint = suggestion(name, &names), names = names.join(", "))),
        value => refuse!(LOSS_NOT_STRING, names = names.join(", "), value),
    }
}

fn input_shape(value: &Value) -> Result<Shape> {
    let dims = match value {
        Value::Array(items) if items.len() == 3 => items
            .iter()
            .map(|v| whole_number(v, "input", Range::dimension(1.0)).map_err(|e| e.at(err!(PLACE_INPUT))))
            .collect::<Result<Vec<_>>>()?,
        _ => refuse!(INPUT_NOT_LIST, value),
    };
    Ok(Shape::Image { channels: dims[0], height: dims[1], width: dims[2] })
}

/// One layer object, by its type's row of the schema.
fn layer(index: usize, value: &Value) -> Result<LayerSpec> {
    let Value::Object(map) = value else {
        refuse!(LAYER_NOT_OBJECT, index, value);
    };
    let type_name = match map.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(value) => return Err(err!(LAYER_TYPE_NOT_STRING, value).at(err!(PLACE_LAYER_INDEX, index))),
        None => refuse!(LAYER_NO_TYPE, index, names = schema::layer_type_names().join(", ")),
    };
    let row = schema::layer_type(type_name).map_err(|e| e.at(err!(PLACE_LAYER_INDEX, index)))?;
    let fields = Fields::new(map, err!(PLACE_LAYER, index, kind = type_name), row.fields)?;
    (row.read)(&fields)
}
