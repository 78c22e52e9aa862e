#![allow(dead_code)]
pub mod kernels;
pub mod mnist;
pub mod parity;
pub mod pillow;
