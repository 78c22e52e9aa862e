//! A small `mnist.bin` for tests (format in `www/data/README.md`), shared by the native unit
//! tests (`src/data_tests.rs` includes this file) and the wasm tests.

/// `count` images of `rows x cols`: pixel `p` of image `i` is `(i + p) % 256`, label `i % 10`.
pub fn mnist_bytes(count: usize, rows: usize, cols: usize) -> Vec<u8> {
    let mut bytes = b"MNST".to_vec();
    for v in [count, rows, cols] {
        bytes.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for i in 0..count {
        bytes.extend((0..rows * cols).map(|p| ((i + p) % 256) as u8));
    }
    bytes.extend((0..count).map(|i| (i % 10) as u8));
    bytes
}
