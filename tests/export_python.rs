//! The exports against the real PyTorch, onnx and onnxruntime of the project's Python
//! environment ($CNN_PLAYGROUND_VENV, default ~/.cache/cnn-playground/venv, installed by
//! `scripts/ensure-tools.sh python`, which `make test` runs first). A missing environment fails
//! these tests; nothing is skipped.
//!
//! - every layer type and both losses, times all five optimizers: the PyTorch export unpacks
//!   with Python's zipfile and its `verify.py` prints "verified"; the ONNX export passes
//!   onnx.checker and onnxruntime gives our logits;
//! - `python verify.py` as a user runs it: exit 0 and "verified"; on a tampered export, exit 1
//!   and the name of what differs;
//! - `resume.py` trains on a folder of PNG digits (class folders 0 to 9) and writes files that
//!   load back (resume.py again, and our import); on one's own images (`own_images`) it reads
//!   the class folders by name and prepares every file to the core's bits;
//! - a `state_dict` that PyTorch saved from `model.py`'s `Net` (also under a prefix) loads with
//!   our import and gives PyTorch's logits.
#![cfg(not(target_arch = "wasm32"))]

mod common;
#[path = "export_python/own_images.rs"]
mod own_images;

use cnn_playground::data::MNIST_SCALING;
use cnn_playground::export::onnx::onnx_model;
use cnn_playground::export::pytorch::{pytorch_files, pytorch_zip, ImageFolder, SampleBatch, FOLDER};
use cnn_playground::export::zip::DosTime;
use cnn_playground::export::{load_state_dict, DataPosition, RunInfo};
use cnn_playground::Trainer;
use common::runs::{trained, EVERY_LAYER, OPTIMIZERS, REFERENCE};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The Python of the project's environment, or a failed test that says how to install it.
fn python() -> PathBuf {
    let venv = std::env::var_os("CNN_PLAYGROUND_VENV").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/cnn-playground/venv")
    });
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/ensure-tools.sh python (make test does) to install PyTorch, onnx and onnxruntime",
        python.display()
    );
    python
}

/// A fresh folder under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnn-playground-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Removes a scratch folder, unless CNN_PLAYGROUND_KEEP is set (to look at the exports).
fn clean(dir: &Path) {
    if std::env::var_os("CNN_PLAYGROUND_KEEP").is_none() {
        std::fs::remove_dir_all(dir).ok();
    } else {
        println!("kept {}", dir.display());
    }
}

fn run(command: &mut Command) -> Output {
    command.output().expect("python starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn digits_info(trainer: &Trainer) -> RunInfo {
    let steps = trainer.optimizer().steps();
    RunInfo {
        seed: 3,
        scaling: Some(MNIST_SCALING),
        data: Some(DataPosition {
            name: "mnist".into(),
            examples: 8000,
            batch: 6,
            epoch: 0,
            position: steps as usize * 6,
            images_seen: steps * 6,
        }),
        divergence: None,
        link: "#v=1&view=train".into(),
    }
}

/// Writes NAME.zip and NAME.onnx for every network and optimizer; returns the names.
fn write_exports(dir: &Path) -> Vec<(String, Trainer)> {
    let mut out = Vec::new();
    for (net_name, network) in [("reference", REFERENCE), ("every_layer", EVERY_LAYER)] {
        for optimizer in OPTIMIZERS {
            let trainer = trained(network, optimizer, 12);
            let name = format!("{net_name}_{}", trainer.optimizer().spec().type_name());
            let info = if net_name == "reference" { digits_info(&trainer) } else { RunInfo::default() };
            let sample = SampleBatch::generated(trainer.network().spec(), 8, info.scaling);
            let zip = pytorch_zip(&trainer, &info, &ImageFolder::default(), &sample, DosTime::EPOCH).unwrap();
            std::fs::write(dir.join(format!("{name}.zip")), zip).unwrap();
            let onnx = onnx_model(trainer.network(), &info, trainer.optimizer().steps()).unwrap();
            std::fs::write(dir.join(format!("{name}.onnx")), onnx).unwrap();
            out.push((name, trainer));
        }
    }
    out
}

#[test]
fn pytorch_and_onnxruntime_agree_with_every_export() {
    let dir = scratch("exports");
    let exports = write_exports(&dir);
    let names: Vec<&str> = exports.iter().map(|(n, _)| n.as_str()).collect();
    let output = run(Command::new(python()).arg("tests/python/check_exports.py").arg(&dir).args(&names));
    assert!(output.status.success(), "check_exports.py failed:\n{}", text(&output.stderr));
    let reports: Vec<Value> =
        text(&output.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    for (name, trainer) in &exports {
        for check in ["zip", "verify", "onnx", "torch-init"] {
            let report = reports
                .iter()
                .find(|r| r["name"] == name.as_str() && r["check"] == check)
                .unwrap_or_else(|| panic!("no {check} report for {name}:\n{}", text(&output.stderr)));
            assert_eq!(report["ok"], true, "{name} {check}: {}", report["message"]);
            println!("{name} {check}: ok {}", report["message"].as_str().unwrap_or(""));
        }
        let onnx = reports.iter().find(|r| r["name"] == name.as_str() && r["check"] == "onnx").unwrap();
        assert!(onnx["opset"].as_u64().unwrap() >= 13);
        check_import_of_torch_weights(&dir.join(name).join(FOLDER), trainer);
    }
    clean(&dir);
}

/// The f32 values of tensor `name` of a .safetensors file.
fn tensor(path: &Path, name: &str) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let data = file.tensor(name).unwrap().data().to_vec();
    data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

/// A `Net()` that PyTorch initialized and saved (by our names and under "model.") loads into
/// our network, which then computes PyTorch's logits.
fn check_import_of_torch_weights(folder: &Path, trainer: &Trainer) {
    let input = tensor(&folder.join("verify.safetensors"), "input");
    let want = tensor(&folder.join("torch_logits.safetensors"), "logits");
    for file in ["torch_init.safetensors", "torch_prefixed.safetensors"] {
        let mut network = trainer.network().clone();
        let bytes = std::fs::read(folder.join(file)).unwrap();
        let mapping = load_state_dict(&mut network, &bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(mapping.len(), network.param_slots().len());
        let batch = input.len() / network.spec().input().size();
        network.forward(&input, batch).unwrap();
        for (i, (&got, &want)) in network.logits().iter().zip(&want).enumerate() {
            assert!((got - want).abs() <= 1e-4 + 1e-3 * want.abs(), "{file}: logit {i} is {got}, PyTorch's {want}");
        }
        assert_ne!(network.params(), trainer.network().params(), "{file} should have replaced the weights");
    }
}

/// The export's files written into `dir/name/` (the big test unpacks the zips with Python's
/// zipfile; here the files may be tampered with first).
fn unpack(dir: &Path, name: &str, files: Vec<(String, Vec<u8>)>) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    for (file, bytes) in &files {
        std::fs::write(folder.join(file), bytes).unwrap();
    }
    folder
}

fn verify_py(folder: &Path) -> Output {
    run(Command::new(python()).arg("verify.py").current_dir(folder))
}

#[test]
fn verify_py_exits_0_on_an_export_and_1_naming_what_differs_on_a_tampered_one() {
    let dir = scratch("verify");
    let trainer = trained(REFERENCE, OPTIMIZERS[4], 12);
    let info = digits_info(&trainer);
    let sample = SampleBatch::generated(trainer.network().spec(), 8, info.scaling);
    let files = pytorch_files(&trainer, &info, &ImageFolder::default(), &sample).unwrap();

    let out = verify_py(&unpack(&dir, "good", files.clone()));
    assert_eq!((out.status.code(), text(&out.stdout).as_str()), (Some(0), "verified\n"), "{}", text(&out.stderr));

    // One weight changed in model.safetensors: the logits no longer match.
    let mut tampered = files.clone();
    let weights = &mut tampered.iter_mut().find(|(n, _)| n == "model.safetensors").unwrap().1;
    let last = weights.len() - 4;
    weights[last..].copy_from_slice(&5.0f32.to_le_bytes());
    let out = verify_py(&unpack(&dir, "weights", tampered));
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.starts_with("mismatch: logits[") && said.contains("cnn-playground"), "{said}");

    // Another learning rate in the optimizer's param_groups: the step no longer matches.
    let mut tampered = files.clone();
    let groups = &mut tampered.iter_mut().find(|(n, _)| n == "optimizer.json").unwrap().1;
    *groups = text(groups).replace("\"lr\": 0.003", "\"lr\": 0.0031").into_bytes();
    assert!(text(groups).contains("\"lr\": 0.0031"), "{}", text(groups));
    let out = verify_py(&unpack(&dir, "lr", tampered));
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.starts_with("mismatch: 0.weight after one step"), "{said}");

    // Adam's step count one short: bias correction differs, and so does the state.
    let mut short = trainer.clone();
    let opt = short.optimizer().clone();
    let restored = cnn_playground::Optimizer::from_state(
        *opt.spec(),
        short.network().params().len(),
        opt.steps() - 1,
        opt.first_state().to_vec(),
        opt.second_state().to_vec(),
    )
    .unwrap();
    short = Trainer::from_parts(short.network().clone(), restored).unwrap();
    let mut tampered = pytorch_files(&short, &info, &ImageFolder::default(), &sample).unwrap();
    let original = files.iter().find(|(n, _)| n == "optimizer.safetensors").unwrap().1.clone();
    tampered.iter_mut().find(|(n, _)| n == "optimizer.safetensors").unwrap().1 = original;
    let out = verify_py(&unpack(&dir, "steps", tampered));
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("after one step"), "{said}");
    clean(&dir);
}

#[test]
fn resume_py_trains_on_an_image_folder_and_its_files_load_back() {
    let dir = scratch("resume");
    let trainer = trained(REFERENCE, OPTIMIZERS[4], 12);
    let info = digits_info(&trainer);
    let sample = SampleBatch::generated(trainer.network().spec(), 8, info.scaling);
    // As the page exports a run on the digits: classes "0" to "9", no preprocessing of files.
    let digits = ImageFolder { classes: Some((0..10).map(|c| c.to_string()).collect()), preprocessing: None };
    let folder = unpack(&dir, "export", pytorch_files(&trainer, &info, &digits, &sample).unwrap());
    let model = std::fs::read_to_string(folder.join("model.py")).unwrap();
    assert!(model.contains("CLASSES = [\"0\", \"1\", \"2\"") && model.contains("PREPROCESSING = None\n"), "{model}");
    // 20 PNG digits-to-be, two per class, gray 28 x 28, plus one 32 x 32 RGB image to resize.
    let script = "import os, sys\nfrom PIL import Image\nimport random\nrandom.seed(1)\n\
        for c in range(10):\n    os.makedirs(f'digits/{c}', exist_ok=True)\n\
        \x20   for k in range(2):\n        Image.frombytes('L', (28, 28), bytes(random.randrange(256) for _ in range(784))).save(f'digits/{c}/{k}.png')\n\
        Image.new('RGB', (32, 32), (200, 10, 10)).save('digits/3/big.png')\n";
    let out = run(Command::new(python()).args(["-c", script]).current_dir(&folder));
    assert!(out.status.success(), "{}", text(&out.stderr));

    let resume = |from: &str, out_dir: &str| {
        run(Command::new(python())
            .args([
                "resume.py",
                "--data",
                "digits",
                "--test",
                "digits",
                "--epochs",
                "2",
                "--batch",
                "4",
                "--from",
                from,
                "--out",
                out_dir,
            ])
            .current_dir(&folder))
    };
    let out = resume(".", "checkpoint");
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    assert!(said.contains("epoch 2 of 2: mean training loss") && said.contains("over 21 images"), "{said}");
    assert!(said.contains("test accuracy"), "{said}");
    let out = resume("checkpoint", "checkpoint2");
    assert!(out.status.success(), "again from checkpoint/: {}", text(&out.stderr));

    // Adam's step count went on from ours: 12 + 2 epochs x 6 batches, then 6 x 2 more.
    let groups: Value =
        serde_json::from_slice(&std::fs::read(folder.join("checkpoint2/optimizer.json")).unwrap()).unwrap();
    assert_eq!(groups["state"]["0"], serde_json::json!(["step", "exp_avg", "exp_avg_sq"]));
    let state = std::fs::read(folder.join("checkpoint2/optimizer.safetensors")).unwrap();
    let state = safetensors::SafeTensors::deserialize(&state).unwrap();
    let step = state.tensor("state.0.step").unwrap();
    assert_eq!(f32::from_le_bytes(step.data().try_into().unwrap()), 36.0);

    let mut network = trainer.network().clone();
    load_state_dict(&mut network, &std::fs::read(folder.join("checkpoint2/model.safetensors")).unwrap()).unwrap();
    assert_ne!(network.params(), trainer.network().params());

    let out = run(Command::new(python()).args(["resume.py", "--data", "nowhere"]).current_dir(&folder));
    assert!(!out.status.success() && text(&out.stderr).contains("nowhere is not a folder"), "{}", text(&out.stderr));
    std::fs::create_dir_all(folder.join("digits/10")).unwrap();
    std::fs::copy(folder.join("digits/3/big.png"), folder.join("digits/10/big.png")).unwrap();
    let out = run(Command::new(python()).args(["resume.py", "--data", "digits"]).current_dir(&folder));
    let said = text(&out.stderr);
    assert!(
        !out.status.success() && said.contains("the folder '10' is not a class") && said.contains("'0', '1', '2'"),
        "{said}"
    );
    clean(&dir);
}
