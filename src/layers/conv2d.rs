//! 2-D convolution: a window of shared weights slides over the input.
//!
//! Each of the `filters` kernels has the input's depth `c`; at every position the products of
//! all `c` channels are summed, plus the kernel's bias, giving one output channel per kernel.
//! Computed as im2col + matrix product: `y[f, :] = b[f] + W[f, :] cols`.
//!
//! Backward, the gradients are sums over output positions of products with dLoss/doutput
//! (`dW = dy cols^T`, `dcols = W^T dy` folded back onto the input). Behind ReLU and max-pooling
//! most of `dy` is zero, and then only its nonzero entries are visited
//! (`kernels::sparse`); a dense `dy` takes the two matrix products.
//!
//! # Shapes
//! - input `[batch, c, h, w]`, output `[batch, filters, oh, ow]` with
//!   `oh = (h + top + bottom - kh) / sh + 1` (rounded down), likewise `ow`
//! - weight `[filters, c, kh, kw]`, bias `[filters]`

use super::ParamRange;
use crate::kernels::gemm::{gemm_nn, gemm_nn_bias, gemm_tn_into, sum};
use crate::kernels::im2col::{fold, pad_into, unfold, unpad, Window};
use crate::kernels::layout::transpose;
use crate::kernels::sparse::{self, Nonzeros, MAX_KERNEL_WIDTH, SLACK};

/// An example's output gradient takes the sparse backward when at most this share of it is
/// nonzero (a 2 x 2 max-pool after the convolution leaves at most 1/4, a 3 x 3 one 1/9).
/// Past it the dense products are faster.
const SPARSE_MAX_DENSITY: f32 = 0.35;

#[derive(Debug, Clone)]
pub struct Conv2d {
    pub window: Window,
    pub filters: usize,
    pub weight: ParamRange,
    pub bias: Option<ParamRange>,
    /// Every example's input of the last forward, zero-padded, `[batch, c, ph, pw]`, then
    /// [`SLACK`] values; kept for the weight gradient. The padding is never written, so it
    /// stays zero.
    padded: Vec<f32>,
    /// Each output position's window corner in a padded channel plane, `[oh * ow]`.
    corners: Vec<u32>,
    /// Scratch for one example's unfolded input, `[rows, cols]`.
    cols: Vec<f32>,
    /// Boxed: a network holds its layers in one enum, which stays small.
    scratch: Box<Scratch>,
    /// Flops the last backward pass did (multiply-adds as 2): fewer than the dense count
    /// where it skipped zero output gradients.
    backward_flops: f64,
}

/// The backward pass's working buffers, sized on first use.
#[derive(Debug, Clone, Default)]
struct Scratch {
    nonzeros: Nonzeros,
    /// The weights with rows zero-padded to whole vectors (`sparse::weight_rows`).
    weight_rows: Vec<f32>,
    /// One example's dLoss/dpadded input, `[c, ph, pw]`, then [`SLACK`] values.
    dpadded: Vec<f32>,
    /// The bias gradient of this pass, `[filters]`.
    db: Vec<f32>,
    /// Dense path: one example's dLoss/doutput transposed, `[cols, filters]`, ...
    dy_t: Vec<f32>,
    /// ... the weight gradient transposed, `[rows, filters]`, summed over the dense examples, ...
    dw_t: Vec<f32>,
    /// ... and one example's column gradient, `[rows, cols]`.
    dcols: Vec<f32>,
}

impl Conv2d {
    pub fn new(window: Window, filters: usize, weight: ParamRange, bias: Option<ParamRange>) -> Self {
        let corners = window.corners();
        Conv2d {
            window,
            filters,
            weight,
            bias,
            padded: Vec::new(),
            corners,
            cols: Vec::new(),
            scratch: Box::default(),
            backward_flops: 0.0,
        }
    }

    /// Sizes the caches for `batch` examples (once per batch size, not per step).
    pub fn reserve(&mut self, batch: usize) {
        // Growing adds zeros, shrinking drops examples: the padding stays zero either way.
        self.padded.resize(batch * self.window.padded_len() + SLACK, 0.0);
        self.cols.resize(self.window.rows() * self.window.cols(), 0.0);
    }

    /// Flops the last backward pass did, multiply-adds counted as 2 (the sparse path does
    /// `2 * nonzeros * c * kh * kw` for the weight gradient and as many for the input gradient).
    pub fn backward_flops(&self) -> f64 {
        self.backward_flops
    }

    fn sizes(&self) -> (usize, usize, usize, usize) {
        let w = &self.window;
        (w.channels * w.height * w.width, self.filters * w.cols(), w.rows(), w.cols())
    }

    pub fn forward(&mut self, x: &[f32], y: &mut [f32], params: &[f32]) {
        let (in_size, out_size, k, n) = self.sizes();
        let plen = self.window.padded_len();
        let weight = self.weight.of(params);
        let bias = self.bias.map(|b| b.of(params));
        let examples =
            x.chunks_exact(in_size).zip(y.chunks_exact_mut(out_size)).zip(self.padded.chunks_exact_mut(plen));
        for ((xb, yb), padded) in examples {
            pad_into(xb, &self.window, padded);
            unfold(padded, &self.window, &mut self.cols);
            gemm_nn_bias(self.filters, n, k, weight, &self.cols, bias, yb);
        }
    }

    pub fn backward(&mut self, dy: &[f32], mut dx: Option<&mut [f32]>, params: &[f32], grads: &mut [f32]) {
        let (in_size, out_size, _, _) = self.sizes();
        let (batch, plen) = (dy.len() / out_size, self.window.padded_len());
        let weight = self.weight.of(params);
        let s = &mut self.scratch;
        s.db.clear();
        s.db.resize(self.filters, 0.0);
        if dx.is_some() {
            s.dpadded.resize(plen + SLACK, 0.0);
            sparse::weight_rows(&self.window, weight, &mut s.weight_rows);
        }
        let sparse_ok = self.window.kernel[1] <= MAX_KERNEL_WIDTH;
        let mut dense_examples = 0;
        // multiply-adds per output gradient entry: one per weight, twice with the input gradient
        let per_entry = (self.window.rows() * if dx.is_some() { 2 } else { 1 }) as f64;
        self.backward_flops = 0.0;
        for b in 0..batch {
            let dyb = &dy[b * out_size..(b + 1) * out_size];
            let padded = &self.padded[b * plen..(b + 1) * plen + SLACK];
            let with_dx = dx.is_some();
            if with_dx {
                s.dpadded.fill(0.0);
            }
            let nonzeros = if sparse_ok { s.nonzeros.collect(dyb, &self.corners) } else { dyb.len() };
            let sparse = nonzeros as f32 <= SPARSE_MAX_DENSITY * dyb.len() as f32;
            self.backward_flops += 2.0 * per_entry * if sparse { nonzeros } else { dyb.len() } as f64;
            if sparse {
                s.nonzeros.add_sums(&mut s.db);
                let dpadded = with_dx.then_some(s.dpadded.as_mut_slice());
                sparse::backward(&self.window, &s.nonzeros, padded, &s.weight_rows, self.weight.of_mut(grads), dpadded);
            } else {
                if dense_examples == 0 {
                    s.dw_t.clear();
                    s.dw_t.resize(self.window.rows() * self.filters, 0.0);
                }
                dense_examples += 1;
                unfold(padded, &self.window, &mut self.cols);
                dense_example(&self.window, self.filters, weight, dyb, &self.cols, s, with_dx);
            }
            if let Some(dx) = dx.as_deref_mut() {
                unpad(&s.dpadded, &self.window, &mut dx[b * in_size..(b + 1) * in_size]);
            }
        }
        if let Some(bias) = self.bias {
            bias.of_mut(grads).iter_mut().zip(&s.db).for_each(|(g, d)| *g += d);
        }
        if dense_examples > 0 {
            let (dw, k) = (self.weight.of_mut(grads), self.window.rows());
            for (tap, row) in s.dw_t.chunks_exact(self.filters).enumerate() {
                for (f, g) in row.iter().enumerate() {
                    dw[f * k + tap] += g;
                }
            }
        }
    }
}

/// The dense backward of one example, from its unfolded input `cols`: `dW^T += cols dy^T`
/// into `s.dw_t` (a register-tiled product over the contiguous rows of `cols`; `dW = dy
/// cols^T` would be one dot product per weight), the bias gradient, and, `with_dx`,
/// `dcols = W^T dy` folded into `s.dpadded`.
fn dense_example(
    win: &Window,
    filters: usize,
    weight: &[f32],
    dy: &[f32],
    cols: &[f32],
    s: &mut Scratch,
    with_dx: bool,
) {
    let (k, n) = (win.rows(), win.cols());
    s.dy_t.resize(n * filters, 0.0);
    transpose(filters, n, dy, &mut s.dy_t);
    gemm_nn(k, filters, n, cols, &s.dy_t, &mut s.dw_t);
    for (g, row) in s.db.iter_mut().zip(dy.chunks_exact(n)) {
        *g += sum(row);
    }
    if with_dx {
        s.dcols.resize(k * n, 0.0);
        gemm_tn_into(k, n, filters, weight, dy, &mut s.dcols);
        fold(&s.dcols, win, &mut s.dpadded);
    }
}
