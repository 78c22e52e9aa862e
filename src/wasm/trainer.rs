//! `Trainer` and `ParamOptimizer`: the minimum JS API of `shared/spec/README.md` and more.

use super::{batch_size, js_error, network_spec, optimizer_spec, read_classes, read_f32, to_js, JsResult};
use crate::loss::Targets;
use crate::optim::Optimizer;
use crate::spec::Loss;
use js_sys::{Float32Array, Object};
use wasm_bindgen::prelude::*;

/// A network with its optimizer: the JS API of `shared/spec/README.md`, plus what the page
/// draws (layer shapes, feature maps, max-pool winners).
#[wasm_bindgen]
pub struct Trainer {
    pub(super) inner: crate::Trainer,
    /// Seed and link, for `save()` (see `wasm/export.rs`).
    pub(super) run: crate::export::RunInfo,
    input: Vec<f32>,
    classes: Vec<u32>,
    values: Vec<f32>,
}

#[wasm_bindgen]
impl Trainer {
    /// `new Trainer(spec, optimizer, seed)`; throws `Error(message)` on a bad spec.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "NetworkSpec | string")] spec: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OptimizerSpec | string")] optimizer: JsValue,
        seed: u32,
    ) -> JsResult<Trainer> {
        let spec = network_spec(&spec)?;
        let optimizer = optimizer_spec(&optimizer)?;
        Ok(Trainer::wrap(crate::Trainer::new(spec, optimizer, u64::from(seed)), crate::export::RunInfo::seeded(seed)))
    }

    /// A new trainer with this one's current weights (cloned) and a fresh `optimizer`: every
    /// contender of a race starts from the same weights.
    #[wasm_bindgen(js_name = withOptimizer)]
    pub fn with_optimizer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OptimizerSpec | string")] optimizer: JsValue,
    ) -> JsResult<Trainer> {
        let optimizer = optimizer_spec(&optimizer)?;
        let inner = crate::Trainer::from_network(self.inner.network().clone(), optimizer);
        Ok(Trainer::wrap(inner, self.run.clone()))
    }

    /// `["0.weight", "0.bias", ...]`
    #[wasm_bindgen(js_name = paramNames)]
    pub fn param_names(&self) -> Vec<String> {
        self.inner.network().param_slots().iter().map(|s| s.name.clone()).collect()
    }

    /// The PyTorch shape of a parameter, e.g. `[8, 1, 5, 5]`.
    #[wasm_bindgen(js_name = paramShape)]
    pub fn param_shape(&self, name: &str) -> JsResult<Vec<u32>> {
        Ok(self.inner.network().param(name).map_err(js_error)?.shape().iter().map(|&d| d as u32).collect())
    }

    /// A copy of one parameter tensor, flat.
    #[wasm_bindgen(js_name = getParam)]
    pub fn get_param(&self, name: &str) -> JsResult<Vec<f32>> {
        Ok(self.inner.network().param(name).map_err(js_error)?.iter().copied().collect())
    }

    /// Replaces one parameter tensor; throws on an unknown name or a wrong length.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, name: &str, values: JsValue) -> JsResult<()> {
        read_f32(&values, "values", &mut self.input)?;
        self.inner.network_mut().set_param(name, &self.input).map_err(js_error)
    }

    /// Probabilities (softmax or sigmoid of the logits), `batch x outputs`.
    pub fn forward(&mut self, input: JsValue, batch: f64) -> JsResult<Vec<f32>> {
        read_f32(&input, "input", &mut self.input)?;
        let batch = batch_size(batch)?;
        Ok(self.inner.network_mut().forward(&self.input, batch).map_err(js_error)?.to_vec())
    }

    /// Forward, loss and backward; returns the mean loss. Gradients are then readable with
    /// `getGrad(name)`, and the gradient with respect to the input with `inputGrad()`.
    pub fn backward(&mut self, input: JsValue, labels: JsValue, batch: f64) -> JsResult<f32> {
        self.gradients(input, labels, batch, true)
    }

    /// One optimizer step on one mini-batch; returns the loss before the update.
    pub fn step(&mut self, input: JsValue, labels: JsValue, batch: f64) -> JsResult<f32> {
        let loss = self.gradients(input, labels, batch, false)?;
        self.inner.apply_update();
        Ok(loss)
    }

    /// The gradient of one parameter from the last `backward` or `step`.
    #[wasm_bindgen(js_name = getGrad)]
    pub fn get_grad(&self, name: &str) -> JsResult<Vec<f32>> {
        Ok(self.inner.network().grad(name).map_err(js_error)?.iter().copied().collect())
    }

    /// dLoss/dinput from the last `backward`, `batch x C x H x W`.
    #[wasm_bindgen(js_name = inputGrad)]
    pub fn input_grad(&self) -> Vec<f32> {
        self.inner.network().input_grad().to_vec()
    }

    /// The logits of the last pass, `batch x outputs`.
    pub fn logits(&self) -> Vec<f32> {
        self.inner.network().logits().to_vec()
    }

    /// Every layer: `{index, type, inputShape, outputShape, parameters}`.
    pub fn layers(&self) -> JsValue {
        to_js(&self.inner.network().spec().layers_info())
    }

    /// Layer `index`'s output in the last pass (the feature maps), `batch x ...outputShape`.
    #[wasm_bindgen(js_name = layerOutput)]
    pub fn layer_output(&self, index: usize) -> JsResult<Vec<f32>> {
        Ok(self.inner.network().layer_output(index).map_err(js_error)?.to_vec())
    }

    /// For a maxpool layer, which input won each output in the last pass (index `ih * w + iw`
    /// in its input channel), `batch x ...outputShape`; `undefined` for other layers.
    #[wasm_bindgen(js_name = maxPoolSwitches)]
    pub fn max_pool_switches(&self, index: usize) -> JsResult<Option<Vec<u32>>> {
        Ok(self.inner.network().max_pool_switches(index).map_err(js_error)?.map(<[u32]>::to_vec))
    }

    /// Optimizer steps taken.
    pub fn steps(&self) -> f64 {
        self.inner.optimizer().steps() as f64
    }

    /// The optimizer spec with every default written out.
    pub fn optimizer(&self) -> JsValue {
        to_js(&self.inner.optimizer().spec().to_json())
    }
}

impl Trainer {
    pub(super) fn wrap(inner: crate::Trainer, run: crate::export::RunInfo) -> Trainer {
        Trainer { inner, run, input: Vec::new(), classes: Vec::new(), values: Vec::new() }
    }

    fn gradients(&mut self, input: JsValue, labels: JsValue, batch: f64, input_grad: bool) -> JsResult<f32> {
        read_f32(&input, "input", &mut self.input)?;
        let batch = batch_size(batch)?;
        let targets = match self.inner.network().spec().loss() {
            Loss::SoftmaxCrossEntropy => {
                read_classes(&labels, &mut self.classes)?;
                Targets::Classes(&self.classes)
            }
            Loss::SigmoidBinaryCrossEntropy => {
                read_f32(&labels, "targets", &mut self.values)?;
                Targets::Values(&self.values)
            }
        };
        self.inner.network_mut().gradients(&self.input, targets, batch, input_grad).map_err(js_error)
    }
}

/// One optimizer on a single flat parameter vector: the lecture's step-by-step view and the
/// loss-surface paths use the same update code as network training.
#[wasm_bindgen]
pub struct ParamOptimizer {
    optimizer: Optimizer,
    value: Vec<f32>,
    grad: Vec<f32>,
}

#[wasm_bindgen]
impl ParamOptimizer {
    #[wasm_bindgen(constructor)]
    pub fn new(optimizer: JsValue, start: JsValue) -> JsResult<ParamOptimizer> {
        let spec = optimizer_spec(&optimizer)?;
        let mut value = Vec::new();
        read_f32(&start, "start", &mut value)?;
        Ok(ParamOptimizer { optimizer: Optimizer::new(spec, value.len()), value, grad: Vec::new() })
    }

    /// One update from `grad`; returns the new value.
    pub fn step(&mut self, grad: JsValue) -> JsResult<Vec<f32>> {
        read_f32(&grad, "grad", &mut self.grad)?;
        if self.grad.len() != self.value.len() {
            return Err(js_error(crate::err!(JS_GRAD_LENGTH, given = self.grad.len(), expected = self.value.len())));
        }
        self.optimizer.update(&mut self.value, &self.grad);
        Ok(self.value.clone())
    }

    pub fn value(&self) -> Vec<f32> {
        self.value.clone()
    }

    /// `{steps, first, second}`: velocity or squares or Adam's first moment, and Adam's second.
    pub fn state(&self) -> JsValue {
        let state = Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&state, &k.into(), &v).ok();
        set("steps", (self.optimizer.steps() as f64).into());
        set("first", Float32Array::from(self.optimizer.first_state()).into());
        set("second", Float32Array::from(self.optimizer.second_state()).into());
        state.into()
    }
}
