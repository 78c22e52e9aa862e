//! 2-D convolution: a window of shared weights slides over the input.
//!
//! Each of the `filters` kernels has the input's depth `c`; at every position the products of
//! all `c` channels are summed, plus the kernel's bias, giving one output channel per kernel.
//! Computed as im2col + matrix product: `y[f, :] = b[f] + W[f, :] cols`; on one input channel
//! at stride 1 straight from the padded image (`kernels::direct`, the same bits without the
//! unfolded copy); a 5 x 5 kernel at stride 1 on 4 or more channels by Winograd's F(4x4, 5x5)
//! (`kernels::winograd`: 64 products per 4 x 4 outputs where the direct sum does 400), the same
//! within rounding.
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

use super::{bias_field, image_input, weight_and_bias, Flops, Layer, LayerShape, ParamRange, PooledGradient};
use crate::error::Result;
use crate::kernels::gemm::{gemm_nn, gemm_nn_bias, gemm_tn_into, sum};
use crate::kernels::im2col::{fold, pad_into, unfold, unpad, Window};
use crate::kernels::layout::transpose;
use crate::kernels::sparse::{self, Nonzeros, DX_SLACK, MAX_KERNEL_WIDTH, SLACK};
use crate::kernels::{direct, winograd};
use crate::refuse;
use crate::schema::{Compact, Default, Field, Kind, LayerSchema, Range};
use crate::spec::{size_json, LayerSpec, Shape};
use serde_json::{Map, Value};

/// An example's output gradient takes the sparse backward when at most this share of it is
/// nonzero (a 2 x 2 max-pool after the convolution leaves at most 1/4, a 3 x 3 one 1/9).
/// Past it the dense products are faster.
const SPARSE_MAX_DENSITY: f32 = 0.35;

/// A 2-D convolution: `filters` kernels, each with the input's depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Conv2dSpec {
    pub filters: usize,
    /// `[kh, kw]`
    pub kernel: [usize; 2],
    /// `[sh, sw]`
    pub stride: [usize; 2],
    /// `[top, bottom, left, right]`, zeros
    pub padding: [usize; 4],
    pub bias: bool,
}

/// The `conv2d` row of the schema.
pub const SCHEMA: LayerSchema = LayerSchema {
    type_name: "conv2d",
    doc:
        "2-D convolution: each of `filters` kernels, as deep as the input, slides over it and gives one output channel",
    fields: &[
        Field {
            name: "filters",
            kind: Kind::Int,
            default: Default::Required { example: 8.0 },
            range: Range::dimension(1.0),
            compact: Some(Compact::Main),
            doc: "how many kernels, so how many output channels",
        },
        Field {
            name: "kernel",
            kind: Kind::Size,
            default: Default::Required { example: 3.0 },
            range: Range::dimension(1.0),
            compact: Some(Compact::Prefix("k")),
            doc: "kernel height and width",
        },
        Field {
            name: "stride",
            kind: Kind::Size,
            default: Default::Number(1.0),
            range: Range::dimension(1.0),
            compact: Some(Compact::Prefix("s")),
            doc: "step between two windows",
        },
        Field {
            name: "padding",
            kind: Kind::Padding,
            default: Default::Number(0.0),
            range: Range::dimension(0.0),
            compact: Some(Compact::Prefix("p")),
            doc: "rows and columns of zeros added around the input",
        },
        bias_field("add a learned bias to each output channel"),
    ],
    read: |f| {
        Ok(LayerSpec::Conv2d(Conv2dSpec {
            filters: f.int("filters")?,
            kernel: f.size("kernel")?,
            stride: f.size("stride")?,
            padding: f.padding("padding")?,
            bias: f.boolean("bias")?,
        }))
    },
};

impl Conv2dSpec {
    /// The output `filters x oh x ow`, the weight `[filters, c, kh, kw]` and bias `[filters]`,
    /// and the unfolded input (`c·kh·kw x oh·ow` values per example); or why the kernel does
    /// not fit the padded input.
    pub fn shape(&self, input: Shape) -> Result<LayerShape> {
        let (channels, height, width) = image_input(input, "conv2d")?;
        let [kh, kw] = self.kernel;
        let [top, bottom, left, right] = self.padding;
        let (ph, pw) = (height + top + bottom, width + left + right);
        if kh > ph || kw > pw {
            let kernel = if kh == kw { format!("{kh}") } else { format!("{kh} x {kw}") };
            refuse!(KERNEL_TOO_LARGE, kernel, height = ph, width = pw);
        }
        let (oh, ow) = ((ph - kh) / self.stride[0] + 1, (pw - kw) / self.stride[1] + 1);
        let params = weight_and_bias(self.filters, &[channels, kh, kw], self.bias);
        let scratch = (channels as u64 * kh as u64 * kw as u64).saturating_mul(oh as u64 * ow as u64);
        Ok(LayerShape { output: Shape::Image { channels: self.filters, height: oh, width: ow }, params, scratch })
    }

    /// The layer, its weight at `params[0]` and its bias (if any) at `params[1]`.
    pub fn build(&self, input: Shape, output: Shape, params: &[ParamRange]) -> Conv2d {
        let (Shape::Image { channels, height, width }, Shape::Image { height: oh, width: ow, .. }) = (input, output)
        else {
            unreachable!("shape() checked that the input is an image")
        };
        let window = Window {
            channels,
            height,
            width,
            kernel: self.kernel,
            stride: self.stride,
            padding: self.padding,
            out_height: oh,
            out_width: ow,
        };
        Conv2d::new(window, self.filters, params[0], params.get(1).copied())
    }

    pub fn write(&self, map: &mut Map<String, Value>) {
        map.insert("filters".into(), self.filters.into());
        map.insert("kernel".into(), size_json(&self.kernel));
        map.insert("stride".into(), size_json(&self.stride));
        map.insert("padding".into(), size_json(&self.padding));
        map.insert("bias".into(), self.bias.into());
    }
}

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
    /// The Winograd forward's working memory (5 x 5 kernels at stride 1, `winograd::fits`).
    winograd: winograd::Scratch,
    /// The one-channel forward's splatted weights (`direct::fits`).
    direct: direct::Scratch,
    scratch: Scratch,
    /// Flops the last backward pass did (multiply-adds as 2): fewer than the dense count
    /// where it skipped zero output gradients.
    backward_flops: f64,
}

/// The backward pass's working buffers, sized on first use.
#[derive(Debug, Clone, Default)]
struct Scratch {
    nonzeros: Nonzeros,
    /// The weights' rows shifted into whole vectors (`sparse::weight_rows`).
    weight_rows: Vec<f32>,
    /// One example's dLoss/dpadded input, `[c, ph, pw]`, then [`DX_SLACK`] values.
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
            winograd: winograd::Scratch::default(),
            direct: direct::Scratch::default(),
            scratch: Scratch::default(),
            backward_flops: 0.0,
        }
    }

    fn sizes(&self) -> (usize, usize) {
        let w = &self.window;
        (w.channels * w.height * w.width, self.filters * w.cols())
    }

    /// The backward pass of [`Layer::backward`] and [`Layer::backward_pooled`].
    fn backward_from(
        &mut self,
        from: OutputGradient<'_>,
        mut dx: Option<&mut [f32]>,
        params: &[f32],
        grads: &mut [f32],
    ) {
        let (in_size, out_size) = self.sizes();
        let batch = match from {
            OutputGradient::Dense(dy) => dy.len() / out_size,
            OutputGradient::Pooled(p) => p.dy.len() / (self.filters * p.geometry.planes().1),
        };
        let plen = self.window.padded_len();
        let weight = self.weight.of(params);
        let s = &mut self.scratch;
        s.db.clear();
        s.db.resize(self.filters, 0.0);
        if dx.is_some() {
            s.dpadded.resize(plen + DX_SLACK, 0.0);
            sparse::weight_rows(&self.window, weight, &mut s.weight_rows);
        }
        let sparse_ok = self.window.kernel[1] <= MAX_KERNEL_WIDTH;
        let mut dense_examples = 0;
        // multiply-adds per output gradient entry: one per weight, twice with the input gradient
        let per_entry = (self.window.rows() * if dx.is_some() { 2 } else { 1 }) as f64;
        self.backward_flops = 0.0;
        for b in 0..batch {
            let padded = &self.padded[b * plen..(b + 1) * plen + SLACK];
            let with_dx = dx.is_some();
            if with_dx {
                s.dpadded.fill(0.0);
            }
            let (nonzeros, dense) = match from {
                OutputGradient::Dense(dy) => {
                    let dyb = &dy[b * out_size..(b + 1) * out_size];
                    let nonzeros = if sparse_ok { s.nonzeros.collect(dyb, &self.corners) } else { dyb.len() };
                    (nonzeros, (nonzeros as f32 > SPARSE_MAX_DENSITY * dyb.len() as f32).then_some(dyb))
                }
                OutputGradient::Pooled(p) => {
                    let pooled = p.dy.len() / batch;
                    let at = b * pooled..(b + 1) * pooled;
                    let kept = p.relu.then(|| &p.pooled[at.clone()]);
                    let nonzeros =
                        s.nonzeros.collect_pooled(&p.geometry, &p.dy[at.clone()], &p.switches[at], kept, &self.corners);
                    (nonzeros, None)
                }
            };
            self.backward_flops += 2.0 * per_entry * dense.map_or(nonzeros, <[f32]>::len) as f64;
            if let Some(dyb) = dense {
                if dense_examples == 0 {
                    s.dw_t.clear();
                    s.dw_t.resize(self.window.rows() * self.filters, 0.0);
                }
                dense_examples += 1;
                unfold(padded, &self.window, &mut self.cols);
                dense_example(&self.window, self.filters, weight, dyb, &self.cols, s, with_dx);
            } else {
                s.nonzeros.add_sums(&mut s.db);
                let dpadded = with_dx.then_some(s.dpadded.as_mut_slice());
                sparse::backward(&self.window, &s.nonzeros, padded, &s.weight_rows, self.weight.of_mut(grads), dpadded);
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

/// Where a backward pass takes dLoss/doutput from: the output's gradient itself, or a max-pool
/// behind the layer (`Nonzeros::collect_pooled`).
#[derive(Clone, Copy)]
enum OutputGradient<'a> {
    Dense(&'a [f32]),
    Pooled(&'a PooledGradient<'a>),
}

impl Layer for Conv2d {
    /// Sizes the caches for `batch` examples (once per batch size, not per step).
    fn reserve(&mut self, batch: usize) {
        // Growing adds zeros, shrinking drops examples: the padding stays zero either way.
        self.padded.resize(batch * self.window.padded_len() + SLACK, 0.0);
        self.cols.resize(self.window.rows() * self.window.cols(), 0.0);
    }

    /// # Shapes
    /// `x` `[batch, c, h, w]`, `y` `[batch, filters, oh, ow]`; every example's zero-padded
    /// input `[c, ph, pw]` is kept for the backward pass.
    fn forward(&mut self, x: &[f32], y: &mut [f32], params: &[f32]) {
        let (in_size, out_size) = self.sizes();
        let plen = self.window.padded_len();
        let weight = self.weight.of(params);
        let bias = self.bias.map(|b| b.of(params));
        let batch = x.len() / in_size;
        for (xb, padded) in x.chunks_exact(in_size).zip(self.padded.chunks_exact_mut(plen)) {
            pad_into(xb, &self.window, padded);
        }
        if winograd::fits(&self.window) {
            let s = &mut self.winograd;
            winograd::forward(&self.window, self.filters, weight, bias, &self.padded, &mut y[..batch * out_size], s);
            return;
        }
        if direct::fits(&self.window) {
            let s = &mut self.direct;
            direct::forward(&self.window, self.filters, weight, bias, &self.padded, &mut y[..batch * out_size], s);
            return;
        }
        for (b, yb) in y.chunks_exact_mut(out_size).take(batch).enumerate() {
            let padded = &self.padded[b * plen..(b + 1) * plen + SLACK];
            unfold(padded, &self.window, &mut self.cols);
            gemm_nn_bias(self.filters, self.window.cols(), self.window.rows(), weight, &self.cols, bias, yb);
        }
    }

    /// `dW += dy colsᵀ`, `db += Σ dy` over positions, `dx = fold(Wᵀ dy)`: per example from
    /// the nonzero entries of `dy` when it is sparse, else by the two matrix products.
    ///
    /// # Shapes
    /// `dy` `[batch, filters, oh, ow]`, `dx` `[batch, c, h, w]`.
    fn backward(
        &mut self,
        _: &[f32],
        _: &[f32],
        dy: &[f32],
        dx: Option<&mut [f32]>,
        params: &[f32],
        grads: &mut [f32],
    ) {
        self.backward_from(OutputGradient::Dense(dy), dx, params, grads);
    }

    /// The same from a max-pool's gradient (`Nonzeros::collect_pooled`): always sparse, since
    /// the network routes only pools that pass at most a third of the values.
    fn backward_pooled(
        &mut self,
        grad: &PooledGradient<'_>,
        dx: Option<&mut [f32]>,
        params: &[f32],
        grads: &mut [f32],
    ) {
        self.backward_from(OutputGradient::Pooled(grad), dx, params, grads);
    }

    /// The flops of the last backward pass, multiply-adds counted as 2: the sparse path does
    /// `2 · nonzeros · c·kh·kw` for the weight gradient and as many for the input gradient.
    fn backward_flops_done(&self) -> Option<f64> {
        Some(self.backward_flops)
    }

    /// By Winograd's method, its 64 products: `2 · 64 · filters · c` per tile of 4 x 4 outputs.
    fn forward_flops_done(&self) -> Option<f64> {
        winograd::fits(&self.window).then(|| winograd::flops(&self.window, self.filters, 1))
    }

    fn parameters(&self) -> Vec<ParamRange> {
        std::iter::once(self.weight).chain(self.bias).collect()
    }

    /// Each product is `filters x (c·kh·kw)` by `(c·kh·kw) x (oh·ow)`: forward, weight
    /// gradient and input gradient alike.
    fn flops(&self) -> Flops {
        let per = 2.0 * (self.filters * self.window.cols() * self.window.rows()) as f64;
        Flops { forward: per, params_grad: per, input_grad: per }
    }

    fn boxed_clone(&self) -> Box<dyn Layer> {
        Box::new(self.clone())
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
