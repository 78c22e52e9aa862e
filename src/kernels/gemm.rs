//! Matrix products on row-major slices, accumulating into `c` (`c += a b`).
//!
//! Three layouts cover every product a convolution or dense layer needs, forward and backward:
//! - [`gemm_nn`]: `c[m x n] += a[m x k] b[k x n]`
//! - [`gemm_tn`]: `c[m x n] += a[k x m]^T b[k x n]`
//! - [`gemm_nt`]: `c[m x n] += a[m x k] b[n x k]^T`

use super::lanes::F32x4;

/// Rows of `c` a microkernel keeps in registers at once.
const MR: usize = 4;

/// `c[m x n] += a[m x k] b[k x n]`.
pub fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    // SAFETY: a(i, p) = a[i * k + p] with i < m, p < k stays below m * k (checked above).
    unsafe { rank1_updates::<true>(m, n, k, Strided { ptr: a.as_ptr(), row: k, step: 1 }, b.as_ptr(), c.as_mut_ptr()) }
}

/// `c[m x n] += a[k x m]^T b[k x n]`.
pub fn gemm_tn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= k * m && b.len() >= k * n && c.len() >= m * n);
    // SAFETY: a(i, p) = a[p * m + i] with i < m, p < k stays below k * m (checked above).
    unsafe { rank1_updates::<true>(m, n, k, Strided { ptr: a.as_ptr(), row: 1, step: m }, b.as_ptr(), c.as_mut_ptr()) }
}

/// `c[m x n] = a[k x m]^T b[k x n]`: [`gemm_tn`] without reading `c` first (no zeroing pass
/// over a large `c`, no loads of it).
pub fn gemm_tn_into(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= k * m && b.len() >= k * n && c.len() >= m * n);
    // SAFETY: as in `gemm_tn`.
    unsafe { rank1_updates::<false>(m, n, k, Strided { ptr: a.as_ptr(), row: 1, step: m }, b.as_ptr(), c.as_mut_ptr()) }
}

/// The left factor of a product: entry `(i, p)` at `ptr + i * row + p * step`, which reads a
/// row-major matrix (`row = k, step = 1`) or a transposed one (`row = 1, step = m`) alike.
#[derive(Clone, Copy)]
struct Strided {
    ptr: *const f32,
    row: usize,
    step: usize,
}

/// `c[i, j] += sum_p a(i, p) b[p, j]` (`c[i, j] = ...` unless `ACC`), by register tiles of `MR` rows and 8 (then 4) columns:
/// a tile of `c` is loaded once, takes all `k` rank-1 updates in registers, and is stored once.
/// Each entry still sums in the order `((c + a0 b0) + a1 b1) + ...`, so the result is the same
/// bit for bit as the plain triple loop, on every target.
///
/// # Safety
/// `a` must be readable at every `(i < m, p < k)`, `b` at `k * n` values, `c` at `m * n`.
/// The bounds are checked once by the callers, so the microkernel's loads carry no checks.
#[inline(always)]
unsafe fn rank1_updates<const ACC: bool>(m: usize, n: usize, k: usize, a: Strided, b: *const f32, c: *mut f32) {
    let mut i = 0;
    while i + MR <= m {
        row_block::<MR, ACC>(i, n, k, a, b, c);
        i += MR;
    }
    for i in i..m {
        row_block::<1, ACC>(i, n, k, a, b, c);
    }
}

/// Rows `i..i + R` of `c`: 8-column tiles, then one 4-column tile, then single columns.
#[inline(always)]
unsafe fn row_block<const R: usize, const ACC: bool>(
    i: usize,
    n: usize,
    k: usize,
    a: Strided,
    b: *const f32,
    c: *mut f32,
) {
    let a = Strided { ptr: a.ptr.add(i * a.row), ..a };
    let c = c.add(i * n);
    let mut j = 0;
    while j + 8 <= n {
        tile::<R, 2, ACC>(n, k, a, b.add(j), c.add(j));
        j += 8;
    }
    if j + 4 <= n {
        tile::<R, 1, ACC>(n, k, a, b.add(j), c.add(j));
        j += 4;
    }
    for j in j..n {
        for r in 0..R {
            let at = c.add(r * n + j);
            let mut sum = if ACC { *at } else { 0.0 };
            for p in 0..k {
                sum += *a.ptr.add(r * a.row + p * a.step) * *b.add(p * n + j);
            }
            *at = sum;
        }
    }
}

/// The microkernel: the `R x 4V` tile of `c` at `c` (row stride `n`) in `R * V` vector
/// registers; per step `p`, `V` loads of `b`'s row `p` and `R` broadcasts of `a(., p)`.
#[inline(always)]
unsafe fn tile<const R: usize, const V: usize, const ACC: bool>(
    n: usize,
    k: usize,
    a: Strided,
    b: *const f32,
    c: *mut f32,
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    if ACC {
        for (r, row) in acc.iter_mut().enumerate() {
            for (v, x) in row.iter_mut().enumerate() {
                *x = F32x4::read(c.add(r * n + 4 * v));
            }
        }
    }
    let (mut ap, mut bp) = (a.ptr, b);
    for _ in 0..k {
        let mut bv = [F32x4::splat(0.0); V];
        for (v, x) in bv.iter_mut().enumerate() {
            *x = F32x4::read(bp.add(4 * v));
        }
        for (r, row) in acc.iter_mut().enumerate() {
            let a = F32x4::splat(*ap.add(r * a.row));
            for (x, &bv) in row.iter_mut().zip(&bv) {
                *x = x.mul_add(a, bv);
            }
        }
        ap = ap.add(a.step);
        bp = bp.add(n);
    }
    for (r, row) in acc.iter().enumerate() {
        for (v, x) in row.iter().enumerate() {
            x.write(c.add(r * n + 4 * v));
        }
    }
}

/// `c[m x n] += a[m x k] b[n x k]^T`: each entry a dot product of two contiguous rows, four
/// rows of `a` against two of `b` at a time (8 vector accumulators, 6 loads per 8 products).
pub fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n);
    let mut i = 0;
    while i + MR <= m {
        dot_rows::<MR>(i, n, k, a, b, c);
        i += MR;
    }
    for i in i..m {
        dot_rows::<1>(i, n, k, a, b, c);
    }
}

/// Rows `i..i + R` of `c` for [`gemm_nt`]: pairs of columns, then a last single column.
#[inline(always)]
fn dot_rows<const R: usize>(i: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    let mut j = 0;
    while j + 2 <= n {
        dot_tile::<R, 2>(i, j, n, k, a, b, c);
        j += 2;
    }
    if j < n {
        dot_tile::<R, 1>(i, j, n, k, a, b, c);
    }
}

/// `c[i + r, j + q] += a[i + r, :] . b[j + q, :]` for an `R x Q` tile: four lanes of partial
/// sums each, summed `(l0 + l1) + (l2 + l3)`, then the `k % 4` tail in order.
#[inline(always)]
fn dot_tile<const R: usize, const Q: usize>(
    i: usize,
    j: usize,
    n: usize,
    k: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); Q]; R];
    let body = k - k % 4;
    for p in (0..body).step_by(4) {
        let mut bv = [F32x4::splat(0.0); Q];
        for (q, x) in bv.iter_mut().enumerate() {
            *x = F32x4::load(&b[(j + q) * k + p..]);
        }
        for (r, row) in acc.iter_mut().enumerate() {
            let av = F32x4::load(&a[(i + r) * k + p..]);
            for (x, &bv) in row.iter_mut().zip(&bv) {
                *x = x.mul_add(av, bv);
            }
        }
    }
    for (r, row) in acc.iter().enumerate() {
        for (q, x) in row.iter().enumerate() {
            let (ar, bq) = (&a[(i + r) * k..(i + r + 1) * k], &b[(j + q) * k..(j + q + 1) * k]);
            let tail: f32 = ar[body..].iter().zip(&bq[body..]).map(|(x, y)| x * y).sum();
            c[(i + r) * n + j + q] += x.sum() + tail;
        }
    }
}

/// Sum with eight independent partial sums (vectorizable, fixed order), combined pairwise:
/// `((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))`.
/// A plain `iter().sum()` is one chain of dependent adds, which no compiler may reorder.
pub fn sum(x: &[f32]) -> f32 {
    const LANES: usize = 8;
    let mut acc = [0.0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail: f32 = chunks.remainder().iter().sum();
    for xs in chunks {
        for l in 0..LANES {
            acc[l] += xs[l];
        }
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook triple loop, in f64, as the reference.
    fn naive(
        m: usize,
        n: usize,
        k: usize,
        a: impl Fn(usize, usize) -> f32,
        b: impl Fn(usize, usize) -> f32,
    ) -> Vec<f32> {
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
            let mut c = vec![f32::NAN; m * n];
            gemm_tn_into(m, n, k, &at, &b, &mut c);
            close(&c, &want);

            // b stored transposed: bt[j * k + p] = b[p, j]
            let bt: Vec<f32> = (0..n * k).map(|idx| b[(idx % k) * n + idx / k]).collect();
            let mut c = vec![0.0; m * n];
            gemm_nt(m, n, k, &a, &bt, &mut c);
            close(&c, &want);
        }
    }

    #[test]
    fn sum_adds_every_value() {
        for len in [0, 1, 7, 8, 9, 196, 784] {
            let x = values(len, 3);
            let want: f64 = x.iter().map(|&v| f64::from(v)).sum();
            assert!((f64::from(sum(&x)) - want).abs() < 1e-4, "{len}");
        }
    }

    #[test]
    fn products_accumulate_into_c() {
        let mut c = vec![1.0; 4];
        gemm_nn(2, 2, 1, &[1.0, 2.0], &[3.0, 4.0], &mut c);
        assert_eq!(c, vec![4.0, 5.0, 7.0, 9.0]);
    }
}
