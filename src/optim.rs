//! The lecture's five optimizers, by PyTorch's update rules (`torch.optim`), for a fixed
//! learning rate. `g` is the gradient plus `weight_decay * w` (L2, as PyTorch adds it).
//!
//! | type | why it exists | update |
//! |---|---|---|
//! | `sgd` | the plain step downhill | `w -= lr g` |
//! | `momentum` | noisy mini-batch gradients cancel out, steady ones add up | `v = m v + g; w -= lr v` |
//! | `adagrad` | each weight its own step: rare features get larger steps | `s += g²; w -= lr g / (√s + eps)` |
//! | `rmsprop` | Adagrad's steps decay to nothing: forget old squares | `s = α s + (1-α) g²; w -= lr g / (√s + eps)` |
//! | `adam` | momentum and RMSProp together, bias-corrected for the first steps | see [`Rule::Adam`] |
//!
//! The optimizer owns its per-parameter state (velocity, accumulated squares, moments) as flat
//! buffers parallel to the network's flat parameter buffer: one loop per rule over slices.

use crate::bail;
use crate::error::{did_you_mean, Error, Result};
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

pub const OPTIMIZER_TYPES: &[&str] = &["sgd", "momentum", "adagrad", "rmsprop", "adam"];

impl OptimizerSpec {
    /// The `type` as written in the spec.
    pub fn type_name(&self) -> &'static str {
        match self.rule {
            Rule::Sgd => "sgd",
            Rule::Momentum { .. } => "momentum",
            Rule::Adagrad { .. } => "adagrad",
            Rule::RmsProp { .. } => "rmsprop",
            Rule::Adam { .. } => "adam",
        }
    }

    pub fn from_json_str(text: &str) -> Result<Self> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| Error::new(format!("the optimizer spec is not valid JSON: {e}")))?;
        Self::from_json(&value)
    }

    /// Reads `{"type": "adam", "lr": 0.001, ...}` with PyTorch's defaults for what is left out.
    pub fn from_json(value: &Value) -> Result<Self> {
        let Value::Object(map) = value else {
            bail!("the optimizer must be an object like {{\"type\": \"adam\", \"lr\": 0.001}}, not {value}");
        };
        let type_name = match map.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(other) => bail!("optimizer type must be a string, one of {}, not {other}", OPTIMIZER_TYPES.join(", ")),
            None => bail!("the optimizer has no type: add \"type\", one of {}", OPTIMIZER_TYPES.join(", ")),
        };
        let known: &[&str] = match type_name {
            "sgd" => &["type", "lr", "weight_decay"],
            "momentum" => &["type", "lr", "weight_decay", "momentum"],
            "adagrad" => &["type", "lr", "weight_decay", "eps"],
            "rmsprop" => &["type", "lr", "weight_decay", "alpha", "eps"],
            "adam" => &["type", "lr", "weight_decay", "beta1", "beta2", "eps"],
            other => bail!(
                "optimizer type \"{other}\" is unknown{}: use one of {}",
                did_you_mean(other, OPTIMIZER_TYPES),
                OPTIMIZER_TYPES.join(", ")
            ),
        };
        let place = format!("optimizer ({type_name})");
        if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
            bail!(
                "{place}: unknown field \"{key}\"{}; its fields are {}",
                did_you_mean(key, known),
                known[1..].join(", ")
            );
        }
        let number = |key: &str, default: Option<f64>, check: fn(f64) -> bool, allowed: &str| -> Result<f32> {
            let x = match (map.get(key), default) {
                (None, Some(d)) => return Ok(d as f32),
                (None, None) => bail!("{place}: \"{key}\" is missing: give a number {allowed}"),
                (Some(v), _) => v
                    .as_f64()
                    .ok_or_else(|| Error::new(format!("{place}: {key} must be a number {allowed}, not {v}")))?,
            };
            if !check(x) {
                bail!("{place}: {key} must be {allowed}, not {x}");
            }
            Ok(x as f32)
        };
        let positive = |x: f64| x.is_finite() && x > 0.0 && (x as f32) > 0.0;
        let unit = |x: f64| (0.0..1.0).contains(&x);
        let lr = number("lr", None, positive, "greater than 0, like 0.01")?;
        let weight_decay = number("weight_decay", Some(0.0), |x| x.is_finite() && x >= 0.0, "0 or more")?;
        let rule = match type_name {
            "sgd" => Rule::Sgd,
            "momentum" => {
                Rule::Momentum { momentum: number("momentum", Some(0.9), unit, "from 0 up to (not including) 1")? }
            }
            "adagrad" => Rule::Adagrad { eps: number("eps", Some(1e-10), positive, "greater than 0")? },
            "rmsprop" => Rule::RmsProp {
                alpha: number("alpha", Some(0.99), unit, "from 0 up to (not including) 1")?,
                eps: number("eps", Some(1e-8), positive, "greater than 0")?,
            },
            _ => Rule::Adam {
                beta1: number("beta1", Some(0.9), unit, "from 0 up to (not including) 1")?,
                beta2: number("beta2", Some(0.999), unit, "from 0 up to (not including) 1")?,
                eps: number("eps", Some(1e-8), positive, "greater than 0")?,
            },
        };
        Ok(OptimizerSpec { rule, lr, weight_decay })
    }

    /// The spec back as JSON, every field written out (defaults included).
    pub fn to_json(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert("type".into(), self.type_name().into());
        map.insert("lr".into(), f64::from(self.lr).into());
        let mut put = |k: &str, v: f32| {
            map.insert(k.into(), f64::from(v).into());
        };
        match self.rule {
            Rule::Sgd => {}
            Rule::Momentum { momentum } => put("momentum", momentum),
            Rule::Adagrad { eps } => put("eps", eps),
            Rule::RmsProp { alpha, eps } => {
                put("alpha", alpha);
                put("eps", eps);
            }
            Rule::Adam { beta1, beta2, eps } => {
                put("beta1", beta1);
                put("beta2", beta2);
                put("eps", eps);
            }
        }
        put("weight_decay", self.weight_decay);
        Value::Object(map)
    }
}

/// An optimizer with its per-parameter state, for a flat buffer of `len` parameters.
#[derive(Debug, Clone)]
pub struct Optimizer {
    spec: OptimizerSpec,
    steps: u64,
    /// velocity (momentum), sum or average of squares (adagrad, rmsprop), first moment (adam)
    first: Vec<f32>,
    /// second moment (adam)
    second: Vec<f32>,
}

impl Optimizer {
    pub fn new(spec: OptimizerSpec, len: usize) -> Self {
        let first = if matches!(spec.rule, Rule::Sgd) { Vec::new() } else { vec![0.0; len] };
        let second = if matches!(spec.rule, Rule::Adam { .. }) { vec![0.0; len] } else { Vec::new() };
        Optimizer { spec, steps: 0, first, second }
    }

    /// An optimizer in a saved state, for `len` parameters: `steps` updates taken, `first` and
    /// `second` as [`Self::first_state`] and [`Self::second_state`] gave them. Refuses state
    /// buffers whose length does not fit the rule and `len`.
    pub fn from_state(spec: OptimizerSpec, len: usize, steps: u64, first: Vec<f32>, second: Vec<f32>) -> Result<Self> {
        let fresh = Optimizer::new(spec, len);
        if first.len() != fresh.first.len() || second.len() != fresh.second.len() {
            bail!(
                "the {} state holds {} and {} values, but {len} parameters need {} and {}",
                spec.type_name(),
                first.len(),
                second.len(),
                fresh.first.len(),
                fresh.second.len()
            );
        }
        Ok(Optimizer { spec, steps, first, second })
    }

    pub fn spec(&self) -> &OptimizerSpec {
        &self.spec
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
                let t = self.steps as f64;
                let correction1 = 1.0 - f64::from(beta1).powf(t);
                let correction2 = 1.0 - f64::from(beta2).powf(t);
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
