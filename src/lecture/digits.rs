//! Concept 1, from a drawing to 25 numbers.
//!
//! A digit image (colour) becomes gray (luma), is cropped to the bounding box of its ink and
//! scaled, keeping its aspect ratio, into [`FIT_HEIGHT`] x [`FIT_WIDTH`] = 25 x 14 pixels, then
//! made binary with a threshold. A window of 5 rows x 3 columns moves over it without overlap
//! and measures the share of white (ink) pixels. 25 rows take 5 windows exactly; 14 columns are
//! not a multiple of 3, so the last column of windows runs one column past the edge: the image
//! is padded with one column of zeros (black) to 25 x 15. The 5 x 5 ratios, row by row, are the
//! features of the lecture's small fully connected network (`25 -> dense -> 10`, softmax).
//! The lecture's alternative to that padding is a 5 x 2 window, which tiles 14 columns exactly
//! (5 x 7 = 35 numbers, no padding); any window up to the image's size works the same way.
//!
//! One function makes the stages of every digit, drawn or from the dataset ([`pipeline_gray`]);
//! the training features ([`features`]) are its ratios, so one digit gives one set of numbers
//! everywhere.

use super::check_finite;
use crate::error::codes;
use crate::error::{Error, Result};
use crate::refuse;
use serde::{Deserialize, Serialize};

/// Height of the scaled digit (rows).
pub const FIT_HEIGHT: usize = 25;
/// Width of the scaled digit (columns).
pub const FIT_WIDTH: usize = 14;
/// The lecture's measuring window: 5 rows x 3 columns, moved by its own size.
pub const WINDOW: [usize; 2] = [5, 3];
/// The lecture's threshold: a gray value of at least 0.5 is white.
pub const THRESHOLD: f32 = 0.5;
/// Gray values above this count as ink when finding the digit's bounding box.
const INK: f32 = 0.1;

/// How a fitted digit becomes numbers: white where the gray reaches `threshold`, then the share
/// of white in each `window` (`[rows, cols]`), zero padding completing the last windows.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    #[serde(default = "default_threshold")]
    pub threshold: f32,
    #[serde(default = "default_window")]
    pub window: [usize; 2],
}

fn default_threshold() -> f32 {
    THRESHOLD
}

fn default_window() -> [usize; 2] {
    WINDOW
}

impl Default for Recipe {
    /// The lecture's: threshold 0.5, 5 x 3 windows.
    fn default() -> Self {
        Recipe { threshold: THRESHOLD, window: WINDOW }
    }
}

impl Recipe {
    /// Refuses a threshold outside (0, 1) and a window outside the 25 x 14 image.
    pub fn check(&self) -> Result<()> {
        let t = self.threshold;
        if !(t > 0.0 && t < 1.0) {
            refuse!(LECTURE_THRESHOLD, value = t);
        }
        let [h, w] = self.window;
        if !(1..=FIT_HEIGHT).contains(&h) || !(1..=FIT_WIDTH).contains(&w) {
            refuse!(LECTURE_WINDOW, rows = h, cols = w, height = FIT_HEIGHT, width = FIT_WIDTH);
        }
        Ok(())
    }

    /// Windows down and across: `ceil(25 / rows) x ceil(14 / cols)`, the network's input shape.
    pub fn grid(&self) -> [usize; 2] {
        [FIT_HEIGHT.div_ceil(self.window[0]), FIT_WIDTH.div_ceil(self.window[1])]
    }

    /// Numbers per digit: `grid rows x grid cols` (25 for the lecture's 5 x 3 window).
    pub fn features(&self) -> usize {
        let [r, c] = self.grid();
        r * c
    }
}

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
    pub threshold: f32,
    #[serde(flatten)]
    pub windows: WindowGrid,
}

/// The share of white pixels in each window, with the zero padding that completes the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowGrid {
    /// `[rows, cols]` of one window
    pub window: [usize; 2],
    #[serde(rename = "gridRows")]
    pub grid_rows: usize,
    #[serde(rename = "gridCols")]
    pub grid_cols: usize,
    /// the image size once padded so that the windows tile it: `grid_rows * rows x grid_cols * cols`
    #[serde(rename = "paddedHeight")]
    pub padded_height: usize,
    #[serde(rename = "paddedWidth")]
    pub padded_width: usize,
    /// zero rows added at the bottom and zero columns at the right
    #[serde(rename = "padRows")]
    pub pad_rows: usize,
    #[serde(rename = "padCols")]
    pub pad_cols: usize,
    /// `grid_rows x grid_cols`, each in [0, 1]: white pixels / (rows x cols)
    pub ratios: Vec<f32>,
}

/// Luma (`0.299 R + 0.587 G + 0.114 B`, scaled to [0, 1]) of an RGBA image, `height x width`.
pub fn grayscale(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>> {
    if width == 0 || height == 0 || rgba.len() != width * height * 4 {
        return Err(Error::new(format!(
            "the image has {} bytes, but {width} x {height} RGBA pixels need {}",
            rgba.len(),
            width * height * 4
        )));
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

/// Share of white pixels in each non-overlapping `window` (`[rows, cols]`) over a
/// `height x width` binary image, padding the last row and column of windows with zeros.
pub fn window_ratios(binary: &[f32], height: usize, width: usize, window: [usize; 2]) -> WindowGrid {
    let [wh, ww] = window;
    let (grid_rows, grid_cols) = (height.div_ceil(wh), width.div_ceil(ww));
    let mut ratios = vec![0.0; grid_rows * grid_cols];
    for (r, row) in binary.chunks_exact(width).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            ratios[(r / wh) * grid_cols + c / ww] += v;
        }
    }
    ratios.iter_mut().for_each(|x| *x /= (wh * ww) as f32);
    let (padded_height, padded_width) = (grid_rows * wh, grid_cols * ww);
    WindowGrid {
        window,
        grid_rows,
        grid_cols,
        padded_height,
        padded_width,
        pad_rows: padded_height - height,
        pad_cols: padded_width - width,
        ratios,
    }
}

/// The stages after gray.
struct Stages {
    ink_box: [usize; 4],
    fitted: Vec<f32>,
    binary: Vec<f32>,
    windows: WindowGrid,
}

/// Ink box, fitted, binary and the windows of a gray image; `None` for an image without ink.
fn stages(gray: &[f32], width: usize, recipe: &Recipe) -> Option<Stages> {
    let ink_box = ink_box(gray, width)?;
    let fitted = fit(gray, width, ink_box);
    let binary = binarize(&fitted, recipe.threshold);
    let windows = window_ratios(&binary, FIT_HEIGHT, FIT_WIDTH, recipe.window);
    Some(Stages { ink_box, fitted, binary, windows })
}

/// The whole pipeline for one gray image, `height x width` values in [0, 1] (a digit of the
/// dataset, or a drawing made gray): the very stages that make the training features.
pub fn pipeline_gray(gray: &[f32], width: usize, height: usize, recipe: &Recipe) -> Result<DigitPipeline> {
    recipe.check()?;
    if width == 0 || gray.len() != width * height {
        return Err(Error::new(format!(
            "the image has {} values, but {width} x {height} pixels need {}",
            gray.len(),
            width * height
        )));
    }
    check_finite(gray, codes::WHAT_IMAGE)?;
    let Some(Stages { ink_box, fitted, binary, windows }) = stages(gray, width, recipe) else {
        refuse!(LECTURE_EMPTY_DRAWING);
    };
    Ok(DigitPipeline {
        width,
        height,
        gray: gray.to_vec(),
        ink_box,
        fitted,
        binary,
        threshold: recipe.threshold,
        windows,
    })
}

/// The whole pipeline for one RGBA image (e.g. a drawing on a dark canvas): gray, then
/// [`pipeline_gray`].
pub fn pipeline(rgba: &[u8], width: usize, height: usize, recipe: &Recipe) -> Result<DigitPipeline> {
    recipe.check()?;
    pipeline_gray(&grayscale(rgba, width, height)?, width, height, recipe)
}

/// The features of each of `count` gray digits (`side x side` values in [0, 1] each, as the
/// MNIST `Dataset` holds them): `count x recipe.features()`, row by row; the ratios of
/// [`pipeline_gray`] for each. An empty image gives zeros.
pub fn features(images: &[f32], count: usize, side: usize, recipe: &Recipe) -> Result<Vec<f32>> {
    recipe.check()?;
    if side == 0 || images.len() != count * side * side {
        return Err(Error::new(format!(
            "{} pixel values for {count} images of {side} x {side}: need {}",
            images.len(),
            count * side * side
        )));
    }
    check_finite(images, codes::WHAT_IMAGES)?;
    let cells = recipe.features();
    let mut out = Vec::with_capacity(count * cells);
    for gray in images.chunks_exact(side * side) {
        match stages(gray, side, recipe) {
            Some(stages) => out.extend(stages.windows.ratios),
            None => out.extend(std::iter::repeat(0.0).take(cells)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
