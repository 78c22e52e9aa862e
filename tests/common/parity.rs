//! Runs the PyTorch reference cases (`shared/spec/README.md`, "Reference cases") against an
//! [`Engine`]: the Rust API natively, the JS API in wasm. A case passes when every number
//! matches within `|a - b| <= 1e-4 + 1e-3 |b|`.

use serde_json::Value;

/// What a case feeds the network with: class indices (softmax) or target values (sigmoid).
pub enum Labels {
    Classes(Vec<u32>),
    Values(Vec<f32>),
}

/// The operations a reference case needs, through one of the project's APIs.
pub trait Engine: Sized {
    fn create(spec: &Value, optimizer: &Value, seed: u32) -> Result<Self, String>;
    fn set_param(&mut self, name: &str, values: &[f32]) -> Result<(), String>;
    fn get_param(&self, name: &str) -> Result<Vec<f32>, String>;
    fn forward(&mut self, input: &[f32], batch: usize) -> Result<Vec<f32>, String>;
    /// Forward + backward, with the input gradient; returns the loss.
    fn backward(&mut self, input: &[f32], labels: &Labels, batch: usize) -> Result<f32, String>;
    fn logits(&self) -> Vec<f32>;
    fn get_grad(&self, name: &str) -> Result<Vec<f32>, String>;
    fn input_grad(&self) -> Vec<f32>;
    fn step(&mut self, input: &[f32], labels: &Labels, batch: usize) -> Result<f32, String>;
    /// Runs `optimizer` on one parameter vector: the value after each gradient's step.
    fn optimize(optimizer: &Value, start: &[f32], grads: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, String>;
}

pub fn tolerance(expected: f64) -> f64 {
    1e-4 + 1e-3 * expected.abs()
}

/// Checks every number; the error names the first that differs.
pub fn compare(what: &str, got: &[f32], want: &[f64]) -> Result<(), String> {
    if got.len() != want.len() {
        return Err(format!("{what}: {} values, expected {}", got.len(), want.len()));
    }
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        // Written so that a NaN on either side is a mismatch.
        let close = (g as f64 - w).abs() <= tolerance(w);
        if !close {
            return Err(format!("{what}[{i}]: got {g}, expected {w} (tolerance {:.2e})", tolerance(w)));
        }
    }
    Ok(())
}

fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value, String> {
    v.get(key).ok_or_else(|| format!("the case has no \"{key}\""))
}

fn numbers(v: &Value) -> Result<Vec<f64>, String> {
    v.as_array()
        .ok_or("expected a list of numbers")?
        .iter()
        .map(|x| x.as_f64().ok_or_else(|| format!("{x} is not a number")))
        .collect()
}

/// `{shape, data}` as data plus the batch size (the first dimension).
fn tensor(v: &Value) -> Result<(Vec<f32>, Vec<f64>, usize), String> {
    let data = numbers(field(v, "data")?)?;
    let shape = numbers(field(v, "shape")?)?;
    Ok((data.iter().map(|&x| x as f32).collect(), data, shape.first().copied().unwrap_or(1.0) as usize))
}

fn labels_of(v: &Value) -> Result<Labels, String> {
    if let Some(labels) = v.get("labels") {
        return Ok(Labels::Classes(numbers(labels)?.into_iter().map(|x| x as u32).collect()));
    }
    let targets = field(v, "targets")?;
    let values = if targets.is_array() { numbers(targets)? } else { tensor(targets)?.1 };
    Ok(Labels::Values(values.into_iter().map(|x| x as f32).collect()))
}

fn set_params<E: Engine>(engine: &mut E, params: &Value) -> Result<(), String> {
    for (name, t) in params.as_object().ok_or("params must be an object")? {
        engine.set_param(name, &tensor(t)?.0)?;
    }
    Ok(())
}

const NO_OPTIMIZER: &str = r#"{"type": "sgd", "lr": 0.1}"#;

/// Runs one case given as JSON text.
pub fn run_case<E: Engine>(text: &str) -> Result<(), String> {
    let case: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    match field(&case, "kind")?.as_str() {
        Some("network") => network_case::<E>(&case),
        Some("optimizer") => optimizer_case::<E>(&case),
        Some("training") => training_case::<E>(&case),
        other => Err(format!("unknown kind {other:?}")),
    }
}

fn network_case<E: Engine>(case: &Value) -> Result<(), String> {
    let default_optimizer: Value = serde_json::from_str(NO_OPTIMIZER).unwrap();
    let mut engine = E::create(field(case, "spec")?, &default_optimizer, 0)?;
    set_params(&mut engine, field(case, "params")?)?;
    let (input, _, batch) = tensor(field(case, "input")?)?;
    let labels = labels_of(case)?;
    let expected = field(case, "expected")?;

    let probabilities = engine.forward(&input, batch)?;
    compare("probabilities (forward)", &probabilities, &tensor(field(expected, "probabilities")?)?.1)?;
    let loss = engine.backward(&input, &labels, batch)?;
    compare("logits", &engine.logits(), &tensor(field(expected, "logits")?)?.1)?;
    compare("loss", &[loss], &[field(expected, "loss")?.as_f64().ok_or("loss is not a number")?])?;
    for (name, t) in field(expected, "grads")?.as_object().ok_or("grads must be an object")? {
        compare(&format!("grad {name}"), &engine.get_grad(name)?, &tensor(t)?.1)?;
    }
    if let Some(t) = expected.get("input_grad") {
        compare("input_grad", &engine.input_grad(), &tensor(t)?.1)?;
    }
    Ok(())
}

fn optimizer_case<E: Engine>(case: &Value) -> Result<(), String> {
    let (start, _, _) = tensor(field(case, "param")?)?;
    let grads = field(case, "grads")?
        .as_array()
        .ok_or("grads must be a list")?
        .iter()
        .map(|g| tensor(g).map(|t| t.0))
        .collect::<Result<Vec<_>, _>>()?;
    let got = E::optimize(field(case, "optimizer")?, &start, &grads)?;
    let expected = field(case, "expected")?.as_array().ok_or("expected must be a list")?;
    if got.len() != expected.len() {
        return Err(format!("{} steps, expected {}", got.len(), expected.len()));
    }
    for (step, (g, w)) in got.iter().zip(expected).enumerate() {
        compare(&format!("param after step {}", step + 1), g, &tensor(w)?.1)?;
    }
    Ok(())
}

fn training_case<E: Engine>(case: &Value) -> Result<(), String> {
    let mut engine = E::create(field(case, "spec")?, field(case, "optimizer")?, 0)?;
    set_params(&mut engine, field(case, "params")?)?;
    let mut losses = Vec::new();
    for batch in field(case, "batches")?.as_array().ok_or("batches must be a list")? {
        let (input, _, size) = tensor(field(batch, "input")?)?;
        losses.push(engine.step(&input, &labels_of(batch)?, size)?);
    }
    let expected = field(case, "expected")?;
    compare("losses", &losses, &numbers(field(expected, "losses")?)?)?;
    for (name, t) in field(expected, "params")?.as_object().ok_or("params must be an object")? {
        compare(&format!("param {name} after training"), &engine.get_param(name)?, &tensor(t)?.1)?;
    }
    Ok(())
}
