//! The multiply+add ceiling: a loop that does nothing but independent multiply+adds on
//! registers, so the benchmark can put the GEMMs' GFLOP/s beside what the CPU can do at best.
//!
//! `ACCUMULATORS` independent chains `acc = acc * x + y`, each of `LANES` f32 lanes (one
//! f32x4 on wasm simd128), hide the latency of the multiply and the add. Wasm SIMD128 has no
//! fused multiply-add, so this is a multiply then an add: 2 flops per lane per chain.

/// f32 lanes per vector (wasm simd128: f32x4).
const LANES: usize = 4;
/// Independent chains: enough to cover add and multiply latency, few enough for 16 registers.
const ACCUMULATORS: usize = 12;

/// Flops done by one iteration of [`multiply_add_loop`].
pub const FLOPS_PER_ITERATION: f64 = (ACCUMULATORS * LANES * 2) as f64;

/// Runs `iterations` rounds of `acc = acc * x + y` on every chain; returns a sum of the
/// accumulators so that the work cannot be optimized away. `x` is just below 1 and `y` small,
/// so the values stay finite and normal for any count.
///
/// Never inlined: V8 first runs wasm in its baseline compiler (Liftoff) and swaps in optimized
/// code only at a later *call*, so the timing loop must call this again and again to be
/// measured at full speed (inlined into one long call, it measured a quarter of the ceiling).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(never)]
pub fn multiply_add_loop(iterations: usize) -> f32 {
    use core::arch::wasm32::*;
    let x = f32x4_splat(0.999_9);
    let y = f32x4_splat(1e-3);
    // Twelve named locals rather than an array: V8 keeps each one in a register.
    let lane = |i: f32| f32x4_splat(i * 0.01);
    let (mut a0, mut a1, mut a2, mut a3, mut a4, mut a5) =
        (lane(0.0), lane(1.0), lane(2.0), lane(3.0), lane(4.0), lane(5.0));
    let (mut a6, mut a7, mut a8, mut a9, mut a10, mut a11) =
        (lane(6.0), lane(7.0), lane(8.0), lane(9.0), lane(10.0), lane(11.0));
    for _ in 0..iterations {
        a0 = f32x4_add(f32x4_mul(a0, x), y);
        a1 = f32x4_add(f32x4_mul(a1, x), y);
        a2 = f32x4_add(f32x4_mul(a2, x), y);
        a3 = f32x4_add(f32x4_mul(a3, x), y);
        a4 = f32x4_add(f32x4_mul(a4, x), y);
        a5 = f32x4_add(f32x4_mul(a5, x), y);
        a6 = f32x4_add(f32x4_mul(a6, x), y);
        a7 = f32x4_add(f32x4_mul(a7, x), y);
        a8 = f32x4_add(f32x4_mul(a8, x), y);
        a9 = f32x4_add(f32x4_mul(a9, x), y);
        a10 = f32x4_add(f32x4_mul(a10, x), y);
        a11 = f32x4_add(f32x4_mul(a11, x), y);
    }
    let mut total = f32x4_splat(0.0);
    for a in [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] {
        total = f32x4_add(total, a);
    }
    f32x4_extract_lane::<0>(total)
        + f32x4_extract_lane::<1>(total)
        + f32x4_extract_lane::<2>(total)
        + f32x4_extract_lane::<3>(total)
}

/// The portable version: the same arithmetic on plain arrays (LLVM vectorizes it natively).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn multiply_add_loop(iterations: usize) -> f32 {
    let mut acc = [[0.0f32; LANES]; ACCUMULATORS];
    for (i, a) in acc.iter_mut().enumerate() {
        *a = [i as f32 * 0.01; LANES];
    }
    for _ in 0..iterations {
        for a in acc.iter_mut() {
            for v in a.iter_mut() {
                *v = *v * 0.999_9 + 1e-3;
            }
        }
    }
    acc.iter().flatten().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_converges_to_the_fixed_point_of_x_times_acc_plus_y() {
        // acc = 0.9999 acc + 0.001 tends to 0.001 / (1 - 0.9999) = 10 on every lane
        let total = multiply_add_loop(200_000);
        let lanes = (ACCUMULATORS * LANES) as f32;
        assert!((total / lanes - 10.0).abs() < 0.01, "{total}");
        assert_eq!(FLOPS_PER_ITERATION, 96.0);
    }
}
