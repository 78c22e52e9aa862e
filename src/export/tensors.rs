//! Named tensors in and out of `.safetensors` (the `safetensors` crate): what PyTorch's
//! `safetensors.torch.save_file` writes and `load_file` reads.

use super::binary::put_f32s;
use crate::error::{Error, Result};
use safetensors::{Dtype, SafeTensors, View};
use std::borrow::Cow;

/// One tensor to write: its dtype, shape and little-endian bytes.
#[derive(Debug, Clone)]
pub struct Tensor {
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl Tensor {
    pub fn f32(shape: &[usize], values: &[f32]) -> Self {
        debug_assert_eq!(shape.iter().product::<usize>(), values.len());
        let mut data = Vec::new();
        put_f32s(&mut data, values);
        Tensor { dtype: Dtype::F32, shape: shape.to_vec(), data }
    }

    /// A 0-dimensional f32 (as PyTorch keeps Adam's `step`).
    pub fn scalar(value: f32) -> Self {
        Tensor::f32(&[], &[value])
    }

    /// Class indices as int64, the dtype `nn.CrossEntropyLoss` takes.
    pub fn i64(shape: &[usize], values: &[u32]) -> Self {
        let data = values.iter().flat_map(|&v| i64::from(v).to_le_bytes()).collect();
        Tensor { dtype: Dtype::I64, shape: shape.to_vec(), data }
    }
}

impl View for &Tensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.data)
    }
    fn data_len(&self) -> usize {
        self.data.len()
    }
}

/// A `.safetensors` file of `tensors`, with PyTorch's metadata `{"format": "pt"}`.
pub fn write(tensors: &[(String, Tensor)]) -> Vec<u8> {
    let mut metadata = hashbrown::HashMap::new();
    metadata.insert("format".to_string(), "pt".to_string());
    // Only fails for a header over 100 MB; a network within the browser limits has a few KB.
    safetensors::serialize(tensors.iter().map(|(name, t)| (name.as_str(), t)), Some(metadata))
        .expect("a safetensors header of a network within the limits")
}

/// One tensor read from a file, converted to f32.
#[derive(Debug, Clone)]
pub struct Read {
    pub name: String,
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// Every tensor of a `.safetensors` file as f32 (from F32, F64, F16 or BF16), in the file's
/// order of names. `what` names the file in messages.
pub fn read(bytes: &[u8], what: &str) -> Result<Vec<Read>> {
    let file = SafeTensors::deserialize(bytes)
        .map_err(|e| Error::new(format!("{what} is not a readable .safetensors file ({e})")))?;
    let mut out = Vec::new();
    for (name, view) in file.iter() {
        let values = to_f32(view.dtype(), view.data()).ok_or_else(|| {
            Error::new(format!(
                "tensor \"{name}\" in {what} holds {:?} values; weights must be floating point (F32, F16, BF16 or F64)",
                view.dtype()
            ))
        })?;
        out.push(Read { name: name.to_string(), shape: view.shape().to_vec(), values });
    }
    Ok(out)
}

fn to_f32(dtype: Dtype, data: &[u8]) -> Option<Vec<f32>> {
    Some(match dtype {
        Dtype::F32 => super::binary::f32s(data),
        Dtype::F64 => data
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) as f32)
            .collect(),
        Dtype::F16 => data.chunks_exact(2).map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]]))).collect(),
        Dtype::BF16 => {
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
        let back = read(&file, "the file").unwrap();
        let names: Vec<&str> = back.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"a") && names.contains(&"b"));
        let b = back.iter().find(|t| t.name == "b").unwrap();
        assert_eq!((b.shape.clone(), b.values.clone()), (vec![2, 2], vec![1.0, -2.0, 3.5, 0.25]));
        let labels = write(&[("l".into(), Tensor::i64(&[2], &[3, 4]))]);
        assert!(read(&labels, "the file").unwrap_err().to_string().contains("I64"));
    }
}
