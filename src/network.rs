//! A network built from a checked spec: its layers, its parameters in one flat buffer, and the
//! activations of the last forward pass.
//!
//! Data flows one way: spec -> network -> forward (activations kept) -> loss -> backward
//! (gradients into one flat buffer parallel to the parameters). Buffers are sized once per
//! batch size; a training step allocates nothing.
//!
//! Backward, a convolution followed by a max-pool (with a ReLU between, as in most CNNs) is
//! one step ([`PooledChain`]): the convolution takes its nonzero output gradients straight
//! from the pool's winners, and the pool's and the ReLU's input gradients (three values in
//! four of them zero) are never written. The bits are those of the layers one by one.

use crate::bail;
use crate::error::{Error, Result};
use crate::kernels::sparse::{routes_pool, MAX_KERNEL_WIDTH};
use crate::layers::{Activation, Layer, ParamRange, PooledGradient};
use crate::loss::{self, Targets};
use crate::rng::Rng;
use crate::spec::LayerSpec;
use crate::spec::{Loss, NetworkSpec};
use ndarray::{ArrayViewD, IxDyn};

mod profile;
mod shares;
#[cfg(test)]
mod tests;
pub use profile::LayerTimes;
pub use shares::{share_count, share_range, ShareSum, SHARE};

/// The random stream used for initial weights (see [`Rng::new`]).
const INIT_STREAM: u64 = 1;

/// One named parameter tensor, e.g. `"0.weight"` of shape `[8, 1, 5, 5]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSlot {
    pub name: String,
    pub shape: Vec<usize>,
    pub range: ParamRange,
    /// fan-in of the layer (inputs per output), which scales the initial weights
    pub fan_in: usize,
}

#[derive(Debug, Clone)]
pub struct Network {
    spec: NetworkSpec,
    /// One built layer per layer of the spec, called through the [`Layer`] trait.
    layers: Vec<Box<dyn Layer>>,
    slots: Vec<ParamSlot>,
    params: Vec<f32>,
    grads: Vec<f32>,
    /// Batch size the buffers are sized for (0 before the first pass).
    batch: usize,
    /// `acts[0]` is the input, `acts[i + 1]` the output of layer `i` (the last: logits).
    acts: Vec<Vec<f32>>,
    /// dLoss/d`acts[i]`; `dacts[0]` only when the input gradient was asked for.
    dacts: Vec<Vec<f32>>,
    probs: Vec<f32>,
    /// `chains[i]`: the convolution chain that max-pool `i` ends, if any.
    chains: Vec<Option<PooledChain>>,
}

/// A convolution, maybe a ReLU, then a max-pool whose windows do not overlap, whose backward
/// runs as one ([`Layer::backward_pooled`]). Their indices.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PooledChain {
    conv: usize,
    relu: Option<usize>,
    pool: usize,
}

/// The chains of `spec`, by the index of their pool.
fn pooled_chains(spec: &NetworkSpec) -> Vec<Option<PooledChain>> {
    let layers = spec.layers();
    let mut chains = vec![None; layers.len()];
    for (conv, layer) in layers.iter().enumerate() {
        let LayerSpec::Conv2d(c) = layer else { continue };
        let relu = matches!(layers.get(conv + 1), Some(LayerSpec::Activation(Activation::Relu))).then_some(conv + 1);
        let pool = relu.map_or(conv + 1, |r| r + 1);
        let Some(LayerSpec::MaxPool(p)) = layers.get(pool) else { continue };
        let info = &spec.layers_info()[pool];
        if c.kernel[1] <= MAX_KERNEL_WIDTH && routes_pool(&p.geometry(info.input_shape, info.output_shape)) {
            chains[pool] = Some(PooledChain { conv, relu, pool });
        }
    }
    chains
}

impl Network {
    /// Builds the network and initializes it from `seed` as PyTorch does by default: every
    /// weight and bias uniform in `[-1/sqrt(fan_in), 1/sqrt(fan_in)]`.
    pub fn new(spec: NetworkSpec, seed: u64) -> Self {
        let (layers, slots) = build_layers(&spec);
        let total = slots.last().map_or(0, |s| s.range.offset + s.range.len);
        let mut params = vec![0.0; total];
        let mut rng = Rng::new(seed, INIT_STREAM);
        for slot in &slots {
            let bound = 1.0 / (slot.fan_in as f32).sqrt();
            slot.range.of_mut(&mut params).iter_mut().for_each(|w| *w = rng.uniform(-bound, bound));
        }
        let n = layers.len();
        Network {
            chains: pooled_chains(&spec),
            spec,
            layers,
            slots,
            grads: vec![0.0; total],
            params,
            batch: 0,
            acts: vec![Vec::new(); n + 1],
            dacts: vec![Vec::new(); n + 1],
            probs: Vec::new(),
        }
    }

    pub fn spec(&self) -> &NetworkSpec {
        &self.spec
    }

    /// The parameter tensors in order: `0.weight`, `0.bias`, `3.weight`, ...
    pub fn param_slots(&self) -> &[ParamSlot] {
        &self.slots
    }

    fn slot(&self, name: &str) -> Result<&ParamSlot> {
        self.slots.iter().find(|s| s.name == name).ok_or_else(|| {
            let names: Vec<&str> = self.slots.iter().map(|s| s.name.as_str()).collect();
            let known = if names.is_empty() {
                "this network has no parameters".to_string()
            } else {
                format!("its parameters are {}", names.join(", "))
            };
            Error::new(format!("unknown parameter \"{name}\"{}; {known}", crate::error::did_you_mean(name, &names)))
        })
    }

    /// All parameters, one flat buffer in [`Self::param_slots`] order.
    pub fn params(&self) -> &[f32] {
        &self.params
    }
    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }
    /// The gradients of the last backward pass, parallel to [`Self::params`].
    pub fn grads(&self) -> &[f32] {
        &self.grads
    }
    /// The gradient buffer, for a gradient summed elsewhere (the shares of a mini-batch).
    pub fn grads_mut(&mut self) -> &mut [f32] {
        &mut self.grads
    }
    /// Parameters and gradients together, for an optimizer step.
    pub fn params_and_grads(&mut self) -> (&mut [f32], &[f32]) {
        (&mut self.params, &self.grads)
    }

    /// One parameter tensor as an n-d view (PyTorch's shape).
    pub fn param(&self, name: &str) -> Result<ArrayViewD<'_, f32>> {
        let slot = self.slot(name)?;
        Ok(ArrayViewD::from_shape(IxDyn(&slot.shape), slot.range.of(&self.params))
            .expect("slot shape matches its range"))
    }

    /// The gradient of one parameter tensor from the last backward pass.
    pub fn grad(&self, name: &str) -> Result<ArrayViewD<'_, f32>> {
        let slot = self.slot(name)?;
        Ok(ArrayViewD::from_shape(IxDyn(&slot.shape), slot.range.of(&self.grads))
            .expect("slot shape matches its range"))
    }

    /// Replaces one parameter tensor (flat, row-major in its shape).
    pub fn set_param(&mut self, name: &str, values: &[f32]) -> Result<()> {
        let slot = self.slot(name)?.clone();
        if values.len() != slot.range.len {
            bail!(
                "parameter \"{name}\" has shape {:?}, so it takes {} values, not {}",
                slot.shape,
                slot.range.len,
                values.len()
            );
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            bail!("parameter \"{name}\": value {i} is {}, not a finite number", values[i]);
        }
        slot.range.of_mut(&mut self.params).copy_from_slice(values);
        Ok(())
    }

    /// Replaces every parameter at once (flat, in [`Self::param_slots`] order), e.g. with
    /// another copy's weights.
    pub fn set_params(&mut self, values: &[f32]) -> Result<()> {
        if values.len() != self.params.len() {
            bail!(
                "the network has {} parameters, not {}: give the weights of a network of the same spec",
                self.params.len(),
                values.len()
            );
        }
        self.params.copy_from_slice(values);
        Ok(())
    }

    /// Outputs per example (the logits' width).
    pub fn outputs(&self) -> usize {
        self.spec.output().size()
    }

    /// Runs the network on `batch` examples and returns their probabilities, `[batch, outputs]`.
    pub fn forward(&mut self, input: &[f32], batch: usize) -> Result<&[f32]> {
        self.run_forward(input, batch)?;
        let n = self.outputs();
        let logits = &self.acts[self.layers.len()];
        match self.spec.loss() {
            Loss::SoftmaxCrossEntropy => loss::softmax(logits, n, &mut self.probs),
            Loss::SigmoidBinaryCrossEntropy => {
                self.probs.iter_mut().zip(logits).for_each(|(p, &z)| *p = crate::layers::activation::sigmoid(z))
            }
        }
        Ok(&self.probs)
    }

    /// Forward, loss and backward: returns the mean loss; the gradients are then in
    /// [`Self::grads`] (overwritten, not accumulated across calls) and, when `input_grad` is
    /// true, dLoss/dinput in [`Self::input_grad`].
    pub fn gradients(&mut self, input: &[f32], targets: Targets<'_>, batch: usize, input_grad: bool) -> Result<f32> {
        self.check_targets(targets, batch)?;
        self.run_forward(input, batch)?;
        let loss = self.run_loss(targets, batch);
        self.run_backward(input_grad);
        Ok(loss)
    }

    /// The loss of the last forward against checked `targets`, its mean taken over a batch of
    /// `batch` examples (the pass's own, or a larger one it is a share of); dLoss/dlogits
    /// into the last `dacts`.
    fn run_loss(&mut self, targets: Targets<'_>, batch: usize) -> f32 {
        let n = self.outputs();
        let last = self.layers.len();
        let logits = &self.acts[last];
        let dlogits = &mut self.dacts[last];
        match targets {
            Targets::Classes(labels) => {
                loss::softmax_cross_entropy_over(logits, labels, n, batch, &mut self.probs, dlogits)
            }
            Targets::Values(values) => {
                loss::sigmoid_binary_cross_entropy_over(logits, values, batch * n, &mut self.probs, dlogits)
            }
        }
    }

    /// The probabilities of the last pass, `[batch, outputs]`.
    pub fn probabilities(&self) -> &[f32] {
        &self.probs
    }
    /// The logits of the last pass, `[batch, outputs]`.
    pub fn logits(&self) -> &[f32] {
        &self.acts[self.layers.len()]
    }
    /// dLoss/dinput of the last [`Self::gradients`] call made with `input_grad`.
    pub fn input_grad(&self) -> &[f32] {
        &self.dacts[0]
    }
    /// The batch size of the last pass.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// The output of layer `index` in the last pass, `[batch, ..output shape]`: the feature
    /// maps the page draws.
    pub fn layer_output(&self, index: usize) -> Result<&[f32]> {
        self.check_layer(index)?;
        Ok(&self.acts[index + 1])
    }

    /// For a max-pool layer, the winning input of every output of the last pass (an index into
    /// its input plane, `ih * w + iw`); `None` for other layers.
    pub fn max_pool_switches(&self, index: usize) -> Result<Option<&[u32]>> {
        self.check_layer(index)?;
        Ok(self.layers[index].max_pool_switches())
    }

    fn check_layer(&self, index: usize) -> Result<()> {
        if index >= self.layers.len() {
            bail!("layer {index} does not exist: the network has layers 0 to {}", self.layers.len() - 1);
        }
        Ok(())
    }

    fn check_targets(&self, targets: Targets<'_>, batch: usize) -> Result<()> {
        let n = self.outputs();
        match (self.spec.loss(), targets) {
            (Loss::SoftmaxCrossEntropy, Targets::Classes(labels)) => {
                if labels.len() != batch {
                    bail!("{} labels for a batch of {batch}: give one class index per example", labels.len());
                }
                if let Some(i) = labels.iter().position(|&l| l as usize >= n) {
                    bail!("label {i} is {}, but the network has {n} classes (0 to {})", labels[i], n - 1);
                }
            }
            (Loss::SigmoidBinaryCrossEntropy, Targets::Values(values)) => {
                if values.len() != batch * n {
                    bail!("{} targets for a batch of {batch} with {n} outputs each: give {}", values.len(), batch * n);
                }
                if let Some(i) = values.iter().position(|v| !(0.0..=1.0).contains(v)) {
                    bail!("target {i} is {}, but sigmoid binary cross-entropy needs targets from 0 to 1", values[i]);
                }
            }
            (Loss::SoftmaxCrossEntropy, Targets::Values(_)) => {
                bail!("softmax_cross_entropy takes class indices as labels (a Uint32Array), not target values")
            }
            (Loss::SigmoidBinaryCrossEntropy, Targets::Classes(_)) => {
                bail!(
                    "sigmoid_binary_cross_entropy takes target values from 0 to 1 (a Float32Array), not class indices"
                )
            }
        }
        Ok(())
    }

    /// Sizes every buffer for `batch` examples; does nothing when the size is unchanged.
    fn reserve(&mut self, batch: usize) -> Result<()> {
        if batch == self.batch {
            return Ok(());
        }
        self.spec.check_batch(batch)?;
        let mut size = self.spec.input().size();
        self.acts[0].resize(batch * size, 0.0);
        for (i, info) in self.spec.layers_info().iter().enumerate() {
            size = info.output_shape.size();
            self.acts[i + 1].resize(batch * size, 0.0);
            self.dacts[i + 1].resize(batch * size, 0.0);
            self.layers[i].reserve(batch);
        }
        self.probs.resize(batch * size, 0.0);
        self.batch = batch;
        Ok(())
    }

    fn run_forward(&mut self, input: &[f32], batch: usize) -> Result<()> {
        self.load_input(input, batch)?;
        for i in 0..self.layers.len() {
            self.forward_layer(i);
        }
        Ok(())
    }

    /// Checks `input` against the network's input shape and copies it into `acts[0]`.
    fn load_input(&mut self, input: &[f32], batch: usize) -> Result<()> {
        let per = self.spec.input().size();
        if batch == 0 {
            bail!("batch size is 0: use at least 1 example");
        }
        if input.len() != batch * per {
            bail!(
                "input has {} values, but a batch of {batch} x {} needs {batch} x {per} = {}",
                input.len(),
                self.spec.input(),
                batch as u64 * per as u64
            );
        }
        // One pass without early exit (vectorized) in the common case; the position only when
        // there is something to report.
        if !crate::kernels::elementwise::all_finite(input) {
            let i = input.iter().position(|v| !v.is_finite()).unwrap_or(0);
            bail!("input value {i} is {}: every input must be a finite number", input[i]);
        }
        self.reserve(batch)?;
        self.acts[0].copy_from_slice(input);
        Ok(())
    }

    /// Layer `i` forward: `acts[i] -> acts[i + 1]`.
    fn forward_layer(&mut self, i: usize) {
        let (before, after) = self.acts.split_at_mut(i + 1);
        self.layers[i].forward(&before[i], &mut after[0], &self.params);
    }

    /// Backpropagates `dacts[last]` through every layer, into `grads` and, when asked, dinput.
    fn run_backward(&mut self, input_grad: bool) {
        self.grads.fill(0.0);
        if input_grad {
            self.dacts[0].resize(self.acts[0].len(), 0.0);
        }
        let mut top = self.layers.len();
        while top > 0 {
            top = self.backward_step(top - 1, input_grad);
        }
    }

    /// Layer `top`'s backward, or the whole chain's when `top` is the max-pool of a
    /// [`PooledChain`]; returns the lowest layer done.
    fn backward_step(&mut self, top: usize, input_grad: bool) -> usize {
        let Some(chain) = self.chains[top] else {
            self.backward_layer(top, input_grad);
            return top;
        };
        let PooledChain { conv, relu, pool } = chain;
        let (lower, upper) = self.layers.split_at_mut(pool);
        let geometry = match &self.spec.layers()[pool] {
            LayerSpec::MaxPool(p) => {
                let info = &self.spec.layers_info()[pool];
                p.geometry(info.input_shape, info.output_shape)
            }
            _ => unreachable!("pooled_chains() found a max-pool here"),
        };
        let (before, after) = self.dacts.split_at_mut(conv + 1);
        let grad = PooledGradient {
            geometry,
            dy: &after[pool - conv],
            switches: upper[0].max_pool_switches().expect("a max-pool keeps its switches"),
            pooled: &self.acts[pool + 1],
            relu: relu.is_some(),
        };
        let dx = if conv > 0 || input_grad { Some(before[conv].as_mut_slice()) } else { None };
        lower[conv].backward_pooled(&grad, dx, &self.params, &mut self.grads);
        conv
    }

    /// Layer `i` backward: `dacts[i + 1] -> dacts[i]` (skipped for the input unless asked),
    /// parameter gradients added into `grads`.
    fn backward_layer(&mut self, i: usize, input_grad: bool) {
        let (before, after) = self.dacts.split_at_mut(i + 1);
        let dy = &after[0];
        let dx = if i > 0 || input_grad { Some(before[i].as_mut_slice()) } else { None };
        let (x, y) = (&self.acts[i], &self.acts[i + 1]);
        self.layers[i].backward(x, y, dy, dx, &self.params, &mut self.grads);
    }
}

/// Builds every layer of a checked spec and lays out their parameter tensors one after the
/// other in one flat buffer, named `"<layer index>.<name>"`.
fn build_layers(spec: &NetworkSpec) -> (Vec<Box<dyn Layer>>, Vec<ParamSlot>) {
    let (mut layers, mut slots) = (Vec::with_capacity(spec.layers().len()), Vec::new());
    let mut offset = 0;
    for (i, (layer, info)) in spec.layers().iter().zip(spec.layers_info()).enumerate() {
        let shape = layer.shape(info.input_shape).expect("NetworkSpec::new checked every layer");
        let ranges: Vec<ParamRange> = shape
            .params
            .iter()
            .map(|p| {
                let range = ParamRange { offset, len: p.len() as usize };
                offset += range.len;
                range
            })
            .collect();
        let built = layer.build(info.input_shape, info.output_shape, &ranges);
        debug_assert_eq!(built.parameters(), ranges, "layer {i} keeps its parameters where they were laid out");
        slots.extend(shape.params.into_iter().zip(ranges).map(|(p, range)| ParamSlot {
            name: format!("{i}.{}", p.name),
            shape: p.shape,
            range,
            fan_in: p.fan_in,
        }));
        layers.push(built);
    }
    (layers, slots)
}
