//! From a decoded image (RGBA bytes, as a browser's canvas gives them) to what the network
//! reads: a `channels x height x width` image of bytes, each value `v / 255` in [0, 1].
//!
//! The steps, each as Pillow does it, so that the result equals
//! `pillow_reference.py`'s (see `tests/fixtures/images/`):
//! 1. **alpha**: every pixel is composited over white, as the page shows a transparent image
//!    (Pillow's `alpha_composite` onto an opaque white image, in its fixed point:
//!    `c' = ((t >> 8) + t) >> 8 >> 7` with `t = (c a + 255 (255 - a)) 2^7 + 2^14`);
//! 2. **grey** (when `color` is `gray`): Pillow's `convert("L")`, ITU-R 601-2 luma
//!    `L = R 299/1000 + G 587/1000 + B 114/1000`, in fixed point
//!    `(19595 R + 38470 G + 7471 B + 2^15) >> 16`;
//! 3. **fit** the target's aspect ratio: `crop` keeps the largest centred window of the target's
//!    aspect (`crop_w = round(h W / H)` when the image is wider, offsets rounded down), `pad`
//!    shrinks the whole image to fit inside (`inner_h = round(h W / w)` when wider) and centres it
//!    on a background of the `pad` level (offsets rounded down), a letterbox;
//! 3. **resize** with an antialiased filter ([`Filter`], default bilinear), exactly Pillow's
//!    `Image.resize`.

use super::resample::{resize_rows, Filter};
use crate::error::{suggestion, Result};
use crate::refuse;
use serde_json::{json, Value};

/// The smallest and largest side of the preprocessed image.
pub const MIN_SIDE: usize = 4;
pub const MAX_SIDE: usize = 128;
/// The largest decoded image the core takes: 24 megapixels (6000 x 4000, a large camera
/// photo), 96 MB as RGBA. Larger images are refused from their declared size, before decoding.
pub const MAX_IMAGE_PIXELS: u64 = 24_000_000;
/// The longest side of a decoded image.
pub const MAX_IMAGE_SIDE: u64 = 16_384;

/// Grey (1 channel) or RGB (3 channels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Gray,
    Rgb,
}

/// How an image of another aspect ratio is fitted to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The centred window of the target's aspect; the rest is cut off.
    Crop,
    /// The whole image, shrunk to fit and centred on a background of the pad level.
    Pad,
}

/// What every image of a dataset becomes: `channels x height x width` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preprocessing {
    pub width: usize,
    pub height: usize,
    pub color: Color,
    pub fit: Fit,
    /// The background level (0 black to 255 white) of `pad`, on every channel.
    pub pad: u8,
    pub filter: Filter,
}

impl Default for Preprocessing {
    /// 28 x 28 grey, centre crop, bilinear: MNIST's size.
    fn default() -> Self {
        Preprocessing { width: 28, height: 28, color: Color::Gray, fit: Fit::Crop, pad: 0, filter: Filter::Bilinear }
    }
}

const FIELDS: &str = "size, color, fit, pad, filter";

impl Preprocessing {
    /// Reads `{size: 28 | [height, width], color: "gray" | "rgb", fit: "crop" | "pad",
    /// pad: 0..=255, filter: "box" | "bilinear" | "bicubic" | "lanczos"}`; every field is
    /// optional (defaults: [`Preprocessing::default`]).
    pub fn from_json(value: &Value) -> Result<Preprocessing> {
        let Some(fields) = value.as_object() else {
            refuse!(PREPROCESS_NOT_OBJECT, value);
        };
        let mut p = Preprocessing::default();
        for (key, v) in fields {
            match key.as_str() {
                "size" => [p.height, p.width] = read_size(v)?,
                "color" => p.color = read_choice(v, "color", &[("gray", Color::Gray), ("rgb", Color::Rgb)])?,
                "fit" => p.fit = read_choice(v, "fit", &[("crop", Fit::Crop), ("pad", Fit::Pad)])?,
                "pad" => match v.as_u64() {
                    Some(level) if level <= 255 => p.pad = level as u8,
                    _ => refuse!(PREPROCESS_PAD, value = v),
                },
                "filter" => {
                    p.filter = v
                        .as_str()
                        .and_then(Filter::from_name)
                        .ok_or_else(|| crate::err!(PREPROCESS_FILTER, names = Filter::NAMES.join(", "), value = v))?
                }
                _ => refuse!(
                    PREPROCESS_UNKNOWN_FIELD,
                    key,
                    hint = suggestion(key, &["size", "color", "fit", "pad", "filter"]),
                    fields = FIELDS
                ),
            }
        }
        Ok(p)
    }

    /// The options with every default written out.
    pub fn to_json(&self) -> Value {
        json!({
            "size": [self.height, self.width],
            "color": match self.color { Color::Gray => "gray", Color::Rgb => "rgb" },
            "fit": match self.fit { Fit::Crop => "crop", Fit::Pad => "pad" },
            "pad": self.pad,
            "filter": self.filter.name(),
        })
    }

    pub fn channels(&self) -> usize {
        match self.color {
            Color::Gray => 1,
            Color::Rgb => 3,
        }
    }

    /// `[channels, height, width]`: the network's input.
    pub fn shape(&self) -> [usize; 3] {
        [self.channels(), self.height, self.width]
    }

    /// Bytes of one preprocessed image.
    pub fn image_bytes(&self) -> usize {
        self.channels() * self.height * self.width
    }

    /// Preprocesses a decoded image: `rgba` is `height x width x 4` bytes (not premultiplied);
    /// returns `channels x height x width` bytes (planar, as NCHW). Refuses sizes that do not
    /// match the bytes or exceed [`MAX_IMAGE_PIXELS`].
    pub fn apply(&self, rgba: &[u8], width: usize, height: usize) -> Result<Vec<u8>> {
        check_image_size(width as u64, height as u64)?;
        if rgba.len() != width * height * 4 {
            refuse!(IMAGE_RGBA_LENGTH, width, height, expected = width * height * 4, given = rgba.len());
        }
        let channels = self.channels();
        let (window, inner, at) = self.geometry(width, height);
        let [left, top, cw, ch] = window;
        let small = resize_rows([cw, ch], channels, inner, self.filter, |y, row| {
            let start = ((top + y) * width + left) * 4;
            convert_row(&rgba[start..start + cw * 4], self.color, row);
        });
        Ok(self.planar(&small, inner, at))
    }

    /// Which part of the image is used (`[left, top, width, height]`), the size it is resized
    /// to, and where that lands in the target (`[x, y]`).
    fn geometry(&self, w: usize, h: usize) -> ([usize; 4], [usize; 2], [usize; 2]) {
        let (tw, th) = (self.width, self.height);
        let wider = w * th > h * tw;
        let taller = w * th < h * tw;
        match self.fit {
            Fit::Crop => {
                let cw = if wider { rounded_ratio(h * tw, th).clamp(1, w) } else { w };
                let ch = if taller { rounded_ratio(w * th, tw).clamp(1, h) } else { h };
                ([(w - cw) / 2, (h - ch) / 2, cw, ch], [tw, th], [0, 0])
            }
            Fit::Pad => {
                let iw = if taller { rounded_ratio(w * th, h).clamp(1, tw) } else { tw };
                let ih = if wider { rounded_ratio(h * tw, w).clamp(1, th) } else { th };
                ([0, 0, w, h], [iw, ih], [(tw - iw) / 2, (th - ih) / 2])
            }
        }
    }

    /// The interleaved `inner` image placed at `at` on the pad background, as planar bytes.
    fn planar(&self, small: &[u8], [iw, ih]: [usize; 2], [x, y]: [usize; 2]) -> Vec<u8> {
        let channels = self.channels();
        let plane = self.width * self.height;
        let mut out = vec![self.pad; channels * plane];
        for r in 0..ih {
            for c in 0..iw {
                for k in 0..channels {
                    out[k * plane + (y + r) * self.width + x + c] = small[(r * iw + c) * channels + k];
                }
            }
        }
        out
    }
}

/// `round(a / b)`, halves up, in integers.
fn rounded_ratio(a: usize, b: usize) -> usize {
    (2 * a + b) / (2 * b)
}

fn read_size(v: &Value) -> Result<[usize; 2]> {
    let side = |v: &Value| -> Result<usize> {
        match v.as_u64() {
            Some(s) if (MIN_SIDE as u64..=MAX_SIDE as u64).contains(&s) => Ok(s as usize),
            _ => refuse!(PREPROCESS_SIZE, min = MIN_SIDE, max = MAX_SIDE, value = v),
        }
    };
    match v {
        Value::Array(a) if a.len() == 2 => Ok([side(&a[0])?, side(&a[1])?]),
        Value::Array(_) => refuse!(PREPROCESS_SIZE_LIST, value = v),
        _ => Ok([side(v)?; 2]),
    }
}

/// One of two named choices.
fn read_choice<T: Copy>(v: &Value, field: &str, choices: &[(&str, T); 2]) -> Result<T> {
    if let Some(&(_, choice)) = choices.iter().find(|(name, _)| v.as_str() == Some(name)) {
        return Ok(choice);
    }
    refuse!(PREPROCESS_CHOICE, field, first = choices[0].0, second = choices[1].0, value = v)
}

/// Refuses an image too large to decode in a tab, from its declared size (before decoding).
pub fn check_image_size(width: u64, height: u64) -> Result<()> {
    if width == 0 || height == 0 {
        refuse!(IMAGE_NO_PIXELS, width, height);
    }
    let pixels = width.saturating_mul(height);
    if pixels > MAX_IMAGE_PIXELS || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        refuse!(
            IMAGE_TOO_LARGE,
            width,
            height,
            megapixels = format!("{:.1}", pixels as f64 / 1e6),
            limit = MAX_IMAGE_PIXELS / 1_000_000,
            side = MAX_IMAGE_SIDE
        );
    }
    Ok(())
}

/// One row of RGBA pixels composited over white, as grey or RGB bytes.
fn convert_row(rgba: &[u8], color: Color, out: &mut [u8]) {
    match color {
        Color::Rgb => {
            for (px, o) in rgba.chunks_exact(4).zip(out.chunks_exact_mut(3)) {
                let a = px[3];
                o.iter_mut().zip(px).for_each(|(o, &c)| *o = over_white(c, a));
            }
        }
        Color::Gray => {
            for (px, o) in rgba.chunks_exact(4).zip(out.iter_mut()) {
                let a = px[3];
                *o = luma([over_white(px[0], a), over_white(px[1], a), over_white(px[2], a)]);
            }
        }
    }
}

/// Channel value `c` of alpha `a` composited over white: Pillow's `alpha_composite` onto an
/// opaque background, in its 7-bit fixed point (exact for `a = 0` and `a = 255`).
pub fn over_white(c: u8, a: u8) -> u8 {
    if a == 255 {
        return c;
    }
    let (c, a) = (u32::from(c), u32::from(a));
    let t = (c * a + 255 * (255 - a)) * 128 + (0x80 << 7);
    ((((t >> 8) + t) >> 8) >> 7) as u8
}

/// ITU-R 601-2 luma as Pillow's `convert("L")` computes it:
/// `(19595 R + 38470 G + 7471 B + 2^15) >> 16` (`R 299/1000 + G 587/1000 + B 114/1000`, rounded).
pub fn luma([r, g, b]: [u8; 3]) -> u8 {
    ((u32::from(r) * 19595 + u32::from(g) * 38470 + u32::from(b) * 7471 + 0x8000) >> 16) as u8
}
