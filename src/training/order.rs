//! The order a run visits its examples in: a pure function of `(seed, epoch)`.
//!
//! The order of epoch `e` is a Fisher-Yates shuffle seeded only by `(seed, e)` on its own
//! random stream ([`BATCH_STREAM`]), never by how many steps ran before or by which optimizer is
//! training. So several optimizers racing from one seed, a replayed link, a resumed run and
//! (later) several workers sharing one batch all see the same examples in the same batches.

use crate::rng::Rng;

/// The random stream of the batch order (the network's initial weights use stream 1).
pub const BATCH_STREAM: u64 = 2;

/// The order examples are visited in epoch `epoch` (0-based): a permutation of `0..len`
/// that depends only on `(seed, epoch)`.
pub fn epoch_order(len: usize, seed: u32, epoch: u32) -> Vec<u32> {
    let mut order = Vec::with_capacity(len);
    fill_epoch_order(&mut order, len, seed, epoch);
    order
}

/// [`epoch_order`] into `order`, reusing its memory.
fn fill_epoch_order(order: &mut Vec<u32>, len: usize, seed: u32, epoch: u32) {
    order.clear();
    order.extend(0..len as u32);
    Rng::new((u64::from(epoch) << 32) | u64::from(seed), BATCH_STREAM).shuffle(order);
}

/// Where a run is in its data: epoch, position within the epoch's order, images seen.
/// Mini-batches are consecutive runs of the epoch's order; the last one of an epoch is smaller
/// when the batch size does not divide the set (no example is skipped or seen twice).
///
/// All of it is plain numbers ([`BatchCursor::at`] rebuilds a cursor from them): the order
/// itself is recomputed from `(seed, epoch)` when needed.
#[derive(Debug, Clone)]
pub struct BatchCursor {
    seed: u32,
    epoch: u32,
    position: usize,
    images_seen: u64,
    /// `epoch_order(len, seed, epoch)` for the set last drawn from; empty until then.
    order: Vec<u32>,
}

impl BatchCursor {
    /// The start of epoch 0.
    pub fn new(seed: u32) -> Self {
        BatchCursor::at(seed, 0, 0, 0)
    }

    /// A cursor `position` examples into epoch `epoch`, having seen `images_seen` images.
    pub fn at(seed: u32, epoch: u32, position: usize, images_seen: u64) -> Self {
        BatchCursor { seed, epoch, position, images_seen, order: Vec::new() }
    }

    pub fn seed(&self) -> u32 {
        self.seed
    }
    /// Examples in the set the cursor last drew from (0 before its first batch).
    pub fn examples(&self) -> usize {
        self.order.len()
    }
    /// Epochs completed (an epoch counts as completed once the next one is drawn from).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }
    /// Examples of the current epoch's order already drawn.
    pub fn position(&self) -> usize {
        self.position
    }
    pub fn images_seen(&self) -> u64 {
        self.images_seen
    }
    /// Completed epochs plus the fraction of the current one, e.g. 1.25, for a set of `len`.
    pub fn epoch_progress(&self, len: usize) -> f64 {
        f64::from(self.epoch) + if len == 0 { 0.0 } else { self.position.min(len) as f64 / len as f64 }
    }

    /// The indices of the next mini-batch of at most `batch` examples of a set of `len`.
    pub fn next_batch(&mut self, len: usize, batch: usize) -> &[u32] {
        if len > 0 && self.position >= len {
            self.epoch += 1;
            self.position = 0;
            self.order.clear();
        }
        if self.order.len() != len {
            fill_epoch_order(&mut self.order, len, self.seed, self.epoch);
        }
        let start = self.position;
        self.position = (start + batch).min(len);
        self.images_seen += (self.position - start) as u64;
        &self.order[start..self.position]
    }
}
