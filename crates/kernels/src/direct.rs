//! The forward of a convolution on one input channel at stride 1, straight from the padded
//! image: no unfolded copy (im2col writes every pixel `kh · kw` times, as much memory traffic as
//! the product itself on one channel).
//!
//! Each output is summed in the order of `gemm_nn_bias` over unfolded columns: the bias, then
//! the kernel's taps row by row, each a multiply then an add, so the bits are those of im2col +
//! GEMM. Four kernels and eight outputs (two vectors) at a time, the eight sums in registers;
//! per tap two loads of the image (unaligned, shared by the four kernels), four loads of weights
//! splatted ahead (shared by the two vectors), eight multiplies and eight adds.
//!
//! wasm SIMD128 has no fused multiply-add, so every multiply-add is two instructions, and a CPU
//! that decodes about four instructions a cycle reaches its multiply+add ceiling only when
//! nearly nothing else runs. The loop is written for few instructions per tap: the weights of a
//! tap are one pointer's four vectors (constant offsets, no broadcast), the image one pointer,
//! the loop ends on the weights' pointer; a row's last vector is paired with the next row's, so
//! that every block but the last has two vectors.

use super::im2col::Window;
use super::lanes::F32x4;
use super::sparse::SLACK;

/// Whether a convolution takes this forward: one input channel, stride 1.
pub fn fits(win: &Window) -> bool {
    win.channels == 1 && win.stride == [1, 1]
}

/// Working memory of [`forward`], kept between calls.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// The weights as the loop reads them: for each group of kernels (fours, then ones), its
    /// taps in order, each tap the group's weights splatted, `[group][tap][k][4]`.
    splat: Vec<f32>,
}

/// `y = bias + conv(padded, weight)` for every example: `padded` the zero-padded images `[n, 1,
/// ph, pw]` followed by at least [`SLACK`] values (a row's last vector may read 3 values past
/// the row), `weight` `[filters, 1, kh, kw]`, `bias` `[filters]`, `y` `[n, filters, oh, ow]`.
pub fn forward(
    win: &Window,
    filters: usize,
    weight: &[f32],
    bias: Option<&[f32]>,
    padded: &[f32],
    y: &mut [f32],
    s: &mut Scratch,
) {
    assert!(fits(win));
    let [kh, kw] = win.kernel;
    let (taps, plen, out) = (kh * kw, win.padded_len(), filters * win.cols());
    let examples = y.len() / out;
    assert!(y.len() % out == 0 && weight.len() >= filters * taps);
    assert!(padded.len() >= examples * plen + SLACK);
    splat_weights(filters, taps, weight, &mut s.splat);
    for (e, ye) in y.chunks_exact_mut(out).enumerate() {
        let image = &padded[e * plen..(e + 1) * plen + SLACK];
        let mut f = 0;
        while f < filters {
            let w = &s.splat[f * taps * 4..];
            let b = |k| bias.map_or(0.0, |b: &[f32]| b[f + k]);
            if f + 4 <= filters {
                kernels::<4>(win, f, w, core::array::from_fn(b), image, ye);
                f += 4;
            } else {
                kernels::<1>(win, f, w, [b(0)], image, ye);
                f += 1;
            }
        }
    }
}

/// `weight` `[filters, taps]` as [`Scratch::splat`] holds it.
fn splat_weights(filters: usize, taps: usize, weight: &[f32], splat: &mut Vec<f32>) {
    splat.clear();
    let mut f = 0;
    while f < filters {
        let group = if f + 4 <= filters { 4 } else { 1 };
        for t in 0..taps {
            for k in f..f + group {
                splat.extend_from_slice(&[weight[k * taps + t]; 4]);
            }
        }
        f += group;
    }
}

/// Kernels `f..f + K` of [`forward`] for one example, `w` their splatted weights: each row's
/// outputs eight at a time, then the rows' last vector (or last 1 to 3 outputs, of which the
/// rest of the vector is dropped) two rows at a time.
#[inline(always)]
fn kernels<const K: usize>(win: &Window, f: usize, w: &[f32], b: [f32; K], padded: &[f32], y: &mut [f32]) {
    let (oh, ow) = (win.out_height, win.out_width);
    let (_, pw) = win.padded_size();
    // Once for every block: the image and its slack (`sums` reads at most row ph - 1, column
    // pw + 2, the last of a row's last vector), the weights and the outputs.
    assert!(padded.len() >= win.padded_len() + SLACK && w.len() >= win.rows() * K * 4);
    assert!(y.len() >= (f + K) * oh * ow);
    let full = ow / 8 * 8;
    let plane = oh * ow;
    for r in 0..oh {
        for x in (0..full).step_by(8) {
            let acc = sums::<K, 2, true>(win, [r * pw + x, r * pw + x + 4], w, b, padded);
            // Stored here, not by `store`: its check per vector of whether the vector is whole
            // made this forward ~15% slower in Chromium (share of the ceiling 0.43 against 0.52).
            for (k, [a0, a1]) in acc.into_iter().enumerate() {
                // SAFETY: outputs x..x + 8 of row r of kernel f + k, within y (checked above)
                unsafe {
                    let to = y.as_mut_ptr().add((f + k) * plane + r * ow + x);
                    a0.write(to);
                    a1.write(to.add(4));
                }
            }
        }
    }
    if full == ow {
        return;
    }
    let x = full;
    let one = |r: usize, x: usize, y: &mut [f32]| {
        let acc = sums::<K, 1, true>(win, [r * pw + x], w, b, padded);
        store(win, f, r, x, &acc, y);
    };
    for r in (0..oh).step_by(2) {
        if r + 1 < oh {
            let acc = sums::<K, 2, false>(win, [r * pw + x, (r + 1) * pw + x], w, b, padded);
            store(win, f, r, x, &acc.map(|a| [a[0]]), y);
            store(win, f, r + 1, x, &acc.map(|a| [a[1]]), y);
        } else {
            one(r, x, y);
        }
    }
    if x + 4 < ow {
        for r in 0..oh {
            one(r, x + 4, y);
        }
    }
}

/// The sums of K kernels (`w` their splatted weights, `b` their biases) for V vectors of four
/// outputs, vector `v` reading `padded` from `at[v]` (its first output's tap (0, 0)); `ROW`:
/// the vectors are side by side in one row (`at[v] = at[0] + 4v`).
#[inline(always)]
fn sums<const K: usize, const V: usize, const ROW: bool>(
    win: &Window,
    at: [usize; V],
    w: &[f32],
    b: [f32; K],
    padded: &[f32],
) -> [[F32x4; V]; K] {
    let [kh, kw] = win.kernel;
    let (_, pw) = win.padded_size();
    let mut acc: [[F32x4; V]; K] = core::array::from_fn(|k| [F32x4::splat(b[k]); V]);
    // the last value read: row kh - 1, column kw - 1 + 3 past each `at` (`kernels` checked it)
    debug_assert!(at.iter().all(|&a| a + (kh - 1) * pw + kw + 3 <= padded.len()) && w.len() >= kh * kw * K * 4);
    let mut wp = w.as_ptr();
    // SAFETY (every pointer below): within `padded` and `w`, as `kernels` checked
    let mut row: [*const f32; V] = core::array::from_fn(|v| unsafe { padded.as_ptr().add(at[v]) });
    for _ in 0..kh {
        let end = unsafe { wp.add(kw * K * 4) };
        let mut q = row;
        while wp != end {
            unsafe {
                let input: [F32x4; V] = if ROW {
                    core::array::from_fn(|v| F32x4::read(q[0].add(4 * v)))
                } else {
                    core::array::from_fn(|v| F32x4::read(q[v]))
                };
                for (k, a) in acc.iter_mut().enumerate() {
                    let wk = F32x4::read(wp.add(4 * k));
                    for (a, i) in a.iter_mut().zip(input) {
                        *a = a.mul_add(wk, i);
                    }
                }
                wp = wp.add(K * 4);
                for qv in q.iter_mut().take(if ROW { 1 } else { V }) {
                    *qv = qv.add(1);
                }
            }
        }
        for rv in row.iter_mut() {
            *rv = unsafe { rv.add(pw) };
        }
    }
    acc
}

/// Writes V vectors of sums of kernels `f..f + K`, side by side from output `x` of row `r`, to
/// `y` `[filters, oh, ow]` (those inside the row).
#[inline(always)]
fn store<const K: usize, const V: usize>(
    win: &Window,
    f: usize,
    r: usize,
    x: usize,
    acc: &[[F32x4; V]; K],
    y: &mut [f32],
) {
    let (oh, ow) = (win.out_height, win.out_width);
    for (k, a) in acc.iter().enumerate() {
        let out = &mut y[((f + k) * oh + r) * ow..((f + k) * oh + r + 1) * ow];
        for (v, value) in a.iter().enumerate() {
            let at = x + 4 * v;
            if at + 4 <= ow {
                let to = &mut out[at..at + 4];
                // SAFETY: `to` holds four values.
                unsafe { value.write(to.as_mut_ptr()) }
            } else {
                out[at..].copy_from_slice(&value.to_array()[..ow - at]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::gemm::gemm_nn_bias;
    use super::super::im2col::{pad_into, unfold};
    use super::*;

    #[test]
    fn gives_the_bits_of_im2col_and_gemm() {
        let mut r = cnn_playground::rng::Rng::new(5, 1);
        // widths with and without a last partial vector (and one or two of them after the
        // blocks of eight), an odd and an even number of rows, kernels of any shape, filters
        // not a multiple of 4, asymmetric padding, two examples
        for &(h, w, kernel, padding, filters) in &[
            (28, 28, [5, 5], [2, 2, 2, 2], 8),
            (9, 13, [3, 3], [0, 1, 0, 1], 5),
            (7, 6, [1, 7], [0, 0, 3, 3], 3),
            (12, 30, [5, 5], [0, 0, 0, 0], 4),
            (4, 3, [2, 2], [1, 1, 1, 1], 9),
            (5, 15, [3, 2], [1, 0, 0, 0], 6),
        ] {
            let win = Window::new(1, [h, w], kernel, [1, 1], padding);
            let (examples, plen) = (2, win.padded_len());
            let weight: Vec<f32> = (0..filters * win.rows()).map(|_| r.uniform(-1.0, 1.0)).collect();
            let bias: Vec<f32> = (0..filters).map(|_| r.uniform(-1.0, 1.0)).collect();
            // the padding zero (as the layer keeps it), the slack past the last image not a number
            let mut padded = vec![0.0; examples * plen];
            padded.extend([f32::NAN; SLACK]);
            let mut want = vec![0.0; examples * filters * win.cols()];
            for e in 0..examples {
                let image: Vec<f32> = (0..h * w).map(|_| r.uniform(-1.0, 1.0)).collect();
                pad_into(&image, &win, &mut padded[e * plen..(e + 1) * plen]);
                let mut cols = vec![0.0; win.rows() * win.cols()];
                unfold(&padded[e * plen..(e + 1) * plen + SLACK], &win, &mut cols);
                let ye = &mut want[e * filters * win.cols()..(e + 1) * filters * win.cols()];
                gemm_nn_bias(filters, win.cols(), win.rows(), &weight, &cols, Some(&bias), ye);
            }
            let mut got = vec![f32::NAN; want.len()];
            forward(&win, filters, &weight, Some(&bias), &padded, &mut got, &mut Scratch::default());
            assert_eq!(
                got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                "{h}x{w} {kernel:?}"
            );
        }
    }
}
