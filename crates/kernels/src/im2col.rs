//! Unfolding an image into columns so that a convolution becomes one matrix product (im2col),
//! and the reverse (fold) that sums gradients back onto the image.
//!
//! For an input `[c, h, w]`, a kernel `[kh, kw]`, stride `[sh, sw]` and padding
//! `[top, bottom, left, right]`, the columns matrix is `[c * kh * kw, oh * ow]`: row
//! `(ci * kh + ki) * kw + kj` holds, for every output position, the input pixel under kernel
//! tap `(ci, ki, kj)`, or 0 where the window hangs over the zero padding.
//!
//! Both go through the zero-padded image `[c, ph, pw]` (`ph = h + top + bottom`, likewise
//! `pw`): there, window `(oh, ow)` starts at `oh * sh * pw + ow * sw` of each channel plane and
//! every kernel row is `kw` consecutive values, so no loop checks the image's borders.

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
    /// The window of a `kernel` sliding by `stride` over a `channels x size[0] x size[1]` image
    /// with `padding` (`[top, bottom, left, right]`): the output is `(W - F + P) / S + 1` a side,
    /// `P` that side's two paddings. The kernel must fit the padded image.
    pub fn new(channels: usize, size: [usize; 2], kernel: [usize; 2], stride: [usize; 2], padding: [usize; 4]) -> Self {
        let out_height = (size[0] + padding[0] + padding[1] - kernel[0]) / stride[0] + 1;
        let out_width = (size[1] + padding[2] + padding[3] - kernel[1]) / stride[1] + 1;
        Window { channels, height: size[0], width: size[1], kernel, stride, padding, out_height, out_width }
    }

    /// Rows of the columns matrix: `c * kh * kw`.
    pub fn rows(&self) -> usize {
        self.channels * self.kernel[0] * self.kernel[1]
    }
    /// Columns of the columns matrix: `oh * ow`.
    pub fn cols(&self) -> usize {
        self.out_height * self.out_width
    }
    /// `(ph, pw)`: height and width of the zero-padded image.
    pub fn padded_size(&self) -> (usize, usize) {
        let [top, bottom, left, right] = self.padding;
        (self.height + top + bottom, self.width + left + right)
    }
    /// Values of the zero-padded image `[c, ph, pw]`.
    pub fn padded_len(&self) -> usize {
        let (ph, pw) = self.padded_size();
        self.channels * ph * pw
    }
    /// Where each output position's window starts in a padded channel plane,
    /// `oh * sh * pw + ow * sw`, for the `oh * ow` positions in order.
    pub fn corners(&self) -> Vec<u32> {
        let (_, pw) = self.padded_size();
        let [sh, sw] = self.stride;
        (0..self.out_height).flat_map(|oh| (0..self.out_width).map(move |ow| (oh * sh * pw + ow * sw) as u32)).collect()
    }
}

/// `padded[c, top + i, left + j] = image[c, i, j]`: the image into the inside of its padded
/// copy `[c, ph, pw]`. The border is left as it is: zero when `padded` was made zeroed, as it
/// stays, since nothing writes there. Rows are copied four lanes at a time: a `copy_from_slice`
/// per row is a `memory.copy` call in wasm, slow for a few dozen bytes.
pub fn pad_into(image: &[f32], win: &Window, padded: &mut [f32]) {
    let (ph, pw) = win.padded_size();
    let [top, _, left, _] = win.padding;
    let planes = padded.chunks_exact_mut(ph * pw).zip(image.chunks_exact(win.height * win.width));
    for (plane, image_plane) in planes.take(win.channels) {
        for (row, image_row) in plane[top * pw..].chunks_exact_mut(pw).zip(image_plane.chunks_exact(win.width)) {
            let to = &mut row[left..left + win.width];
            // SAFETY: both rows hold `width` values.
            unsafe { copy_row(image_row.as_ptr(), to.as_mut_ptr(), to.len()) }
        }
    }
}

/// `image[c, i, j] = padded[c, top + i, left + j]`: the inside of a padded image.
pub fn unpad(padded: &[f32], win: &Window, image: &mut [f32]) {
    let (ph, pw) = win.padded_size();
    let [top, _, left, _] = win.padding;
    let planes = padded.chunks_exact(ph * pw).zip(image.chunks_exact_mut(win.height * win.width));
    for (plane, image_plane) in planes.take(win.channels) {
        for (row, image_row) in plane[top * pw..].chunks_exact(pw).zip(image_plane.chunks_exact_mut(win.width)) {
            let from = &row[left..left + win.width];
            // SAFETY: both rows hold `width` values.
            unsafe { copy_row(from.as_ptr(), image_row.as_mut_ptr(), from.len()) }
        }
    }
}

/// Calls `f(row, oh, from)` for every (kernel tap, output row) pair: the columns' row index
/// and the index in `padded` of the first value that segment reads (output column 0).
#[inline(always)]
fn for_each_segment(win: &Window, mut f: impl FnMut(usize, usize, usize)) {
    let (ph, pw) = win.padded_size();
    let [kh, kw] = win.kernel;
    for ci in 0..win.channels {
        for ki in 0..kh {
            for kj in 0..kw {
                let row = (ci * kh + ki) * kw + kj;
                for oh in 0..win.out_height {
                    f(row, oh, (ci * ph + oh * win.stride[0] + ki) * pw + kj);
                }
            }
        }
    }
}

/// Checks once what the unsafe segment loops below rely on.
fn check_sizes(win: &Window, padded: &[f32], cols: &[f32]) {
    let (ph, pw) = win.padded_size();
    let [kh, kw] = win.kernel;
    assert!(padded.len() >= win.padded_len() && cols.len() >= win.rows() * win.cols());
    assert!((win.out_height - 1) * win.stride[0] + kh <= ph && (win.out_width - 1) * win.stride[1] + kw <= pw);
}

/// `cols[rows x cols] = unfold(padded[c x ph x pw])`, for any stride. With stride 1 every
/// segment is a copy of `ow` consecutive values, four lanes at a time.
pub fn unfold(padded: &[f32], win: &Window, cols: &mut [f32]) {
    check_sizes(win, padded, cols);
    let (ow, n, sw) = (win.out_width, win.cols(), win.stride[1]);
    let (from, to) = (padded.as_ptr(), cols.as_mut_ptr());
    for_each_segment(win, |row, oh, at| {
        // SAFETY: segment `(row, oh)` reads `padded[at + j * sw]` for `j < ow`, which lies in
        // channel plane `ci` by the window check in `check_sizes`, and writes
        // `cols[row * n + oh * ow ..][..ow]`, inside `rows * n`.
        unsafe {
            let (src, dst) = (from.add(at), to.add(row * n + oh * ow));
            if sw == 1 {
                copy_row(src, dst, ow);
            } else {
                for j in 0..ow {
                    *dst.add(j) = *src.add(j * sw);
                }
            }
        }
    });
}

/// `padded[c x ph x pw] += fold(cols[rows x cols])`: each column entry is added back onto the
/// padded pixel it was unfolded from (the transpose of [`unfold`]).
pub fn fold(cols: &[f32], win: &Window, padded: &mut [f32]) {
    check_sizes(win, padded, cols);
    let (ow, n, sw) = (win.out_width, win.cols(), win.stride[1]);
    let (from, to) = (cols.as_ptr(), padded.as_mut_ptr());
    for_each_segment(win, |row, oh, at| {
        // SAFETY: the same indices as in `unfold`, read and written the other way round.
        unsafe {
            let (src, dst) = (from.add(row * n + oh * ow), to.add(at));
            if sw == 1 {
                add_row(src, dst, ow);
            } else {
                for j in 0..ow {
                    *dst.add(j * sw) += *src.add(j);
                }
            }
        }
    });
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

/// `to[..len] += from[..len]`, four lanes at a time, then one by one.
///
/// # Safety
/// `from..from + len` readable, `to..to + len` readable and writable, not overlapping.
#[inline(always)]
unsafe fn add_row(from: *const f32, to: *mut f32, len: usize) {
    let mut o = 0;
    while o + 4 <= len {
        F32x4::read(to.add(o)).plus(F32x4::read(from.add(o))).write(to.add(o));
        o += 4;
    }
    for o in o..len {
        *to.add(o) += *from.add(o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases() -> [Window; 6] {
        [
            Window::new(1, [28, 28], [5, 5], [1, 1], [2, 2, 2, 2]),
            Window::new(3, [7, 6], [3, 2], [1, 1], [0, 2, 1, 0]),
            Window::new(2, [5, 5], [5, 5], [1, 1], [0, 0, 0, 0]),
            Window::new(2, [3, 9], [1, 3], [1, 1], [1, 0, 0, 3]),
            Window::new(2, [5, 4], [3, 2], [2, 1], [1, 0, 2, 1]),
            Window::new(3, [9, 8], [3, 3], [2, 3], [1, 1, 1, 1]),
        ]
    }

    /// The definition: the input pixel under each tap of each window, 0 over the padding.
    fn unfold_by_definition(image: &[f32], win: &Window) -> Vec<f32> {
        let [kh, kw] = win.kernel;
        let [top, _, left, _] = win.padding;
        let mut cols = vec![0.0; win.rows() * win.cols()];
        for ci in 0..win.channels {
            for ki in 0..kh {
                for kj in 0..kw {
                    for oh in 0..win.out_height {
                        for ow in 0..win.out_width {
                            let (i, j) = (oh * win.stride[0] + ki, ow * win.stride[1] + kj);
                            let inside = i >= top && i - top < win.height && j >= left && j - left < win.width;
                            let v =
                                if inside { image[(ci * win.height + i - top) * win.width + j - left] } else { 0.0 };
                            cols[((ci * kh + ki) * kw + kj) * win.cols() + oh * win.out_width + ow] = v;
                        }
                    }
                }
            }
        }
        cols
    }

    fn values(len: usize, scale: f32) -> Vec<f32> {
        (0..len).map(|v| (v as f32 * scale).sin()).collect()
    }

    #[test]
    fn unfolding_the_padded_image_matches_the_definition() {
        for win in cases() {
            let image = values(win.channels * win.height * win.width, 0.7);
            let mut padded = vec![0.0; win.padded_len()];
            pad_into(&image, &win, &mut padded);
            let mut cols = vec![9.0; win.rows() * win.cols()];
            unfold(&padded, &win, &mut cols);
            assert_eq!(cols, unfold_by_definition(&image, &win), "{win:?}");
            let mut back = vec![0.0; image.len()];
            unpad(&padded, &win, &mut back);
            assert_eq!(back, image);
        }
    }

    /// `fold` is the transpose of `unfold`: `<unfold(x), c> = <x, fold(c)>` for every `x`, `c`.
    #[test]
    fn folding_is_the_transpose_of_unfolding() {
        for win in cases() {
            let image = values(win.channels * win.height * win.width, 0.3);
            let cols = values(win.rows() * win.cols(), 1.1);
            let mut padded = vec![0.0; win.padded_len()];
            fold(&cols, &win, &mut padded);
            let mut folded = vec![0.0; image.len()];
            unpad(&padded, &win, &mut folded);
            let left: f64 = unfold_by_definition(&image, &win).iter().zip(&cols).map(|(a, b)| f64::from(a * b)).sum();
            let right: f64 = image.iter().zip(&folded).map(|(a, b)| f64::from(a * b)).sum();
            assert!((left - right).abs() < 1e-4 * (1.0 + left.abs()), "{win:?}: {left} vs {right}");
        }
    }
}
