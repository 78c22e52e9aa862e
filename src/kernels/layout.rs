//! Re-laying out small matrices so that every product of a convolution is a register-tiled
//! `gemm_nn` (see `layers::conv2d`): a transpose, and the kernels turned for the input
//! gradient.

/// `out[cols x rows] = a[rows x cols]^T`, i.e. `out[j * rows + i] = a[i * cols + j]`.
///
/// Written in order, read down the columns: `a` here is a conv's dLoss/doutput (a few dozen
/// rows at most), whose rows all stay in cache while the columns are swept.
pub fn transpose(rows: usize, cols: usize, a: &[f32], out: &mut [f32]) {
    assert!(a.len() >= rows * cols && out.len() >= rows * cols);
    let (a, mut to) = (a.as_ptr(), out.as_mut_ptr());
    for j in 0..cols {
        for i in 0..rows {
            // SAFETY: i * cols + j < rows * cols and j * rows + i < rows * cols, checked above.
            unsafe {
                *to = *a.add(i * cols + j);
                to = to.add(1);
            }
        }
    }
}

/// Conv weights `w[filters, channels, kh, kw]` to `out[channels, filters, kh, kw]` with each
/// kernel turned by 180 degrees: `out[c, f, kh-1-i, kw-1-j] = w[f, c, i, j]`.
///
/// With stride 1, dLoss/dinput is the correlation of dLoss/doutput (padded by `k - 1 - pad`)
/// with these kernels: `dx[c] = sum_f dy[f] * rot180(w[f, c])`.
pub fn flip_kernels(filters: usize, channels: usize, kernel: [usize; 2], w: &[f32], out: &mut [f32]) {
    let taps = kernel[0] * kernel[1];
    assert!(w.len() >= filters * channels * taps && out.len() >= filters * channels * taps);
    for f in 0..filters {
        for c in 0..channels {
            let from = &w[(f * channels + c) * taps..][..taps];
            let to = &mut out[(c * filters + f) * taps..][..taps];
            // reversing the row-major taps turns the kernel by 180 degrees
            for (t, v) in to.iter_mut().zip(from.iter().rev()) {
                *t = *v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let a: Vec<f32> = (0..3 * 11).map(|v| v as f32).collect();
        let mut t = vec![0.0; 33];
        transpose(3, 11, &a, &mut t);
        for i in 0..3 {
            for j in 0..11 {
                assert_eq!(t[j * 3 + i], a[i * 11 + j]);
            }
        }
    }

    #[test]
    fn flipped_kernels_are_turned_and_regrouped_by_channel() {
        // 2 filters, 3 channels, 2 x 3 kernels
        let w: Vec<f32> = (0..2 * 3 * 6).map(|v| v as f32).collect();
        let mut out = vec![0.0; 36];
        flip_kernels(2, 3, [2, 3], &w, &mut out);
        for f in 0..2 {
            for c in 0..3 {
                for i in 0..2 {
                    for j in 0..3 {
                        assert_eq!(out[((c * 2 + f) * 2 + (1 - i)) * 3 + (2 - j)], w[((f * 3 + c) * 2 + i) * 3 + j]);
                    }
                }
            }
        }
    }
}
