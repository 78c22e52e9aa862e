//! Checks of the hot loops against plain definitions, natively (`tests/kernels.rs`, portable
//! lanes) and in the browser (`tests/wasm.rs`, the wasm SIMD128 lanes: shuffles, selects,
//! masks) on the same cases.
//!
//! The register-tiled products sum each entry in the order `((c + a0 b0) + a1 b1) + ...`, each
//! product rounded on its own, so they equal the plain f32 triple loop value for value.

use cnn_playground::kernels::gemm::{gemm_nn, gemm_nn_bias, gemm_tn, gemm_tn_into};
use cnn_playground::kernels::im2col::{fold, pad_into, unfold, unpad, Window};
use cnn_playground::kernels::pool::{max_pool, window_max, PoolGeometry};
use cnn_playground::kernels::sparse::{self, Nonzeros, DX_SLACK, SLACK};
use cnn_playground::layers::{Activation, ActivationLayer, Layer};
use cnn_playground::rng::Rng;

/// Four windows at a time agree with one window at a time, bit for bit, on ties, -inf and NaN,
/// for strides 1, 2, 3 and 5 (the shuffled, the plain and the gathered reads).
pub fn max_pool_agrees_with_one_window_at_a_time() {
    let mut rng = Rng::new(5, 2);
    for (h, w, size, stride) in [
        (28, 28, [2, 2], [2, 2]),
        (14, 14, [3, 3], [3, 3]),
        (9, 13, [3, 3], [2, 2]),
        (7, 11, [2, 3], [1, 1]),
        (6, 23, [2, 2], [1, 5]),
    ] {
        let (out_height, out_width) = ((h - size[0]) / stride[0] + 1, (w - size[1]) / stride[1] + 1);
        let g = PoolGeometry { height: h, width: w, size, stride, out_height, out_width };
        let mut x: Vec<f32> = (0..3 * h * w).map(|_| rng.below(4) as f32).collect();
        for (i, v) in x.iter_mut().enumerate() {
            match i % 37 {
                0 => *v = f32::NEG_INFINITY,
                19 if i % 3 == 0 => *v = f32::NAN,
                _ => {}
            }
        }
        let (in_plane, out_plane) = g.planes();
        let (mut y, mut switches) = (vec![0.0; 3 * out_plane], vec![0; 3 * out_plane]);
        max_pool(&x, &g, &mut y, &mut switches);
        for p in 0..3 {
            g.windows(|o, corner| {
                let (want, at) = window_max(&x[p * in_plane..(p + 1) * in_plane], corner, &g);
                assert_eq!((y[p * out_plane + o].to_bits(), switches[p * out_plane + o]), (want.to_bits(), at as u32));
            });
        }
    }
}

/// ReLU four lanes at a time keeps NaN, turns -0 and negatives into +0, and its backward
/// passes the gradient only where the output is positive.
pub fn relu_agrees_with_its_rule() {
    let x = [1.5, -2.0, 0.0, -0.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 3.0, -1e-30, 7.0, 2.0];
    let mut relu = ActivationLayer { kind: Activation::Relu };
    let mut y = vec![9.0; x.len()];
    relu.apply_all(&x, &mut y);
    for (&x, &y) in x.iter().zip(&y) {
        let want = if x > 0.0 || x.is_nan() { x } else { 0.0 };
        assert_eq!(y.to_bits(), want.to_bits(), "relu({x})");
    }
    let dy: Vec<f32> = (0..x.len()).map(|i| i as f32 - 4.5).collect();
    let mut dx = vec![9.0; x.len()];
    relu.backward(&x, &y, &dy, Some(&mut dx), &[], &mut []);
    for ((&y, &dy), &dx) in y.iter().zip(&dy).zip(&dx) {
        assert_eq!(dx.to_bits(), if y > 0.0 { dy } else { 0.0f32 }.to_bits());
    }
}

/// The sparse backward agrees with the dense products (`dW = dy cols^T`, `dcols = W^T dy`
/// folded back) for kernel rows of 1 to 16 values (1 to 4 vectors), strides and padding.
pub fn sparse_backward_agrees_with_the_dense_products() {
    let mut rng = Rng::new(3, 7);
    for (kernel, stride, padding) in [
        ([5, 5], [1, 1], [2, 2, 2, 2]),
        ([3, 1], [1, 2], [0, 1, 0, 0]),
        ([2, 7], [2, 1], [1, 0, 3, 2]),
        ([3, 16], [1, 3], [1, 1, 0, 0]),
    ] {
        let (channels, height, width, filters) = (3, 7, 16, 4);
        let win = Window::new(channels, [height, width], kernel, stride, padding);
        let (k, n) = (win.rows(), win.cols());
        let x: Vec<f32> = (0..channels * height * width).map(|_| rng.uniform(-1.0, 1.0)).collect();
        let w: Vec<f32> = (0..filters * k).map(|_| rng.uniform(-1.0, 1.0)).collect();
        let dy: Vec<f32> =
            (0..filters * n).map(|_| if rng.below(3) == 0 { rng.uniform(-1.0, 1.0) } else { 0.0 }).collect();
        let mut padded = vec![0.0; win.padded_len() + SLACK];
        pad_into(&x, &win, &mut padded);
        // dense: dW^T = cols dy^T, dcols = W^T dy
        let mut cols = vec![0.0; k * n];
        unfold(&padded, &win, &mut cols);
        let dy_t: Vec<f32> = (0..n * filters).map(|i| dy[(i % filters) * n + i / filters]).collect();
        let mut dw_t = vec![0.0; k * filters];
        gemm_nn(k, filters, n, &cols, &dy_t, &mut dw_t);
        let mut dcols = vec![0.0; k * n];
        gemm_tn_into(k, n, filters, &w, &dy, &mut dcols);
        let (mut dense_dpadded, mut dense_dx) = (vec![0.0; win.padded_len()], vec![0.0; x.len()]);
        fold(&dcols, &win, &mut dense_dpadded);
        unpad(&dense_dpadded, &win, &mut dense_dx);
        // sparse
        let mut nz = Nonzeros::default();
        nz.collect(&dy, &win.corners());
        let mut rows = Vec::new();
        sparse::weight_rows(&win, &w, &mut rows);
        let (mut dw, mut dpadded, mut dx) =
            (vec![0.0; w.len()], vec![0.0; win.padded_len() + DX_SLACK], vec![0.0; x.len()]);
        sparse::backward(&win, &nz, &padded, &rows, &mut dw, Some(&mut dpadded));
        unpad(&dpadded, &win, &mut dx);
        for f in 0..filters {
            for tap in 0..k {
                assert!((dw[f * k + tap] - dw_t[tap * filters + f]).abs() < 1e-5, "{win:?} dW[{f}, {tap}]");
            }
        }
        for (a, b) in dx.iter().zip(&dense_dx) {
            assert!((a - b).abs() < 1e-5, "{win:?}: dx {a} vs {b}");
        }
    }
}

fn values(len: usize, seed: u64) -> Vec<f32> {
    let mut r = Rng::new(seed, 9);
    (0..len).map(|_| r.uniform(-1.0, 1.0)).collect()
}

/// `c[i, j] (+)= sum_p a(i, p) b[p, j]`, one rounded product and one rounded add at a time.
fn triple_loop(m: usize, n: usize, k: usize, a: impl Fn(usize, usize) -> f32, b: &[f32], c: &mut [f32]) {
    for i in 0..m {
        for j in 0..n {
            let mut sum = c[i * n + j];
            for p in 0..k {
                let product = a(i, p) * b[p * n + j];
                sum += product;
            }
            c[i * n + j] = sum;
        }
    }
}

/// `Err` names the first product and entry that differs.
pub fn gemm_equals_the_triple_loop() -> Result<(), String> {
    for &(m, n, k) in &[(1, 1, 1), (3, 5, 7), (4, 8, 2), (9, 17, 13), (16, 33, 25), (8, 196, 200)] {
        let a = values(m * k, 1);
        let b = values(k * n, 2);
        let start = values(m * n, 3);
        let at: Vec<f32> = (0..k * m).map(|idx| a[(idx % m) * k + idx / m]).collect();
        let mut want = start.clone();
        triple_loop(m, n, k, |i, p| a[i * k + p], &b, &mut want);
        let mut want_fresh = vec![0.0; m * n];
        triple_loop(m, n, k, |i, p| a[i * k + p], &b, &mut want_fresh);

        let mut c = start.clone();
        gemm_nn(m, n, k, &a, &b, &mut c);
        compare("gemm_nn", (m, n, k), &c, &want)?;
        let mut c = start.clone();
        gemm_tn(m, n, k, &at, &b, &mut c);
        compare("gemm_tn", (m, n, k), &c, &want)?;
        let mut c = vec![f32::NAN; m * n];
        gemm_tn_into(m, n, k, &at, &b, &mut c);
        compare("gemm_tn_into", (m, n, k), &c, &want_fresh)?;
        let bias = values(m, 4);
        let mut want_bias: Vec<f32> = (0..m * n).map(|idx| bias[idx / n]).collect();
        triple_loop(m, n, k, |i, p| a[i * k + p], &b, &mut want_bias);
        let mut c = vec![f32::NAN; m * n];
        gemm_nn_bias(m, n, k, &a, &b, Some(&bias), &mut c);
        compare("gemm_nn_bias", (m, n, k), &c, &want_bias)?;
    }
    Ok(())
}

fn compare(name: &str, size: (usize, usize, usize), got: &[f32], want: &[f32]) -> Result<(), String> {
    match got.iter().zip(want).position(|(g, w)| g != w) {
        None => Ok(()),
        Some(i) => Err(format!("{name} {size:?}: entry {i} is {} but the triple loop gives {}", got[i], want[i])),
    }
}
