//! The preprocessing of the user's own images against Pillow: for every fixture file in
//! `tests/fixtures/images/` (PNG and JPEG, decoded by Pillow) and every case of
//! `pillow_reference.py` (grey and RGB, crop and pad, square and not, four filters, shrinking
//! and enlarging), the core's bytes must equal Pillow's: tolerance 0 levels of 255.

mod common;

use cnn_playground::images::Preprocessing;
use common::pillow::{check_cases, decoded_images};

#[test]
fn preprocessing_equals_pillow_for_every_fixture_and_option() {
    let agreement = check_cases(0, |options, image| {
        let p = Preprocessing::from_json(options).map_err(|e| e.to_string())?;
        p.apply(&image.rgba, image.width, image.height).map_err(|e| e.to_string())
    })
    .unwrap();
    println!("pillow: {agreement:?}");
    assert!(agreement.cases >= 41, "{agreement:?}");
}

#[test]
fn fixtures_cover_transparency_enlarging_and_grey() {
    let images = decoded_images();
    let alpha = images.iter().find(|i| i.name == "alpha.png").unwrap();
    let alphas: Vec<u8> = alpha.rgba.chunks_exact(4).map(|p| p[3]).collect();
    assert!(alphas.contains(&0) && alphas.iter().any(|&a| a > 0 && a < 255), "alpha.png needs partial alpha");
    assert!(images.iter().any(|i| i.width < 28 && i.height < 28), "an image smaller than the target");
    let gray = images.iter().find(|i| i.name == "gray.jpg").unwrap();
    assert!(gray.rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]));
}
