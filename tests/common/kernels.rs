//! The claim of `kernels::gemm` checked exactly: the register-tiled products sum each entry in
//! the order `((c + a0 b0) + a1 b1) + ...`, each product rounded on its own, so they equal the
//! plain f32 triple loop value for value, on every target (natively, and in wasm with simd128).

use cnn_playground::kernels::gemm::{gemm_nn, gemm_tn, gemm_tn_into};
use cnn_playground::rng::Rng;

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
    }
    Ok(())
}

fn compare(name: &str, size: (usize, usize, usize), got: &[f32], want: &[f32]) -> Result<(), String> {
    match got.iter().zip(want).position(|(g, w)| g != w) {
        None => Ok(()),
        Some(i) => Err(format!("{name} {size:?}: entry {i} is {} but the triple loop gives {}", got[i], want[i])),
    }
}
