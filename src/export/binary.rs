//! Bytes in and out: CRC-32 (the zip and save-file checksum) and little-endian numbers.

use crate::error::codes::{self, Code};

/// CRC-32 (IEEE 802.3, the polynomial of zip, PNG and gzip), table-free: a few MB/s is plenty
/// for files of a few MB, and it costs no table in the wasm module.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// f32 values as little-endian bytes, appended to `out`.
pub fn put_f32s(out: &mut Vec<u8>, values: &[f32]) {
    out.reserve(values.len() * 4);
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Little-endian f32 values from `bytes` (whose length is a multiple of 4).
pub fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

/// The little-endian u32 at `at` (the caller checked the length).
pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// What a file that is not what was asked for looks like it is, from its first bytes: the
/// files a user of the playground may pick by mistake.
/// A `kind.*` code (no parameters), said as part of a refusal.
pub fn looks_like(bytes: &[u8]) -> Option<Code> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(codes::KIND_ZIP);
    }
    if bytes.starts_with(b"CNNP") {
        return Some(codes::KIND_SAVE);
    }
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xFF\xD8\xFF") || bytes.starts_with(b"GIF8") {
        return Some(codes::KIND_IMAGE);
    }
    if bytes.len() >= 9 && bytes[8] == b'{' {
        return Some(codes::KIND_SAFETENSORS);
    }
    // ONNX models are protobufs that begin with field 1 (ir_version), a small varint.
    if bytes.len() >= 2 && bytes[0] == 0x08 && bytes[1] < 0x20 {
        return Some(codes::KIND_ONNX);
    }
    if bytes.starts_with(b"{") || bytes.starts_with(b"#") {
        return Some(codes::KIND_TEXT);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The check value of CRC-32/ISO-HDLC for the nine digits.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn f32s_round_trip_bit_for_bit() {
        let values = [0.0, -0.0, 1.5, f32::NAN, f32::INFINITY, f32::MIN_POSITIVE / 2.0];
        let mut bytes = Vec::new();
        put_f32s(&mut bytes, &values);
        let back = f32s(&bytes);
        assert_eq!(values.map(f32::to_bits).to_vec(), back.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    }
}
