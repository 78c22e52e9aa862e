//! The forward of a 5 x 5, stride-1 convolution by Winograd's minimal filtering F(4x4, 5x5)
//! (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016).
//!
//! Each 4 x 4 block of outputs (a tile) of each channel comes from an 8 x 8 block of the padded
//! input: `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`. The products `⊙` of all channels are summed as
//! 64 matrix products, one per position `(ξ, ν)` of the 8 x 8 blocks:
//! `M[ξν] = U[ξν] V[ξν]` with `U[ξν]` the transformed kernels `[filters, c]` and `V[ξν]`
//! the transformed input `[c, tiles]`. That is 64 multiply-adds per tile, channel and filter
//! where the direct convolution does 400 (16 outputs x 25 taps), for the price of the
//! transforms, a few operations per value.
//!
//! The matrices are Toom-Cook's at the points 0, 1, -1, 2, -2, 1/2, -1/2 and infinity (those
//! of F(6x6, 3x3)); the kernels' transform is computed in f64. The results are not the bits of
//! the direct sum: they differ by rounding, within 2e-5 of the sum of the products' magnitudes
//! (the tests below; PyTorch parity asks 1e-4 + 1e-3 of the value). But the order of every
//! operation is fixed by the source: the same bits on every run, on every machine, and for an
//! example whichever others share its batch (so with any number of workers).
//!
//! Tiles are counted row by row, each row of tiles rounded up to a multiple of 4 so that the
//! transforms run on 4 tiles at once; the tiles past the output (a height or width not a
//! multiple of 4, the rounding) are computed and never written out.

use super::gemm::gemm_nn_bias;
use super::im2col::Window;
use super::lanes::F32x4;

/// Outputs a side of a tile, and the side of its input block.
const TILE: usize = 4;
const BLOCK: usize = 8;
/// Positions of a block: one matrix product each.
const POSITIONS: usize = BLOCK * BLOCK;
/// Examples transformed and multiplied together (their transformed inputs and products stay
/// within a core's L2 cache).
const GROUP: usize = 4;

/// `G`, 8 x 5: a kernel row or column `g` to its 8 values at the points (applied in f64).
const G: [[f64; 5]; BLOCK] = [
    [1.0, 0.0, 0.0, 0.0, 0.0],
    [-2.0 / 9.0, -2.0 / 9.0, -2.0 / 9.0, -2.0 / 9.0, -2.0 / 9.0],
    [-2.0 / 9.0, 2.0 / 9.0, -2.0 / 9.0, 2.0 / 9.0, -2.0 / 9.0],
    [1.0 / 90.0, 1.0 / 45.0, 2.0 / 45.0, 4.0 / 45.0, 8.0 / 45.0],
    [1.0 / 90.0, -1.0 / 45.0, 2.0 / 45.0, -4.0 / 45.0, 8.0 / 45.0],
    [32.0 / 45.0, 16.0 / 45.0, 8.0 / 45.0, 4.0 / 45.0, 2.0 / 45.0],
    [32.0 / 45.0, -16.0 / 45.0, 8.0 / 45.0, -4.0 / 45.0, 2.0 / 45.0],
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
    /// The transformed kernels, `[64][filters][c]`.
    u: Vec<f32>,
    /// The eight input rows of a strip of tiles, zero past the plane, `4 * tiles_x + 16` each ...
    strip: Vec<f32>,
    /// ... and the same after `Bᵀ`, each row split into its four columns modulo 4.
    rows: Vec<f32>,
    /// The transformed input of a group, `[64][c][tiles]`.
    v: Vec<f32>,
    /// The products, `[64][filters][tiles]`.
    m: Vec<f32>,
}

/// Where position `p`'s matrix of `len` values starts among the 64: one cache line (16 values)
/// further than `p * len`, so that the 64 values of a tile, read or written together, are not
/// all in the same set of the L1 cache (`len` is often a multiple of 1024 values).
fn position(p: usize, len: usize) -> usize {
    p * (len + 16)
}

/// The flops of [`forward`]'s products for `examples` examples (multiply-adds as 2; the
/// transforms not counted): `2 · 64 · filters · c` per tile, the tiles past the output included.
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
            transform_input(win, &padded[(first + e) * plen..(first + e + 1) * plen], e * th * tw, n, s);
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

/// `u[p][f][ci] = (G g Gᵀ)[p]` for every kernel `g = weight[f, ci]` (5 x 5), in f64.
fn transform_kernels(weight: &[f32], filters: usize, c: usize, u: &mut Vec<f32>) {
    u.resize(POSITIONS * filters * c, 0.0);
    for (fc, g) in weight.chunks_exact(25).take(filters * c).enumerate() {
        // t = G g: 8 x 5
        let mut t = [[0.0f64; 5]; BLOCK];
        for (i, row) in t.iter_mut().enumerate() {
            for (j, x) in row.iter_mut().enumerate() {
                *x = (0..5).fold(0.0, |sum, k| sum + G[i][k] * f64::from(g[k * 5 + j]));
            }
        }
        // (G g) Gᵀ: 8 x 8
        for i in 0..BLOCK {
            for j in 0..BLOCK {
                u[(i * BLOCK + j) * filters * c + fc] = (0..5).fold(0.0, |sum, k| sum + t[i][k] * G[j][k]) as f32;
            }
        }
    }
}

/// `x + x`: twice `x`, exactly.
#[inline(always)]
fn twice(x: F32x4) -> F32x4 {
    x.plus(x)
}

/// `Bᵀ x` for eight values (a column or row of a block) given as lanes: the rows at the
/// points `±p` share their even and odd parts. With `k = 21/4`:
/// `(d0 - d6) + k (d4 - d2)`, `e ± o` for the pairs (1, -1), (2, -2), (1/2, -1/2) as
/// `e = d2 - 17/4 d4 + d6, o = d1 - 17/4 d3 + d5`, `e = d2 / 4 - 5/4 d4 + d6, o = d1 / 2 -
/// 5/2 d3 + 2 d5`, `e = 4 d2 - 5 d4 + d6, o = 2 d1 - 5/2 d3 + d5 / 2`, and
/// `(d7 - d1) + k (d3 - d5)`.
#[inline(always)]
fn b_t(d: [F32x4; BLOCK]) -> [F32x4; BLOCK] {
    let k = |x: f32| F32x4::splat(x);
    let d3 = d[3].times(k(2.5));
    let (e1, o1) = (d[2].plus(d[6]).minus(d[4].times(k(4.25))), d[1].plus(d[5]).minus(d[3].times(k(4.25))));
    let (e2, o2) =
        (d[2].times(k(0.25)).plus(d[6]).minus(d[4].times(k(1.25))), d[1].times(k(0.5)).minus(d3).plus(twice(d[5])));
    let (e3, o3) =
        (twice(twice(d[2])).plus(d[6]).minus(d[4].times(k(5.0))), twice(d[1]).minus(d3).plus(d[5].times(k(0.5))));
    [
        d[0].minus(d[6]).plus(d[4].minus(d[2]).times(k(5.25))),
        e1.plus(o1),
        e1.minus(o1),
        e2.plus(o2),
        e2.minus(o2),
        e3.plus(o3),
        e3.minus(o3),
        d[7].minus(d[1]).plus(d[3].minus(d[5]).times(k(5.25))),
    ]
}

/// `Aᵀ x` for eight values: the four outputs, from the sums `s` and differences `d` of the
/// pairs at ±1, ±2, ±1/2: `m0 + s1 + s2 + s3`, `d1 + 2 d2 + d3 / 2`, `s1 + 4 s2 + s3 / 4`,
/// `d1 + 8 d2 + d3 / 8 + m7`.
#[inline(always)]
fn a_t(m: [F32x4; BLOCK]) -> [F32x4; TILE] {
    let (s1, d1) = (m[1].plus(m[2]), m[1].minus(m[2]));
    let (s2, d2) = (m[3].plus(m[4]), m[3].minus(m[4]));
    let (s3, d3) = (m[5].plus(m[6]), m[5].minus(m[6]));
    let k = |x: f32| F32x4::splat(x);
    [
        m[0].plus(s1).plus(s2).plus(s3),
        d1.plus(twice(d2)).plus(d3.times(k(0.5))),
        s1.plus(twice(twice(s2))).plus(s3.times(k(0.25))),
        d1.plus(d2.times(k(8.0))).plus(d3.times(k(0.125))).plus(m[7]),
    ]
}

/// Four vectors' lanes transposed: lane `j` of vector `i` to lane `i` of vector `j`.
#[inline(always)]
fn transpose([a, b, c, d]: [F32x4; 4]) -> [F32x4; 4] {
    let ((ac0, ac1), (bd0, bd1)) = (F32x4::zip(a, c), F32x4::zip(b, d));
    let ((r0, r1), (r2, r3)) = (F32x4::zip(ac0, bd0), F32x4::zip(ac1, bd1));
    [r0, r1, r2, r3]
}

/// One example's `V = Bᵀ d B` for every tile and channel, into columns `at..` of `v`
/// (`[64][c][n]`). Per strip of eight input rows (copied, zero past the plane): `Bᵀ` down the
/// strip, sixteen columns at a time, each result split into its columns modulo 4 (a
/// transpose); then `B` across the blocks, four tiles at a time: tile `tx` reads columns
/// `4 tx .. 4 tx + 8`, which are columns `tx` and `tx + 1` of each of the four parts, so each
/// lane's eight values are four loads and four shifts.
fn transform_input(win: &Window, image: &[f32], at: usize, n: usize, s: &mut Scratch) {
    let (ph, pw) = win.padded_size();
    let (th, tw) = tiles(win);
    // the last group of tiles reads parts' columns up to tw + 4
    let len = 4 * tw + 16;
    let part = len / 4;
    s.strip.resize(BLOCK * len, 0.0);
    s.rows.resize(4 * BLOCK * part, 0.0);
    let c = win.channels;
    let (strip, parts, v) = (&mut s.strip, &mut s.rows, &mut s.v);
    assert!(v.len() >= position(POSITIONS, c * n));
    for ci in 0..c {
        let plane = ci * ph * pw;
        for ty in 0..th {
            let top = plane + TILE * ty * pw;
            for k in 0..BLOCK {
                let row = &mut strip[k * len..(k + 1) * len];
                if TILE * ty + k < ph {
                    row[..pw].copy_from_slice(&image[top + k * pw..top + (k + 1) * pw]);
                    row[pw..].fill(0.0);
                } else {
                    row.fill(0.0);
                }
            }
            for x in (0..len).step_by(16) {
                let columns: [[F32x4; BLOCK]; 4] =
                    core::array::from_fn(|q| b_t(core::array::from_fn(|k| F32x4::load(&strip[k * len + x + 4 * q..]))));
                for xi in 0..BLOCK {
                    let split = transpose(core::array::from_fn(|q| columns[q][xi]));
                    for (j, value) in split.into_iter().enumerate() {
                        store(value, &mut parts[(j * BLOCK + xi) * part + x / 4..]);
                    }
                }
            }
            for tx in (0..tw).step_by(4) {
                let t = at + ty * tw + tx;
                assert!(ci * n + t + 4 <= c * n);
                // SAFETY: within `v`, as checked
                let to = unsafe { v.as_mut_ptr().add(ci * n + t) };
                for xi in 0..BLOCK {
                    let mut d = [F32x4::splat(0.0); BLOCK];
                    for j in 0..4 {
                        let p = &parts[(j * BLOCK + xi) * part + tx..];
                        let (now, next) = (F32x4::load(p), F32x4::load(&p[4..]));
                        d[j] = now;
                        d[j + 4] = F32x4::along(now, next).0;
                    }
                    for (nu, value) in b_t(d).into_iter().enumerate() {
                        // SAFETY: position 63's matrix ends within `v` (checked above), and
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

/// One example's outputs from the products in columns `at..` of `m` (`[64][filters][n]`):
/// `Y = Aᵀ M A` per tile, plus the bias, four tiles at a time; a row of their outputs is
/// sixteen consecutive values (a transpose), stored as four vectors where inside the output.
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
                // SAFETY: position p < 64 of `m` holds filters * n values (checked above)
                let load = |p: usize| unsafe { F32x4::read(m.as_ptr().add(position(p, filters * n) + f * n + t)) };
                // M A: each block row's four columns
                let rows: [[F32x4; TILE]; BLOCK] =
                    core::array::from_fn(|xi| a_t(core::array::from_fn(|nu| load(xi * BLOCK + nu))));
                // Aᵀ (M A): column j's four rows
                let cols: [[F32x4; TILE]; TILE] = core::array::from_fn(|j| a_t(core::array::from_fn(|xi| rows[xi][j])));
                for (i, r) in (TILE * ty..oh.min(TILE * ty + TILE)).enumerate() {
                    let values = transpose(core::array::from_fn(|j| cols[j][i].plus(b)));
                    let row = &mut plane[r * ow..(r + 1) * ow];
                    for (q, value) in values.into_iter().enumerate() {
                        let col = TILE * (tx + q);
                        if col + TILE <= ow {
                            store(value, &mut row[col..]);
                        } else if col < ow {
                            row[col..].copy_from_slice(&value.to_array()[..ow - col]);
                        }
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
        // outputs a multiple of the tile's 4 and not, rows of tiles a multiple of 4 and not,
        // one example and a group and a half
        for &(c, h, w, pad, filters, examples) in &[
            (4, 5, 5, 0, 1, 1),
            (4, 16, 16, 2, 4, 5),
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
