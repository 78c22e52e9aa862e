//! Max and average pooling: a window slides over each channel on its own and keeps its largest
//! value or its mean. Height and width shrink, depth stays, and there is nothing to train.
//!
//! Max pooling remembers which input won each window (its "switch"); backward sends the
//! gradient to that input only, and the page draws the winners.
//!
//! # Shapes
//! input `[batch, c, h, w]`, output `[batch, c, oh, ow]` with `oh = (h - ph) / sh + 1` (rounded
//! down), likewise `ow`.

use super::{image_input, Layer, LayerShape};
use crate::bail;
use crate::error::Result;
use crate::schema::{Compact, Default, Field, Fields, Kind, LayerSchema, Range};
use crate::spec::{size_json, LayerSpec, Shape};
use serde_json::{Map, Value};

/// Max or average pooling: a `size` window moved by `stride`, no padding, rounded down.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolSpec {
    /// `[h, w]`
    pub size: [usize; 2],
    /// `[sh, sw]`
    pub stride: [usize; 2],
}

/// The `maxpool` row of the schema.
pub const MAXPOOL: LayerSchema = LayerSchema {
    type_name: "maxpool",
    doc: "max pooling: each window of each channel keeps its largest value",
    fields: POOL_FIELDS,
    read: |f| Ok(LayerSpec::MaxPool(pool_spec(f)?)),
};

/// The `avgpool` row of the schema.
pub const AVGPOOL: LayerSchema = LayerSchema {
    type_name: "avgpool",
    doc: "average pooling: each window of each channel keeps its mean",
    fields: POOL_FIELDS,
    read: |f| Ok(LayerSpec::AvgPool(pool_spec(f)?)),
};

const POOL_FIELDS: &[Field] = &[
    Field {
        name: "size",
        kind: Kind::Size,
        default: Default::Required { example: 2.0 },
        range: Range::dimension(1.0),
        compact: Some(Compact::Main),
        doc: "window height and width",
    },
    Field {
        name: "stride",
        kind: Kind::Size,
        default: Default::SameAs("size"),
        range: Range::dimension(1.0),
        compact: Some(Compact::Prefix("s")),
        doc: "step between two windows (by default the size: windows side by side)",
    },
];

fn pool_spec(f: &Fields) -> Result<PoolSpec> {
    Ok(PoolSpec { size: f.size("size")?, stride: f.size("stride")? })
}

impl PoolSpec {
    /// The output `c x oh x ow` (depth unchanged, nothing to train); or why the window does
    /// not fit the input. `what` names the layer type in the message.
    pub fn shape(&self, input: Shape, what: &str) -> Result<LayerShape> {
        let (channels, height, width) = image_input(input, what)?;
        let [kh, kw] = self.size;
        if kh > height || kw > width {
            bail!("window {kh} x {kw} is larger than the input {height} x {width}");
        }
        let (oh, ow) = ((height - kh) / self.stride[0] + 1, (width - kw) / self.stride[1] + 1);
        Ok(LayerShape::plain(Shape::Image { channels, height: oh, width: ow }))
    }

    /// The windows of this pool between `input` and `output`.
    pub fn geometry(&self, input: Shape, output: Shape) -> PoolGeometry {
        let (Shape::Image { height, width, .. }, Shape::Image { height: out_height, width: out_width, .. }) =
            (input, output)
        else {
            unreachable!("shape() checked that the input is an image")
        };
        PoolGeometry { height, width, size: self.size, stride: self.stride, out_height, out_width }
    }

    pub fn write(&self, map: &mut Map<String, Value>) {
        map.insert("size".into(), size_json(&self.size));
        map.insert("stride".into(), size_json(&self.stride));
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PoolGeometry {
    pub height: usize,
    pub width: usize,
    pub size: [usize; 2],
    pub stride: [usize; 2],
    pub out_height: usize,
    pub out_width: usize,
}

impl PoolGeometry {
    /// Visits every output position of one channel plane with the input index of its window's
    /// top-left corner.
    #[inline(always)]
    fn windows(&self, mut f: impl FnMut(usize, usize)) {
        let (row_step, column_step) = (self.stride[0] * self.width, self.stride[1]);
        let (mut o, mut row) = (0, 0);
        for _ in 0..self.out_height {
            let mut corner = row;
            for _ in 0..self.out_width {
                f(o, corner);
                o += 1;
                corner += column_step;
            }
            row += row_step;
        }
    }

    fn planes(&self) -> (usize, usize) {
        (self.height * self.width, self.out_height * self.out_width)
    }
}

#[derive(Debug, Clone)]
pub struct MaxPool {
    pub geometry: PoolGeometry,
    /// For every output value of the last forward, the index in its input plane (`ih * w + iw`)
    /// of the value that won.
    switches: Vec<u32>,
}

impl MaxPool {
    pub fn new(geometry: PoolGeometry) -> Self {
        MaxPool { geometry, switches: Vec::new() }
    }

    /// Every window of every plane through `max(plane, corner, geometry)`.
    #[inline(always)]
    fn forward_with(&mut self, x: &[f32], y: &mut [f32], max: impl Fn(&[f32], usize, &PoolGeometry) -> (f32, usize)) {
        let g = self.geometry;
        let (in_plane, out_plane) = g.planes();
        let planes =
            x.chunks_exact(in_plane).zip(y.chunks_exact_mut(out_plane)).zip(self.switches.chunks_exact_mut(out_plane));
        for ((xp, yp), sp) in planes {
            let mut outputs = yp.iter_mut().zip(sp.iter_mut());
            g.windows(|_, corner| {
                let (best, best_at) = max(xp, corner, &g);
                if let Some((y, s)) = outputs.next() {
                    *y = best;
                    *s = best_at as u32;
                }
            });
        }
    }
}

impl Layer for MaxPool {
    /// # Shapes
    /// `x` `[batch, c, h, w]`, `y` and the switches `[batch, c, oh, ow]`.
    fn forward(&mut self, x: &[f32], y: &mut [f32], _: &[f32]) {
        self.switches.resize(y.len(), 0);
        // The lecture's windows, 2 x 2 and 3 x 3, unrolled; any other size in a loop.
        match self.geometry.size {
            [2, 2] => self.forward_with(x, y, window_max_of::<2, 2>),
            [3, 3] => self.forward_with(x, y, window_max_of::<3, 3>),
            _ => self.forward_with(x, y, window_max),
        }
    }

    /// Each output's gradient goes to the input that won its window.
    ///
    /// # Shapes
    /// `dy` `[batch, c, oh, ow]`, `dx` `[batch, c, h, w]`.
    fn backward(&mut self, _: &[f32], _: &[f32], dy: &[f32], dx: Option<&mut [f32]>, _: &[f32], _: &mut [f32]) {
        let Some(dx) = dx else { return };
        let (in_plane, out_plane) = self.geometry.planes();
        dx.fill(0.0);
        for ((dxp, dyp), sp) in
            dx.chunks_exact_mut(in_plane).zip(dy.chunks_exact(out_plane)).zip(self.switches.chunks_exact(out_plane))
        {
            for (&d, &s) in dyp.iter().zip(sp) {
                dxp[s as usize] += d;
            }
        }
    }

    /// The winners of the last forward, `[batch, c, oh, ow]`, each an index into its input
    /// plane (`ih * w + iw`).
    fn max_pool_switches(&self) -> Option<&[u32]> {
        Some(&self.switches)
    }

    fn boxed_clone(&self) -> Box<dyn Layer> {
        Box::new(self.clone())
    }
}

/// The largest value of the window at `corner` and its index in the plane: the first maximum
/// wins and a NaN wins at once, as in PyTorch.
fn window_max(xp: &[f32], corner: usize, g: &PoolGeometry) -> (f32, usize) {
    let (mut best, mut best_at) = (f32::NEG_INFINITY, corner);
    for i in 0..g.size[0] {
        let row = corner + i * g.width;
        for (j, &v) in xp[row..row + g.size[1]].iter().enumerate() {
            if v > best || v.is_nan() {
                best = v;
                best_at = row + j;
                if v.is_nan() {
                    return (best, best_at);
                }
            }
        }
    }
    (best, best_at)
}

/// [`window_max`] for a `PH x PW` window known at compile time: unrolled and branch-free (the
/// comparisons become selects), falling back to [`window_max`] only when a NaN is present.
#[inline(always)]
fn window_max_of<const PH: usize, const PW: usize>(xp: &[f32], corner: usize, g: &PoolGeometry) -> (f32, usize) {
    let window = &xp[corner..corner + (PH - 1) * g.width + PW];
    let (mut best, mut best_at, mut nan) = (window[0], 0, false);
    for i in 0..PH {
        for (j, &v) in window[i * g.width..i * g.width + PW].iter().enumerate() {
            let take = v > best;
            best = if take { v } else { best };
            best_at = if take { i * g.width + j } else { best_at };
            nan |= v.is_nan();
        }
    }
    if nan {
        window_max(xp, corner, g)
    } else {
        (best, corner + best_at)
    }
}

#[derive(Debug, Clone)]
pub struct AvgPool {
    pub geometry: PoolGeometry,
}

impl Layer for AvgPool {
    /// # Shapes
    /// `x` `[batch, c, h, w]`, `y` `[batch, c, oh, ow]`.
    fn forward(&mut self, x: &[f32], y: &mut [f32], _: &[f32]) {
        let g = self.geometry;
        let (in_plane, out_plane) = g.planes();
        let scale = 1.0 / (g.size[0] * g.size[1]) as f32;
        for (xp, yp) in x.chunks_exact(in_plane).zip(y.chunks_exact_mut(out_plane)) {
            g.windows(|o, corner| {
                let mut sum = 0.0;
                for i in 0..g.size[0] {
                    let row = corner + i * g.width;
                    sum += xp[row..row + g.size[1]].iter().sum::<f32>();
                }
                yp[o] = sum * scale;
            });
        }
    }

    /// Each output's gradient is shared equally by its window's inputs.
    ///
    /// # Shapes
    /// `dy` `[batch, c, oh, ow]`, `dx` `[batch, c, h, w]`.
    fn backward(&mut self, _: &[f32], _: &[f32], dy: &[f32], dx: Option<&mut [f32]>, _: &[f32], _: &mut [f32]) {
        let Some(dx) = dx else { return };
        let g = self.geometry;
        let (in_plane, out_plane) = g.planes();
        let scale = 1.0 / (g.size[0] * g.size[1]) as f32;
        dx.fill(0.0);
        for (dxp, dyp) in dx.chunks_exact_mut(in_plane).zip(dy.chunks_exact(out_plane)) {
            g.windows(|o, corner| {
                let share = dyp[o] * scale;
                for i in 0..g.size[0] {
                    let row = corner + i * g.width;
                    dxp[row..row + g.size[1]].iter_mut().for_each(|d| *d += share);
                }
            });
        }
    }

    fn boxed_clone(&self) -> Box<dyn Layer> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unrolled_windows_agree_with_the_loop_on_ties_infinities_and_nan() {
        let g = PoolGeometry { height: 6, width: 6, size: [3, 3], stride: [3, 3], out_height: 2, out_width: 2 };
        let mut plane: Vec<f32> = (0..36).map(|v| ((v * 7) % 5) as f32).collect();
        plane[0] = f32::NEG_INFINITY;
        plane[4] = f32::NAN;
        plane[10] = f32::NAN;
        for corner in [0, 1, 3, 18, 21] {
            let (want, want_at) = window_max(&plane, corner, &g);
            let (got, got_at) = window_max_of::<3, 3>(&plane, corner, &g);
            assert_eq!((got.to_bits(), got_at), (want.to_bits(), want_at), "corner {corner}");
            let (want, want_at) = window_max(&plane, corner, &PoolGeometry { size: [2, 2], ..g });
            let (got, got_at) = window_max_of::<2, 2>(&plane, corner, &g);
            assert_eq!((got.to_bits(), got_at), (want.to_bits(), want_at), "corner {corner}, 2 x 2");
        }
        // every value -inf: the first wins
        assert_eq!(window_max_of::<2, 2>(&[f32::NEG_INFINITY; 36], 7, &g).1, 7);
    }
}
