//! The built-in colour dataset: small RGB images of coloured shapes on noisy backgrounds,
//! generated from a seed, so a newcomer sees RGB kernels train without bringing files.
//!
//! Nine classes, every pair of a colour (red, green, blue) and a shape (circle, square,
//! triangle). The three colours have the same luma (ITU-R 601-2, the grey a network given
//! `color: "gray"` sees), so in grey the colours look alike: a grey network can tell the shapes
//! apart but not the colours, and stays near a third of the classes right; an RGB network
//! learns both. Each image: a dark background of a random colour with per-pixel noise; one
//! shape of random size, place and rotation, anti-aliased (4 x 4 samples per pixel), its colour
//! varied in brightness (x0.85 to x1.15) and per channel (+-0.04), then noise over everything
//! (+-0.06). Only integer arithmetic, `+ - * /` and `sqrt` are used, which IEEE 754 rounds the
//! same everywhere: the same seed gives the same images natively and in wasm.

use super::preprocess::{luma, Color, Preprocessing};
use super::split::{ClassSplit, Split};
use crate::data::Dataset;
use crate::error::Result;
use crate::rng::Rng;

/// Side of each image.
pub const SIDE: usize = 32;
/// Images per class: 400 train and 100 test.
pub const TRAIN_PER_CLASS: usize = 400;
pub const TEST_PER_CLASS: usize = 100;
/// Per-pixel noise: uniform in +-NOISE on each channel (1024 levels).
const NOISE: f32 = 0.06;
/// The random stream of the generator (weights use 1, batch order 2, the split 3).
pub const SHAPES_STREAM: u64 = 4;

/// The three colours, all of luma 0.50 (`0.299 R + 0.587 G + 0.114 B`), none brighter than
/// 0.84 in any channel, so that the brightest variation (x1.15 + 0.04) is hardly clipped.
pub const COLORS: [(&str, [f32; 3]); 3] =
    [("red", [0.84, 0.35498, 0.35498]), ("green", [0.15, 0.74625, 0.15]), ("blue", [0.45625, 0.45625, 0.84])];
pub const SHAPES: [&str; 3] = ["circle", "square", "triangle"];

/// How an image file of a shape becomes what the network reads, as the data view describes the
/// colour shapes: 32 x 32 RGB, centre crop, bilinear (a 32 x 32 image stays as it is).
pub fn preprocessing() -> Preprocessing {
    Preprocessing { width: SIDE, height: SIDE, color: Color::Rgb, ..Preprocessing::default() }
}

/// Class `c` is colour `c / 3` and shape `c % 3`: "red circle", "red square", ...
pub fn class_names() -> Vec<String> {
    COLORS.iter().flat_map(|(color, _)| SHAPES.iter().map(move |shape| format!("{color} {shape}"))).collect()
}

/// The colour shapes, `(train, test)`: 3,600 training and 900 test images of 3 x 32 x 32,
/// classes in turn (image `i` is class `i % 9`), as bytes; both parts standardized with the
/// training part's mean and standard deviation.
pub fn colour_shapes(seed: u32) -> Result<(Dataset, Dataset)> {
    let classes = COLORS.len() * SHAPES.len();
    let mut rng = Rng::new(u64::from(seed), SHAPES_STREAM);
    let mut part = |count: usize| -> Result<Dataset> {
        let mut pixels = Vec::with_capacity(count * 3 * SIDE * SIDE);
        let labels: Vec<u32> = (0..count).map(|i| (i % classes) as u32).collect();
        for &label in &labels {
            draw(&mut rng, label as usize, &mut pixels);
        }
        Dataset::from_bytes(pixels, labels, [3, SIDE, SIDE], classes)?
            .with_class_names(class_names())?
            .with_preprocessing(Some(preprocessing()))
    };
    let train = part(TRAIN_PER_CLASS * classes)?;
    let test = part(TEST_PER_CLASS * classes)?;
    let (mean, std) = train.pixel_mean_std();
    let scaling = Some(crate::data::InputScaling { mean: mean as f32, std: std as f32 });
    Ok((train.with_scaling(scaling), test.with_scaling(scaling)))
}

/// The colour shapes as a [`Split`] (its image ids empty: the images are not in an
/// [`ImageSet`](super::ImageSet)), so the page handles them as it handles its own images.
pub fn colour_shapes_split(seed: u32) -> Result<Split> {
    let (train, test) = colour_shapes(seed)?;
    let count = |set: &Dataset, c: usize| set.labels().iter().filter(|&&l| l as usize == c).count();
    let counts = class_names()
        .into_iter()
        .enumerate()
        .map(|(c, name)| ClassSplit { name, train: count(&train, c), test: count(&test, c) })
        .collect();
    Ok(Split { train, test, train_ids: Vec::new(), test_ids: Vec::new(), counts, warnings: Vec::new() })
}

/// An RGB set of bytes as grey (Pillow's L of each pixel, [`luma`]), with the same labels,
/// names and a standardization measured on it: what a network with `color: "gray"` sees.
pub fn grayscale(data: &Dataset) -> Result<Dataset> {
    // Uncoded: only the colour shapes (bytes, RGB) are turned grey; no file or field of the page
    // reaches these two.
    let [c, h, w] = data.shape();
    let crate::data::Pixels::Bytes(bytes) = data.pixels() else {
        crate::bail!("only a set kept as bytes can be turned grey");
    };
    if c != 3 {
        crate::bail!("only an RGB set (3 channels) can be turned grey, not one of {c} channels");
    }
    let plane = h * w;
    let grey: Vec<u8> = bytes
        .chunks_exact(3 * plane)
        .flat_map(|image| (0..plane).map(move |i| luma([image[i], image[plane + i], image[2 * plane + i]])))
        .collect();
    let set = Dataset::from_bytes(grey, data.labels().to_vec(), [1, h, w], data.classes())?;
    let (mean, std) = set.pixel_mean_std();
    let scaling = Some(crate::data::InputScaling { mean: mean as f32, std: std as f32 });
    let grey = data.preprocessing().map(|p| Preprocessing { color: Color::Gray, ..p });
    set.with_class_names(data.class_names())?.with_scaling(scaling).with_preprocessing(grey)
}

/// A shape around the origin: a point (relative to the centre, in pixels) is inside when
/// its projection on every normal is at most `reach`; a circle when there are no normals.
struct Outline {
    normals: [[f32; 2]; 4],
    sides: usize,
    reach: f32,
}

impl Outline {
    /// Shape `kind` of the area of a circle of radius `r`, turned by the unit vector `turn`.
    fn new(kind: usize, r: f32, [c, s]: [f32; 2]) -> Outline {
        let half = 0.5f32;
        let root3 = 3f32.sqrt();
        match kind {
            0 => Outline { normals: [[0.0; 2]; 4], sides: 0, reach: r },
            // Square of side r sqrt(pi): half side 0.886 r; normals every quarter turn.
            1 => Outline { normals: [[c, s], [-s, c], [-c, -s], [s, -c]], sides: 4, reach: 0.886_227 * r },
            // Equilateral triangle of that area: inradius 0.778 r; normals every third of a turn.
            _ => {
                let third = |[x, y]: [f32; 2]| [-half * x - root3 * half * y, root3 * half * x - half * y];
                let (a, b) = ([c, s], third([c, s]));
                Outline { normals: [a, b, third(b), [0.0; 2]], sides: 3, reach: 0.777_551 * r }
            }
        }
    }

    fn contains(&self, x: f32, y: f32) -> bool {
        if self.sides == 0 {
            return x * x + y * y <= self.reach * self.reach;
        }
        self.normals[..self.sides].iter().all(|[nx, ny]| x * nx + y * ny <= self.reach)
    }

    /// How far a point lies outside the outline (negative inside): for a polygon, the largest
    /// distance past any edge's line (exact outside the corners' wedges, less near them).
    fn depth(&self, x: f32, y: f32) -> f32 {
        if self.sides == 0 {
            return (x * x + y * y).sqrt() - self.reach;
        }
        self.normals[..self.sides].iter().map(|[nx, ny]| x * nx + y * ny - self.reach).fold(f32::NEG_INFINITY, f32::max)
    }
}

/// A uniformly random direction as a unit vector (a point of the unit disc, normalized).
fn direction(rng: &mut Rng) -> [f32; 2] {
    loop {
        let (x, y) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
        let length = (x * x + y * y).sqrt();
        if length > 0.1 && length <= 1.0 {
            return [x / length, y / length];
        }
    }
}

/// Appends one image of class `class` (`3 x SIDE x SIDE` bytes, planar) to `out`.
fn draw(rng: &mut Rng, class: usize, out: &mut Vec<u8>) {
    let (color, kind) = (COLORS[class / SHAPES.len()].1, class % SHAPES.len());
    let background = [rng.uniform(0.0, 0.3), rng.uniform(0.0, 0.3), rng.uniform(0.0, 0.3)];
    let r = rng.uniform(5.0, 8.0);
    let margin = r * 1.6 + 1.0; // a triangle's corner reaches 1.56 r from its centre
    let (cx, cy) = (rng.uniform(margin, SIDE as f32 - margin), rng.uniform(margin, SIDE as f32 - margin));
    let outline = Outline::new(kind, r, direction(rng));
    let brightness = rng.uniform(0.85, 1.15);
    let ink: Vec<f32> = color.iter().map(|&v| v * brightness + rng.uniform(-0.04, 0.04)).collect();
    // Each byte is `255 (bg + (ink - bg) covered + noise) + 0.5`, noise = NOISE (n / 511.5 - 1)
    // for a 10-bit n; `as u8` saturates, so values below 0 or above 1 land on 0 or 255.
    let base: Vec<f32> = background.iter().map(|&bg| 255.0 * (bg - NOISE) + 0.5).collect();
    let span: Vec<f32> = background.iter().zip(&ink).map(|(bg, fg)| 255.0 * (fg - bg)).collect();
    let step = 255.0 * NOISE / 511.5;
    // Only pixels within `margin` of the centre can be touched by the shape.
    let reach = |c: f32| ((c - margin - 1.0).max(0.0) as usize)..((c + margin + 1.0) as usize).min(SIDE);
    let (columns, rows) = (reach(cx), reach(cy));
    let start = out.len();
    out.resize(start + 3 * SIDE * SIDE, 0);
    let (red, rest) = out[start..].split_at_mut(SIDE * SIDE);
    let (green, blue) = rest.split_at_mut(SIDE * SIDE);
    for (i, ((r, g), b)) in red.iter_mut().zip(green).zip(blue).enumerate() {
        let (x, y) = (i % SIDE, i / SIDE);
        let inside = columns.contains(&x) && rows.contains(&y);
        let covered = if inside { coverage(&outline, x as f32 - cx, y as f32 - cy) } else { 0.0 };
        let n = rng.next_u32(); // three 10-bit noise values, one per channel
        let level = |k: usize| (base[k] + span[k] * covered + step * ((n >> (10 * k)) & 1023) as f32) as u8;
        (*r, *g, *b) = (level(0), level(1), level(2));
    }
}

/// The share of 4 x 4 sample points of the pixel whose corner is `(x, y)` (relative to the
/// shape's centre) that fall inside the shape; pixels whose centre is more than half a
/// diagonal (0.71) inside or outside the outline are wholly in or out without sampling.
fn coverage(outline: &Outline, x: f32, y: f32) -> f32 {
    let depth = outline.depth(x + 0.5, y + 0.5);
    if depth > 0.71 {
        return 0.0;
    }
    if depth < -0.71 {
        return 1.0;
    }
    let inside =
        (0..16).filter(|i| outline.contains(x + (i % 4) as f32 * 0.25 + 0.125, y + (i / 4) as f32 * 0.25 + 0.125));
    inside.count() as f32 / 16.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_colours_look_alike_in_grey() {
        let lumas: Vec<f32> = COLORS.iter().map(|(_, [r, g, b])| 0.299 * r + 0.587 * g + 0.114 * b).collect();
        assert!(lumas.iter().all(|l| (l - 0.50).abs() < 0.0005), "{lumas:?}");
        let bytes: Vec<u8> = COLORS.iter().map(|(_, c)| luma(c.map(|v| (v * 255.0 + 0.5) as u8))).collect();
        assert!(bytes.iter().all(|&l| l.abs_diff(bytes[0]) <= 1), "{bytes:?}");
    }

    #[test]
    fn shapes_of_one_radius_have_about_the_same_area() {
        for kind in 0..3 {
            let outline = Outline::new(kind, 10.0, [0.6, 0.8]);
            let area: f32 = (-20..20)
                .flat_map(|y| (-20..20).map(move |x| (x, y)))
                .map(|(x, y)| coverage(&outline, x as f32, y as f32))
                .sum();
            assert!((area - std::f32::consts::PI * 100.0).abs() < 4.0, "shape {kind}: {area}");
        }
    }

    #[test]
    fn seeded_balanced_and_in_range() {
        let (train, test) = colour_shapes(5).unwrap();
        assert_eq!((train.len(), test.len(), train.shape(), train.classes()), (3600, 900, [3, 32, 32], 9));
        assert_eq!(train.class_names()[5], "green triangle");
        assert_eq!((0..9).map(|c| test.labels().iter().filter(|&&l| l == c).count()).collect::<Vec<_>>(), [100; 9]);
        assert_eq!(colour_shapes(5).unwrap().0, train);
        assert_ne!(colour_shapes(6).unwrap().0.image(0).unwrap(), train.image(0).unwrap());
        let scaling = train.scaling().unwrap();
        assert!(scaling.mean > 0.1 && scaling.mean < 0.5 && scaling.std > 0.1, "{scaling:?}");
    }
}
