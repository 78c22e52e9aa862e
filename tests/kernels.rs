//! The kernel checks of `common::kernels` natively (portable lanes); `tests/wasm.rs` runs them
//! in the browser on the wasm SIMD128 lanes. The matrix products are bit-identical to the plain
//! triple loop.

mod common;

#[test]
fn the_kernels_agree_with_their_definitions() {
    common::kernels::max_pool_agrees_with_one_window_at_a_time();
    common::kernels::relu_agrees_with_its_rule();
    common::kernels::sparse_backward_agrees_with_the_dense_products();
}

#[test]
fn the_tiled_products_equal_the_triple_loop() {
    common::kernels::gemm_equals_the_triple_loop().unwrap();
}
