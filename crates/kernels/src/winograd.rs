//! The forward of a 5 x 5, stride-1 convolution by Winograd's minimal filtering F(2x2, 5x5)
//! (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016).
//!
//! Each 2 x 2 block of outputs (a tile) of each channel comes from a 6 x 6 block of the padded
//! input: `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`. The products `⊙` of all channels are summed as
//! 36 matrix products, one per position `(ξ, ν)` of the 6 x 6 blocks:
//! `M[ξν] = U[ξν] V[ξν]` with `U[ξν]` the transformed kernels `[filters, c]` and `V[ξν]`
//! the transformed input `[c, tiles]`. That is 36 multiply-adds per tile, channel and filter
//! where the direct convolution does 100 (4 outputs x 25 taps), for the price of the
//! transforms, which are a few adds per value.
//!
//! The matrices are Toom-Cook's at the points 0, 1, -1, 2, -2 and infinity (`Bᵀ` in whole
//! numbers, the divisions moved into `G`), the same as F(4, 3)'s. The results are not the
//! bits of the direct sum: they differ by rounding, within 2e-6 of the sum of the products'
//! magnitudes (the tests below; PyTorch parity asks 1e-4 + 1e-3 of the value). But the order of
//! every operation is fixed by the source: the same bits on every run, on every machine, and
//! for an example whichever others share its batch (so with any number of workers).
//!
//! Tiles are counted row by row, each row of tiles rounded up to a multiple of 4 so that the
//! transforms run on 4 tiles at once; the tiles past the output (an odd height or width, the
//! rounding) are computed and never written out.

use super::gemm::gemm_nn_bias;
use super::im2col::Window;
use super::lanes::F32x4;

/// Outputs a side of a tile, and the side of its input block.
const TILE: usize = 2;
const BLOCK: usize = 6;
/// Positions of a block: one matrix product each.
const POSITIONS: usize = BLOCK * BLOCK;
/// Examples transformed and multiplied together: the transformed inputs and the products of 4
/// examples of the reference network's second convolution (8 channels, 16 kernels, 14 x 14)
/// take 0.75 MB, within a core's L2 cache; with 8 the step was slower (wasm-steps.mjs).
const GROUP: usize = 4;

/// `G`, 6 x 5: a kernel row or column `g` to its 6 values at the points.
const G: [[f32; 5]; BLOCK] = [
    [1.0 / 4.0, 0.0, 0.0, 0.0, 0.0],
    [1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0],
    [1.0 / 6.0, -1.0 / 6.0, 1.0 / 6.0, -1.0 / 6.0, 1.0 / 6.0],
    [1.0 / 24.0, 1.0 / 12.0, 1.0 / 6.0, 1.0 / 3.0, 2.0 / 3.0],
    [1.0 / 24.0, -1.0 / 12.0, 1.0 / 6.0, -1.0 / 3.0, 2.0 / 3.0],
    [0.0, 0.0, 0.0, 0.0, 1.0],
];

/// Whether a convolution takes this forward: a 5 x 5 kernel at stride 1 on at least 4 input
/// channels (with fewer, the transforms cost more than the products they save).
pub fn fits(win: &Window) -> bool {
    win.kernel == [5, 5] && win.stride == [1, 1] && win.channels >= 4
}

/// Working memory of [`forward`], kept between calls.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// The transformed kernels, `[36][filters][c]`.
    u: Vec<f32>,
    /// The six input rows of a strip of tiles, zero past the plane, `2 * tiles_x + 4` each ...
    strip: Vec<f32>,
    /// ... and the same after `Bᵀ`.
    rows: Vec<f32>,
    /// The transformed input of a group, `[36][c][tiles]`.
    v: Vec<f32>,
    /// The products, `[36][filters][tiles]`.
    m: Vec<f32>,
}

/// Where position `p`'s matrix of `len` values starts among the 36: one cache line (16 values)
/// further than `p * len`, so that the 36 values of a tile, read or written together, are not
/// all in the same set of the L1 cache (`len` is often a multiple of 1024 values).
fn position(p: usize, len: usize) -> usize {
    p * (len + 16)
}

/// The flops of [`forward`]'s products for `examples` examples (multiply-adds as 2; the
/// transforms, adds and subtracts, not counted): `2 · 36 · filters · c` per tile, the tiles
/// past the output included.
pub fn flops(win: &Window, filters: usize, examples: usize) -> f64 {
    let (th, tw) = tiles(win);
    2.0 * (POSITIONS * filters * win.channels * th * tw * examples) as f64
}

/// `(tile rows, tiles a row rounded up to 4)` of one example's output.
fn tiles(win: &Window) -> (usize, usize) {
    let (th, tw) = (win.out_height.div_ceil(TILE), win.out_width.div_ceil(TILE));
    (th, tw.div_ceil(4) * 4)
}

/// `y[e] = bias + conv(padded[e], weight)` for every example `e` of `y` (`[examples, filters,
/// oh, ow]`), from their zero-padded inputs `[c, ph, pw]` one after the other in `padded`
/// (which may hold more). `weight` is `[filters, c, 5, 5]`, `bias` `[filters]`.
pub fn forward(
    win: &Window,
    filters: usize,
    weight: &[f32],
    bias: Option<&[f32]>,
    padded: &[f32],
    y: &mut [f32],
    s: &mut Scratch,
) {
    assert!(fits(win));
    let (c, plen, out) = (win.channels, win.padded_len(), win.cols());
    let examples = y.len() / (filters * out);
    assert!(y.len() % (filters * out) == 0);
    assert!(weight.len() >= filters * c * 25 && padded.len() >= examples * plen);
    transform_kernels(weight, filters, c, &mut s.u);
    let (th, tw) = tiles(win);
    for first in (0..examples).step_by(GROUP) {
        let group = GROUP.min(examples - first);
        let n = group * th * tw;
        s.v.resize(position(POSITIONS, c * n), 0.0);
        s.m.resize(position(POSITIONS, filters * n), 0.0);
        for e in 0..group {
            transform_input(win, &padded[(first + e) * plen..], e * th * tw, n, s);
        }
        for p in 0..POSITIONS {
            let u = &s.u[p * filters * c..(p + 1) * filters * c];
            let v = &s.v[position(p, c * n)..][..c * n];
            gemm_nn_bias(filters, n, c, u, v, None, &mut s.m[position(p, filters * n)..][..filters * n]);
        }
        for e in 0..group {
            let ye = &mut y[(first + e) * filters * out..(first + e + 1) * filters * out];
            transform_output(win, filters, &s.m, e * th * tw, n, bias, ye);
        }
    }
}

/// `u[p][f][ci] = (G g Gᵀ)[p]` for every kernel `g = weight[f, ci]` (5 x 5).
fn transform_kernels(weight: &[f32], filters: usize, c: usize, u: &mut Vec<f32>) {
    u.resize(POSITIONS * filters * c, 0.0);
    for (fc, g) in weight.chunks_exact(25).take(filters * c).enumerate() {
        // t = G g: 6 x 5
        let mut t = [[0.0f32; 5]; BLOCK];
        for (i, row) in t.iter_mut().enumerate() {
            for (j, x) in row.iter_mut().enumerate() {
                *x = (0..5).fold(0.0, |sum, k| sum + G[i][k] * g[k * 5 + j]);
            }
        }
        // (G g) Gᵀ: 6 x 6
        for i in 0..BLOCK {
            for j in 0..BLOCK {
                u[(i * BLOCK + j) * filters * c + fc] = (0..5).fold(0.0, |sum, k| sum + t[i][k] * G[j][k]);
            }
        }
    }
}

/// `x + x`: twice `x`, exactly.
#[inline(always)]
fn twice(x: F32x4) -> F32x4 {
    x.plus(x)
}

/// `Bᵀ x` for six values (a column or row of a block) given as lanes, in adds and subtracts
/// only (a doubling is exact; wasm engines would rebuild a vector constant at every use):
/// `4 d0 - 5 d2 + d4`, `4 (d1 + d2) - (d3 + d4)`, `4 (d2 - d1) + (d3 - d4)`,
/// `2 (d3 - d1) + (d4 - d2)`, `(d4 - d2) - 2 (d3 - d1)`, `4 d1 - 5 d3 + d5`.
#[inline(always)]
fn b_t(d: [F32x4; BLOCK]) -> [F32x4; BLOCK] {
    let d42 = d[4].minus(d[2]);
    let t = twice(d[3].minus(d[1]));
    [
        twice(twice(d[0].minus(d[2]))).plus(d42),
        twice(twice(d[1].plus(d[2]))).minus(d[3].plus(d[4])),
        twice(twice(d[2].minus(d[1]))).plus(d[3].minus(d[4])),
        t.plus(d42),
        d42.minus(t),
        d[5].minus(d[3]).minus(twice(t)),
    ]
}

/// `Aᵀ x` for six values: the two outputs, `m0 + (m1 + m2) + (m3 + m4)` and
/// `(m1 - m2) + 2 (m3 - m4) + m5`.
#[inline(always)]
fn a_t(m: [F32x4; BLOCK]) -> [F32x4; TILE] {
    [m[0].plus(m[1].plus(m[2])).plus(m[3].plus(m[4])), m[1].minus(m[2]).plus(twice(m[3].minus(m[4]))).plus(m[5])]
}

/// One example's `V = Bᵀ d B` for every tile and channel, into columns `at..` of `v`
/// (`[36][c][n]`). Per strip of six input rows: `Bᵀ` down the strip, eight columns at a time,
/// each result split into its even and odd columns; then `B` across the blocks, four tiles at
/// a time: tile `tx` reads columns `2 tx .. 2 tx + 6`, which are even and odd columns
/// `tx, tx + 1, tx + 2`, so each lane's six values are six plain loads.
///
/// `image` is the example's padded input and whatever follows it. When the output's height
/// and width are even, the strips are read in place: the columns past a row's end (the next
/// row's first values) reach only the tiles past the output, which are never written out.
/// Otherwise each row is copied and zero-extended first.
fn transform_input(win: &Window, image: &[f32], at: usize, n: usize, s: &mut Scratch) {
    let (ph, pw) = win.padded_size();
    let (th, tw) = tiles(win);
    // even and odd columns: the last group of tiles reads up to tw + 4 of each
    let len = (2 * tw + 8).div_ceil(8) * 8;
    let half = len / 2;
    let in_place = win.out_height % 2 == 0 && win.out_width % 2 == 0;
    s.strip.resize(BLOCK * len, 0.0);
    s.rows.resize(2 * BLOCK * half, 0.0);
    let c = win.channels;
    let (strip, split, v) = (&mut s.strip, &mut s.rows, &mut s.v);
    assert!(v.len() >= position(POSITIONS, c * n));
    let (even, odd) = split.split_at_mut(BLOCK * half);
    for ci in 0..win.channels {
        let plane = ci * ph * pw;
        for ty in 0..th {
            let top = plane + 2 * ty * pw;
            let rows: [&[f32]; BLOCK] = if in_place && top + 5 * pw + len <= image.len() {
                core::array::from_fn(|k| &image[top + k * pw..top + k * pw + len])
            } else {
                for k in 0..BLOCK {
                    let row = &mut strip[k * len..(k + 1) * len];
                    row.fill(0.0);
                    if 2 * ty + k < ph {
                        row[..pw].copy_from_slice(&image[top + k * pw..top + (k + 1) * pw]);
                    }
                }
                core::array::from_fn(|k| &strip[k * len..(k + 1) * len])
            };
            for x in (0..len).step_by(8) {
                let lo = b_t(core::array::from_fn(|k| F32x4::load(&rows[k][x..])));
                let hi = b_t(core::array::from_fn(|k| F32x4::load(&rows[k][x + 4..])));
                for xi in 0..BLOCK {
                    let (e, o) = F32x4::unzip(lo[xi], hi[xi]);
                    store(e, &mut even[xi * half + x / 2..]);
                    store(o, &mut odd[xi * half + x / 2..]);
                }
            }
            for tx in (0..tw).step_by(4) {
                let t = at + ty * tw + tx;
                assert!(ci * n + t + 4 <= c * n);
                // SAFETY: within `v`, as checked
                let to = unsafe { v.as_mut_ptr().add(ci * n + t) };
                for xi in 0..BLOCK {
                    // whole vectors as they were stored (a load across two recent stores
                    // waits for both), shifted in registers
                    let (e, o) = (&even[xi * half + tx..], &odd[xi * half + tx..]);
                    let [e0, e4, o0, o4] = [e, &e[4..], o, &o[4..]].map(F32x4::load);
                    let ((e1, e2), (o1, o2)) = (F32x4::along(e0, e4), F32x4::along(o0, o4));
                    for (nu, value) in b_t([e0, o0, e1, o1, e2, o2]).into_iter().enumerate() {
                        // SAFETY: position 35's matrix ends within `v` (checked above), and
                        // ci * n + t + 4 <= c * n
                        unsafe { value.write(to.add(position(xi * BLOCK + nu, c * n))) };
                    }
                }
            }
        }
    }
}

/// The first four values of `to` (panics when shorter).
#[inline(always)]
fn store(value: F32x4, to: &mut [f32]) {
    let to = &mut to[..4];
    // SAFETY: `to` holds four values.
    unsafe { value.write(to.as_mut_ptr()) }
}

/// One example's outputs from the products in columns `at..` of `m` (`[36][filters][n]`):
/// `Y = Aᵀ M A` per tile, plus the bias, four tiles at a time; a row of their outputs is eight
/// consecutive values, stored as two vectors where they are inside the output.
fn transform_output(win: &Window, filters: usize, m: &[f32], at: usize, n: usize, bias: Option<&[f32]>, y: &mut [f32]) {
    let (oh, ow) = (win.out_height, win.out_width);
    let (th, tw) = tiles(win);
    assert!(m.len() >= position(POSITIONS, filters * n));
    for f in 0..filters {
        let b = F32x4::splat(bias.map_or(0.0, |b| b[f]));
        let plane = &mut y[f * oh * ow..(f + 1) * oh * ow];
        for ty in 0..th {
            for tx in (0..tw).step_by(4) {
                let t = at + ty * tw + tx;
                assert!(f * n + t + 4 <= filters * n);
                // SAFETY: position p < 36 of `m` holds filters * n values (checked above)
                let load = |p: usize| unsafe { F32x4::read(m.as_ptr().add(position(p, filters * n) + f * n + t)) };
                // M A: each block row's two columns
                let rows: [[F32x4; TILE]; BLOCK] =
                    core::array::from_fn(|xi| a_t(core::array::from_fn(|nu| load(xi * BLOCK + nu))));
                let [left, right] = [0, 1].map(|j| a_t(core::array::from_fn(|xi| rows[xi][j])));
                for i in 0..TILE {
                    let r = 2 * ty + i;
                    if r >= oh {
                        break;
                    }
                    let (lo, hi) = F32x4::zip(left[i].plus(b), right[i].plus(b));
                    let (col, row) = (2 * tx, &mut plane[r * ow..(r + 1) * ow]);
                    if col + 8 <= ow {
                        store(lo, &mut row[col..]);
                        store(hi, &mut row[col + 4..]);
                    } else {
                        let values = [lo.to_array(), hi.to_array()].concat();
                        let inside = ow.saturating_sub(col).min(8);
                        row[col..col + inside].copy_from_slice(&values[..inside]);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(len: usize, seed: u64) -> Vec<f32> {
        let mut r = cnn_playground::rng::Rng::new(seed, 11);
        (0..len).map(|_| r.uniform(-1.0, 1.0)).collect()
    }

    /// The direct convolution in f64, and each output's sum of the products' magnitudes.
    fn direct(win: &Window, filters: usize, weight: &[f32], bias: &[f32], padded: &[f32]) -> Vec<(f32, f64)> {
        let (ph, pw) = win.padded_size();
        let (oh, ow) = (win.out_height, win.out_width);
        let mut y = vec![(0.0, 0.0); filters * oh * ow];
        for f in 0..filters {
            for r in 0..oh {
                for col in 0..ow {
                    let (mut sum, mut scale) = (bias[f] as f64, (bias[f] as f64).abs());
                    for ci in 0..win.channels {
                        for i in 0..5 {
                            for j in 0..5 {
                                let product = weight[((f * win.channels + ci) * 5 + i) * 5 + j] as f64
                                    * padded[(ci * ph + r + i) * pw + col + j] as f64;
                                sum += product;
                                scale += product.abs();
                            }
                        }
                    }
                    y[(f * oh + r) * ow + col] = (sum as f32, scale);
                }
            }
        }
        y
    }

    #[test]
    fn matches_the_direct_convolution_on_every_shape() {
        // even and odd outputs, rows of tiles a multiple of 4 and not, one example and a
        // group and a half
        for &(c, h, w, pad, filters, examples) in &[
            (4, 5, 5, 0, 1, 1),
            (8, 14, 14, 2, 16, 3),
            (5, 9, 12, 1, 3, 2),
            (4, 7, 23, 2, 5, 11),
            (6, 28, 28, 2, 8, 9),
        ] {
            let win = Window::new(c, [h, w], [5, 5], [1, 1], [pad; 4]);
            let plen = win.padded_len();
            let (ph, pw) = win.padded_size();
            let mut padded = vec![0.0; examples * plen];
            let inside = values(examples * plen, 1);
            for (i, x) in padded.iter_mut().enumerate() {
                let (r, col) = ((i % (ph * pw)) / pw, i % pw);
                if (pad..ph - pad).contains(&r) && (pad..pw - pad).contains(&col) {
                    *x = inside[i];
                }
            }
            let (weight, bias) = (values(filters * c * 25, 2), values(filters, 3));
            let out = filters * win.cols();
            let mut y = vec![f32::NAN; examples * out];
            let mut s = Scratch::default();
            let mut worst = 0.0f64;
            forward(&win, filters, &weight, Some(&bias), &padded, &mut y, &mut s);
            for e in 0..examples {
                let want = direct(&win, filters, &weight, &bias, &padded[e * plen..(e + 1) * plen]);
                for (got, &(want, scale)) in y[e * out..(e + 1) * out].iter().zip(&want) {
                    worst = worst.max(f64::from((got - want).abs()) / scale);
                }
            }
            eprintln!("{c}x{h}x{w}: worst error / sum of |products| = {worst:e}");
            assert!(worst < 1e-5, "{c}x{h}x{w}: {worst}");
            // an example's outputs are the same bits alone as in a group
            let mut alone = vec![0.0; out];
            let last = examples - 1;
            forward(&win, filters, &weight, Some(&bias), &padded[last * plen..], &mut alone, &mut s);
            assert_eq!(alone, y[last * out..]);
        }
    }
}
