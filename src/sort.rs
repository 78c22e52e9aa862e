//! One sort for every list of indices the core puts in order (the evaluation's mistakes and
//! confusion cells, a split's images, a set's classes, the lecture's relabelled examples).
//!
//! Each call of `sort_unstable_by` compiles its own copy of the sort for its closure, about
//! 1.5 KB of gzipped wasm each; this one is compiled once, the order given as a `dyn` callback.
//! The callbacks break every tie, so the order is fully determined.

use std::cmp::Ordering;

/// Sorts `indices` by `order(a, b)`.
pub fn sort_indices(indices: &mut [u32], order: &dyn Fn(u32, u32) -> Ordering) {
    indices.sort_unstable_by(|&a, &b| order(a, b));
}
