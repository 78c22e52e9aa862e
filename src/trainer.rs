//! A network and its optimizer: one call per training step, or its two halves apart: the
//! gradients of a batch ([`Network::gradients`]) and the update ([`Trainer::apply_update`]).

use crate::bail;
use crate::error::Result;
use crate::loss::Targets;
use crate::network::Network;
use crate::optim::{Optimizer, OptimizerSpec};
use crate::spec::NetworkSpec;

#[derive(Debug, Clone)]
pub struct Trainer {
    network: Network,
    optimizer: Optimizer,
}

impl Trainer {
    /// A network initialized from `seed`, with a fresh optimizer.
    pub fn new(spec: NetworkSpec, optimizer: OptimizerSpec, seed: u64) -> Self {
        let network = Network::new(spec, seed);
        let optimizer = Optimizer::new(optimizer, network.params().len());
        Trainer { network, optimizer }
    }

    /// A trainer that starts from `network`'s current weights (cloned), so that several
    /// optimizers can race from the very same start.
    pub fn from_network(network: Network, optimizer: OptimizerSpec) -> Self {
        let optimizer = Optimizer::new(optimizer, network.params().len());
        Trainer { network, optimizer }
    }

    /// A trainer from a network and an optimizer that was made for its parameters (a resumed
    /// run: the optimizer keeps its steps and moments).
    pub fn from_parts(network: Network, optimizer: Optimizer) -> Result<Self> {
        if optimizer.len() != network.params().len() {
            bail!(
                "the optimizer is for {} parameters, but the network has {}",
                optimizer.len(),
                network.params().len()
            );
        }
        Ok(Trainer { network, optimizer })
    }

    pub fn network(&self) -> &Network {
        &self.network
    }
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }
    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }

    /// One optimizer step on one mini-batch; returns the loss before the update.
    pub fn step(&mut self, input: &[f32], targets: Targets<'_>, batch: usize) -> Result<f32> {
        let loss = self.network.gradients(input, targets, batch, false)?;
        self.apply_update();
        Ok(loss)
    }

    /// Applies the optimizer to the gradients of the last backward pass.
    pub fn apply_update(&mut self) {
        let (params, grads) = self.network.params_and_grads();
        self.optimizer.update(params, grads);
    }
}
