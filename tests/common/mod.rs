#![allow(dead_code)]
pub mod parity;
