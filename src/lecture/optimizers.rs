//! Concept 9, the optimizers' formulas, live: one parameter `w` on the loss
//! `f(w) = a/2 (w - c)²`, whose gradient `a (w - c)` is blurred by noise `σ ε` (ε uniform in
//! [-1, 1], seeded), or on a given gradient sequence. Each step records the gradient, the
//! optimizer's state and the update, all read from the very [`Optimizer`] that trains networks
//! ([`Optimizer::param_state`]: Adam's bias correction as its update computes it):
//!
//! - momentum: velocity `v = μ v + g`
//! - adagrad: sum of squares `s = s + g²`; its rate `lr / (√s + ε)` only ever shrinks
//! - rmsprop: moving average of squares `s = α s + (1 - α) g²`; the rate recovers
//! - adam: moments `m`, `v` and their bias-corrected `m̂ = m / (1 - β1^t)`, `v̂ = v / (1 - β2^t)`

use super::{check_finite, check_range};
use crate::error::codes;
use crate::error::Result;
use crate::optim::{Optimizer, OptimizerSpec};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceQuestion {
    pub optimizer: serde_json::Value,
    pub start: f32,
    pub steps: usize,
    /// `a` of `f(w) = a/2 (w - c)²`
    #[serde(default = "one")]
    pub curvature: f32,
    /// `c`, the minimum
    #[serde(default)]
    pub target: f32,
    /// `σ`, the size of the gradient noise
    #[serde(default)]
    pub noise: f32,
    #[serde(default)]
    pub seed: u32,
    /// a fixed gradient for each step instead of the loss above
    #[serde(default)]
    pub grads: Option<Vec<f32>>,
}

fn one() -> f32 {
    1.0
}

/// One update, every number of its formula.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub t: u64,
    /// the parameter before the step
    pub w: f32,
    pub grad: f32,
    /// velocity (momentum), squares (adagrad, rmsprop), first moment (adam)
    pub first: Option<f32>,
    /// adam's second moment
    pub second: Option<f32>,
    #[serde(rename = "firstHat")]
    pub first_hat: Option<f32>,
    #[serde(rename = "secondHat")]
    pub second_hat: Option<f32>,
    /// the step size this gradient got: `lr` (sgd, momentum), `lr / (√s + ε)`, or for adam
    /// `lr / (√v̂ + ε)`
    pub rate: f32,
    /// `w_after - w`
    pub update: f32,
    #[serde(rename = "wAfter")]
    pub w_after: f32,
    /// `f(w_after)` (0 when the gradients were given)
    pub loss: f32,
}

pub fn trace(q: &TraceQuestion) -> Result<Vec<Step>> {
    let spec = OptimizerSpec::from_json(&q.optimizer)?;
    check_finite(&[q.start, q.curvature, q.target, q.noise], codes::WHAT_PROBLEM)?;
    let steps = q.grads.as_ref().map_or(q.steps, Vec::len);
    check_range(steps, 1, 1000, codes::WHAT_STEPS)?;
    if let Some(grads) = &q.grads {
        check_finite(grads, codes::WHAT_GRADIENTS)?;
    }
    let mut optimizer = Optimizer::new(spec, 1);
    let mut rng = Rng::new(u64::from(q.seed), 13);
    let mut w = [q.start];
    let loss = |w: f32| if q.grads.is_some() { 0.0 } else { 0.5 * q.curvature * (w - q.target) * (w - q.target) };
    let mut out = Vec::with_capacity(steps);
    for t in 0..steps {
        let before = w[0];
        let grad = match &q.grads {
            Some(g) => g[t],
            None => q.curvature * (before - q.target) + q.noise * rng.uniform(-1.0, 1.0),
        };
        optimizer.update(&mut w, &[grad]);
        let state = optimizer.param_state(0);
        out.push(Step {
            t: optimizer.steps(),
            w: before,
            grad,
            first: state.first,
            second: state.second,
            first_hat: state.first_hat,
            second_hat: state.second_hat,
            rate: state.rate,
            update: w[0] - before,
            w_after: w[0],
            loss: loss(w[0]),
        });
    }
    Ok(out)
}

/// Why optimizers exist: how fast each gets close. The first step `t` whose `w` is within
/// `share` of the starting distance to the minimum, `|w_t - c| <= share |w_0 - c|`, or `None`
/// when no step of the trace gets there.
pub fn steps_to_reach(steps: &[Step], target: f32, share: f32) -> Option<u64> {
    let start = (steps.first()?.w - target).abs();
    steps.iter().find(|s| (s.w_after - target).abs() <= share * start).map(|s| s.t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn matches_the_pytorch_reference_cases_for_every_optimizer() {
        for name in ["sgd", "momentum", "adagrad", "rmsprop", "adam"] {
            let path = format!("{}/tests/fixtures/parity/opt_{name}.json", env!("CARGO_MANIFEST_DIR"));
            let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let start = case["param"]["data"].as_array().unwrap();
            let grads = case["grads"].as_array().unwrap();
            let expected = case["expected"].as_array().unwrap();
            for i in [0, 3] {
                let g: Vec<f32> = grads.iter().map(|g| g["data"][i].as_f64().unwrap() as f32).collect();
                let q = TraceQuestion {
                    optimizer: case["optimizer"].clone(),
                    start: start[i].as_f64().unwrap() as f32,
                    steps: 0,
                    curvature: 1.0,
                    target: 0.0,
                    noise: 0.0,
                    seed: 0,
                    grads: Some(g),
                };
                for (step, want) in trace(&q).unwrap().iter().zip(expected) {
                    let want = want["data"][i].as_f64().unwrap() as f32;
                    assert!(
                        (step.w_after - want).abs() <= 1e-4 + 1e-3 * want.abs(),
                        "{name} step {}: {} vs {want}",
                        step.t,
                        step.w_after
                    );
                }
            }
        }
    }

    #[test]
    fn adams_bias_correction_makes_its_first_step_lr_sized() {
        let q = TraceQuestion {
            optimizer: json!({"type": "adam", "lr": 0.1}),
            start: 5.0,
            steps: 3,
            curvature: 1.0,
            target: 0.0,
            noise: 0.0,
            seed: 0,
            grads: None,
        };
        let steps = trace(&q).unwrap();
        assert_eq!(steps[0].grad, 5.0);
        assert!((steps[0].first.unwrap() - 0.5).abs() < 1e-6, "m = (1 - β1) g");
        assert!((steps[0].first_hat.unwrap() - 5.0).abs() < 1e-5, "m̂ = g on the first step");
        assert!((steps[0].second_hat.unwrap() - 25.0).abs() < 1e-3);
        assert!((steps[0].update + 0.1).abs() < 1e-5, "the first step is lr");
        assert_eq!(steps[1].w, steps[0].w_after);
        // The shown rate and m̂ are the update's own numbers: update = -rate · m̂, to f32 rounding.
        for s in &steps {
            let shown = -s.rate * s.first_hat.unwrap();
            assert!((s.update - shown).abs() <= 4.0 * f32::EPSILON * s.w.abs().max(1.0), "{} vs {shown}", s.update);
        }
    }

    #[test]
    fn adagrads_rate_only_shrinks_rmsprops_recovers() {
        let grads = Some([vec![10.0; 20], vec![0.1; 600]].concat());
        let q = |opt: Value| TraceQuestion {
            optimizer: opt,
            start: 0.0,
            steps: 0,
            curvature: 1.0,
            target: 0.0,
            noise: 0.0,
            seed: 0,
            grads: grads.clone(),
        };
        let ada = trace(&q(json!({"type": "adagrad", "lr": 0.1}))).unwrap();
        let rms = trace(&q(json!({"type": "rmsprop", "lr": 0.1}))).unwrap();
        assert!(ada.windows(2).all(|p| p[1].rate <= p[0].rate));
        assert!(rms[619].rate > 3.0 * rms[19].rate, "{} vs {}", rms[619].rate, rms[19].rate);
        assert!(ada[619].rate < 1.01 * ada[19].rate);
        let momentum = trace(&q(json!({"type": "momentum", "lr": 0.1}))).unwrap();
        assert!((momentum[1].first.unwrap() - 19.0).abs() < 1e-5, "v = 0.9 · 10 + 10");
        assert!(trace(&q(json!({"type": "adam", "lr": -1}))).unwrap_err().message().contains("lr"));
    }

    #[test]
    fn on_the_views_default_run_momentum_gets_close_first_and_adagrad_never() {
        let q = |opt: Value| TraceQuestion {
            optimizer: opt,
            start: 4.0,
            steps: 60,
            curvature: 1.0,
            target: 0.0,
            noise: 1.0,
            seed: 1,
            grads: None,
        };
        let reached: Vec<Option<u64>> = ["sgd", "momentum", "adagrad", "rmsprop", "adam"]
            .iter()
            .map(|t| steps_to_reach(&trace(&q(json!({"type": t, "lr": 0.1}))).unwrap(), 0.0, 0.1))
            .collect();
        // within 10% of the start's distance (|w| <= 0.4) at step: sgd 20, momentum 5,
        // adagrad not in 60 steps (its rate decays), rmsprop 14, adam 47
        assert_eq!(reached, [Some(20), Some(5), None, Some(14), Some(47)]);
    }
}
