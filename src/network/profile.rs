//! Where a training step spends its time: one step run layer by layer with a clock read
//! between layers, for the benchmark (`examples/bench.rs`, `www/bench.html`).
//!
//! The core has no clock of its own (wasm has none without JavaScript), so the caller passes
//! one: `std::time::Instant` natively, `performance.now()` in the browser.

use super::Network;
use crate::error::Result;
use crate::loss::Targets;
use serde::Serialize;

/// One layer's share of a profiled training step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerTimes {
    pub index: usize,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    #[serde(rename = "forwardMs")]
    pub forward_ms: f64,
    #[serde(rename = "backwardMs")]
    pub backward_ms: f64,
    /// Multiply-adds counted as 2 flops, for the whole batch: a convolution's forward is
    /// `2 · filters · (oh·ow) · (c·kh·kw)` per example, its backward the same for the weight
    /// gradient and again for the input gradient (not computed for the first layer).
    #[serde(rename = "forwardFlops")]
    pub forward_flops: f64,
    /// The multiply-add flops the forward pass actually did: fewer than `forward_flops` for a
    /// convolution by Winograd's method (its 64 products; the transforms are not counted).
    #[serde(rename = "forwardFlopsDone")]
    pub forward_flops_done: f64,
    #[serde(rename = "backwardFlops")]
    pub backward_flops: f64,
    /// The flops the backward pass actually did: fewer than `backward_flops` where a
    /// convolution skipped zero output gradients (`layers::conv2d`).
    #[serde(rename = "backwardFlopsDone")]
    pub backward_flops_done: f64,
}

impl LayerTimes {
    /// Each layer's mean forward and backward time over several profiled steps of the same
    /// network (at least one). A mean, not a median: a browser's clock ticks in 0.1 ms, coarser
    /// than a small layer, and the mean of many coarse readings still converges.
    pub fn mean_of(runs: &[Vec<LayerTimes>]) -> Vec<LayerTimes> {
        let mut layers = runs[0].clone();
        let n = runs.len() as f64;
        for (i, layer) in layers.iter_mut().enumerate() {
            layer.forward_ms = runs.iter().map(|r| r[i].forward_ms).sum::<f64>() / n;
            layer.backward_ms = runs.iter().map(|r| r[i].backward_ms).sum::<f64>() / n;
            layer.backward_flops_done = runs.iter().map(|r| r[i].backward_flops_done).sum::<f64>() / n;
        }
        layers
    }

    /// Each layer's fastest forward and backward over several profiled steps (at least one):
    /// on a machine whose other load comes and goes, what repeats.
    pub fn fastest_of(runs: &[Vec<LayerTimes>]) -> Vec<LayerTimes> {
        let mut layers = runs[0].clone();
        for (i, layer) in layers.iter_mut().enumerate() {
            layer.forward_ms = runs.iter().map(|r| r[i].forward_ms).fold(f64::INFINITY, f64::min);
            layer.backward_ms = runs.iter().map(|r| r[i].backward_ms).fold(f64::INFINITY, f64::min);
        }
        layers
    }
}

impl Network {
    /// One forward, loss and backward like [`Network::gradients`] (without the input
    /// gradient, as a training step), reading `clock()` (milliseconds) around every layer. A
    /// max-pool's and a ReLU's backward that run within the convolution before them
    /// ([`PooledChain`](super::PooledChain)) count as the convolution's, theirs as 0.
    /// Returns the loss and each layer's times; the gradients are left in [`Network::grads`].
    pub fn profile_gradients(
        &mut self,
        input: &[f32],
        targets: Targets<'_>,
        batch: usize,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<(f32, Vec<LayerTimes>)> {
        self.check_targets(targets, batch)?;
        self.load_input(input, batch)?;
        let mut times: Vec<LayerTimes> = (0..self.layers.len()).map(|i| self.layer_flops(i, batch)).collect();
        for (i, t) in times.iter_mut().enumerate() {
            let start = clock();
            self.forward_layer(i);
            t.forward_ms = clock() - start;
        }
        let loss = self.run_loss(targets, batch);
        self.grads.fill(0.0);
        let mut top = self.layers.len();
        while top > 0 {
            let start = clock();
            let low = self.backward_step(top - 1, false);
            // a convolution's chain (ReLU and max-pool behind it) counts as the convolution's
            times[low].backward_ms = clock() - start;
            if let Some(done) = self.layers[low].backward_flops_done() {
                times[low].backward_flops_done = done;
            }
            top = low;
        }
        Ok((loss, times))
    }

    /// The layer's flop counts for `batch` examples, times zero. The first layer computes no
    /// input gradient.
    fn layer_flops(&self, i: usize, batch: usize) -> LayerTimes {
        let flops = self.layers[i].flops();
        let forward_done = self.layers[i].forward_flops_done().unwrap_or(flops.forward);
        let (forward, backward) = (flops.forward, flops.params_grad + if i == 0 { 0.0 } else { flops.input_grad });
        let type_name = self.spec.layers()[i].type_name();
        LayerTimes {
            index: i,
            type_name,
            forward_ms: 0.0,
            backward_ms: 0.0,
            forward_flops: forward * batch as f64,
            forward_flops_done: forward_done * batch as f64,
            backward_flops: backward * batch as f64,
            backward_flops_done: backward * batch as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Network, NetworkSpec, Targets};

    #[test]
    fn profiled_step_gives_the_same_gradients_and_counts_conv_flops() {
        let spec = r#"{"input": [1, 6, 6], "layers": [{"type": "conv2d", "filters": 2, "kernel": 3},
            {"type": "relu"}, {"type": "flatten"}, {"type": "dense", "units": 3}], "loss": "softmax_cross_entropy"}"#;
        let spec = NetworkSpec::from_json_str(spec).unwrap();
        let input: Vec<f32> = (0..2 * 36).map(|i| (i as f32 * 0.37).sin()).collect();
        let labels = [1, 2];
        let mut plain = Network::new(spec.clone(), 5);
        let want = plain.gradients(&input, Targets::Classes(&labels), 2, false).unwrap();
        let mut profiled = Network::new(spec, 5);
        let mut tick = 0.0;
        let mut clock = || {
            tick += 1.0;
            tick
        };
        let (loss, times) = profiled.profile_gradients(&input, Targets::Classes(&labels), 2, &mut clock).unwrap();
        assert_eq!(loss, want);
        assert_eq!(profiled.grads(), plain.grads());
        assert_eq!(times.len(), 4);
        assert!(times.iter().all(|t| t.forward_ms == 1.0 && t.backward_ms == 1.0));
        // conv: 2 filters x 16 positions x 9 taps x 2 flops x batch 2; first layer: no dx
        assert_eq!((times[0].type_name, times[0].forward_flops, times[0].backward_flops), ("conv2d", 1152.0, 1152.0));
        // dense: 3 units x 32 inputs x 2 flops x batch 2, backward with dx
        assert_eq!((times[3].forward_flops, times[3].backward_flops), (384.0, 768.0));
        // the conv's dy (through relu, flatten, dense) is zero where relu was off; an example
        // with at most 35% of its 32 entries nonzero takes the sparse path: 2 x 9 flops each
        let done: f64 = profiled
            .layer_output(1)
            .unwrap()
            .chunks(32)
            .map(|example| example.iter().filter(|&&v| v > 0.0).count() as f64)
            .map(|live| if live > 0.35 * 32.0 { 576.0 } else { live * 18.0 })
            .sum();
        assert_eq!(times[0].backward_flops_done, done);
    }
}
