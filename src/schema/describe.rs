//! The schema as JSON for the page: `describeSchema()` in JavaScript. The shape is documented
//! in the README's API section and typed as `Schema` in `cnn_playground.d.ts`.

use super::{Compact, Default, Field, Kind, LAYER_TYPES, LOSSES, OPTIMIZERS};
use crate::layers::activation::Activation;
use crate::spec::{MAX_ACTIVATIONS_PER_BATCH, MAX_ACTIVATIONS_PER_EXAMPLE, MAX_BATCH, MAX_DIMENSION, MAX_PARAMETERS};
use serde_json::{json, Map, Value};

/// Version of the JSON below; it grows when a field is added, changes when one changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// `{version, input, layers, activations, losses, optimizers, limits, link}`: every layer type
/// with its fields and compact syntax, the losses, every optimizer with its fields and update
/// rule, the limits for a browser tab, and the link's keys.
pub fn describe() -> Value {
    let layers: Vec<Value> = LAYER_TYPES
        .iter()
        .map(|t| {
            json!({
                "type": t.type_name,
                "doc": t.doc,
                "fields": t.fields.iter().map(field).collect::<Vec<_>>(),
                "compact": crate::link::net::syntax(t),
            })
        })
        .collect();
    let optimizers: Vec<Value> = OPTIMIZERS
        .iter()
        .map(|o| {
            json!({
                "type": o.type_name,
                "doc": o.doc,
                "update": o.update,
                "fields": o.fields.iter().map(field).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "version": SCHEMA_VERSION,
        "input": {
            "doc": "[channels, height, width] of one example",
            "min": 1,
            "max": MAX_DIMENSION,
        },
        "layers": layers,
        "activations": Activation::all(0.01).iter().map(Activation::name).collect::<Vec<_>>(),
        "losses": LOSSES.iter().map(|l| json!({ "name": l.name, "doc": l.doc })).collect::<Vec<_>>(),
        "optimizers": optimizers,
        "limits": limits(),
        "link": crate::link::describe(),
    })
}

/// The limits for a browser tab (also `limits()` in JavaScript): the network's, and those of a
/// set of one's own images.
pub fn limits() -> Value {
    use crate::images::{preprocess, set};
    json!({
        "maxParameters": MAX_PARAMETERS,
        "maxActivationsPerExample": MAX_ACTIVATIONS_PER_EXAMPLE,
        "maxActivationsPerBatch": MAX_ACTIVATIONS_PER_BATCH,
        "maxBatch": MAX_BATCH,
        "maxDimension": MAX_DIMENSION,
        "maxImages": set::MAX_IMAGES,
        "maxSetBytes": set::MAX_SET_BYTES,
        "maxClasses": set::MAX_CLASSES,
        "maxClassNameChars": set::MAX_NAME_CHARS,
        "maxImagePixels": preprocess::MAX_IMAGE_PIXELS,
        "maxImageSide": preprocess::MAX_IMAGE_SIDE,
        "imageSides": [preprocess::MIN_SIDE, preprocess::MAX_SIDE],
    })
}

/// `{name, kind, doc, required, example | default | defaultFrom, min, max, minExclusive,
/// maxExclusive, compact}`; `max` is null when unbounded; no range for a bool.
fn field(f: &Field) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), f.name.into());
    out.insert("kind".into(), f.kind.name().into());
    out.insert("doc".into(), f.doc.into());
    out.insert("required".into(), matches!(f.default, Default::Required { .. }).into());
    match f.default {
        Default::Required { example } => out.insert("example".into(), number(example)),
        Default::Number(d) => out.insert("default".into(), number(d)),
        Default::Bool(b) => out.insert("default".into(), b.into()),
        Default::SameAs(other) => out.insert("defaultFrom".into(), other.into()),
    };
    if f.kind != Kind::Bool {
        out.insert("min".into(), number(f.range.min));
        out.insert("max".into(), if f.range.max.is_finite() { number(f.range.max) } else { Value::Null });
        out.insert("minExclusive".into(), f.range.min_exclusive.into());
        out.insert("maxExclusive".into(), f.range.max_exclusive.into());
    }
    if let Some(compact) = f.compact {
        let c = match compact {
            Compact::Main => json!({ "main": true }),
            Compact::Prefix(p) => json!({ "prefix": p }),
            Compact::Flag(word) => json!({ "flag": word }),
        };
        out.insert("compact".into(), c);
    }
    Value::Object(out)
}

/// A whole number as an integer in JSON (`8`, not `8.0`), any other number as it is.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        (x as i64).into()
    } else {
        x.into()
    }
}
