//! A run on one's own images (named classes, non-square files in RGB, grey and with alpha)
//! exported and continued by `resume.py` with the real PyTorch and Pillow: it reads the folder
//! by the class names, prepares every file to the very bits the core prepared, trains an epoch,
//! and refuses a folder of another name with the names it expects.

use super::{clean, python, run, scratch, text, unpack};
use crate::common::pillow::base64;
use cnn_playground::data::Dataset;
use cnn_playground::export::pytorch::{pytorch_files, ImageFolder, SampleBatch};
use cnn_playground::export::RunInfo;
use cnn_playground::images::{ImageSet, Preprocessing};
use cnn_playground::{NetworkSpec, OptimizerSpec, TrainingRun};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// One file of the folder as `own_images.py` wrote it, with Pillow's decode (RGBA).
struct File {
    path: String,
    class: String,
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

fn files(dir: &Path) -> Vec<File> {
    let out = run(Command::new(python()).arg("tests/python/own_images.py").arg(dir));
    assert!(out.status.success(), "own_images.py: {}", text(&out.stderr));
    let decoded: Vec<Value> = serde_json::from_slice(&std::fs::read(dir.join("decoded.json")).unwrap()).unwrap();
    let field = |v: &Value, key: &str| v[key].as_str().unwrap().to_string();
    decoded
        .iter()
        .map(|v| File {
            path: field(v, "file"),
            class: field(v, "class"),
            width: v["width"].as_u64().unwrap() as usize,
            height: v["height"].as_u64().unwrap() as usize,
            rgba: base64(v["rgba"].as_str().unwrap()),
        })
        .collect()
}

/// The images as the data view adds them, trained 3 steps (batches of 4) as the Train view does,
/// and exported as its "Export PyTorch" does; returns the set and the training part.
fn export(files: &[File], options: Value, folder: &Path) -> (ImageSet, Dataset) {
    let mut set = ImageSet::new(Preprocessing::from_json(&options).unwrap());
    for f in files {
        set.add_rgba(&f.class, &f.rgba, f.width, f.height, &f.path).unwrap();
    }
    let train = set.split(5, 0.25).unwrap().train;
    let [c, h, w] = set.preprocessing().shape();
    let spec = json!({"input": [c, h, w], "layers": [
        {"type": "conv2d", "filters": 4, "kernel": 3, "padding": 1}, {"type": "relu"}, {"type": "maxpool", "size": 2},
        {"type": "flatten"}, {"type": "dense", "units": 3}], "loss": "softmax_cross_entropy"});
    let spec = NetworkSpec::from_json_str(&spec.to_string()).unwrap();
    let optimizer = OptimizerSpec::from_json_str(r#"{"type": "adam", "lr": 0.01}"#).unwrap();
    let mut training = TrainingRun::new(spec, optimizer, 9, 4).unwrap();
    training.set_data("own");
    training.train_steps(&train, 3).unwrap();
    let sample = SampleBatch::next_of(training.cursor(), &train, training.batch(), train.scaling());
    let info = RunInfo::of_run(&training, "#v=1&view=train&data=own");
    let exported = pytorch_files(training.trainer(), &info, &ImageFolder::of(&train), &sample).unwrap();
    unpack(folder.parent().unwrap(), folder.file_name().unwrap().to_str().unwrap(), exported);
    (set, train)
}

/// `resume.py --dump` of `data`: what it prepared for each file, as the core prepared it.
fn check_dump(folder: &Path, data: &str, set: &ImageSet, train: &Dataset) {
    let out = run(Command::new(python())
        .args(["resume.py", "--data", data, "--dump", "dump.safetensors"])
        .current_dir(folder));
    assert!(out.status.success(), "resume.py --dump: {}", text(&out.stderr));
    let bytes = std::fs::read(folder.join("dump.safetensors")).unwrap();
    let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    let order: Vec<String> =
        metadata.metadata().as_ref().unwrap()["files"].lines().map(|l| l.replace('\\', "/")).collect();
    let dump = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(order.len(), set.len(), "resume.py read {order:?}");

    // The core's bytes of each file, in resume.py's order, and its labels.
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for file in &order {
        let entry = set.entries().values().find(|e| &e.source == file).unwrap_or_else(|| panic!("{file} unknown"));
        pixels.extend_from_slice(&entry.pixels);
        labels.push(entry.class as u32);
    }
    let per = set.preprocessing().image_bytes();
    let prepared = dump.tensor("pixels").unwrap().data();
    for (i, file) in order.iter().enumerate() {
        let (theirs, ours) = (&prepared[i * per..(i + 1) * per], &pixels[i * per..(i + 1) * per]);
        let differ = theirs.iter().zip(ours).filter(|(a, b)| a != b).count();
        assert_eq!(differ, 0, "{file}: {differ} of {per} bytes resume.py prepared differ from the core's");
    }
    let theirs: Vec<u32> = dump
        .tensor("labels")
        .unwrap()
        .data()
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap()) as u32)
        .collect();
    assert_eq!(theirs, labels, "labels by class name, in the core's class order");

    // As the run feeds them to the network: gathered from bytes, then standardized.
    let shape = set.preprocessing().shape();
    let all = Dataset::from_bytes(pixels, labels, shape, set.classes().len()).unwrap().with_scaling(train.scaling());
    let (mut input, mut classes) = (Vec::new(), Vec::new());
    all.gather(&(0..all.len() as u32).collect::<Vec<_>>(), &mut input, &mut classes);
    train.scaling().unwrap().apply(&mut input);
    let ours: Vec<u8> = input.iter().flat_map(|v| v.to_le_bytes()).collect();
    let theirs = dump.tensor("input").unwrap();
    assert_eq!(theirs.shape(), [set.len(), shape[0], shape[1], shape[2]]);
    assert!(theirs.data() == &ours[..], "resume.py's input tensors are not the core's, bit for bit");
    println!("{data}: {} images of {shape:?}, {} values equal to the core's, bit for bit", set.len(), input.len());
}

#[test]
fn resume_py_reads_named_class_folders_and_prepares_images_as_the_page_did() {
    let dir = scratch("own-images");
    let files = files(&dir);
    let cases = [
        (
            json!({"size": [20, 16], "color": "rgb", "fit": "crop", "filter": "bilinear"}),
            r#"PREPROCESSING = {"size": [20, 16], "color": "rgb", "fit": "crop", "pad": 0, "filter": "bilinear"}"#,
        ),
        (
            json!({"size": [12, 18], "color": "gray", "fit": "pad", "pad": 128, "filter": "bicubic"}),
            r#"PREPROCESSING = {"size": [12, 18], "color": "gray", "fit": "pad", "pad": 128, "filter": "bicubic"}"#,
        ),
    ];
    for (n, (options, written)) in cases.into_iter().enumerate() {
        let folder = dir.join(format!("export{n}"));
        let (set, train) = export(&files, options, &folder);
        let model = std::fs::read_to_string(folder.join("model.py")).unwrap();
        assert!(model.contains("CLASSES = [\"cat\", \"dog\", \"猫 tabby\"]\n"), "{model}");
        assert!(model.contains(&format!("\n{written}\n")), "{written} in\n{model}");
        let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
        assert!(readme.contains("`cat`, `dog`, `猫 tabby`") && readme.contains("alpha over white"), "{readme}");

        check_dump(&folder, "../images", &set, &train);
        let out = run(Command::new(python()).arg("verify.py").current_dir(&folder));
        assert_eq!(text(&out.stdout), "verified\n", "{}", text(&out.stderr));
        let out = run(Command::new(python())
            .args(["resume.py", "--data", "../images", "--test", "../images", "--epochs", "1", "--batch", "4"])
            .current_dir(&folder));
        let said = text(&out.stdout);
        assert!(out.status.success(), "{said}{}", text(&out.stderr));
        assert!(said.contains("epoch 1 of 1: mean training loss") && said.contains("over 12 images"), "{said}");
        assert!(folder.join("checkpoint/model.safetensors").exists());
    }
    refuses_other_folder_names(&dir, &dir.join("export0"));
    clean(&dir);
}

/// A class folder of another name, and the classes one folder too deep, are refused with the
/// names expected (and, for the second, where they are).
fn refuses_other_folder_names(dir: &Path, folder: &Path) {
    let copy = |from: &str, to: &str| {
        std::fs::create_dir_all(dir.join(to).parent().unwrap()).unwrap();
        std::fs::copy(dir.join("images").join(from), dir.join(to)).unwrap();
    };
    copy("cat/0.png", "wrong/cat/0.png");
    copy("dog/0.png", "wrong/bird/0.png");
    copy("cat/0.png", "nested/own-images/cat/0.png");
    let resume = |data: &str| run(Command::new(python()).args(["resume.py", "--data", data]).current_dir(folder));
    let out = resume("../wrong");
    let said = text(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("../wrong: the folder 'bird' is not a class of this network")
            && said.contains("one of: 'cat', 'dog', '猫 tabby'"),
        "{said}"
    );
    let out = resume("../nested");
    let said = text(&out.stderr);
    assert!(!out.status.success() && said.contains("give --data ../nested/own-images"), "{said}");
}

#[test]
fn an_export_refuses_class_names_that_cannot_be_its_folders() {
    let trainer = crate::common::runs::trained(crate::common::runs::REFERENCE, crate::common::runs::OPTIMIZERS[0], 1);
    let sample = SampleBatch::generated(trainer.network().spec(), 2, None);
    let names =
        |n: &[&str]| ImageFolder { classes: Some(n.iter().map(|s| s.to_string()).collect()), preprocessing: None };
    let ten: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
    let mut twice: Vec<&str> = ten.iter().map(String::as_str).collect();
    twice[9] = "c0";
    let mut slash = twice.clone();
    slash[9] = "a/b";
    let eleven: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let gray = Preprocessing::from_json(&json!({"size": [28, 20]})).unwrap();
    for (folder, message) in [
        (names(&twice), "two classes are named \"c0\""),
        (names(&slash), "the class name \"a/b\" cannot be a folder's name"),
        (names(&eleven), "the data has 11 classes, but the network has 10 outputs"),
        (
            ImageFolder { classes: None, preprocessing: Some(gray) },
            "the images are prepared as 1 x 28 x 20, but the network reads 1 x 28 x 28",
        ),
    ] {
        let err = pytorch_files(&trainer, &RunInfo::default(), &folder, &sample).unwrap_err().to_string();
        assert!(err.contains(message), "{err}");
    }
}
