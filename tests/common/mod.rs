#![allow(dead_code)]
pub mod kernels;
pub mod parity;
