//! Tests of `data.rs`: the file format and its errors, the split, the batch order, training
//! steps, divergence and evaluation.

use super::*;
use crate::{NetworkSpec, OptimizerSpec};

/// A small mnist.bin: `count` images of `rows x cols`, pixel `p` of image `i` = `(i + p) % 256`,
/// label `i % 10`.
fn mnist_bytes(count: usize, rows: usize, cols: usize) -> Vec<u8> {
    let mut bytes = b"MNST".to_vec();
    for v in [count, rows, cols] {
        bytes.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for i in 0..count {
        bytes.extend((0..rows * cols).map(|p| ((i + p) % 256) as u8));
    }
    bytes.extend((0..count).map(|i| (i % 10) as u8));
    bytes
}

fn err<T: std::fmt::Debug>(r: Result<T>) -> String {
    r.unwrap_err().message().to_string()
}

#[test]
fn parses_mnist_bytes_into_unit_range() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(12, 3, 4)).unwrap();
    assert_eq!((data.len(), data.shape(), data.classes(), data.image_size()), (12, [1, 3, 4], 10, 12));
    assert_eq!(data.image(2).unwrap()[..3], [2.0 / 255.0, 3.0 / 255.0, 4.0 / 255.0]);
    assert_eq!(data.label(11).unwrap(), 1);
    assert!(data.images().iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn refuses_bad_files_with_reasons() {
    assert!(err(Dataset::from_mnist_bytes(b"PNG....")).contains("not an mnist.bin file"));
    let mut short = mnist_bytes(5, 2, 2);
    short.pop();
    let message = err(Dataset::from_mnist_bytes(&short));
    assert!(message.contains("truncated") && message.contains("16 + 20 + 5 = 41"), "{message}");
    let mut zero = mnist_bytes(1, 2, 2);
    zero[4..8].copy_from_slice(&0u32.to_le_bytes());
    assert!(err(Dataset::from_mnist_bytes(&zero)).contains("0 images"));
    let mut label = mnist_bytes(3, 2, 2);
    *label.last_mut().unwrap() = 10;
    let message = err(Dataset::from_mnist_bytes(&label));
    assert!(message.contains("label 2 is 10") && message.starts_with("mnist.bin"), "{message}");
}

#[test]
fn dataset_checks_counts_and_indices() {
    assert!(err(Dataset::new(vec![0.0; 7], vec![0, 1], [1, 2, 2], 10)).contains("7 image values for 2 labels"));
    let data = Dataset::new(vec![0.5; 8], vec![0, 1], [1, 2, 2], 2).unwrap();
    assert!(err(data.image(2)).contains("example 2 does not exist"));
    assert!(err(data.slice(1, 3)).contains("not within"));
}

#[test]
fn split_is_first_8000_then_the_rest() {
    let (train, test) = mnist_split(&mnist_bytes(8010, 2, 2)).unwrap();
    assert_eq!((train.len(), test.len()), (8000, 10));
    assert_eq!(test.image(0).unwrap()[0], (8000 % 256) as f32 / 255.0);
    assert_eq!(test.label(3).unwrap(), 8003 % 10);
    assert!(err(mnist_split(&mnist_bytes(100, 2, 2))).contains("needs more than 8000"));
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
    assert_eq!((cursor.epoch(), cursor.images_seen()), (1, 14));
    assert!((cursor.epoch_progress(10) - 1.4).abs() < 1e-12);
}

fn tiny_spec() -> NetworkSpec {
    NetworkSpec::from_json_str(
        r#"{"input": [1, 3, 4], "layers": [{"type": "conv2d", "filters": 2, "kernel": 2},
        {"type": "relu"}, {"type": "flatten"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"}"#,
    )
    .unwrap()
}

fn trainer(optimizer: &str) -> Trainer {
    Trainer::new(tiny_spec(), OptimizerSpec::from_json_str(optimizer).unwrap(), 5)
}

#[test]
fn train_steps_is_deterministic_and_matches_manual_steps() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(20, 3, 4)).unwrap();
    let run = |steps_per_call: &[usize]| {
        let mut t = trainer(r#"{"type": "adam", "lr": 0.01}"#);
        let (mut cursor, mut buffers, mut losses) = (BatchCursor::new(9), BatchBuffers::default(), Vec::new());
        for &n in steps_per_call {
            losses.extend(train_steps(&mut t, &data, &mut cursor, 6, n, &mut buffers).unwrap().losses);
        }
        (losses, t.network().params().to_vec(), cursor.images_seen())
    };
    let (losses, params, seen) = run(&[7]);
    assert_eq!(seen, 6 + 6 + 6 + 2 + 6 + 6 + 6);
    assert_eq!((losses.clone(), params.clone()), {
        let r = run(&[2, 3, 2]);
        (r.0, r.1)
    });

    // The same steps by hand, batch by batch, through Trainer::step.
    let mut t = trainer(r#"{"type": "adam", "lr": 0.01}"#);
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

#[test]
fn a_huge_learning_rate_is_reported_as_divergence_with_its_step() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(20, 3, 4)).unwrap();
    // Two linear dense layers: a huge step makes the first layer's output huge, so the second
    // layer's gradient (and then its weights) overflow.
    let spec = NetworkSpec::from_json_str(
        r#"{"input": [1, 3, 4], "layers": [{"type": "flatten"},
        {"type": "dense", "units": 8}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"}"#,
    )
    .unwrap();
    let mut t = Trainer::new(spec, OptimizerSpec::from_json_str(r#"{"type": "sgd", "lr": 1e30}"#).unwrap(), 5);
    let report = train_steps(&mut t, &data, &mut BatchCursor::new(1), 4, 50, &mut BatchBuffers::default()).unwrap();
    let divergence = report.divergence.expect("diverges");
    assert_eq!(report.losses.len() as u64, divergence.step);
    assert!(divergence.step < 50);
    assert!(divergence.message.contains(&format!("step {}", divergence.step)), "{}", divergence.message);
}

#[test]
fn train_steps_refuses_data_the_network_cannot_read() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(20, 5, 5)).unwrap();
    let mut t = trainer(r#"{"type": "sgd", "lr": 0.1}"#);
    let message = err(train_steps(&mut t, &data, &mut BatchCursor::new(1), 4, 1, &mut BatchBuffers::default()));
    assert!(message.contains("the images are 1 x 5 x 5"), "{message}");
}

#[test]
fn evaluate_counts_argmax_hits_and_mean_cross_entropy() {
    let data = Dataset::new(vec![0.0; 3 * 12], vec![0, 3, 3], [1, 3, 4], 10).unwrap();
    let mut t = trainer(r#"{"type": "sgd", "lr": 0.1}"#);
    let network = t.network_mut();
    // All weights zero, bias of dense = class 3 favoured: every prediction is class 3.
    let slots = network.param_slots().to_vec();
    network.params_mut().fill(0.0);
    let bias = slots.iter().find(|s| s.name == "3.bias").unwrap().range;
    bias.of_mut(network.params_mut())[3] = 2.0;
    let e = evaluate(network, &data, 2).unwrap();
    assert_eq!((e.correct, e.count), (2, 3));
    assert!((e.accuracy - 2.0 / 3.0).abs() < 1e-12);
    let log_sum = (9.0 + 2f64.exp()).ln();
    let expected = (log_sum + 2.0 * (log_sum - 2.0)) / 3.0;
    assert!((e.loss - expected).abs() < 1e-5, "{} vs {expected}", e.loss);
    assert_eq!(argmax(&[1.0, 3.0, 3.0, -1.0]), (1, 3.0));
}

#[test]
fn a_finite_but_exploded_loss_counts_as_divergence() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(20, 3, 4)).unwrap();
    let mut t = trainer(r#"{"type": "sgd", "lr": 1e6}"#);
    let report = train_steps(&mut t, &data, &mut BatchCursor::new(1), 4, 50, &mut BatchBuffers::default()).unwrap();
    let divergence = report.divergence.expect("diverges");
    let last = *report.losses.last().unwrap();
    assert!(last > LOSS_LIMIT || !last.is_finite(), "{last}");
    assert!(report.losses[..report.losses.len() - 1].iter().all(|&l| l <= LOSS_LIMIT));
    assert!(divergence.message.contains(&format!("at step {}", divergence.step)), "{}", divergence.message);
}

#[test]
fn standardizing_gives_zero_mean_and_unit_spread() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(30, 3, 4)).unwrap();
    let (mean, std) = data.pixel_mean_std();
    assert!(mean > 0.0 && std > 0.0);
    let z = data.standardized(mean, std).unwrap();
    let (m, s) = z.pixel_mean_std();
    assert!(m.abs() < 1e-6 && (s - 1.0).abs() < 1e-6, "{m} {s}");
    assert_eq!(z.labels(), data.labels());
    assert!(err(data.standardized(0.1, 0.0)).contains("above 0"));
}

#[test]
fn scaled_batches_and_evaluation_standardize_like_pytorchs_normalize() {
    let mut values = vec![0.0, 0.1307, 1.0];
    MNIST_SCALING.apply(&mut values);
    assert!(
        (values[0] + 0.1307 / 0.3081).abs() < 1e-6
            && values[1].abs() < 1e-6
            && (values[2] - 0.8693 / 0.3081).abs() < 1e-5
    );

    // Training on scaled buffers is training on a pre-standardized copy of the data.
    let data = Dataset::from_mnist_bytes(&mnist_bytes(20, 3, 4)).unwrap();
    let standardized = data.standardized(0.1307, 0.3081).unwrap();
    let run = |set: &Dataset, buffers: BatchBuffers| {
        let mut t = trainer(r#"{"type": "adam", "lr": 0.01}"#);
        let report = train_steps(&mut t, set, &mut BatchCursor::new(3), 4, 5, &mut buffers.clone()).unwrap();
        (report.losses, t.network().params().to_vec())
    };
    let (scaled, plain) =
        (run(&data, BatchBuffers::with_scaling(MNIST_SCALING)), run(&standardized, BatchBuffers::default()));
    for (a, b) in scaled.0.iter().chain(&scaled.1).zip(plain.0.iter().chain(&plain.1)) {
        assert!((a - b).abs() <= 1e-5 * (1.0 + b.abs()), "{a} vs {b}");
    }
    assert_ne!(scaled.0, run(&data, BatchBuffers::default()).0, "scaling must change what the network sees");

    let mut t = trainer(r#"{"type": "sgd", "lr": 0.1}"#);
    let e1 = evaluate_scaled(t.network_mut(), &data, 3, Some(MNIST_SCALING)).unwrap();
    let e2 = evaluate(t.network_mut(), &standardized, 3).unwrap();
    assert_eq!(e1.correct, e2.correct);
    assert!((e1.loss - e2.loss).abs() < 1e-5);
}

#[test]
fn byte_sets_read_like_float_sets_and_keep_names_and_scaling() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(6, 2, 3)).unwrap();
    assert!(matches!(data.pixels(), Pixels::Bytes(b) if b.len() == 36), "mnist.bin stays bytes");
    assert_eq!(data.scaling(), Some(MNIST_SCALING));
    let floats = Dataset::new(data.images().into_owned(), data.labels().to_vec(), [1, 2, 3], 10).unwrap();
    assert_eq!(floats.scaling(), None);
    let (mut a, mut b, mut la, mut lb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    data.gather(&[4, 1], &mut a, &mut la);
    floats.gather(&[4, 1], &mut b, &mut lb);
    assert_eq!((a, la), (b, lb));
    assert_eq!(data.pixel_mean_std(), floats.pixel_mean_std());
    assert_eq!(data.image(5).unwrap()[..], floats.image(5).unwrap()[..]);
    let tail = data.slice(2, 6).unwrap();
    assert_eq!((tail.len(), tail.scaling(), tail.label(0).unwrap()), (4, Some(MNIST_SCALING), 2));
    assert_eq!(data.class_names()[9], "9");
    let named = Dataset::from_bytes(vec![0u8, 255], vec![0, 1], [1, 1, 1], 2)
        .unwrap()
        .with_class_names(vec!["cat".into(), "dog".into()])
        .unwrap();
    assert_eq!(named.slice(1, 2).unwrap().class_names(), ["cat", "dog"]);
    assert_eq!(named.image(1).unwrap()[..], [1.0]);
    assert!(err(named.with_class_names(vec!["cat".into()])).contains("1 class names for 2 classes"));
}
