#![allow(dead_code)]
#[cfg(target_arch = "wasm32")]
pub mod js;
pub mod kernels;
pub mod mnist;
pub mod parity;
pub mod pillow;
pub mod runs;
