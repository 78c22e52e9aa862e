//! Native benchmark of the reference network (`tests/fixtures/reference_network.json`):
//! trained and inferred images per second at batch 32 with SGD, and where a training step
//! spends its time, layer by layer, with the convolutions' GFLOP/s.
//!
//! ```sh
//! cargo run --release --example bench            # 5 repeats of ~1 s each, after a warm-up
//! cargo run --release --example bench -- --json  # the same numbers as one JSON line too
//! cargo run --release --example bench -- --steps 20  # just 20 training steps, untimed: for
//!     # `valgrind --tool=callgrind`, whose instruction counts stay stable on a loaded machine
//! cargo run --release --example bench -- --shares  # batch 32 as shares of 4, 8, 16, 32
//!     # examples, each share's gradient on its own, summed in order (data-parallel training)
//! cargo run --release --example bench -- --steps 20 --share 8  # 20 such gradients, untimed
//! cargo run --release --example bench -- --fastest 400  # the fastest of 400 training steps,
//!     # and each layer's fastest of as many profiled steps: on a machine whose neighbours
//!     # come and go, the fastest is what repeats (compare two builds run in turn)
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

/// `steps` profiled training steps on `batch_of(0..steps)`: each one's per-layer times.
fn profiled_steps<'a>(
    network: &mut Network,
    batch_of: impl Fn(usize) -> (&'a [f32], &'a [u32]),
    steps: usize,
) -> Vec<Vec<LayerTimes>> {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1e3;
    (0..steps)
        .map(|s| {
            let (x, y) = batch_of(s);
            network.profile_gradients(x, Targets::Classes(y), BATCH, &mut clock).unwrap().1
        })
        .collect()
}

/// `--fastest N`: the fastest of `N` training steps and of `N` forward passes, then each
/// layer's fastest forward and backward of `N` profiled steps, in ms.
fn fastest<'a>(
    trainer: &mut Trainer,
    spec: &NetworkSpec,
    steps: usize,
    batch_of: impl Fn(usize) -> (&'a [f32], &'a [u32]),
) {
    let best = |f: &mut dyn FnMut(usize)| {
        (0..steps)
            .map(|i| {
                let start = Instant::now();
                f(i);
                start.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    };
    let step = best(&mut |i| {
        let (x, y) = batch_of(i);
        trainer.step(x, Targets::Classes(y), BATCH).unwrap();
    });
    let mut network = Network::new(spec.clone(), 42);
    let infer = best(&mut |i| {
        network.forward(batch_of(i).0, BATCH).unwrap();
    });
    println!(
        "fastest of {steps}: training step {step:.3} ms ({:.0} images/s), inference {infer:.3} ms ({:.0} images/s)",
        BATCH as f64 * 1e3 / step,
        BATCH as f64 * 1e3 / infer
    );
    let layers = LayerTimes::fastest_of(&profiled_steps(&mut network, &batch_of, steps));
    println!("layer type        fwd ms   bwd ms (fastest of {steps})");
    for (i, l) in layers.iter().enumerate() {
        println!("{i:<5} {:<10} {:>7.3}  {:>7.3}", l.type_name, l.forward_ms, l.backward_ms);
    }
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

    if std::env::args().any(|a| a == "--shares") {
        println!("gradient of batch {BATCH} by shares, median of {REPEATS} runs of ~{SECONDS_PER_REPEAT} s:");
        share_rates(&spec, batch_of);
        return;
    }
    if let (Some(steps), Some(share)) = (steps_only(), option("--share")) {
        let mut network = Network::new(spec.clone(), 42);
        let mut sum = vec![0.0f32; network.params().len()];
        for i in 0..steps {
            let (x, y) = batch_of(i);
            gradient_by_shares(&mut network, x, y, share, &mut sum);
        }
        println!(
            "{steps} gradients of batch {BATCH} by shares of {share}, sum of the last {:.6}",
            sum.iter().sum::<f32>()
        );
        return;
    }
    let mut trainer = Trainer::new(spec.clone(), sgd, 42);
    if let Some(steps) = option("--fastest") {
        fastest(&mut trainer, &spec, steps, batch_of);
        return;
    }
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
    let layers = LayerTimes::mean_of(&profiled_steps(&mut network, batch_of, 50));

    println!("cnn-playground native benchmark: reference network, batch {BATCH}, SGD, {source}");
    println!("median of {REPEATS} runs of ~{SECONDS_PER_REPEAT} s after a warm-up run\n");
    println!("trained images/s   {train:>9.0}   (runs: {})", join(&train_runs));
    println!("inference images/s {infer:>9.0}   (runs: {})\n", join(&infer_runs));
    print_layers(&layers);
    if json_too {
        let json = serde_json::json!({"trainImagesPerSecond": train, "inferImagesPerSecond": infer, "batch": BATCH, "data": source, "layers": layers});
        println!("{json}");
    }
}

/// Each layer's times and GFLOP/s of the flops done (the forward also at its direct-equivalent
/// rate, the flops of the direct convolution per second, where Winograd's method does fewer;
/// the backward at its dense-equivalent rate, the flops a dense backward does, per second). The multiply+add ceiling they compare
/// with is a browser measurement (`make bench`): natively LLVM's SSE code for the ceiling loop
/// is not the wasm one.
fn print_layers(layers: &[LayerTimes]) {
    println!(
        "{:<5} {:<9} {:>8} {:>11} {:>13} {:>8} {:>11} {:>12}",
        "layer", "type", "fwd ms", "fwd GFLOP/s", "fwd direct-eq", "bwd ms", "bwd GFLOP/s", "bwd dense-eq"
    );
    for l in layers {
        let rate = |flops: f64, ms: f64| if flops > 0.0 { format!("{:.1}", gflops(flops, ms)) } else { "-".into() };
        println!(
            "{:<5} {:<9} {:>8.3} {:>11} {:>13} {:>8.3} {:>11} {:>12}",
            l.index,
            l.type_name,
            l.forward_ms,
            rate(l.forward_flops_done, l.forward_ms),
            rate(l.forward_flops, l.forward_ms),
            l.backward_ms,
            rate(l.backward_flops_done, l.backward_ms),
            rate(l.backward_flops, l.backward_ms)
        );
    }
}

/// The gradient of a batch cut into shares of `share` examples, as data-parallel training
/// across workers computes it: each share's mean-loss gradient on its own, weighted by its
/// part of the batch and summed in order into `sum`.
fn gradient_by_shares(network: &mut Network, x: &[f32], y: &[u32], share: usize, sum: &mut [f32]) {
    sum.fill(0.0);
    for at in (0..y.len()).step_by(share) {
        let n = share.min(y.len() - at);
        network.gradients(&x[at * PIXELS..(at + n) * PIXELS], Targets::Classes(&y[at..at + n]), n, false).unwrap();
        let weight = n as f32 / y.len() as f32;
        sum.iter_mut().zip(network.grads()).for_each(|(s, g)| *s += weight * g);
    }
}

/// Gradients per second of batch 32 by shares of 4, 8, 16 and 32 examples.
fn share_rates<'a>(spec: &NetworkSpec, batch_of: impl Fn(usize) -> (&'a [f32], &'a [u32])) {
    for share in [4, 8, 16, 32] {
        let mut network = Network::new(spec.clone(), 42);
        let mut sum = vec![0.0f32; network.params().len()];
        let (rate, runs) = images_per_second(|i| {
            let (x, y) = batch_of(i);
            gradient_by_shares(&mut network, x, y, share, &mut sum);
        });
        println!("shares of {share:>2}: {rate:>6.0} images/s   (runs: {})", join(&runs));
    }
}

/// `--steps N`: the number of untimed training steps to run instead of the benchmark.
fn steps_only() -> Option<usize> {
    option("--steps")
}

/// The whole number after `name` in the arguments, if `name` is there.
fn option(name: &str) -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == name)?;
    Some(
        args.get(at + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{name} takes a whole number, e.g. {name} 20")),
    )
}

fn join(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.0}")).collect::<Vec<_>>().join(", ")
}
