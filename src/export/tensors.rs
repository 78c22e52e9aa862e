//! Named tensors in and out of `.safetensors`, the format of PyTorch's
//! `safetensors.torch.save_file` and `load_file`:
//!
//! ```text
//! u64 LE  N, the length of the header
//! N       JSON header: {"__metadata__": {"format": "pt"}, NAME: {"dtype": "F32", "shape": [..],
//!         "data_offsets": [BEGIN, END]}, ...}, padded with spaces to a multiple of 8
//! ...     the tensors' bytes, little-endian, row-major; offsets count from here
//! ```
//!
//! Written and read here rather than with the `safetensors` crate: the format is this page,
//! and the crate (with its hash map, sorts and serde derives) added 24 KiB to the gzipped wasm
//! module.
//! The tests check both directions against the crate (tests/import_weights.rs) and against
//! Python's `safetensors` (tests/export_python.rs).

use super::binary::put_f32s;
use crate::error::{Error, Param, Result};
use crate::{err, refuse};
use serde_json::{json, Map, Value};

/// One tensor to write: its dtype name, shape and little-endian bytes.
#[derive(Debug, Clone)]
pub struct Tensor {
    dtype: &'static str,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl Tensor {
    pub fn f32(shape: &[usize], values: &[f32]) -> Self {
        debug_assert_eq!(shape.iter().product::<usize>(), values.len());
        let mut data = Vec::new();
        put_f32s(&mut data, values);
        Tensor { dtype: "F32", shape: shape.to_vec(), data }
    }

    /// A 0-dimensional f32 (as PyTorch keeps Adam's `step`).
    pub fn scalar(value: f32) -> Self {
        Tensor::f32(&[], &[value])
    }

    /// Class indices as int64, the dtype `nn.CrossEntropyLoss` takes.
    pub fn i64(shape: &[usize], values: &[u32]) -> Self {
        let data = values.iter().flat_map(|&v| i64::from(v).to_le_bytes()).collect();
        Tensor { dtype: "I64", shape: shape.to_vec(), data }
    }
}

/// A `.safetensors` file of `tensors`, in the given order, with PyTorch's metadata
/// `{"format": "pt"}`.
pub fn write(tensors: &[(String, Tensor)]) -> Vec<u8> {
    let mut header = Map::new();
    header.insert("__metadata__".into(), json!({"format": "pt"}));
    let mut offset = 0;
    for (name, t) in tensors {
        let end = offset + t.data.len();
        header.insert(name.clone(), json!({"dtype": t.dtype, "shape": t.shape, "data_offsets": [offset, end]}));
        offset = end;
    }
    let mut text = Value::Object(header).to_string().into_bytes();
    text.resize(text.len().div_ceil(8) * 8, b' ');
    let mut out = Vec::with_capacity(8 + text.len() + offset);
    out.extend_from_slice(&(text.len() as u64).to_le_bytes());
    out.extend_from_slice(&text);
    for (_, t) in tensors {
        out.extend_from_slice(&t.data);
    }
    out
}

/// One tensor read from a file, converted to f32.
#[derive(Debug, Clone)]
pub struct Read {
    pub name: String,
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// Every tensor of a `.safetensors` file as f32 (from F32, F64, F16 or BF16); messages name it
/// "the file".
pub fn read(bytes: &[u8]) -> Result<Vec<Read>> {
    let what = Param::message(err!(THE_FILE));
    let not = |reason: Error| err!(TENSORS_UNREADABLE, what = what.clone(), reason = Param::message(reason));
    let length = bytes.get(..8).map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
    let Some(length) = length else {
        return Err(not(err!(TENSORS_SHORT, bytes = bytes.len())));
    };
    let data_start = 8usize.saturating_add(usize::try_from(length).unwrap_or(usize::MAX));
    let header = bytes.get(8..data_start).ok_or_else(|| not(err!(TENSORS_HEADER_LENGTH, length)))?;
    let header = std::str::from_utf8(header).map_err(|_| not(err!(TENSORS_HEADER_NOT_TEXT)))?;
    let header: Value = serde_json::from_str(header).map_err(|e| not(err!(TENSORS_HEADER_NOT_JSON, reason = e)))?;
    let Value::Object(entries) = header else { return Err(not(err!(TENSORS_HEADER_NOT_OBJECT))) };
    let data = &bytes[data_start..];
    let mut out = Vec::new();
    for (name, entry) in entries.iter().filter(|(name, _)| *name != "__metadata__") {
        let (dtype, shape, range) = entry_of(entry, data.len()).map_err(|e| not(e.at(err!(PLACE_TENSOR, name))))?;
        let values =
            to_f32(dtype, &data[range]).ok_or_else(|| err!(TENSORS_DTYPE, name, what = what.clone(), dtype))?;
        out.push(Read { name: name.clone(), shape, values });
    }
    Ok(out)
}

/// The dtype, shape and byte range of one header entry, checked against `data_len` bytes.
fn entry_of(entry: &Value, data_len: usize) -> Result<(&str, Vec<usize>, std::ops::Range<usize>)> {
    let dtype = entry.get("dtype").and_then(Value::as_str).ok_or_else(|| err!(TENSORS_NO_DTYPE))?;
    let numbers = |key: &str| -> Result<Vec<usize>> {
        let list = entry.get(key).and_then(Value::as_array).ok_or_else(|| err!(TENSORS_NO_FIELD, key))?;
        list.iter().map(|v| v.as_u64().map(|n| n as usize).ok_or_else(|| err!(TENSORS_BAD_FIELD, key))).collect()
    };
    let shape = numbers("shape")?;
    let offsets = numbers("data_offsets")?;
    let [begin, end] = offsets[..] else { refuse!(TENSORS_OFFSETS_PAIR) };
    let size = match dtype {
        "F64" | "I64" | "U64" => 8,
        "F32" | "I32" | "U32" => 4,
        "F16" | "BF16" | "I16" | "U16" => 2,
        _ => 1,
    };
    let bytes = shape.iter().try_fold(size, |n: usize, &d| n.checked_mul(d));
    if bytes != Some(end.wrapping_sub(begin)) || begin > end {
        refuse!(TENSORS_OFFSETS, begin, end, dtype, shape = format!("{shape:?}"));
    }
    if end > data_len {
        refuse!(TENSORS_PAST_END, end, length = data_len);
    }
    Ok((dtype, shape, begin..end))
}

fn to_f32(dtype: &str, data: &[u8]) -> Option<Vec<f32>> {
    Some(match dtype {
        "F32" => super::binary::f32s(data),
        "F64" => data.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap_or_default()) as f32).collect(),
        "F16" => data.chunks_exact(2).map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]]))).collect(),
        "BF16" => {
            data.chunks_exact(2).map(|b| f32::from_bits(u32::from(u16::from_le_bytes([b[0], b[1]])) << 16)).collect()
        }
        _ => return None,
    })
}

/// IEEE half precision to f32 (exact: every f16 is an f32).
fn f16_to_f32(h: u16) -> f32 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((h >> 10) & 0x1F);
    let mantissa = f32::from(h & 0x3FF);
    sign * match exponent {
        0 => mantissa * 2f32.powi(-24),
        31 if mantissa == 0.0 => f32::INFINITY,
        31 => f32::NAN,
        e => (1.0 + mantissa / 1024.0) * 2f32.powi(e - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision_values_convert_exactly() {
        assert_eq!(f16_to_f32(0x3C00), 1.0);
        assert_eq!(f16_to_f32(0xC000), -2.0);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x7C00), f32::INFINITY);
        assert!(f16_to_f32(0x7E00).is_nan());
    }

    #[test]
    fn tensors_round_trip_through_a_file() {
        let file =
            write(&[("b".into(), Tensor::f32(&[2, 2], &[1.0, -2.0, 3.5, 0.25])), ("a".into(), Tensor::scalar(7.0))]);
        assert_eq!((u64::from_le_bytes(file[..8].try_into().unwrap()) % 8, file.len() % 4), (0, 0));
        let back = read(&file).unwrap();
        let b = back.iter().find(|t| t.name == "b").unwrap();
        assert_eq!((b.shape.clone(), b.values.clone()), (vec![2, 2], vec![1.0, -2.0, 3.5, 0.25]));
        let a = back.iter().find(|t| t.name == "a").unwrap();
        assert_eq!((a.shape.clone(), a.values.clone()), (vec![], vec![7.0]));
        let labels = write(&[("l".into(), Tensor::i64(&[2], &[3, 4]))]);
        assert!(read(&labels).unwrap_err().to_string().contains("holds I64 values"));
    }

    #[test]
    fn broken_headers_and_offsets_are_refused() {
        let good = write(&[("w".into(), Tensor::f32(&[3], &[1.0, 2.0, 3.0]))]);
        let says = |bytes: &[u8], part: &str| {
            let m = read(bytes).unwrap_err().to_string();
            assert!(m.starts_with("the file is not a readable .safetensors file") && m.contains(part), "{m}");
        };
        says(&good[..5], "less than its 8-byte header length");
        says(&good[..20], "its header would be");
        says(&good[..good.len() - 1], "past the 11 bytes the file holds");
        let mut huge = good.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        says(&huge, "its header would be");
        let mut bad = good.clone();
        bad[8] = b'[';
        says(&bad, "not JSON");
        let text = String::from_utf8_lossy(&good[8..]).replace("[0,12]", "[0,16]");
        let mut wrong = good[..8].to_vec();
        wrong.extend_from_slice(&text.as_bytes()[..good.len() - 8 - 12]);
        wrong.extend_from_slice(&good[good.len() - 12..]);
        says(&wrong, "do not hold a F32 tensor of shape [3]");
    }
}
