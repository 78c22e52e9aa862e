#![allow(dead_code)]
#[cfg(target_arch = "wasm32")]
pub mod js;
pub mod parity;
pub mod pillow;
pub mod runs;
