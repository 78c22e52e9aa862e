//! Reading the JSON spec: every field checked by the schema, every mistake explained.
//!
//! Parsing is by hand over `serde_json::Value` rather than by derive, so that each message can
//! name the layer (`layer 3 (conv2d): ...`), suggest the field that was meant, and give the
//! allowed range. The same code reads a spec that comes from JavaScript (through
//! serde-wasm-bindgen) or from a link.

use super::{LayerSpec, Loss, Shape};
use crate::bail;
use crate::error::{did_you_mean, Result};
use crate::schema::{self, whole_number, Fields, Range};
use serde_json::{Map, Value};

const TOP_FIELDS: &[&str] = &["input", "layers", "loss"];

/// Reads `{input, layers, loss}`.
pub(super) fn network(value: &Value) -> Result<(Shape, Vec<LayerSpec>, Loss)> {
    let Value::Object(top) = value else {
        bail!("the network spec must be a JSON object, not {value}");
    };
    if let Some(key) = top.keys().find(|k| !TOP_FIELDS.contains(&k.as_str())) {
        bail!(
            "the network spec: unknown field \"{key}\"{}; its fields are {}",
            did_you_mean(key, TOP_FIELDS),
            TOP_FIELDS.join(", ")
        );
    }
    let input = input_shape(required(top, "input")?)?;
    let Value::Array(items) = required(top, "layers")? else {
        bail!(
            "layers must be a list of layers, like [{{\"type\": \"flatten\"}}, {{\"type\": \"dense\", \"units\": 10}}]"
        );
    };
    let layers = items.iter().enumerate().map(|(i, v)| layer(i, v)).collect::<Result<Vec<_>>>()?;
    Ok((input, layers, loss(required(top, "loss")?)?))
}

fn required<'a>(top: &'a Map<String, Value>, key: &str) -> Result<&'a Value> {
    match top.get(key) {
        Some(v) => Ok(v),
        None => bail!("the network spec: \"{key}\" is missing"),
    }
}

fn loss(value: &Value) -> Result<Loss> {
    let names: Vec<&str> = schema::LOSSES.iter().map(|l| l.name).collect();
    match value {
        Value::String(name) => Loss::from_name(name).ok_or_else(|| {
            crate::Error::new(format!(
                "loss \"{name}\" is unknown{}: use one of {}",
                did_you_mean(name, &names),
                names.join(", ")
            ))
        }),
        other => bail!("loss must be a string, one of {}, not {other}", names.join(", ")),
    }
}

fn input_shape(value: &Value) -> Result<Shape> {
    let dims = match value {
        Value::Array(items) if items.len() == 3 => items
            .iter()
            .map(|v| whole_number(v, "input", Range::dimension(1.0)).map_err(|e| e.context("input")))
            .collect::<Result<Vec<_>>>()?,
        _ => bail!("input must be [channels, height, width], like [1, 28, 28], not {value}"),
    };
    Ok(Shape::Image { channels: dims[0], height: dims[1], width: dims[2] })
}

/// One layer object, by its type's row of the schema.
fn layer(index: usize, value: &Value) -> Result<LayerSpec> {
    let Value::Object(map) = value else {
        bail!("layer {index} must be an object like {{\"type\": \"relu\"}}, not {value}");
    };
    let type_name = match map.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => bail!("layer {index}: type must be a string, not {other}"),
        None => bail!("layer {index} has no type: add \"type\", one of {}", schema::layer_type_names().join(", ")),
    };
    let row = schema::layer_type(type_name).map_err(|e| e.context(format!("layer {index}")))?;
    let fields = Fields::new(map, format!("layer {index} ({type_name})"), row.fields)?;
    (row.read)(&fields)
}
