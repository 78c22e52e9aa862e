//! The one schema of the playground: every layer type with its fields, the losses, every
//! optimizer type with its fields, and the limits for a browser tab.
//!
//! The spec parser ([`crate::spec`]), the optimizer parser ([`crate::optim`]) and the link's
//! compact network form ([`crate::link::net`]) all read these tables, and [`describe`] hands
//! them to the page as JSON (`describeSchema()` in JavaScript), so the page's network builder,
//! the lab's optimizer editor and the link cannot disagree with the core about a field, a
//! default or a range.
//!
//! A layer type's row lives next to its layer (`layers/conv2d.rs` holds [`LayerSchema`]
//! `conv2d::SCHEMA`); [`LAYER_TYPES`] lists them in the order the page offers them.

mod describe;
mod fields;

pub use describe::{describe, limits, SCHEMA_VERSION};
pub(crate) use fields::whole_number;
pub use fields::Fields;

use crate::err;
use crate::error::{suggestion, Error, Param};
use crate::layers::{activation, conv2d, dense, flatten, pool};
use crate::optim::Rule;
use crate::spec::{LayerSpec, MAX_DIMENSION};
use crate::Result;

/// What a field holds, and how it is written in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number.
    Int,
    /// A whole number for both dimensions, or `[height, width]`.
    Size,
    /// A whole number for all four sides, or `[top, bottom, left, right]`.
    Padding,
    /// `true` or `false`.
    Bool,
    /// Any number in the field's range (kept as an f32).
    Number,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Size => "size",
            Kind::Padding => "padding",
            Kind::Bool => "bool",
            Kind::Number => "number",
        }
    }
}

/// A field's value when it is left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// The field must be given; `example` is a sensible value (what the page puts in a new
    /// layer or contender).
    Required {
        example: f64,
    },
    /// This number (for a size or padding: on every side).
    Number(f64),
    Bool(bool),
    /// The value of another field of the same layer: a pool's stride is its size.
    SameAs(&'static str),
}

/// The numbers a field accepts: `min` and `max` with whether each end itself is allowed.
/// `max` is infinite when there is no upper bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub min_exclusive: bool,
    pub max: f64,
    pub max_exclusive: bool,
}

impl Range {
    /// `min..=MAX_DIMENSION`, for the whole-number fields of layers.
    pub const fn dimension(min: f64) -> Range {
        Range { min, min_exclusive: false, max: MAX_DIMENSION as f64, max_exclusive: false }
    }
    /// `min..=max`
    pub const fn inclusive(min: f64, max: f64) -> Range {
        Range { min, min_exclusive: false, max, max_exclusive: false }
    }
    /// Greater than 0, no upper bound.
    pub const POSITIVE: Range = Range { min: 0.0, min_exclusive: true, max: f64::INFINITY, max_exclusive: false };
    /// 0 or more.
    pub const NON_NEGATIVE: Range = Range { min: 0.0, min_exclusive: false, max: f64::INFINITY, max_exclusive: false };
    /// From 0 up to, not including, 1: a decay rate.
    pub const UNIT: Range = Range { min: 0.0, min_exclusive: false, max: 1.0, max_exclusive: true };

    pub fn contains(&self, x: f64) -> bool {
        let above = if self.min_exclusive { x > self.min } else { x >= self.min };
        let below = if self.max_exclusive { x < self.max } else { x <= self.max };
        above && below
    }

    /// The range in words: "greater than 0", "from 0 up to (not including) 1", "0 or more".
    pub fn describe(&self) -> String {
        self.in_words().message().to_string()
    }

    /// The range in words as a coded message (a parameter of the messages that name it).
    pub fn in_words(&self) -> Error {
        let (min, max) = (self.min, self.max);
        match (self.min_exclusive, self.max.is_finite(), self.max_exclusive) {
            (true, false, _) => err!(RANGE_ABOVE, min),
            (false, false, _) => err!(RANGE_AT_LEAST, min),
            (false, true, true) => err!(RANGE_UP_TO, min, max),
            (true, true, true) => err!(RANGE_BETWEEN, min, max),
            (false, true, false) => err!(RANGE_FROM_TO, min, max),
            (true, true, false) => err!(RANGE_ABOVE_AT_MOST, min, max),
        }
    }
}

/// How a field is written in a link's compact network (`conv2d:8:k5:p2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compact {
    /// Right after the type, as a bare value: `conv2d:8`, `maxpool:2`, `leaky_relu:0.1`.
    Main,
    /// The value after a prefix: `k5`, `s2`, `p1x0x1x0`.
    Prefix(&'static str),
    /// A word written when the field is `false`: `nobias`.
    Flag(&'static str),
}

/// One field of a layer or an optimizer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub default: Default,
    /// For numeric kinds (each number of a size or padding); unused for `Bool`.
    pub range: Range,
    /// For layer fields: how the link's compact form writes it.
    pub compact: Option<Compact>,
    /// One line for a person: what the field does.
    pub doc: &'static str,
}

impl Field {
    /// The allowed values in words, with the example of a required field:
    /// "greater than 0, like 0.01".
    pub fn allowed(&self) -> Error {
        match self.default {
            Default::Required { example } => err!(RANGE_LIKE, range = Param::message(self.range.in_words()), example),
            _ => self.range.in_words(),
        }
    }
}

/// One layer type of the spec: its `type`, what it does, its fields, and how its spec is read.
#[derive(Debug, Clone, Copy)]
pub struct LayerSchema {
    pub type_name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
    /// Builds the layer's spec from its object, whose fields are already known to be only
    /// these; every value is read (and checked) through [`Fields`].
    pub read: fn(&Fields) -> Result<LayerSpec>,
}

impl LayerSchema {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// Every layer type, in the order the page offers them.
pub const LAYER_TYPES: &[&LayerSchema] = &[
    &conv2d::SCHEMA,
    &dense::SCHEMA,
    &pool::MAXPOOL,
    &pool::AVGPOOL,
    &activation::RELU,
    &activation::SIGMOID,
    &activation::TANH,
    &activation::LEAKY_RELU,
    &flatten::SCHEMA,
];

/// The layer type called `name`, or a message listing the types (with a "did you mean").
pub fn layer_type(name: &str) -> Result<&'static LayerSchema> {
    LAYER_TYPES.iter().copied().find(|t| t.type_name == name).ok_or_else(|| {
        let names = layer_type_names();
        err!(LAYER_TYPE_UNKNOWN, name, hint = suggestion(name, &names), names = names.join(", "))
    })
}

pub fn layer_type_names() -> Vec<&'static str> {
    LAYER_TYPES.iter().map(|t| t.type_name).collect()
}

/// One loss: its name in the spec and what it expects.
#[derive(Debug, Clone, Copy)]
pub struct LossSchema {
    pub name: &'static str,
    pub doc: &'static str,
}

pub const SOFTMAX_CROSS_ENTROPY: LossSchema = LossSchema {
    name: "softmax_cross_entropy",
    doc: "softmax of the outputs, then cross-entropy with one class index per example; mean over the batch",
};

pub const SIGMOID_BINARY_CROSS_ENTROPY: LossSchema = LossSchema {
    name: "sigmoid_binary_cross_entropy",
    doc: "sigmoid of each output, then binary cross-entropy with a target in [0, 1] per output; mean over all",
};

/// Every loss.
pub const LOSSES: &[&LossSchema] = &[&SOFTMAX_CROSS_ENTROPY, &SIGMOID_BINARY_CROSS_ENTROPY];

/// One optimizer type: its `type`, why it was invented, its update rule and its fields.
#[derive(Debug, Clone, Copy)]
pub struct OptimizerSchema {
    pub type_name: &'static str,
    pub doc: &'static str,
    /// The update rule, `g` being the gradient plus `weight_decay * w`.
    pub update: &'static str,
    /// `lr` first, `weight_decay` last.
    pub fields: &'static [Field],
    /// The rule with its hyperparameters besides `lr` and `weight_decay`, read through
    /// [`Fields`].
    pub read: fn(&Fields) -> Result<Rule>,
}

impl OptimizerSchema {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn number(name: &'static str, default: Default, range: Range, doc: &'static str) -> Field {
    Field { name, kind: Kind::Number, default, range, compact: None, doc }
}

/// The learning rate, required; `example` is a rate that trains the digits network well with
/// this optimizer (what the page puts in a new contender or a changed optimizer type).
const fn lr(example: f64) -> Field {
    number("lr", Default::Required { example }, Range::POSITIVE, "learning rate: the step size")
}
const WEIGHT_DECAY: Field = number(
    "weight_decay",
    Default::Number(0.0),
    Range::NON_NEGATIVE,
    "L2 penalty: weight_decay * w is added to the gradient, as PyTorch does",
);
const EPS_DOC: &str = "added to the root of the squares, against division by 0";

pub const SGD: OptimizerSchema = OptimizerSchema {
    type_name: "sgd",
    doc: "the plain step downhill",
    update: "w ← w − lr·g",
    fields: &[lr(0.01), WEIGHT_DECAY],
    read: |_| Ok(Rule::Sgd),
};

pub const MOMENTUM: OptimizerSchema = OptimizerSchema {
    type_name: "momentum",
    doc: "noisy mini-batch gradients cancel out, steady ones add up",
    update: "v ← μ·v + g;  w ← w − lr·v",
    fields: &[
        lr(0.01),
        number("momentum", Default::Number(0.9), Range::UNIT, "μ: how much of the last velocity each step keeps"),
        WEIGHT_DECAY,
    ],
    read: |f| Ok(Rule::Momentum { momentum: f.number("momentum")? }),
};

pub const ADAGRAD: OptimizerSchema = OptimizerSchema {
    type_name: "adagrad",
    doc: "each weight its own step: rarely updated weights keep large steps",
    update: "s ← s + g²;  w ← w − lr·g / (√s + ε)",
    fields: &[lr(0.01), number("eps", Default::Number(1e-10), Range::POSITIVE, EPS_DOC), WEIGHT_DECAY],
    read: |f| Ok(Rule::Adagrad { eps: f.number("eps")? }),
};

pub const RMSPROP: OptimizerSchema = OptimizerSchema {
    type_name: "rmsprop",
    doc: "Adagrad's steps decay to nothing: a moving average forgets old squares",
    update: "s ← α·s + (1 − α)·g²;  w ← w − lr·g / (√s + ε)",
    fields: &[
        lr(0.001),
        number("alpha", Default::Number(0.99), Range::UNIT, "α: how much of the old mean of squares each step keeps"),
        number("eps", Default::Number(1e-8), Range::POSITIVE, EPS_DOC),
        WEIGHT_DECAY,
    ],
    read: |f| Ok(Rule::RmsProp { alpha: f.number("alpha")?, eps: f.number("eps")? }),
};

pub const ADAM: OptimizerSchema = OptimizerSchema {
    type_name: "adam",
    doc: "momentum and RMSProp together, bias-corrected for the first steps",
    update: "m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  w ← w − lr·m̂ / (√v̂ + ε)",
    fields: &[
        lr(0.001),
        number("beta1", Default::Number(0.9), Range::UNIT, "β1: decay of the first moment (the mean gradient)"),
        number("beta2", Default::Number(0.999), Range::UNIT, "β2: decay of the second moment (the mean square)"),
        number("eps", Default::Number(1e-8), Range::POSITIVE, EPS_DOC),
        WEIGHT_DECAY,
    ],
    read: |f| Ok(Rule::Adam { beta1: f.number("beta1")?, beta2: f.number("beta2")?, eps: f.number("eps")? }),
};

/// The five optimizers, with PyTorch's update rules and defaults (`torch.optim`).
pub const OPTIMIZERS: &[&OptimizerSchema] = &[&SGD, &MOMENTUM, &ADAGRAD, &RMSPROP, &ADAM];

/// The optimizer type called `name`.
pub fn optimizer_type(name: &str) -> Option<&'static OptimizerSchema> {
    OPTIMIZERS.iter().copied().find(|o| o.type_name == name)
}

pub fn optimizer_type_names() -> Vec<&'static str> {
    OPTIMIZERS.iter().map(|o| o.type_name).collect()
}

#[cfg(test)]
mod tests;
