//! Loss surfaces for JavaScript: their list, a heatmap grid, and optimizer paths computed by the
//! same `Optimizer::update` as network training.

use super::{js_error, optimizer_spec, read_f32, to_js, JsResult};
use crate::link::MAX_STEPS;
use crate::surface::{Surface, SURFACES};
use wasm_bindgen::prelude::*;

/// Every surface: `[{name, formula, viewBox: [x0, x1, y0, y1], start: [x, y], minima}]`.
#[wasm_bindgen]
pub fn surfaces() -> JsValue {
    to_js(&SURFACES.iter().map(|s| s.info()).collect::<Vec<_>>())
}

/// `f` on a `columns x rows` grid over the view box, rows from the top, as a Float32Array.
#[wasm_bindgen(js_name = surfaceGrid)]
pub fn surface_grid(name: &str, columns: u32, rows: u32) -> JsResult<Vec<f32>> {
    if !(1..=1024).contains(&columns) || !(1..=1024).contains(&rows) {
        return Err(js_error(crate::err!(JS_SURFACE_GRID, columns, rows)));
    }
    Ok(Surface::from_name(name).map_err(js_error)?.grid(columns as usize, rows as usize))
}

/// `surfacePath(name, optimizer, [x, y], steps)` -> `{points: [[x, y], ...], values, diverged}`:
/// `points[k]` after step `k` (`points[0]` the start); `diverged` is the step where the path
/// left every sensible region, or null.
#[wasm_bindgen(js_name = surfacePath)]
pub fn surface_path(name: &str, optimizer: JsValue, start: JsValue, steps: u32) -> JsResult<JsValue> {
    let surface = Surface::from_name(name).map_err(js_error)?;
    let optimizer = optimizer_spec(&optimizer)?;
    let mut xy = Vec::new();
    read_f32(&start, "start", &mut xy)?;
    let [x, y] = xy[..] else {
        return Err(js_error(crate::err!(JS_SURFACE_START, count = xy.len())));
    };
    if !(x.is_finite() && y.is_finite()) || steps as usize > MAX_STEPS {
        return Err(js_error(crate::err!(JS_SURFACE_PATH, max = MAX_STEPS)));
    }
    Ok(to_js(&surface.path(optimizer, [x, y], steps as usize)))
}
