//! A small zip writer: stored (uncompressed) entries, as every unzip tool, Python's `zipfile`
//! and the operating systems' file managers read them. Stored, not deflated: the bulk of an
//! export is f32 weights, which deflate shrinks by only ~10%, and a deflater would add to the
//! wasm module what it saves in the download.
//!
//! Layout (PKWARE APPNOTE 4.3): for each entry a local file header and its bytes, then the
//! central directory (one header per entry), then the end-of-central-directory record.

use super::binary::crc32;
use crate::error::Result;
use crate::refuse;

/// A date and time for the entries, as zip stores them (MS-DOS format, local time, 2-second
/// resolution, years 1980 to 2107).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosTime {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl DosTime {
    /// 1980-01-01 00:00, the earliest a zip can hold: for reproducible files in tests.
    pub const EPOCH: DosTime = DosTime { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

    fn date(&self) -> u16 {
        let year = self.year.clamp(1980, 2107) - 1980;
        (year << 9) | (u16::from(self.month.clamp(1, 12)) << 5) | u16::from(self.day.clamp(1, 31))
    }

    fn time(&self) -> u16 {
        (u16::from(self.hour.min(23)) << 11)
            | (u16::from(self.minute.min(59)) << 5)
            | u16::from(self.second.min(59) / 2)
    }
}

/// A zip archive being written in memory.
#[derive(Debug)]
pub struct ZipWriter {
    out: Vec<u8>,
    parts: ZipParts,
}

impl ZipWriter {
    pub fn new(time: DosTime) -> Self {
        ZipWriter { out: Vec::new(), parts: ZipParts::new(time) }
    }

    /// Adds a file at `path` ("folder/name.ext", `/` between folders).
    pub fn add(&mut self, path: &str, data: &[u8]) {
        let header = self.parts.local_header(path, data);
        self.out.extend_from_slice(&header);
        self.out.extend_from_slice(data);
    }

    /// The finished archive.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.append(&mut self.parts.finish());
        self.out
    }
}

/// A zip written in parts that the caller puts together: for each file its local header (then
/// the file's own bytes, which this keeps no copy of), and at the end the central directory.
/// For archives larger than the memory one would hold them in: the page joins the parts and the
/// files it already has into one `Blob`.
///
/// Archive = `add(p1, d1) ++ d1 ++ add(p2, d2) ++ d2 ++ ... ++ finish()`.
#[derive(Debug)]
pub struct ZipParts {
    central: Vec<u8>,
    entries: u16,
    /// Bytes of the archive so far: the next local header's offset.
    offset: u64,
    time: DosTime,
}

const VERSION: u16 = 20; // 2.0: needed for folders in names
const MADE_BY_UNIX: u16 = (3 << 8) | VERSION;
const UTF8_NAMES: u16 = 1 << 11;
const FILE_MODE: u32 = 0o100_644 << 16; // a regular file, rw-r--r--
const LOCAL_BYTES: usize = 30; // a local header without its name
const CENTRAL_BYTES: usize = 46; // a central header without its name
const END_BYTES: u64 = 22; // the end record without a comment
/// The most bytes a zip without the zip64 extension holds (its offsets and sizes are u32).
pub const MAX_ZIP_BYTES: u64 = u32::MAX as u64;

impl ZipParts {
    pub fn new(time: DosTime) -> Self {
        ZipParts { central: Vec::new(), entries: 0, offset: 0, time }
    }

    /// Files added so far.
    pub fn len(&self) -> usize {
        usize::from(self.entries)
    }

    /// Parts as if `entries` files of `offset` bytes in all were added already: an archive at
    /// its limits, which a test cannot afford to build.
    #[cfg(test)]
    pub(crate) fn filled(entries: u16, offset: u64) -> Self {
        ZipParts { entries, offset, ..ZipParts::new(DosTime::EPOCH) }
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The local header of a file at `path` with bytes `data`, which go right after it. Refuses
    /// an empty name, the 65,536th file, and an archive that would pass 4 GB (what a zip without
    /// zip64 holds), saying what to leave out.
    pub fn add(&mut self, path: &str, data: &[u8]) -> Result<Vec<u8>> {
        if path.is_empty() || path.len() > usize::from(u16::MAX) {
            refuse!(ZIP_NAME, start = format!("{path:.40}"), bytes = path.len());
        }
        if self.entries == u16::MAX {
            refuse!(ZIP_TOO_MANY);
        }
        let whole = self.offset + Self::bytes_of(path, data.len()) + END_BYTES + self.central.len() as u64;
        if whole > MAX_ZIP_BYTES {
            refuse!(ZIP_TOO_LARGE, gigabytes = format!("{:.2}", whole as f64 / 1e9), path);
        }
        Ok(self.local_header(path, data))
    }

    /// What a file adds to the archive: local header, name, bytes, and its central header.
    fn bytes_of(path: &str, size: usize) -> u64 {
        (LOCAL_BYTES + CENTRAL_BYTES + 2 * path.len() + size) as u64
    }

    /// The local header of a file (the central header is kept for [`ZipParts::finish`]); no
    /// checks: sizes past the format's fields wrap.
    fn local_header(&mut self, path: &str, data: &[u8]) -> Vec<u8> {
        let crc = crc32(data);
        let offset = self.offset as u32;
        let size = data.len() as u32;
        let common = |header: &mut Vec<u8>, time: DosTime| {
            for v in [UTF8_NAMES, 0 /* stored */, time.time(), time.date()] {
                header.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, size, size] {
                header.extend_from_slice(&v.to_le_bytes());
            }
            header.extend_from_slice(&(path.len() as u16).to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        let mut local = Vec::with_capacity(LOCAL_BYTES + path.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&VERSION.to_le_bytes());
        common(&mut local, self.time);
        local.extend_from_slice(path.as_bytes());

        self.central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&MADE_BY_UNIX.to_le_bytes());
        self.central.extend_from_slice(&VERSION.to_le_bytes());
        common(&mut self.central, self.time);
        for v in [0u16 /* comment length */, 0 /* disk */, 0 /* internal attributes */] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&FILE_MODE.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(path.as_bytes());
        self.entries = self.entries.wrapping_add(1);
        self.offset += (local.len() + data.len()) as u64;
        local
    }

    /// The archive's end: the central directory and the end-of-central-directory record.
    pub fn finish(self) -> Vec<u8> {
        let (start, size) = (self.offset as u32, self.central.len() as u32);
        let mut out = self.central;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.entries, self.entries] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        out
    }
}

/// The entries of a zip this module wrote: `(path, bytes)`, for tests and for checking an
/// export without unpacking it. `None` for anything else.
pub fn entries(zip: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut at = 0;
    let mut out = Vec::new();
    while zip.get(at..at + 4)? == 0x0403_4b50u32.to_le_bytes() {
        let word = |o: usize| -> Option<usize> {
            Some(u32::from_le_bytes(zip.get(at + o..at + o + 4)?.try_into().ok()?) as usize)
        };
        let half = |o: usize| -> Option<usize> {
            Some(usize::from(u16::from_le_bytes(zip.get(at + o..at + o + 2)?.try_into().ok()?)))
        };
        let (size, name_len, extra) = (word(18)?, half(26)?, half(28)?);
        let name = String::from_utf8(zip.get(at + 30..at + 30 + name_len)?.to_vec()).ok()?;
        let start = at + 30 + name_len + extra;
        out.push((name, zip.get(start..start + size)?.to_vec()));
        at = start + size;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_archive_lists_its_files_and_ends_with_its_directory() {
        let mut zip = ZipWriter::new(DosTime { year: 2026, month: 11, day: 29, hour: 10, minute: 30, second: 15 });
        zip.add("a/hello.txt", b"hello");
        zip.add("a/empty", b"");
        let bytes = zip.finish();
        let files = entries(&bytes).unwrap();
        assert_eq!(files, vec![("a/hello.txt".into(), b"hello".to_vec()), ("a/empty".into(), vec![])]);
        // end of central directory: two entries, and it is the last 22 bytes
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        // 2026-11-29 10:30:14 in MS-DOS format
        assert_eq!(&bytes[10..14], &[0xC7, 0x53, 0x7D, 0x5D]);
    }

    #[test]
    fn parts_joined_with_the_files_are_the_archive_the_writer_makes() {
        let time = DosTime { year: 2030, month: 2, day: 3, hour: 4, minute: 5, second: 6 };
        let files: [(&str, &[u8]); 3] =
            [("pets/cat/1.png", b"\x89PNG cat"), ("pets/dog/ü.jpg", b"dog"), ("pets/dog/e", b"")];
        let mut writer = ZipWriter::new(time);
        let mut parts = ZipParts::new(time);
        let mut joined = Vec::new();
        for (path, data) in files {
            writer.add(path, data);
            joined.extend(parts.add(path, data).unwrap());
            joined.extend_from_slice(data);
        }
        assert_eq!(parts.len(), 3);
        joined.extend(parts.finish());
        assert_eq!(joined, writer.finish());
        let read = entries(&joined).unwrap();
        assert_eq!(read.iter().map(|(p, d)| (p.as_str(), d.as_slice())).collect::<Vec<_>>(), files);
    }

    #[test]
    fn parts_refuse_an_empty_name_the_65536th_file_and_passing_4_gb() {
        let mut parts = ZipParts::new(DosTime::EPOCH);
        assert!(parts.add("", b"x").unwrap_err().message().contains("1 to 65535 bytes"));
        parts.entries = u16::MAX;
        assert!(parts.add("a/b.png", b"x").unwrap_err().message().contains("at most 65535 files"));
        parts.entries = 3;
        parts.offset = MAX_ZIP_BYTES - 100;
        let err = parts.add("a/b.png", &[0; 40]).unwrap_err();
        assert!(err.message().contains("would pass 4 GB (4.29 GB with a/b.png)"), "{err}");
        assert!(parts.add("a/b.png", b"").is_err(), "the end record counts too");
        assert_eq!(parts.len(), 3, "nothing refused was added");
    }
}
