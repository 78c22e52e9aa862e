//! Trains the reference network of the spec on the 8,000 training digits of `www/data/mnist.bin`
//! and prints the test accuracy after each epoch and the wall time.
//!
//! ```sh
//! make build   # writes www/data/mnist.bin
//! cargo run --release --example accuracy [-- EPOCHS SEED OPTIMIZER_JSON BATCH]
//! ```
//! Defaults: 2 epochs, seed 42, `{"type": "adam", "lr": 0.001}`, batch 32. Images are
//! standardized with the digits' scaling (`MNIST_SCALING`) as the page's training run does;
//! with the environment variable `RAW=1` they are fed as raw [0, 1] pixels instead.

use cnn_playground::data::mnist_split;
use cnn_playground::TrainingRun;
use cnn_playground::{NetworkSpec, OptimizerSpec};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let epochs: usize = args.first().map_or(Ok(2), |s| s.parse())?;
    let seed: u32 = args.get(1).map_or(Ok(42), |s| s.parse())?;
    let optimizer = args.get(2).cloned().unwrap_or_else(|| r#"{"type": "adam", "lr": 0.001}"#.into());
    let batch: usize = args.get(3).map_or(Ok(32), |s| s.parse())?;
    let root = env!("CARGO_MANIFEST_DIR");
    let bytes = std::fs::read(format!("{root}/www/data/mnist.bin"))
        .map_err(|e| format!("www/data/mnist.bin: {e} (run make build)"))?;
    let (mut train, mut test) = mnist_split(&bytes)?;
    if std::env::var_os("RAW").is_some() {
        (train, test) = (train.with_scaling(None), test.with_scaling(None));
    }
    let scaling = train.scaling();
    println!(
        "inputs: {}",
        scaling.map_or("raw [0, 1] pixels".to_string(), |s| format!("(pixel - {}) / {}", s.mean, s.std))
    );
    let spec =
        NetworkSpec::from_json_str(&std::fs::read_to_string(format!("{root}/tests/fixtures/reference_network.json"))?)?;
    let mut run = TrainingRun::new(spec, OptimizerSpec::from_json_str(&optimizer)?, seed, batch)?;
    let steps_per_epoch = train.len().div_ceil(batch);
    println!(
        "reference network, {optimizer}, batch {batch}, seed {seed}: {} train, {} test digits",
        train.len(),
        test.len()
    );
    let start = Instant::now();
    for epoch in 1..=epochs {
        let report = run.train_steps(&train, steps_per_epoch)?;
        if let Some(d) = report.divergence {
            println!("diverged: {}", d.message);
            return Ok(());
        }
        let mean_loss = report.losses.iter().map(|&l| f64::from(l)).sum::<f64>() / report.losses.len() as f64;
        let e = run.evaluate(&test)?;
        println!("epoch {epoch}: mean train loss {mean_loss:.4}, {e}, {:.1} s", start.elapsed().as_secs_f64());
    }
    Ok(())
}
