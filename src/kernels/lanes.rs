//! Four f32 lanes: one wasm simd128 `v128` when built with `+simd128`, else a plain array that
//! LLVM vectorizes natively. The GEMM microkernels are written once against this type.
//!
//! `mul_add(a, b)` is a multiply then an add (`self + a * b`, rounded twice): wasm SIMD128 has
//! no fused multiply-add, and the portable path rounds the same way, so both give the very
//! same bits as the scalar loop `c += a * b`.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F32x4(v128);

    impl F32x4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F32x4(f32x4_splat(x))
        }
        /// The first four values of `s` (panics when shorter).
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            let s = &s[..4];
            // SAFETY: `s` has four f32 (16 bytes); wasm loads need no alignment.
            F32x4(unsafe { v128_load(s.as_ptr() as *const v128) })
        }
        /// The four values at `p`, for microkernels that checked their bounds once up front.
        ///
        /// # Safety
        /// `p..p + 4` must be readable.
        #[inline(always)]
        pub unsafe fn read(p: *const f32) -> Self {
            F32x4(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p..p + 4` must be writable.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            F32x4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }
        /// `(l0 + l1) + (l2 + l3)`
        #[inline(always)]
        pub fn sum(self) -> f32 {
            (f32x4_extract_lane::<0>(self.0) + f32x4_extract_lane::<1>(self.0))
                + (f32x4_extract_lane::<2>(self.0) + f32x4_extract_lane::<3>(self.0))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F32x4([f32; 4]);

    impl F32x4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F32x4([x; 4])
        }
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            F32x4(s[..4].try_into().unwrap())
        }
        /// # Safety
        /// `p..p + 4` must be readable.
        #[inline(always)]
        pub unsafe fn read(p: *const f32) -> Self {
            F32x4(core::ptr::read_unaligned(p as *const [f32; 4]))
        }
        /// # Safety
        /// `p..p + 4` must be writable.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut f32) {
            core::ptr::write_unaligned(p as *mut [f32; 4], self.0)
        }
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            let (r, a, b) = (self.0, a.0, b.0);
            F32x4([r[0] + a[0] * b[0], r[1] + a[1] * b[1], r[2] + a[2] * b[2], r[3] + a[3] * b[3]])
        }
        #[inline(always)]
        pub fn sum(self) -> f32 {
            (self.0[0] + self.0[1]) + (self.0[2] + self.0[3])
        }
    }
}

pub use imp::F32x4;
