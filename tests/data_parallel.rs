//! Data-parallel training: a mini-batch cut into shares of `SHARE` examples, each share's
//! gradient computed by some worker, the shares summed in share order, one optimizer step.
//! Here the workers are threads, each with a network of its own that only gets the run's
//! weights (as the page's Web Workers do), and the results must be the very same bits as one
//! worker training alone, whatever the number of workers and however the shares are dealt.

mod common;

use cnn_playground::data::Dataset;
use cnn_playground::network::{share_count, Network, SHARE};
use cnn_playground::rng::Rng;
use cnn_playground::training::TrainingRun;
use cnn_playground::{NetworkSpec, OptimizerSpec, Targets};
use std::thread;

/// 200 made-up 28 x 28 images: bright blobs on noise, the blob's place set by the label.
fn data() -> Dataset {
    let mut rng = Rng::new(11, 3);
    let (mut images, mut labels) = (Vec::new(), Vec::new());
    for i in 0..200 {
        let label = (i * 7 % 10) as u32;
        let (cy, cx) = (4 + (label as usize % 5) * 5, 6 + (label as usize / 5) * 14);
        for y in 0..28usize {
            for x in 0..28usize {
                let near = y.abs_diff(cy) < 4 && x.abs_diff(cx) < 4;
                images.push(if near { rng.uniform(0.6, 1.0) } else { rng.uniform(0.0, 0.3) });
            }
        }
        labels.push(label);
    }
    Dataset::new(images, labels, [1, 28, 28], 10).unwrap()
}

fn spec() -> NetworkSpec {
    NetworkSpec::from_json_str(common::runs::REFERENCE).unwrap()
}

fn run(batch: usize) -> TrainingRun {
    let adam = OptimizerSpec::from_json_str(r#"{"type": "adam", "lr": 0.003}"#).unwrap();
    TrainingRun::new(spec(), adam, 7, batch).unwrap()
}

fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// What a run gave: each step's loss and the weights after the last, as bits.
type Outcome = (Vec<u32>, Vec<u32>);
/// A share for a helper: its index, images and labels.
type Job = (usize, Vec<f32>, Vec<u32>);
/// A share computed: its index, gradient and part of the loss.
type Done = (usize, Vec<f32>, f32);

/// `steps` steps of `batch` with the shares dealt to `workers` workers by `deal(share,
/// shares, workers)`: worker 0 is the run's own (it computes its shares in place, and
/// evaluates the data now and then, as the Train view's worker does), the others are threads
/// that compute theirs from the shares' inputs and the run's weights, in reverse order; their
/// results are handed in last worker first.
fn train_with(workers: usize, deal: fn(usize, usize, usize) -> usize, batch: usize, steps: usize) -> Outcome {
    let data = data();
    let mut run = run(batch);
    let mut helpers: Vec<Network> = (1..workers).map(|w| Network::new(spec(), w as u64)).collect();
    let mut losses = Vec::new();
    for step in 0..steps {
        let shares = run.begin_step(&data).unwrap();
        let jobs: Vec<Vec<Job>> = (1..workers)
            .map(|w| {
                let mine = (0..shares).rev().filter(|&s| deal(s, shares, workers) == w);
                mine.map(|s| {
                    let (x, y) = run.share_input(s).unwrap();
                    (s, x.to_vec(), y.to_vec())
                })
                .collect()
            })
            .collect();
        let n = run.step_batch().unwrap().1.len();
        let results = on_helpers(&mut helpers, &jobs, run.network().params(), n);
        for s in (0..shares).filter(|&s| deal(s, shares, workers) == 0) {
            run.compute_share(s).unwrap();
        }
        if step % 3 == 1 {
            run.evaluate(&data).unwrap(); // another batch size through the run's own network
        }
        for (s, grads, loss) in results.into_iter().rev().flatten() {
            run.put_share(s, &grads, loss).unwrap();
        }
        losses.push(run.finish_step().unwrap());
    }
    (bits(&losses), bits(run.network().params()))
}

/// Each helper, on a thread of its own, takes the run's `weights` and computes its shares of
/// a mini-batch of `n` examples.
fn on_helpers(helpers: &mut [Network], jobs: &[Vec<Job>], weights: &[f32], n: usize) -> Vec<Vec<Done>> {
    thread::scope(|scope| {
        let threads: Vec<_> = helpers
            .iter_mut()
            .zip(jobs)
            .map(|(net, job)| {
                scope.spawn(move || {
                    net.set_params(weights).unwrap();
                    let share = |(s, x, y): &Job| {
                        let loss = net.share_gradients(x, Targets::Classes(y), y.len(), n).unwrap();
                        (*s, net.grads().to_vec(), loss)
                    };
                    job.iter().map(share).collect()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    })
}

fn round_robin(s: usize, _: usize, workers: usize) -> usize {
    s % workers
}
fn in_blocks(s: usize, shares: usize, workers: usize) -> usize {
    s * workers / shares.max(1)
}
fn helpers_only(s: usize, _: usize, workers: usize) -> usize {
    1 + s % (workers - 1)
}

#[test]
fn any_number_of_workers_gives_the_bits_of_one() {
    // batch 32: four full shares; batch 27: a short last share, and the epoch's last batch
    // (200 = 7 x 27 + 11) has two shares, one short
    for (batch, steps) in [(32, 8), (27, 9)] {
        let alone = {
            let mut r = run(batch);
            let losses = r.train_steps(&data(), steps).unwrap().losses;
            (bits(&losses), bits(r.network().params()))
        };
        assert_eq!(train_with(1, round_robin, batch, steps), alone, "batch {batch}, 1 worker by hand");
        for workers in [2, 3, 4, 5] {
            assert_eq!(train_with(workers, round_robin, batch, steps), alone, "batch {batch}, {workers} workers");
            assert_eq!(train_with(workers, in_blocks, batch, steps), alone, "batch {batch}, {workers} in blocks");
            assert_eq!(train_with(workers, helpers_only, batch, steps), alone, "batch {batch}, {workers} helpers");
        }
    }
}

#[test]
fn the_shares_add_up_to_the_batch_gradient() {
    let data = data();
    let mut r = run(32);
    assert_eq!(r.begin_step(&data).unwrap(), 32 / SHARE);
    let (x, y) = r.step_batch().unwrap();
    let (x, y) = (x.to_vec(), y.to_vec());
    for s in 0..share_count(32) {
        r.compute_share(s).unwrap();
    }
    let mut whole = r.network().clone();
    let whole_loss = whole.gradients(&x, Targets::Classes(&y), 32, false).unwrap();
    let loss = r.finish_step().unwrap();
    assert!((loss - whole_loss).abs() <= 1e-6 * whole_loss.abs(), "{loss} vs {whole_loss}");
    // The summed gradient went into the network before the update.
    let (summed, grads) = (r.network().grads(), whole.grads());
    let largest = grads.iter().fold(0f32, |m, g| m.max(g.abs()));
    assert!(largest > 0.0);
    for (a, b) in summed.iter().zip(grads) {
        assert!((a - b).abs() <= 1e-5 * largest, "{a} vs {b}");
    }
}

#[test]
fn an_unfinished_step_changes_nothing_and_a_share_is_taken_once() {
    let data = data();
    let mut a = run(32);
    let mut b = run(32);
    b.begin_step(&data).unwrap();
    b.compute_share(1).unwrap();
    let before = (b.state(), bits(b.network().params()));
    assert_eq!((a.state(), bits(a.network().params())), before, "begin_step moves nothing");
    let message = |r: cnn_playground::error::Result<_>| r.map(|_: ()| ()).unwrap_err().message().to_string();
    assert_eq!(message(b.compute_share(1)), "share 1 came twice: each share of a mini-batch is computed once");
    assert_eq!(message(b.compute_share(4)), "share 4 does not exist: this mini-batch has shares 0 to 3");
    assert!(message(b.finish_step().map(|_| ())).contains("share 0 of 4 has not been computed yet"));
    let wrong = vec![0.0; 3];
    assert!(message(b.put_share(2, &wrong, 0.0)).contains("share 2's gradient has 3 values, but the network has"));
    // The step dropped and begun again: the same batch, the same result as never interrupted.
    let one = |r: &mut TrainingRun| r.train_steps(&data, 3).unwrap().losses;
    assert_eq!(bits(&one(&mut b)), bits(&one(&mut a)));
    assert_eq!(bits(b.network().params()), bits(a.network().params()));
    let mut idle = run(32);
    assert!(message(idle.finish_step().map(|_| ())).contains("no step is under way"));
}
