//! Importing a `.safetensors` state_dict: our export's names, a shared prefix, or an
//! nn.Sequential numbered differently; f32, f64, f16 and bf16 values. A wrong shape, a missing
//! or extra tensor, a bad value or a file of another kind is refused with a message naming the
//! tensor and the shapes, and the network keeps its weights. (PyTorch's own files are loaded
//! in tests/export_python.rs.)
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cnn_playground::export::load_state_dict;
use cnn_playground::export::pytorch::{pytorch_files, pytorch_zip, ImageFolder, SampleBatch};
use cnn_playground::export::zip::DosTime;
use cnn_playground::export::RunInfo;
use cnn_playground::Network;
use common::runs::{spec, trained, EVERY_LAYER, OPTIMIZERS, REFERENCE};
use safetensors::{Dtype, View};
use std::borrow::Cow;

/// A tensor to write in any dtype.
struct Raw(Dtype, Vec<usize>, Vec<u8>);

impl View for &Raw {
    fn dtype(&self) -> Dtype {
        self.0
    }
    fn shape(&self) -> &[usize] {
        &self.1
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.2)
    }
    fn data_len(&self) -> usize {
        self.2.len()
    }
}

fn f32s(shape: &[usize], values: &[f32]) -> Raw {
    Raw(Dtype::F32, shape.to_vec(), values.iter().flat_map(|v| v.to_le_bytes()).collect())
}

fn file(tensors: &[(String, Raw)]) -> Vec<u8> {
    safetensors::serialize(tensors.iter().map(|(n, t)| (n.as_str(), t)), None).unwrap()
}

/// The network's own parameters as tensors, each name changed by `rename`.
fn tensors_of(network: &Network, rename: impl Fn(&str) -> String) -> Vec<(String, Raw)> {
    network.param_slots().iter().map(|s| (rename(&s.name), f32s(&s.shape, s.range.of(network.params())))).collect()
}

fn fresh(json: &str) -> Network {
    Network::new(spec(json), 77)
}

#[test]
fn the_exports_weights_load_into_a_network_of_the_same_spec() {
    let trainer = trained(EVERY_LAYER, OPTIMIZERS[2], 5);
    let sample = SampleBatch::generated(trainer.network().spec(), 2, None);
    let files = pytorch_files(&trainer, &RunInfo::default(), &ImageFolder::default(), &sample).unwrap();
    let weights = &files.iter().find(|(n, _)| n == "model.safetensors").unwrap().1;
    let mut network = fresh(EVERY_LAYER);
    assert_ne!(network.params(), trainer.network().params());
    let mapping = load_state_dict(&mut network, weights).unwrap();
    assert_eq!(network.params(), trainer.network().params());
    assert!(mapping.iter().all(|m| m.name == m.source));
}

#[test]
fn a_shared_prefix_and_other_sequential_indices_are_matched() {
    let source = trained(REFERENCE, OPTIMIZERS[0], 2);
    for (rename, example) in [
        (Box::new(|n: &str| format!("module.{n}")) as Box<dyn Fn(&str) -> String>, "module.0.weight"),
        (Box::new(|n: &str| format!("net.layers.{n}")), "net.layers.0.weight"),
        // an nn.Sequential with a Dropout after each pooling layer: layers 0, 4 and 9
        (Box::new(|n: &str| n.replace("3.", "4.").replace("7.", "9.")), "0.weight"),
        // named modules, in the order they were made
        (Box::new(|n: &str| n.replace("0.", "conv1.").replace("3.", "conv2.").replace("7.", "fc.")), "conv1.weight"),
    ] {
        let mut network = fresh(REFERENCE);
        let mapping = load_state_dict(&mut network, &file(&tensors_of(source.network(), &*rename))).unwrap();
        assert_eq!(network.params(), source.network().params(), "{example}");
        assert_eq!(mapping[0].source, example);
        assert_eq!(mapping[0].name, "0.weight");
    }
}

#[test]
fn half_double_and_bfloat_values_are_read_as_f32() {
    let mut network = fresh("{\"input\": [1, 1, 2], \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 2}], \"loss\": \"softmax_cross_entropy\"}");
    let weight =
        Raw(Dtype::F16, vec![2, 2], [0x3C00u16, 0xC000, 0x3800, 0x0000].iter().flat_map(|v| v.to_le_bytes()).collect());
    let bias = Raw(Dtype::F64, vec![2], [0.25f64, -1.5].iter().flat_map(|v| v.to_le_bytes()).collect());
    load_state_dict(&mut network, &file(&[("0.weight".into(), weight), ("0.bias".into(), bias)])).unwrap();
    assert_eq!(network.params(), &[1.0, -2.0, 0.5, 0.0, 0.25, -1.5]);
    let bf16 = Raw(Dtype::BF16, vec![2], [0x3F80u16, 0xBF00].iter().flat_map(|v| v.to_le_bytes()).collect());
    let weight = f32s(&[2, 2], &[1.0; 4]);
    load_state_dict(&mut network, &file(&[("0.weight".into(), weight), ("0.bias".into(), bf16)])).unwrap();
    assert_eq!(&network.params()[4..], &[1.0, -0.5]);
}

fn refused(json: &str, bytes: &[u8]) -> String {
    let mut network = fresh(json);
    let before = network.params().to_vec();
    let message = load_state_dict(&mut network, bytes).expect_err("a bad file was loaded").to_string();
    assert_eq!(network.params(), &before[..], "a refused file changed the weights: {message}");
    message
}

#[test]
fn mismatches_name_the_tensor_the_expected_shape_and_the_found_one() {
    let other = fresh(&REFERENCE.replace("\"filters\": 16", "\"filters\": 12"));
    let message = refused(REFERENCE, &file(&tensors_of(&other, str::to_string)));
    assert_eq!(
        message,
        "tensor \"3.weight\": expected shape [16, 8, 5, 5], found [12, 8, 5, 5]; tensor \"3.bias\": expected shape [16], found [12]; tensor \"7.weight\": expected shape [10, 256], found [10, 192]"
    );

    let ours = fresh(REFERENCE);
    let mut missing = tensors_of(&ours, str::to_string);
    missing.remove(3);
    let message = refused(REFERENCE, &file(&missing));
    assert!(
        message.starts_with(
            "the file's tensors do not fit this network: the file has no tensor \"3.bias\" (expected shape [16])"
        ),
        "{message}"
    );
    assert!(
        message.contains("This network's parameters are 0.weight [8, 1, 5, 5], 0.bias [8], 3.weight [16, 8, 5, 5]"),
        "{message}"
    );

    let mut extra = tensors_of(&ours, str::to_string);
    extra.push(("1.running_mean".into(), f32s(&[8], &[0.0; 8])));
    let message = refused(REFERENCE, &file(&extra));
    assert!(message.contains("this network has no parameter \"1.running_mean\" [8]"), "{message}");

    // shapes that differ under other names: the name in the file is given too
    let renamed = tensors_of(&other, |n| format!("model.{n}"));
    let message = refused(REFERENCE, &file(&renamed));
    assert!(
        message.starts_with(
            "tensor \"3.weight\" (the file's \"model.3.weight\"): expected shape [16, 8, 5, 5], found [12, 8, 5, 5]"
        ),
        "{message}"
    );

    let mut nan = tensors_of(&ours, str::to_string);
    nan[1] = ("0.bias".into(), f32s(&[8], &[0.0, 1.0, f32::NAN, 0.0, 0.0, 0.0, 0.0, 0.0]));
    assert_eq!(refused(REFERENCE, &file(&nan)), "tensor \"0.bias\": value 2 is NaN, not a finite number");

    let labels = Raw(Dtype::I64, vec![8], vec![0; 64]);
    let mut ints = tensors_of(&ours, str::to_string);
    ints[1] = ("0.bias".into(), labels);
    let message = refused(REFERENCE, &file(&ints));
    assert!(
        message.contains("tensor \"0.bias\" in the file holds I64 values; weights must be floating point"),
        "{message}"
    );
}

#[test]
fn files_of_other_kinds_are_refused_with_what_they_are() {
    let trainer = trained(REFERENCE, OPTIMIZERS[0], 1);
    let sample = SampleBatch::generated(trainer.network().spec(), 2, None);
    let zip = pytorch_zip(&trainer, &RunInfo::default(), &ImageFolder::default(), &sample, DosTime::EPOCH).unwrap();
    assert_eq!(
        refused(REFERENCE, &zip),
        "this is a zip file (a PyTorch export is one), not a .safetensors state_dict: unzip it and choose its model.safetensors"
    );
    let save = cnn_playground::export::save_run(&trainer, &RunInfo::default());
    assert_eq!(refused(REFERENCE, &save), "this is a saved cnn-playground run (.cnnp), not a .safetensors state_dict");
    let message = refused(REFERENCE, b"0123456789abcdef");
    assert!(message.starts_with("the file is not a readable .safetensors file ("), "{message}");
    let message = refused(REFERENCE, &[]);
    assert!(message.starts_with("the file is not a readable .safetensors file ("), "{message}");
    let empty = file(&[]);
    let message = refused(REFERENCE, &empty);
    assert!(message.contains("the file has no tensor \"0.weight\""), "{message}");
}

#[test]
fn our_files_read_with_the_safetensors_crate_and_its_files_with_ours() {
    let trainer = trained(REFERENCE, OPTIMIZERS[4], 3);
    let sample = SampleBatch::generated(trainer.network().spec(), 2, None);
    let files = pytorch_files(&trainer, &RunInfo::default(), &ImageFolder::default(), &sample).unwrap();
    for name in ["model.safetensors", "optimizer.safetensors", "verify.safetensors"] {
        let bytes = &files.iter().find(|(n, _)| n == name).unwrap().1;
        let file = safetensors::SafeTensors::deserialize(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_, metadata) = safetensors::SafeTensors::read_metadata(bytes).unwrap();
        assert_eq!(metadata.metadata().as_ref().and_then(|m| m.get("format")).map(String::as_str), Some("pt"));
        if name == "model.safetensors" {
            for slot in trainer.network().param_slots() {
                let view = file.tensor(&slot.name).unwrap();
                assert_eq!((view.dtype(), view.shape()), (Dtype::F32, &slot.shape[..]));
                let values: Vec<f32> =
                    view.data().chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
                assert_eq!(values, slot.range.of(trainer.network().params()));
            }
        }
    }
    let labels =
        safetensors::SafeTensors::deserialize(&files.iter().find(|(n, _)| n == "verify.safetensors").unwrap().1)
            .unwrap();
    assert_eq!(labels.tensor("labels").unwrap().dtype(), Dtype::I64);
    assert_eq!(labels.tensor("loss").unwrap().shape(), &[] as &[usize]);
}
