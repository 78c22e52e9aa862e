//! Max and average pooling: a window slides over each channel on its own and keeps its largest
//! value or its mean. Height and width shrink, depth stays, and there is nothing to train.
//!
//! Max pooling remembers which input won each window (its "switch"); backward sends the
//! gradient to that input only, and the page draws the winners.
//!
//! # Shapes
//! input `[batch, c, h, w]`, output `[batch, c, oh, ow]` with `oh = (h - ph) / sh + 1` (rounded
//! down), likewise `ow`.

#[derive(Debug, Clone, Copy)]
pub struct PoolGeometry {
    pub height: usize,
    pub width: usize,
    pub size: [usize; 2],
    pub stride: [usize; 2],
    pub out_height: usize,
    pub out_width: usize,
}

impl PoolGeometry {
    /// Visits every output position of one channel plane with the input index of its window's
    /// top-left corner.
    #[inline(always)]
    fn windows(&self, mut f: impl FnMut(usize, usize)) {
        for oh in 0..self.out_height {
            for ow in 0..self.out_width {
                f(oh * self.out_width + ow, oh * self.stride[0] * self.width + ow * self.stride[1]);
            }
        }
    }

    fn planes(&self) -> (usize, usize) {
        (self.height * self.width, self.out_height * self.out_width)
    }
}

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
        let g = self.geometry;
        let (in_plane, out_plane) = g.planes();
        self.switches.resize(y.len(), 0);
        let planes = x.chunks_exact(in_plane).zip(y.chunks_exact_mut(out_plane)).zip(self.switches.chunks_exact_mut(out_plane));
        for ((xp, yp), sp) in planes {
            g.windows(|o, corner| {
                // First maximum wins and NaN propagates, as in PyTorch.
                let (mut best, mut best_at) = (f32::NEG_INFINITY, corner);
                for i in 0..g.size[0] {
                    let row = corner + i * g.width;
                    for (j, &v) in xp[row..row + g.size[1]].iter().enumerate() {
                        if v > best || v.is_nan() {
                            best = v;
                            best_at = row + j;
                            if v.is_nan() {
                                break;
                            }
                        }
                    }
                }
                yp[o] = best;
                sp[o] = best_at as u32;
            });
        }
    }

    pub fn backward(&self, dy: &[f32], dx: &mut [f32]) {
        let (in_plane, out_plane) = self.geometry.planes();
        dx.fill(0.0);
        for ((dxp, dyp), sp) in dx.chunks_exact_mut(in_plane).zip(dy.chunks_exact(out_plane)).zip(self.switches.chunks_exact(out_plane)) {
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
