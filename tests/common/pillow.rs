//! The Pillow reference values of the preprocessing (`tests/fixtures/images/expected.json`,
//! written by `pillow_reference.py`), checked the same way natively and through the JS API.

use serde_json::Value;

pub const EXPECTED: &str = include_str!("../fixtures/images/expected.json");

/// Decodes standard base64 (with `=` padding), as Python's `base64.b64encode` writes it.
pub fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, &d)| acc | (u32::from(d) << (18 - 6 * i)));
        out.extend(bits.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

/// One decoded fixture file: its name, size and Pillow's RGBA.
pub struct Decoded {
    pub name: String,
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
}

pub fn decoded_images() -> Vec<Decoded> {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    expected["images"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, image)| Decoded {
            name: name.clone(),
            width: image["width"].as_u64().unwrap() as usize,
            height: image["height"].as_u64().unwrap() as usize,
            rgba: base64(image["rgba"].as_str().unwrap()),
        })
        .collect()
}

/// What the comparison found: cases checked, bytes compared, the largest difference (levels of
/// 255) and how many bytes differed at all.
#[derive(Debug, Default)]
pub struct Agreement {
    pub cases: usize,
    pub values: usize,
    pub max_difference: u8,
    pub differing: usize,
}

/// Runs `preprocess(options, image)` on every case (`image`: the fixture, with Pillow's
/// decode) and compares with Pillow's bytes. Errors name the case and the first pixel that differs by more than `tolerance`.
pub fn check_cases(
    tolerance: u8,
    mut preprocess: impl FnMut(&Value, &Decoded) -> Result<Vec<u8>, String>,
) -> Result<Agreement, String> {
    let expected: Value = serde_json::from_str(EXPECTED).unwrap();
    let images = decoded_images();
    let mut agreement = Agreement::default();
    for case in expected["cases"].as_array().unwrap() {
        let name = case["image"].as_str().unwrap();
        let image = images.iter().find(|i| i.name == name).unwrap();
        let want = base64(case["pixels"].as_str().unwrap());
        let got = preprocess(&case["options"], image).map_err(|e| format!("{name} {}: {e}", case["options"]))?;
        if got.len() != want.len() {
            return Err(format!("{name} {}: {} values, Pillow has {}", case["options"], got.len(), want.len()));
        }
        for (i, (&g, &w)) in got.iter().zip(&want).enumerate() {
            let d = g.abs_diff(w);
            if d > tolerance {
                return Err(format!("{name} {}: value {i} is {g}, Pillow's is {w}", case["options"]));
            }
            agreement.max_difference = agreement.max_difference.max(d);
            agreement.differing += usize::from(d > 0);
        }
        agreement.cases += 1;
        agreement.values += want.len();
    }
    Ok(agreement)
}
