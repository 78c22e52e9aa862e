//! Max and average pooling: a window slides over each channel on its own and keeps its largest
//! value or its mean. Height and width shrink, depth stays, and there is nothing to train.
//!
//! Max pooling remembers which input won each window (its "switch"); backward sends the
//! gradient to that input only, and the page draws the winners.
//!
//! # Shapes
//! input `[batch, c, h, w]`, output `[batch, c, oh, ow]` with `oh = (h - ph) / sh + 1` (rounded
//! down), likewise `ow`.

use crate::kernels::pool::max_pool;
pub use crate::kernels::pool::PoolGeometry;

#[derive(Debug, Clone)]
pub struct MaxPool {
    pub geometry: PoolGeometry,
    /// For every output value of the last forward, the index in its input plane (`ih * w + iw`)
    /// of the value that won.
    switches: Vec<u32>,
}

impl MaxPool {
    pub fn new(geometry: PoolGeometry) -> Self {
        MaxPool { geometry, switches: Vec::new() }
    }

    /// The winners of the last forward, `[batch, c, oh, ow]`, each an index into its input plane.
    pub fn switches(&self) -> &[u32] {
        &self.switches
    }

    pub fn forward(&mut self, x: &[f32], y: &mut [f32]) {
        self.switches.resize(y.len(), 0);
        max_pool(x, &self.geometry, y, &mut self.switches);
    }

    pub fn backward(&self, dy: &[f32], dx: &mut [f32]) {
        let (in_plane, out_plane) = self.geometry.planes();
        dx.fill(0.0);
        for ((dxp, dyp), sp) in
            dx.chunks_exact_mut(in_plane).zip(dy.chunks_exact(out_plane)).zip(self.switches.chunks_exact(out_plane))
        {
            for (&d, &s) in dyp.iter().zip(sp) {
                dxp[s as usize] += d;
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct AvgPool {
    pub geometry: PoolGeometry,
}

impl AvgPool {
    pub fn forward(&self, x: &[f32], y: &mut [f32]) {
        let g = self.geometry;
        let (in_plane, out_plane) = g.planes();
        let scale = 1.0 / (g.size[0] * g.size[1]) as f32;
        for (xp, yp) in x.chunks_exact(in_plane).zip(y.chunks_exact_mut(out_plane)) {
            g.windows(|o, corner| {
                let mut sum = 0.0;
                for i in 0..g.size[0] {
                    let row = corner + i * g.width;
                    sum += xp[row..row + g.size[1]].iter().sum::<f32>();
                }
                yp[o] = sum * scale;
            });
        }
    }

    pub fn backward(&self, dy: &[f32], dx: &mut [f32]) {
        let g = self.geometry;
        let (in_plane, out_plane) = g.planes();
        let scale = 1.0 / (g.size[0] * g.size[1]) as f32;
        dx.fill(0.0);
        for (dxp, dyp) in dx.chunks_exact_mut(in_plane).zip(dy.chunks_exact(out_plane)) {
            g.windows(|o, corner| {
                let share = dyp[o] * scale;
                for i in 0..g.size[0] {
                    let row = corner + i * g.width;
                    dxp[row..row + g.size[1]].iter_mut().for_each(|d| *d += share);
                }
            });
        }
    }
}
