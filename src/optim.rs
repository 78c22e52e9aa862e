//! The lecture's five optimizers, by PyTorch's update rules (`torch.optim`), for a fixed
//! learning rate. `g` is the gradient plus `weight_decay * w` (L2, as PyTorch adds it).
//! Each rule's fields, defaults, ranges, update formula and the reason it was invented are its
//! row of the schema ([`crate::schema::OPTIMIZERS`], [`Rule::schema`]).
//!
//! The optimizer owns its per-parameter state (velocity, accumulated squares, moments) as flat
//! buffers parallel to the network's flat parameter buffer: one loop per rule over slices.
//! All of it can be read ([`Optimizer::first_state`], [`Optimizer::second_state`],
//! [`Optimizer::steps`]) and set ([`Optimizer::from_state`]).

use crate::bail;
use crate::error::{suggestion, Result};
use crate::schema::{self, Fields, OptimizerSchema};
use crate::{err, refuse};
use serde_json::Value;

/// An update rule with its hyperparameters (besides the learning rate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    Sgd,
    Momentum {
        momentum: f32,
    },
    Adagrad {
        eps: f32,
    },
    RmsProp {
        alpha: f32,
        eps: f32,
    },
    /// `m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²;`
    /// `w -= lr/(1-β1^t) · m / (√v / √(1-β2^t) + eps)`
    Adam {
        beta1: f32,
        beta2: f32,
        eps: f32,
    },
}

/// A checked optimizer spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptimizerSpec {
    pub rule: Rule,
    pub lr: f32,
    pub weight_decay: f32,
}

impl Rule {
    /// The rule's row of the schema: its name, fields, defaults and ranges.
    pub fn schema(&self) -> &'static OptimizerSchema {
        match self {
            Rule::Sgd => &schema::SGD,
            Rule::Momentum { .. } => &schema::MOMENTUM,
            Rule::Adagrad { .. } => &schema::ADAGRAD,
            Rule::RmsProp { .. } => &schema::RMSPROP,
            Rule::Adam { .. } => &schema::ADAM,
        }
    }

    /// The hyperparameters besides `lr` and `weight_decay`, by their names in the schema.
    pub fn hyperparameters(&self) -> Vec<(&'static str, f32)> {
        match *self {
            Rule::Sgd => vec![],
            Rule::Momentum { momentum } => vec![("momentum", momentum)],
            Rule::Adagrad { eps } => vec![("eps", eps)],
            Rule::RmsProp { alpha, eps } => vec![("alpha", alpha), ("eps", eps)],
            Rule::Adam { beta1, beta2, eps } => vec![("beta1", beta1), ("beta2", beta2), ("eps", eps)],
        }
    }
}

impl OptimizerSpec {
    /// The `type` as written in the spec.
    pub fn type_name(&self) -> &'static str {
        self.rule.schema().type_name
    }

    pub fn from_json_str(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text).map_err(|reason| err!(OPTIMIZER_NOT_JSON, reason))?;
        Self::from_json(&value)
    }

    /// Reads `{"type": "adam", "lr": 0.001, ...}` with PyTorch's defaults for what is left out;
    /// fields, defaults and ranges are the schema's ([`crate::schema::OPTIMIZERS`]).
    pub fn from_json(value: &Value) -> Result<Self> {
        let Value::Object(map) = value else {
            refuse!(OPTIMIZER_NOT_OBJECT, value);
        };
        let names = schema::optimizer_type_names().join(", ");
        let type_name = match map.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(value) => refuse!(OPTIMIZER_TYPE_NOT_STRING, names, value),
            None => refuse!(OPTIMIZER_NO_TYPE, names),
        };
        let Some(row) = schema::optimizer_type(type_name) else {
            refuse!(
                OPTIMIZER_UNKNOWN,
                name = type_name,
                hint = suggestion(type_name, &schema::optimizer_type_names()),
                names
            );
        };
        let fields = Fields::new(map, err!(PLACE_OPTIMIZER, kind = type_name), row.fields)?;
        Ok(OptimizerSpec {
            rule: (row.read)(&fields)?,
            lr: fields.number("lr")?,
            weight_decay: fields.number("weight_decay")?,
        })
    }

    /// The spec back as JSON, every field written out (defaults included).
    pub fn to_json(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert("type".into(), self.type_name().into());
        map.insert("lr".into(), f64::from(self.lr).into());
        for (name, value) in self.rule.hyperparameters() {
            map.insert(name.into(), f64::from(value).into());
        }
        map.insert("weight_decay".into(), f64::from(self.weight_decay).into());
        Value::Object(map)
    }
}

/// An optimizer with its per-parameter state, for a flat buffer of `len` parameters.
#[derive(Debug, Clone)]
pub struct Optimizer {
    spec: OptimizerSpec,
    len: usize,
    steps: u64,
    /// velocity (momentum), sum or average of squares (adagrad, rmsprop), first moment (adam)
    first: Vec<f32>,
    /// second moment (adam)
    second: Vec<f32>,
}

impl Optimizer {
    pub fn new(spec: OptimizerSpec, len: usize) -> Self {
        let (first, second) = state_sizes(&spec.rule, len);
        Optimizer { spec, len, steps: 0, first: vec![0.0; first], second: vec![0.0; second] }
    }

    /// An optimizer for `len` parameters that has taken `steps` updates and holds this state
    /// (as [`Optimizer::first_state`] and [`Optimizer::second_state`] read it): the way back
    /// from a saved run. Refuses state of the wrong size for the rule.
    pub fn from_state(spec: OptimizerSpec, len: usize, steps: u64, first: Vec<f32>, second: Vec<f32>) -> Result<Self> {
        let want = state_sizes(&spec.rule, len);
        if (first.len(), second.len()) != want {
            bail!(
                "{} for {len} parameters keeps moments of {} and {} values, not {} and {}",
                spec.type_name(),
                want.0,
                want.1,
                first.len(),
                second.len()
            );
        }
        Ok(Optimizer { spec, len, steps, first, second })
    }

    pub fn spec(&self) -> &OptimizerSpec {
        &self.spec
    }

    /// Parameters it updates.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Updates taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The state the lecture shows: velocity or accumulated squares or first moment.
    pub fn first_state(&self) -> &[f32] {
        &self.first
    }

    /// Adam's second moment (empty for the other rules).
    pub fn second_state(&self) -> &[f32] {
        &self.second
    }

    /// One update of `params` from `grads` (same length as at construction).
    pub fn update(&mut self, params: &mut [f32], grads: &[f32]) {
        debug_assert_eq!(params.len(), grads.len());
        self.steps += 1;
        let OptimizerSpec { rule, lr, weight_decay: wd } = self.spec;
        let grad = |w: f32, g: f32| if wd != 0.0 { g + wd * w } else { g };
        match rule {
            Rule::Sgd => params.iter_mut().zip(grads).for_each(|(w, &g)| *w -= lr * grad(*w, g)),
            Rule::Momentum { momentum } => {
                for ((w, &g), v) in params.iter_mut().zip(grads).zip(&mut self.first) {
                    *v = momentum * *v + grad(*w, g);
                    *w -= lr * *v;
                }
            }
            Rule::Adagrad { eps } => {
                for ((w, &g), s) in params.iter_mut().zip(grads).zip(&mut self.first) {
                    let g = grad(*w, g);
                    *s += g * g;
                    *w -= lr * g / (s.sqrt() + eps);
                }
            }
            Rule::RmsProp { alpha, eps } => {
                for ((w, &g), s) in params.iter_mut().zip(grads).zip(&mut self.first) {
                    let g = grad(*w, g);
                    *s = alpha * *s + (1.0 - alpha) * g * g;
                    *w -= lr * g / (s.sqrt() + eps);
                }
            }
            Rule::Adam { beta1, beta2, eps } => {
                let (correction1, correction2) = adam_corrections(beta1, beta2, self.steps);
                let step_size = (f64::from(lr) / correction1) as f32;
                let root_correction2 = correction2.sqrt() as f32;
                for (((w, &g), m), v) in params.iter_mut().zip(grads).zip(&mut self.first).zip(&mut self.second) {
                    let g = grad(*w, g);
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    *w -= step_size * *m / (v.sqrt() / root_correction2 + eps);
                }
            }
        }
    }
}

/// Adam's bias corrections after `steps` updates, `(1 - β1^t, 1 - β2^t)`, in f64 as PyTorch
/// computes them: `m̂ = m / (1 - β1^t)`, `v̂ = v / (1 - β2^t)`.
pub fn adam_corrections(beta1: f32, beta2: f32, steps: u64) -> (f64, f64) {
    let t = steps as f64;
    (1.0 - f64::from(beta1).powf(t), 1.0 - f64::from(beta2).powf(t))
}

/// One parameter's state after the last update, in the terms of its rule's formula (the
/// lecture shows these numbers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamState {
    /// velocity (momentum), sum or mean of squares (adagrad, rmsprop), first moment (adam)
    pub first: Option<f32>,
    /// Adam's second moment
    pub second: Option<f32>,
    /// Adam's bias-corrected moments `m̂` and `v̂`
    pub first_hat: Option<f32>,
    pub second_hat: Option<f32>,
    /// The step size the gradient got: `lr` (sgd, momentum), `lr / (√s + ε)` (adagrad,
    /// rmsprop), `lr / (√v̂ + ε)` (adam, whose update is then `rate · m̂`).
    pub rate: f32,
}

impl Optimizer {
    /// Parameter `index`'s [`ParamState`] after the last update, computed as [`Optimizer::update`]
    /// computes it (Adam's corrections by [`adam_corrections`]).
    pub fn param_state(&self, index: usize) -> ParamState {
        let OptimizerSpec { rule, lr, .. } = self.spec;
        let (first, second) = (self.first.get(index).copied(), self.second.get(index).copied());
        let mut state = ParamState { first, second, first_hat: None, second_hat: None, rate: lr };
        match rule {
            Rule::Sgd | Rule::Momentum { .. } => {}
            Rule::Adagrad { eps } | Rule::RmsProp { eps, .. } => state.rate = lr / (first.unwrap_or(0.0).sqrt() + eps),
            Rule::Adam { beta1, beta2, eps } => {
                let (correction1, correction2) = adam_corrections(beta1, beta2, self.steps);
                let (m, v) = (first.unwrap_or(0.0), second.unwrap_or(0.0));
                state.first_hat = Some((f64::from(m) / correction1) as f32);
                state.second_hat = Some((f64::from(v) / correction2) as f32);
                state.rate = lr / (v.sqrt() / correction2.sqrt() as f32 + eps);
            }
        }
        state
    }
}

/// How many values the rule keeps per state buffer for `len` parameters: velocity or squares or
/// first moment, and Adam's second moment.
fn state_sizes(rule: &Rule, len: usize) -> (usize, usize) {
    match rule {
        Rule::Sgd => (0, 0),
        Rule::Momentum { .. } | Rule::Adagrad { .. } | Rule::RmsProp { .. } => (len, 0),
        Rule::Adam { .. } => (len, len),
    }
}
