//! Re-laying out small matrices so that every product of a convolution is a register-tiled
//! `gemm_nn` (see `layers::conv2d`): a transpose.

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
}
