//! Every code of the table is given by some bad input, filled with exactly its template's
//! parameters: no code is dead, and no message shows an unfilled `{placeholder}`.

use super::super::codes::{self, ALL};
use super::super::Error;
use super::coverage_files::file_errors;
use crate::data::Dataset;
use crate::lecture::activations::{self, DeadReluQuestion};
use crate::lecture::backprop::{backprop, BackpropQuestion};
use crate::lecture::conv_arithmetic::{conv_arithmetic, ConvQuestion};
use crate::lecture::conv_step::{self, conv_step};
use crate::lecture::digit_net::DigitNet;
use crate::lecture::digits::{features, pipeline_gray, Recipe};
use crate::lecture::minibatch::minibatch;
use crate::lecture::optimizers::{trace, TraceQuestion};
use crate::lecture::pooling::{self, pooling};
use crate::lecture::softmax::softmax_view;
use crate::link::LabState;
use crate::optim::OptimizerSpec;
use crate::schema::{Default, Field, Fields, Kind, Range};
use crate::spec::{Loss, NetworkSpec, Shape};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt::Debug;

fn refused<T: Debug>(result: crate::Result<T>) -> Error {
    result.expect_err("a bad input is refused")
}

/// A spec of `layers` on a `[1, 28, 28]` input, refused.
fn spec(layers: Value) -> Error {
    refused(NetworkSpec::from_json(&json!({"input": [1, 28, 28], "layers": layers, "loss": "softmax_cross_entropy"})))
}

fn conv(fields: Value) -> Error {
    let mut layer = json!({"type": "conv2d", "filters": 2, "kernel": 3});
    layer.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    spec(json!([layer, {"type": "flatten"}, {"type": "dense", "units": 10}]))
}

fn optimizer(value: Value) -> Error {
    refused(OptimizerSpec::from_json(&value))
}

/// The warnings of a link.
fn link(hash: &str) -> Vec<Error> {
    let (_, warnings) = LabState::parse_hash(hash);
    assert!(!warnings.is_empty(), "{hash}");
    warnings.into_iter().map(|w| w.error).collect()
}

fn spec_errors() -> Vec<Error> {
    let flat = |layers: Value| spec(layers);
    let mut out = vec![
        refused(NetworkSpec::from_json_str("{")),
        refused(NetworkSpec::from_json(&json!([1]))),
        refused(NetworkSpec::from_json(&json!({"input": [1, 28, 28], "layer": [], "loss": "softmax_cross_entropy"}))),
        refused(NetworkSpec::from_json(&json!({"input": [1, 28, 28], "layers": []}))),
        refused(NetworkSpec::from_json(&json!({"input": [1, 28, 28], "layers": {}, "loss": "softmax_cross_entropy"}))),
        spec(json!([])),
        refused(NetworkSpec::from_json(
            &json!({"input": [1, 28, 28], "layers": [{"type": "flatten"}], "loss": "softmax"}),
        )),
        refused(NetworkSpec::from_json(&json!({"input": [1, 28, 28], "layers": [{"type": "flatten"}], "loss": 3}))),
        refused(NetworkSpec::from_json(
            &json!({"input": [1, 28], "layers": [{"type": "flatten"}], "loss": "softmax_cross_entropy"}),
        )),
        refused(NetworkSpec::from_json(
            &json!({"input": [0, 28, 28], "layers": [{"type": "flatten"}], "loss": "softmax_cross_entropy"}),
        )),
        flat(json!(["relu"])),
        flat(json!([{"type": 3}])),
        flat(json!([{"units": 3}])),
        flat(json!([{"type": "conv"}])),
        conv(json!({"filter": 3})),
        flat(json!([{"type": "relu", "slope": 1}])),
        spec(json!([{"type": "conv2d", "kernel": 3}])),
        spec(json!([{"type": "conv2d", "filters": 3}])),
        conv(json!({"padding": [1, 2]})),
        conv(json!({"bias": "yes"})),
        conv(json!({"filters": 1.5})),
        conv(json!({"filters": 1e12})),
        conv(json!({"filters": "8"})),
        flat(json!([{"type": "leaky_relu", "slope": "a"}, {"type": "flatten"}])),
        flat(json!([{"type": "leaky_relu", "slope": 1e300}, {"type": "flatten"}])),
        flat(json!([{"type": "leaky_relu", "slope": -1e7}, {"type": "flatten"}])),
        conv(json!({"kernel": 40})),
        flat(json!([{"type": "maxpool", "size": 40}, {"type": "flatten"}])),
        flat(json!([{"type": "dense", "units": 10}])),
        flat(json!([{"type": "flatten"}, {"type": "relu"}, {"type": "maxpool", "size": 2}])),
        flat(json!([{"type": "flatten"}, {"type": "dense", "units": 100000}])),
        refused(NetworkSpec::from_json(
            &json!({"input": [1, 1000, 1000], "layers": [{"type": "conv2d", "filters": 64, "kernel": 1}], "loss": "softmax_cross_entropy"}),
        )),
        flat(json!([{"type": "relu"}])),
        refused(NetworkSpec::new(
            Shape::Image { channels: 0, height: 28, width: 28 },
            vec![],
            Loss::SoftmaxCrossEntropy,
        )),
    ];
    let net = NetworkSpec::from_json(&json!({"input": [1, 28, 28], "layers": [{"type": "conv2d", "filters": 64, "kernel": 3}, {"type": "flatten"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"})).unwrap();
    out.extend([0, 1_000_000, 4000].map(|batch| refused(net.check_batch(batch))));
    out.push(refused(crate::data::digit::prepare_digit(&[0.0; 784], 28, 28)));
    // A bool field without a default, and the ranges no field of the schema has yet.
    static REQUIRED_BOOL: [Field; 1] = [Field {
        name: "flag",
        kind: Kind::Bool,
        default: Default::Required { example: 1.0 },
        range: Range::UNIT,
        compact: None,
        doc: "",
    }];
    let empty = serde_json::Map::new();
    let fields = Fields::new(&empty, crate::err!(PLACE_INPUT), &REQUIRED_BOOL).unwrap();
    out.push(refused(fields.boolean("flag")));
    let between = Range { min: 0.0, min_exclusive: true, max: 1.0, max_exclusive: true };
    out.extend([between, Range { max_exclusive: false, ..between }].map(|r| r.in_words()));
    out
}

fn optimizer_and_link_errors() -> Vec<Error> {
    let mut out = vec![
        refused(OptimizerSpec::from_json_str("{")),
        optimizer(json!("adam")),
        optimizer(json!({"type": 1, "lr": 0.1})),
        optimizer(json!({"lr": 0.1})),
        optimizer(json!({"type": "adma", "lr": 0.1})),
        optimizer(json!({"type": "adam"})),
        optimizer(json!({"type": "adam", "lr": "fast"})),
        optimizer(json!({"type": "adam", "lr": -1})),
        optimizer(json!({"type": "sgd", "lr": 0.1, "weight_decay": -1})),
        optimizer(json!({"type": "momentum", "lr": 0.1, "momentum": 1.5})),
    ];
    for hash in [
        "v=9",
        "view=Race!",
        "data=fashion",
        "surface=rosenbrok",
        "view=race&batch=0",
        "view=race&batch=x",
        "view=surface&start=1",
        "view=surface&start=100,100",
        "net=3x28x28,flatten,dense:10",
        "net=1x28x28,flatten,dense:9",
        "net=1x28x28,flatten,dense:10,loss:sigmoid_binary_cross_entropy",
        "net=28x28,flatten,dense:10",
        "net=1x28x28,conv2d:8:k3:k5,flatten,dense:10",
        "net=1x28x28,conv2d:8:zz,flatten,dense:10",
        "net=1x28x28,relu:3,flatten,dense:10",
        "view=train&opt=adam:0.1,sgd:0.1",
        "view=race&opt=adam:0.1",
        "view=race&opt=sgd:0.1,adam:x",
        "view=race&opt=sgd:0.1,adam:1e99",
        "view=race&opt=sgd:0.1,adam",
        "data=shapes&net=1x28x28,flatten,dense:9",
        "data=shapes&net=3x32x32,flatten,dense:10",
    ] {
        out.extend(link(hash));
    }
    let net = crate::link::default_network(Some("train"), "mnist");
    let ends_in_relu =
        NetworkSpec::from_json(&json!({"input": [1, 8, 8], "layers": [{"type": "flatten"}, {"type": "relu"}], "loss": "softmax_cross_entropy"}))
            .expect("a valid network");
    out.push(refused(crate::link::fit_network(&ends_in_relu, [1, 8, 8], 3)));
    out.push(refused(crate::link::fit_network(&net, [1, 4, 4], 3)));
    out
}

fn lecture_errors() -> Vec<Error> {
    let question =
        ConvQuestion { input: 7, kernel: 3, stride: 1, padding: 0, one_sided: false, channels: 1, filters: 1 };
    let step = conv_step::example(1);
    let pool = pooling::example(1);
    let dead = DeadReluQuestion { hidden: 4, lr: 0.1, steps: 1, batch: 1, seed: 1 };
    let backprop_q = BackpropQuestion {
        features: vec![0.5; 25],
        label: 1,
        param: "3.weight".into(),
        row: 0,
        col: 0,
        seed: 1,
        params: None,
    };
    let trace_q = TraceQuestion {
        optimizer: json!({"type": "sgd", "lr": 0.1}),
        start: 1.0,
        steps: 5,
        curvature: 1.0,
        target: 0.0,
        noise: 0.0,
        seed: 1,
        grads: None,
    };
    let nan = f32::NAN;
    let one = Dataset::new(vec![0.5; 25], vec![3], [1, 5, 5], 10).unwrap();
    let mut net = DigitNet::new(one.clone(), one.clone(), one, Recipe::default(), 1).unwrap();
    vec![
        refused(conv_arithmetic(ConvQuestion { kernel: 11, padding: 1, ..question })),
        refused(conv_arithmetic(ConvQuestion { input: 70, ..question })),
        refused(conv_step(&conv_step::ConvStepQuestion { row: 9, ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { activation: "relux".into(), ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { kernel: 0, ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { height: 0, ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { width: 0, ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { input: vec![nan; step.input.len()], ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { weight: vec![nan; step.weight.len()], ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { bias: vec![nan; 2], ..step.clone() })),
        refused(conv_step(&conv_step::ConvStepQuestion { kernel: 7, ..step })),
        refused(pooling(&pooling::PoolQuestion { size: 40, ..pool.clone() })),
        refused(pooling(&pooling::PoolQuestion { channels: 0, ..pool.clone() })),
        refused(pooling(&pooling::PoolQuestion { map: vec![nan; pool.map.len()], ..pool })),
        refused(Recipe { threshold: 1.5, window: [5, 3] }.check()),
        refused(Recipe { threshold: 0.5, window: [30, 3] }.check()),
        refused(pipeline_gray(&[0.0; 784], 28, 28, &Recipe::default())),
        refused(pipeline_gray(&[nan; 784], 28, 28, &Recipe::default())),
        refused(features(&[nan; 784], 1, 28, &Recipe::default())),
        refused(activations::activation("gelu", 0.0)),
        refused(activations::curves(1.0, 0.0, 5, 0.1)),
        refused(activations::curves(0.0, 1.0, 1, 0.1)),
        refused(activations::curves(nan, 1.0, 5, 0.1)),
        refused(activations::apply("relu", 0.0, &[nan])),
        refused(activations::digit_feature_map(&[0.0; 4], 2, None)),
        refused(activations::dead_relu(&[0.0; 25], &[0], 25, &DeadReluQuestion { hidden: 0, ..dead })),
        refused(activations::dead_relu(&[0.0; 25], &[0], 25, &DeadReluQuestion { steps: 9999, ..dead })),
        refused(activations::dead_relu(&[0.0; 25], &[0], 25, &DeadReluQuestion { batch: 0, ..dead })),
        refused(activations::dead_relu(&[nan; 25], &[0], 25, &dead)),
        refused(minibatch(&[0.0; 2], &[0, 1], 1, 1, 2.0)),
        refused(minibatch(&[0.0; 1], &[0], 1, 1, 0.0)),
        refused(minibatch(&[], &[0, 1], 0, 1, 0.0)),
        refused(backprop(&BackpropQuestion { param: "2.weight".into(), ..backprop_q.clone() })),
        refused(backprop(&BackpropQuestion { row: 10, ..backprop_q.clone() })),
        refused(backprop(&BackpropQuestion { features: vec![nan; 25], ..backprop_q })),
        refused(trace(&TraceQuestion { start: nan, ..trace_q.clone() })),
        refused(trace(&TraceQuestion { steps: 0, ..trace_q.clone() })),
        refused(trace(&TraceQuestion { grads: Some(vec![nan; 5]), ..trace_q })),
        refused(softmax_view(&[1.0], 0)),
        refused(softmax_view(&[nan, 1.0], 0)),
        refused(softmax_view(&[1.0, 2.0], 5)),
        refused(net.predict(&[0.5; 24])),
    ]
}

/// `e`, its message parameters and its places, and theirs.
fn all_messages(e: &Error, out: &mut Vec<Error>) {
    out.push(e.clone());
    for (_, param) in e.params() {
        if let super::super::Param::Message(inner) = param {
            all_messages(inner, out);
        }
    }
    for place in e.places() {
        all_messages(place, out);
    }
}

#[test]
fn every_code_is_given_by_a_bad_input_with_exactly_its_parameters() {
    let mut messages = Vec::new();
    for e in spec_errors().iter().chain(&optimizer_and_link_errors()).chain(&lecture_errors()).chain(&file_errors()) {
        all_messages(e, &mut messages);
    }
    let mut seen = BTreeSet::new();
    for m in &messages {
        let Some(code) = m.code() else { continue };
        let given: Vec<&str> = m.params().iter().map(|(n, _)| *n).collect();
        let mut wanted = code.params();
        wanted.sort_unstable();
        let mut sorted = given.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, wanted, "{}: parameters {given:?} for the template \"{}\"", code.name, code.english);
        let filled = code.fill(|n| m.param(n).map(str::to_string));
        assert!(
            m.message().ends_with(&filled),
            "{}: \"{}\" is not its template filled: \"{filled}\"",
            code.name,
            m.message()
        );
        seen.insert(code.name);
    }
    if messages.iter().any(|m| !m.places().is_empty()) {
        seen.insert(codes::PLACE.name);
    }
    // The JS API's checks of a JS value's type (`js.*`, src/wasm) cannot run natively:
    // tests/e2e/core_messages.test.mjs gives each through the JS API.
    let unused: Vec<&str> = ALL.iter().map(|c| c.name).filter(|n| !seen.contains(n) && !n.starts_with("js.")).collect();
    assert_eq!(unused, Vec::<&str>::new(), "codes no bad input gave");
}
