//! What `www/bench.html` measures besides training itself: the multiply+add ceiling of this
//! CPU in wasm SIMD128, a training step's time layer by layer, and the wasm memory in use.

use super::{batch_size, js_error, network_spec, read_classes, read_f32, to_js, JsResult};
use crate::kernels::peak::{peak_gflops, Alongside};
use crate::network::LayerTimes;
use crate::{Network, Targets};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds, in a page and in a worker alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The multiply+add ceiling in GFLOP/s: the best of `runs` runs of ~10 ms of independent
/// f32x4 multiply+adds (see `kernels::peak`), 2 flops per lane.
#[wasm_bindgen(js_name = simdPeakGflops)]
pub fn simd_peak_gflops(runs: u32) -> f64 {
    peak_gflops(runs.max(1) as usize, &mut performance_now)
}

/// Bytes of wasm memory the module holds now (it only grows): the playground's footprint.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// Runs `repeats` training steps of a fresh network (seed 42) on one batch, layer by layer,
/// each followed by ~1 ms of the multiply+add ceiling loop; returns `{layers, ceilingGflops}`:
/// each layer's mean `{index, type, forwardMs, backwardMs, forwardFlops, backwardFlops,
/// backwardFlopsDone}` (flops for the whole batch) and the ceiling measured alongside
/// (`kernels::peak::Alongside`).
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
    let mut ceiling = Alongside::new(&mut clock);
    let mut runs: Vec<Vec<LayerTimes>> = Vec::new();
    for _ in 0..repeats.max(1) {
        runs.push(
            network.profile_gradients(&input, Targets::Classes(&classes), batch, &mut clock).map_err(js_error)?.1,
        );
        ceiling.run(&mut clock);
    }
    let profile = Profile { layers: LayerTimes::mean_of(&runs), ceiling_gflops: ceiling.gflops() };
    Ok(to_js(&profile))
}

#[derive(serde::Serialize)]
struct Profile {
    layers: Vec<LayerTimes>,
    #[serde(rename = "ceilingGflops")]
    ceiling_gflops: f64,
}
