//! The colour shapes: how long generating them takes, and what the reference-style network
//! with 3 input channels reaches on them, against the same network on their grey version.
//!
//! ```sh
//! cargo run --release --example colour_shapes [-- EPOCHS SEED PPM_PATH]
//! ```
//! Adam (lr 0.001), batch 32, seed 42 by default; prints the test accuracy after each epoch.
//! With a third argument, also writes the first 36 training images as a PPM picture.

use cnn_playground::data::Dataset;
use cnn_playground::images::shapes::{colour_shapes, grayscale};
use cnn_playground::{NetworkSpec, OptimizerSpec, TrainingRun};
use serde_json::json;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let epochs: usize = args.first().map_or(Ok(3), |s| s.parse())?;
    let seed: u32 = args.get(1).map_or(Ok(42), |s| s.parse())?;
    let start = Instant::now();
    let (train, test) = colour_shapes(seed)?;
    println!(
        "generated {} + {} images of 3 x 32 x 32 in {:.1} ms",
        train.len(),
        test.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    if let Some(path) = args.get(2) {
        std::fs::write(path, grid(&train, 6))?;
        println!("wrote {path}");
    }
    run("rgb", &train, &test, epochs, seed)?;
    run("gray", &grayscale(&train)?, &grayscale(&test)?, epochs, seed)?;
    Ok(())
}

/// The reference network of the lecture for `channels x 32 x 32` inputs and 9 classes.
pub fn spec(channels: usize) -> serde_json::Value {
    json!({"input": [channels, 32, 32], "layers": [
        {"type": "conv2d", "filters": 8, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool", "size": 2},
        {"type": "conv2d", "filters": 16, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool", "size": 3},
        {"type": "flatten"}, {"type": "dense", "units": 9}], "loss": "softmax_cross_entropy"})
}

fn run(
    name: &str,
    train: &Dataset,
    test: &Dataset,
    epochs: usize,
    seed: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    let spec = NetworkSpec::from_json(&spec(train.shape()[0]))?;
    let adam = OptimizerSpec::from_json(&json!({"type": "adam", "lr": 0.001}))?;
    let mut run = TrainingRun::new(spec, adam, seed, 32)?;
    let steps = train.len().div_ceil(32);
    let start = Instant::now();
    for epoch in 1..=epochs {
        run.train_steps(train, steps)?;
        let e = run.evaluate(test)?;
        println!("{name}: epoch {epoch} ({} steps): {e}, {:.1} s", epoch * steps, start.elapsed().as_secs_f64());
    }
    Ok(())
}

/// The first `n x n` images as one binary PPM, 2 pixels of gap between them.
fn grid(data: &Dataset, n: usize) -> Vec<u8> {
    let side = 34 * n;
    let mut rgb = vec![255u8; side * side * 3];
    for i in 0..n * n {
        let image = data.image(i).unwrap();
        let (ox, oy) = ((i % n) * 34, (i / n) * 34);
        for y in 0..32 {
            for x in 0..32 {
                for k in 0..3 {
                    rgb[((oy + y) * side + ox + x) * 3 + k] = (image[(k * 32 + y) * 32 + x] * 255.0).round() as u8;
                }
            }
        }
    }
    let mut out = format!("P6 {side} {side} 255\n").into_bytes();
    out.extend(rgb);
    out
}
