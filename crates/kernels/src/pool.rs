//! Max pooling's hot loop: four neighbouring windows of a row at once, branch-free.
//!
//! Each window keeps its largest value and where it was ("switch"): the first maximum wins
//! and a NaN wins at once, as in PyTorch. Four windows are compared tap by tap in four lanes
//! (a lane takes the new value only when it is strictly larger, so the first maximum stays);
//! a block holding a NaN is redone by the one-window loop, which knows the NaN rule.

use super::lanes::{F32x4, Mask4, U32x4};

/// A pooling window sliding over channel planes of `height x width`.
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
    pub fn windows(&self, mut f: impl FnMut(usize, usize)) {
        let (row_step, column_step) = (self.stride[0] * self.width, self.stride[1]);
        let (mut o, mut row) = (0, 0);
        for _ in 0..self.out_height {
            let mut corner = row;
            for _ in 0..self.out_width {
                f(o, corner);
                o += 1;
                corner += column_step;
            }
            row += row_step;
        }
    }

    /// `(h * w, oh * ow)`: values in an input and in an output plane.
    pub fn planes(&self) -> (usize, usize) {
        (self.height * self.width, self.out_height * self.out_width)
    }
}

/// The largest value of the window at `corner` of plane `xp` and its index in the plane:
/// the first maximum wins and a NaN wins at once, as in PyTorch.
pub fn window_max(xp: &[f32], corner: usize, g: &PoolGeometry) -> (f32, usize) {
    let (mut best, mut best_at) = (f32::NEG_INFINITY, corner);
    for i in 0..g.size[0] {
        let row = corner + i * g.width;
        for (j, &v) in xp[row..row + g.size[1]].iter().enumerate() {
            if v > best || v.is_nan() {
                best = v;
                best_at = row + j;
                if v.is_nan() {
                    return (best, best_at);
                }
            }
        }
    }
    (best, best_at)
}

/// Max pooling of every plane of `x` (`[planes, h, w]`) into `y` (`[planes, oh, ow]`), each
/// window's winner into `switches` as an index in its input plane (`ih * w + iw`).
pub fn max_pool(x: &[f32], g: &PoolGeometry, y: &mut [f32], switches: &mut [u32]) {
    // The usual pools, windows side by side, unrolled with shuffled reads; any other reads its
    // windows' values one by one (each unrolled case costs ~5 KB of wasm).
    match (g.size, g.stride[1]) {
        ([2, 2], 2) => planes::<2, 2, 2>(x, g, y, switches),
        ([3, 3], 3) => planes::<3, 3, 3>(x, g, y, switches),
        _ => planes::<0, 0, 0>(x, g, y, switches),
    }
}

/// The gradient of [`max_pool`]: each output's gradient `dy` (`[planes, oh, ow]`) goes to the
/// input that won its window (`switches`), summed where one input won several windows; every
/// other value of `dx` (`[planes, h, w]`) is 0.
pub fn max_pool_backward(dy: &[f32], g: &PoolGeometry, switches: &[u32], dx: &mut [f32]) {
    let (in_plane, out_plane) = g.planes();
    dx.fill(0.0);
    for ((dxp, dyp), sp) in
        dx.chunks_exact_mut(in_plane).zip(dy.chunks_exact(out_plane)).zip(switches.chunks_exact(out_plane))
    {
        for (&d, &s) in dyp.iter().zip(sp) {
            dxp[s as usize] += d;
        }
    }
}

/// [`max_pool`] with the window `PH x PW` and the column stride `S` known at compile time
/// (0: read from `g`).
#[inline(always)]
fn planes<const PH: usize, const PW: usize, const S: usize>(
    x: &[f32],
    g: &PoolGeometry,
    y: &mut [f32],
    switches: &mut [u32],
) {
    let (in_plane, out_plane) = g.planes();
    let [sh, sw] = g.stride;
    assert!((g.out_height - 1) * sh + g.size[0] <= g.height && (g.out_width - 1) * sw + g.size[1] <= g.width);
    assert!(y.len() <= switches.len() && y.len() / out_plane * in_plane <= x.len());
    let planes = x.chunks_exact(in_plane).zip(y.chunks_exact_mut(out_plane)).zip(switches.chunks_exact_mut(out_plane));
    for ((xp, yp), sp) in planes {
        for oh in 0..g.out_height {
            let (row, out) = (oh * sh * g.width, oh * g.out_width);
            let mut ow = 0;
            while g.out_width >= 4 && ow < g.out_width {
                // the last block of a row overlaps the one before when ow is not a multiple of 4
                ow = ow.min(g.out_width - 4);
                // SAFETY: the four windows from `ow` are inside the plane (checked above), and
                // `block` reads only their values.
                let (best, at, nan) = unsafe { block::<PH, PW, S>(xp.as_ptr(), row + ow * sw, g) };
                if nan.any() {
                    for o in ow..ow + 4 {
                        (yp[out + o], sp[out + o]) = one(xp, row + o * sw, g);
                    }
                } else {
                    // SAFETY: out + ow + 4 <= out_plane, the length of `yp` and `sp`.
                    unsafe {
                        best.write(yp.as_mut_ptr().add(out + ow));
                        at.write(sp.as_mut_ptr().add(out + ow));
                    }
                }
                ow += 4;
            }
            for o in ow..g.out_width {
                (yp[out + o], sp[out + o]) = one(xp, row + o * sw, g);
            }
        }
    }
}

fn one(xp: &[f32], corner: usize, g: &PoolGeometry) -> (f32, u32) {
    let (best, at) = window_max(xp, corner, g);
    (best, at as u32)
}

/// Four windows side by side, the first at `corner`: their maxima, the maxima's indices in the
/// plane, and which lanes saw a NaN.
///
/// # Safety
/// The four windows must lie inside the plane at `xp`.
#[inline(always)]
unsafe fn block<const PH: usize, const PW: usize, const S: usize>(
    xp: *const f32,
    corner: usize,
    g: &PoolGeometry,
) -> (F32x4, U32x4, Mask4) {
    let (ph, pw) = if PH > 0 { (PH, PW) } else { (g.size[0], g.size[1]) };
    let sw = if S > 0 { S } else { g.stride[1] };
    let read = |offset: usize| {
        let p = xp.add(corner + offset);
        if S > 0 {
            F32x4::read_every::<S>(p)
        } else {
            F32x4::from_array([*p, *p.add(sw), *p.add(2 * sw), *p.add(3 * sw)])
        }
    };
    let corners = U32x4::ramp(corner as u32, sw as u32);
    let mut best = read(0);
    let (mut at, mut nan) = (corners, best.is_nan());
    for i in 0..ph {
        for j in 0..pw {
            if i + j == 0 {
                continue;
            }
            let offset = i * g.width + j;
            let v = read(offset);
            let take = v.gt(best);
            best = F32x4::select(take, v, best);
            at = U32x4::select(take, corners.plus(U32x4::splat(offset as u32)), at);
            nan = nan.or(v.is_nan());
        }
    }
    (best, at, nan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cnn_playground::rng::Rng;

    fn geometry(h: usize, w: usize, size: [usize; 2], stride: [usize; 2]) -> PoolGeometry {
        let (out_height, out_width) = ((h - size[0]) / stride[0] + 1, (w - size[1]) / stride[1] + 1);
        PoolGeometry { height: h, width: w, size, stride, out_height, out_width }
    }

    #[test]
    fn blocks_of_four_agree_with_one_window_at_a_time_on_ties_infinities_and_nan() {
        let mut rng = Rng::new(5, 2);
        for g in [
            geometry(28, 28, [2, 2], [2, 2]),
            geometry(14, 14, [3, 3], [3, 3]),
            geometry(9, 13, [3, 3], [2, 2]),
            geometry(7, 11, [2, 3], [1, 1]),
            geometry(6, 23, [2, 2], [1, 5]),
            geometry(5, 7, [2, 2], [2, 2]),
            geometry(9, 30, [3, 3], [3, 3]),
        ] {
            let planes = 3;
            // few distinct values, so ties are common; some -inf and a few NaN
            let mut x: Vec<f32> = (0..planes * g.height * g.width).map(|_| rng.below(4) as f32).collect();
            for _ in 0..x.len() / 10 {
                let at = rng.below(x.len() as u32) as usize;
                x[at] = f32::NEG_INFINITY;
            }
            for _ in 0..2 {
                let at = rng.below(x.len() as u32) as usize;
                x[at] = f32::NAN;
            }
            let (in_plane, out_plane) = g.planes();
            let mut y = vec![0.0; planes * out_plane];
            let mut switches = vec![0; y.len()];
            max_pool(&x, &g, &mut y, &mut switches);
            for p in 0..planes {
                g.windows(|o, corner| {
                    let (want, want_at) = window_max(&x[p * in_plane..(p + 1) * in_plane], corner, &g);
                    let got = (y[p * out_plane + o].to_bits(), switches[p * out_plane + o]);
                    assert_eq!(got, (want.to_bits(), want_at as u32), "{g:?} plane {p} output {o}");
                });
            }
        }
    }
}
