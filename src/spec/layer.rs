//! One layer of a spec, and the four places where a layer type's own code is chosen: its schema
//! row, its JSON, its shape and its built layer. Each arm calls into the type's file in
//! `layers/`; a new layer type adds one variant and one arm to each match (the compiler lists
//! them).

use super::Shape;
use crate::error::Result;
use crate::layers::{
    conv2d, dense, flatten, pool, Activation, ActivationLayer, AvgPool, Conv2dSpec, DenseSpec, Flatten, Layer,
    LayerShape, MaxPool, ParamRange, PoolSpec,
};
use crate::schema::LayerSchema;
use serde_json::{Map, Value};

/// One layer of a spec, with its fields checked; the fields, defaults and limits of every type
/// are in its schema row ([`LayerSpec::schema`], [`crate::schema::LAYER_TYPES`]).
#[derive(Debug, Clone, PartialEq)]
pub enum LayerSpec {
    Conv2d(Conv2dSpec),
    Dense(DenseSpec),
    MaxPool(PoolSpec),
    AvgPool(PoolSpec),
    Activation(Activation),
    Flatten,
}

impl LayerSpec {
    /// The layer type's row of the schema.
    pub fn schema(&self) -> &'static LayerSchema {
        match self {
            LayerSpec::Conv2d(_) => &conv2d::SCHEMA,
            LayerSpec::Dense(_) => &dense::SCHEMA,
            LayerSpec::MaxPool(_) => &pool::MAXPOOL,
            LayerSpec::AvgPool(_) => &pool::AVGPOOL,
            LayerSpec::Activation(a) => a.schema(),
            LayerSpec::Flatten => &flatten::SCHEMA,
        }
    }

    /// The layer's `type` as written in the spec.
    pub fn type_name(&self) -> &'static str {
        self.schema().type_name
    }

    /// The layer as its JSON spec, every field written out: a size as one number when both
    /// dimensions agree, padding as one number when all four sides do.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("type".into(), self.type_name().into());
        match self {
            LayerSpec::Conv2d(c) => c.write(&mut map),
            LayerSpec::Dense(d) => d.write(&mut map),
            LayerSpec::MaxPool(p) | LayerSpec::AvgPool(p) => p.write(&mut map),
            LayerSpec::Activation(a) => a.write(&mut map),
            LayerSpec::Flatten => {}
        }
        Value::Object(map)
    }

    /// The output shape for `input`, the parameter tensors and the scratch memory; or why this
    /// input cannot work. Allocates no tensor.
    pub fn shape(&self, input: Shape) -> Result<LayerShape> {
        match self {
            LayerSpec::Conv2d(c) => c.shape(input),
            LayerSpec::Dense(d) => d.shape(input),
            LayerSpec::MaxPool(p) | LayerSpec::AvgPool(p) => p.shape(input, self.type_name()),
            LayerSpec::Activation(_) => Ok(LayerShape::plain(input)),
            LayerSpec::Flatten => Ok(flatten::shape(input)),
        }
    }

    /// The built layer between `input` and `output` (as [`LayerSpec::shape`] worked them
    /// out), its parameter tensors at `params` (in the order `shape` declared them).
    pub fn build(&self, input: Shape, output: Shape, params: &[ParamRange]) -> Box<dyn Layer> {
        match self {
            LayerSpec::Conv2d(c) => Box::new(c.build(input, output, params)),
            LayerSpec::Dense(d) => Box::new(d.build(input, params)),
            LayerSpec::MaxPool(p) => Box::new(MaxPool::new(p.geometry(input, output))),
            LayerSpec::AvgPool(p) => Box::new(AvgPool { geometry: p.geometry(input, output) }),
            LayerSpec::Activation(kind) => Box::new(ActivationLayer { kind: *kind }),
            LayerSpec::Flatten => Box::new(Flatten),
        }
    }
}

/// `[5, 5]` as `5`, `[3, 5]` as `[3, 5]` (any length): how sizes and padding are written.
pub fn size_json(values: &[usize]) -> Value {
    if values.iter().all(|&v| v == values[0]) {
        values[0].into()
    } else {
        values.into()
    }
}

/// An f32 as the f64 with the same shortest decimal form: 0.1, not 0.10000000149011612.
pub fn short(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}
