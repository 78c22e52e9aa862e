//! Every kind of bad input is refused with a message a student can act on:
//! specs, optimizers and training calls. Nothing panics, and the network keeps working after
//! an error.

use cnn_playground::{Network, NetworkSpec, OptimizerSpec, Targets, Trainer};

fn spec_error(json: &str) -> String {
    match NetworkSpec::from_json_str(json) {
        Ok(_) => panic!("accepted a bad spec: {json}"),
        Err(e) => e.to_string(),
    }
}

fn net_with(layers: &str) -> String {
    spec_error(&format!(r#"{{"input": [1, 8, 8], "layers": [{layers}], "loss": "softmax_cross_entropy"}}"#))
}

fn assert_says(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "message {message:?} does not say {part:?}");
    }
}

const HEAD: &str = r#"{"type": "flatten"}, {"type": "dense", "units": 10}"#;

#[test]
fn kernel_larger_than_the_padded_input() {
    let m = net_with(&format!(
        r#"{{"type": "conv2d", "filters": 2, "kernel": 3}}, {{"type": "maxpool", "size": 2}}, {{"type": "relu"}}, {{"type": "conv2d", "filters": 4, "kernel": 5}}, {HEAD}"#
    ));
    assert_eq!(m, "layer 3 (conv2d): kernel 5 is larger than the padded input 3 x 3");
    let m =
        net_with(&format!(r#"{{"type": "conv2d", "filters": 2, "kernel": [9, 2], "padding": [0, 0, 1, 1]}}, {HEAD}"#));
    assert_eq!(m, "layer 0 (conv2d): kernel 9 x 2 is larger than the padded input 8 x 10");
}

#[test]
fn pool_window_larger_than_its_input() {
    let m = net_with(&format!(r#"{{"type": "maxpool", "size": 4}}, {{"type": "avgpool", "size": [3, 1]}}, {HEAD}"#));
    assert_eq!(m, "layer 1 (avgpool): window 3 x 1 is larger than the input 2 x 2");
}

#[test]
fn zero_or_negative_stride_size_or_filters_and_negative_padding() {
    let conv = |field: &str| net_with(&format!(r#"{{"type": "conv2d", "filters": 2, "kernel": 3, {field}}}, {HEAD}"#));
    assert_says(&conv(r#""stride": 0"#), &["layer 0 (conv2d)", "stride must be at least 1, not 0"]);
    assert_says(&conv(r#""stride": -2"#), &["layer 0 (conv2d)", "stride must be at least 1, not -2"]);
    assert_says(&conv(r#""stride": [1, 0]"#), &["stride must be at least 1, not 0"]);
    assert_says(&conv(r#""padding": -1"#), &["layer 0 (conv2d)", "padding must be at least 0, not -1"]);
    assert_says(&conv(r#""padding": [0, 1, -1, 0]"#), &["padding must be at least 0, not -1"]);
    assert_says(&conv(r#""padding": [1, 1]"#), &["[top, bottom, left, right]"]);
    assert_says(&conv(r#""stride": 1.5"#), &["stride must be a whole number, not 1.5"]);
    assert_says(
        &net_with(r#"{"type": "conv2d", "filters": 0, "kernel": 3}"#),
        &["layer 0 (conv2d)", "filters must be at least 1, not 0"],
    );
    assert_says(&net_with(r#"{"type": "conv2d", "filters": 2}"#), &["layer 0 (conv2d)", "\"kernel\" is missing"]);
    assert_says(
        &net_with(r#"{"type": "maxpool", "size": 0}"#),
        &["layer 0 (maxpool)", "size must be at least 1, not 0"],
    );
    assert_says(
        &net_with(r#"{"type": "avgpool", "size": 2, "stride": 0}"#),
        &["layer 0 (avgpool)", "stride must be at least 1, not 0"],
    );
    assert_says(
        &net_with(r#"{"type": "flatten"}, {"type": "dense", "units": 0}"#),
        &["layer 1 (dense)", "units must be at least 1, not 0"],
    );
    assert_says(
        &net_with(r#"{"type": "flatten"}, {"type": "dense", "units": "ten"}"#),
        &["units must be a number, not \"ten\""],
    );
}

#[test]
fn dense_before_flatten_and_conv_after_it() {
    assert_eq!(
        net_with(r#"{"type": "dense", "units": 10}"#),
        r#"layer 0 (dense): input is 1 x 8 x 8, not flat: add {"type": "flatten"} before this dense layer"#
    );
    assert_says(
        &net_with(&format!(r#"{{"type": "flatten"}}, {{"type": "conv2d", "filters": 1, "kernel": 1}}, {HEAD}"#)),
        &["layer 1 (conv2d)", "input is flat (64 values)", "before flatten"],
    );
    assert_says(&net_with(r#"{"type": "relu"}"#), &["last layer's output is 1 x 8 x 8", "flatten"]);
}

#[test]
fn unknown_types_and_misspelled_fields() {
    assert_eq!(
        net_with(r#"{"type": "conv2D", "filters": 1, "kernel": 1}"#),
        "layer 0: unknown type \"conv2D\" (did you mean \"conv2d\"?): use one of conv2d, dense, maxpool, avgpool, relu, sigmoid, tanh, leaky_relu, flatten"
    );
    assert_eq!(
        net_with(r#"{"type": "conv2d", "filters": 1, "kernal": 3}"#),
        "layer 0 (conv2d): unknown field \"kernal\" (did you mean \"kernel\"?); its fields are filters, kernel, stride, padding, bias"
    );
    assert_says(
        &net_with(r#"{"type": "relu", "slope": 0.1}"#),
        &["layer 0 (relu): unknown field \"slope\"", "it takes no other fields"],
    );
    assert_says(&net_with(r#"{"units": 3}"#), &["layer 0 has no type"]);
    assert_says(
        &spec_error(r#"{"input": [1, 8, 8], "layers": [], "loss": "softmax_cross_entropy", "optimiser": 1}"#),
        &["unknown field \"optimiser\""],
    );
}

#[test]
fn empty_input_no_layers_unknown_loss() {
    let layers = r#"[{"type": "flatten"}, {"type": "dense", "units": 2}]"#;
    assert_says(
        &spec_error(&format!(r#"{{"input": [1, 0, 8], "layers": {layers}, "loss": "softmax_cross_entropy"}}"#)),
        &["input", "at least 1, not 0"],
    );
    assert_says(
        &spec_error(&format!(r#"{{"input": [], "layers": {layers}, "loss": "softmax_cross_entropy"}}"#)),
        &["input must be [channels, height, width]"],
    );
    assert_says(
        &spec_error(&format!(r#"{{"layers": {layers}, "loss": "softmax_cross_entropy"}}"#)),
        &["\"input\" is missing"],
    );
    assert_says(
        &spec_error(r#"{"input": [1, 8, 8], "layers": [], "loss": "softmax_cross_entropy"}"#),
        &["layers is empty"],
    );
    assert_eq!(
        spec_error(&format!(r#"{{"input": [1, 8, 8], "layers": {layers}, "loss": "softmax_crossentropy"}}"#)),
        "loss \"softmax_crossentropy\" is unknown (did you mean \"softmax_cross_entropy\"?): use one of softmax_cross_entropy, sigmoid_binary_cross_entropy"
    );
    assert_says(&spec_error("{\"input\": [1, 8"), &["not valid JSON"]);
    assert_says(&spec_error("[1, 2]"), &["must be a JSON object"]);
}

#[test]
fn networks_too_large_for_a_browser_tab_are_refused_before_allocating() {
    let m = net_with(r#"{"type": "flatten"}, {"type": "dense", "units": 100000}, {"type": "dense", "units": 100000}"#);
    assert_says(&m, &["layer 1 (dense)", "6500000 parameters", "over the limit of 4000000"]);
    let m = spec_error(
        r#"{"input": [3, 2000, 2000], "layers": [{"type": "conv2d", "filters": 64, "kernel": 3}], "loss": "softmax_cross_entropy"}"#,
    );
    assert_says(&m, &["layer 0 (conv2d)", "activation values per example", "over the limit of 2000000"]);
    assert_says(
        &net_with(r#"{"type": "conv2d", "filters": 1e12, "kernel": 3}"#),
        &["filters 1000000000000 is larger than the limit of 100000"],
    );
    // A network that fits one example but not a batch of 4096 is refused at that batch size.
    let spec = NetworkSpec::from_json_str(r#"{"input": [1, 200, 200], "layers": [{"type": "conv2d", "filters": 8, "kernel": 3}, {"type": "flatten"}, {"type": "dense", "units": 2}], "loss": "softmax_cross_entropy"}"#).unwrap();
    assert_says(&spec.check_batch(4096).unwrap_err().to_string(), &["batch size 4096 needs", "use a batch of at most"]);
    assert_says(&spec.check_batch(5000).unwrap_err().to_string(), &["larger than the limit of 4096"]);
}

fn optimizer_error(json: &str) -> String {
    OptimizerSpec::from_json_str(json).map(|o| panic!("accepted {json}: {o:?}")).unwrap_err().to_string()
}

#[test]
fn bad_optimizers() {
    assert_eq!(optimizer_error(r#"{"type": "adamw", "lr": 0.1}"#), "optimizer type \"adamw\" is unknown (did you mean \"adam\"?): use one of sgd, momentum, adagrad, rmsprop, adam");
    assert_says(&optimizer_error(r#"{"type": "sgd"}"#), &["optimizer (sgd): \"lr\" is missing"]);
    assert_says(&optimizer_error(r#"{"type": "sgd", "lr": 0}"#), &["lr must be greater than 0, like 0.01, not 0"]);
    assert_says(&optimizer_error(r#"{"type": "sgd", "lr": -0.1}"#), &["not -0.1"]);
    assert_says(&optimizer_error(r#"{"type": "sgd", "lr": "fast"}"#), &["lr must be a number"]);
    assert_says(&optimizer_error(r#"{"type": "sgd", "lr": 1e-60}"#), &["lr must be greater than 0"]);
    assert_says(
        &optimizer_error(r#"{"type": "momentum", "lr": 0.1, "momentum": 1}"#),
        &["momentum must be from 0 up to (not including) 1, not 1"],
    );
    assert_says(&optimizer_error(r#"{"type": "adam", "lr": 0.1, "beta1": -0.1}"#), &["beta1 must be from 0 up to"]);
    assert_says(&optimizer_error(r#"{"type": "adam", "lr": 0.1, "beta2": 1.5}"#), &["beta2 must be from 0 up to"]);
    assert_says(&optimizer_error(r#"{"type": "rmsprop", "lr": 0.1, "alpha": 1}"#), &["alpha must be from 0 up to"]);
    assert_says(
        &optimizer_error(r#"{"type": "sgd", "lr": 0.1, "momentum": 0.9}"#),
        &["optimizer (sgd): unknown field \"momentum\""],
    );
    assert_says(
        &optimizer_error(r#"{"type": "adam", "lr": 0.1, "weight_decay": -1}"#),
        &["weight_decay must be 0 or more"],
    );
    assert_says(&optimizer_error(r#"{"lr": 0.1}"#), &["has no type"]);
}

fn small_trainer() -> Trainer {
    let spec = NetworkSpec::from_json_str(r#"{"input": [1, 4, 4], "layers": [{"type": "flatten"}, {"type": "dense", "units": 3}], "loss": "softmax_cross_entropy"}"#).unwrap();
    Trainer::new(spec, OptimizerSpec::from_json_str(r#"{"type": "sgd", "lr": 0.1}"#).unwrap(), 1)
}

#[test]
fn bad_steps_are_refused_and_the_network_keeps_working() {
    let mut t = small_trainer();
    let input = vec![0.5; 32];
    let err = |r: cnn_playground::Result<f32>| r.unwrap_err().to_string();
    assert_eq!(
        err(t.step(&input[..31], Targets::Classes(&[0, 1]), 2)),
        "input has 31 values, but a batch of 2 x 1 x 4 x 4 needs 2 x 16 = 32"
    );
    assert_eq!(
        err(t.step(&input, Targets::Classes(&[0, 3]), 2)),
        "label 1 is 3, but the network has 3 classes (0 to 2)"
    );
    assert_says(&err(t.step(&input, Targets::Classes(&[0]), 2)), &["1 labels for a batch of 2"]);
    assert_says(&err(t.step(&input, Targets::Values(&[0.0; 6]), 2)), &["takes class indices"]);
    assert_says(&err(t.step(&[], Targets::Classes(&[]), 0)), &["batch size is 0"]);
    let mut nan = input.clone();
    nan[5] = f32::NAN;
    assert_says(&err(t.step(&nan, Targets::Classes(&[0, 1]), 2)), &["input value 5 is NaN"]);
    let before = t.network().params().to_vec();
    assert_eq!(t.optimizer().steps(), 0, "a refused step must not update anything");
    assert!(t.step(&input, Targets::Classes(&[0, 1]), 2).unwrap().is_finite());
    assert_ne!(t.network().params(), &before[..]);
}

#[test]
fn unknown_parameter_names_and_wrong_lengths() {
    let mut net: Network = small_trainer().network().clone();
    assert_eq!(
        net.set_param("1.weigth", &[0.0; 48]).unwrap_err().to_string(),
        "unknown parameter \"1.weigth\" (did you mean \"1.weight\"?); its parameters are 1.weight, 1.bias"
    );
    assert_eq!(
        net.set_param("1.bias", &[0.0; 4]).unwrap_err().to_string(),
        "parameter \"1.bias\" has shape [3], so it takes 3 values, not 4"
    );
    assert_says(&net.set_param("1.bias", &[0.0, f32::INFINITY, 0.0]).unwrap_err().to_string(), &["value 1 is inf"]);
    assert!(net.grad("7.weight").is_err());
    assert_says(
        &net.layer_output(5).unwrap_err().to_string(),
        &["layer 5 does not exist: the network has layers 0 to 1"],
    );
    net.set_param("1.bias", &[1.0, 2.0, 3.0]).unwrap();
    assert_eq!(net.param("1.bias").unwrap().as_slice().unwrap(), &[1.0, 2.0, 3.0]);
}

#[test]
fn sigmoid_targets_are_checked() {
    let spec = NetworkSpec::from_json_str(r#"{"input": [1, 2, 2], "layers": [{"type": "flatten"}, {"type": "dense", "units": 2}], "loss": "sigmoid_binary_cross_entropy"}"#).unwrap();
    let mut net = Network::new(spec, 0);
    let input = [0.1; 4];
    assert_says(
        &net.gradients(&input, Targets::Values(&[0.5, 1.5]), 1, false).unwrap_err().to_string(),
        &["target 1 is 1.5", "from 0 to 1"],
    );
    assert_says(
        &net.gradients(&input, Targets::Values(&[0.5]), 1, false).unwrap_err().to_string(),
        &["1 targets for a batch of 1 with 2 outputs each: give 2"],
    );
    assert_says(
        &net.gradients(&input, Targets::Classes(&[1]), 1, false).unwrap_err().to_string(),
        &["takes target values"],
    );
}
