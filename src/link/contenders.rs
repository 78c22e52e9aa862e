//! The `opt` key: `TYPE:LR[:FIELD=VALUE]...`, comma-separated: 2 to 5 contenders for a race,
//! one optimizer for the Train view. Each is checked by the optimizer parser, so its fields,
//! defaults and ranges are the schema's.

use super::{MAX_CONTENDERS, MIN_CONTENDERS, TRAIN_VIEW};
use crate::error::Result;
use crate::optim::OptimizerSpec;
use crate::schema::Default;
use crate::{err, refuse};
use serde_json::Value;

/// How many optimizers `opt` holds in a link for `view`: one for the Train view, which trains
/// one network, else 2 to 5 contenders.
pub fn optimizer_count(view: Option<&str>) -> (usize, usize) {
    if view == Some(TRAIN_VIEW) {
        (1, 1)
    } else {
        (MIN_CONTENDERS, MAX_CONTENDERS)
    }
}

/// `opt=TYPE:LR[:FIELD=VALUE]...,...`: 2 to 5 optimizer specs, checked by the optimizer parser.
pub fn parse_contenders(text: &str) -> Result<Vec<OptimizerSpec>> {
    parse_optimizers(text, None)
}

/// `opt` as a link for `view` holds it: as many optimizers as [`optimizer_count`] allows.
pub fn parse_optimizers(text: &str, view: Option<&str>) -> Result<Vec<OptimizerSpec>> {
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    let (min, max) = optimizer_count(view);
    if max == 1 && items.len() != 1 {
        refuse!(LINK_ONE_OPTIMIZER, count = items.len());
    }
    if !(min..=max).contains(&items.len()) {
        refuse!(LINK_CONTENDER_COUNT, count = items.len(), min, max);
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_contender(item).map_err(|e| e.at(err!(PLACE_CONTENDER, number = i + 1, item))))
        .collect()
}

/// `adam:0.001:beta1=0.8`: the type, the learning rate, then any other field.
fn parse_contender(item: &str) -> Result<OptimizerSpec> {
    let mut parts = item.split(':');
    let mut spec = serde_json::Map::new();
    spec.insert("type".into(), parts.next().unwrap_or("").into());
    for part in parts {
        let (key, number) = match part.split_once('=') {
            Some((key, number)) => (key, number),
            None => ("lr", part),
        };
        let value: f32 = number.parse().map_err(|_| err!(LINK_NOT_NUMBER, key, value = number))?;
        if !value.is_finite() {
            refuse!(LINK_NOT_FINITE, key, value = number);
        }
        spec.insert(key.to_string(), f64::from(value).into());
    }
    if !spec.contains_key("lr") {
        refuse!(LINK_NO_LR);
    }
    OptimizerSpec::from_json(&Value::Object(spec))
}

/// The learning rate and every other field that differs from its default in the schema.
pub(super) fn format_contender(spec: &OptimizerSpec) -> String {
    let mut text = format!("{}:{}", spec.type_name(), spec.lr);
    let row = spec.rule.schema();
    let values = spec.rule.hyperparameters().into_iter().chain([("weight_decay", spec.weight_decay)]);
    for (name, value) in values {
        let is_default = matches!(row.field(name).map(|f| f.default), Some(Default::Number(d)) if d as f32 == value);
        if !is_default {
            text.push_str(&format!(":{name}={value}"));
        }
    }
    text
}
