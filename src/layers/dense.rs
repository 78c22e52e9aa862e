//! Fully connected layer: every output is a weighted sum of every input, plus a bias.
//!
//! `y = x W^T + b`
//!
//! # Shapes
//! - input `[batch, in]`, output `[batch, units]`
//! - weight `[units, in]`, bias `[units]`

use super::{bias_field, weight_and_bias, Flops, Layer, LayerShape, ParamRange};
use crate::error::Result;
use crate::kernels::gemm::{gemm_nn, gemm_nt, gemm_tn};
use crate::refuse;
use crate::schema::{Compact, Default, Field, Kind, LayerSchema, Range};
use crate::spec::{LayerSpec, Shape};
use serde_json::{Map, Value};

/// A fully connected layer.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseSpec {
    pub units: usize,
    pub bias: bool,
}

/// The `dense` row of the schema.
pub const SCHEMA: LayerSchema = LayerSchema {
    type_name: "dense",
    doc: "fully connected: each output is a weighted sum of every input plus a bias; needs a flat input",
    fields: &[
        Field {
            name: "units",
            kind: Kind::Int,
            default: Default::Required { example: 10.0 },
            range: Range::dimension(1.0),
            compact: Some(Compact::Main),
            doc: "how many outputs",
        },
        bias_field("add a learned bias to each output"),
    ],
    read: |f| Ok(LayerSpec::Dense(DenseSpec { units: f.int("units")?, bias: f.boolean("bias")? })),
};

impl DenseSpec {
    /// The output `units`, the weight `[units, in]` and bias `[units]`; or why the input is not
    /// flat.
    pub fn shape(&self, input: Shape) -> Result<LayerShape> {
        let Shape::Flat { features } = input else {
            refuse!(DENSE_NOT_FLAT, input);
        };
        let params = weight_and_bias(self.units, &[features], self.bias);
        Ok(LayerShape { output: Shape::Flat { features: self.units }, params, scratch: 0 })
    }

    /// The layer, its weight at `params[0]` and its bias (if any) at `params[1]`.
    pub fn build(&self, input: Shape, params: &[ParamRange]) -> Dense {
        Dense { inputs: input.size(), units: self.units, weight: params[0], bias: params.get(1).copied() }
    }

    pub fn write(&self, map: &mut Map<String, Value>) {
        map.insert("units".into(), self.units.into());
        map.insert("bias".into(), self.bias.into());
    }
}

#[derive(Debug, Clone)]
pub struct Dense {
    pub inputs: usize,
    pub units: usize,
    pub weight: ParamRange,
    pub bias: Option<ParamRange>,
}

impl Layer for Dense {
    /// # Shapes
    /// `x` `[batch, in]`, `y` `[batch, units]`.
    fn forward(&mut self, x: &[f32], y: &mut [f32], params: &[f32]) {
        let batch = x.len() / self.inputs;
        for row in y.chunks_exact_mut(self.units) {
            match self.bias {
                Some(b) => row.copy_from_slice(b.of(params)),
                None => row.fill(0.0),
            }
        }
        gemm_nt(batch, self.units, self.inputs, x, self.weight.of(params), y);
    }

    /// `dW += dyᵀ x`, `db += Σ dy` over the batch, `dx = dy W`.
    ///
    /// # Shapes
    /// `dy` `[batch, units]`, `dx` `[batch, in]`.
    fn backward(
        &mut self,
        x: &[f32],
        _: &[f32],
        dy: &[f32],
        dx: Option<&mut [f32]>,
        params: &[f32],
        grads: &mut [f32],
    ) {
        let batch = x.len() / self.inputs;
        // dW[units x in] += dy^T x
        gemm_tn(self.units, self.inputs, batch, dy, x, self.weight.of_mut(grads));
        if let Some(bias) = self.bias {
            let db = bias.of_mut(grads);
            for row in dy.chunks_exact(self.units) {
                for (g, d) in db.iter_mut().zip(row) {
                    *g += d;
                }
            }
        }
        if let Some(dx) = dx {
            // dx[batch x in] = dy W
            dx.fill(0.0);
            gemm_nn(batch, self.inputs, self.units, dy, self.weight.of(params), dx);
        }
    }

    fn parameters(&self) -> Vec<ParamRange> {
        std::iter::once(self.weight).chain(self.bias).collect()
    }

    /// Each product is `units x in` by the example: forward, weight gradient and input
    /// gradient alike.
    fn flops(&self) -> Flops {
        let per = 2.0 * (self.units * self.inputs) as f64;
        Flops { forward: per, params_grad: per, input_grad: per }
    }

    fn boxed_clone(&self) -> Box<dyn Layer> {
        Box::new(self.clone())
    }
}
