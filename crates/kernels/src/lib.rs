//! The hot loops: matrix products, the unfolding of images into columns (im2col), a one-channel
//! convolution's forward straight from the image, the 5 x 5 convolution's forward by Winograd's
//! method, pooling and the sparse convolution backward.
//!
//! Everything works on row-major slices. The loops are written so that the innermost one runs
//! over contiguous memory with independent lanes, which LLVM turns into SIMD (wasm simd128 when
//! built with `+simd128`, SSE/AVX natively). Summation order is fixed by the source, so results
//! are bit-identical from run to run.

pub mod direct;
pub mod elementwise;
pub mod gemm;
pub mod im2col;
pub mod lanes;
pub mod layout;
pub mod peak;
pub mod pool;
pub mod sparse;
pub mod winograd;
