//! The network in a link: a compact form a person can read and edit by hand.
//!
//! ```text
//! 1x28x28,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k5:p2,relu,maxpool:3,flatten,dense:10
//! ```
//!
//! Items are separated by `,`. The first is the input `CxHxW`. Each other item is a layer:
//! its `type`, then `:`-separated parts:
//!
//! | layer | parts |
//! |---|---|
//! | `conv2d:F` | `F` filters; `kN` kernel; `sN` stride (1); `pN` padding (0); `nobias` |
//! | `dense:U` | `U` units; `nobias` |
//! | `maxpool:N`, `avgpool:N` | `N` size; `sN` stride (= size) |
//! | `leaky_relu:SLOPE` | slope (0.01) |
//! | `relu`, `sigmoid`, `tanh`, `flatten` | none |
//!
//! The parts come from the schema ([`crate::schema::Compact`] of each field): a field that is
//! left at its default is not written. `N` is one number or `HxW` (padding: one number or
//! `TOPxBOTTOMxLEFTxRIGHT`). An optional last
//! item `loss:NAME` picks the loss (`softmax_cross_entropy` when absent). The text becomes the
//! JSON spec of `shared/spec/README.md`, which [`NetworkSpec::from_json`] checks, so a refused
//! network gets the same message as in the editor. A value starting with `{` is read as that
//! JSON directly.

use crate::error::{Error, Param, Result};
use crate::schema::{self, Compact, Default, Field, Kind, LayerSchema};
use crate::spec::{Loss, NetworkSpec, Shape};
use crate::{err, refuse};
use serde_json::{json, Map, Value};

/// Reads the compact form (or JSON) and checks it as a network spec.
pub fn parse_network(text: &str) -> Result<NetworkSpec> {
    if text.trim_start().starts_with('{') {
        return NetworkSpec::from_json_str(text);
    }
    NetworkSpec::from_json(&compact_to_json(text)?)
}

/// The compact form of a checked spec: [`parse_network`] reads it back to an equal spec.
pub fn format_network(spec: &NetworkSpec) -> String {
    let mut items = vec![shape_text(spec.input())];
    items.extend(spec.layers().iter().map(|layer| format_layer(layer.schema(), &layer.to_json())));
    if spec.loss() != Loss::SoftmaxCrossEntropy {
        items.push(format!("loss:{}", spec.loss().name()));
    }
    items.join(",")
}

/// One layer (its JSON, every field written out) in the compact form: the type, then each
/// field that differs from its default, as the schema says to write it.
fn format_layer(row: &LayerSchema, layer: &Value) -> String {
    let mut parts = vec![row.type_name.to_string()];
    for field in row.fields {
        let (Some(compact), Some(value)) = (field.compact, layer.get(field.name)) else { continue };
        let is_default = match field.default {
            Default::Required { .. } => false,
            Default::Number(d) => value.as_f64() == Some(d),
            Default::Bool(b) => value.as_bool() == Some(b),
            Default::SameAs(other) => layer.get(other) == Some(value),
        };
        if is_default {
            continue;
        }
        match compact {
            Compact::Main => parts.push(value_text(value)),
            Compact::Prefix(prefix) => parts.push(format!("{prefix}{}", value_text(value))),
            Compact::Flag(word) => parts.push(word.to_string()),
        }
    }
    parts.join(":")
}

/// A number as written (`5`, `0.1`), a list joined by `x` (`3x5`, `1x0x1x0`).
fn value_text(value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("x"),
        other => other.to_string(),
    }
}

/// How a layer type is written: `conv2d:FILTERS:kKERNEL[:sSTRIDE][:pPADDING][:nobias]`.
pub fn syntax(row: &LayerSchema) -> String {
    let mut text = row.type_name.to_string();
    for field in row.fields {
        let Some(compact) = field.compact else { continue };
        let part = token(field, compact);
        match field.default {
            Default::Required { .. } => text.push_str(&format!(":{part}")),
            _ => text.push_str(&format!("[:{part}]")),
        }
    }
    text
}

fn token(field: &Field, compact: Compact) -> String {
    match compact {
        Compact::Main => field.name.to_ascii_uppercase(),
        Compact::Prefix(prefix) => format!("{prefix}{}", field.name.to_ascii_uppercase()),
        Compact::Flag(word) => word.to_string(),
    }
}

/// What to write for a layer type, with an example: "write conv2d:FILTERS:kKERNEL, optionally
/// :sSTRIDE :pPADDING :nobias, like conv2d:8:k3".
fn help(row: &LayerSchema) -> Error {
    let (mut required, mut optional, mut example) = (String::new(), Vec::new(), row.type_name.to_string());
    for field in row.fields {
        let Some(compact) = field.compact else { continue };
        let part = token(field, compact);
        match (field.default, compact) {
            (Default::Required { example: e }, _) => {
                required.push_str(&format!(":{part}"));
                let prefix = if let Compact::Prefix(p) = compact { p } else { "" };
                example.push_str(&format!(":{prefix}{e}"));
            }
            (Default::Number(d), Compact::Main) => {
                optional.push(format!(":{part}"));
                example.push_str(&format!(":{d}"));
            }
            _ => optional.push(format!(":{part}")),
        }
    }
    if required.is_empty() && optional.is_empty() {
        return err!(LINK_NET_NO_PARTS);
    }
    let optional = if optional.is_empty() {
        Param::none()
    } else {
        Param::message(err!(LINK_NET_OPTIONALLY, parts = optional.join(" ")))
    };
    err!(LINK_NET_WRITE, kind = row.type_name, required, optional, example)
}

/// The compact form as the JSON spec; only the form is checked here, the numbers are checked
/// by the spec parser.
fn compact_to_json(text: &str) -> Result<Value> {
    let mut items = text.split(',').map(str::trim);
    let input = items.next().unwrap_or("");
    let dims = numbers(input, 3).filter(|d| d.len() == 3).ok_or_else(|| err!(LINK_NET_INPUT, input))?;
    let mut layers = Vec::new();
    let mut loss = Value::from("softmax_cross_entropy");
    for item in items {
        if let Some(name) = item.strip_prefix("loss:") {
            loss = name.into();
            continue;
        }
        let index = layers.len();
        layers.push(compact_layer(item).map_err(|e| e.at(err!(PLACE_LINK_LAYER, index, item)))?);
    }
    Ok(json!({ "input": dims, "layers": layers, "loss": loss }))
}

fn compact_layer(item: &str) -> Result<Value> {
    let mut parts = item.split(':');
    let type_name = parts.next().unwrap_or("");
    let row = schema::layer_type(type_name)?;
    let mut layer = Map::new();
    layer.insert("type".into(), type_name.into());
    for part in parts {
        let (field, value) = compact_part(row, part)?;
        if layer.insert(field.name.into(), value).is_some() {
            refuse!(LINK_NET_TWICE, field = field.name);
        }
    }
    Ok(Value::Object(layer))
}

/// One `:`-separated part of a layer: a flag word, a prefixed value or the main value.
fn compact_part(row: &'static LayerSchema, part: &str) -> Result<(&'static Field, Value)> {
    for field in row.fields {
        match field.compact {
            Some(Compact::Flag(word)) if part == word => return Ok((field, false.into())),
            Some(Compact::Prefix(prefix)) if part.starts_with(prefix) => {
                if let Some(value) = read_value(field, &part[prefix.len()..]) {
                    return Ok((field, value));
                }
            }
            _ => {}
        }
    }
    let main = row.fields.iter().find(|f| f.compact == Some(Compact::Main));
    match main.and_then(|field| read_value(field, part).map(|v| (field, v))) {
        Some(found) => Ok(found),
        None => refuse!(LINK_NET_PART, part, help = Param::message(help(row))),
    }
}

/// A field's value from its compact text: whole numbers joined by `x` for the numeric kinds of
/// layers (one, or one per dimension or side), a finite number for a `Number`.
fn read_value(field: &Field, text: &str) -> Option<Value> {
    let count = match field.kind {
        Kind::Int => 1,
        Kind::Size => 2,
        Kind::Padding => 4,
        Kind::Number => return text.parse::<f64>().ok().filter(|x| x.is_finite()).map(Value::from),
        Kind::Bool => return None,
    };
    let values = numbers(text, count)?;
    Some(if values.len() == 1 { values[0].into() } else { values.into() })
}

/// `"5"` or `"3x5"`: one whole number, or exactly `count` joined by `x`.
fn numbers(text: &str, count: usize) -> Option<Vec<u64>> {
    let digits = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    let values: Vec<u64> =
        text.split('x').map(|n| digits(n).then(|| n.parse().ok()).flatten()).collect::<Option<_>>()?;
    (values.len() == 1 || values.len() == count).then_some(values)
}

/// The input shape as `CxHxW`.
pub fn shape_text(shape: Shape) -> String {
    shape.dims().iter().map(usize::to_string).collect::<Vec<_>>().join("x")
}
