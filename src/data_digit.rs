//! A drawn digit prepared the way the MNIST digits were (LeCun et al.): the ink's bounding box
//! scaled, keeping its aspect ratio, to fit 20 x 20 (anti-aliased: each pixel the mean of the
//! area it covers), then placed in a 28 x 28 field so that its centre of mass is the centre.

use crate::error::Result;
use crate::{bail, refuse};

/// Side of the prepared image.
pub const SIDE: usize = 28;
/// Side of the box the digit is scaled into.
pub const FIT: usize = 20;
/// Values above this count as ink when finding the bounding box.
const INK: f32 = 0.05;

/// Prepares `gray` (`height x width`, 0 background to 1 ink) as an MNIST digit, `28 x 28`.
/// Refuses an empty drawing with a message saying what to do.
pub fn prepare_digit(gray: &[f32], width: usize, height: usize) -> Result<Vec<f32>> {
    if width == 0 || height == 0 || gray.len() != width * height {
        bail!("the drawing has {} values, but {width} x {height} pixels need {}", gray.len(), width * height);
    }
    if let Some(i) = gray.iter().position(|v| !v.is_finite()) {
        bail!("drawing pixel {i} is {}, not a number from 0 to 1", gray[i]);
    }
    let Some([top, left, bottom, right]) = ink_box(gray, width) else {
        refuse!(DRAWING_EMPTY);
    };
    let (bh, bw) = (bottom - top, right - left);
    let scale = FIT as f32 / bh.max(bw) as f32;
    let (th, tw) =
        (((bh as f32 * scale).round() as usize).clamp(1, FIT), ((bw as f32 * scale).round() as usize).clamp(1, FIT));
    let mut small = vec![0.0f32; th * tw];
    for (r, row) in small.chunks_exact_mut(tw).enumerate() {
        let (y0, y1) =
            (top as f32 + r as f32 * bh as f32 / th as f32, top as f32 + (r + 1) as f32 * bh as f32 / th as f32);
        for (c, v) in row.iter_mut().enumerate() {
            let (x0, x1) =
                (left as f32 + c as f32 * bw as f32 / tw as f32, left as f32 + (c + 1) as f32 * bw as f32 / tw as f32);
            *v = area_mean(gray, width, [y0, x0, y1, x1]);
        }
    }
    Ok(centre_by_mass(&small, tw))
}

/// `[top, left, bottom, right]` (exclusive ends) of the pixels above [`INK`].
fn ink_box(gray: &[f32], width: usize) -> Option<[usize; 4]> {
    let mut b = [usize::MAX, usize::MAX, 0, 0];
    for (i, _) in gray.iter().enumerate().filter(|(_, &v)| v > INK) {
        let (r, c) = (i / width, i % width);
        b = [b[0].min(r), b[1].min(c), b[2].max(r + 1), b[3].max(c + 1)];
    }
    (b[0] != usize::MAX).then_some(b)
}

/// Mean of `gray` over the area `[y0, x0, y1, x1]` (pixel coordinates), weighted by overlap.
fn area_mean(gray: &[f32], width: usize, [y0, x0, y1, x1]: [f32; 4]) -> f32 {
    let (mut sum, mut area) = (0.0f32, 0.0f32);
    for y in (y0.floor() as usize)..(y1.ceil() as usize) {
        let dy = y1.min(y as f32 + 1.0) - y0.max(y as f32);
        for x in (x0.floor() as usize)..(x1.ceil() as usize) {
            let dx = x1.min(x as f32 + 1.0) - x0.max(x as f32);
            sum += dx * dy * gray[y * width + x];
            area += dx * dy;
        }
    }
    if area > 0.0 {
        (sum / area).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Places `small` (`h x w`, both at most 20) in a 28 x 28 field with its centre of mass at the
/// field's centre (13.5, 13.5), moved by whole pixels and kept inside the field.
fn centre_by_mass(small: &[f32], w: usize) -> Vec<f32> {
    let h = small.len() / w;
    let (mut mass, mut my, mut mx) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &v) in small.iter().enumerate() {
        mass += f64::from(v);
        my += f64::from(v) * (i / w) as f64;
        mx += f64::from(v) * (i % w) as f64;
    }
    let place = |centre: f64, size: usize| ((13.5 - centre).round().max(0.0) as usize).min(SIDE - size);
    let (oy, ox) =
        if mass > 0.0 { (place(my / mass, h), place(mx / mass, w)) } else { ((SIDE - h) / 2, (SIDE - w) / 2) };
    let mut out = vec![0.0; SIDE * SIDE];
    for (r, row) in small.chunks_exact(w).enumerate() {
        out[(oy + r) * SIDE + ox..(oy + r) * SIDE + ox + w].copy_from_slice(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_scaled_to_20_rows_and_centred_by_mass() {
        // A vertical bar 100 tall, 10 wide, in the corner of a 200 x 150 drawing.
        let (w, h) = (150, 200);
        let mut gray = vec![0.0; w * h];
        for y in 5..105 {
            for x in 3..13 {
                gray[y * w + x] = 1.0;
            }
        }
        let out = prepare_digit(&gray, w, h).unwrap();
        let rows: Vec<usize> = (0..SIDE).filter(|r| out[r * SIDE..(r + 1) * SIDE].iter().any(|&v| v > 0.0)).collect();
        let cols: Vec<usize> = (0..SIDE).filter(|&c| (0..SIDE).any(|r| out[r * SIDE + c] > 0.0)).collect();
        assert_eq!((rows.len(), rows[0]), (20, 4));
        assert_eq!((cols.len(), cols[0]), (2, 13));
        assert!(out.iter().all(|v| (0.0..=1.0).contains(v)));
        let mass: f32 = out.iter().sum();
        assert!((mass - 40.0).abs() < 1e-3, "{mass}");
    }

    #[test]
    fn an_empty_drawing_says_what_to_do() {
        let message = prepare_digit(&[0.0; 100], 10, 10).unwrap_err().message().to_string();
        assert!(message.contains("drawing is empty"), "{message}");
        assert!(prepare_digit(&[0.0; 99], 10, 10).unwrap_err().message().contains("99 values"));
    }
}
