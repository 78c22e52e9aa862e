use super::*;

/// A white bar `rows x cols` at `(top, left)` on a black 28 x 28 RGBA canvas.
fn bar(top: usize, left: usize, rows: usize, cols: usize) -> Vec<u8> {
    let mut rgba = vec![0u8; 28 * 28 * 4];
    for r in top..top + rows {
        for c in left..left + cols {
            rgba[(r * 28 + c) * 4..(r * 28 + c) * 4 + 4].copy_from_slice(&[255, 255, 255, 255]);
        }
    }
    rgba
}

fn lecture() -> Recipe {
    Recipe::default()
}

#[test]
fn the_window_grid_is_5_by_5_with_one_padded_column() {
    let grid = window_ratios(&vec![1.0; FIT_HEIGHT * FIT_WIDTH], FIT_HEIGHT, FIT_WIDTH, WINDOW);
    assert_eq!((grid.grid_rows, grid.grid_cols, grid.padded_height, grid.padded_width), (5, 5, 25, 15));
    assert_eq!((grid.pad_rows, grid.pad_cols), (0, 1), "25 rows take 5 windows; 14 columns need one more");
    // An all-white image: full windows are 1; the last column has 2 of its 3 columns real.
    assert_eq!(grid.ratios[0], 1.0);
    assert!((grid.ratios[4] - 10.0 / 15.0).abs() < 1e-6);
    assert_eq!(grid.ratios[20], 1.0);
    assert!((grid.ratios[24] - 10.0 / 15.0).abs() < 1e-6);
}

#[test]
fn the_5_by_2_window_tiles_the_digit_without_padding() {
    let recipe = Recipe { threshold: 0.5, window: [5, 2] };
    assert_eq!((recipe.grid(), recipe.features()), ([5, 7], 35));
    let grid = window_ratios(&vec![1.0; FIT_HEIGHT * FIT_WIDTH], FIT_HEIGHT, FIT_WIDTH, recipe.window);
    assert_eq!((grid.padded_height, grid.padded_width, grid.pad_rows, grid.pad_cols), (25, 14, 0, 0));
    assert!(grid.ratios.iter().all(|&r| r == 1.0), "no zeros enter any window");
}

#[test]
fn a_filled_rectangle_fills_the_fitted_image_and_every_window() {
    // 25 x 14 exactly: the scale is 1, the fitted image is all white.
    let p = pipeline(&bar(1, 5, 25, 14), 28, 28, &lecture()).unwrap();
    assert_eq!(p.ink_box, [1, 5, 26, 19]);
    assert!(p.binary.iter().all(|&v| v == 1.0));
    assert_eq!(p.windows.ratios.len(), 25);
    assert_eq!(p.windows.ratios[12], 1.0);
    assert_eq!(p.threshold, 0.5);
}

#[test]
fn a_thin_vertical_stroke_keeps_its_aspect_and_lands_in_the_middle_column() {
    let p = pipeline(&bar(4, 13, 20, 2), 28, 28, &lecture()).unwrap();
    let ratios = &p.windows.ratios;
    for row in 0..5 {
        assert_eq!(ratios[row * 5], 0.0, "left column of windows stays black");
        assert!(ratios[row * 5 + 2] > 0.0, "the middle column holds the stroke");
    }
}

#[test]
fn the_threshold_decides_what_counts_as_white() {
    let mut rgba = bar(0, 0, 28, 28);
    rgba.chunks_exact_mut(4).for_each(|p| p[..3].copy_from_slice(&[100, 100, 100]));
    let low = pipeline(&rgba, 28, 28, &Recipe { threshold: 0.3, ..lecture() }).unwrap();
    let high = pipeline(&rgba, 28, 28, &lecture()).unwrap();
    // gray 100/255 = 0.39 is white at threshold 0.3 and black at 0.5
    assert!(low.binary.iter().filter(|&&v| v == 1.0).count() > 100);
    assert_eq!(low.binary, binarize(&low.fitted, 0.3));
    assert!(high.binary.iter().all(|&v| v == 0.0));
}

#[test]
fn bad_inputs_are_refused_with_what_to_change_and_a_code() {
    let empty = pipeline(&[0; 28 * 28 * 4], 28, 28, &lecture()).unwrap_err();
    assert!(empty.message().contains("draw a digit"));
    assert_eq!(empty.code(), Some(codes::LECTURE_EMPTY_DRAWING));
    assert!(pipeline(&[0; 10], 28, 28, &lecture()).unwrap_err().message().contains("RGBA"));
    let t = pipeline(&bar(0, 0, 3, 3), 28, 28, &Recipe { threshold: 1.5, ..lecture() }).unwrap_err();
    assert!(t.message().contains("between 0 and 1"));
    assert_eq!((t.code(), t.param("value")), (Some(codes::LECTURE_THRESHOLD), Some("1.5")));
    let w = Recipe { threshold: 0.5, window: [5, 15] }.check().unwrap_err();
    assert_eq!((w.code(), w.param("cols")), (Some(codes::LECTURE_WINDOW), Some("15")));
}

#[test]
fn features_of_gray_digits_are_the_pipelines_ratios_of_the_same_image() {
    let rgba = bar(3, 9, 18, 6);
    let gray: Vec<f32> = rgba.chunks_exact(4).map(|p| f32::from(p[0]) / 255.0).collect();
    let mut two = gray.clone();
    two.extend(vec![0.0; 784]);
    for recipe in [lecture(), Recipe { threshold: 0.3, window: [5, 2] }] {
        let n = recipe.features();
        let f = features(&two, 2, 28, &recipe).unwrap();
        assert_eq!(f.len(), 2 * n);
        assert_eq!(&f[..n], &pipeline(&rgba, 28, 28, &recipe).unwrap().windows.ratios[..]);
        assert_eq!(&f[..n], &pipeline_gray(&gray, 28, 28, &recipe).unwrap().windows.ratios[..]);
        assert!(f[n..].iter().all(|&v| v == 0.0));
    }
}
