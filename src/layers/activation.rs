//! Element-wise activations: ReLU, sigmoid, tanh, leaky ReLU.
//!
//! Without them a stack of linear layers collapses into one linear layer. ReLU passes positive
//! values and blocks the rest, so a unit whose input is always negative gets no gradient and
//! stays dead: what a too large learning rate can do.
//!
//! # Shapes
//! input and output alike, any shape.

use super::Layer;
use crate::schema::{Compact, Default, Field, Kind, LayerSchema, Range};
use crate::spec::LayerSpec;
use serde_json::{Map, Value};

/// An element-wise activation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activation {
    Relu,
    Sigmoid,
    Tanh,
    /// `x` for `x > 0`, `slope * x` otherwise
    LeakyRelu {
        slope: f32,
    },
}

/// The `relu` row of the schema.
pub const RELU: LayerSchema = LayerSchema {
    type_name: "relu",
    doc: "max(0, x): passes positive values, blocks the rest",
    fields: &[],
    read: |_| Ok(LayerSpec::Activation(Activation::Relu)),
};

/// The `sigmoid` row of the schema.
pub const SIGMOID: LayerSchema = LayerSchema {
    type_name: "sigmoid",
    doc: "1 / (1 + e^-x): squashes every value into (0, 1)",
    fields: &[],
    read: |_| Ok(LayerSpec::Activation(Activation::Sigmoid)),
};

/// The `tanh` row of the schema.
pub const TANH: LayerSchema = LayerSchema {
    type_name: "tanh",
    doc: "tanh(x): squashes every value into (-1, 1)",
    fields: &[],
    read: |_| Ok(LayerSpec::Activation(Activation::Tanh)),
};

/// The `leaky_relu` row of the schema.
pub const LEAKY_RELU: LayerSchema = LayerSchema {
    type_name: "leaky_relu",
    doc: "x for x > 0, slope * x otherwise: a ReLU that lets a little through",
    fields: &[Field {
        name: "slope",
        kind: Kind::Number,
        default: Default::Number(0.01),
        range: Range::inclusive(-1e6, 1e6),
        compact: Some(Compact::Main),
        doc: "the slope for negative inputs",
    }],
    read: |f| Ok(LayerSpec::Activation(Activation::LeakyRelu { slope: f.number("slope")? })),
};

impl Activation {
    /// Every activation, `leaky_relu` with `slope`.
    pub fn all(slope: f32) -> [Activation; 4] {
        [Activation::Relu, Activation::Sigmoid, Activation::Tanh, Activation::LeakyRelu { slope }]
    }

    /// The activation's row of the schema.
    pub fn schema(&self) -> &'static LayerSchema {
        match self {
            Activation::Relu => &RELU,
            Activation::Sigmoid => &SIGMOID,
            Activation::Tanh => &TANH,
            Activation::LeakyRelu { .. } => &LEAKY_RELU,
        }
    }

    /// The name as written in a spec: `relu`, `sigmoid`, `tanh`, `leaky_relu`.
    pub fn name(&self) -> &'static str {
        self.schema().type_name
    }

    /// The activation called `name` (`leaky_relu` with `slope`).
    pub fn from_name(name: &str, slope: f32) -> Option<Activation> {
        Activation::all(slope).into_iter().find(|a| a.name() == name)
    }

    pub fn write(&self, map: &mut Map<String, Value>) {
        if let Activation::LeakyRelu { slope } = self {
            map.insert("slope".into(), crate::spec::short(*slope).into());
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ActivationLayer {
    pub kind: Activation,
}

/// The logistic function `1 / (1 + e^-x)`, stable for large `|x|`.
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl ActivationLayer {
    /// The activation of one value.
    pub fn apply(&self, x: f32) -> f32 {
        match self.kind {
            Activation::Relu => x.max(0.0),
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => x.tanh(),
            Activation::LeakyRelu { slope } => {
                if x > 0.0 {
                    x
                } else {
                    x * slope
                }
            }
        }
    }

    /// The activation of every value of `x` into `y` (same length).
    pub fn apply_all(&self, x: &[f32], y: &mut [f32]) {
        match self.kind {
            // NaN stays NaN, as in PyTorch, so a diverging run is seen as such.
            Activation::Relu => {
                y.iter_mut().zip(x).for_each(|(y, &x)| *y = if x > 0.0 || x.is_nan() { x } else { 0.0 })
            }
            _ => y.iter_mut().zip(x).for_each(|(y, &x)| *y = self.apply(x)),
        }
    }
}

impl Layer for ActivationLayer {
    /// # Shapes
    /// `x` and `y` alike, any shape.
    fn forward(&mut self, x: &[f32], y: &mut [f32], _: &[f32]) {
        self.apply_all(x, y);
    }

    /// `dx = dy * f'(x)`, with `f'` taken from the input or the output, whichever is cheaper.
    ///
    /// # Shapes
    /// `x`, `y`, `dy` and `dx` alike.
    fn backward(&mut self, x: &[f32], y: &[f32], dy: &[f32], dx: Option<&mut [f32]>, _: &[f32], _: &mut [f32]) {
        let Some(dx) = dx else { return };
        let lanes = dx.iter_mut().zip(dy).zip(x.iter().zip(y));
        match self.kind {
            Activation::Relu => lanes.for_each(|((dx, &dy), (_, &y))| *dx = if y > 0.0 { dy } else { 0.0 }),
            Activation::Sigmoid => lanes.for_each(|((dx, &dy), (_, &y))| *dx = dy * y * (1.0 - y)),
            Activation::Tanh => lanes.for_each(|((dx, &dy), (_, &y))| *dx = dy * (1.0 - y * y)),
            Activation::LeakyRelu { slope } => {
                lanes.for_each(|((dx, &dy), (&x, _))| *dx = if x > 0.0 { dy } else { dy * slope })
            }
        }
    }

    fn boxed_clone(&self) -> Box<dyn Layer> {
        Box::new(*self)
    }
}
