//! The user's own dataset: classes, adding and removing images, the limits, the seeded
//! stratified split, its warnings and refusals. Every refusal is checked for its message.

use cnn_playground::images::set::{MAX_IMAGES, MAX_SET_BYTES};
use cnn_playground::images::{read_header, ImageSet, Preprocessing};
use serde_json::json;

fn set(options: serde_json::Value) -> ImageSet {
    ImageSet::new(Preprocessing::from_json(&options).unwrap())
}

/// A `w x h` RGBA image of one colour.
fn flat(w: usize, h: usize, rgb: [u8; 3]) -> Vec<u8> {
    (0..w * h).flat_map(|_| [rgb[0], rgb[1], rgb[2], 255]).collect()
}

fn add(set: &mut ImageSet, class: &str, n: usize) -> Vec<u32> {
    (0..n)
        .map(|i| set.add_rgba(class, &flat(6, 4, [i as u8, 100, 200]), 6, 4, &format!("{class}/{i:03}.png")).unwrap())
        .collect()
}

fn says(result: Result<impl std::fmt::Debug, cnn_playground::Error>, parts: &[&str]) {
    let message = result.unwrap_err().to_string();
    for part in parts {
        assert!(message.contains(part), "{message:?} does not say {part:?}");
    }
}

#[test]
fn images_are_kept_preprocessed_as_bytes_with_stable_ids() {
    let mut s = set(json!({"size": 8, "color": "rgb"}));
    let cats = add(&mut s, "cat", 3);
    let dogs = add(&mut s, "dog", 2);
    assert_eq!((cats.clone(), dogs.clone()), (vec![0, 1, 2], vec![3, 4]));
    assert_eq!((s.len(), s.bytes()), (5, 5 * 3 * 8 * 8));
    s.remove(1).unwrap();
    assert_eq!(s.ids_of("cat").unwrap(), [0, 2]);
    assert_eq!(add(&mut s, "cat", 1), [5], "ids are never reused");
    assert_eq!(s.classes().iter().map(|c| (c.name.as_str(), c.count)).collect::<Vec<_>>(), [("cat", 3), ("dog", 2)]);
    // The preview is what the network reads: RGB planes back to opaque RGBA.
    let preview = s.preview_rgba(2).unwrap();
    assert_eq!(preview.len(), 8 * 8 * 4);
    assert_eq!(preview[..4], [2, 100, 200, 255]);
    let grey = {
        let mut g = set(json!({"size": 4}));
        let id = g.add_rgba("a", &flat(4, 4, [255, 0, 0]), 4, 4, "red.png").unwrap();
        g.preview_rgba(id).unwrap()
    };
    assert_eq!(grey[..4], [76, 76, 76, 255], "grey is Pillow's L of pure red, three times");
    s.rename_class("dog", "puppy").unwrap();
    s.remove_class("cat").unwrap();
    assert_eq!(s.classes().iter().map(|c| (c.name.as_str(), c.count)).collect::<Vec<_>>(), [("puppy", 2)]);
    assert_eq!(s.entry(4).unwrap().class, 0);
    says(s.entry(0), &["there is no image 0"]);
    says(s.remove(0), &["there is no image 0"]);
}

#[test]
fn bad_images_and_names_are_refused_and_nothing_is_lost() {
    let mut s = set(json!({"size": 8}));
    add(&mut s, "cat", 2);
    says(
        s.add_rgba("cat", &[0; 10], 2, 2, "cat/x.png"),
        &["cat/x.png: an RGBA image of 2 x 2 pixels has 16 bytes, not 10"],
    );
    says(
        s.add_rgba("cat", &[], 20_000, 20_000, "big.png"),
        &["big.png: the image is 20000 x 20000 pixels (400.0 megapixels): the limit is 24 megapixels"],
    );
    says(s.add_rgba("", &flat(2, 2, [0; 3]), 2, 2, "a.png"), &["a.png: a class needs a name"]);
    says(s.add_class("cat"), &["there is already a class \"cat\""]);
    says(s.add_class(&"x".repeat(65)), &["has 65 characters; at most 64"]);
    says(s.add_class("a\nb"), &["control character"]);
    // A class is exported as a folder: no folder separator, no hidden folder.
    says(s.add_class("cats/dogs"), &["the class name \"cats/dogs\" has a /, which separates folders"]);
    says(s.rename_class("cat", "a\\b"), &["has a \\, which separates folders"]);
    says(s.add_class(" .hidden"), &["the class name \".hidden\" starts with a dot"]);
    says(s.rename_class("cow", "ox"), &["there is no class \"cow\"; the classes are: cat"]);
    says(s.add_preprocessed("cat", &[0; 5], "kept"), &["kept: 5 bytes, but a preprocessed 1 x 8 x 8 image has 64"]);
    assert_eq!(s.len(), 2, "the images already added are kept");
    // A file header declaring 20,000 x 20,000 is refused before it is decoded.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&[0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]);
    says(read_header(&png, "huge.png"), &["huge.png (png): the image is 20000 x 20000 pixels"]);
    says(read_header(b"{\"not\": \"an image\"}", "notes.json"), &["notes.json: not an image"]);
}

#[test]
fn too_many_files_or_bytes_are_refused_before_reading_them() {
    let s = set(json!({"size": 28}));
    says(s.check_room(50_000), &["50000 more images would make 50000, more than the 20000 a dataset may hold"]);
    assert!(s.check_room(MAX_IMAGES).is_ok());
    let big = set(json!({"size": 128, "color": "rgb"}));
    let fits = MAX_SET_BYTES / (3 * 128 * 128);
    assert!(big.check_room(fits).is_ok());
    says(
        big.check_room(fits + 1),
        &["1303 images of 3 x 128 x 128 would take 64.0 MB, more than the 64 MB", "at most 1302"],
    );
}

#[test]
fn one_class_or_an_empty_class_cannot_train() {
    let mut s = set(json!({}));
    says(s.split(1, 0.2), &["the dataset has no classes yet"]);
    add(&mut s, "cat", 12);
    says(s.split(1, 0.2), &["there is only one class, \"cat\" (12 images): a classifier needs at least two classes"]);
    s.add_class("dog").unwrap();
    says(s.split(1, 0.2), &["class \"dog\" has no images: add images to it or remove it"]);
    add(&mut s, "dog", 12);
    says(s.split(1, 0.7), &["the test share must be from 0.05 to 0.5"]);
    assert!(s.split(1, 0.2).is_ok());
}

#[test]
fn the_split_is_stratified_seeded_and_independent_of_reading_order() {
    let mut s = set(json!({"size": 4}));
    add(&mut s, "a", 50);
    add(&mut s, "b", 11);
    add(&mut s, "c", 2);
    let split = s.split(7, 0.2).unwrap();
    let counts: Vec<(usize, usize)> = split.counts.iter().map(|c| (c.train, c.test)).collect();
    assert_eq!(counts, [(40, 10), (9, 2), (1, 1)]);
    assert_eq!((split.train.len(), split.test.len()), (50, 13));
    assert_eq!(split.train.class_names(), ["a", "b", "c"]);
    assert_eq!(split.test.labels().iter().filter(|&&l| l == 1).count(), 2);
    assert_eq!(split.train.shape(), [1, 4, 4]);
    assert_eq!(split.train.scaling(), split.test.scaling());
    // Same seed, same split; another seed, another; the same files read in another order, the same.
    assert_eq!(s.split(7, 0.2).unwrap().test_ids, split.test_ids);
    assert_ne!(s.split(8, 0.2).unwrap().test_ids, split.test_ids);
    let mut reversed = set(json!({"size": 4}));
    for (class, n) in [("c", 2), ("b", 11), ("a", 50)] {
        for i in (0..n).rev() {
            let source = format!("{class}/{i:03}.png");
            reversed.add_rgba(class, &flat(6, 4, [i as u8, 100, 200]), 6, 4, &source).unwrap();
        }
    }
    let again = reversed.split(7, 0.2).unwrap();
    let sources = |set: &ImageSet, ids: &[u32]| -> Vec<String> {
        let mut s: Vec<String> = ids.iter().map(|id| set.entry(*id).unwrap().source.clone()).collect();
        s.sort();
        s
    };
    assert_eq!(sources(&reversed, &again.test_ids), sources(&s, &split.test_ids));
    assert_eq!(again.train.class_names(), ["a", "b", "c"], "classes in name order, whatever order they came in");
    assert_eq!(again.test.labels(), split.test.labels());
}

#[test]
fn classes_are_sorted_by_name_as_image_folder_sorts_them() {
    let mut s = set(json!({"size": 4}));
    // Python's sorted() on these folder names: code point order, capitals before small letters.
    for name in ["zebra", "apple", "Zoo", "éclair", "Bee"] {
        add(&mut s, name, 1);
    }
    let names = |s: &ImageSet| s.classes().iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&s), ["Bee", "Zoo", "apple", "zebra", "éclair"]);
    let label_of = |s: &ImageSet, source: &str| s.entries().values().find(|e| e.source == source).unwrap().class;
    assert_eq!(label_of(&s, "zebra/000.png"), 3);
    assert_eq!(s.add_class("cat").unwrap(), 3, "a new class takes its sorted place");
    assert_eq!(label_of(&s, "zebra/000.png"), 4, "and the classes after it move up");
    s.rename_class("apple", "yak").unwrap();
    assert_eq!(names(&s), ["Bee", "Zoo", "cat", "yak", "zebra", "éclair"]);
    assert_eq!((label_of(&s, "apple/000.png"), label_of(&s, "zebra/000.png")), (3, 4));
    s.remove_class("cat").unwrap();
    assert_eq!((label_of(&s, "apple/000.png"), label_of(&s, "éclair/000.png")), (2, 4));
}

#[test]
fn few_images_and_unbalanced_classes_get_warnings_with_the_numbers() {
    let mut s = set(json!({"size": 4}));
    add(&mut s, "cat", 30);
    add(&mut s, "dog", 10);
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    add(&mut s, "dog", 3);
    add(&mut s, "fox", 1);
    let warnings = s.split(1, 0.2).unwrap().warnings;
    let kinds: Vec<&str> = warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, ["few", "unbalanced"]);
    assert!(warnings[0]
        .error
        .message()
        .contains("class \"fox\" has only 1 image (with 1 image it is trained on but never tested)"));
    assert!(warnings[1]
        .error
        .message()
        .contains("\"cat\" has 30 images, \"fox\" only 1 (30.0 times fewer; more than 3 to 1)"));
    let page = serde_json::to_value(&warnings[1]).unwrap();
    assert_eq!((page["kind"].as_str(), page["code"].as_str()), (Some("unbalanced"), Some("split.unbalanced")));
    assert_eq!(
        (page["params"]["big"].as_str(), page["message"].as_str()),
        (Some("cat"), Some(warnings[1].error.message()))
    );
}
