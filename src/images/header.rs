//! What kind of image a file is and its declared size, read from its first bytes without
//! decoding it: so a page can refuse a file that is not an image, is cut short, or would take
//! gigabytes to decode (a 20,000 x 20,000 PNG is 1.6 GB as RGBA) before handing it to the
//! browser's decoder.
//!
//! Formats the browser decodes: PNG (`IHDR`), JPEG (the first `SOFn` segment), GIF (logical
//! screen), BMP (`BITMAPINFOHEADER` or the older core header) and WebP (`VP8 `, `VP8L`, `VP8X`).

use super::preprocess::check_image_size;
use crate::error::Result;
use crate::refuse;

/// A file's format and declared size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageHeader {
    pub format: &'static str,
    pub width: u64,
    pub height: u64,
}

/// Reads the format and declared size of an image file from its bytes (the whole file, or at
/// least its first 64 KB: a JPEG's size can follow its metadata). Refuses, with a message
/// naming the file, a file that is no image of a known format, a header cut short or
/// nonsensical, and a declared size over the limits ([`check_image_size`]).
pub fn read_header(bytes: &[u8], name: &str) -> Result<ImageHeader> {
    let header = sniff(bytes).map_err(|e| e.context(name))?;
    check_image_size(header.width, header.height).map_err(|e| e.context(format!("{name} ({})", header.format)))?;
    Ok(header)
}

fn sniff(bytes: &[u8]) -> Result<ImageHeader> {
    let found = |format, width, height| Ok(ImageHeader { format, width, height });
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
            refuse!(IMAGE_CORRUPT, format = "PNG");
        }
        return found("png", be32(bytes, 16), be32(bytes, 20));
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        let (width, height) = jpeg_size(bytes)?;
        return found("jpeg", width, height);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        if bytes.len() < 10 {
            refuse!(IMAGE_CORRUPT, format = "GIF");
        }
        return found("gif", le16(bytes, 6), le16(bytes, 8));
    }
    if bytes.starts_with(b"BM") {
        let (width, height) = bmp_size(bytes)?;
        return found("bmp", width, height);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        let (width, height) = webp_size(bytes)?;
        return found("webp", width, height);
    }
    if bytes.is_empty() {
        refuse!(IMAGE_EMPTY_FILE);
    }
    refuse!(IMAGE_NOT_IMAGE, bytes = first_bytes(bytes))
}

fn first_bytes(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
    shown.join(" ")
}

fn be16(b: &[u8], at: usize) -> u64 {
    u64::from(u16::from_be_bytes([b[at], b[at + 1]]))
}
fn be32(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]))
}
fn le16(b: &[u8], at: usize) -> u64 {
    u64::from(u16::from_le_bytes([b[at], b[at + 1]]))
}
fn le24(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], 0]))
}
fn le32(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]))
}

/// Walks the JPEG segments to the first start-of-frame (`SOF0`..`SOF15` but `DHT`, `JPG`,
/// `DAC`): precision byte, then height and width, big-endian.
fn jpeg_size(bytes: &[u8]) -> Result<(u64, u64)> {
    let mut at = 2;
    loop {
        while at < bytes.len() && bytes[at] == 0xff && bytes.get(at + 1) == Some(&0xff) {
            at += 1; // fill bytes
        }
        if at + 4 > bytes.len() || bytes[at] != 0xff {
            refuse!(IMAGE_CORRUPT, format = "JPEG");
        }
        let marker = bytes[at + 1];
        if (0xd0..=0xd8).contains(&marker) || marker == 0x01 {
            at += 2; // markers without a length
            continue;
        }
        if marker == 0xda || marker == 0xd9 {
            refuse!(IMAGE_JPEG_NO_FRAME);
        }
        let length = be16(bytes, at + 2) as usize;
        let is_frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if is_frame {
            if at + 9 > bytes.len() || length < 7 {
                refuse!(IMAGE_CORRUPT, format = "JPEG");
            }
            return Ok((be16(bytes, at + 7), be16(bytes, at + 5)));
        }
        if length < 2 {
            refuse!(IMAGE_CORRUPT, format = "JPEG");
        }
        at += 2 + length;
    }
}

/// `BITMAPCOREHEADER` (12 bytes: u16 sizes) or a later header (signed 32-bit sizes; a negative
/// height means top-down rows).
fn bmp_size(bytes: &[u8]) -> Result<(u64, u64)> {
    if bytes.len() < 26 {
        refuse!(IMAGE_CORRUPT, format = "BMP");
    }
    if le32(bytes, 14) == 12 {
        return Ok((le16(bytes, 18), le16(bytes, 20)));
    }
    let signed = |at| i64::from(le32(bytes, at) as u32 as i32);
    Ok((signed(18).unsigned_abs(), signed(22).unsigned_abs()))
}

/// The first chunk after `RIFF....WEBP`: `VP8X` (24-bit canvas size minus 1), `VP8L` (14-bit
/// sizes minus 1 after the 0x2f signature) or `VP8 ` (14-bit sizes after the key frame's start
/// code 9d 01 2a).
fn webp_size(bytes: &[u8]) -> Result<(u64, u64)> {
    if bytes.len() < 30 {
        refuse!(IMAGE_CORRUPT, format = "WebP");
    }
    match &bytes[12..16] {
        b"VP8X" => Ok((le24(bytes, 24) + 1, le24(bytes, 27) + 1)),
        b"VP8L" if bytes[20] == 0x2f => {
            let bits = le32(bytes, 21);
            Ok(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8 " if bytes[23..26] == [0x9d, 0x01, 0x2a] => Ok((le16(bytes, 26) & 0x3fff, le16(bytes, 28) & 0x3fff)),
        _ => refuse!(IMAGE_CORRUPT, format = "WebP"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        read_header(bytes, "cat.png").unwrap_err().to_string()
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&width.to_be_bytes());
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0]);
        b
    }

    #[test]
    fn reads_the_declared_size_of_each_format() {
        assert_eq!(read_header(&png(640, 480), "a").unwrap(), ImageHeader { format: "png", width: 640, height: 480 });
        // JPEG: SOI, an APP0 segment of 16 bytes, then SOF0 with height 300 and width 400.
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0, 16];
        jpeg.extend_from_slice(&[0; 14]);
        jpeg.extend_from_slice(&[0xff, 0xc0, 0, 17, 8, 0x01, 0x2c, 0x01, 0x90, 3]);
        assert_eq!(read_header(&jpeg, "a").unwrap(), ImageHeader { format: "jpeg", width: 400, height: 300 });
        let gif = b"GIF89a\x20\x03\x58\x02\0\0";
        assert_eq!(read_header(gif, "a").unwrap(), ImageHeader { format: "gif", width: 800, height: 600 });
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&[0; 12]);
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&64i32.to_le_bytes());
        bmp.extend_from_slice(&(-32i32).to_le_bytes());
        assert_eq!(read_header(&bmp, "a").unwrap(), ImageHeader { format: "bmp", width: 64, height: 32 });
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend_from_slice(&[199, 0, 0, 99, 0, 0]);
        assert_eq!(read_header(&webp, "a").unwrap(), ImageHeader { format: "webp", width: 200, height: 100 });
    }

    #[test]
    fn refuses_what_is_not_an_image_or_is_cut_short() {
        assert_eq!(
            err(b"hello, world"),
            "cat.png: not an image: it is none of PNG, JPEG, GIF, BMP or WebP (its first bytes are 68 65 6c 6c 6f 2c 20 77)"
        );
        assert_eq!(err(b""), "cat.png: the file is empty (0 bytes): it is not an image");
        assert!(err(&png(10, 10)[..18]).contains("PNG header is cut short or damaged"));
        assert!(err(&[0xff, 0xd8, 0xff, 0xe0, 0, 200]).contains("JPEG header is cut short"));
        assert!(err(&[0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]).contains("no frame header"));
    }

    #[test]
    fn refuses_a_huge_declared_size_before_decoding() {
        assert_eq!(
            err(&png(20_000, 20_000)),
            "cat.png (png): the image is 20000 x 20000 pixels (400.0 megapixels): the limit is 24 megapixels (e.g. 6000 x 4000) and 16384 pixels a side; save a smaller copy of it"
        );
        assert!(err(&png(0, 10)).contains("has no pixels"));
        assert!(read_header(&png(6000, 4000), "a").is_ok());
    }
}
