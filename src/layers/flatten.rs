//! Flatten: an image `[c, h, w]` becomes a vector of `c·h·w` values in C, H, W order, as
//! PyTorch's `nn.Flatten` does; the values themselves are copied unchanged.
//!
//! # Shapes
//! input `[batch, c, h, w]` (or already flat `[batch, n]`), output `[batch, c·h·w]`.

use crate::schema::LayerSchema;
use crate::spec::LayerSpec;

/// The `flatten` row of the schema.
pub const SCHEMA: LayerSchema = LayerSchema {
    type_name: "flatten",
    doc: "an image becomes a flat vector (C, H, W order), as a dense layer needs",
    fields: &[],
    read: |_| Ok(LayerSpec::Flatten),
};
