//! One error type for everything a user can get wrong: a spec, an optimizer, a link, a batch,
//! a lecture value.
//!
//! Every message says what was wrong and, where it can, what to change, with the numbers
//! involved, so a student can act on it without reading the source. Through the JS API the same
//! text becomes the message of a thrown `Error`.
//!
//! A message the page shows carries a stable [`Code`] from the one table in [`codes`] and the
//! parameters its template is filled with, so that the page can say it in the student's
//! language (`core.<code>` in the page's catalogs); the English text is the code's template
//! filled in, the same text as before there were codes. Where it happened (`layer 3
//! (conv2d)`) is a list of places, each a message of its own:
//!
//! ```
//! use cnn_playground::error::{codes, Error};
//! use cnn_playground::err;
//! let (kernel, height, width) = (5, 4, 4);
//! let e = err!(KERNEL_TOO_LARGE, kernel, height, width).at(err!(PLACE_LAYER, index = 3, kind = "conv2d"));
//! assert_eq!(e.message(), "layer 3 (conv2d): kernel 5 is larger than the padded input 4 x 4");
//! assert_eq!(e.code(), Some(codes::KERNEL_TOO_LARGE));
//! ```

pub mod codes;

pub use codes::Code;
use serde_json::{json, Map, Value};
use std::fmt;

/// A user-facing error: a message a student can act on, with its code and parameters when it
/// has them, and the places it happened at (outermost first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    code: Option<Code>,
    params: Vec<(&'static str, Param)>,
    places: Vec<Error>,
}

/// A parameter of a coded message: text as it is (a number, a name, a value the user typed),
/// or a message of its own (a range in words, a suggestion, the reason inside a link warning),
/// which the page says in its language too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Text(String),
    Message(Box<Error>),
}

impl<T: fmt::Display> From<T> for Param {
    fn from(value: T) -> Self {
        Param::Text(value.to_string())
    }
}

/// A parameter as the [`err!`](crate::err) macro passes it: a reference to anything `Display`
/// (made text once, in [`Error::coded`]), or to a [`Param`]. References keep each of the
/// hundred-odd message sites small in the wasm module.
pub enum Arg<'a> {
    Text(&'a dyn fmt::Display),
    Param(&'a Param),
}

/// What can be a parameter: anything `Display`, or a [`Param`] (a nested message, nothing).
pub trait AsArg {
    fn as_arg(&self) -> Arg<'_>;
}

impl<T: fmt::Display> AsArg for T {
    fn as_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl AsArg for Param {
    fn as_arg(&self) -> Arg<'_> {
        Arg::Param(self)
    }
}

impl Param {
    /// A message as a parameter (its code and parameters go along).
    pub fn message(e: Error) -> Self {
        Param::Message(Box::new(e))
    }

    /// Nothing: an optional part of a message that is left out (`{hint}` with no suggestion).
    pub fn none() -> Self {
        Param::Text(String::new())
    }

    fn english(&self) -> &str {
        match self {
            Param::Text(text) => text,
            Param::Message(e) => e.message(),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Param::Text(text) => Value::String(text.clone()),
            Param::Message(e) => e.to_json(),
        }
    }
}

impl Error {
    /// An error without a code: the page shows its English message as it is.
    pub fn new(message: impl Into<String>) -> Self {
        Error { message: message.into(), code: None, params: Vec::new(), places: Vec::new() }
    }

    /// An error with a stable code: its message is the code's template filled with `args`
    /// (use the [`err!`](crate::err) macro).
    pub fn coded(code: Code, args: &[(&'static str, Arg)]) -> Self {
        let params: Vec<(&'static str, Param)> = args
            .iter()
            .map(|(name, arg)| {
                let param = match arg {
                    Arg::Text(text) => Param::Text(text.to_string()),
                    Arg::Param(param) => (*param).clone(),
                };
                (*name, param)
            })
            .collect();
        let message = code.fill(|name| params.iter().find(|(n, _)| *n == name).map(|(_, p)| p.english().to_string()));
        Error { message, code: Some(code), params, places: Vec::new() }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The stable code of the message, when it has one.
    pub fn code(&self) -> Option<Code> {
        self.code
    }

    /// The parameters the coded message is filled with, by placeholder.
    pub fn params(&self) -> &[(&'static str, Param)] {
        &self.params
    }

    /// Parameter `name` as text (a nested message as its English), for tests and callers that
    /// need a number back.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, p)| p.english())
    }

    /// Where it happened, outermost first.
    pub fn places(&self) -> &[Error] {
        &self.places
    }

    /// Prefixes the message with where it happened, a coded place like `layer 3 (conv2d)`:
    /// `layer 3 (conv2d): kernel 5 is larger ...`.
    pub fn at(mut self, place: Error) -> Self {
        self.message = codes::PLACE.fill(|name| match name {
            "place" => Some(place.message.clone()),
            "text" => Some(self.message.clone()),
            _ => None,
        });
        self.places.insert(0, place);
        self
    }

    /// Prefixes the message with where it happened, as plain text (a file name, which no
    /// language changes).
    pub fn context(self, place: impl fmt::Display) -> Self {
        self.at(Error::new(place.to_string()))
    }

    /// `{message, code?, params?, places?}`: what the page reads to say it in its language;
    /// a nested message parameter is an object of the same form.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("message".into(), json!(self.message));
        if let Some(code) = self.code {
            out.insert("code".into(), json!(code.name));
            let params: Map<String, Value> = self.params.iter().map(|(n, p)| (n.to_string(), p.to_json())).collect();
            out.insert("params".into(), Value::Object(params));
        }
        if !self.places.is_empty() {
            out.insert("places".into(), Value::Array(self.places.iter().map(Error::to_json).collect()));
        }
        Value::Object(out)
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// `items` as one message, `a; b; c` for the separator [`codes::LIST_SEMICOLON`] (each a
/// message of its own, said in the page's language); `None` for no items.
pub fn joined(separator: Code, items: Vec<Error>) -> Option<Error> {
    items.into_iter().rev().reduce(|rest, first| {
        Error::coded(
            separator,
            &[("first", Arg::Param(&Param::message(first))), ("rest", Arg::Param(&Param::message(rest)))],
        )
    })
}

/// ` (did you mean "kernel"?)` when `word` is a small typo of one of `known`.
pub fn did_you_mean(word: &str, known: &[&str]) -> String {
    closest(word, known).map(|k| format!(" (did you mean \"{k}\"?)")).unwrap_or_default()
}

/// The same suggestion as a parameter (`{hint}`): a coded message, or nothing.
pub fn suggestion(word: &str, known: &[&str]) -> Param {
    closest(word, known).map_or_else(Param::none, |name| Param::message(crate::err!(DID_YOU_MEAN, name)))
}

fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Builds an `Err(Error)` from a format string: `bail!("kernel {k} is too large")`. For a
/// message the page shows, use [`refuse!`](crate::refuse) with a code instead.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::new(format!($($arg)*)))
    };
}

/// A coded error: `err!(KERNEL_TOO_LARGE, kernel, height = h, width = w)`, the code a constant
/// of [`codes`], each parameter a variable of that name or `name = value` (anything
/// `Display`, or a [`Param`]: [`Param::message`] for a nested message).
#[macro_export]
macro_rules! err {
    ($code:ident $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::error::Error::coded(
            $crate::error::codes::$code,
            &[$((stringify!($name), $crate::error::AsArg::as_arg(&$crate::__param_value!($name $(, $value)?)))),*],
        )
    };
}

/// Returns a coded error: `refuse!(KERNEL_TOO_LARGE, kernel, height = h, width = w)`.
#[macro_export]
macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err($crate::err!($($arg)*))
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __param_value {
    ($name:ident) => {
        $name
    };
    ($name:ident, $value:expr) => {
        $value
    };
}

#[cfg(test)]
mod tests;
