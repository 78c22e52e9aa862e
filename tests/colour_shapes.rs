//! The built-in colour shapes are learnable in colour and not in grey: the lecture's reference
//! network, given 3 input channels, learns the 9 classes (colour x shape); the same network on
//! the grey version of the same images can tell only the shapes apart, since the three colours
//! have the same luma. `cargo run --release --example colour_shapes` prints the whole curve.

use cnn_playground::data::Dataset;
use cnn_playground::images::shapes::{colour_shapes, grayscale};
use cnn_playground::{NetworkSpec, OptimizerSpec, TrainingRun};
use serde_json::json;

/// 6 epochs of the 3,600 training images at batch 32.
const STEPS: usize = 678;

fn accuracy_after_training(train: &Dataset, test: &Dataset) -> f64 {
    let spec = json!({"input": train.shape(), "layers": [
        {"type": "conv2d", "filters": 8, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool", "size": 2},
        {"type": "conv2d", "filters": 16, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool", "size": 3},
        {"type": "flatten"}, {"type": "dense", "units": 9}], "loss": "softmax_cross_entropy"});
    let adam = OptimizerSpec::from_json(&json!({"type": "adam", "lr": 0.001})).unwrap();
    assert!(train.scaling().is_some(), "the colour shapes are standardized");
    let mut run = TrainingRun::new(NetworkSpec::from_json(&spec).unwrap(), adam, 42, 32).unwrap();
    let report = run.train_steps(train, STEPS).unwrap();
    assert!(report.divergence.is_none());
    run.evaluate(test).unwrap().accuracy
}

#[test]
fn an_rgb_network_learns_colour_and_shape_a_grey_one_only_shape() {
    let (train, test) = colour_shapes(42).unwrap();
    let (grey_train, grey_test) = (grayscale(&train).unwrap(), grayscale(&test).unwrap());
    let (rgb, grey) = std::thread::scope(|s| {
        let rgb = s.spawn(|| accuracy_after_training(&train, &test));
        let grey = s.spawn(|| accuracy_after_training(&grey_train, &grey_test));
        (rgb.join().unwrap(), grey.join().unwrap())
    });
    println!("colour shapes after {STEPS} steps: rgb {:.2}%, grey {:.2}%", 100.0 * rgb, 100.0 * grey);
    assert!(rgb >= 0.90, "rgb {rgb}");
    assert!(grey <= 0.45, "grey {grey}: the colours must look alike in grey");
}
