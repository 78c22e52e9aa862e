//! Reading one JSON object (a layer, an optimizer) field by field, by its schema: the kind,
//! the default and the range come from the [`Field`] rows, so every message names the place and
//! the field, says what is allowed and suggests the field that was meant.

use super::{Default, Field, Kind, Range};
use crate::bail;
use crate::error::{did_you_mean, Error, Result};
use serde_json::{Map, Value};

/// The fields of one object, checked against its schema rows, with the place to name in
/// messages (`layer 3 (conv2d)`, `optimizer (adam)`).
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    place: String,
    fields: &'static [Field],
}

impl<'a> Fields<'a> {
    /// The object `map`, refusing any field other than `type` and the schema's, with a
    /// suggestion for a misspelled one.
    pub fn new(map: &'a Map<String, Value>, place: String, fields: &'static [Field]) -> Result<Self> {
        let reader = Fields { map, place, fields };
        let mut known: Vec<&str> = vec!["type"];
        known.extend(fields.iter().map(|f| f.name));
        if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let allowed = if fields.is_empty() {
                "it takes no other fields".to_string()
            } else {
                format!("its fields are {}", known[1..].join(", "))
            };
            return Err(reader.error(format!("unknown field \"{key}\"{}; {allowed}", did_you_mean(key, &known))));
        }
        Ok(reader)
    }

    /// Where this object is, as messages name it.
    pub fn place(&self) -> &str {
        &self.place
    }

    fn error(&self, message: impl std::fmt::Display) -> Error {
        Error::new(format!("{}: {message}", self.place))
    }

    /// The schema row of `name` (a programming error if the schema lacks it).
    fn field(&self, name: &str) -> &'static Field {
        self.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} is not in the schema"))
    }

    /// The given value, or `None` when the field is left out and has a default.
    fn given(&self, field: &Field, shape: &str) -> Result<Option<&'a Value>> {
        match (self.map.get(field.name), field.default) {
            (Some(v), _) => Ok(Some(v)),
            (None, Default::Required { example }) => {
                Err(self.error(format!("\"{}\" is missing: give {shape}, like {example}", field.name)))
            }
            (None, _) => Ok(None),
        }
    }

    /// A whole number in the field's range.
    pub fn int(&self, name: &str) -> Result<usize> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Int);
        match self.given(field, "a whole number")? {
            Some(v) => whole_number(v, name, field.range).map_err(|e| e.context(&self.place)),
            None => Ok(default_number(field) as usize),
        }
    }

    /// An int or `[h, w]`, each in the field's range.
    pub fn size(&self, name: &str) -> Result<[usize; 2]> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Size);
        let Some(value) = self.given(field, "an int or [height, width]")? else {
            return match field.default {
                Default::SameAs(other) => self.size(other),
                _ => Ok([default_number(field) as usize; 2]),
            };
        };
        let [a, b] = self.ints::<2>(field, value, "an int or [height, width]")?;
        Ok([a, b])
    }

    /// An int for all four sides or `[top, bottom, left, right]`, each in the field's range.
    pub fn padding(&self, name: &str) -> Result<[usize; 4]> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Padding);
        match self.given(field, "an int for all sides or [top, bottom, left, right]")? {
            Some(value) => self.ints::<4>(field, value, "an int for all sides or [top, bottom, left, right]"),
            None => Ok([default_number(field) as usize; 4]),
        }
    }

    /// One whole number for every entry, or a list of exactly `N`.
    fn ints<const N: usize>(&self, field: &Field, value: &Value, shape: &str) -> Result<[usize; N]> {
        let read = |v: &Value| whole_number(v, field.name, field.range).map_err(|e| e.context(&self.place));
        match value {
            Value::Array(items) if items.len() == N => {
                let mut out = [0; N];
                for (o, v) in out.iter_mut().zip(items) {
                    *o = read(v)?;
                }
                Ok(out)
            }
            Value::Array(_) => Err(self.error(format!("{} must be {shape}, not {value}", field.name))),
            v => Ok([read(v)?; N]),
        }
    }

    pub fn boolean(&self, name: &str) -> Result<bool> {
        let field = self.field(name);
        match (self.map.get(name), field.default) {
            (None, Default::Bool(b)) => Ok(b),
            (None, _) => Err(self.error(format!("\"{name}\" is missing: give true or false"))),
            (Some(Value::Bool(b)), _) => Ok(*b),
            (Some(v), _) => Err(self.error(format!("{name} must be true or false, not {v}"))),
        }
    }

    /// A number in the field's range, kept as an f32 (which must still be in the range: a
    /// learning rate of 1e-60 is 0 as an f32).
    pub fn number(&self, name: &str) -> Result<f32> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Number);
        let allowed = field.allowed();
        let x = match self.map.get(name) {
            None => match field.default {
                Default::Number(d) => return Ok(d as f32),
                _ => bail!("{}: \"{name}\" is missing: give a number {allowed}", self.place),
            },
            Some(v) => v.as_f64().ok_or_else(|| self.error(format!("{name} must be a number {allowed}, not {v}")))?,
        };
        let single = x as f32;
        if !single.is_finite() {
            return Err(self.error(format!(
                "{name} {} is too large: numbers here are at most {:e}",
                show(x),
                f32::MAX
            )));
        }
        if !field.range.contains(x) || !field.range.contains(f64::from(single)) {
            return Err(self.error(format!("{name} must be {allowed}, not {}", show(x))));
        }
        Ok(single)
    }
}

/// A number as a person writes it: `0.01`, `1e300` and `1e-60` rather than 300 digits.
fn show(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// The default of a numeric field that has one.
fn default_number(field: &Field) -> f64 {
    match field.default {
        Default::Number(d) => d,
        _ => unreachable!("{}: a numeric default", field.name),
    }
}

/// A whole number in `range`.
pub(crate) fn whole_number(value: &Value, key: &str, range: Range) -> Result<usize> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match number {
        Some(x) if x.fract() == 0.0 && range.contains(x) => Ok(x as usize),
        Some(x) if x.fract() != 0.0 => bail!("{key} must be a whole number, not {x}"),
        Some(x) if x < range.min => bail!("{key} must be at least {}, not {x}", range.min),
        Some(x) => bail!("{key} {x} is larger than the limit of {}", range.max),
        None => bail!("{key} must be a number, not {value}"),
    }
}
