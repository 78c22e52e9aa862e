//! The losses, each fused with the function that turns logits into probabilities.
//!
//! - softmax + cross-entropy, for one class out of many: `p = softmax(z)`,
//!   `loss = -mean_b log p[b, label_b]`, and `dLoss/dz = (p - onehot(label)) / batch`.
//! - sigmoid + binary cross-entropy, for independent yes/no outputs: `p = sigmoid(z)`,
//!   `loss = mean over all outputs of -(t log p + (1 - t) log(1 - p))`, `dLoss/dz = (p - t) / n`.
//!
//! Fusing them is what makes the gradient this simple, and keeps the loss finite for large
//! logits (log-sum-exp with the maximum subtracted; `max(z, 0) - z t + log(1 + e^-|z|)`).

use crate::layers::activation::sigmoid;

/// What each example should have produced.
#[derive(Debug, Clone, Copy)]
pub enum Targets<'a> {
    /// One class index per example, for softmax cross-entropy.
    Classes(&'a [u32]),
    /// One value in [0, 1] per output, for sigmoid binary cross-entropy.
    Values(&'a [f32]),
}

/// Writes the softmax of each row of `logits` (`[batch, n]`) into `probs`.
pub fn softmax(logits: &[f32], n: usize, probs: &mut [f32]) {
    for (z, p) in logits.chunks_exact(n).zip(probs.chunks_exact_mut(n)) {
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0f32;
        for (p, &z) in p.iter_mut().zip(z) {
            *p = (z - max).exp();
            sum += *p;
        }
        p.iter_mut().for_each(|p| *p /= sum);
    }
}

/// Softmax cross-entropy, mean over the batch. Writes probabilities and dLoss/dlogits.
pub fn softmax_cross_entropy(logits: &[f32], labels: &[u32], n: usize, probs: &mut [f32], dlogits: &mut [f32]) -> f32 {
    softmax(logits, n, probs);
    let batch = labels.len();
    let mut total = 0.0f64;
    for (((z, p), d), &label) in
        logits.chunks_exact(n).zip(probs.chunks_exact(n)).zip(dlogits.chunks_exact_mut(n)).zip(labels)
    {
        let label = label as usize;
        total += cross_entropy(z, label);
        for (j, (d, &p)) in d.iter_mut().zip(p).enumerate() {
            let onehot = if j == label { 1.0 } else { 0.0 };
            *d = (p - onehot) / batch as f32;
        }
    }
    (total / batch as f64) as f32
}

/// The cross-entropy of one example: `-log softmax(z)[label] = logsumexp(z) - z[label]`, in f64
/// with the largest logit subtracted first (finite for any finite logits).
pub fn cross_entropy(z: &[f32], label: usize) -> f64 {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let log_sum = z.iter().map(|&v| ((v - max) as f64).exp()).sum::<f64>().ln();
    log_sum - (z[label] - max) as f64
}

/// Sigmoid binary cross-entropy, mean over all outputs. Writes probabilities and dLoss/dlogits.
pub fn sigmoid_binary_cross_entropy(logits: &[f32], targets: &[f32], probs: &mut [f32], dlogits: &mut [f32]) -> f32 {
    let count = logits.len() as f32;
    let mut total = 0.0f64;
    for (((&z, &t), p), d) in logits.iter().zip(targets).zip(probs.iter_mut()).zip(dlogits.iter_mut()) {
        *p = sigmoid(z);
        *d = (*p - t) / count;
        let (z, t) = (z as f64, t as f64);
        total += z.max(0.0) - z * t + (-z.abs()).exp().ln_1p();
    }
    (total / count as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_rows_sum_to_one_and_survive_huge_logits() {
        let mut p = vec![0.0; 6];
        softmax(&[1000.0, 1001.0, 1002.0, -5.0, 0.0, 5.0], 3, &mut p);
        for row in p.chunks(3) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6);
            assert!(row.iter().all(|v| v.is_finite()));
        }
        assert!(p[2] > p[1] && p[1] > p[0]);
    }

    #[test]
    fn cross_entropy_of_uniform_logits_is_log_n() {
        let (mut p, mut d) = (vec![0.0; 4], vec![0.0; 4]);
        let loss = softmax_cross_entropy(&[0.0; 4], &[2], 4, &mut p, &mut d);
        assert!((loss - 4f32.ln()).abs() < 1e-6);
        assert_eq!(d, vec![0.25, 0.25, -0.75, 0.25]);
    }

    #[test]
    fn binary_cross_entropy_is_finite_for_confident_wrong_answers() {
        let (mut p, mut d) = (vec![0.0; 2], vec![0.0; 2]);
        let loss = sigmoid_binary_cross_entropy(&[100.0, -100.0], &[0.0, 1.0], &mut p, &mut d);
        assert!((loss - 100.0).abs() < 1e-3, "{loss}");
    }
}
