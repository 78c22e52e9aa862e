//! Save, load, export and import through the JS API in headless Chromium (part of
//! `make test`, see wasm-pack.toml): a run saved and loaded continues bit for bit, for all five
//! optimizers, on a `Trainer` and on a `TrainingRun`; bad files throw `Error`s with messages;
//! the exports hold what they should. (PyTorch and onnxruntime check the exports in
//! tests/export_python.rs and tests/e2e/export.test.mjs.)
#![cfg(target_arch = "wasm32")]

mod common;

use cnn_playground::export::zip::entries;
use cnn_playground::rng::Rng;
use cnn_playground::wasm::{read_save, Dataset, Trainer, TrainingRun};
use common::js::{js, message};
use common::runs::{batch, mnist_bytes, EVERY_LAYER, OPTIMIZERS, REFERENCE};
use js_sys::{Float32Array, Uint32Array, Uint8Array};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn parse(text: &str) -> JsValue {
    js(&serde_json::from_str::<Value>(text).unwrap())
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

/// One step on a made-up batch of 4; the loss's bits.
fn step(t: &mut Trainer, rng: &mut Rng, spec: &cnn_playground::NetworkSpec) -> u32 {
    let (input, classes, values) = batch(spec, rng, 4);
    let labels: JsValue = match spec.loss() {
        cnn_playground::Loss::SoftmaxCrossEntropy => Uint32Array::from(&classes[..]).into(),
        cnn_playground::Loss::SigmoidBinaryCrossEntropy => Float32Array::from(&values[..]).into(),
    };
    t.step(Float32Array::from(&input[..]).into(), labels, 4.0).unwrap().to_bits()
}

fn weights(t: &Trainer) -> Vec<u32> {
    t.param_names().iter().flat_map(|n| t.get_param(n).unwrap()).map(f32::to_bits).collect()
}

#[wasm_bindgen_test]
fn a_trainer_saved_and_loaded_continues_bit_for_bit_with_every_optimizer() {
    for network in [REFERENCE, EVERY_LAYER] {
        let spec = common::runs::spec(network);
        for optimizer in OPTIMIZERS {
            let mut straight = Trainer::new(parse(network), parse(optimizer), 5).unwrap();
            let mut rng = Rng::new(1, 1);
            (0..4).for_each(|_| {
                step(&mut straight, &mut rng, &spec);
            });
            let options = js(&json!({"link": "#v=1&seed=5"}));
            let mut resumed = Trainer::load(bytes(&straight.save(options).unwrap())).unwrap();
            assert_eq!((resumed.steps(), resumed.seed(), resumed.link()), (4.0, 5.0, "#v=1&seed=5".to_string()));
            let mut other = rng.clone();
            let a: Vec<u32> = (0..5).map(|_| step(&mut straight, &mut rng, &spec)).collect();
            let b: Vec<u32> = (0..5).map(|_| step(&mut resumed, &mut other, &spec)).collect();
            assert_eq!(a, b, "{optimizer}: losses after loading");
            assert_eq!(weights(&straight), weights(&resumed), "{optimizer}: weights after 5 more steps");
        }
    }
}

#[wasm_bindgen_test]
fn a_training_run_saved_mid_epoch_continues_with_the_same_batches_and_losses() {
    let data = Dataset::from_mnist(&mnist_bytes(20), "all").unwrap();
    for optimizer in OPTIMIZERS {
        let mut straight = TrainingRun::new(parse(REFERENCE), parse(optimizer), 7, 6.0).unwrap();
        straight.train_steps(&data, 5).unwrap(); // 20 examples in 6, 6, 6, 2: into the second epoch
        let saved = straight.save(js(&json!({"link": "#v=1&view=train", "data": "mnist"}))).unwrap();
        let header = read_save(bytes(&saved)).unwrap();
        let header: Value = serde_wasm_bindgen::from_value(header).unwrap();
        assert_eq!(
            header["data"],
            json!({"name": "mnist", "examples": 20, "batch": 6, "epoch": 1, "position": 6, "imagesSeen": 26})
        );
        let mut resumed = TrainingRun::load(bytes(&saved)).unwrap();
        assert_eq!((resumed.steps(), resumed.batch(), resumed.seed(), resumed.epoch()), (5.0, 6, 7, 1));
        assert_eq!(resumed.link(), "#v=1&view=train");
        let a = straight.train_steps(&data, 7).unwrap();
        let b = resumed.train_steps(&data, 7).unwrap();
        assert_eq!(
            a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            "{optimizer}"
        );
        assert_eq!(straight.images_seen(), resumed.images_seen());
    }
    // Imported weights start the run again: step 0, first batch of epoch 0.
    let mut run = TrainingRun::new(parse(REFERENCE), parse(OPTIMIZERS[0]), 7, 6.0).unwrap();
    run.train_steps(&data, 5).unwrap();
    let zip = Trainer::new(parse(REFERENCE), parse(OPTIMIZERS[0]), 8).unwrap();
    let zip = zip.export_pytorch(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    let weights = &entries(&zip).unwrap().into_iter().find(|(n, _)| n.ends_with("model.safetensors")).unwrap().1;
    run.load_state_dict(bytes(weights)).unwrap();
    assert_eq!((run.steps(), run.images_seen(), run.epoch()), (0.0, 0.0, 0));
}

#[wasm_bindgen_test]
fn bad_files_throw_errors_that_say_what_is_wrong() {
    let mut t = Trainer::new(parse(REFERENCE), parse(OPTIMIZERS[4]), 1).unwrap();
    let good = t.save(JsValue::UNDEFINED).unwrap();
    let load = |b: &[u8]| message(Trainer::load(bytes(b)).err().expect("a bad file was loaded"));
    assert!(load(&good[..good.len() - 9]).contains("the save file is truncated"));
    let mut future = good.clone();
    future[4] = 9;
    assert!(load(&future).contains("format version 9, newer than this playground reads"));
    let zip = t.export_pytorch(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert!(load(&zip).starts_with("this is a zip file (a PyTorch export is one), not a saved run"));
    let mut flipped = good.clone();
    flipped[200] ^= 1;
    assert!(load(&flipped).contains("checksum does not match"));
    assert!(message(Trainer::load("CNNP".into()).err().unwrap())
        .contains("takes the file's bytes: a Uint8Array or an ArrayBuffer"));
    assert!(message(TrainingRun::load(bytes(&zip)).err().unwrap()).contains("not a saved run"));
    assert!(message(read_save(bytes(b"CNN")).err().unwrap()).contains("not a saved run"));
    assert!(message(t.save(JsValue::from(3)).err().unwrap()).contains("save options must be an object"));
    assert!(message(t.load_state_dict(bytes(&good)).err().unwrap())
        .contains("saved cnn-playground run (.cnnp), not a .safetensors"));
    // an ArrayBuffer works as well as a Uint8Array
    let buffer = Uint8Array::from(&good[..]).buffer();
    assert_eq!(Trainer::load(buffer.into()).unwrap().steps(), 0.0);
}

#[wasm_bindgen_test]
fn the_exports_hold_their_files_and_the_weights_import_back() {
    let mut t = Trainer::new(parse(EVERY_LAYER), parse(OPTIMIZERS[3]), 2).unwrap();
    let spec = common::runs::spec(EVERY_LAYER);
    let mut rng = Rng::new(3, 3);
    (0..3).for_each(|_| {
        step(&mut t, &mut rng, &spec);
    });
    let zip = t.export_pytorch(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    let files = entries(&zip).expect("a zip");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.strip_prefix("cnn-playground-pytorch/").unwrap()).collect();
    for file in [
        "model.py",
        "model.safetensors",
        "optimizer.safetensors",
        "optimizer.json",
        "resume.py",
        "verify.py",
        "verify.safetensors",
        "README.md",
        "run.json",
    ] {
        assert!(names.contains(&file), "{file} is missing from {names:?}");
    }
    let model_py = String::from_utf8(files.iter().find(|(n, _)| n.ends_with("model.py")).unwrap().1.clone()).unwrap();
    assert!(model_py.contains("Conv2dPadded(3, 4, kernel_size=(3, 2), stride=(2, 1), padding=(2, 1, 1, 0))"));
    assert!(
        model_py.contains("torch.optim.RMSprop(net.parameters(), lr=0.002, alpha=0.95, eps=1e-8, weight_decay=0.01)")
    );

    let weights_file = &files.iter().find(|(n, _)| n.ends_with("model.safetensors")).unwrap().1;
    let mut other = Trainer::new(parse(EVERY_LAYER), parse(OPTIMIZERS[0]), 99).unwrap();
    let mapping = other.load_state_dict(bytes(weights_file)).unwrap();
    assert_eq!(mapping.length(), 6);
    assert_eq!(weights(&other), weights(&t));

    let onnx = t.export_onnx().unwrap();
    assert_eq!(&onnx[..2], &[0x08, 7], "ONNX starts with ir_version 7");

    let mut wrong = Trainer::new(parse(REFERENCE), parse(OPTIMIZERS[0]), 1).unwrap();
    let m = message(wrong.load_state_dict(bytes(weights_file)).err().unwrap());
    assert!(m.contains("the file's tensors do not fit this network"), "{m}");
}
