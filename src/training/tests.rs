//! Tests of `training`: the batch order, training steps, resuming, divergence and evaluation.

use super::*;
use crate::data::tests::mnist_bytes;
use crate::data::MNIST_SCALING;
use crate::optim::Optimizer;

fn err<T: std::fmt::Debug>(r: Result<T>) -> String {
    r.unwrap_err().message().to_string()
}

#[test]
fn epoch_order_is_a_permutation_fixed_by_seed_and_epoch() {
    let a = epoch_order(100, 7, 0);
    assert_eq!(a, epoch_order(100, 7, 0));
    assert_ne!(a, epoch_order(100, 7, 1));
    assert_ne!(a, epoch_order(100, 8, 0));
    let mut sorted = a.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..100).collect::<Vec<u32>>());
}

#[test]
fn cursor_covers_each_epoch_once_with_a_short_last_batch() {
    let mut cursor = BatchCursor::new(3);
    let mut seen = Vec::new();
    let sizes: Vec<usize> = (0..4)
        .map(|_| {
            let b = cursor.next_batch(10, 4);
            seen.extend_from_slice(b);
            b.len()
        })
        .collect();
    assert_eq!(sizes, [4, 4, 2, 4]);
    assert_eq!(seen[..10], epoch_order(10, 3, 0)[..]);
    assert_eq!(seen[10..], epoch_order(10, 3, 1)[..4]);
    assert_eq!((cursor.epoch(), cursor.position(), cursor.images_seen()), (1, 4, 14));
    assert!((cursor.epoch_progress(10) - 1.4).abs() < 1e-12);
}

#[test]
fn a_cursor_rebuilt_from_its_numbers_draws_the_same_batches() {
    let mut a = BatchCursor::new(5);
    let from = |c: &mut BatchCursor, n: usize| (0..n).flat_map(|_| c.next_batch(10, 3).to_vec()).collect::<Vec<_>>();
    from(&mut a, 4); // the end of epoch 0: position 10
    let mut b = BatchCursor::at(a.seed(), a.epoch(), a.position(), a.images_seen());
    assert_eq!((b.epoch(), b.position()), (0, 10));
    assert_eq!(from(&mut a, 5), from(&mut b, 5));
    let mut c = BatchCursor::at(a.seed(), a.epoch(), a.position(), a.images_seen()); // mid-epoch
    assert_eq!(from(&mut a, 3), from(&mut c, 3));
    assert_eq!(a.images_seen(), c.images_seen());
}

fn tiny_spec() -> NetworkSpec {
    NetworkSpec::from_json_str(
        r#"{"input": [1, 3, 4], "layers": [{"type": "conv2d", "filters": 2, "kernel": 2},
        {"type": "relu"}, {"type": "flatten"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"}"#,
    )
    .unwrap()
}

fn run(optimizer: &str, seed: u32, batch: usize) -> TrainingRun {
    TrainingRun::new(tiny_spec(), OptimizerSpec::from_json_str(optimizer).unwrap(), seed, batch).unwrap()
}

/// 20 small digits as raw [0, 1] values (no scaling).
fn digits() -> Dataset {
    scaled_digits().with_scaling(None)
}

/// The same digits standardized with MNIST's constants, as `mnist.bin` gives them.
fn scaled_digits() -> Dataset {
    Dataset::from_mnist_bytes(&mnist_bytes(20, 3, 4)).unwrap()
}

#[test]
fn train_steps_is_deterministic_and_is_the_trainers_steps_on_the_epoch_order() {
    let data = digits();
    let train = |steps_per_call: &[usize]| {
        let mut r = run(r#"{"type": "adam", "lr": 0.01}"#, 9, 6);
        let losses: Vec<f32> = steps_per_call.iter().flat_map(|&n| r.train_steps(&data, n).unwrap().losses).collect();
        (losses, r.network().params().to_vec(), r.cursor().images_seen())
    };
    let (losses, params, seen) = train(&[7]);
    assert_eq!(seen, 6 + 6 + 6 + 2 + 6 + 6 + 6);
    let again = train(&[2, 3, 2]);
    assert_eq!((&losses, &params), (&again.0, &again.1));

    // The same steps by hand, batch by batch, through Trainer::step.
    let mut t = Trainer::new(tiny_spec(), OptimizerSpec::from_json_str(r#"{"type": "adam", "lr": 0.01}"#).unwrap(), 9);
    let mut manual = Vec::new();
    for epoch in 0..2 {
        for chunk in epoch_order(20, 9, epoch).chunks(6) {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            data.gather(chunk, &mut x, &mut y);
            manual.push(t.step(&x, Targets::Classes(&y), y.len()).unwrap());
        }
    }
    assert_eq!(manual[..7], losses[..]);
}

/// Optimizer state read out and put back, as a save file would: spec, step count, moments.
fn reloaded_optimizer(o: &Optimizer) -> Optimizer {
    Optimizer::from_state(*o.spec(), o.len(), o.steps(), o.first_state().to_vec(), o.second_state().to_vec()).unwrap()
}

#[test]
fn a_run_rebuilt_from_its_state_continues_bit_for_bit_for_every_optimizer() {
    let data = scaled_digits();
    for row in crate::schema::OPTIMIZERS {
        let optimizer = &format!(r#"{{"type": "{}", "lr": 0.02, "weight_decay": 0.01}}"#, row.type_name);
        let fresh = || run(optimizer, 4, 7);
        let mut whole = fresh();
        let all = whole.train_steps(&data, 9).unwrap().losses;

        let mut first = fresh();
        first.train_steps(&data, 5).unwrap();
        // Everything a save file holds, through the public getters, into a new run.
        let (spec, weights, state) = (first.network().spec().clone(), first.network().params().to_vec(), first.state());
        let mut network = Network::new(spec, 0);
        network.params_mut().copy_from_slice(&weights);
        let trainer = Trainer::from_parts(network, reloaded_optimizer(first.trainer().optimizer())).unwrap();
        let mut resumed = TrainingRun::from_parts(trainer, state.clone()).unwrap();
        assert_eq!(resumed.state(), state);
        let rest = resumed.train_steps(&data, 4).unwrap().losses;

        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&all[5..]), bits(&rest), "{optimizer}: the losses after resuming");
        assert_eq!(bits(whole.network().params()), bits(resumed.network().params()), "{optimizer}: the weights");
        assert_eq!(whole.state(), resumed.state(), "{optimizer}");
    }
}

#[test]
fn a_broken_state_is_refused() {
    let r = run(r#"{"type": "adam", "lr": 0.01}"#, 1, 4);
    let o = r.trainer().optimizer();
    let message = err(Optimizer::from_state(*o.spec(), o.len(), 1, vec![0.0; 3], vec![]));
    assert_eq!(message, format!("adam for {} parameters keeps moments of {0} and {0} values, not 3 and 0", o.len()));
    let sgd = OptimizerSpec::from_json_str(r#"{"type": "sgd", "lr": 0.1}"#).unwrap();
    let wrong = Optimizer::new(sgd, 7);
    assert!(err(Trainer::from_parts(r.network().clone(), wrong)).contains("is for 7 parameters"));
    let state = RunState { batch: 5000, ..r.state() };
    assert!(err(TrainingRun::from_parts(r.trainer().clone(), state)).contains("batch size 5000"));
}

#[test]
fn gradients_of_a_batch_leave_the_optimizer_alone() {
    let data = digits();
    let mut a = run(r#"{"type": "adam", "lr": 0.01}"#, 2, 4);
    let before = a.network().params().to_vec();
    let loss = a.batch_gradients(&data, &[3, 1, 4, 1]).unwrap();
    assert_eq!((a.steps(), a.network().params()), (0, &before[..]));
    assert!(a.network().grads().iter().any(|&g| g != 0.0));
    // the same as one step on those examples, before its update
    let mut t = a.trainer().clone();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    data.gather(&[3, 1, 4, 1], &mut x, &mut y);
    assert_eq!(t.step(&x, Targets::Classes(&y), 4).unwrap(), loss);
    assert!(err(a.batch_gradients(&data, &[20])).contains("example 20 does not exist"));
}

#[test]
fn a_huge_learning_rate_is_reported_as_divergence_with_its_step_and_latched() {
    let data = digits();
    // Two linear dense layers: a huge step makes the first layer's output huge, so the second
    // layer's gradient (and then its weights) overflow.
    let spec = NetworkSpec::from_json_str(
        r#"{"input": [1, 3, 4], "layers": [{"type": "flatten"},
        {"type": "dense", "units": 8}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"}"#,
    )
    .unwrap();
    let mut r =
        TrainingRun::new(spec, OptimizerSpec::from_json_str(r#"{"type": "sgd", "lr": 1e30}"#).unwrap(), 1, 4).unwrap();
    let report = r.train_steps(&data, 50).unwrap();
    let divergence = report.divergence.expect("diverges");
    assert_eq!(report.losses.len() as u64, divergence.step);
    assert!(divergence.step < 50);
    assert!(divergence.message.contains(&format!("step {}", divergence.step)), "{}", divergence.message);
    assert_eq!(r.divergence(), Some(&divergence));
    assert!(r.train_steps(&data, 5).unwrap().losses.is_empty(), "a diverged run trains no more");
    assert_eq!(r.steps(), divergence.step);
}

#[test]
fn a_finite_but_exploded_loss_counts_as_divergence() {
    let data = digits();
    let mut r = run(r#"{"type": "sgd", "lr": 1e6}"#, 1, 4);
    let report = r.train_steps(&data, 50).unwrap();
    let divergence = report.divergence.expect("diverges");
    let last = *report.losses.last().unwrap();
    assert!(last > LOSS_LIMIT || !last.is_finite(), "{last}");
    assert!(report.losses[..report.losses.len() - 1].iter().all(|&l| l <= LOSS_LIMIT));
    assert!(divergence.message.contains(&format!("at step {}", divergence.step)), "{}", divergence.message);
}

#[test]
fn training_refuses_data_the_network_cannot_read() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(20, 5, 5)).unwrap();
    let mut r = run(r#"{"type": "sgd", "lr": 0.1}"#, 1, 4);
    assert!(err(r.train_steps(&data, 1)).contains("the images are 1 x 5 x 5"));
    assert!(err(r.evaluate(&data)).contains("the images are 1 x 5 x 5"));
    let empty = Dataset::new(vec![], vec![], [1, 3, 4], 10).unwrap();
    assert!(err(r.train_steps(&empty, 1)).contains("no examples"));
}

#[test]
fn evaluation_counts_argmax_hits_and_the_losses_cross_entropy() {
    let data = Dataset::new(vec![0.0; 3 * 12], vec![0, 3, 3], [1, 3, 4], 10).unwrap();
    let mut r = run(r#"{"type": "sgd", "lr": 0.1}"#, 1, 4);
    // All weights zero, bias of dense = class 3 favoured: every prediction is class 3.
    let network = r.trainer_mut().network_mut();
    let bias = network.param_slots().iter().find(|s| s.name == "3.bias").unwrap().range;
    network.params_mut().fill(0.0);
    bias.of_mut(network.params_mut())[3] = 2.0;
    let mut seen = Vec::new();
    let e = r.evaluate_each(&data, |p| seen.push((p.index, p.label, p.predicted, p.loss, p.probabilities[3]))).unwrap();
    assert_eq!((e.correct, e.count), (2, 3));
    assert!((e.accuracy - 2.0 / 3.0).abs() < 1e-12);
    let log_sum = (9.0 + 2f64.exp()).ln();
    let expected = (log_sum + 2.0 * (log_sum - 2.0)) / 3.0;
    assert!((e.loss - expected).abs() < 1e-6, "{} vs {expected}", e.loss);
    assert_eq!(seen.iter().map(|s| (s.0, s.1, s.2)).collect::<Vec<_>>(), [(0, 0, 3), (1, 3, 3), (2, 3, 3)]);
    assert!((seen[0].3 - log_sum).abs() < 1e-6 && (seen[1].3 - (log_sum - 2.0)).abs() < 1e-6);
    assert!((f64::from(seen[0].4) - 2f64.exp() / (9.0 + 2f64.exp())).abs() < 1e-6);
    let mut predicted = Vec::new();
    r.evaluate_each(&data, |p| predicted.push(p.predicted)).unwrap();
    assert_eq!(predicted, [3, 3, 3]);
    assert_eq!(argmax(&[1.0, 3.0, 3.0, -1.0]), (1, 3.0));
}

#[test]
fn scaled_batches_are_batches_of_scaled_images() {
    let mut values = vec![0.0, 0.1307, 1.0];
    MNIST_SCALING.apply(&mut values);
    assert!(
        (values[0] + 0.1307 / 0.3081).abs() < 1e-6
            && values[1].abs() < 1e-6
            && (values[2] - 0.8693 / 0.3081).abs() < 1e-5
    );
    // Training and evaluating a set with a scaling is, bit for bit, training and evaluating on
    // a copy of its images scaled the same way.
    let data = scaled_digits();
    assert_eq!(data.scaling(), Some(MNIST_SCALING));
    let mut images = data.images().into_owned();
    MNIST_SCALING.apply(&mut images);
    let copy = Dataset::new(images, data.labels().to_vec(), data.shape(), data.classes()).unwrap();
    let train = |set: &Dataset| {
        let mut r = run(r#"{"type": "adam", "lr": 0.01}"#, 3, 4);
        let losses = r.train_steps(set, 5).unwrap().losses;
        let e = r.evaluate(set).unwrap();
        (losses, r.network().params().to_vec(), e, r.scaling())
    };
    let (scaled, copied) = (train(&data), train(&copy));
    assert_eq!((&scaled.0, &scaled.1, &scaled.2), (&copied.0, &copied.1, &copied.2));
    assert_eq!((scaled.3, copied.3), (Some(MNIST_SCALING), None), "the run takes the set's scaling");
    assert_ne!(scaled.0, train(&digits()).0, "scaling changes what the network sees");
    // A single image is scaled as the last training set was.
    let mut r = run(r#"{"type": "adam", "lr": 0.01}"#, 3, 4);
    r.train_steps(&data, 1).unwrap();
    let p = r.predict(&data.image(2).unwrap()).unwrap().to_vec();
    assert_eq!(p, r.trainer_mut().network_mut().forward(&copy.image(2).unwrap(), 1).unwrap());
}
