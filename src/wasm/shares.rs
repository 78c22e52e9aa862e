//! `ShareGradients`: a helper worker's part of data-parallel training. The training worker
//! holds the `TrainingRun`; each helper holds a network of the same spec, gets the run's
//! weights and some shares of each mini-batch, and hands back each share's gradient.
//!
//! ```js
//! // the training worker                          // a helper worker
//! const shares = run.beginStep(train);            const helper = new ShareGradients(spec);
//! const weights = run.parameters();               const loss = helper.compute(weights, images, labels, batch);
//! const { images, labels } = run.shareInput(1);   const grads = helper.grads();
//! run.computeShare(0);
//! run.putShare(1, grads, loss);
//! const stepLoss = run.finishStep();
//! ```

use super::{js_error, network_spec, read_classes, read_f32, JsResult};
use crate::loss::Targets;
use crate::network::Network;
use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

/// A network that computes shares of a `TrainingRun`'s mini-batches with the run's weights.
#[wasm_bindgen]
pub struct ShareGradients {
    network: Network,
    weights: Vec<f32>,
    images: Vec<f32>,
    labels: Vec<u32>,
}

#[wasm_bindgen]
impl ShareGradients {
    /// A network of `spec` (the run's); throws on a bad spec.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "NetworkSpec | string")] spec: JsValue,
    ) -> JsResult<ShareGradients> {
        let network = Network::new(network_spec(&spec)?, 0);
        Ok(ShareGradients { network, weights: Vec::new(), images: Vec::new(), labels: Vec::new() })
    }

    /// The gradient of one share of a mini-batch of `batch` examples, with `weights` (every
    /// parameter: the run's `parameters()`) on the share's `images` and `labels` (the run's
    /// `shareInput(s)`); returns the share's part of the loss, the gradient then in `grads()`.
    pub fn compute(&mut self, weights: JsValue, images: JsValue, labels: JsValue, batch: f64) -> JsResult<f32> {
        read_f32(&weights, "weights", &mut self.weights)?;
        read_f32(&images, "images", &mut self.images)?;
        read_classes(&labels, &mut self.labels)?;
        self.network.set_params(&self.weights).map_err(js_error)?;
        let batch = super::batch_size(batch)?;
        let n = self.labels.len();
        self.network.share_gradients(&self.images, Targets::Classes(&self.labels), n, batch).map_err(js_error)
    }

    /// The gradient of the last `compute`, one value per parameter (a copy).
    pub fn grads(&self) -> Float32Array {
        Float32Array::from(self.network.grads())
    }
}

/// Examples per share of a mini-batch (8): a batch of `b` has `ceil(b / shareSize())` shares,
/// so at most that many workers can share it.
#[wasm_bindgen(js_name = shareSize)]
pub fn share_size() -> usize {
    crate::network::SHARE
}
