//! When a run stops: a loss or a weight that is no longer a finite number, or a loss so large
//! that the weights have blown up.

use crate::Network;
use serde::Serialize;

/// A mean cross-entropy above this is divergence even while still finite: it means the right
/// class got a probability below e^-100 on average, beneath what an f32 can hold (~e^-87);
/// no learning network gets there (chance is ln 10 = 2.3), a run whose weights blew up does.
pub const LOSS_LIMIT: f32 = 100.0;

/// Why a run stopped: a loss or a weight that is no longer a finite number, or a loss above
/// [`LOSS_LIMIT`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    /// The 1-based optimizer step whose loss or update went bad.
    pub step: u64,
    pub message: String,
}

/// The divergence, if any, of optimizer step `step`, whose loss (before its update) was `loss`
/// and after which the network holds its new weights.
pub fn check(loss: f32, network: &Network, step: u64) -> Option<Divergence> {
    let message = if !loss.is_finite() {
        format!("the loss became {loss} at step {step}")
    } else if loss > LOSS_LIMIT {
        format!("the loss exploded to {loss:.3e} at step {step} (above {LOSS_LIMIT}: the weights blew up)")
    } else if let Some(name) = non_finite_param(network) {
        format!("weight {name} became NaN or infinite at step {step}")
    } else {
        return None;
    };
    Some(Divergence { step, message })
}

/// The name of the first parameter tensor holding a NaN or an infinity, if any.
pub fn non_finite_param(network: &Network) -> Option<String> {
    let params = network.params();
    network.param_slots().iter().find(|s| s.range.of(params).iter().any(|v| !v.is_finite())).map(|s| s.name.clone())
}
