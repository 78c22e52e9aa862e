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
//! `N` is one number or `HxW` (padding: one number or `TOPxBOTTOMxLEFTxRIGHT`). An optional last
//! item `loss:NAME` picks the loss (`softmax_cross_entropy` when absent). The text becomes the
//! JSON spec of `shared/spec/README.md`, which [`NetworkSpec::from_json`] checks, so a refused
//! network gets the same message as in the editor. A value starting with `{` is read as that
//! JSON directly.

use crate::bail;
use crate::error::{did_you_mean, Error, Result};
use crate::spec::{Activation, LayerSpec, Loss, NetworkSpec, Shape};
use serde_json::{json, Map, Value};

const LAYER_TYPES: &[&str] =
    &["conv2d", "dense", "maxpool", "avgpool", "relu", "sigmoid", "tanh", "leaky_relu", "flatten"];

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
    items.extend(spec.layers().iter().map(format_layer));
    if spec.loss() != Loss::SoftmaxCrossEntropy {
        items.push(format!("loss:{}", spec.loss().name()));
    }
    items.join(",")
}

/// The JSON spec (`{input, layers, loss}`) of a checked spec.
pub fn network_json(spec: &NetworkSpec) -> Value {
    // The compact form of a checked spec always converts back.
    compact_to_json(&format_network(spec)).unwrap_or(Value::Null)
}

fn format_layer(layer: &LayerSpec) -> String {
    let pair = |p: [usize; 2]| if p[0] == p[1] { p[0].to_string() } else { format!("{}x{}", p[0], p[1]) };
    let mut parts = vec![layer.type_name().to_string()];
    match layer {
        LayerSpec::Conv2d(c) => {
            parts.push(c.filters.to_string());
            parts.push(format!("k{}", pair(c.kernel)));
            if c.stride != [1, 1] {
                parts.push(format!("s{}", pair(c.stride)));
            }
            let p = c.padding;
            if p != [0; 4] {
                let all_same = p.iter().all(|&v| v == p[0]);
                parts.push(if all_same {
                    format!("p{}", p[0])
                } else {
                    format!("p{}x{}x{}x{}", p[0], p[1], p[2], p[3])
                });
            }
            if !c.bias {
                parts.push("nobias".into());
            }
        }
        LayerSpec::Dense(d) => {
            parts.push(d.units.to_string());
            if !d.bias {
                parts.push("nobias".into());
            }
        }
        LayerSpec::MaxPool(p) | LayerSpec::AvgPool(p) => {
            parts.push(pair(p.size));
            if p.stride != p.size {
                parts.push(format!("s{}", pair(p.stride)));
            }
        }
        LayerSpec::Activation(Activation::LeakyRelu { slope }) if *slope != 0.01 => parts.push(slope.to_string()),
        LayerSpec::Activation(_) | LayerSpec::Flatten => {}
    }
    parts.join(":")
}

/// The compact form as the JSON spec; only the form is checked here, the numbers are checked
/// by the spec parser.
fn compact_to_json(text: &str) -> Result<Value> {
    let mut items = text.split(',').map(str::trim);
    let input = items.next().unwrap_or("");
    let dims = numbers(input, 3)
        .ok_or_else(|| Error::new(format!("the input \"{input}\" must be CHANNELSxHEIGHTxWIDTH, like 1x28x28")))?;
    let mut layers = Vec::new();
    let mut loss = Value::from("softmax_cross_entropy");
    for item in items {
        if let Some(name) = item.strip_prefix("loss:") {
            loss = name.into();
            continue;
        }
        let place = format!("layer {}", layers.len());
        layers.push(compact_layer(item).map_err(|e| e.context(format!("{place} \"{item}\"")))?);
    }
    Ok(json!({ "input": dims, "layers": layers, "loss": loss }))
}

fn compact_layer(item: &str) -> Result<Value> {
    let mut parts = item.split(':');
    let type_name = parts.next().unwrap_or("");
    if !LAYER_TYPES.contains(&type_name) {
        bail!(
            "unknown layer type \"{type_name}\"{}: use one of {}",
            did_you_mean(type_name, LAYER_TYPES),
            LAYER_TYPES.join(", ")
        );
    }
    let mut layer = Map::new();
    layer.insert("type".into(), type_name.into());
    let main_key = match type_name {
        "conv2d" => Some("filters"),
        "dense" => Some("units"),
        "maxpool" | "avgpool" => Some("size"),
        "leaky_relu" => Some("slope"),
        _ => None,
    };
    for part in parts {
        let (key, value) = compact_part(type_name, main_key, part)?;
        if layer.insert(key.into(), value).is_some() {
            bail!("\"{key}\" is given twice");
        }
    }
    Ok(Value::Object(layer))
}

/// One `:`-separated part of a layer: the main number, `kN`, `sN`, `pN` or `nobias`.
fn compact_part(type_name: &str, main_key: Option<&'static str>, part: &str) -> Result<(&'static str, Value)> {
    let bad = || Error::new(format!("part \"{part}\" is not understood: {}", parts_help(type_name)));
    if part == "nobias" && matches!(type_name, "conv2d" | "dense") {
        return Ok(("bias", false.into()));
    }
    if type_name == "leaky_relu" {
        let slope: f64 = part.parse().map_err(|_| bad())?;
        return if slope.is_finite() { Ok(("slope", slope.into())) } else { Err(bad()) };
    }
    if let Some(key) = main_key.filter(|_| part.starts_with(|c: char| c.is_ascii_digit())) {
        let values = numbers(part, if key == "size" { 2 } else { 1 }).ok_or_else(bad)?;
        return Ok((key, list_or_number(values)));
    }
    let (key, count) = match (type_name, part.get(..1)) {
        ("conv2d", Some("k")) => ("kernel", 2),
        ("conv2d" | "maxpool" | "avgpool", Some("s")) => ("stride", 2),
        ("conv2d", Some("p")) => ("padding", 4),
        _ => return Err(bad()),
    };
    let values = numbers(&part[1..], count).ok_or_else(bad)?;
    Ok((key, list_or_number(values)))
}

fn parts_help(type_name: &str) -> &'static str {
    match type_name {
        "conv2d" => "write conv2d:FILTERS:kKERNEL, optionally :sSTRIDE :pPADDING :nobias, like conv2d:8:k5:p2",
        "dense" => "write dense:UNITS, optionally :nobias, like dense:10",
        "maxpool" | "avgpool" => "write maxpool:SIZE, optionally :sSTRIDE, like maxpool:2",
        "leaky_relu" => "write leaky_relu:SLOPE, like leaky_relu:0.01",
        _ => "this layer takes no parts",
    }
}

/// `"5"` or `"3x5"` (up to `max` numbers joined by `x`) as whole numbers.
fn numbers(text: &str, max: usize) -> Option<Vec<u64>> {
    let values: Vec<u64> = text.split('x').map(|n| n.parse().ok()).collect::<Option<_>>()?;
    let ok = values.len() == 1 || values.len() == max;
    (ok && (max != 3 || values.len() == 3)).then_some(values)
}

fn list_or_number(values: Vec<u64>) -> Value {
    if values.len() == 1 {
        values[0].into()
    } else {
        values.into()
    }
}

/// The input shape as `CxHxW`.
pub fn shape_text(shape: Shape) -> String {
    shape.dims().iter().map(usize::to_string).collect::<Vec<_>>().join("x")
}
