//! A network and its optimizer: one call per training step.

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

    /// A trainer from a network and an optimizer in any state (a resumed run); refuses an
    /// optimizer made for another number of parameters.
    pub fn from_parts(network: Network, optimizer: Optimizer) -> Result<Self> {
        let (len, state) = (network.params().len(), optimizer.first_state().len());
        if state != 0 && state != len {
            crate::bail!("the optimizer state is for {state} parameters, but the network has {len}");
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
