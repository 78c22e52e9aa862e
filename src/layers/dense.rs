//! Fully connected layer: every output is a weighted sum of every input, plus a bias.
//!
//! `y = x W^T + b`
//!
//! # Shapes
//! - input `[batch, in]`, output `[batch, units]`
//! - weight `[units, in]`, bias `[units]`

use super::ParamRange;
use crate::kernels::gemm::{gemm_nn, gemm_nt, gemm_tn};
use crate::schema::{Compact, Default, Field, Kind, LayerSchema, Range};
use crate::spec::{DenseSpec, LayerSpec};

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
        Field {
            name: "bias",
            kind: Kind::Bool,
            default: Default::Bool(true),
            range: Range::NON_NEGATIVE,
            compact: Some(Compact::Flag("nobias")),
            doc: "add a learned bias to each output",
        },
    ],
    read: |f| Ok(LayerSpec::Dense(DenseSpec { units: f.int("units")?, bias: f.boolean("bias")? })),
};

#[derive(Debug, Clone)]
pub struct Dense {
    pub inputs: usize,
    pub units: usize,
    pub weight: ParamRange,
    pub bias: Option<ParamRange>,
}

impl Dense {
    pub fn forward(&self, x: &[f32], y: &mut [f32], params: &[f32]) {
        let batch = x.len() / self.inputs;
        for row in y.chunks_exact_mut(self.units) {
            match self.bias {
                Some(b) => row.copy_from_slice(b.of(params)),
                None => row.fill(0.0),
            }
        }
        gemm_nt(batch, self.units, self.inputs, x, self.weight.of(params), y);
    }

    pub fn backward(&self, x: &[f32], dy: &[f32], dx: Option<&mut [f32]>, params: &[f32], grads: &mut [f32]) {
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
}
