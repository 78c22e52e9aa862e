//! ReLU forward and backward, four lanes at a time, and the check of a batch's input: the
//! element-wise loops of a training step.
//!
//! # Shapes
//! every slice of one call has the same length.

use super::lanes::F32x4;

/// `y = max(x, 0)`: NaN stays NaN (as in PyTorch, so a diverging run is seen as such), -0
/// and negatives become +0.
pub fn relu(x: &[f32], y: &mut [f32]) {
    by_lanes(y, [x, x], |[x, _]| x.relu(), |[x, _]| if x > 0.0 || x.is_nan() { x } else { 0.0 })
}

/// `dx = dy` where the output `y` is positive, else 0.
pub fn relu_backward(y: &[f32], dy: &[f32], dx: &mut [f32]) {
    by_lanes(dx, [dy, y], |[dy, y]| dy.where_positive(y), |[dy, y]| if y > 0.0 { dy } else { 0.0 })
}

/// Whether every value is finite (one pass without early exit, which vectorizes).
pub fn all_finite(values: &[f32]) -> bool {
    values.iter().fold(true, |finite, v| finite & v.is_finite())
}

/// `out[i] = f([a[i], b[i]])`, four lanes at a time by `f4`, the last `len % 4` by `f1`.
#[inline(always)]
fn by_lanes(out: &mut [f32], [a, b]: [&[f32]; 2], f4: impl Fn([F32x4; 2]) -> F32x4, f1: impl Fn([f32; 2]) -> f32) {
    let len = out.len();
    assert!(a.len() >= len && b.len() >= len);
    let body = len - len % 4;
    let (o, a4, b4) = (out.as_mut_ptr(), a.as_ptr(), b.as_ptr());
    for i in (0..body).step_by(4) {
        // SAFETY: i + 4 <= body <= len, within all three slices (checked above).
        unsafe { f4([F32x4::read(a4.add(i)), F32x4::read(b4.add(i))]).write(o.add(i)) }
    }
    for i in body..len {
        out[i] = f1([a[i], b[i]]);
    }
}
