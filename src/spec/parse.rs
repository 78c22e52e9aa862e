//! Reading the JSON spec: every field checked, every mistake explained.
//!
//! Parsing is by hand over `serde_json::Value` rather than by derive, so that each message can
//! name the layer (`layer 3 (conv2d): ...`), suggest the field that was meant, and give the
//! allowed range. The same code reads a spec that comes from JavaScript (through
//! serde-wasm-bindgen) or from a link.

use super::{Activation, Conv2dSpec, DenseSpec, LayerSpec, Loss, PoolSpec, Shape, MAX_DIMENSION};
use crate::bail;
use crate::error::{did_you_mean, Error, Result};
use serde_json::{Map, Value};

const LAYER_TYPES: &[&str] =
    &["conv2d", "dense", "maxpool", "avgpool", "relu", "sigmoid", "tanh", "leaky_relu", "flatten"];
const LOSSES: &[&str] = &["softmax_cross_entropy", "sigmoid_binary_cross_entropy"];

/// Reads `{input, layers, loss}`.
pub(super) fn network(value: &Value) -> Result<(Shape, Vec<LayerSpec>, Loss)> {
    let top = Fields::new(value, "the network spec")?;
    top.only(&["input", "layers", "loss"])?;
    let input = input_shape(top.required("input")?)?;
    let Value::Array(items) = top.required("layers")? else {
        bail!(
            "layers must be a list of layers, like [{{\"type\": \"flatten\"}}, {{\"type\": \"dense\", \"units\": 10}}]"
        );
    };
    let layers = items.iter().enumerate().map(|(i, v)| layer(i, v)).collect::<Result<Vec<_>>>()?;
    let loss = match top.required("loss")? {
        Value::String(name) => match name.as_str() {
            "softmax_cross_entropy" => Loss::SoftmaxCrossEntropy,
            "sigmoid_binary_cross_entropy" => Loss::SigmoidBinaryCrossEntropy,
            other => {
                bail!("loss \"{other}\" is unknown{}: use one of {}", did_you_mean(other, LOSSES), LOSSES.join(", "))
            }
        },
        other => bail!("loss must be a string, one of {}, not {other}", LOSSES.join(", ")),
    };
    Ok((input, layers, loss))
}

fn input_shape(value: &Value) -> Result<Shape> {
    let dims = match value {
        Value::Array(items) if items.len() == 3 => items
            .iter()
            .map(|v| whole_number(v, "input", 1).map_err(|e| e.context("input")))
            .collect::<Result<Vec<_>>>()?,
        _ => bail!("input must be [channels, height, width], like [1, 28, 28], not {value}"),
    };
    Ok(Shape::Image { channels: dims[0], height: dims[1], width: dims[2] })
}

fn layer(index: usize, value: &Value) -> Result<LayerSpec> {
    let Value::Object(map) = value else {
        bail!("layer {index} must be an object like {{\"type\": \"relu\"}}, not {value}");
    };
    let type_name = match map.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => bail!("layer {index}: type must be a string, not {other}"),
        None => bail!("layer {index} has no type: add \"type\", one of {}", LAYER_TYPES.join(", ")),
    };
    let place = format!("layer {index} ({type_name})");
    let fields = Fields { map, place: place.clone() };
    let parsed = match type_name {
        "conv2d" => {
            fields.only(&["type", "filters", "kernel", "stride", "padding", "bias"])?;
            LayerSpec::Conv2d(Conv2dSpec {
                filters: fields.count("filters")?,
                kernel: fields.pair("kernel", None)?,
                stride: fields.pair("stride", Some(1))?,
                padding: fields.padding()?,
                bias: fields.boolean("bias", true)?,
            })
        }
        "dense" => {
            fields.only(&["type", "units", "bias"])?;
            LayerSpec::Dense(DenseSpec { units: fields.count("units")?, bias: fields.boolean("bias", true)? })
        }
        "maxpool" | "avgpool" => {
            fields.only(&["type", "size", "stride"])?;
            let size = fields.pair("size", None)?;
            let stride = match fields.map.get("stride") {
                None => size,
                Some(_) => fields.pair("stride", None)?,
            };
            let pool = PoolSpec { size, stride };
            if type_name == "maxpool" {
                LayerSpec::MaxPool(pool)
            } else {
                LayerSpec::AvgPool(pool)
            }
        }
        "relu" | "sigmoid" | "tanh" | "flatten" => {
            fields.only(&["type"])?;
            match type_name {
                "relu" => LayerSpec::Activation(Activation::Relu),
                "sigmoid" => LayerSpec::Activation(Activation::Sigmoid),
                "tanh" => LayerSpec::Activation(Activation::Tanh),
                _ => LayerSpec::Flatten,
            }
        }
        "leaky_relu" => {
            fields.only(&["type", "slope"])?;
            let slope = match map.get("slope") {
                None => 0.01,
                Some(v) => match v.as_f64() {
                    Some(s) if s.is_finite() && s.abs() <= 1e6 => s as f32,
                    _ => bail!("{place}: slope must be a number, like 0.01, not {v}"),
                },
            };
            LayerSpec::Activation(Activation::LeakyRelu { slope })
        }
        other => bail!(
            "layer {index}: unknown type \"{other}\"{}: use one of {}",
            did_you_mean(other, LAYER_TYPES),
            LAYER_TYPES.join(", ")
        ),
    };
    Ok(parsed)
}

/// An object's fields, with the place to name in messages.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    place: String,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Value, place: &str) -> Result<Self> {
        match value {
            Value::Object(map) => Ok(Fields { map, place: place.to_string() }),
            other => bail!("{place} must be a JSON object, not {other}"),
        }
    }

    fn error(&self, message: impl std::fmt::Display) -> Error {
        Error::new(format!("{}: {message}", self.place))
    }

    /// Refuses any field not in `known`, suggesting the nearest known one.
    fn only(&self, known: &[&str]) -> Result<()> {
        for key in self.map.keys() {
            if !known.contains(&key.as_str()) {
                let fields: Vec<&str> = known.iter().copied().filter(|k| *k != "type").collect();
                let allowed = if fields.is_empty() {
                    "it takes no other fields".to_string()
                } else {
                    format!("its fields are {}", fields.join(", "))
                };
                return Err(self.error(format!("unknown field \"{key}\"{}; {allowed}", did_you_mean(key, known))));
            }
        }
        Ok(())
    }

    fn required(&self, key: &str) -> Result<&'a Value> {
        self.map.get(key).ok_or_else(|| self.error(format!("\"{key}\" is missing")))
    }

    /// A count of at least 1 (filters, units).
    fn count(&self, key: &str) -> Result<usize> {
        whole_number(self.required(key)?, key, 1).map_err(|e| e.context(&self.place))
    }

    /// An int or `[h, w]`, each at least 1; `default` when absent (None: required).
    fn pair(&self, key: &str, default: Option<usize>) -> Result<[usize; 2]> {
        let value = match (self.map.get(key), default) {
            (None, Some(d)) => return Ok([d, d]),
            (None, None) => return Err(self.error(format!("\"{key}\" is missing: give an int or [height, width]"))),
            (Some(v), _) => v,
        };
        let read = |v: &Value| whole_number(v, key, 1).map_err(|e| e.context(&self.place));
        match value {
            Value::Array(items) if items.len() == 2 => Ok([read(&items[0])?, read(&items[1])?]),
            Value::Array(_) => Err(self.error(format!("{key} must be an int or [height, width], not {value}"))),
            v => {
                let n = read(v)?;
                Ok([n, n])
            }
        }
    }

    /// An int for all four sides or `[top, bottom, left, right]`, each at least 0.
    fn padding(&self) -> Result<[usize; 4]> {
        let read = |v: &Value| whole_number(v, "padding", 0).map_err(|e| e.context(&self.place));
        match self.map.get("padding") {
            None => Ok([0; 4]),
            Some(Value::Array(items)) if items.len() == 4 => {
                Ok([read(&items[0])?, read(&items[1])?, read(&items[2])?, read(&items[3])?])
            }
            Some(v @ Value::Array(_)) => {
                Err(self.error(format!("padding must be an int for all sides or [top, bottom, left, right], not {v}")))
            }
            Some(v) => {
                let p = read(v)?;
                Ok([p; 4])
            }
        }
    }

    fn boolean(&self, key: &str, default: bool) -> Result<bool> {
        match self.map.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(self.error(format!("{key} must be true or false, not {v}"))),
        }
    }
}

/// A whole number from `min` to [`MAX_DIMENSION`].
fn whole_number(value: &Value, key: &str, min: u64) -> Result<usize> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match number {
        Some(x) if x.fract() == 0.0 && x >= min as f64 && x <= MAX_DIMENSION as f64 => Ok(x as usize),
        Some(x) if x.fract() != 0.0 => bail!("{key} must be a whole number, not {x}"),
        Some(x) if x < min as f64 => bail!("{key} must be at least {min}, not {x}"),
        Some(x) => bail!("{key} {x} is larger than the limit of {MAX_DIMENSION}"),
        None => bail!("{key} must be a number, not {value}"),
    }
}
