//! Unfolding an image into columns so that a convolution becomes one matrix product, and the
//! reverse (col2im) that sums gradients back onto the image.
//!
//! For an input `[c, h, w]`, a kernel `[kh, kw]`, stride `[sh, sw]` and padding
//! `[top, bottom, left, right]`, the columns matrix is `[c * kh * kw, oh * ow]`: row
//! `(ci * kh + ki) * kw + kj` holds, for every output position, the input pixel under kernel
//! tap `(ci, ki, kj)`, or 0 where the window hangs over the zero padding.

use super::lanes::F32x4;

/// The geometry of one convolution on one example.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub channels: usize,
    pub height: usize,
    pub width: usize,
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    /// `[top, bottom, left, right]`
    pub padding: [usize; 4],
    pub out_height: usize,
    pub out_width: usize,
}

impl Window {
    /// Rows of the columns matrix: `c * kh * kw`.
    pub fn rows(&self) -> usize {
        self.channels * self.kernel[0] * self.kernel[1]
    }
    /// Columns of the columns matrix: `oh * ow`.
    pub fn cols(&self) -> usize {
        self.out_height * self.out_width
    }

    /// Whether [`im2col_padded`] applies: stride 1.
    pub fn unit_stride(&self) -> bool {
        self.stride == [1, 1]
    }

    /// Values of the zero-padded image `[c, h + top + bottom, w + left + right]`.
    pub fn padded_len(&self) -> usize {
        let [top, bottom, left, right] = self.padding;
        self.channels * (self.height + top + bottom) * (self.width + left + right)
    }

    /// The output columns `[lo, hi)` whose input column `ow * sw + offset - left` lies inside
    /// `[0, limit)`; the same rule serves rows.
    fn valid_range(out: usize, stride: usize, offset: usize, pad: usize, limit: usize) -> (usize, usize) {
        // o * stride + offset >= pad   and   o * stride + offset < pad + limit
        let lo = if offset >= pad { 0 } else { (pad - offset).div_ceil(stride) };
        let hi = if pad + limit <= offset { 0 } else { (pad + limit - offset).div_ceil(stride).min(out) };
        (lo.min(hi), hi)
    }

    /// Visits every (kernel tap, output row) pair with the input row it reads and the range of
    /// output columns inside the image: `f(row_in_cols, oh, input_offset_of_column_lo, lo, hi)`,
    /// the offset `None` where the whole segment lies over the padding.
    #[inline(always)]
    fn for_each_segment(&self, mut f: impl FnMut(usize, usize, Option<usize>, usize, usize)) {
        let [kh, kw] = self.kernel;
        let [sh, sw] = self.stride;
        let [top, _, left, _] = self.padding;
        for ci in 0..self.channels {
            for ki in 0..kh {
                for kj in 0..kw {
                    let row = (ci * kh + ki) * kw + kj;
                    let (lo, hi) = Self::valid_range(self.out_width, sw, kj, left, self.width);
                    for oh in 0..self.out_height {
                        let ih = oh * sh + ki;
                        let inside = ih >= top && ih - top < self.height && lo < hi;
                        // The input index is given for output column `lo`, the first inside the
                        // image (column 0 may sit over the left padding).
                        let base = inside.then(|| (ci * self.height + ih - top) * self.width + lo * sw + kj - left);
                        f(row, oh, base, lo, hi);
                    }
                }
            }
        }
    }
}

/// `cols[rows x cols] = unfold(image[c x h x w])`.
pub fn im2col(image: &[f32], win: &Window, cols: &mut [f32]) {
    let (n, ow, sw) = (win.cols(), win.out_width, win.stride[1]);
    win.for_each_segment(|row, oh, base, lo, hi| {
        let out = &mut cols[row * n + oh * ow..row * n + oh * ow + ow];
        match base {
            None => out.fill(0.0),
            Some(base) => {
                out[..lo].fill(0.0);
                out[hi..].fill(0.0);
                if sw == 1 {
                    out[lo..hi].copy_from_slice(&image[base..base + (hi - lo)]);
                } else {
                    for (o, v) in out[lo..hi].iter_mut().zip(image[base..].iter().step_by(sw)) {
                        *o = *v;
                    }
                }
            }
        }
    });
}

/// `image[c x h x w] += fold(cols[rows x cols])`: each column entry is added back onto the
/// pixel it was read from; entries over the padding are dropped.
pub fn col2im(cols: &[f32], win: &Window, image: &mut [f32]) {
    let (n, ow, sw) = (win.cols(), win.out_width, win.stride[1]);
    win.for_each_segment(|row, oh, base, lo, hi| {
        if let Some(base) = base {
            let src = &cols[row * n + oh * ow + lo..row * n + oh * ow + hi];
            if sw == 1 {
                for (d, s) in image[base..base + (hi - lo)].iter_mut().zip(src) {
                    *d += s;
                }
            } else {
                for (d, s) in image[base..].iter_mut().step_by(sw).zip(src) {
                    *d += s;
                }
            }
        }
    });
}

/// [`im2col`] for stride 1, through `padded` ([`Window::padded_len`] values, overwritten with
/// the zero-padded image `[c, h + top + bottom, w + left + right]`). Every segment of the columns is then a plain
/// copy of `ow` values, `cols[(ci, ki, kj), (oh, :)] = padded[ci, oh + ki, kj..kj + ow]`, with
/// no range checks and no call into `memcpy` per segment (a slow call in wasm).
pub fn im2col_padded(image: &[f32], win: &Window, padded: &mut [f32], cols: &mut [f32]) {
    let (pw, ph) = padded_size(win);
    let [top, _, left, _] = win.padding;
    padded.fill(0.0);
    for (plane, image_plane) in
        padded.chunks_exact_mut(ph * pw).zip(image.chunks_exact(win.height * win.width)).take(win.channels)
    {
        for (row, image_row) in plane[top * pw..].chunks_exact_mut(pw).zip(image_plane.chunks_exact(win.width)) {
            row[left..left + win.width].copy_from_slice(image_row);
        }
    }
    let (ow, oh, n) = (win.out_width, win.out_height, win.cols());
    assert!(cols.len() >= win.rows() * n && padded.len() >= win.padded_len() && win.unit_stride());
    assert!(oh + win.kernel[0] - 1 <= ph && ow + win.kernel[1] - 1 <= pw);
    let [kh, kw] = win.kernel;
    for ci in 0..win.channels {
        for ki in 0..kh {
            for kj in 0..kw {
                let row = (ci * kh + ki) * kw + kj;
                for o in 0..oh {
                    let from = (ci * ph + o + ki) * pw + kj;
                    // SAFETY: `from + ow <= (ci * ph + oh - 1 + kh - 1) * pw + kw - 1 + ow
                    // <= (ci + 1) * ph * pw` and `row * n + o * ow + ow <= rows * n`, both
                    // checked above.
                    unsafe { copy_row(padded.as_ptr().add(from), cols.as_mut_ptr().add(row * n + o * ow), ow) }
                }
            }
        }
    }
}

/// `(width, height)` of the padded image.
fn padded_size(win: &Window) -> (usize, usize) {
    let [top, bottom, left, right] = win.padding;
    (win.width + left + right, win.height + top + bottom)
}

/// `to[..len] = from[..len]`, four lanes at a time (the last four overlapping when `len` is
/// not a multiple of 4).
///
/// # Safety
/// `from..from + len` readable, `to..to + len` writable, not overlapping.
#[inline(always)]
unsafe fn copy_row(from: *const f32, to: *mut f32, len: usize) {
    if len < 4 {
        for o in 0..len {
            *to.add(o) = *from.add(o);
        }
        return;
    }
    let mut o = 0;
    while o + 4 <= len {
        F32x4::read(from.add(o)).write(to.add(o));
        o += 4;
    }
    if o < len {
        F32x4::read(from.add(len - 4)).write(to.add(len - 4));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(channels: usize, size: [usize; 2], kernel: [usize; 2], padding: [usize; 4]) -> Window {
        let out_height = size[0] + padding[0] + padding[1] - kernel[0] + 1;
        let out_width = size[1] + padding[2] + padding[3] - kernel[1] + 1;
        Window { channels, height: size[0], width: size[1], kernel, stride: [1, 1], padding, out_height, out_width }
    }

    #[test]
    fn padded_unfold_matches_the_general_one() {
        let cases = [
            window(1, [28, 28], [5, 5], [2, 2, 2, 2]),
            window(3, [7, 6], [3, 2], [0, 2, 1, 0]),
            window(2, [5, 5], [5, 5], [0, 0, 0, 0]),
            window(2, [3, 9], [1, 3], [1, 0, 0, 3]),
        ];
        for win in cases {
            let image: Vec<f32> = (0..win.channels * win.height * win.width).map(|v| (v as f32 * 0.7).sin()).collect();
            let mut padded = vec![0.0; win.padded_len()];
            let (mut want, mut got) = (vec![9.0; win.rows() * win.cols()], vec![9.0; win.rows() * win.cols()]);
            im2col(&image, &win, &mut want);
            im2col_padded(&image, &win, &mut padded, &mut got);
            assert_eq!(got, want, "{win:?}");
        }
    }
}
