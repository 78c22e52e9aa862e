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
use crate::error::Result;
pub use crate::kernels::pool::PoolGeometry;
use crate::kernels::pool::{max_pool, max_pool_backward};
use crate::refuse;
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
            refuse!(WINDOW_TOO_LARGE, rows = kh, cols = kw, height, width);
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
}

impl Layer for MaxPool {
    /// # Shapes
    /// `x` `[batch, c, h, w]`, `y` and the switches `[batch, c, oh, ow]`.
    fn forward(&mut self, x: &[f32], y: &mut [f32], _: &[f32]) {
        self.switches.resize(y.len(), 0);
        max_pool(x, &self.geometry, y, &mut self.switches);
    }

    /// Each output's gradient goes to the input that won its window.
    ///
    /// # Shapes
    /// `dy` `[batch, c, oh, ow]`, `dx` `[batch, c, h, w]`.
    fn backward(&mut self, _: &[f32], _: &[f32], dy: &[f32], dx: Option<&mut [f32]>, _: &[f32], _: &mut [f32]) {
        let Some(dx) = dx else { return };
        max_pool_backward(dy, &self.geometry, &self.switches, dx);
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
