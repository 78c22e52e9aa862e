//! The forward of a convolution on one input channel at stride 1, straight from the padded
//! image: no unfolded copy (im2col writes every pixel `kh · kw` times, as much memory traffic as
//! the product itself on one channel).
//!
//! Each output is summed in the order of `gemm_nn_bias` over unfolded columns: the bias, then
//! the kernel's taps row by row, each a multiply then an add, so the bits are those of im2col +
//! GEMM. Four kernels and eight outputs of a row (two vectors) at a time: per tap, two loads of
//! the image row (unaligned, shared by the four kernels), four weights and eight multiply-adds,
//! the eight sums in registers.

use super::im2col::Window;
use super::lanes::F32x4;
use super::sparse::SLACK;

/// Whether a convolution takes this forward: one input channel, stride 1.
pub fn fits(win: &Window) -> bool {
    win.channels == 1 && win.stride == [1, 1]
}

/// `y = bias + conv(padded, weight)` for one example: `padded` its zero-padded image `[1, ph,
/// pw]` followed by at least [`SLACK`] values (a row's last vector may read 3 values past
/// the row), `weight` `[filters, 1, kh, kw]`, `bias` `[filters]`, `y` `[filters, oh, ow]`.
pub fn forward(win: &Window, filters: usize, weight: &[f32], bias: Option<&[f32]>, padded: &[f32], y: &mut [f32]) {
    assert!(fits(win));
    let [kh, kw] = win.kernel;
    let (oh, ow) = (win.out_height, win.out_width);
    assert!(padded.len() >= win.padded_len() + SLACK && weight.len() >= filters * kh * kw);
    assert!(y.len() >= filters * oh * ow);
    let mut f = 0;
    while f < filters {
        if f + 4 <= filters {
            kernels::<4>(win, f, weight, bias, padded, y);
            f += 4;
        } else {
            kernels::<1>(win, f, weight, bias, padded, y);
            f += 1;
        }
    }
}

/// Kernels `f..f + K` of [`forward`], row by row: two vectors of outputs at a time, then one,
/// then the row's last 1 to 3 outputs from one vector of which the rest is dropped.
#[inline(always)]
fn kernels<const K: usize>(
    win: &Window,
    f: usize,
    weight: &[f32],
    bias: Option<&[f32]>,
    padded: &[f32],
    y: &mut [f32],
) {
    let [kh, kw] = win.kernel;
    let (oh, ow) = (win.out_height, win.out_width);
    let taps = kh * kw;
    let w = &weight[f * taps..(f + K) * taps];
    let b: [f32; K] = core::array::from_fn(|k| bias.map_or(0.0, |b| b[f + k]));
    for r in 0..oh {
        let mut x = 0;
        while x < ow {
            if x + 8 <= ow {
                block::<K, 2>(win, r, x, w, b, padded, f, y);
                x += 8;
            } else {
                block::<K, 1>(win, r, x, w, b, padded, f, y);
                x += 4;
            }
        }
    }
}

/// Outputs `x..x + 4V` (those inside the row) of row `r` of kernels `f..f + K`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn block<const K: usize, const V: usize>(
    win: &Window,
    r: usize,
    x: usize,
    w: &[f32],
    b: [f32; K],
    padded: &[f32],
    f: usize,
    y: &mut [f32],
) {
    let [kh, kw] = win.kernel;
    let (oh, ow) = (win.out_height, win.out_width);
    let (_, pw) = win.padded_size();
    let taps = kh * kw;
    let mut acc: [[F32x4; V]; K] = core::array::from_fn(|k| [F32x4::splat(b[k]); V]);
    // the last input read: row r + kh - 1, column x + kw - 1 + 4V - 1, within the padded
    // image plus SLACK (forward checked padded.len(); x + 4V - 1 <= ow - 1 + 3)
    assert!((r + kh - 1) * pw + x + kw + 4 * V - 1 <= padded.len() && w.len() >= K * taps);
    let (p, wp) = (padded.as_ptr(), w.as_ptr());
    for ki in 0..kh {
        for kj in 0..kw {
            // SAFETY: within `padded` and `w`, as checked above
            unsafe {
                let at = p.add((r + ki) * pw + x + kj);
                let input: [F32x4; V] = core::array::from_fn(|v| F32x4::read(at.add(4 * v)));
                for (k, a) in acc.iter_mut().enumerate() {
                    let wk = F32x4::splat(*wp.add(k * taps + ki * kw + kj));
                    for (a, i) in a.iter_mut().zip(input) {
                        *a = a.mul_add(wk, i);
                    }
                }
            }
        }
    }
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
        // widths with and without a last partial vector, kernels of any shape, filters not a
        // multiple of 4, asymmetric padding
        for &(h, w, kernel, padding, filters) in &[
            (28, 28, [5, 5], [2, 2, 2, 2], 8),
            (9, 13, [3, 3], [0, 1, 0, 1], 5),
            (7, 6, [1, 7], [0, 0, 3, 3], 3),
            (12, 30, [5, 5], [0, 0, 0, 0], 4),
            (4, 3, [2, 2], [1, 1, 1, 1], 9),
        ] {
            let win = Window::new(1, [h, w], kernel, [1, 1], padding);
            let image: Vec<f32> = (0..h * w).map(|_| r.uniform(-1.0, 1.0)).collect();
            let weight: Vec<f32> = (0..filters * win.rows()).map(|_| r.uniform(-1.0, 1.0)).collect();
            let bias: Vec<f32> = (0..filters).map(|_| r.uniform(-1.0, 1.0)).collect();
            let mut padded = vec![f32::NAN; win.padded_len() + SLACK];
            pad_into(&image, &win, &mut padded[..win.padded_len()]);
            let mut cols = vec![0.0; win.rows() * win.cols()];
            unfold(&padded, &win, &mut cols);
            let mut want = vec![0.0; filters * win.cols()];
            gemm_nn_bias(filters, win.cols(), win.rows(), &weight, &cols, Some(&bias), &mut want);
            let mut got = vec![f32::NAN; filters * win.cols()];
            forward(&win, filters, &weight, Some(&bias), &padded, &mut got);
            assert_eq!(
                got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                "{h}x{w} {kernel:?}"
            );
        }
    }
}
