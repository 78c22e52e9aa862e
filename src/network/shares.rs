//! Data-parallel training's unit of work: a mini-batch cut into shares of [`SHARE`] examples
//! (the last one smaller), the same cut whatever the number of workers.
//!
//! Each share's gradient is computed on its own, by any worker ([`Network::share_gradients`]:
//! the gradient of `Σ_{b in share} loss_b / batch`), and the shares are summed in their order,
//! `g = ((g_0 + g_1) + g_2) + ...` ([`ShareSum`]), before one optimizer step. Float addition is
//! not associative, so the fixed cut and the fixed order are what make a run give the same bits
//! on one worker, on two or on sixteen: who computed a share changes nothing in its bits.
//!
//! # Shapes
//! - a batch of `batch` examples has `ceil(batch / SHARE)` shares; share `s` holds examples
//!   `s·SHARE .. min((s + 1)·SHARE, batch)` ([`share_range`])
//! - a share's gradient has the network's parameter count, like [`Network::grads`]

use super::Network;
use crate::bail;
use crate::error::Result;
use crate::loss::Targets;
use std::ops::Range;

/// Examples per share. Eight keeps each worker's matrix products as fast as over the whole
/// batch (the per-share overhead is gone by 8: `examples/bench.rs --share`) and lets four
/// workers split the usual batch of 32.
pub const SHARE: usize = 8;

/// How many shares a batch of `batch` examples is cut into.
pub fn share_count(batch: usize) -> usize {
    batch.div_ceil(SHARE)
}

/// The examples of share `s` of a batch of `batch`.
pub fn share_range(batch: usize, s: usize) -> Range<usize> {
    (s * SHARE).min(batch)..((s + 1) * SHARE).min(batch)
}

impl Network {
    /// The gradient of one share of a mini-batch of `batch` examples into [`Network::grads`]
    /// (overwritten): `input` holds the share's `n` examples (`[n, ..input]`) and `targets`
    /// theirs, and each example's loss counts `1 / batch` (the mini-batch's mean), not `1 / n`.
    /// Returns the share's part of the mean loss, `Σ_share loss_b / batch`.
    pub fn share_gradients(&mut self, input: &[f32], targets: Targets<'_>, n: usize, batch: usize) -> Result<f32> {
        if n == 0 || n > batch {
            bail!("a share of {n} examples does not fit a mini-batch of {batch}: give 1 to {batch}");
        }
        self.check_targets(targets, n)?;
        self.run_forward(input, n)?;
        let loss = self.run_loss(targets, batch);
        self.run_backward(false);
        Ok(loss)
    }
}

/// The gradients of a mini-batch's shares, received in any order and summed in share order:
/// a share that comes early waits (a copy) until the shares before it are in.
#[derive(Debug, Clone, Default)]
pub struct ShareSum {
    shares: usize,
    /// Shares summed so far: `0..next`.
    next: usize,
    total: Vec<f32>,
    loss: f32,
    /// Shares that came before their turn: `(s, loss, gradient)`.
    waiting: Vec<(usize, f32, Vec<f32>)>,
    /// Buffers of shares already summed, for the next ones that come early.
    spare: Vec<Vec<f32>>,
}

impl ShareSum {
    /// Empties the sum for `shares` shares of `params` values each.
    pub fn start(&mut self, shares: usize, params: usize) {
        self.shares = shares;
        self.next = 0;
        self.total.clear();
        self.total.resize(params, 0.0);
        self.loss = 0.0;
        self.spare.extend(self.waiting.drain(..).map(|(_, _, g)| g));
    }

    /// Shares of the mini-batch.
    pub fn shares(&self) -> usize {
        self.shares
    }

    /// Whether every share is in.
    pub fn is_complete(&self) -> bool {
        self.next == self.shares
    }

    /// Whether share `s` is in (summed, or waiting for its turn).
    pub fn has(&self, s: usize) -> bool {
        s < self.next || self.waiting.iter().any(|w| w.0 == s)
    }

    /// Share `s`'s gradient and its part of the loss; refuses a share that does not exist,
    /// one that came already, or a gradient of the wrong length.
    pub fn put(&mut self, s: usize, grads: &[f32], loss: f32) -> Result<()> {
        if s >= self.shares {
            bail!("share {s} does not exist: this mini-batch has shares 0 to {}", self.shares.saturating_sub(1));
        }
        if self.has(s) {
            bail!("share {s} came twice: each share of a mini-batch is computed once");
        }
        if grads.len() != self.total.len() {
            bail!(
                "share {s}'s gradient has {} values, but the network has {} parameters",
                grads.len(),
                self.total.len()
            );
        }
        if s > self.next {
            let mut copy = self.spare.pop().unwrap_or_default();
            copy.clear();
            copy.extend_from_slice(grads);
            self.waiting.push((s, loss, copy));
            return Ok(());
        }
        self.add(grads, loss);
        while let Some(i) = self.waiting.iter().position(|w| w.0 == self.next) {
            let (_, loss, grads) = self.waiting.swap_remove(i);
            self.add(&grads, loss);
            self.spare.push(grads);
        }
        Ok(())
    }

    /// Share `next` into the sum: `total = g_0`, then `total += g_s`.
    fn add(&mut self, grads: &[f32], loss: f32) {
        if self.next == 0 {
            self.total.copy_from_slice(grads);
            self.loss = loss;
        } else {
            self.total.iter_mut().zip(grads).for_each(|(t, g)| *t += g);
            self.loss += loss;
        }
        self.next += 1;
    }

    /// The summed gradient and loss, once every share is in.
    pub fn total(&self) -> Result<(&[f32], f32)> {
        if !self.is_complete() {
            let missing = (self.next..self.shares).find(|&s| !self.has(s)).unwrap_or(self.next);
            bail!("share {missing} of {} has not been computed yet", self.shares);
        }
        Ok((&self.total, self.loss))
    }
}
