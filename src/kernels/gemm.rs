//! Matrix products on row-major slices, accumulating into `c` (`c += a b`).
//!
//! Three layouts cover every product a convolution or dense layer needs, forward and backward:
//! - [`gemm_nn`]: `c[m x n] += a[m x k] b[k x n]`
//! - [`gemm_tn`]: `c[m x n] += a[k x m]^T b[k x n]`
//! - [`gemm_nt`]: `c[m x n] += a[m x k] b[n x k]^T`

/// Rows of `c` updated together, so each row of `b` is loaded once for four rows of `c`.
const ROWS: usize = 4;

/// `c[m x n] += a[m x k] b[k x n]`.
pub fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    debug_assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    let a_at = |i: usize, p: usize| a[i * k + p];
    rank1_updates(m, n, k, b, c, a_at);
}

/// `c[m x n] += a[k x m]^T b[k x n]`.
pub fn gemm_tn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    debug_assert!(a.len() >= k * m && b.len() >= k * n && c.len() >= m * n);
    let a_at = |i: usize, p: usize| a[p * m + i];
    rank1_updates(m, n, k, b, c, a_at);
}

/// `c[i, :] += sum_p a(i, p) b[p, :]`, four rows of `c` at a time.
#[inline(always)]
fn rank1_updates(m: usize, n: usize, k: usize, b: &[f32], c: &mut [f32], a_at: impl Fn(usize, usize) -> f32) {
    let mut rows = c[..m * n].chunks_exact_mut(n * ROWS);
    let mut i = 0;
    for block in &mut rows {
        let (c0, rest) = block.split_at_mut(n);
        let (c1, rest) = rest.split_at_mut(n);
        let (c2, c3) = rest.split_at_mut(n);
        for p in 0..k {
            let (a0, a1, a2, a3) = (a_at(i, p), a_at(i + 1, p), a_at(i + 2, p), a_at(i + 3, p));
            let bp = &b[p * n..p * n + n];
            for j in 0..n {
                let bv = bp[j];
                c0[j] += a0 * bv;
                c1[j] += a1 * bv;
                c2[j] += a2 * bv;
                c3[j] += a3 * bv;
            }
        }
        i += ROWS;
    }
    for row in rows.into_remainder().chunks_exact_mut(n.max(1)) {
        for p in 0..k {
            let ap = a_at(i, p);
            let bp = &b[p * n..p * n + n];
            for (cv, bv) in row.iter_mut().zip(bp) {
                *cv += ap * bv;
            }
        }
        i += 1;
    }
}

/// `c[m x n] += a[m x k] b[n x k]^T`: each entry a dot product of two contiguous rows.
pub fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    debug_assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n);
    for i in 0..m {
        let ai = &a[i * k..i * k + k];
        let ci = &mut c[i * n..i * n + n];
        for (j, cv) in ci.iter_mut().enumerate() {
            *cv += dot(ai, &b[j * k..j * k + k]);
        }
    }
}

/// Dot product with eight independent partial sums (vectorizable, fixed order).
pub fn dot(x: &[f32], y: &[f32]) -> f32 {
    const LANES: usize = 8;
    let mut acc = [0.0f32; LANES];
    let (xc, yc) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (xs, ys) in xc.zip(yc) {
        for l in 0..LANES {
            acc[l] += xs[l] * ys[l];
        }
    }
    let mut tail = 0.0;
    for (a, b) in xr.iter().zip(yr) {
        tail += a * b;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook triple loop, in f64, as the reference.
    fn naive(m: usize, n: usize, k: usize, a: impl Fn(usize, usize) -> f32, b: impl Fn(usize, usize) -> f32) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|p| a(i, p) as f64 * b(p, j) as f64).sum::<f64>() as f32;
            }
        }
        c
    }

    fn values(len: usize, seed: u64) -> Vec<f32> {
        let mut r = crate::rng::Rng::new(seed, 9);
        (0..len).map(|_| r.uniform(-1.0, 1.0)).collect()
    }

    fn close(x: &[f32], y: &[f32]) {
        for (a, b) in x.iter().zip(y) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
    }

    #[test]
    fn all_three_layouts_match_the_triple_loop() {
        for &(m, n, k) in &[(1, 1, 1), (3, 5, 7), (4, 8, 2), (9, 17, 13), (16, 33, 25)] {
            let a = values(m * k, 1);
            let b = values(k * n, 2);
            let want = naive(m, n, k, |i, p| a[i * k + p], |p, j| b[p * n + j]);
            let mut c = vec![0.0; m * n];
            gemm_nn(m, n, k, &a, &b, &mut c);
            close(&c, &want);

            // a stored transposed: at[p * m + i] = a[i, p]
            let at: Vec<f32> = (0..k * m).map(|idx| a[(idx % m) * k + idx / m]).collect();
            let mut c = vec![0.0; m * n];
            gemm_tn(m, n, k, &at, &b, &mut c);
            close(&c, &want);

            // b stored transposed: bt[j * k + p] = b[p, j]
            let bt: Vec<f32> = (0..n * k).map(|idx| b[(idx % k) * n + idx / k]).collect();
            let mut c = vec![0.0; m * n];
            gemm_nt(m, n, k, &a, &bt, &mut c);
            close(&c, &want);
        }
    }

    #[test]
    fn products_accumulate_into_c() {
        let mut c = vec![1.0; 4];
        gemm_nn(2, 2, 1, &[1.0, 2.0], &[3.0, 4.0], &mut c);
        assert_eq!(c, vec![4.0, 5.0, 7.0, 9.0]);
    }
}
