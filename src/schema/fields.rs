//! Reading one JSON object (a layer, an optimizer) field by field, by its schema: the kind,
//! the default and the range come from the [`Field`] rows, so every message names the place and
//! the field, says what is allowed and suggests the field that was meant.

use super::{Default, Field, Kind, Range};
use crate::error::{suggestion, Error, Param, Result};
use crate::{err, refuse};
use serde_json::{Map, Value};

/// The fields of one object, checked against its schema rows, with the place to name in
/// messages (`layer 3 (conv2d)`, `optimizer (adam)`: a coded place, [`Error::at`]).
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    place: Error,
    fields: &'static [Field],
}

impl<'a> Fields<'a> {
    /// The object `map`, refusing any field other than `type` and the schema's, with a
    /// suggestion for a misspelled one.
    pub fn new(map: &'a Map<String, Value>, place: Error, fields: &'static [Field]) -> Result<Self> {
        let reader = Fields { map, place, fields };
        let mut known: Vec<&str> = vec!["type"];
        known.extend(fields.iter().map(|f| f.name));
        if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let hint = suggestion(key, &known);
            let e = if fields.is_empty() {
                err!(FIELD_UNKNOWN_NONE, key, hint)
            } else {
                err!(FIELD_UNKNOWN, key, hint, fields = known[1..].join(", "))
            };
            return Err(reader.here(e));
        }
        Ok(reader)
    }

    /// Where this object is, as messages name it.
    pub fn place(&self) -> &Error {
        &self.place
    }

    /// `e` said of this object: `layer 3 (conv2d): ...`.
    fn here(&self, e: Error) -> Error {
        e.at(self.place.clone())
    }

    /// The schema row of `name` (a programming error if the schema lacks it).
    fn field(&self, name: &str) -> &'static Field {
        self.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} is not in the schema"))
    }

    /// The given value, or `None` when the field is left out and has a default.
    fn given(&self, field: &Field, shape: Error) -> Result<Option<&'a Value>> {
        match (self.map.get(field.name), field.default) {
            (Some(v), _) => Ok(Some(v)),
            (None, Default::Required { example }) => {
                Err(self.here(err!(FIELD_MISSING, field = field.name, shape = Param::message(shape), example)))
            }
            (None, _) => Ok(None),
        }
    }

    /// A whole number in the field's range.
    pub fn int(&self, name: &str) -> Result<usize> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Int);
        match self.given(field, err!(SHAPE_WHOLE))? {
            Some(v) => whole_number(v, name, field.range).map_err(|e| self.here(e)),
            None => Ok(default_number(field) as usize),
        }
    }

    /// An int or `[h, w]`, each in the field's range.
    pub fn size(&self, name: &str) -> Result<[usize; 2]> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Size);
        let Some(value) = self.given(field, err!(SHAPE_SIZE))? else {
            return match field.default {
                Default::SameAs(other) => self.size(other),
                _ => Ok([default_number(field) as usize; 2]),
            };
        };
        let [a, b] = self.ints::<2>(field, value, err!(SHAPE_SIZE))?;
        Ok([a, b])
    }

    /// An int for all four sides or `[top, bottom, left, right]`, each in the field's range.
    pub fn padding(&self, name: &str) -> Result<[usize; 4]> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Padding);
        match self.given(field, err!(SHAPE_PADDING))? {
            Some(value) => self.ints::<4>(field, value, err!(SHAPE_PADDING)),
            None => Ok([default_number(field) as usize; 4]),
        }
    }

    /// One whole number for every entry, or a list of exactly `N`.
    fn ints<const N: usize>(&self, field: &Field, value: &Value, shape: Error) -> Result<[usize; N]> {
        let read = |v: &Value| whole_number(v, field.name, field.range).map_err(|e| self.here(e));
        match value {
            Value::Array(items) if items.len() == N => {
                let mut out = [0; N];
                for (o, v) in out.iter_mut().zip(items) {
                    *o = read(v)?;
                }
                Ok(out)
            }
            Value::Array(_) => {
                Err(self.here(err!(FIELD_WRONG_LENGTH, field = field.name, shape = Param::message(shape), value)))
            }
            v => Ok([read(v)?; N]),
        }
    }

    pub fn boolean(&self, name: &str) -> Result<bool> {
        let field = self.field(name);
        match (self.map.get(name), field.default) {
            (None, Default::Bool(b)) => Ok(b),
            (None, _) => Err(self.here(err!(FIELD_MISSING_BOOL, field = name))),
            (Some(Value::Bool(b)), _) => Ok(*b),
            (Some(value), _) => Err(self.here(err!(FIELD_NOT_BOOL, field = name, value))),
        }
    }

    /// A number in the field's range, kept as an f32 (which must still be in the range: a
    /// learning rate of 1e-60 is 0 as an f32).
    pub fn number(&self, name: &str) -> Result<f32> {
        let field = self.field(name);
        debug_assert_eq!(field.kind, Kind::Number);
        let allowed = || Param::message(field.allowed());
        let x = match self.map.get(name) {
            None => match field.default {
                Default::Number(d) => return Ok(d as f32),
                _ => return Err(self.here(err!(FIELD_MISSING_NUMBER, field = name, allowed = allowed()))),
            },
            Some(value) => value
                .as_f64()
                .ok_or_else(|| self.here(err!(FIELD_NOT_NUMBER, field = name, allowed = allowed(), value)))?,
        };
        let single = x as f32;
        if !single.is_finite() {
            return Err(self.here(err!(
                FIELD_TOO_LARGE_F32,
                field = name,
                value = show(x),
                max = format!("{:e}", f32::MAX)
            )));
        }
        if !field.range.contains(x) || !field.range.contains(f64::from(single)) {
            return Err(self.here(err!(FIELD_OUT_OF_RANGE, field = name, allowed = allowed(), value = show(x))));
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
        Some(x) if x.fract() != 0.0 => refuse!(NOT_WHOLE, field = key, value = x),
        Some(x) if x < range.min => refuse!(BELOW_MIN, field = key, min = range.min, value = x),
        Some(x) => refuse!(ABOVE_LIMIT, field = key, value = x, max = range.max),
        None => refuse!(NOT_A_NUMBER, field = key, value),
    }
}
