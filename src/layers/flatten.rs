//! Flatten: an image `[c, h, w]` becomes a vector of `c·h·w` values in C, H, W order, as
//! PyTorch's `nn.Flatten` does; the values themselves are copied unchanged.
//!
//! # Shapes
//! input `[batch, c, h, w]` (or already flat `[batch, n]`), output `[batch, c·h·w]`.

use super::{Layer, LayerShape};
use crate::schema::LayerSchema;
use crate::spec::{LayerSpec, Shape};

/// The `flatten` row of the schema.
pub const SCHEMA: LayerSchema = LayerSchema {
    type_name: "flatten",
    doc: "an image becomes a flat vector (C, H, W order), as a dense layer needs",
    fields: &[],
    read: |_| Ok(LayerSpec::Flatten),
};

/// The built layer: a copy, since NCHW already keeps C, H, W order in memory.
#[derive(Debug, Clone, Copy)]
pub struct Flatten;

impl Layer for Flatten {
    /// # Shapes
    /// `x` `[batch, c, h, w]`, `y` `[batch, c·h·w]`: the same values.
    fn forward(&mut self, x: &[f32], y: &mut [f32], _: &[f32]) {
        y.copy_from_slice(x);
    }

    /// # Shapes
    /// `dy` `[batch, c·h·w]`, `dx` `[batch, c, h, w]`: the same values.
    fn backward(&mut self, _: &[f32], _: &[f32], dy: &[f32], dx: Option<&mut [f32]>, _: &[f32], _: &mut [f32]) {
        if let Some(dx) = dx {
            dx.copy_from_slice(dy);
        }
    }

    fn boxed_clone(&self) -> Box<dyn Layer> {
        Box::new(*self)
    }
}

/// The output `c·h·w` (a flat input stays as it is); saturating, so that an input too large
/// for the limits is refused rather than overflowing a 32-bit `usize`.
pub fn shape(input: Shape) -> LayerShape {
    LayerShape::plain(Shape::Flat { features: usize::try_from(input.count()).unwrap_or(usize::MAX) })
}
