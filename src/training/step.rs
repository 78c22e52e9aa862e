//! One optimizer step of a [`TrainingRun`], share by share, so that other workers can compute
//! some of the shares (see [`crate::network::ShareSum`] for why the result does not depend on
//! who computed what):
//!
//! ```text
//! begin_step(data)                 the next mini-batch, gathered and scaled; its share count
//!   share_input(s)                 share s's images and labels, for another worker
//!   compute_share(s)               share s's gradient computed here ...
//!   put_share(s, grads, loss)      ... or by another worker (Network::share_gradients)
//! finish_step()                    the shares summed in order, one optimizer step, the
//!                                  divergence check; the data moves on
//! ```
//!
//! Until `finish_step` the run itself is unchanged (its cursor, weights, optimizer and state):
//! an unfinished step is dropped by the next `begin_step`, and evaluating or inspecting in
//! between sees the weights before the step.

use super::{check_divergence, check_fits, BatchCursor, TrainingRun};
use crate::bail;
use crate::data::Dataset;
use crate::error::Result;
use crate::loss::Targets;
use crate::network::{share_count, share_range, ShareSum};

/// The step under way: its mini-batch (scaled), where the data will be after it, and the
/// shares' gradients as they come in.
#[derive(Debug, Clone)]
pub(super) struct PendingStep {
    /// Between `begin_step` and `finish_step`.
    active: bool,
    /// Where the data is after this batch.
    cursor: BatchCursor,
    images: Vec<f32>,
    labels: Vec<u32>,
    sum: ShareSum,
}

impl Default for PendingStep {
    fn default() -> Self {
        PendingStep {
            active: false,
            cursor: BatchCursor::new(0),
            images: Vec::new(),
            labels: Vec::new(),
            sum: ShareSum::default(),
        }
    }
}

impl TrainingRun {
    /// Gathers and scales the next mini-batch of `data` for one step and returns its number of
    /// shares. Refuses once the run has diverged, or for data the network cannot read.
    pub fn begin_step(&mut self, data: &Dataset) -> Result<usize> {
        if let Some(d) = &self.divergence {
            bail!("the run diverged at step {}: start it again to train more", d.step);
        }
        check_fits(self.network(), data)?;
        if data.is_empty() {
            bail!("there are no examples to train on");
        }
        self.scaling = data.scaling();
        let step = &mut self.step;
        step.cursor.clone_from(&self.cursor);
        data.gather(step.cursor.next_batch(data.len(), self.batch), &mut step.images, &mut step.labels);
        if let Some(scaling) = self.scaling {
            scaling.apply(&mut step.images);
        }
        let shares = share_count(step.labels.len());
        step.sum.start(shares, self.trainer.network().params().len());
        step.active = true;
        Ok(shares)
    }

    /// The step's mini-batch: its scaled images (`[n, ..input]`) and labels.
    pub fn step_batch(&self) -> Result<(&[f32], &[u32])> {
        self.pending()?;
        Ok((&self.step.images, &self.step.labels))
    }

    /// Share `s` of the step's mini-batch: its scaled images and labels.
    pub fn share_input(&self, s: usize) -> Result<(&[f32], &[u32])> {
        let range = self.share(s)?;
        let per = self.network().spec().input().size();
        Ok((&self.step.images[range.start * per..range.end * per], &self.step.labels[range]))
    }

    /// Computes share `s`'s gradient here and adds it to the step.
    pub fn compute_share(&mut self, s: usize) -> Result<()> {
        let range = self.share(s)?;
        let (per, batch) = (self.network().spec().input().size(), self.step.labels.len());
        let step = &mut self.step;
        let network = self.trainer.network_mut();
        let images = &step.images[range.start * per..range.end * per];
        let loss =
            network.share_gradients(images, Targets::Classes(&step.labels[range.clone()]), range.len(), batch)?;
        step.sum.put(s, network.grads(), loss)
    }

    /// Adds share `s`'s gradient computed elsewhere (`Network::share_gradients` on
    /// [`TrainingRun::share_input`] with this run's weights) and its part of the loss.
    pub fn put_share(&mut self, s: usize, grads: &[f32], loss: f32) -> Result<()> {
        self.share(s)?;
        self.step.sum.put(s, grads, loss)
    }

    /// Whether share `s` of the step is in.
    pub fn has_share(&self, s: usize) -> bool {
        self.step.active && self.step.sum.has(s)
    }

    /// Sums the shares in order, takes the optimizer step and moves the data on; returns the
    /// step's loss (before the update). A NaN or infinite loss or weight, or a loss past
    /// [`super::LOSS_LIMIT`], latches [`TrainingRun::divergence`].
    pub fn finish_step(&mut self) -> Result<f32> {
        self.pending()?;
        let (grads, loss) = self.step.sum.total()?;
        self.trainer.network_mut().grads_mut().copy_from_slice(grads);
        self.trainer.apply_update();
        std::mem::swap(&mut self.cursor, &mut self.step.cursor);
        self.step.active = false;
        if let Some(d) = check_divergence(loss, self.network(), self.steps()) {
            self.divergence = Some(d);
        }
        Ok(loss)
    }

    fn pending(&self) -> Result<()> {
        if !self.step.active {
            bail!("no step is under way: begin one with begin_step");
        }
        Ok(())
    }

    /// The examples of share `s` of the step under way.
    fn share(&self, s: usize) -> Result<std::ops::Range<usize>> {
        self.pending()?;
        let shares = self.step.sum.shares();
        if s >= shares {
            bail!("share {s} does not exist: this mini-batch has shares 0 to {}", shares - 1);
        }
        Ok(share_range(self.step.labels.len(), s))
    }
}
