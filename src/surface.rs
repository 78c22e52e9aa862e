//! Loss surfaces: functions of two parameters `(x, y)` with their gradient, on which the
//! optimizers' paths can be drawn and compared by eye.
//!
//! A path is computed by the very code that trains networks: [`Optimizer::update`] on a
//! 2-element parameter slice `[x, y]` with the 2-element gradient `[df/dx, df/dy]`.
//!
//! | name | f(x, y) | what it shows |
//! |---|---|---|
//! | `rosenbrock` | `(1 - x)² + 100 (y - x²)²` | a curved, flat-bottomed valley; minimum 0 at (1, 1) |
//! | `beale` | `(1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)²` | plateaus and steep walls; minimum 0 at (3, 0.5) |
//! | `saddle` | `x² - y²` | a saddle point at (0, 0): the gradient vanishes, yet it is no minimum |
//! | `valley` | `x² / 20 + 5 y²` | an ill-conditioned quadratic (curvatures 0.1 and 10): SGD zig-zags |
//! | `himmelblau` | `(x² + y - 11)² + (x + y² - 7)²` | four minima of value 0: where you start decides where you end |

use crate::error::{suggestion, Result};
use crate::optim::{Optimizer, OptimizerSpec};
use crate::refuse;
use serde::Serialize;

/// One of the lecture's two-parameter test functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Rosenbrock,
    Beale,
    Saddle,
    Valley,
    Himmelblau,
}

pub const SURFACES: &[Surface] =
    &[Surface::Rosenbrock, Surface::Beale, Surface::Saddle, Surface::Valley, Surface::Himmelblau];

/// The names as written in a link: `surface=rosenbrock`.
pub const SURFACE_NAMES: &[&str] = &["rosenbrock", "beale", "saddle", "valley", "himmelblau"];

/// What the page draws around a surface: the region shown, the default start and the minima.
#[derive(Debug, Clone, Serialize)]
pub struct SurfaceInfo {
    pub name: &'static str,
    pub formula: &'static str,
    /// `[x_min, x_max, y_min, y_max]`
    #[serde(rename = "viewBox")]
    pub view_box: [f32; 4],
    pub start: [f32; 2],
    pub minima: Vec<[f32; 2]>,
}

/// An optimizer's path on a surface: `points[0]` is the start, `points[k]` the point after
/// step `k`; `values[k] = f(points[k])`. `diverged` is the first step whose point is no longer
/// finite or has left the region a thousand times wider than the view box; the path stops there.
#[derive(Debug, Clone, Serialize)]
pub struct Path {
    pub points: Vec<[f32; 2]>,
    pub values: Vec<f32>,
    pub diverged: Option<usize>,
}

impl Surface {
    pub fn from_name(name: &str) -> Result<Surface> {
        match SURFACE_NAMES.iter().position(|&n| n == name) {
            Some(i) => Ok(SURFACES[i]),
            None => refuse!(
                LINK_SURFACE_UNKNOWN,
                name,
                hint = suggestion(name, SURFACE_NAMES),
                names = SURFACE_NAMES.join(", ")
            ),
        }
    }

    pub fn name(self) -> &'static str {
        SURFACE_NAMES[SURFACES.iter().position(|&s| s == self).unwrap_or(0)]
    }

    /// `f(x, y)` in f64, rounded to f32 once.
    pub fn value(self, x: f32, y: f32) -> f32 {
        let (x, y) = (f64::from(x), f64::from(y));
        let f = match self {
            Surface::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            Surface::Beale => {
                let [a, b, c] = beale_terms(x, y);
                a * a + b * b + c * c
            }
            Surface::Saddle => x * x - y * y,
            Surface::Valley => x * x / 20.0 + 5.0 * y * y,
            Surface::Himmelblau => (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2),
        };
        f as f32
    }

    /// `[df/dx, df/dy]`, worked out by hand and checked against finite differences in tests.
    pub fn gradient(self, x: f32, y: f32) -> [f32; 2] {
        let (x, y) = (f64::from(x), f64::from(y));
        let g = match self {
            Surface::Rosenbrock => [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)],
            Surface::Beale => {
                let [a, b, c] = beale_terms(x, y);
                [
                    2.0 * (a * (y - 1.0) + b * (y * y - 1.0) + c * (y * y * y - 1.0)),
                    2.0 * (a * x + b * 2.0 * x * y + c * 3.0 * x * y * y),
                ]
            }
            Surface::Saddle => [2.0 * x, -2.0 * y],
            Surface::Valley => [x / 10.0, 10.0 * y],
            Surface::Himmelblau => {
                let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
                [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]
            }
        };
        [g[0] as f32, g[1] as f32]
    }

    pub fn info(self) -> SurfaceInfo {
        let (formula, view_box, start, minima): (_, _, _, Vec<[f32; 2]>) = match self {
            Surface::Rosenbrock => ("(1 - x)² + 100 (y - x²)²", [-2.0, 2.0, -1.0, 3.0], [-1.2, 1.0], vec![[1.0, 1.0]]),
            Surface::Beale => (
                "(1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)²",
                [-4.5, 4.5, -4.5, 4.5],
                [1.0, 1.4],
                vec![[3.0, 0.5]],
            ),
            Surface::Saddle => ("x² - y²", [-2.0, 2.0, -2.0, 2.0], [-1.8, 0.05], vec![]),
            Surface::Valley => ("x²/20 + 5 y²", [-10.0, 10.0, -4.0, 4.0], [-9.0, 2.5], vec![[0.0, 0.0]]),
            Surface::Himmelblau => (
                "(x² + y - 11)² + (x + y² - 7)²",
                [-5.0, 5.0, -5.0, 5.0],
                [0.0, 0.0],
                vec![[3.0, 2.0], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
            ),
        };
        SurfaceInfo { name: self.name(), formula, view_box, start, minima }
    }

    /// `f` on a `columns x rows` grid over the view box, row by row from the top (`y_max`),
    /// each value at its cell's centre: what the page colours as a heatmap.
    pub fn grid(self, columns: usize, rows: usize) -> Vec<f32> {
        let [x0, x1, y0, y1] = self.info().view_box;
        let mut values = Vec::with_capacity(columns * rows);
        for r in 0..rows {
            let y = y1 - (y1 - y0) * (r as f32 + 0.5) / rows as f32;
            values.extend((0..columns).map(|c| self.value(x0 + (x1 - x0) * (c as f32 + 0.5) / columns as f32, y)));
        }
        values
    }

    /// `steps` updates of `optimizer` from `start`, stopping early at a divergence.
    pub fn path(self, optimizer: OptimizerSpec, start: [f32; 2], steps: usize) -> Path {
        let [x0, x1, y0, y1] = self.info().view_box;
        let limit = 1000.0 * (x1 - x0).max(y1 - y0);
        let mut params = start;
        let mut optimizer = Optimizer::new(optimizer, 2);
        let mut path = Path { points: vec![start], values: vec![self.value(start[0], start[1])], diverged: None };
        for step in 1..=steps {
            let grad = self.gradient(params[0], params[1]);
            optimizer.update(&mut params, &grad);
            let value = self.value(params[0], params[1]);
            path.points.push(params);
            path.values.push(value);
            if !(params.iter().all(|p| p.abs() <= limit) && value.is_finite()) {
                path.diverged = Some(step);
                break;
            }
        }
        path
    }
}

fn beale_terms(x: f64, y: f64) -> [f64; 3] {
    [1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn optimizer(json: &str) -> OptimizerSpec {
        OptimizerSpec::from_json_str(json).unwrap()
    }

    #[test]
    fn gradients_match_finite_differences() {
        for &surface in SURFACES {
            for &(x, y) in &[(-1.2f32, 1.0f32), (0.5, -0.7), (2.0, 0.3), (-0.3, 1.7)] {
                let g = surface.gradient(x, y);
                let h = 1e-3f64;
                let f = |x: f64, y: f64| f64::from(surface.value(x as f32, y as f32));
                let (xf, yf) = (f64::from(x), f64::from(y));
                let dx = (f(xf + h, yf) - f(xf - h, yf)) / (2.0 * h);
                let dy = (f(xf, yf + h) - f(xf, yf - h)) / (2.0 * h);
                for (analytic, numeric) in [(g[0], dx), (g[1], dy)] {
                    let tolerance = 1e-2 * (1.0 + numeric.abs());
                    assert!(
                        (f64::from(analytic) - numeric).abs() < tolerance,
                        "{} at ({x}, {y}): {analytic} vs {numeric}",
                        surface.name()
                    );
                }
            }
        }
    }

    #[test]
    fn minima_are_minima_and_names_round_trip() {
        for &surface in SURFACES {
            assert_eq!(Surface::from_name(surface.name()).unwrap(), surface);
            for m in surface.info().minima {
                assert!(surface.value(m[0], m[1]).abs() < 1e-4, "{} at {m:?}", surface.name());
                let g = surface.gradient(m[0], m[1]);
                assert!(g[0].abs() < 1e-3 && g[1].abs() < 1e-3, "{} gradient at {m:?}: {g:?}", surface.name());
            }
        }
        let err = Surface::from_name("rosenbrok").unwrap_err();
        assert!(err.message().contains("did you mean \"rosenbrock\""), "{}", err.message());
    }

    #[test]
    fn path_uses_the_training_update_rule() {
        // One sgd step by hand: start - lr * gradient.
        let path = Surface::Valley.path(optimizer(r#"{"type": "sgd", "lr": 0.1}"#), [-9.0, 2.5], 1);
        let g = Surface::Valley.gradient(-9.0, 2.5);
        assert_eq!(path.points[1], [-9.0 - 0.1 * g[0], 2.5 - 0.1 * g[1]]);
        // Adam on Rosenbrock gets close to the minimum at (1, 1).
        let adam = Surface::Rosenbrock.path(optimizer(r#"{"type": "adam", "lr": 0.05}"#), [-1.2, 1.0], 2000);
        let end = adam.points.last().unwrap();
        assert!(adam.diverged.is_none() && (end[0] - 1.0).abs() < 0.1 && (end[1] - 1.0).abs() < 0.2, "{end:?}");
    }

    #[test]
    fn divergence_stops_the_path_and_is_marked() {
        // On the valley, sgd with lr 0.25 multiplies y by (1 - 0.25 * 10) = -1.5 each step.
        let path = Surface::Valley.path(optimizer(r#"{"type": "sgd", "lr": 0.25}"#), [-9.0, 2.5], 500);
        let step = path.diverged.expect("lr 0.25 must diverge on the valley");
        assert_eq!(path.points.len(), step + 1);
        assert!(step < 50, "{step}");
        let calm = Surface::Valley.path(optimizer(r#"{"type": "sgd", "lr": 0.15}"#), [-9.0, 2.5], 500);
        assert!(calm.diverged.is_none());
        assert_eq!(calm.points.len(), 501);
    }

    #[test]
    fn grid_is_row_major_from_the_top() {
        let grid = Surface::Saddle.grid(4, 2);
        assert_eq!(grid.len(), 8);
        // the top-left cell centre is (-1.5, 1.0): 2.25 - 1 = 1.25
        assert_eq!(grid[0], 1.25);
    }
}
