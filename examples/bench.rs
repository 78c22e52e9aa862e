//! Native benchmark of the reference network (`tests/fixtures/reference_network.json`):
//! trained and inferred images per second at batch 32 with SGD, and where a training step
//! spends its time, layer by layer, with the convolutions' GFLOP/s.
//!
//! ```sh
//! cargo run --release --example bench            # 5 repeats of ~1 s each, after a warm-up
//! cargo run --release --example bench -- --json  # the same numbers as one JSON line too
//! cargo run --release --example bench -- --steps 20  # just 20 training steps, untimed: for
//!     # `valgrind --tool=callgrind`, whose instruction counts stay stable on a loaded machine
//! ```
//!
//! Uses the first 8000 digits of `www/data/mnist.bin` when it exists (`make build` writes it),
//! else random pixels of the same shape: the time per image does not depend on the pixels.

use cnn_playground::data::mnist_split;
use cnn_playground::network::LayerTimes;
use cnn_playground::rng::Rng;
use cnn_playground::{Network, NetworkSpec, OptimizerSpec, Targets, Trainer};
use std::time::Instant;

const BATCH: usize = 32;
const REPEATS: usize = 5;
const SECONDS_PER_REPEAT: f64 = 1.0;
const PIXELS: usize = 28 * 28;

/// Images `[count, 1, 28, 28]` scaled to [0, 1] and their labels.
fn digits() -> (Vec<f32>, Vec<u32>, &'static str) {
    let bytes = std::fs::read("www/data/mnist.bin").unwrap_or_default();
    if let Ok((train, _)) = mnist_split(&bytes) {
        return (train.images().into_owned(), train.labels().to_vec(), "MNIST (www/data/mnist.bin)");
    }
    let mut rng = Rng::new(7, 3);
    let count = 1024;
    (
        (0..count * PIXELS).map(|_| rng.uniform(0.0, 1.0)).collect(),
        (0..count).map(|_| rng.below(10)).collect(),
        "random pixels",
    )
}

/// Runs `work(i)` (one batch each) for about a second, `REPEATS` times after one warm-up;
/// the median rate in images per second.
fn images_per_second(mut work: impl FnMut(usize)) -> (f64, Vec<f64>) {
    let mut i = 0;
    let mut rates = Vec::new();
    for repeat in 0..=REPEATS {
        let start = Instant::now();
        let mut images = 0;
        while start.elapsed().as_secs_f64() < SECONDS_PER_REPEAT {
            work(i);
            i += 1;
            images += BATCH;
        }
        if repeat > 0 {
            rates.push(images as f64 / start.elapsed().as_secs_f64());
        }
    }
    (median(&mut rates.clone()), rates)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// The mean per-layer times of 50 profiled steps.
fn layer_profile(network: &mut Network, images: &[f32], labels: &[u32]) -> Vec<LayerTimes> {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1e3;
    let runs: Vec<Vec<LayerTimes>> = (0..50)
        .map(|s| {
            let at = (s * BATCH) % (labels.len() - BATCH);
            let batch_images = &images[at * PIXELS..(at + BATCH) * PIXELS];
            network
                .profile_gradients(batch_images, Targets::Classes(&labels[at..at + BATCH]), BATCH, &mut clock)
                .unwrap()
                .1
        })
        .collect();
    LayerTimes::mean_of(&runs)
}

fn gflops(flops: f64, ms: f64) -> f64 {
    if ms > 0.0 {
        flops / ms / 1e6
    } else {
        0.0
    }
}

fn main() {
    let json_too = std::env::args().any(|a| a == "--json");
    let spec = NetworkSpec::from_json_str(include_str!("../tests/fixtures/reference_network.json")).unwrap();
    let sgd = OptimizerSpec::from_json_str(r#"{"type": "sgd", "lr": 0.01}"#).unwrap();
    let (images, labels, source) = digits();
    let batches = labels.len() / BATCH;
    let batch_of = |i: usize| {
        let at = (i % batches) * BATCH;
        (&images[at * PIXELS..(at + BATCH) * PIXELS], &labels[at..at + BATCH])
    };

    let mut trainer = Trainer::new(spec.clone(), sgd, 42);
    if let Some(steps) = steps_only() {
        let loss: f32 = (0..steps)
            .map(|i| {
                let (x, y) = batch_of(i);
                trainer.step(x, Targets::Classes(y), BATCH).unwrap()
            })
            .sum();
        println!("{steps} training steps of batch {BATCH}, mean loss {:.6}", loss / steps as f32);
        return;
    }
    let (train, train_runs) = images_per_second(|i| {
        let (x, y) = batch_of(i);
        trainer.step(x, Targets::Classes(y), BATCH).unwrap();
    });
    let mut network = Network::new(spec, 42);
    let (infer, infer_runs) = images_per_second(|i| {
        network.forward(batch_of(i).0, BATCH).unwrap();
    });
    let layers = layer_profile(&mut network, &images, &labels);

    println!("cnn-playground native benchmark: reference network, batch {BATCH}, SGD, {source}");
    println!("median of {REPEATS} runs of ~{SECONDS_PER_REPEAT} s after a warm-up run\n");
    println!("trained images/s   {train:>9.0}   (runs: {})", join(&train_runs));
    println!("inference images/s {infer:>9.0}   (runs: {})\n", join(&infer_runs));
    println!(
        "{:<5} {:<9} {:>10} {:>11} {:>10} {:>11}",
        "layer", "type", "fwd ms", "fwd GFLOP/s", "bwd ms", "bwd GFLOP/s"
    );
    for l in &layers {
        let rate = |flops: f64, ms: f64| if flops > 0.0 { format!("{:.2}", gflops(flops, ms)) } else { "-".into() };
        println!(
            "{:<5} {:<9} {:>10.3} {:>11} {:>10.3} {:>11}",
            l.index,
            l.type_name,
            l.forward_ms,
            rate(l.forward_flops, l.forward_ms),
            l.backward_ms,
            rate(l.backward_flops, l.backward_ms)
        );
    }
    let (ms, flops) = layers
        .iter()
        .filter(|l| l.type_name == "conv2d")
        .fold((0.0, 0.0), |(ms, f), l| (ms + l.forward_ms + l.backward_ms, f + l.forward_flops + l.backward_flops));
    println!("\nconvolutions: {:.2} GFLOP/s over forward and backward", gflops(flops, ms));
    if json_too {
        let json = serde_json::json!({"trainImagesPerSecond": train, "inferImagesPerSecond": infer, "batch": BATCH, "data": source, "convGflops": gflops(flops, ms), "layers": layers});
        println!("{json}");
    }
}

/// `--steps N`: the number of untimed training steps to run instead of the benchmark.
fn steps_only() -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--steps")?;
    Some(args.get(at + 1).and_then(|n| n.parse().ok()).expect("--steps takes a number of steps, e.g. --steps 20"))
}

fn join(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.0}")).collect::<Vec<_>>().join(", ")
}
