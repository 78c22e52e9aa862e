//! The user's own images through the JS API, in headless Chromium: the fixture files decoded
//! by the browser itself (as the page decodes them) and preprocessed by `ImageSet` against
//! Pillow's numbers; datasets, splits, training and evaluation on them; every bad input
//! throws an `Error` with the core's message and the module keeps working.

use super::{js, message};
use crate::common::pillow::{check_cases, decoded_images};
use cnn_playground::wasm::{colour_shapes, image_header, Dataset, ImageSet, Predictions, TrainingRun};
use js_sys::{Float32Array, Uint32Array};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const FIXTURES: [(&str, &str, &[u8]); 5] = [
    ("alpha.png", "image/png", include_bytes!("../fixtures/images/alpha.png")),
    ("gray.jpg", "image/jpeg", include_bytes!("../fixtures/images/gray.jpg")),
    ("photo.jpg", "image/jpeg", include_bytes!("../fixtures/images/photo.jpg")),
    ("shapes.png", "image/png", include_bytes!("../fixtures/images/shapes.png")),
    ("tiny.png", "image/png", include_bytes!("../fixtures/images/tiny.png")),
];

/// Decodes an image file as the page does: `createImageBitmap` (no premultiplication, no
/// colour conversion), drawn on a canvas, read back with `getImageData`.
async fn browser_decode(bytes: &[u8], mime: &str) -> (Vec<u8>, usize, usize) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).unwrap();
    let options = web_sys::ImageBitmapOptions::new();
    options.set_premultiply_alpha(web_sys::PremultiplyAlpha::None);
    options.set_color_space_conversion(web_sys::ColorSpaceConversion::None);
    let window = web_sys::window().unwrap();
    let promise = window.create_image_bitmap_with_blob_and_image_bitmap_options(&blob, &options).unwrap();
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise).await.unwrap().unchecked_into();
    let (w, h) = (bitmap.width(), bitmap.height());
    let canvas = web_sys::OffscreenCanvas::new(w, h).unwrap();
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    context.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0).unwrap();
    let data = context.get_image_data(0.0, 0.0, w as f64, h as f64).unwrap().data().0;
    (data, w as usize, h as usize)
}

fn preprocess_in_wasm(options: &Value, rgba: &[u8], width: usize, height: usize) -> Result<Vec<u8>, String> {
    let mut set = ImageSet::new(js(options)).map_err(message)?;
    let id = set.add_image("a", rgba, width as u32, height as u32, "fixture").map_err(message)?;
    set.pixels(id).map_err(message)
}

#[wasm_bindgen_test]
fn preprocessing_through_the_js_api_equals_pillow() {
    let agreement =
        check_cases(0, |options, image| preprocess_in_wasm(options, &image.rgba, image.width, image.height)).unwrap();
    assert!(agreement.cases >= 41, "{agreement:?}");
}

/// The whole path a user's file takes, in the browser: its header read, the browser's
/// decoder, the core's preprocessing; against Pillow's decode and preprocessing. Chromium and
/// Pillow both decode JPEG with libjpeg-turbo, and compositing over white happens to undo the
/// canvas's premultiplied alpha here: all 84,192 values are equal (tolerance 0). Another
/// browser's JPEG decoder may round differently; then this test says by how much.
#[wasm_bindgen_test]
async fn files_decoded_by_the_browser_then_preprocessed_match_pillow() {
    let mut decoded = Vec::new();
    for (name, mime, bytes) in FIXTURES {
        let header = image_header(bytes, name).unwrap();
        let (rgba, width, height) = browser_decode(bytes, mime).await;
        assert_eq!(js_sys::Reflect::get(&header, &"width".into()).unwrap().as_f64(), Some(width as f64), "{name}");
        let pillow = decoded_images().into_iter().find(|d| d.name == name).unwrap();
        assert_eq!((pillow.width, pillow.height), (width, height), "{name}");
        let opaque = |i: usize| pillow.rgba[i - i % 4 + 3] == 255;
        let worst = (0..rgba.len()).filter(|&i| opaque(i)).map(|i| rgba[i].abs_diff(pillow.rgba[i])).max();
        if name.ends_with(".png") {
            assert_eq!(worst.unwrap_or(0), 0, "{name}: the browser decodes the PNG's opaque pixels as Pillow does");
            let alphas = |rgba: &[u8]| rgba.iter().skip(3).step_by(4).copied().collect::<Vec<u8>>();
            assert_eq!(alphas(&rgba), alphas(&pillow.rgba), "{name}: alpha as Pillow decodes it");
        }
        decoded.push((name, rgba));
    }
    let agreement = check_cases(255, |options, image| {
        let rgba = &decoded.iter().find(|(name, _)| *name == image.name).unwrap().1;
        preprocess_in_wasm(options, rgba, image.width, image.height)
    })
    .unwrap();
    assert_eq!((agreement.cases, agreement.max_difference), (41, 0), "{agreement:?}");
}

/// Two classes of 8 x 8 RGB images: bright on the left half or on the right half.
fn two_halves(set: &mut ImageSet, per_class: usize) {
    let mut rng = cnn_playground::rng::Rng::new(1, 9);
    for i in 0..per_class * 2 {
        let class = if i % 2 == 0 { "left" } else { "right" };
        let rgba: Vec<u8> = (0..64)
            .flat_map(|p| {
                let lit = (p % 8 < 4) == (class == "left");
                let v = if lit { 200 } else { 40 } + (rng.below(30) as u8);
                [v, v / 2, 255 - v, 255]
            })
            .collect();
        set.add_image(class, &rgba, 8, 8, &format!("{class}/{i}.png")).unwrap();
    }
}

#[wasm_bindgen_test]
fn an_own_dataset_trains_and_its_evaluation_adds_up() {
    let mut set = ImageSet::new(js(&json!({"size": 8, "color": "rgb"}))).unwrap();
    two_halves(&mut set, 30);
    assert_eq!((set.length(), set.bytes(), set.image_shape()), (60, 60 * 192, vec![3, 8, 8]));
    assert_eq!(set.preview(0).unwrap().length(), 8 * 8 * 4);
    let split = set.split(5, None).unwrap();
    let (train, test) = (split.train(), split.test());
    assert_eq!((train.length(), test.length(), test.classes()), (48, 12, 2));
    assert_eq!(test.class_names(), ["left", "right"]);
    assert_eq!(test.class_counts(), [6, 6]);
    assert_eq!(split.test_ids().length(), 12);
    let spec = json!({"input": [3, 8, 8], "layers": [{"type": "conv2d", "filters": 4, "kernel": 3, "padding": 1},
        {"type": "relu"}, {"type": "flatten"}, {"type": "dense", "units": 2}], "loss": "softmax_cross_entropy"});
    let mut run = TrainingRun::new(js(&spec), js(&json!({"type": "adam", "lr": 0.01})), 3, 8.0).unwrap();
    run.train_steps(&train, 60).unwrap();
    let predictions = run.predictions(&test).unwrap();
    let confusion = predictions.confusion().to_vec();
    assert_eq!(confusion.iter().sum::<u32>(), 12, "the matrix adds up to the test count");
    let summary = predictions.summary();
    let accuracy = js_sys::Reflect::get(&summary, &"accuracy".into()).unwrap().as_f64().unwrap();
    assert!(accuracy >= 0.9, "left/right halves: {accuracy}");
    let evaluated = run.evaluate(&test).unwrap();
    assert_eq!(js_sys::Reflect::get(&evaluated, &"accuracy".into()).unwrap().as_f64(), Some(accuracy));
    // The same numbers, rebuilt on the page from what a worker posts.
    let page = Predictions::new(predictions.labels().into(), predictions.all_probabilities().into(), 2).unwrap();
    assert_eq!(page.confusion().to_vec(), confusion);
    assert_eq!(page.misclassified(None).unwrap().length() as u32, confusion[1] + confusion[2]);
    // A set moved to a worker as bytes is the same set.
    let moved = Dataset::from_pixels(
        test.pixels().unwrap(),
        test.labels().into(),
        test.shape(),
        test.class_names(),
        test.scaling(),
        test.preprocessing(),
    )
    .unwrap();
    let json = |v: JsValue| js_sys::JSON::stringify(&v).unwrap().as_string().unwrap();
    assert!(!test.preprocessing().is_null(), "a split of an ImageSet keeps its preprocessing");
    assert_eq!(json(moved.preprocessing()), json(test.preprocessing()));
    assert_eq!(run.predictions(&moved).unwrap().predicted().to_vec(), predictions.predicted().to_vec());
}

#[wasm_bindgen_test]
fn the_colour_shapes_are_built_in() {
    let split = colour_shapes(1).unwrap();
    let (train, test) = (split.train(), split.test());
    assert_eq!((train.length(), train.shape(), train.classes(), test.length()), (3600, vec![3, 32, 32], 9, 900));
    assert_eq!(train.class_names()[8], "blue triangle");
    assert!(train.scaling().is_object());
    let counts: Value = serde_wasm_bindgen::from_value(split.counts()).unwrap();
    assert_eq!(counts[4], json!({"name": "green square", "train": 400, "test": 100}));
    assert_eq!(split.train_ids().length(), 0);
}

fn says<T>(result: Result<T, wasm_bindgen::JsError>, part: &str) {
    let Err(e) = result else { panic!("accepted what should be refused: {part}") };
    let m = message(e);
    assert!(m.contains(part), "{m:?} does not say {part:?}");
}

#[wasm_bindgen_test]
fn bad_files_sets_and_predictions_throw_and_nothing_is_lost() {
    says(image_header(b"%PDF-1.7", "notes.pdf"), "notes.pdf: not an image");
    says(image_header(&FIXTURES[2].2[..40], "photo.jpg"), "photo.jpg: the JPEG header is cut short");
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    huge.extend_from_slice(&[0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]);
    says(image_header(&huge, "huge.png"), "huge.png (png): the image is 20000 x 20000 pixels (400.0 megapixels)");
    says(ImageSet::new(js(&json!({"size": 1000}))), "size must be a whole number of pixels from 4 to 128");
    says(
        ImageSet::new(js(&json!({"colour": "rgb"}))),
        "unknown preprocessing field \"colour\" (did you mean \"color\"?)",
    );
    let mut set = ImageSet::new(JsValue::UNDEFINED).unwrap();
    says(set.check_room(50_000), "50000 more images would make 50000, more than the 20000");
    says(set.split(1, None), "the dataset has no classes yet");
    set.add_image("cat", &[255; 16], 2, 2, "cat/1.png").unwrap();
    says(
        set.add_image("cat", &[0; 15], 2, 2, "cat/2.png"),
        "cat/2.png: an RGBA image of 2 x 2 pixels has 16 bytes, not 15",
    );
    says(set.add_image("cat", &[], 20_000, 20_000, "big.png"), "big.png: the image is 20000 x 20000 pixels");
    says(set.split(1, None), "there is only one class, \"cat\" (1 image)");
    set.add_class("dog").unwrap();
    says(set.split(1, None), "class \"dog\" has no images");
    says(set.remove(7), "there is no image 7");
    says(set.preview(7), "there is no image 7");
    says(
        Predictions::new(Uint32Array::from(&[0u32, 1][..]).into(), Float32Array::from(&[0.5f32; 3][..]).into(), 2),
        "3 probabilities for 2 labels",
    );
    says(
        Dataset::from_pixels(
            vec![0; 8],
            js(&json!([0, 1])),
            vec![2, 2],
            vec!["a".into(), "b".into()],
            JsValue::NULL,
            JsValue::NULL,
        ),
        "shape must be [channels, height, width]",
    );
    // Nothing already added was lost, and the set still works.
    set.add_image("dog", &[0; 16], 2, 2, "dog/1.png").unwrap();
    let classes: Value = serde_wasm_bindgen::from_value(set.classes()).unwrap();
    assert_eq!(classes, json!([{"name": "cat", "count": 1}, {"name": "dog", "count": 1}]));
    assert_eq!(set.split(1, None).unwrap().train().length(), 2);
}
