//! Four f32 lanes: one wasm simd128 `v128` when built with `+simd128`, one SSE `__m128` on
//! x86-64, else a plain array that LLVM vectorizes. The kernels are written once against this
//! type.
//!
//! `mul_add(a, b)` is a multiply then an add (`self + a * b`, rounded twice): wasm SIMD128 has
//! no fused multiply-add, and the other paths round the same way, so all give the very same
//! bits as the scalar loop `c += a * b`.

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

/// x86-64's SSE (in every x86-64 CPU): the same operations as wasm SIMD128, one `__m128` each.
/// Natively LLVM would vectorize the plain arrays of the portable path, but it takes overlapping
/// reads of an image row apart into scalar loads and shuffles (the one-channel convolution's
/// forward ran 9% slower that way), so the vectors are explicit here as in wasm.
#[cfg(all(target_arch = "x86_64", not(all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct F32x4(__m128);

    // SAFETY (every intrinsic below): SSE and SSE2 are part of x86-64, so always available.
    impl F32x4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F32x4(unsafe { _mm_set1_ps(x) })
        }
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            let s = &s[..4];
            F32x4(unsafe { _mm_loadu_ps(s.as_ptr()) })
        }
        /// # Safety
        /// `p..p + 4` must be readable.
        #[inline(always)]
        pub unsafe fn read(p: *const f32) -> Self {
            F32x4(_mm_loadu_ps(p))
        }
        /// # Safety
        /// `p..p + 4` must be writable.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut f32) {
            _mm_storeu_ps(p, self.0)
        }
        #[inline(always)]
        pub fn mul_add(self, a: Self, b: Self) -> Self {
            F32x4(unsafe { _mm_add_ps(self.0, _mm_mul_ps(a.0, b.0)) })
        }
        #[inline(always)]
        pub fn sum(self) -> f32 {
            let l = self.to_array();
            (l[0] + l[1]) + (l[2] + l[3])
        }
        #[inline(always)]
        pub fn plus(self, other: Self) -> Self {
            F32x4(unsafe { _mm_add_ps(self.0, other.0) })
        }
        #[inline(always)]
        pub fn minus(self, other: Self) -> Self {
            F32x4(unsafe { _mm_sub_ps(self.0, other.0) })
        }
        #[inline(always)]
        pub fn times(self, other: Self) -> Self {
            F32x4(unsafe { _mm_mul_ps(self.0, other.0) })
        }
        #[inline(always)]
        pub fn from_array(a: [f32; 4]) -> Self {
            F32x4(unsafe { _mm_loadu_ps(a.as_ptr()) })
        }
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            let mut a = [0.0; 4];
            unsafe { _mm_storeu_ps(a.as_mut_ptr(), self.0) };
            a
        }
        /// `(a0 b0 a1 b1, a2 b2 a3 b3)`
        #[inline(always)]
        pub fn zip(a: Self, b: Self) -> (Self, Self) {
            unsafe { (F32x4(_mm_unpacklo_ps(a.0, b.0)), F32x4(_mm_unpackhi_ps(a.0, b.0))) }
        }
        /// `(a0 a2 b0 b2, a1 a3 b1 b3)`
        #[inline(always)]
        pub fn unzip(a: Self, b: Self) -> (Self, Self) {
            unsafe {
                (F32x4(_mm_shuffle_ps::<0b10_00_10_00>(a.0, b.0)), F32x4(_mm_shuffle_ps::<0b11_01_11_01>(a.0, b.0)))
            }
        }
        /// `(a1 a2 a3 b0, a2 a3 b0 b1)`
        #[inline(always)]
        pub fn along(a: Self, b: Self) -> (Self, Self) {
            unsafe {
                let two = _mm_shuffle_ps::<0b01_00_11_10>(a.0, b.0); // a2 a3 b0 b1
                let ends = _mm_shuffle_ps::<0b00_00_11_11>(a.0, b.0); // a3 a3 b0 b0
                (F32x4(_mm_shuffle_ps::<0b10_00_10_01>(a.0, ends)), F32x4(two))
            }
        }
        /// # Safety
        /// `p..=p + 3S` must be readable.
        #[inline(always)]
        pub unsafe fn read_every<const S: usize>(p: *const f32) -> Self {
            match S {
                1 => Self::read(p),
                _ => F32x4(_mm_setr_ps(*p, *p.add(S), *p.add(2 * S), *p.add(3 * S))),
            }
        }
        /// `x` where `x > 0` or `x` is NaN, else `+0`.
        #[inline(always)]
        pub fn relu(self) -> Self {
            unsafe {
                let keep = _mm_or_ps(_mm_cmpgt_ps(self.0, _mm_setzero_ps()), _mm_cmpunord_ps(self.0, self.0));
                F32x4(_mm_and_ps(self.0, keep))
            }
        }
        #[inline(always)]
        pub fn where_positive(self, gate: Self) -> Self {
            F32x4(unsafe { _mm_and_ps(self.0, _mm_cmpgt_ps(gate.0, _mm_setzero_ps())) })
        }
        #[inline(always)]
        pub fn gt(self, other: Self) -> Mask4 {
            Mask4(unsafe { _mm_cmpgt_ps(self.0, other.0) })
        }
        #[inline(always)]
        pub fn is_nan(self) -> Mask4 {
            Mask4(unsafe { _mm_cmpunord_ps(self.0, self.0) })
        }
        /// Lanes that are not zero (NaN included).
        #[inline(always)]
        pub fn nonzero(self) -> Mask4 {
            Mask4(unsafe { _mm_cmpneq_ps(self.0, _mm_setzero_ps()) })
        }
        #[inline(always)]
        pub fn select(mask: Mask4, yes: Self, no: Self) -> Self {
            F32x4(unsafe { _mm_or_ps(_mm_and_ps(mask.0, yes.0), _mm_andnot_ps(mask.0, no.0)) })
        }
    }

    #[derive(Clone, Copy)]
    pub struct Mask4(__m128);

    impl Mask4 {
        #[inline(always)]
        pub fn none() -> Self {
            Mask4(unsafe { _mm_setzero_ps() })
        }
        #[inline(always)]
        pub fn or(self, other: Self) -> Self {
            Mask4(unsafe { _mm_or_ps(self.0, other.0) })
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            unsafe { _mm_movemask_ps(self.0) != 0 }
        }
    }

    #[derive(Clone, Copy)]
    pub struct U32x4(__m128i);

    impl U32x4 {
        #[inline(always)]
        pub fn splat(x: u32) -> Self {
            U32x4(unsafe { _mm_set1_epi32(x as i32) })
        }
        #[inline(always)]
        pub fn ramp(x: u32, step: u32) -> Self {
            let l = [x, x + step, x + 2 * step, x + 3 * step];
            U32x4(unsafe { _mm_setr_epi32(l[0] as i32, l[1] as i32, l[2] as i32, l[3] as i32) })
        }
        #[inline(always)]
        pub fn plus(self, other: Self) -> Self {
            U32x4(unsafe { _mm_add_epi32(self.0, other.0) })
        }
        #[inline(always)]
        pub fn select(mask: Mask4, yes: Self, no: Self) -> Self {
            unsafe {
                let m = _mm_castps_si128(mask.0);
                U32x4(_mm_or_si128(_mm_and_si128(m, yes.0), _mm_andnot_si128(m, no.0)))
            }
        }
        /// # Safety
        /// `p..p + 4` must be writable.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut u32) {
            _mm_storeu_si128(p as *mut __m128i, self.0)
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
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

#[cfg(test)]
mod tests {
    use super::*;

    const A: [f32; 4] = [1.5, -0.0, f32::NAN, -2.25];
    const B: [f32; 4] = [0.5, 3.0, -1.0, f32::INFINITY];

    fn bits(v: F32x4) -> [u32; 4] {
        v.to_array().map(f32::to_bits)
    }

    fn lanes(mask: Mask4) -> [f32; 4] {
        F32x4::select(mask, F32x4::splat(1.0), F32x4::splat(0.0)).to_array()
    }

    #[test]
    fn every_operation_gives_the_lanes_of_its_scalar_definition() {
        let (a, b) = (F32x4::from_array(A), F32x4::from_array(B));
        let each = |f: fn(f32, f32) -> f32| [0, 1, 2, 3].map(|l| f(A[l], B[l]).to_bits());
        assert_eq!(bits(a.mul_add(b, a)), each(|x, y| x + y * x));
        assert_eq!(bits(a.plus(b)), each(|x, y| x + y));
        assert_eq!(bits(a.minus(b)), each(|x, y| x - y));
        assert_eq!(bits(a.times(b)), each(|x, y| x * y));
        let (lo, hi) = F32x4::zip(a, b);
        assert_eq!(
            (bits(lo), bits(hi)),
            (bits(F32x4::from_array([A[0], B[0], A[1], B[1]])), bits(F32x4::from_array([A[2], B[2], A[3], B[3]])))
        );
        let (even, odd) = F32x4::unzip(a, b);
        assert_eq!(
            (bits(even), bits(odd)),
            (bits(F32x4::from_array([A[0], A[2], B[0], B[2]])), bits(F32x4::from_array([A[1], A[3], B[1], B[3]])))
        );
        let (one, two) = F32x4::along(a, b);
        assert_eq!(
            (bits(one), bits(two)),
            (bits(F32x4::from_array([A[1], A[2], A[3], B[0]])), bits(F32x4::from_array([A[2], A[3], B[0], B[1]])))
        );
        let row: Vec<f32> = (0..12).map(|i| i as f32).collect();
        // SAFETY: row holds 12 values, read up to index 9
        unsafe {
            assert_eq!(F32x4::read_every::<3>(row.as_ptr()).to_array(), [0.0, 3.0, 6.0, 9.0]);
            assert_eq!(F32x4::read_every::<2>(row.as_ptr()).to_array(), [0.0, 2.0, 4.0, 6.0]);
        }
        // ReLU: x where x > 0 or NaN, else +0 (so -0 becomes +0)
        assert_eq!(bits(a.relu()), [1.5f32.to_bits(), 0, f32::NAN.to_bits(), 0]);
        assert_eq!(bits(a.where_positive(b)), [1.5f32.to_bits(), (-0.0f32).to_bits(), 0, (-2.25f32).to_bits()]);
        assert_eq!(lanes(a.gt(b)), [1.0, 0.0, 0.0, 0.0]);
        assert_eq!(lanes(a.is_nan()), [0.0, 0.0, 1.0, 0.0]);
        assert_eq!(lanes(a.nonzero()), [1.0, 0.0, 1.0, 1.0]);
        assert!(a.is_nan().any() && !Mask4::none().any() && Mask4::none().or(a.gt(b)).any());
        assert_eq!(a.plus(F32x4::splat(1.0)).relu().to_array()[..2], [2.5, 1.0]);
        let mut out = [0u32; 4];
        let idx = U32x4::select(a.gt(b), U32x4::ramp(10, 2), U32x4::splat(7).plus(U32x4::splat(1)));
        // SAFETY: out holds four values
        unsafe { idx.write(out.as_mut_ptr()) };
        assert_eq!(out, [10, 8, 8, 8]);
    }
}
