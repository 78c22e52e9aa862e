//! Concept 8, mini-batches: the data shuffled and cut into batches, and how noisy the
//! gradient direction of a batch is.
//!
//! For a softmax regression (`features -> dense 10`) at its initial weights, the full-batch
//! gradient `g` is the mean over all examples. Each mini-batch of `B` shuffled examples gives
//! its own estimate `g_B`; the angle between `g_B` and `g`, `acos(g_B·g / |g_B| |g|)`, is 0° for
//! the full batch and grows as the batches shrink: that noise is what lets SGD take many cheap
//! steps, and what momentum averages out.
//!
//! Wrong labels are a second source of that noise: with a share `label_noise` of the examples
//! given another class (seeded), each batch's gradient points further from the gradient of the
//! whole (equally noisy) set.

use super::{angle_degrees, check_range, network};
use crate::bail;
use crate::error::codes;
use crate::error::Result;
use crate::loss::Targets;
use crate::refuse;
use crate::rng::Rng;
use crate::training::epoch_order;
use serde::Serialize;
use serde_json::json;

/// The angles of one batch size's mini-batches to the full-batch gradient (degrees).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchNoise {
    pub batch: usize,
    pub batches: usize,
    pub mean: f32,
    pub min: f32,
    pub max: f32,
    /// every batch's angle, in the shuffled order
    pub angles: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinibatchView {
    /// the examples' indices after shuffling; batch `b` of size `B` is `order[b B .. (b+1) B]`
    pub order: Vec<u32>,
    /// the labels trained on: the given ones, with the `relabelled` examples given another class
    pub labels: Vec<u32>,
    /// the examples whose label was replaced (label noise), in increasing order
    pub relabelled: Vec<u32>,
    /// batch sizes 1, 2, 4, ... and the full set
    pub sizes: Vec<BatchNoise>,
}

/// Gives `share` of the examples (chosen with `seed`) a different class, uniformly among the
/// others; returns the labels and the changed examples' indices.
fn add_label_noise(labels: &[u32], classes: usize, share: f32, seed: u32) -> (Vec<u32>, Vec<u32>) {
    let mut noisy = labels.to_vec();
    let mut order: Vec<u32> = (0..labels.len() as u32).collect();
    let mut rng = Rng::new(u64::from(seed), 6);
    rng.shuffle(&mut order);
    let mut relabelled = order[..(share * labels.len() as f32).round() as usize].to_vec();
    crate::sort::sort_indices(&mut relabelled, &|a, b| a.cmp(&b));
    for &i in &relabelled {
        let other = rng.below(classes as u32 - 1);
        let label = &mut noisy[i as usize];
        *label = if other >= *label { other + 1 } else { other };
    }
    (noisy, relabelled)
}

/// Shuffles `count` examples (`features`: `count x n`) as a training run seeded with `seed`
/// orders its first epoch, relabels a share `label_noise` of them, and measures the gradient angle for batch sizes 1, 2, 4, ... up to
/// the full set (full batches only).
pub fn minibatch(features: &[f32], labels: &[u32], n: usize, seed: u32, label_noise: f32) -> Result<MinibatchView> {
    let count = labels.len();
    check_range(count, 2, 4096, codes::WHAT_EXAMPLES)?;
    check_range(n, 1, 1024, codes::WHAT_FEATURES_PER_EXAMPLE)?;
    if features.len() != count * n {
        bail!("{} feature values for {count} examples of {n}: need {}", features.len(), count * n);
    }
    if !(0.0..=1.0).contains(&label_noise) {
        refuse!(LECTURE_LABEL_NOISE, value = label_noise);
    }
    let classes = labels.iter().max().map_or(1, |&m| m as usize + 1).max(2);
    let (labels, relabelled) = add_label_noise(labels, classes, label_noise, seed);
    let labels = &labels[..];
    let spec = json!({"input": [1, 1, n], "layers": [{"type": "flatten"}, {"type": "dense", "units": classes}], "loss": "softmax_cross_entropy"});
    let mut net = network(spec, u64::from(seed))?;
    net.gradients(features, Targets::Classes(labels), count, false)?;
    let full = net.grads().to_vec();
    let order = epoch_order(count, seed, 0);
    let mut batch_sizes: Vec<usize> =
        std::iter::successors(Some(1usize), |b| Some(b * 2)).take_while(|&b| b < count).collect();
    batch_sizes.push(count);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    let mut sizes = Vec::with_capacity(batch_sizes.len());
    for batch in batch_sizes {
        let mut angles = Vec::with_capacity(count / batch);
        for picked in order.chunks_exact(batch) {
            x.clear();
            y.clear();
            for &i in picked {
                x.extend_from_slice(&features[i as usize * n..(i as usize + 1) * n]);
                y.push(labels[i as usize]);
            }
            net.gradients(&x, Targets::Classes(&y), batch, false)?;
            angles.push(angle_degrees(net.grads(), &full));
        }
        let mean = angles.iter().sum::<f32>() / angles.len() as f32;
        let min = angles.iter().copied().fold(f32::INFINITY, f32::min);
        let max = angles.iter().copied().fold(0.0, f32::max);
        sizes.push(BatchNoise { batch, batches: angles.len(), mean, min, max, angles });
    }
    Ok(MinibatchView { order, labels: labels.to_vec(), relabelled, sizes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lecture::activations::tests::blobs;

    #[test]
    fn smaller_batches_point_further_from_the_full_gradient() {
        let (x, y) = blobs(256, 25, 10, 2);
        let v = minibatch(&x, &y, 25, 7, 0.0).unwrap();
        assert_eq!((v.labels.clone(), v.relabelled.len()), (y.clone(), 0));
        let batches: Vec<usize> = v.sizes.iter().map(|s| s.batch).collect();
        assert_eq!(batches, vec![1, 2, 4, 8, 16, 32, 64, 128, 256]);
        assert_eq!(v.sizes[0].batches, 256);
        let full = v.sizes.last().unwrap();
        assert_eq!(full.batches, 1);
        assert!(full.mean < 0.1, "the full batch, shuffled, is the full gradient: {}", full.mean);
        assert!(v.sizes[0].mean > 1.5 * v.sizes[5].mean, "{} vs {}", v.sizes[0].mean, v.sizes[5].mean);
        for pair in v.sizes.windows(2) {
            assert!(
                pair[1].mean < pair[0].mean,
                "the angle shrinks with the batch: {:?}",
                v.sizes.iter().map(|s| s.mean).collect::<Vec<_>>()
            );
        }
        let mut sorted = v.order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..256).collect::<Vec<u32>>());
        assert_ne!(v.order, sorted);
    }

    #[test]
    fn mismatched_data_is_refused() {
        assert!(minibatch(&[0.0; 10], &[0, 1], 25, 1, 0.0).unwrap_err().message().contains("need 50"));
        assert!(minibatch(&[0.0; 25], &[0], 25, 1, 0.0).unwrap_err().message().contains("examples must be from 2"));
        assert!(minibatch(&[0.0; 50], &[0, 1], 25, 1, 1.5).unwrap_err().message().contains("from 0 to 1"));
    }

    #[test]
    fn wrong_labels_make_every_batch_size_noisier() {
        let (x, y) = blobs(256, 25, 10, 2);
        let clean = minibatch(&x, &y, 25, 7, 0.0).unwrap();
        let noisy = minibatch(&x, &y, 25, 7, 0.3).unwrap();
        assert_eq!(noisy.relabelled.len(), 77, "30% of 256, rounded");
        for &i in &noisy.relabelled {
            assert_ne!(noisy.labels[i as usize], y[i as usize], "a relabelled example has another class");
            assert!(noisy.labels[i as usize] < 10);
        }
        let changed = (0..256).filter(|&i| noisy.labels[i] != y[i]).count();
        assert_eq!(changed, 77);
        assert_eq!(noisy.order, clean.order, "the same shuffle: only the labels differ");
        for (c, n) in clean.sizes.iter().zip(&noisy.sizes).take(8) {
            assert!(n.mean > c.mean, "B = {}: {} with wrong labels vs {} without", c.batch, n.mean, c.mean);
        }
    }
}
