//! What `www/bench.html` measures besides training itself: the multiply+add ceiling of this
//! CPU in wasm SIMD128, a training step's time layer by layer, and the wasm memory in use.

use super::{batch_size, js_error, network_spec, read_classes, read_f32, to_js, JsResult};
use crate::kernels::peak::{multiply_add_loop, FLOPS_PER_ITERATION};
use crate::network::LayerTimes;
use crate::{Network, Targets};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds, in a page and in a worker alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The multiply+add ceiling in GFLOP/s: the best of 5 runs of ~100 ms of independent f32x4
/// multiply+adds (see `kernels::peak`), 2 flops per lane.
#[wasm_bindgen(js_name = simdPeakGflops)]
pub fn simd_peak_gflops() -> f64 {
    let mut iterations = 1 << 16;
    let mut sink = 0.0;
    let mut best: f64 = 0.0;
    let mut runs = 0;
    while runs < 5 {
        let start = performance_now();
        sink += multiply_add_loop(iterations);
        let ms = performance_now() - start;
        if ms < 50.0 {
            iterations *= 2; // calibrating: too short to time
            continue;
        }
        best = best.max(iterations as f64 * FLOPS_PER_ITERATION / ms / 1e6);
        runs += 1;
    }
    // The sum is always finite; reading it keeps the loop from being optimized away.
    if sink.is_finite() {
        best
    } else {
        0.0
    }
}

/// Bytes of wasm memory the module holds now (it only grows): the playground's footprint.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// Runs `repeats` training steps of a fresh network (seed 42) on one batch, layer by layer,
/// and returns each layer's mean `{index, type, forwardMs, backwardMs, forwardFlops,
/// backwardFlops}` (flops for the whole batch).
#[wasm_bindgen(js_name = profileTrainingStep)]
pub fn profile_training_step(
    spec: JsValue,
    images: JsValue,
    labels: JsValue,
    batch: f64,
    repeats: u32,
) -> JsResult<JsValue> {
    let mut network = Network::new(network_spec(&spec)?, 42);
    let (mut input, mut classes) = (Vec::new(), Vec::new());
    read_f32(&images, "images", &mut input)?;
    read_classes(&labels, &mut classes)?;
    let batch = batch_size(batch)?;
    let mut clock = performance_now;
    let mut runs: Vec<Vec<LayerTimes>> = Vec::new();
    for _ in 0..repeats.max(1) {
        runs.push(
            network.profile_gradients(&input, Targets::Classes(&classes), batch, &mut clock).map_err(js_error)?.1,
        );
    }
    let layers = LayerTimes::mean_of(&runs);
    Ok(to_js(&layers))
}
