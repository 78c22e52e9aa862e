//! The multiply+add ceiling: a loop that does nothing but independent multiply+adds on
//! registers, so the benchmark can put the GEMMs' GFLOP/s beside what the CPU can do at best.
//!
//! `ACCUMULATORS` independent chains `acc = acc * x + y`, each of `LANES` f32 lanes (one
//! f32x4 on wasm simd128), hide the latency of the multiply and the add. Wasm SIMD128 has no
//! fused multiply-add, so this is a multiply then an add: 2 flops per lane per chain, the
//! instruction mix of the GEMM microkernels (`kernels::gemm`).
//!
//! What it takes to be measured right, each learnt from a reading that came out below the
//! GEMMs' own rate:
//! - `x` and `y` must be opaque to the compiler ([`core::hint::black_box`]): as constants,
//!   V8 rebuilt each `v128.const` inside the loop on every use (20% slower);
//! - the loop must be a function of its own, called many times: V8 runs a wasm function in
//!   its baseline compiler first and swaps in optimized code only at a later call;
//! - the best of many short runs, not one long one: on a shared machine any run can lose
//!   its core for a while, and no run can be faster than the hardware.

use super::lanes::F32x4;
use core::hint::black_box;

/// f32 lanes per vector (wasm simd128: f32x4).
const LANES: usize = 4;
/// Independent chains: 12 multiply+add pairs in flight cover a multiply's and an add's
/// latency on two or three vector ports; 12 accumulators plus `x` and `y` fit the 15 vector
/// registers V8 allocates on x86-64.
const ACCUMULATORS: usize = 12;

/// Flops done by one iteration of [`multiply_add_loop`].
pub const FLOPS_PER_ITERATION: f64 = (ACCUMULATORS * LANES * 2) as f64;

/// Runs `iterations` rounds of `acc = acc * x + y` on every chain; returns the sum of the
/// accumulators so that the work cannot be optimized away. With `x` just below 1 and `y`
/// small (e.g. 0.9999 and 0.001) the values tend to `y / (1 - x)`: finite and normal for any
/// count. Written once against [`F32x4`]: wasm simd128 in the browser, SSE natively.
#[inline(never)]
pub fn multiply_add_loop(iterations: usize, x: f32, y: f32) -> f32 {
    let (x, y) = (F32x4::splat(black_box(x)), F32x4::splat(black_box(y)));
    // Twelve named locals rather than an array: V8 keeps each one in a register.
    let lane = |i: f32| F32x4::splat(i * 0.01);
    let (mut a0, mut a1, mut a2, mut a3, mut a4, mut a5) =
        (lane(0.0), lane(1.0), lane(2.0), lane(3.0), lane(4.0), lane(5.0));
    let (mut a6, mut a7, mut a8, mut a9, mut a10, mut a11) =
        (lane(6.0), lane(7.0), lane(8.0), lane(9.0), lane(10.0), lane(11.0));
    for _ in 0..iterations {
        // y + acc * x: a multiply, then an add that waits for it
        a0 = y.mul_add(a0, x);
        a1 = y.mul_add(a1, x);
        a2 = y.mul_add(a2, x);
        a3 = y.mul_add(a3, x);
        a4 = y.mul_add(a4, x);
        a5 = y.mul_add(a5, x);
        a6 = y.mul_add(a6, x);
        a7 = y.mul_add(a7, x);
        a8 = y.mul_add(a8, x);
        a9 = y.mul_add(a9, x);
        a10 = y.mul_add(a10, x);
        a11 = y.mul_add(a11, x);
    }
    [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11].iter().fold(F32x4::splat(0.0), |t, a| t.plus(*a)).sum()
}

/// Iterations of [`multiply_add_loop`] that last at least `ms` on `clock` (milliseconds),
/// doubling from 4096: the first calls also give V8 the time to optimize the loop.
pub fn calibrate(ms: f64, clock: &mut dyn FnMut() -> f64) -> usize {
    let mut iterations = 1 << 12;
    while timed_run(iterations, clock).1 < ms {
        iterations *= 2;
    }
    iterations
}

/// One timed run of `iterations`: `(flops, milliseconds)`.
pub fn timed_run(iterations: usize, clock: &mut dyn FnMut() -> f64) -> (f64, f64) {
    let start = clock();
    let sum = multiply_add_loop(iterations, 0.999_9, 1e-3);
    let ms = clock() - start;
    // The sum is always finite; reading it keeps the loop from being optimized away.
    let flops = if sum.is_finite() { iterations as f64 * FLOPS_PER_ITERATION } else { 0.0 };
    (flops, ms)
}

/// The ceiling in GFLOP/s: the best of `runs` runs of about 10 ms.
pub fn peak_gflops(runs: usize, clock: &mut dyn FnMut() -> f64) -> f64 {
    let iterations = calibrate(10.0, clock);
    (0..runs).map(|_| timed_run(iterations, clock)).map(|(flops, ms)| flops / ms / 1e6).fold(0.0, f64::max)
}

/// The ceiling measured alongside other work: a run of about 1 ms after each piece of it
/// ([`Alongside::run`]), its rate the total flops over the total time. On a shared machine
/// whatever slows the work down then slows its ceiling alike, so the work's share of the
/// ceiling holds where a best-of ceiling and a mean of the work would not be comparable.
#[derive(Debug, Clone)]
pub struct Alongside {
    iterations: usize,
    flops: f64,
    ms: f64,
}

impl Alongside {
    pub fn new(clock: &mut dyn FnMut() -> f64) -> Self {
        Alongside { iterations: calibrate(1.0, clock), flops: 0.0, ms: 0.0 }
    }
    pub fn run(&mut self, clock: &mut dyn FnMut() -> f64) {
        let (flops, ms) = timed_run(self.iterations, clock);
        self.flops += flops;
        self.ms += ms;
    }
    /// GFLOP/s over every run so far.
    pub fn gflops(&self) -> f64 {
        self.flops / self.ms / 1e6
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_converges_to_the_fixed_point_of_x_times_acc_plus_y() {
        // acc = 0.9999 acc + 0.001 tends to 0.001 / (1 - 0.9999) = 10 on every lane
        let total = multiply_add_loop(200_000, 0.999_9, 1e-3);
        let lanes = (ACCUMULATORS * LANES) as f32;
        assert!((total / lanes - 10.0).abs() < 0.01, "{total}");
        assert_eq!(FLOPS_PER_ITERATION, 96.0);
    }

    #[test]
    fn the_ceiling_is_timed_by_the_clock_it_is_given() {
        // a clock on which every run lasts 10 ms: calibrated at once, then three timed runs
        let reads = core::cell::Cell::new(0);
        let mut clock = || {
            reads.set(reads.get() + 1);
            reads.get() as f64 * 10.0
        };
        let rate = 4096.0 * 96.0 / 10.0 / 1e6;
        assert_eq!(peak_gflops(3, &mut clock), rate);
        assert_eq!(reads.get(), 8);
        let mut alongside = Alongside::new(&mut clock);
        alongside.run(&mut clock);
        alongside.run(&mut clock);
        assert_eq!((alongside.gflops(), reads.get()), (rate, 14));
    }
}
