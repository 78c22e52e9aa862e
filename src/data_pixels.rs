//! How a [`Dataset`](super::Dataset) keeps its pixel values: as bytes (`v / 255`, a quarter of
//! the memory: MNIST, the colour shapes and the user's own images) or as f32 (features, or
//! values already standardized). Either way they become f32 only where a batch is gathered.

use std::borrow::Cow;
use std::sync::Arc;

/// Pixel values, `[len, channels, height, width]` flat.
#[derive(Debug, Clone, PartialEq)]
pub enum Pixels {
    /// Bytes, each the value `b / 255` in [0, 1]; shared, so clones of a set are cheap.
    Bytes(Arc<[u8]>),
    Floats(Vec<f32>),
}

/// The f32 value of a stored byte.
pub fn byte_value(b: u8) -> f32 {
    f32::from(b) / 255.0
}

impl Pixels {
    pub fn len(&self) -> usize {
        match self {
            Pixels::Bytes(b) => b.len(),
            Pixels::Floats(f) => f.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Values `range` as f32: borrowed when stored as f32, converted when stored as bytes.
    pub fn values(&self, range: std::ops::Range<usize>) -> Cow<'_, [f32]> {
        match self {
            Pixels::Bytes(b) => Cow::Owned(b[range].iter().map(|&v| byte_value(v)).collect()),
            Pixels::Floats(f) => Cow::Borrowed(&f[range]),
        }
    }

    /// Appends values `range` as f32 to `out`.
    pub fn extend_into(&self, range: std::ops::Range<usize>, out: &mut Vec<f32>) {
        match self {
            Pixels::Bytes(b) => out.extend(b[range].iter().map(|&v| byte_value(v))),
            Pixels::Floats(f) => out.extend_from_slice(&f[range]),
        }
    }

    /// Mean and standard deviation (population) of every value, in f64, in two passes.
    pub fn mean_std(&self) -> (f64, f64) {
        let n = self.len().max(1) as f64;
        match self {
            Pixels::Bytes(b) => {
                // A histogram: 256 terms per pass instead of one per pixel.
                let mut counts = [0u64; 256];
                b.iter().for_each(|&v| counts[usize::from(v)] += 1);
                let level = |v: usize| f64::from(byte_value(v as u8));
                let mean = counts.iter().enumerate().map(|(v, &c)| c as f64 * level(v)).sum::<f64>() / n;
                let var = counts.iter().enumerate().map(|(v, &c)| c as f64 * (level(v) - mean).powi(2)).sum::<f64>();
                (mean, (var / n).sqrt())
            }
            Pixels::Floats(f) => {
                let mean = f.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
                let var = f.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / n;
                (mean, var.sqrt())
            }
        }
    }
}
