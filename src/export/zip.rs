//! A small zip writer: stored (uncompressed) entries, as every unzip tool, Python's `zipfile`
//! and the operating systems' file managers read them. Stored, not deflated: the bulk of an
//! export is f32 weights, which deflate shrinks by only ~10%, and a deflater would add to the
//! wasm module what it saves in the download.
//!
//! Layout (PKWARE APPNOTE 4.3): for each entry a local file header and its bytes, then the
//! central directory (one header per entry), then the end-of-central-directory record.

use super::binary::crc32;

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
    central: Vec<u8>,
    entries: u16,
    time: DosTime,
}

const VERSION: u16 = 20; // 2.0: needed for folders in names
const MADE_BY_UNIX: u16 = (3 << 8) | VERSION;
const UTF8_NAMES: u16 = 1 << 11;
const FILE_MODE: u32 = 0o100_644 << 16; // a regular file, rw-r--r--

impl ZipWriter {
    pub fn new(time: DosTime) -> Self {
        ZipWriter { out: Vec::new(), central: Vec::new(), entries: 0, time }
    }

    /// Adds a file at `path` ("folder/name.ext", `/` between folders).
    pub fn add(&mut self, path: &str, data: &[u8]) {
        let crc = crc32(data);
        let offset = self.out.len() as u32;
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
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&VERSION.to_le_bytes());
        common(&mut self.out, self.time);
        self.out.extend_from_slice(path.as_bytes());
        self.out.extend_from_slice(data);

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
        self.entries += 1;
    }

    /// The finished archive.
    pub fn finish(mut self) -> Vec<u8> {
        let (start, size) = (self.out.len() as u32, self.central.len() as u32);
        self.out.append(&mut self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.entries, self.entries] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        self.out
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
}
