//! Unfolding an image into columns so that a convolution becomes one matrix product, and the
//! reverse (col2im) that sums gradients back onto the image.
//!
//! For an input `[c, h, w]`, a kernel `[kh, kw]`, stride `[sh, sw]` and padding
//! `[top, bottom, left, right]`, the columns matrix is `[c * kh * kw, oh * ow]`: row
//! `(ci * kh + ki) * kw + kj` holds, for every output position, the input pixel under kernel
//! tap `(ci, ki, kj)`, or 0 where the window hangs over the zero padding.

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
