//! The matrix products are bit-identical to the plain triple loop (see `common::kernels`);
//! `tests/wasm.rs` checks the same in wasm with simd128.

mod common;

#[test]
fn the_tiled_products_equal_the_triple_loop() {
    common::kernels::gemm_equals_the_triple_loop().unwrap();
}
