//! One error type for everything a user can get wrong: a spec, an optimizer, a batch, a name.
//!
//! Every message says what was wrong and, where it can, what to change, with the numbers
//! involved, so a student can act on it without reading the source. Through the JS API the same
//! text becomes the message of a thrown `Error`.

use std::fmt;

/// A user-facing error: a message a student can act on.
///
/// A message may also carry a stable `code` (a key of the page's text catalogs, e.g.
/// `lecture.error.kernelLarger`) with its numbers as `params`, so that the page can say it in
/// the student's language; the English `message` stays what every other caller reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    code: Option<&'static str>,
    params: Vec<(&'static str, String)>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error { message: message.into(), code: None, params: Vec::new() }
    }

    /// An error with a stable code and the parameters its translations fill in, e.g.
    /// `Error::coded("lecture.error.kernelLarger", &[("kernel", 5.to_string())], "...")`.
    pub fn coded(code: &'static str, params: &[(&'static str, String)], message: impl Into<String>) -> Self {
        Error { message: message.into(), code: Some(code), params: params.to_vec() }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The stable code of the message, when it has one.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }

    /// The numbers (as text) that the coded message names, by placeholder.
    pub fn params(&self) -> &[(&'static str, String)] {
        &self.params
    }

    /// Prefixes the message with where it happened, e.g. `layer 3 (conv2d): `.
    pub fn context(self, place: impl fmt::Display) -> Self {
        Error { message: format!("{place}: {}", self.message), ..self }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// ` (did you mean "kernel"?)` when `word` is a small typo of one of `known`.
pub fn did_you_mean(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min()
        .map(|(_, k)| format!(" (did you mean \"{k}\"?)"))
        .unwrap_or_default()
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

/// Builds an `Err(Error)` from a format string: `bail!("kernel {k} is too large")`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::new(format!($($arg)*)))
    };
}
