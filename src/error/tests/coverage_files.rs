//! The bad files and settings of the user's own images and of the run's files (save files,
//! `.safetensors` weights, zips), each refused with a code: what [`super::coverage`] reads.

use super::super::Error;
use crate::export::binary::crc32;
use crate::export::pytorch::{pytorch_files, ImageFolder, SampleBatch};
use crate::export::zip::{DosTime, ZipParts, MAX_ZIP_BYTES};
use crate::export::{load_run, load_state_dict, onnx::onnx_model, save_run, RunInfo};
use crate::images::{read_header, ImageSet, Preprocessing};
use crate::network::Network;
use crate::optim::OptimizerSpec;
use crate::spec::NetworkSpec;
use crate::trainer::Trainer;
use serde_json::{json, Value};
use std::fmt::Debug;

fn refused<T: Debug>(result: crate::Result<T>) -> Error {
    result.expect_err("a bad input is refused")
}

/// The first bytes of a PNG of `width x height` (through its IHDR).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b
}

fn header_errors() -> Vec<Error> {
    let header = |bytes: &[u8]| refused(read_header(bytes, "cat.png"));
    vec![
        header(b""),
        header(b"hello, world"),
        header(&png(10, 10)[..18]),
        header(&[0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]),
        header(&png(0, 10)),
        header(&png(20_000, 20_000)),
    ]
}

fn preprocessing_errors() -> Vec<Error> {
    let options = |v: Value| refused(Preprocessing::from_json(&v));
    vec![
        options(json!(28)),
        options(json!({"pad": 300})),
        options(json!({"filter": "nearest"})),
        options(json!({"colour": "gray"})),
        options(json!({"size": 2})),
        options(json!({"size": [28, 28, 3]})),
        options(json!({"color": "blue"})),
        refused(Preprocessing::default().apply(&[0; 12], 2, 2)),
    ]
}

/// A set of 4 x 4 grey images with `counts[i]` images in class `names[i]`.
fn set_of(classes: &[(&str, usize)]) -> ImageSet {
    let mut set = ImageSet::new(Preprocessing::from_json(&json!({"size": 4})).unwrap());
    for &(name, count) in classes {
        set.add_class(name).unwrap();
        for i in 0..count {
            set.add_preprocessed(name, &[i as u8; 16], &format!("{name}{i}.png")).unwrap();
        }
    }
    set
}

fn set_errors() -> Vec<Error> {
    let mut set = set_of(&[("cat", 2)]);
    let mut full = set_of(&[]);
    (0..100).for_each(|i| _ = full.add_class(&format!("class {i:03}")).unwrap());
    let large = ImageSet::new(Preprocessing::from_json(&json!({"size": 128, "color": "rgb"})).unwrap());
    let mut out = vec![
        refused(set.entry(99)),
        refused(set.add_preprocessed("cat", &[0; 15], "small.png")),
        refused(set.check_room(30_000)),
        refused(large.check_room(2_000)),
        refused(set.add_class("cat")),
        refused(full.add_class("one more")),
        refused(set.remove_class("dog")),
        refused(set.add_class("  ")),
        refused(set.add_class(&"x".repeat(70))),
        refused(set.add_class("a\tb")),
        refused(set.add_class("cats/dogs")),
        refused(set.add_class(".hidden")),
        refused(set_of(&[]).check_trainable()),
        refused(set_of(&[("cat", 1)]).check_trainable()),
        refused(set_of(&[("cat", 2)]).check_trainable()),
        refused(set_of(&[("cat", 2), ("dog", 0)]).check_trainable()),
        refused(set_of(&[("cat", 2), ("dog", 2)]).split(1, 0.9)),
    ];
    out.extend(set_of(&[("cat", 30), ("dog", 3), ("fox", 1)]).warnings().into_iter().map(|w| w.error));
    out
}

/// A network of `layers` on 1 x 2 x 2 images.
fn network(layers: Value) -> Network {
    let spec = json!({"input": [1, 2, 2], "layers": layers, "loss": "softmax_cross_entropy"});
    Network::new(NetworkSpec::from_json(&spec).unwrap(), 1)
}

fn dense() -> Network {
    network(json!([{"type": "flatten"}, {"type": "dense", "units": 2}]))
}

/// A save file framed around `header` and `data`, with a right checksum.
fn frame(header: &[u8], data: &[u8]) -> Vec<u8> {
    framed(header, header.len(), data)
}

/// A save file whose frame says its header is `header_len` bytes long.
fn framed(header: &[u8], header_len: usize, data: &[u8]) -> Vec<u8> {
    let total = 16 + header.len() + data.len() + 4;
    let mut out = b"CNNP".to_vec();
    for n in [1, total, header_len] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    out.extend_from_slice(header);
    out.extend_from_slice(data);
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn save_errors() -> Vec<Error> {
    let adam = OptimizerSpec::from_json(&json!({"type": "adam", "lr": 0.001})).unwrap();
    let info = RunInfo { data: None, ..RunInfo::default() };
    let save = save_run(&Trainer::from_network(dense(), adam), &info);
    let header_len = u32::from_le_bytes(save[12..16].try_into().unwrap()) as usize;
    let header: Value = serde_json::from_slice(&save[16..16 + header_len]).unwrap();
    let data = &save[16 + header_len..save.len() - 4];
    let load = |bytes: &[u8]| refused(load_run(bytes));
    let changed = |key: &str, value: Value| {
        let mut h = header.clone();
        h[key] = value;
        load(&frame(h.to_string().as_bytes(), data))
    };
    let with_version = |version: u32| {
        let mut bytes = save.clone();
        bytes[4..8].copy_from_slice(&version.to_le_bytes());
        load(&bytes)
    };
    let mut flipped = save.clone();
    flipped[20] ^= 1;
    let tensors = &header["tensors"];
    let (weights, first) = (tensors["weights"].as_u64().unwrap(), tensors["first"].as_u64().unwrap());
    let position =
        json!({"name": "mnist", "examples": 10, "batch": 2, "epoch": 1u64 << 40, "position": 0, "imagesSeen": 0});
    vec![
        load(b""),
        load(b"hello"),
        load(b"PK\x03\x04 a zip"),
        load(&png(1, 1)),
        load(b"# a text file"),
        load(&[0x08, 0x07, 0x12]),
        load(b"\x10\0\0\0\0\0\0\0{\"a\": 1}"),
        load(b"CNNP\x01\0\0\0"),
        with_version(7),
        with_version(0),
        load(&save[..save.len() - 9]),
        load(&[save.as_slice(), b"more"].concat()),
        load(&flipped),
        load(&framed(b"{}", 99, &[])),
        load(&frame(&[0xff, 0xfe], &[])),
        load(&frame(b"{", &[])),
        load(&frame(b"{}", &[])),
        changed("network", json!({"input": [1, 2, 2], "layers": []})),
        changed("optimizer", json!({"type": "adma", "lr": 0.1})),
        changed("tensors", json!({"weights": weights + 1, "first": first, "second": first})),
        changed("tensors", json!({"weights": weights + first, "first": 0, "second": first})),
        changed("seed", json!("one")),
        changed("inputScaling", json!({"mean": "a", "std": 1})),
        changed("data", position),
        changed("link", json!(3)),
    ]
}

/// A `.safetensors` file of a header and data, as PyTorch writes one.
fn safetensors(header: &Value, data: &[u8]) -> Vec<u8> {
    let text = header.to_string();
    [&(text.len() as u64).to_le_bytes()[..], text.as_bytes(), data].concat()
}

fn import_errors() -> Vec<Error> {
    let import = |bytes: &[u8]| refused(load_state_dict(&mut dense(), bytes));
    let f32s = |n: usize, v: f32| -> Vec<u8> { (0..n).flat_map(|_| v.to_le_bytes()).collect() };
    let tensor =
        |shape: Value, begin: usize, end: usize| json!({"dtype": "F32", "shape": shape, "data_offsets": [begin, end]});
    let ones = [f32s(8, 1.0), f32s(2, f32::NAN)].concat();
    let mut out = vec![
        import(b"PK\x03\x04 a zip"),
        import(b"CNNP"),
        import(&[1, 2, 3, 4]),
        import(&[200, 0, 0, 0, 0, 0, 0, 0, b'{']),
        import(&[1, 0, 0, 0, 0, 0, 0, 0, 0xff]),
        import(b"\x01\0\0\0\0\0\0\0{"),
        import(b"\x03\0\0\0\0\0\0\0[1]"),
        import(&safetensors(&json!({"x": {}}), &[])),
        import(&safetensors(&json!({"x": {"dtype": "F32"}}), &[])),
        import(&safetensors(&json!({"x": {"dtype": "F32", "shape": ["a"]}}), &[])),
        import(&safetensors(&json!({"x": {"dtype": "F32", "shape": [2], "data_offsets": [0]}}), &[])),
        import(&safetensors(&json!({"x": tensor(json!([2]), 0, 4)}), &[0; 4])),
        import(&safetensors(&json!({"x": tensor(json!([2]), 0, 8)}), &[0; 4])),
        import(&safetensors(&json!({"x": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}}), &[0; 8])),
        import(&safetensors(
            &json!({"1.weight": tensor(json!([4, 2]), 0, 32), "1.bias": tensor(json!([2]), 32, 40)}),
            &ones,
        )),
        import(&safetensors(
            &json!({"fc.weight": tensor(json!([2, 4]), 0, 32), "fc.bias": tensor(json!([2]), 32, 40)}),
            &ones,
        )),
        import(&safetensors(&json!({"a": tensor(json!([2]), 0, 8)}), &ones[..8])),
    ];
    let weights = safetensors(&json!({"a": tensor(json!([2]), 0, 8)}), &ones[..8]);
    out.push(refused(load_state_dict(&mut network(json!([{"type": "flatten"}])), &weights)));
    let bare = Trainer::from_network(
        network(json!([{"type": "flatten"}])),
        OptimizerSpec::from_json(&json!({"type": "sgd", "lr": 0.1})).unwrap(),
    );
    let sample = SampleBatch::generated(bare.network().spec(), 2, None);
    out.push(refused(pytorch_files(&bare, &RunInfo::default(), &ImageFolder::default(), &sample)));
    // class names or a preprocessing resume.py could not read the user's folder by
    let trained = Trainer::from_network(dense(), OptimizerSpec::from_json(&json!({"type": "sgd", "lr": 0.1})).unwrap());
    let sample = SampleBatch::generated(trained.network().spec(), 2, None);
    let named = |names: &[&str]| ImageFolder {
        classes: Some(names.iter().map(|n| n.to_string()).collect()),
        preprocessing: None,
    };
    let preprocessing = Some(Preprocessing { width: 32, height: 32, ..Preprocessing::default() });
    for folder in [
        named(&["a", "b", "c"]),
        named(&["a", "a"]),
        named(&["a", "x/y"]),
        ImageFolder { classes: None, preprocessing },
    ] {
        out.push(refused(pytorch_files(&trained, &RunInfo::default(), &folder, &sample)));
    }
    let mut diverged = dense();
    diverged.params_mut()[0] = f32::NAN;
    out.push(refused(onnx_model(&diverged, &RunInfo::default(), 0)));
    out.push(refused(ZipParts::new(DosTime::EPOCH).add("", b"x")));
    out.push(refused(ZipParts::filled(u16::MAX, 0).add("a/b.png", b"x")));
    out.push(refused(ZipParts::filled(3, MAX_ZIP_BYTES - 100).add("a/b.png", &[0; 40])));
    out
}

/// Every refusal of the user's images and of the run's files above.
pub fn file_errors() -> Vec<Error> {
    [header_errors(), preprocessing_errors(), set_errors(), save_errors(), import_errors()].concat()
}
