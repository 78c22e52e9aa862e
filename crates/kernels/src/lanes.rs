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
        /// `self + other`
        #[inline(always)]
        pub fn plus(self, other: Self) -> Self {
            F32x4(f32x4_add(self.0, other.0))
        }
        /// `self - other`
        #[inline(always)]
        pub fn minus(self, other: Self) -> Self {
            F32x4(f32x4_sub(self.0, other.0))
        }
        /// `self * other`
        #[inline(always)]
        pub fn times(self, other: Self) -> Self {
            F32x4(f32x4_mul(self.0, other.0))
        }
        #[inline(always)]
        pub fn from_array(a: [f32; 4]) -> Self {
            F32x4(f32x4(a[0], a[1], a[2], a[3]))
        }
        /// The four lanes as an array.
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ]
        }
        /// `(a0 b0 a1 b1, a2 b2 a3 b3)`: two vectors' lanes interleaved.
        #[inline(always)]
        pub fn zip(a: Self, b: Self) -> (Self, Self) {
            (F32x4(i32x4_shuffle::<0, 4, 1, 5>(a.0, b.0)), F32x4(i32x4_shuffle::<2, 6, 3, 7>(a.0, b.0)))
        }
        /// `(a0 a2 b0 b2, a1 a3 b1 b3)`: the even and the odd lanes of eight.
        #[inline(always)]
        pub fn unzip(a: Self, b: Self) -> (Self, Self) {
            (F32x4(i32x4_shuffle::<0, 2, 4, 6>(a.0, b.0)), F32x4(i32x4_shuffle::<1, 3, 5, 7>(a.0, b.0)))
        }
        /// `(a1 a2 a3 b0, a2 a3 b0 b1)`: four lanes one and two further along `a` then `b`.
        #[inline(always)]
        pub fn along(a: Self, b: Self) -> (Self, Self) {
            (F32x4(i32x4_shuffle::<1, 2, 3, 4>(a.0, b.0)), F32x4(i32x4_shuffle::<2, 3, 4, 5>(a.0, b.0)))
        }
        /// `p[0], p[S], p[2S], p[3S]`: four lanes `S` apart, reading nothing past `p[3S]`.
        ///
        /// # Safety
        /// `p..=p + 3S` must be readable.
        #[inline(always)]
        pub unsafe fn read_every<const S: usize>(p: *const f32) -> Self {
            match S {
                1 => Self::read(p),
                // lanes 0 and 2 of p[0..4], lanes 1 and 3 of p[3..7]
                2 => {
                    F32x4(i32x4_shuffle::<0, 2, 5, 7>(v128_load(p as *const v128), v128_load(p.add(3) as *const v128)))
                }
                // lanes 0 and 3 of p[0..4], lanes 0 and 3 of p[6..10]
                3 => {
                    F32x4(i32x4_shuffle::<0, 3, 4, 7>(v128_load(p as *const v128), v128_load(p.add(6) as *const v128)))
                }
                _ => F32x4(f32x4(*p, *p.add(S), *p.add(2 * S), *p.add(3 * S))),
            }
        }
        /// ReLU as PyTorch has it: `x` where `x > 0` or `x` is NaN, else `+0`.
        #[inline(always)]
        pub fn relu(self) -> Self {
            let keep = v128_or(f32x4_gt(self.0, f32x4_splat(0.0)), f32x4_ne(self.0, self.0));
            F32x4(v128_and(self.0, keep))
        }
        /// `self` where `gate > 0`, else `+0` (ReLU's backward, gated by its output).
        #[inline(always)]
        pub fn where_positive(self, gate: Self) -> Self {
            F32x4(v128_and(self.0, f32x4_gt(gate.0, f32x4_splat(0.0))))
        }
        /// Lanes where `self > other` (false where either is NaN).
        #[inline(always)]
        pub fn gt(self, other: Self) -> Mask4 {
            Mask4(f32x4_gt(self.0, other.0))
        }
        #[inline(always)]
        pub fn is_nan(self) -> Mask4 {
            Mask4(f32x4_ne(self.0, self.0))
        }
        /// Lanes that are not zero (NaN included).
        #[inline(always)]
        pub fn nonzero(self) -> Mask4 {
            Mask4(f32x4_ne(self.0, f32x4_splat(0.0)))
        }
        /// `yes` in the lanes of `mask`, else `no`.
        #[inline(always)]
        pub fn select(mask: Mask4, yes: Self, no: Self) -> Self {
            F32x4(v128_bitselect(yes.0, no.0, mask.0))
        }
    }

    /// Four lanes of true or false, from a comparison of [`F32x4`]s.
    #[derive(Clone, Copy)]
    pub struct Mask4(v128);

    impl Mask4 {
        #[inline(always)]
        pub fn none() -> Self {
            Mask4(i32x4_splat(0))
        }
        #[inline(always)]
        pub fn or(self, other: Self) -> Self {
            Mask4(v128_or(self.0, other.0))
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            v128_any_true(self.0)
        }
    }

    /// Four u32 lanes: indices that travel with [`F32x4`] values (max-pool switches).
    #[derive(Clone, Copy)]
    pub struct U32x4(v128);

    impl U32x4 {
        #[inline(always)]
        pub fn splat(x: u32) -> Self {
            U32x4(u32x4_splat(x))
        }
        /// `[x, x + step, x + 2 step, x + 3 step]`
        #[inline(always)]
        pub fn ramp(x: u32, step: u32) -> Self {
            U32x4(u32x4(x, x + step, x + 2 * step, x + 3 * step))
        }
        #[inline(always)]
        pub fn plus(self, other: Self) -> Self {
            U32x4(i32x4_add(self.0, other.0))
        }
        /// `yes` in the lanes of `mask`, else `no`.
        #[inline(always)]
        pub fn select(mask: Mask4, yes: Self, no: Self) -> Self {
            U32x4(v128_bitselect(yes.0, no.0, mask.0))
        }
        /// # Safety
        /// `p..p + 4` must be writable.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut u32) {
            v128_store(p as *mut v128, self.0)
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
        #[inline(always)]
        pub fn plus(self, other: Self) -> Self {
            let (a, b) = (self.0, other.0);
            F32x4([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]])
        }
        #[inline(always)]
        pub fn minus(self, other: Self) -> Self {
            let (a, b) = (self.0, other.0);
            F32x4([a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]])
        }
        #[inline(always)]
        pub fn times(self, other: Self) -> Self {
            let (a, b) = (self.0, other.0);
            F32x4([a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]])
        }
        #[inline(always)]
        pub fn from_array(a: [f32; 4]) -> Self {
            F32x4(a)
        }
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            self.0
        }
        #[inline(always)]
        pub fn zip(a: Self, b: Self) -> (Self, Self) {
            let (a, b) = (a.0, b.0);
            (F32x4([a[0], b[0], a[1], b[1]]), F32x4([a[2], b[2], a[3], b[3]]))
        }
        #[inline(always)]
        pub fn unzip(a: Self, b: Self) -> (Self, Self) {
            let (a, b) = (a.0, b.0);
            (F32x4([a[0], a[2], b[0], b[2]]), F32x4([a[1], a[3], b[1], b[3]]))
        }
        #[inline(always)]
        pub fn along(a: Self, b: Self) -> (Self, Self) {
            let (a, b) = (a.0, b.0);
            (F32x4([a[1], a[2], a[3], b[0]]), F32x4([a[2], a[3], b[0], b[1]]))
        }
        /// # Safety
        /// `p..=p + 3S` must be readable.
        #[inline(always)]
        pub unsafe fn read_every<const S: usize>(p: *const f32) -> Self {
            F32x4([*p, *p.add(S), *p.add(2 * S), *p.add(3 * S)])
        }
        #[inline(always)]
        pub fn relu(self) -> Self {
            F32x4(self.0.map(|x| if x > 0.0 || x.is_nan() { x } else { 0.0 }))
        }
        #[inline(always)]
        pub fn where_positive(self, gate: Self) -> Self {
            let (x, g) = (self.0, gate.0);
            F32x4([0, 1, 2, 3].map(|l| if g[l] > 0.0 { x[l] } else { 0.0 }))
        }
        #[inline(always)]
        pub fn gt(self, other: Self) -> Mask4 {
            let (a, b) = (self.0, other.0);
            Mask4([a[0] > b[0], a[1] > b[1], a[2] > b[2], a[3] > b[3]])
        }
        #[inline(always)]
        pub fn is_nan(self) -> Mask4 {
            Mask4(self.0.map(f32::is_nan))
        }
        #[inline(always)]
        pub fn nonzero(self) -> Mask4 {
            Mask4(self.0.map(|x| x != 0.0))
        }
        #[inline(always)]
        pub fn select(mask: Mask4, yes: Self, no: Self) -> Self {
            F32x4([0, 1, 2, 3].map(|l| if mask.0[l] { yes.0[l] } else { no.0[l] }))
        }
    }

    #[derive(Clone, Copy)]
    pub struct Mask4([bool; 4]);

    impl Mask4 {
        #[inline(always)]
        pub fn none() -> Self {
            Mask4([false; 4])
        }
        #[inline(always)]
        pub fn or(self, other: Self) -> Self {
            let (a, b) = (self.0, other.0);
            Mask4([a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]])
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            (self.0[0] | self.0[1]) | (self.0[2] | self.0[3])
        }
    }

    #[derive(Clone, Copy)]
    pub struct U32x4([u32; 4]);

    impl U32x4 {
        #[inline(always)]
        pub fn splat(x: u32) -> Self {
            U32x4([x; 4])
        }
        #[inline(always)]
        pub fn ramp(x: u32, step: u32) -> Self {
            U32x4([x, x + step, x + 2 * step, x + 3 * step])
        }
        #[inline(always)]
        pub fn plus(self, other: Self) -> Self {
            let (a, b) = (self.0, other.0);
            U32x4([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]])
        }
        #[inline(always)]
        pub fn select(mask: Mask4, yes: Self, no: Self) -> Self {
            U32x4([0, 1, 2, 3].map(|l| if mask.0[l] { yes.0[l] } else { no.0[l] }))
        }
        /// # Safety
        /// `p..p + 4` must be writable.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut u32) {
            core::ptr::write_unaligned(p as *mut [u32; 4], self.0)
        }
    }
}

pub use imp::{F32x4, Mask4, U32x4};
