//! The core in wasm, through the JS API (`cnn_playground::wasm`), in headless Chromium
//! (`wasm-pack test --headless --chrome`, part of `make test`):
//! - every PyTorch reference case passes, as natively;
//! - bad input throws an `Error` with the core's message, and the module keeps working;
//! - the same seed and batches replay bit for bit;
//! - the user's own images (`wasm/own_images.rs`): the fixture files decoded by the browser and
//!   preprocessed against Pillow, datasets, splits, training, evaluation and their bad input.
#![cfg(target_arch = "wasm32")]

mod common;
#[path = "wasm/own_images.rs"]
mod own_images;

use cnn_playground::wasm::{
    describe_network, describe_schema, mnist_info, Dataset, ParamOptimizer, Trainer, TrainingRun,
};
use common::js::{js, message};
use common::parity::{run_case, Engine, Labels};
use js_sys::{Float32Array, Uint32Array};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!(concat!(env!("OUT_DIR"), "/parity_cases.rs"));

fn f32s(values: &[f32]) -> JsValue {
    Float32Array::from(values).into()
}

fn labels(labels: &Labels) -> JsValue {
    match labels {
        Labels::Classes(c) => Uint32Array::from(&c[..]).into(),
        Labels::Values(v) => f32s(v),
    }
}

struct Wasm(Trainer);

impl Engine for Wasm {
    fn create(spec: &Value, optimizer: &Value, seed: u32) -> Result<Self, String> {
        Trainer::new(js(spec), js(optimizer), seed).map(Wasm).map_err(message)
    }
    fn set_param(&mut self, name: &str, values: &[f32]) -> Result<(), String> {
        self.0.set_param(name, f32s(values)).map_err(message)
    }
    fn get_param(&self, name: &str) -> Result<Vec<f32>, String> {
        self.0.get_param(name).map_err(message)
    }
    fn forward(&mut self, input: &[f32], batch: usize) -> Result<Vec<f32>, String> {
        self.0.forward(f32s(input), batch as f64).map_err(message)
    }
    fn backward(&mut self, input: &[f32], l: &Labels, batch: usize) -> Result<f32, String> {
        self.0.backward(f32s(input), labels(l), batch as f64).map_err(message)
    }
    fn logits(&self) -> Vec<f32> {
        self.0.logits()
    }
    fn get_grad(&self, name: &str) -> Result<Vec<f32>, String> {
        self.0.get_grad(name).map_err(message)
    }
    fn input_grad(&self) -> Vec<f32> {
        self.0.input_grad()
    }
    fn step(&mut self, input: &[f32], l: &Labels, batch: usize) -> Result<f32, String> {
        self.0.step(f32s(input), labels(l), batch as f64).map_err(message)
    }
    fn optimize(optimizer: &Value, start: &[f32], grads: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, String> {
        let mut opt = ParamOptimizer::new(js(optimizer), f32s(start)).map_err(message)?;
        grads.iter().map(|g| opt.step(f32s(g)).map_err(message)).collect()
    }
}

#[wasm_bindgen_test]
fn every_reference_case_passes_through_the_js_api() {
    let failures: Vec<String> = PARITY_CASES
        .iter()
        .filter_map(|(name, text)| run_case::<Wasm>(text).err().map(|why| format!("{name}: {why}")))
        .collect();
    let passed = PARITY_CASES.len() - failures.len();
    web_sys::console::log_1(
        &format!("parity (wasm): {passed}/{} cases passed from {PARITY_DIR}", PARITY_CASES.len()).into(),
    );
    assert!(!PARITY_CASES.is_empty(), "no reference cases were embedded from {PARITY_DIR}");
    assert!(failures.is_empty(), "{} reference cases failed in wasm:\n{}", failures.len(), failures.join("\n"));
}

fn small_spec() -> Value {
    json!({"input": [1, 4, 4], "layers": [{"type": "flatten"}, {"type": "dense", "units": 3}], "loss": "softmax_cross_entropy"})
}

fn sgd() -> JsValue {
    js(&json!({"type": "sgd", "lr": 0.1}))
}

#[wasm_bindgen_test]
fn bad_specs_throw_errors_with_the_cores_messages() {
    let bad = json!({"input": [1, 4, 4], "layers": [{"type": "conv2d", "filters": 2, "kernel": 5}, {"type": "flatten"}], "loss": "softmax_cross_entropy"});
    assert_eq!(
        message(Trainer::new(js(&bad), sgd(), 1).err().unwrap()),
        "layer 0 (conv2d): kernel 5 is larger than the padded input 4 x 4"
    );
    assert_eq!(
        message(describe_network(js(&bad)).err().unwrap()),
        "layer 0 (conv2d): kernel 5 is larger than the padded input 4 x 4"
    );
    assert!(message(Trainer::new("{\"input\": [1,".into(), sgd(), 1).err().unwrap()).contains("not valid JSON"));
    assert!(message(Trainer::new(JsValue::from(42), sgd(), 1).err().unwrap()).contains("must be an object"));
    let lr_zero = js(&json!({"type": "adam", "lr": 0}));
    assert!(message(Trainer::new(js(&small_spec()), lr_zero, 1).err().unwrap()).contains("lr must be greater than 0"));
    let nan_lr: JsValue = js_sys::JSON::parse(r#"{"type": "sgd"}"#).unwrap();
    js_sys::Reflect::set(&nan_lr, &"lr".into(), &f64::NAN.into()).unwrap();
    assert!(message(Trainer::new(js(&small_spec()), nan_lr, 1).err().unwrap()).contains("lr must be a number"));
}

#[wasm_bindgen_test]
fn bad_steps_throw_and_the_module_keeps_working() {
    let mut t = Trainer::new(js(&small_spec()), sgd(), 1).unwrap();
    let input = f32s(&[0.5; 32]);
    let good = || Uint32Array::from(&[0u32, 2][..]).into();
    assert_eq!(
        message(t.step(f32s(&[0.5; 31]), good(), 2.0).err().unwrap()),
        "input has 31 values, but a batch of 2 x 1 x 4 x 4 needs 2 x 16 = 32"
    );
    assert_eq!(
        message(t.step(input.clone(), Uint32Array::from(&[0u32, 7][..]).into(), 2.0).err().unwrap()),
        "label 1 is 7, but the network has 3 classes (0 to 2)"
    );
    assert!(message(t.step(input.clone(), js(&json!([0, 1.5])), 2.0).err().unwrap())
        .contains("label 1 is 1.5, not a class index"));
    assert!(message(t.step(input.clone(), JsValue::from("0,1"), 2.0).err().unwrap())
        .contains("labels must be a Uint32Array"));
    assert!(message(t.step(input.clone(), good(), 0.0).err().unwrap()).contains("batch must be a whole number"));
    assert!(message(t.step(input.clone(), good(), f64::NAN).err().unwrap()).contains("batch must be a whole number"));
    assert!(message(t.get_param("9.weight").err().unwrap()).contains("unknown parameter \"9.weight\""));
    assert!(message(t.set_param("1.bias", f32s(&[0.0; 4])).err().unwrap()).contains("takes 3 values, not 4"));
    assert!(message(t.layer_output(9).err().unwrap()).contains("layer 9 does not exist"));
    // After all of that, the same trainer still trains.
    let first = t.step(input.clone(), good(), 2.0).unwrap();
    let second = t.step(input, good(), 2.0).unwrap();
    assert!(first.is_finite() && second < first, "loss {first} then {second}");
    assert_eq!(t.steps(), 2.0);
}

#[wasm_bindgen_test]
fn the_same_seed_and_batches_replay_bit_for_bit() {
    let spec: Value = serde_json::from_str(include_str!("fixtures/reference_network.json")).unwrap();
    let run = |seed: u32| -> Vec<u32> {
        let mut t = Trainer::new(js(&spec), js(&json!({"type": "adam", "lr": 0.001})), seed).unwrap();
        let mut data = cnn_playground::rng::Rng::new(4, 4);
        let mut bits: Vec<u32> = (0..3)
            .map(|_| {
                let input: Vec<f32> = (0..2 * 784).map(|_| data.next_f32()).collect();
                let labels: Vec<u32> = (0..2).map(|_| data.below(10)).collect();
                t.step(f32s(&input), Uint32Array::from(&labels[..]).into(), 2.0).unwrap().to_bits()
            })
            .collect();
        bits.extend(t.get_param("7.weight").unwrap().into_iter().map(f32::to_bits));
        bits
    };
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}

#[wasm_bindgen_test]
fn the_schema_reaches_javascript_as_plain_objects() {
    let schema: Value = serde_wasm_bindgen::from_value(describe_schema()).unwrap();
    let native = cnn_playground::schema::describe();
    let types = |s: &Value| s["layers"].as_array().unwrap().iter().map(|l| l["type"].clone()).collect::<Vec<_>>();
    assert_eq!(types(&schema), types(&native));
    let conv = &schema["layers"][0];
    assert_eq!((conv["type"].as_str(), conv["fields"][1]["name"].as_str()), (Some("conv2d"), Some("kernel")));
    assert_eq!(conv["fields"][0]["max"].as_f64(), Some(100000.0));
    assert_eq!(schema["optimizers"][0]["fields"][0]["example"].as_f64(), Some(0.01));
    assert_eq!(schema["optimizers"][0]["fields"][0]["max"], Value::Null);
}

#[wasm_bindgen_test]
fn a_training_run_and_its_data_through_the_js_api() {
    let bytes = common::mnist::mnist_bytes(30, 3, 4);
    let info: Value = serde_wasm_bindgen::from_value(mnist_info(&bytes).unwrap()).unwrap();
    assert_eq!(info["count"].as_f64(), Some(30.0));
    assert_eq!((info["trainCount"].as_f64(), info["testCount"].as_f64()), (Some(30.0), Some(0.0)));
    assert!(message(mnist_info(&bytes[..100]).err().unwrap()).contains("truncated"));
    let all = Dataset::from_mnist(&bytes, "all").unwrap();
    let (train, test) = (all.slice(0, 20).unwrap(), all.slice(20, 30).unwrap());
    assert_eq!((train.images().len(), train.labels().to_vec()[..3].to_vec()), (20 * 12, vec![0, 1, 2]));
    assert!(message(all.slice(25, 40).err().unwrap()).contains("not within"));
    let spec = json!({"input": [1, 3, 4], "layers": [{"type": "flatten"}, {"type": "dense", "units": 10}], "loss": "softmax_cross_entropy"});
    let mut run = TrainingRun::new(js(&spec), js(&json!({"type": "adam", "lr": 0.01})), 1, 4.0).unwrap();
    assert_eq!(run.train_steps(&train, 3).unwrap().len(), 3);
    let state: Value = serde_wasm_bindgen::from_value(run.state()).unwrap();
    assert_eq!(
        (state["epoch"].as_f64(), state["position"].as_f64(), state["imagesSeen"].as_f64()),
        (Some(0.0), Some(12.0), Some(12.0))
    );
    assert_eq!((state["steps"].as_f64(), state["data"].as_str()), (Some(3.0), Some("mnist")));
    assert!((state["scaling"]["mean"].as_f64().unwrap() - 0.1307).abs() < 1e-6, "the digits' scaling");
    assert!(state["divergence"].is_null());
    let predictions = run.predictions(&test).unwrap();
    assert_eq!(predictions.length(), 10);
    let evaluation: Value = serde_wasm_bindgen::from_value(run.evaluate(&test).unwrap()).unwrap();
    let diagonal: u32 = predictions.confusion().to_vec().iter().step_by(11).sum();
    assert_eq!(evaluation["correct"].as_f64(), Some(f64::from(diagonal)), "predictions agree with evaluate");
}

#[wasm_bindgen_test]
fn the_tiled_products_equal_the_triple_loop_in_wasm_simd() {
    common::kernels::gemm_equals_the_triple_loop().unwrap();
}
