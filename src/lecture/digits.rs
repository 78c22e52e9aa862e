//! Concept 1, from a drawing to 25 numbers.
//!
//! A digit image (colour) becomes gray (luma), is cropped to the bounding box of its ink and
//! scaled, keeping its aspect ratio, into [`FIT_HEIGHT`] x [`FIT_WIDTH`] = 23 x 14 pixels, then
//! made binary with a threshold. A [`WINDOW`] of 5 rows x 3 columns moves over it without
//! overlap and measures the share of white (ink) pixels. 23 x 14 is chosen so that the windows
//! make a 5 x 5 grid and the last row and column of windows run past the edge: the image is
//! padded with zeros (black) to 25 x 15, 2 rows at the bottom and 1 column at the right. The 25
//! ratios, row by row, are the features of the lecture's small fully connected network
//! (`25 -> dense -> 10`, softmax).

use super::check_finite;
use crate::bail;
use crate::error::Result;
use serde::Serialize;

/// Height of the scaled digit (rows).
pub const FIT_HEIGHT: usize = 23;
/// Width of the scaled digit (columns).
pub const FIT_WIDTH: usize = 14;
/// The measuring window: 5 rows x 3 columns, moved by its own size.
pub const WINDOW: [usize; 2] = [5, 3];
/// Gray values above this count as ink when finding the digit's bounding box.
const INK: f32 = 0.1;

/// Every stage of the pipeline for one image, as the view draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigitPipeline {
    pub width: usize,
    pub height: usize,
    /// `height x width`, 0 (black) to 1 (white)
    pub gray: Vec<f32>,
    /// the ink's bounding box in the gray image: `[top, left, bottom, right]`, exclusive ends
    #[serde(rename = "inkBox")]
    pub ink_box: [usize; 4],
    /// `FIT_HEIGHT x FIT_WIDTH`, gray
    pub fitted: Vec<f32>,
    /// `FIT_HEIGHT x FIT_WIDTH`, 0 or 1
    pub binary: Vec<f32>,
    #[serde(flatten)]
    pub windows: WindowGrid,
}

/// The share of white pixels in each window, with the zero padding that completes the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowGrid {
    #[serde(rename = "gridRows")]
    pub grid_rows: usize,
    #[serde(rename = "gridCols")]
    pub grid_cols: usize,
    /// the image size once padded so that the windows tile it: `grid_rows * 5 x grid_cols * 3`
    #[serde(rename = "paddedHeight")]
    pub padded_height: usize,
    #[serde(rename = "paddedWidth")]
    pub padded_width: usize,
    /// `grid_rows x grid_cols`, each in [0, 1]: white pixels / 15
    pub ratios: Vec<f32>,
}

/// Luma (`0.299 R + 0.587 G + 0.114 B`, scaled to [0, 1]) of an RGBA image, `height x width`.
pub fn grayscale(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>> {
    if width == 0 || height == 0 || rgba.len() != width * height * 4 {
        bail!("the image has {} bytes, but {width} x {height} RGBA pixels need {}", rgba.len(), width * height * 4);
    }
    Ok(rgba
        .chunks_exact(4)
        .map(|p| (0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2])) / 255.0)
        .collect())
}

/// The bounding box `[top, left, bottom, right]` of the pixels brighter than [`INK`], if any.
pub fn ink_box(gray: &[f32], width: usize) -> Option<[usize; 4]> {
    let mut b = [usize::MAX, usize::MAX, 0, 0];
    for (i, _) in gray.iter().enumerate().filter(|(_, &v)| v > INK) {
        let (r, c) = (i / width, i % width);
        b = [b[0].min(r), b[1].min(c), b[2].max(r + 1), b[3].max(c + 1)];
    }
    (b[0] != usize::MAX).then_some(b)
}

/// Scales the box of `gray` into `FIT_HEIGHT x FIT_WIDTH`, keeping the aspect ratio and
/// centring it; each target pixel is the mean of the source area it covers.
pub fn fit(gray: &[f32], width: usize, b: [usize; 4]) -> Vec<f32> {
    let (bh, bw) = ((b[2] - b[0]) as f32, (b[3] - b[1]) as f32);
    let scale = (FIT_HEIGHT as f32 / bh).min(FIT_WIDTH as f32 / bw);
    let (th, tw) = (bh * scale, bw * scale);
    let (oy, ox) = ((FIT_HEIGHT as f32 - th) / 2.0, (FIT_WIDTH as f32 - tw) / 2.0);
    let mut out = vec![0.0; FIT_HEIGHT * FIT_WIDTH];
    for (r, row) in out.chunks_exact_mut(FIT_WIDTH).enumerate() {
        let (y0, y1) = (((r as f32 - oy) / scale), ((r as f32 + 1.0 - oy) / scale));
        for (c, v) in row.iter_mut().enumerate() {
            let (x0, x1) = (((c as f32 - ox) / scale), ((c as f32 + 1.0 - ox) / scale));
            *v = area_mean(gray, width, b, [y0, x0, y1, x1]);
        }
    }
    out
}

/// Mean of the box pixels overlapping `[y0, x0, y1, x1]` (box coordinates), by overlap area.
fn area_mean(gray: &[f32], width: usize, b: [usize; 4], [y0, x0, y1, x1]: [f32; 4]) -> f32 {
    let (bh, bw) = (b[2] - b[0], b[3] - b[1]);
    let (mut sum, mut area) = (0.0f32, 0.0f32);
    let rows = (y0.max(0.0).floor() as usize)..(y1.min(bh as f32).ceil() as usize);
    for sy in rows {
        let dy = (y1.min(sy as f32 + 1.0) - y0.max(sy as f32)).max(0.0);
        let cols = (x0.max(0.0).floor() as usize)..(x1.min(bw as f32).ceil() as usize);
        for sx in cols {
            let dx = (x1.min(sx as f32 + 1.0) - x0.max(sx as f32)).max(0.0);
            sum += dx * dy * gray[(b[0] + sy) * width + b[1] + sx];
            area += dx * dy;
        }
    }
    // Outside the box (the margins of centring) is background; divide by the full cell.
    let cell = (y1 - y0) * (x1 - x0);
    if area > 0.0 {
        sum / cell.max(area)
    } else {
        0.0
    }
}

/// 1 where the gray value is at least `threshold`, else 0.
pub fn binarize(gray: &[f32], threshold: f32) -> Vec<f32> {
    gray.iter().map(|&v| if v >= threshold { 1.0 } else { 0.0 }).collect()
}

/// Share of white pixels in each non-overlapping `WINDOW` over a `height x width` binary image,
/// padding the last row and column of windows with zeros.
pub fn window_ratios(binary: &[f32], height: usize, width: usize) -> WindowGrid {
    let [wh, ww] = WINDOW;
    let (grid_rows, grid_cols) = (height.div_ceil(wh), width.div_ceil(ww));
    let mut ratios = vec![0.0; grid_rows * grid_cols];
    for (r, row) in binary.chunks_exact(width).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            ratios[(r / wh) * grid_cols + c / ww] += v;
        }
    }
    ratios.iter_mut().for_each(|x| *x /= (wh * ww) as f32);
    WindowGrid { grid_rows, grid_cols, padded_height: grid_rows * wh, padded_width: grid_cols * ww, ratios }
}

fn check_threshold(threshold: f32) -> Result<()> {
    if !(threshold > 0.0 && threshold < 1.0) {
        bail!("threshold must lie between 0 and 1 (gray 0 is black, 1 is white), not {threshold}");
    }
    Ok(())
}

/// The whole pipeline for one RGBA image (e.g. a drawing on a dark canvas).
pub fn pipeline(rgba: &[u8], width: usize, height: usize, threshold: f32) -> Result<DigitPipeline> {
    check_threshold(threshold)?;
    let gray = grayscale(rgba, width, height)?;
    let Some(ink_box) = ink_box(&gray, width) else {
        bail!("the image is empty: draw a digit (light strokes on the dark pad) or pick one");
    };
    let fitted = fit(&gray, width, ink_box);
    let binary = binarize(&fitted, threshold);
    let windows = window_ratios(&binary, FIT_HEIGHT, FIT_WIDTH);
    Ok(DigitPipeline { width, height, gray, ink_box, fitted, binary, windows })
}

/// The 25 features of each of `count` gray digits (`side x side` values in [0, 1] each, as the
/// MNIST `Dataset` holds them): `count x 25`, row by row. An empty image gives 25 zeros.
pub fn features(images: &[f32], count: usize, side: usize, threshold: f32) -> Result<Vec<f32>> {
    check_threshold(threshold)?;
    if side == 0 || images.len() != count * side * side {
        bail!("{} pixel values for {count} images of {side} x {side}: need {}", images.len(), count * side * side);
    }
    check_finite(images, "images")?;
    let cells = FIT_HEIGHT.div_ceil(WINDOW[0]) * FIT_WIDTH.div_ceil(WINDOW[1]);
    let mut out = Vec::with_capacity(count * cells);
    for gray in images.chunks_exact(side * side) {
        match ink_box(gray, side) {
            Some(b) => {
                out.extend(window_ratios(&binarize(&fit(gray, side, b), threshold), FIT_HEIGHT, FIT_WIDTH).ratios)
            }
            None => out.extend(std::iter::repeat(0.0).take(cells)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white bar `rows x cols` at `(top, left)` on a black 28 x 28 RGBA canvas.
    fn bar(top: usize, left: usize, rows: usize, cols: usize) -> Vec<u8> {
        let mut rgba = vec![0u8; 28 * 28 * 4];
        for r in top..top + rows {
            for c in left..left + cols {
                rgba[(r * 28 + c) * 4..(r * 28 + c) * 4 + 4].copy_from_slice(&[255, 255, 255, 255]);
            }
        }
        rgba
    }

    #[test]
    fn the_window_grid_is_5_by_5_with_two_padded_rows_and_one_padded_column() {
        let grid = window_ratios(&vec![1.0; FIT_HEIGHT * FIT_WIDTH], FIT_HEIGHT, FIT_WIDTH);
        assert_eq!((grid.grid_rows, grid.grid_cols, grid.padded_height, grid.padded_width), (5, 5, 25, 15));
        // An all-white image: full windows are 1; the last column has 2 of 3 columns real,
        // the last row 3 of 5 rows, the corner 3 x 2 of 15.
        assert_eq!(grid.ratios[0], 1.0);
        assert!((grid.ratios[4] - 10.0 / 15.0).abs() < 1e-6);
        assert!((grid.ratios[20] - 9.0 / 15.0).abs() < 1e-6);
        assert!((grid.ratios[24] - 6.0 / 15.0).abs() < 1e-6);
    }

    #[test]
    fn a_filled_rectangle_fills_the_fitted_image_and_every_window() {
        // 23 x 14 exactly: the scale is 1, the fitted image is all white.
        let p = pipeline(&bar(2, 5, 23, 14), 28, 28, 0.5).unwrap();
        assert_eq!(p.ink_box, [2, 5, 25, 19]);
        assert!(p.binary.iter().all(|&v| v == 1.0));
        assert_eq!(p.windows.ratios.len(), 25);
        assert_eq!(p.windows.ratios[12], 1.0);
    }

    #[test]
    fn a_thin_vertical_stroke_keeps_its_aspect_and_lands_in_the_middle_column() {
        let p = pipeline(&bar(4, 13, 20, 2), 28, 28, 0.5).unwrap();
        let ratios = &p.windows.ratios;
        for row in 0..5 {
            assert_eq!(ratios[row * 5], 0.0, "left column of windows stays black");
            assert!(ratios[row * 5 + 2] > 0.0, "the middle column holds the stroke");
        }
    }

    #[test]
    fn the_threshold_decides_what_counts_as_white() {
        let mut rgba = bar(0, 0, 28, 28);
        rgba.chunks_exact_mut(4).for_each(|p| p[..3].copy_from_slice(&[100, 100, 100]));
        let low = pipeline(&rgba, 28, 28, 0.3).unwrap();
        let high = pipeline(&rgba, 28, 28, 0.5).unwrap();
        // gray 100/255 = 0.39 is white at threshold 0.3 and black at 0.5
        assert!(low.binary.iter().filter(|&&v| v == 1.0).count() > 100);
        assert_eq!(low.binary, binarize(&low.fitted, 0.3));
        assert!(high.binary.iter().all(|&v| v == 0.0));
    }

    #[test]
    fn bad_inputs_are_refused_with_what_to_change() {
        assert!(pipeline(&[0; 28 * 28 * 4], 28, 28, 0.5).unwrap_err().message().contains("draw a digit"));
        assert!(pipeline(&[0; 10], 28, 28, 0.5).unwrap_err().message().contains("RGBA"));
        assert!(pipeline(&bar(0, 0, 3, 3), 28, 28, 1.5).unwrap_err().message().contains("between 0 and 1"));
    }

    #[test]
    fn features_of_gray_digits_match_the_pipeline_of_the_same_image() {
        let rgba = bar(3, 9, 18, 6);
        let gray: Vec<f32> = rgba.chunks_exact(4).map(|p| f32::from(p[0]) / 255.0).collect();
        let mut two = gray.clone();
        two.extend(vec![0.0; 784]);
        let f = features(&two, 2, 28, 0.5).unwrap();
        assert_eq!(f.len(), 50);
        assert_eq!(&f[..25], &pipeline(&rgba, 28, 28, 0.5).unwrap().windows.ratios[..]);
        assert!(f[25..].iter().all(|&v| v == 0.0));
    }
}
