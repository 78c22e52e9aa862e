//! 2-D convolution: a window of shared weights slides over the input.
//!
//! Each of the `filters` kernels has the input's depth `c`; at every position the products of
//! all `c` channels are summed, plus the kernel's bias, giving one output channel per kernel.
//! Computed as im2col + matrix product: `y[f, :] = W[f, :] cols + b[f]`.
//!
//! # Shapes
//! - input `[batch, c, h, w]`, output `[batch, filters, oh, ow]` with
//!   `oh = (h + top + bottom - kh) / sh + 1` (rounded down), likewise `ow`
//! - weight `[filters, c, kh, kw]`, bias `[filters]`

use super::{bias_field, image_input, weight_and_bias, Flops, Layer, LayerShape, ParamRange};
use crate::bail;
use crate::error::Result;
use crate::kernels::gemm::{gemm_nn, gemm_tn_into, sum};
use crate::kernels::im2col::{col2im, im2col, im2col_padded, Window};
use crate::kernels::layout::transpose;
use crate::schema::{Compact, Default, Field, Kind, LayerSchema, Range};
use crate::spec::{size_json, LayerSpec, Shape};
use serde_json::{Map, Value};

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
            bail!("kernel {kernel} is larger than the padded input {ph} x {pw}");
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
    /// The unfolded input of every example of the last forward, `[batch, rows, cols]`, kept
    /// for the weight gradient.
    cols: Vec<f32>,
    /// Scratch for one example's column gradient, `[rows, cols]`.
    dcols: Vec<f32>,
    /// One example's dLoss/doutput transposed, `[cols, filters]`.
    dy_t: Vec<f32>,
    /// The weight gradient transposed, `[rows, filters]`, summed over the batch.
    dw_t: Vec<f32>,
    /// With stride 1, a zero-padded copy of one example's input, which makes unfolding plain
    /// row copies (see `im2col_padded`); else empty.
    padded: Vec<f32>,
}

impl Conv2d {
    pub fn new(window: Window, filters: usize, weight: ParamRange, bias: Option<ParamRange>) -> Self {
        Conv2d {
            window,
            filters,
            weight,
            bias,
            cols: Vec::new(),
            dcols: Vec::new(),
            dy_t: Vec::new(),
            dw_t: Vec::new(),
            padded: Vec::new(),
        }
    }

    fn sizes(&self) -> (usize, usize, usize, usize) {
        let w = &self.window;
        (w.channels * w.height * w.width, self.filters * w.cols(), w.rows(), w.cols())
    }
}

impl Layer for Conv2d {
    /// Sizes the caches for `batch` examples (once per batch size, not per step).
    fn reserve(&mut self, batch: usize) {
        let per = self.window.rows() * self.window.cols();
        self.cols.resize(batch * per, 0.0);
        self.dcols.resize(per, 0.0);
        self.dy_t.resize(self.window.cols() * self.filters, 0.0);
        self.dw_t.resize(self.window.rows() * self.filters, 0.0);
        if self.window.unit_stride() {
            self.padded.resize(self.window.padded_len(), 0.0);
        }
    }

    /// # Shapes
    /// `x` `[batch, c, h, w]`, `y` `[batch, filters, oh, ow]`; per example the unfolded input
    /// `cols` `[c·kh·kw, oh·ow]` is kept for the weight gradient.
    fn forward(&mut self, x: &[f32], y: &mut [f32], params: &[f32]) {
        let (in_size, out_size, k, n) = self.sizes();
        let weight = self.weight.of(params);
        let bias = self.bias.map(|b| b.of(params));
        for ((xb, yb), cols) in
            x.chunks_exact(in_size).zip(y.chunks_exact_mut(out_size)).zip(self.cols.chunks_exact_mut(k * n))
        {
            if self.window.unit_stride() {
                im2col_padded(xb, &self.window, &mut self.padded, cols);
            } else {
                im2col(xb, &self.window, cols);
            }
            for (f, row) in yb.chunks_exact_mut(n).enumerate() {
                row.fill(bias.map_or(0.0, |b| b[f]));
            }
            gemm_nn(self.filters, n, k, weight, cols, yb);
        }
    }

    /// `dW += dy colsᵀ`, `db += Σ dy` over positions, `dx = col2im(Wᵀ dy)`.
    ///
    /// # Shapes
    /// `dy` `[batch, filters, oh, ow]`, `dx` `[batch, c, h, w]`.
    fn backward(
        &mut self,
        _: &[f32],
        _: &[f32],
        dy: &[f32],
        mut dx: Option<&mut [f32]>,
        params: &[f32],
        grads: &mut [f32],
    ) {
        let (in_size, out_size, k, n) = self.sizes();
        let (batch, filters) = (dy.len() / out_size, self.filters);
        self.dw_t.fill(0.0);
        for b in 0..batch {
            let dyb = &dy[b * out_size..(b + 1) * out_size];
            let cols = &self.cols[b * k * n..(b + 1) * k * n];
            // dW^T[k x f] += cols[k x n] dy^T[n x f]: a register-tiled product over the
            // contiguous rows of cols (dW = dy cols^T would be one dot product per weight).
            transpose(filters, n, dyb, &mut self.dy_t);
            gemm_nn(k, filters, n, cols, &self.dy_t, &mut self.dw_t);
            if let Some(bias) = self.bias {
                for (g, row) in bias.of_mut(grads).iter_mut().zip(dyb.chunks_exact(n)) {
                    *g += sum(row);
                }
            }
            if let Some(dx) = dx.as_deref_mut() {
                // dcols = W^T dy, folded back onto the image
                gemm_tn_into(k, n, self.filters, self.weight.of(params), dyb, &mut self.dcols);
                let dxb = &mut dx[b * in_size..(b + 1) * in_size];
                dxb.fill(0.0);
                col2im(&self.dcols, &self.window, dxb);
            }
        }
        let dw = self.weight.of_mut(grads);
        for (tap, row) in self.dw_t.chunks_exact(filters).enumerate() {
            for (f, g) in row.iter().enumerate() {
                dw[f * k + tap] += g;
            }
        }
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
