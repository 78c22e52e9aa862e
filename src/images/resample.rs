//! Antialiased resizing of 8-bit images, number for number as Pillow's `Image.resize` does it
//! (`libImaging/Resample.c`), so a user's images reach the network exactly as they would reach
//! it through torchvision's `Resize` on a PIL image.
//!
//! The resize is separable: a horizontal pass, then a vertical pass (the vertical pass first
//! when the height shrinks by more than twice as many pixels as the width, as Pillow 13 orders
//! them), each output value a weighted sum of the input values under a filter stretched over
//! the output pixel's footprint.
//! When shrinking by a factor `s > 1`, the filter is `s` times wider (support `s * r`), so every
//! input pixel counts: that is the antialiasing. Weights are computed in f64, normalized to sum
//! to 1, and rounded to 22-bit fixed point; sums are rounded and clamped to 0..=255 after each
//! pass, as Pillow does, so the results are equal to Pillow's, not merely close.

/// The resampling filter, with Pillow's names and supports `r` (in input pixels at scale 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    /// Box, `r = 0.5`: the mean of the covered pixels (Pillow's `BOX`).
    Box,
    /// Triangle, `r = 1`: Pillow's `BILINEAR`, torchvision's default `Resize` (antialias on).
    #[default]
    Bilinear,
    /// Keys cubic with `a = -0.5`, `r = 2` (Pillow's `BICUBIC`).
    Bicubic,
    /// `sinc(x) sinc(x / 3)`, `r = 3` (Pillow's `LANCZOS`).
    Lanczos,
}

impl Filter {
    pub const NAMES: [&'static str; 4] = ["box", "bilinear", "bicubic", "lanczos"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The filter called `name`, or `None`.
    pub fn from_name(name: &str) -> Option<Filter> {
        [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Lanczos].into_iter().find(|f| f.name() == name)
    }

    fn support(self) -> f64 {
        match self {
            Filter::Box => 0.5,
            Filter::Bilinear => 1.0,
            Filter::Bicubic => 2.0,
            Filter::Lanczos => 3.0,
        }
    }

    fn weight(self, x: f64) -> f64 {
        match self {
            Filter::Box => f64::from(u8::from(x > -0.5 && x <= 0.5)),
            Filter::Bilinear => (1.0 - x.abs()).max(0.0),
            Filter::Bicubic => {
                const A: f64 = -0.5;
                let x = x.abs();
                if x < 1.0 {
                    ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0
                } else if x < 2.0 {
                    (((x - 5.0) * x + 8.0) * x - 4.0) * A
                } else {
                    0.0
                }
            }
            Filter::Lanczos if (-3.0..3.0).contains(&x) => sinc(x) * sinc(x / 3.0),
            Filter::Lanczos => 0.0,
        }
    }
}

fn sinc(x: f64) -> f64 {
    if x == 0.0 {
        return 1.0;
    }
    let x = x * std::f64::consts::PI;
    x.sin() / x
}

/// Fixed-point precision of the weights: 32 bits less 8 for the value and 2 for overflow.
const PRECISION_BITS: u32 = 32 - 8 - 2;

/// The weights of one output pixel: input pixels `first..first + weights.len()`.
struct Taps {
    first: usize,
    weights: Vec<i32>,
}

/// For each of `out` output pixels along an axis of `len` input pixels, which inputs it reads
/// and with what fixed-point weights (Pillow's `precompute_coeffs` and `normalize_coeffs_8bpc`).
fn taps(len: usize, out: usize, filter: Filter) -> Vec<Taps> {
    let scale = len as f64 / out as f64;
    let filter_scale = scale.max(1.0);
    let support = filter.support() * filter_scale;
    let inverse = 1.0 / filter_scale;
    (0..out)
        .map(|o| {
            let centre = (o as f64 + 0.5) * scale;
            // Pillow truncates toward zero (a C cast), then clamps to the image.
            let first = ((centre - support + 0.5) as i64).max(0) as usize;
            let end = ((centre + support + 0.5) as i64).min(len as i64) as usize;
            let raw: Vec<f64> = (first..end).map(|i| filter.weight((i as f64 - centre + 0.5) * inverse)).collect();
            let total: f64 = raw.iter().sum();
            let weights = raw
                .iter()
                .map(|&w| {
                    let w = if total != 0.0 { w / total } else { w };
                    let fixed = w * f64::from(1u32 << PRECISION_BITS);
                    (if w < 0.0 { fixed - 0.5 } else { fixed + 0.5 }) as i32
                })
                .collect();
            Taps { first, weights }
        })
        .collect()
}

/// A fixed-point sum back to a byte: rounded (the sum started at one half), clamped.
fn clip8(sum: i32) -> u8 {
    (sum >> PRECISION_BITS).clamp(0, 255) as u8
}

/// Resizes an interleaved 8-bit image of `width x height` pixels of `channels` bytes to
/// `out_width x out_height`; returns `out_height x out_width x channels` bytes. `row(y, buffer)`
/// writes input row `y` (`width x channels` bytes) into `buffer`, so the caller can convert
/// rows (alpha, grey) on the way in without holding a converted copy of a large image.
/// Sizes must be at least 1 (the caller checks).
pub fn resize_rows(
    [width, height]: [usize; 2],
    channels: usize,
    [out_width, out_height]: [usize; 2],
    filter: Filter,
    mut row: impl FnMut(usize, &mut [u8]),
) -> Vec<u8> {
    // Pillow's order of the passes (Resample.c, ImagingResampleInner): each pass rounds to
    // bytes, so the other order would change some values by one level.
    if height > out_height && height - out_height > 2 * width.saturating_sub(out_width) {
        return vertical_first([width, height], channels, [out_width, out_height], filter, row);
    }
    let mut buffer = vec![0u8; width * channels];
    let mut horizontal = Vec::with_capacity(out_width * height * channels);
    let columns = (out_width != width).then(|| taps(width, out_width, filter));
    for y in 0..height {
        row(y, &mut buffer);
        match &columns {
            Some(taps) => resample_row(&buffer, channels, taps, &mut horizontal),
            None => horizontal.extend_from_slice(&buffer),
        }
    }
    if out_height == height {
        return horizontal;
    }
    resample_columns(&horizontal, out_width * channels, &taps(height, out_height, filter))
}

/// [`resize_rows`] with the vertical pass first: each output row is the weighted sum of the
/// input rows under its taps (read as they are needed, only those of one output row kept),
/// then, if the width changes, resampled along the row.
fn vertical_first(
    [width, height]: [usize; 2],
    channels: usize,
    [out_width, out_height]: [usize; 2],
    filter: Filter,
    mut row: impl FnMut(usize, &mut [u8]),
) -> Vec<u8> {
    let stride = width * channels;
    let columns = (out_width != width).then(|| taps(width, out_width, filter));
    let mut out = Vec::with_capacity(out_width * out_height * channels);
    let (mut rows, mut first) = (Vec::<u8>::new(), 0); // input rows first..first + rows.len() / stride
    let mut sums = vec![0i32; stride];
    let mut line = Vec::with_capacity(stride);
    for tap in taps(height, out_height, filter) {
        let loaded = first + rows.len() / stride;
        if tap.first > first {
            rows.drain(..(tap.first.min(loaded) - first) * stride);
            first = tap.first;
        }
        for y in (first + rows.len() / stride)..tap.first + tap.weights.len() {
            let at = rows.len();
            rows.resize(at + stride, 0);
            row(y, &mut rows[at..]);
        }
        line.clear();
        weighted_rows(&rows, &tap.weights, &mut sums, &mut line);
        match &columns {
            Some(taps) => resample_row(&line, channels, taps, &mut out),
            None => out.extend_from_slice(&line),
        }
    }
    out
}

/// [`resize_rows`] of an image already in memory: `pixels` is `height x width x channels`.
pub fn resize(pixels: &[u8], size: [usize; 2], channels: usize, out: [usize; 2], filter: Filter) -> Vec<u8> {
    let stride = size[0] * channels;
    resize_rows(size, channels, out, filter, |y, buffer| buffer.copy_from_slice(&pixels[y * stride..(y + 1) * stride]))
}

/// The horizontal pass of one row of `channels`-byte pixels, appended to `out`.
fn resample_row(row: &[u8], channels: usize, taps: &[Taps], out: &mut Vec<u8>) {
    let half = 1i32 << (PRECISION_BITS - 1);
    for tap in taps {
        let window = &row[tap.first * channels..(tap.first + tap.weights.len()) * channels];
        for c in 0..channels {
            let sum = window
                .iter()
                .skip(c)
                .step_by(channels)
                .zip(&tap.weights)
                .fold(half, |sum, (&v, &w)| sum + i32::from(v) * w);
            out.push(clip8(sum));
        }
    }
}

/// The vertical pass: rows of `stride` bytes, `taps.len()` output rows, each a weighted sum
/// of whole input rows.
fn resample_columns(pixels: &[u8], stride: usize, taps: &[Taps]) -> Vec<u8> {
    let mut out = Vec::with_capacity(taps.len() * stride);
    let mut sums = vec![0i32; stride];
    for tap in taps {
        weighted_rows(&pixels[tap.first * stride..], &tap.weights, &mut sums, &mut out);
    }
    out
}

/// One output row of a vertical pass, appended to `out`: the rows of `rows` (each
/// `sums.len()` bytes, the tap's first input row first) weighted by `weights`, rounded to bytes.
fn weighted_rows(rows: &[u8], weights: &[i32], sums: &mut [i32], out: &mut Vec<u8>) {
    sums.fill(1 << (PRECISION_BITS - 1));
    for (row, &w) in rows.chunks_exact(sums.len()).zip(weights) {
        sums.iter_mut().zip(row).for_each(|(s, &v)| *s += i32::from(v) * w);
    }
    out.extend(sums.iter().map(|&s| clip8(s)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_is_the_identity_for_every_filter() {
        let pixels: Vec<u8> = (0..5 * 4 * 3).map(|i| (i * 37 % 256) as u8).collect();
        for filter in [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Lanczos] {
            assert_eq!(resize(&pixels, [5, 4], 3, [5, 4], filter), pixels, "{filter:?}");
        }
    }

    #[test]
    fn weights_sum_to_one_in_fixed_point_and_cover_every_input_when_shrinking() {
        for filter in [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Lanczos] {
            let taps = taps(100, 7, filter);
            for tap in &taps {
                let sum: i64 = tap.weights.iter().map(|&w| i64::from(w)).sum();
                assert!((sum - (1 << PRECISION_BITS)).abs() <= tap.weights.len() as i64, "{filter:?}: {sum}");
            }
            // Antialiasing: consecutive outputs' footprints leave no input pixel unread.
            let reach: Vec<(usize, usize)> = taps.iter().map(|t| (t.first, t.first + t.weights.len())).collect();
            assert_eq!(reach[0].0, 0);
            assert_eq!(reach[6].1, 100);
            assert!(reach.windows(2).all(|w| w[1].0 <= w[0].1), "{filter:?}: {reach:?}");
        }
    }

    #[test]
    fn a_flat_image_stays_flat_and_stripes_average_out() {
        let flat = vec![77u8; 40 * 30];
        assert!(resize(&flat, [40, 30], 1, [7, 5], Filter::Lanczos).iter().all(|&v| v == 77));
        // One-pixel black and white stripes shrunk 8 times: an antialiased resize gives grey,
        // a point sample would give black or white.
        let stripes: Vec<u8> = (0..64 * 8).map(|i| if i % 2 == 0 { 0 } else { 255 }).collect();
        let small = resize(&stripes, [64, 8], 1, [8, 1], Filter::Bilinear);
        assert!(small.iter().all(|&v| (120..=135).contains(&v)), "{small:?}");
    }
}
