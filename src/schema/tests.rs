use super::*;
use crate::link::net::{format_network, parse_network, syntax};
use crate::optim::OptimizerSpec;
use crate::spec::NetworkSpec;
use serde_json::{json, Value};

/// A layer of `row` with every required field at its example (what the page adds).
fn example_layer(row: &LayerSchema) -> Value {
    let mut layer = json!({ "type": row.type_name });
    for f in row.fields {
        if let Default::Required { example } = f.default {
            layer[f.name] = json!(example as u64);
        }
    }
    layer
}

#[test]
fn every_layer_type_reads_from_its_examples_and_writes_back_the_same() {
    for row in LAYER_TYPES {
        let (before, after) = match row.type_name {
            "dense" => (vec![json!({"type": "flatten"})], vec![]),
            "flatten" => (vec![], vec![]),
            _ => (vec![], vec![json!({"type": "flatten"})]),
        };
        let mut layers = before;
        layers.push(example_layer(row));
        layers.extend(after);
        layers.push(json!({"type": "dense", "units": 10}));
        let spec =
            NetworkSpec::from_json(&json!({"input": [2, 9, 9], "layers": layers, "loss": "softmax_cross_entropy"}))
                .unwrap_or_else(|e| panic!("{}: {e}", row.type_name));
        let layer = spec.layers().iter().find(|l| l.type_name() == row.type_name).unwrap();
        assert!(std::ptr::eq(layer.schema(), *row), "{}", row.type_name);
        // to_json writes every field, and reads back to the same spec
        let written = spec.to_json();
        for f in row.fields {
            assert!(layer.to_json().get(f.name).is_some(), "{} lacks {}", row.type_name, f.name);
        }
        assert_eq!(NetworkSpec::from_json(&written).unwrap(), spec, "{}", row.type_name);
        // and the compact form of the link reads back to the same spec
        assert_eq!(parse_network(&format_network(&spec)).unwrap(), spec, "{}", format_network(&spec));
    }
}

#[test]
fn compact_syntax_comes_from_the_fields() {
    let row = |name| *LAYER_TYPES.iter().find(|t| t.type_name == name).unwrap();
    assert_eq!(syntax(row("conv2d")), "conv2d:FILTERS:kKERNEL[:sSTRIDE][:pPADDING][:nobias]");
    assert_eq!(syntax(row("dense")), "dense:UNITS[:nobias]");
    assert_eq!(syntax(row("maxpool")), "maxpool:SIZE[:sSTRIDE]");
    assert_eq!(syntax(row("leaky_relu")), "leaky_relu[:SLOPE]");
    assert_eq!(syntax(row("relu")), "relu");
    let spec =
        parse_network("3x9x9,conv2d:4:k3x1:s2:p1x0x1x0:nobias,avgpool:2:s1,leaky_relu:0.2,flatten,dense:5:nobias")
            .unwrap();
    assert_eq!(
        format_network(&spec),
        "3x9x9,conv2d:4:k3x1:s2:p1x0x1x0:nobias,avgpool:2:s1,leaky_relu:0.2,flatten,dense:5:nobias"
    );
    let defaults = parse_network("1x8x8,conv2d:2:k3:s1:p0,maxpool:2:s2,leaky_relu:0.01,flatten,dense:3").unwrap();
    assert_eq!(format_network(&defaults), "1x8x8,conv2d:2:k3,maxpool:2,leaky_relu,flatten,dense:3");
}

#[test]
fn ranges_in_words() {
    assert_eq!(Range::POSITIVE.describe(), "greater than 0");
    assert_eq!(Range::NON_NEGATIVE.describe(), "0 or more");
    assert_eq!(Range::UNIT.describe(), "from 0 up to (not including) 1");
    assert_eq!(Range::inclusive(-1e6, 1e6).describe(), "from -1000000 to 1000000");
    assert!(Range::UNIT.contains(0.0) && !Range::UNIT.contains(1.0) && !Range::POSITIVE.contains(0.0));
}

fn optimizer_error(spec: Value) -> String {
    OptimizerSpec::from_json(&spec).unwrap_err().to_string()
}

#[test]
fn a_number_must_stay_in_range_as_the_f32_it_becomes() {
    // 1e-60 is 0 as an f32, 0.9999999999 is 1: both outside their ranges once stored
    assert!(optimizer_error(json!({"type": "sgd", "lr": 1e-60}))
        .ends_with("lr must be greater than 0, like 0.01, not 1e-60"));
    assert!(optimizer_error(json!({"type": "adam", "lr": 0.1, "beta2": 0.9999999999}))
        .contains("beta2 must be from 0 up to (not including) 1"));
    let huge = optimizer_error(json!({"type": "sgd", "lr": 1e300}));
    assert_eq!(huge, "optimizer (sgd): lr 1e300 is too large: numbers here are at most 3.4028235e38");
    let message = NetworkSpec::from_json(&json!({"input": [1, 4, 4], "layers": [{"type": "leaky_relu", "slope": 2e6}, {"type": "flatten"}], "loss": "softmax_cross_entropy"})).unwrap_err().to_string();
    assert_eq!(message, "layer 0 (leaky_relu): slope must be from -1000000 to 1000000, not 2000000");
}

#[test]
fn every_optimizer_left_at_its_defaults_has_the_schemas_defaults() {
    for row in OPTIMIZERS {
        let spec = OptimizerSpec::from_json(&json!({"type": row.type_name, "lr": 0.5})).unwrap();
        assert!(std::ptr::eq(spec.rule.schema(), *row));
        let written = spec.to_json();
        for f in row.fields {
            let value = written[f.name].as_f64().unwrap_or_else(|| panic!("{} lacks {}", row.type_name, f.name));
            match f.default {
                Default::Number(d) => assert_eq!(value as f32, d as f32, "{} {}", row.type_name, f.name),
                Default::Required { .. } => assert_eq!(value, 0.5),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(written.as_object().unwrap().len(), row.fields.len() + 1, "type plus every field");
    }
}

#[test]
fn describe_gives_every_table_as_the_readme_documents_it() {
    let d = describe();
    assert_eq!(d["version"], 1);
    let types: Vec<&str> = d["layers"].as_array().unwrap().iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["conv2d", "dense", "maxpool", "avgpool", "relu", "sigmoid", "tanh", "leaky_relu", "flatten"]);
    let conv = &d["layers"][0];
    assert_eq!(conv["compact"], "conv2d:FILTERS:kKERNEL[:sSTRIDE][:pPADDING][:nobias]");
    assert_eq!(
        conv["fields"][0],
        json!({"name": "filters", "kind": "int", "doc": "how many kernels, so how many output channels",
               "required": true, "example": 8, "min": 1, "max": 100000, "minExclusive": false,
               "maxExclusive": false, "compact": {"main": true}})
    );
    assert_eq!(conv["fields"][3]["kind"], "padding");
    assert_eq!(conv["fields"][3]["default"], 0);
    assert_eq!(
        conv["fields"][4],
        json!({"name": "bias", "kind": "bool", "doc": "add a learned bias to each output channel", "required": false, "default": true, "compact": {"flag": "nobias"}})
    );
    assert_eq!(d["layers"][2]["fields"][1]["defaultFrom"], "size");
    assert_eq!(d["activations"], json!(["relu", "sigmoid", "tanh", "leaky_relu"]));
    assert_eq!(d["losses"][1]["name"], "sigmoid_binary_cross_entropy");
    let adam = &d["optimizers"][4];
    assert_eq!(adam["type"], "adam");
    let names: Vec<&str> = adam["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["lr", "beta1", "beta2", "eps", "weight_decay"]);
    assert_eq!(adam["fields"][0]["max"], Value::Null);
    assert_eq!(adam["fields"][0]["minExclusive"], true);
    assert_eq!(adam["fields"][1]["default"], 0.9);
    assert_eq!(adam["fields"][1]["maxExclusive"], true);
    assert_eq!(d["limits"]["maxBatch"], 4096);
    let batch = d["link"]["keys"].as_array().unwrap().iter().find(|k| k["name"] == "batch").unwrap();
    assert_eq!(
        (batch["default"].as_str(), batch["min"].as_u64(), batch["max"].as_u64()),
        (Some("32"), Some(1), Some(4096))
    );
    assert_eq!(d["link"]["defaultContenders"]["surface"], "sgd:0.001,momentum:0.001,adam:0.05");
}

/// A new contender of each type starts from that optimizer's usual learning rate, not another's.
#[test]
fn each_optimizer_has_its_own_usual_learning_rate() {
    let usual: Vec<(&str, f64)> = OPTIMIZERS
        .iter()
        .map(|o| match o.field("lr").map(|f| f.default) {
            Some(Default::Required { example }) => (o.type_name, example),
            other => panic!("{}: lr is {other:?}", o.type_name),
        })
        .collect();
    assert_eq!(usual, [("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("rmsprop", 0.001), ("adam", 0.001)]);
    let adam = optimizer_error(json!({"type": "adam", "lr": 0}));
    assert!(adam.ends_with("lr must be greater than 0, like 0.001, not 0"), "{adam}");
}
