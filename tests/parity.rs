//! The PyTorch reference cases, natively through the Rust API.
//!
//! Reads every `*.json` in `tests/fixtures/parity/` (a copy of `shared/parity/`), or in the
//! directory named by `CNN_PARITY_DIR`, prints `parity: P/T cases passed from DIR` and fails
//! unless every case passes, naming each failing case and the first number that differs.

mod common;

use cnn_playground::{Network, NetworkSpec, Optimizer, OptimizerSpec, Targets, Trainer};
use common::parity::{run_case, Engine, Labels};
use serde_json::Value;
use std::path::PathBuf;

struct Native(Trainer);

fn targets(labels: &Labels) -> Targets<'_> {
    match labels {
        Labels::Classes(c) => Targets::Classes(c),
        Labels::Values(v) => Targets::Values(v),
    }
}

impl Engine for Native {
    fn create(spec: &Value, optimizer: &Value, seed: u32) -> Result<Self, String> {
        let spec = NetworkSpec::from_json(spec).map_err(|e| e.to_string())?;
        let optimizer = OptimizerSpec::from_json(optimizer).map_err(|e| e.to_string())?;
        Ok(Native(Trainer::new(spec, optimizer, seed.into())))
    }
    fn set_param(&mut self, name: &str, values: &[f32]) -> Result<(), String> {
        self.0.network_mut().set_param(name, values).map_err(|e| e.to_string())
    }
    fn get_param(&self, name: &str) -> Result<Vec<f32>, String> {
        Ok(self.0.network().param(name).map_err(|e| e.to_string())?.iter().copied().collect())
    }
    fn forward(&mut self, input: &[f32], batch: usize) -> Result<Vec<f32>, String> {
        Ok(self.0.network_mut().forward(input, batch).map_err(|e| e.to_string())?.to_vec())
    }
    fn backward(&mut self, input: &[f32], labels: &Labels, batch: usize) -> Result<f32, String> {
        self.0.network_mut().gradients(input, targets(labels), batch, true).map_err(|e| e.to_string())
    }
    fn logits(&self) -> Vec<f32> {
        self.0.network().logits().to_vec()
    }
    fn get_grad(&self, name: &str) -> Result<Vec<f32>, String> {
        Ok(self.0.network().grad(name).map_err(|e| e.to_string())?.iter().copied().collect())
    }
    fn input_grad(&self) -> Vec<f32> {
        self.0.network().input_grad().to_vec()
    }
    fn step(&mut self, input: &[f32], labels: &Labels, batch: usize) -> Result<f32, String> {
        self.0.step(input, targets(labels), batch).map_err(|e| e.to_string())
    }
    fn optimize(optimizer: &Value, start: &[f32], grads: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, String> {
        let spec = OptimizerSpec::from_json(optimizer).map_err(|e| e.to_string())?;
        let mut optimizer = Optimizer::new(spec, start.len());
        let mut value = start.to_vec();
        Ok(grads
            .iter()
            .map(|g| {
                optimizer.update(&mut value, g);
                value.clone()
            })
            .collect())
    }
}

#[test]
fn every_reference_case_matches_pytorch() {
    let dir = std::env::var_os("CNN_PARITY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the parity directory {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if let Err(why) = run_case::<Native>(&text) {
            failures.push(format!("{}: {why}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    let passed = files.len() - failures.len();
    println!("parity: {passed}/{} cases passed from {}", files.len(), dir.display());
    for f in &failures {
        println!("  FAILED {f}");
    }
    assert!(!files.is_empty(), "no reference cases (*.json) in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {} reference cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn a_network_is_the_same_for_the_same_seed() {
    let spec = NetworkSpec::from_json_str(include_str!("fixtures/reference_network.json")).unwrap();
    let a = Network::new(spec.clone(), 7);
    let b = Network::new(spec.clone(), 7);
    let c = Network::new(spec, 8);
    assert_eq!(a.params(), b.params());
    assert_ne!(a.params(), c.params());
}
