#![allow(dead_code)]
pub mod parity;
pub mod pillow;
