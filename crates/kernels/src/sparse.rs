//! A convolution's backward pass from the nonzero entries of dLoss/doutput.
//!
//! Behind ReLU and max-pooling most of a convolution's output gradient is exactly zero: a
//! 2 x 2 max-pool passes gradient to one value in four, a 3 x 3 one to one in nine, and ReLU
//! blocks more. The weight and input gradients are sums over output positions, so the zero
//! terms can be skipped. For each nonzero `g = dy[f, oh, ow]` and each kernel row `(c, ki)`,
//! with the input zero-padded (`padded`, see `kernels::im2col`):
//!
//! ```text
//! dW[f, c, ki, :]                            += g * padded[c, oh*sh + ki, ow*sw .. ow*sw + kw]
//! dpadded[c, oh*sh + ki, ow*sw .. ow*sw + kw] += g * W[f, c, ki, :]
//! ```
//!
//! The products are the dense GEMMs' products; the sums skip the zero terms and run in another
//! fixed order (by filter, kernel row, then output position), so results repeat bit for bit.
//! A kernel row of `kw` values is handled as `V = ceil(kw / 4)` vectors: the lanes past `kw`
//! read up to 3 values beyond the row ([`SLACK`]) and are dropped (for `dW`).
//!
//! `dpadded` is written in whole vectors at multiples of 4 from its start: a row of `kw`
//! values starting `a` lanes into a vector takes `D = ceil((kw + 3) / 4)` vectors (`V` or
//! `V + 1`; 2 for a 5-wide kernel, like `V`), with the weight row shifted by `a` lanes and
//! zeros around it ([`weight_rows`]: 4 shifts), so the lanes around add `g * 0`.
//! Neighbouring nonzeros' windows overlap; written at a few lanes' offset, each load of what
//! the previous one just stored would wait for that store to reach the cache, while a load of
//! a whole vector just stored at the same place is forwarded from the store at once.

use super::im2col::Window;
use super::lanes::F32x4;
use super::pool::PoolGeometry;

/// Values that must follow a padded image (or its gradient) in memory: the last vector of a
/// kernel row may reach 3 values past the row's end.
pub const SLACK: usize = 3;
/// Values that must follow a padded input's gradient: its vectors start at multiples of 4 and
/// reach up to 7 values past a row's end.
pub const DX_SLACK: usize = SLACK + 4;
/// The widest kernel handled here: 4 vectors of 4 lanes. Wider kernels take the dense path.
pub const MAX_KERNEL_WIDTH: usize = 16;

/// One example's nonzero output gradients, filter by filter: each one's window corner in a
/// padded channel plane ([`Window::corners`]) and its value.
#[derive(Debug, Clone, Default)]
pub struct Nonzeros {
    corner: Vec<u32>,
    value: Vec<f32>,
    /// `end[f]`: one past filter `f`'s last entry.
    end: Vec<usize>,
    /// [`Nonzeros::collect_pooled`]'s entries of one row of windows, by the winner's row.
    row_corner: Vec<u32>,
    row_value: Vec<f32>,
}

impl Nonzeros {
    /// Collects the nonzero entries of `dy` `[filters, positions]` (NaN counts as nonzero), the
    /// positions given by their `corners`; returns how many there are.
    pub fn collect(&mut self, dy: &[f32], corners: &[u32]) -> usize {
        let n = corners.len();
        self.corner.resize(dy.len(), 0);
        self.value.resize(dy.len(), 0.0);
        self.end.clear();
        let (corner, value) = (self.corner.as_mut_ptr(), self.value.as_mut_ptr());
        let mut count = 0;
        for row in dy.chunks_exact(n) {
            let mut p = 0;
            // four at a time, skipping the (common) all-zero fours
            while p + 4 <= n {
                // SAFETY: p + 4 <= n = row.len()
                if unsafe { F32x4::read(row.as_ptr().add(p)) }.nonzero().any() {
                    for (&g, &at) in row[p..p + 4].iter().zip(&corners[p..p + 4]) {
                        // SAFETY: as below
                        unsafe { append(corner, value, &mut count, at, g) };
                    }
                }
                p += 4;
            }
            for (&g, &at) in row[p..].iter().zip(&corners[p..]) {
                // SAFETY: `count` is at most the index of `g` in `dy`, and both buffers hold
                // `dy.len()` values.
                unsafe { append(corner, value, &mut count, at, g) };
            }
            self.end.push(count);
        }
        count
    }

    /// Collects the same entries as [`Nonzeros::collect`] would from the output gradient a
    /// max-pool (and a ReLU) behind the convolution give it, without that dense gradient: the
    /// pool's output gradient `dy` `[filters, oh', ow']` goes to its windows' winners
    /// `switches` (indices in the convolution's output plane), and, with a ReLU between, only
    /// where the pool's output `pooled` (the winner's value after the ReLU) is positive. The
    /// pool's windows must not overlap ([`routes_pool`]), so that each position gets at most
    /// one value, as pool and ReLU backward would have written it. Entries come in the order
    /// `collect` gives them (by position: a row of windows' winners by input row, then by
    /// column), so the backward pass is the same bits; returns how many there are.
    pub fn collect_pooled(
        &mut self,
        g: &PoolGeometry,
        dy: &[f32],
        switches: &[u32],
        pooled: Option<&[f32]>,
        corners: &[u32],
    ) -> usize {
        let (plane, out_plane) = g.planes();
        let (ph, ow) = (g.size[0], g.out_width);
        assert!(routes_pool(g) && corners.len() == plane && dy.len() == switches.len());
        assert!(pooled.map_or(true, |p| p.len() == dy.len()));
        self.corner.resize(dy.len(), 0);
        self.value.resize(dy.len(), 0.0);
        // a row of windows' entries, by the input row of their winner: `ph` runs of `ow`
        self.row_corner.resize(ph * ow, 0);
        self.row_value.resize(ph * ow, 0.0);
        self.end.clear();
        let mut count = 0;
        for f in 0..dy.len() / out_plane {
            for row in 0..g.out_height {
                // a row of windows, its outputs from `o`, its inputs from row `top` of the plane
                let (o, top) = (f * out_plane + row * ow, row * g.stride[0] * g.width);
                let mut taken = [0usize; MAX_POOL_ROWS];
                for j in o..o + ow {
                    let at = switches[j] as usize;
                    let passes = pooled.map_or(true, |p| p[j] > 0.0);
                    let value = if passes { dy[j] } else { 0.0 };
                    // the winner's row in its window: how many row starts after `top` it is past
                    let r = (1..ph).filter(|&r| at >= top + r * g.width).count();
                    let k = r * ow + taken[r];
                    self.row_corner[k] = corners[at];
                    self.row_value[k] = value;
                    taken[r] += usize::from(value != 0.0);
                }
                for (r, &n) in taken.iter().enumerate().take(ph) {
                    let run = r * ow..r * ow + n;
                    self.corner[count..count + n].copy_from_slice(&self.row_corner[run.clone()]);
                    self.value[count..count + n].copy_from_slice(&self.row_value[run]);
                    count += n;
                }
            }
            self.end.push(count);
        }
        count
    }

    /// Filter `f`'s entries: corners and values.
    fn of(&self, f: usize) -> (&[u32], &[f32]) {
        let start = if f == 0 { 0 } else { self.end[f - 1] };
        (&self.corner[start..self.end[f]], &self.value[start..self.end[f]])
    }

    /// `db[f] += the sum of filter f's entries`, in order.
    pub fn add_sums(&self, db: &mut [f32]) {
        for (f, g) in db.iter_mut().enumerate() {
            *g += self.of(f).1.iter().sum::<f32>();
        }
    }
}

/// Whether [`Nonzeros::collect_pooled`] takes this max-pool: windows that do not overlap
/// (each position is in at most one), of at least 3 values (so at most a third of the output
/// gradient is nonzero, which the convolution takes sparse either way).
pub fn routes_pool(g: &PoolGeometry) -> bool {
    g.stride[0] >= g.size[0] && g.stride[1] >= g.size[1] && g.size[0] * g.size[1] >= 3 && g.size[0] <= MAX_POOL_ROWS
}

/// The tallest pool window [`Nonzeros::collect_pooled`] takes.
pub const MAX_POOL_ROWS: usize = 8;

/// Branch-free append: the entry is written at `count`, which moves on only past a nonzero.
///
/// # Safety
/// `corner` and `value` writable at `*count`.
#[inline(always)]
unsafe fn append(corner: *mut u32, value: *mut f32, count: &mut usize, at: u32, g: f32) {
    *corner.add(*count) = at;
    *value.add(*count) = g;
    *count += usize::from(g != 0.0);
}

/// Vectors per kernel row: `ceil(kw / 4)`.
fn vectors(kw: usize) -> usize {
    kw.div_ceil(4)
}

/// `W[f, c, kh, kw]` for [`backward`]'s input gradient: each kernel row four times, shifted by
/// 0 to 3 lanes into `4 * ceil((kw + 3) / 4)` values, zeros around.
pub fn weight_rows(win: &Window, weight: &[f32], out: &mut Vec<f32>) {
    let kw = win.kernel[1];
    let width = shifted_width(kw);
    out.clear();
    for row in weight.chunks_exact(kw) {
        for shift in 0..4 {
            let at = out.len() + shift;
            out.resize(out.len() + width, 0.0);
            out[at..at + kw].copy_from_slice(row);
        }
    }
}

/// The values of one shifted weight row.
fn shifted_width(kw: usize) -> usize {
    4 * dx_vectors(kw)
}

/// Vectors per kernel row of the input gradient, whose rows start anywhere in a vector:
/// `ceil((kw + 3) / 4)`.
fn dx_vectors(kw: usize) -> usize {
    (kw + 3).div_ceil(4)
}

/// One example's backward from its nonzero output gradients `nz`: adds into `dw`
/// `[filters, c, kh, kw]` and, when given, into `dpadded` (the gradient of the padded input,
/// `[c, ph, pw]`). `padded` is the example's padded input and needs [`SLACK`] values beyond
/// [`Window::padded_len`], `dpadded` [`DX_SLACK`]. `rows` comes from [`weight_rows`] (read
/// only for `dpadded`).
///
/// # Panics
/// When `kw` is above [`MAX_KERNEL_WIDTH`] or a buffer is too short.
pub fn backward(
    win: &Window,
    nz: &Nonzeros,
    padded: &[f32],
    rows: &[f32],
    dw: &mut [f32],
    dpadded: Option<&mut [f32]>,
) {
    let [kh, kw] = win.kernel;
    let filters = nz.end.len();
    assert!(kw <= MAX_KERNEL_WIDTH && padded.len() >= win.padded_len() + SLACK);
    assert!(dw.len() >= filters * win.rows());
    if let Some(d) = &dpadded {
        assert!(
            d.len() >= win.padded_len() + DX_SLACK && rows.len() >= filters * win.channels * kh * 4 * shifted_width(kw)
        );
    }
    // Every corner is a window's start, so corner + (kh - 1) * pw + 4V - 1 stays within the
    // plane plus SLACK (checked above), which makes the unchecked reads below safe; the input
    // gradient's vectors start at most 3 before such an offset and end at most 4 after.
    let d = dpadded.map_or(core::ptr::null_mut(), |d| d.as_mut_ptr());
    // SAFETY: see above; `d` is only written when not null.
    unsafe {
        // `V` vectors per row; `D` per input gradient row, 0 without it
        let (x, rows) = (padded.as_ptr(), rows.as_ptr());
        match (vectors(kw), if d.is_null() { 0 } else { dx_vectors(kw) }) {
            (1, 0) => filters_loop::<1, 0>(win, nz, x, rows, dw, d),
            (1, 1) => filters_loop::<1, 1>(win, nz, x, rows, dw, d),
            (1, _) => filters_loop::<1, 2>(win, nz, x, rows, dw, d),
            (2, 0) => filters_loop::<2, 0>(win, nz, x, rows, dw, d),
            (2, 2) => filters_loop::<2, 2>(win, nz, x, rows, dw, d),
            (2, _) => filters_loop::<2, 3>(win, nz, x, rows, dw, d),
            (3, 0) => filters_loop::<3, 0>(win, nz, x, rows, dw, d),
            (3, 3) => filters_loop::<3, 3>(win, nz, x, rows, dw, d),
            (3, _) => filters_loop::<3, 4>(win, nz, x, rows, dw, d),
            (_, 0) => filters_loop::<4, 0>(win, nz, x, rows, dw, d),
            (_, 4) => filters_loop::<4, 4>(win, nz, x, rows, dw, d),
            (_, _) => filters_loop::<4, 5>(win, nz, x, rows, dw, d),
        }
    }
}

/// Kernel rows taken together in one pass over a filter's nonzeros: each nonzero's value and
/// corner are then read once for all of them. The `R * V` accumulators stay within the 15
/// vector registers V8 allocates; with the input gradient, its `D` vectors per row and the
/// shifted weight rows they read take registers too.
const fn rows_per_pass(v: usize, dx: bool) -> usize {
    match (v, dx) {
        (1, false) => 5,
        (2, false) => 4,
        (1, true) => 3,
        (2, true) => 2,
        _ => 1,
    }
}

/// Every filter, channel and kernel row of [`backward`]: `V` vectors per row, the input
/// gradient (in `D` vectors per row) only when `D > 0`, rows in passes of [`rows_per_pass`].
///
/// # Safety
/// As checked in [`backward`].
#[inline(always)]
unsafe fn filters_loop<const V: usize, const D: usize>(
    win: &Window,
    nz: &Nonzeros,
    x: *const f32,
    rows: *const f32,
    dw: &mut [f32],
    d: *mut f32,
) {
    let kh = win.kernel[0];
    for f in 0..nz.end.len() {
        let (corners, values) = nz.of(f);
        if corners.is_empty() {
            continue;
        }
        for c in 0..win.channels {
            let nz = (corners, values);
            let mut ki = 0;
            while ki < kh {
                // whole passes while they fit, then the rows left one by one
                let pass = rows_per_pass(V, D > 0);
                let take = if ki + pass <= kh { pass } else { 1 };
                match take {
                    5 => rows_pass::<V, 5, D>(win, f, c, ki, nz, x, rows, dw, d),
                    4 => rows_pass::<V, 4, D>(win, f, c, ki, nz, x, rows, dw, d),
                    3 => rows_pass::<V, 3, D>(win, f, c, ki, nz, x, rows, dw, d),
                    2 => rows_pass::<V, 2, D>(win, f, c, ki, nz, x, rows, dw, d),
                    _ => rows_pass::<V, 1, D>(win, f, c, ki, nz, x, rows, dw, d),
                }
                ki += take;
            }
        }
    }
}

/// Kernel rows `ki..ki + R` of filter `f`, channel `c`, over the filter's nonzeros `nz`:
/// `dW[f, c, ki + r, :] += sum_j g_j padded[c, corner_j + (ki + r) * pw ..][..kw]` and, when
/// `D > 0`, `dpadded[c, corner_j + (ki + r) * pw ..][..kw] += g_j W_row`, in `D` whole vectors
/// (see the module's docs).
///
/// # Safety
/// As checked in [`backward`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn rows_pass<const V: usize, const R: usize, const D: usize>(
    win: &Window,
    f: usize,
    c: usize,
    ki: usize,
    (corners, values): (&[u32], &[f32]),
    x: *const f32,
    rows: *const f32,
    dw: &mut [f32],
    d: *mut f32,
) {
    let [kh, kw] = win.kernel;
    let (ph, pw) = win.padded_size();
    let first = (f * win.channels + c) * kh + ki;
    let width = shifted_width(kw);
    let at = (c * ph + ki) * pw;
    let x = x.add(at);
    let mut acc = [[F32x4::splat(0.0); V]; R];
    for (&corner, &g) in corners.iter().zip(values) {
        let g = F32x4::splat(g);
        for (r, acc) in acc.iter_mut().enumerate() {
            let offset = corner as usize + r * pw;
            let xp = x.add(offset);
            for (v, acc) in acc.iter_mut().enumerate() {
                *acc = acc.mul_add(g, F32x4::read(xp.add(4 * v)));
            }
            if D > 0 {
                let (shift, start) = ((at + offset) % 4, at + offset - (at + offset) % 4);
                let (w, dp) = (rows.add(((first + r) * 4 + shift) * width), d.add(start));
                for v in 0..D {
                    F32x4::read(dp.add(4 * v)).mul_add(g, F32x4::read(w.add(4 * v))).write(dp.add(4 * v));
                }
            }
        }
    }
    for (r, acc) in acc.iter().enumerate() {
        let mut lanes = [0.0f32; 16];
        for (v, a) in acc.iter().enumerate() {
            lanes[4 * v..4 * v + 4].copy_from_slice(&a.to_array());
        }
        let row = &mut dw[(first + r) * kw..(first + r + 1) * kw];
        for (g, a) in row.iter_mut().zip(lanes) {
            *g += a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::im2col::{pad_into, unpad};
    use cnn_playground::rng::Rng;

    /// The dense definition: `dW[f, tap] = sum_p dy[f, p] cols[tap, p]`,
    /// `dx[c, i, j] = sum over (f, p, tap) reading (c, i, j) of dy[f, p] W[f, tap]`, in f64.
    fn by_definition(win: &Window, filters: usize, x: &[f32], w: &[f32], dy: &[f32]) -> (Vec<f64>, Vec<f64>) {
        let [kh, kw] = win.kernel;
        let [top, _, left, _] = win.padding;
        let (mut dw, mut dx) = (vec![0.0; filters * win.rows()], vec![0.0; x.len()]);
        for f in 0..filters {
            for (p, &g) in dy[f * win.cols()..(f + 1) * win.cols()].iter().enumerate() {
                let (oh, ow) = (p / win.out_width, p % win.out_width);
                for c in 0..win.channels {
                    for ki in 0..kh {
                        for kj in 0..kw {
                            let (i, j) = (oh * win.stride[0] + ki, ow * win.stride[1] + kj);
                            if i < top || i - top >= win.height || j < left || j - left >= win.width {
                                continue;
                            }
                            let at = (c * win.height + i - top) * win.width + j - left;
                            let tap = (c * kh + ki) * kw + kj;
                            dw[f * win.rows() + tap] += f64::from(g) * f64::from(x[at]);
                            dx[at] += f64::from(g) * f64::from(w[f * win.rows() + tap]);
                        }
                    }
                }
            }
        }
        (dw, dx)
    }

    #[test]
    fn sparse_backward_matches_the_definition_for_every_row_width() {
        let mut rng = Rng::new(3, 7);
        // kernel widths 1 to 16 (1 to 4 vectors per row), strides, asymmetric padding
        for (kernel, stride, padding) in [
            ([5, 5], [1, 1], [2, 2, 2, 2]),
            ([3, 1], [1, 2], [0, 1, 0, 0]),
            ([2, 7], [2, 1], [1, 0, 3, 2]),
            ([1, 12], [1, 1], [0, 0, 0, 1]),
            ([3, 16], [1, 3], [1, 1, 0, 0]),
            // the input gradient's rows in 1 to 5 vectors, as wide or one wider than the weight's
            ([2, 3], [1, 1], [1, 1, 1, 1]),
            ([1, 9], [2, 1], [0, 0, 2, 0]),
            ([2, 13], [1, 2], [0, 1, 0, 0]),
        ] {
            let (channels, height, width, filters) = (3, 7, 16, 4);
            let win = Window::new(channels, [height, width], kernel, stride, padding);
            let x: Vec<f32> = (0..channels * height * width).map(|_| rng.uniform(-1.0, 1.0)).collect();
            let w: Vec<f32> = (0..filters * win.rows()).map(|_| rng.uniform(-1.0, 1.0)).collect();
            // one in three output gradients nonzero
            let dy: Vec<f32> = (0..filters * win.cols())
                .map(|_| if rng.below(3) == 0 { rng.uniform(-1.0, 1.0) } else { 0.0 })
                .collect();
            let mut padded = vec![0.0; win.padded_len() + SLACK];
            pad_into(&x, &win, &mut padded);
            let mut nz = Nonzeros::default();
            let count = nz.collect(&dy, &win.corners());
            assert_eq!(count, dy.iter().filter(|&&g| g != 0.0).count());
            let mut rows = Vec::new();
            weight_rows(&win, &w, &mut rows);
            let (mut dw, mut dpadded, mut dx) =
                (vec![0.0; w.len()], vec![0.0; win.padded_len() + DX_SLACK], vec![0.0; x.len()]);
            backward(&win, &nz, &padded, &rows, &mut dw, Some(&mut dpadded));
            unpad(&dpadded, &win, &mut dx);
            let (want_dw, want_dx) = by_definition(&win, filters, &x, &w, &dy);
            for (got, want) in dw.iter().zip(&want_dw).chain(dx.iter().zip(&want_dx)) {
                assert!((f64::from(*got) - want).abs() < 1e-5, "{win:?}: {got} vs {want}");
            }
            let mut dw_only = vec![0.0; w.len()];
            backward(&win, &nz, &padded, &rows, &mut dw_only, None);
            assert_eq!(dw_only, dw);
        }
    }
}
