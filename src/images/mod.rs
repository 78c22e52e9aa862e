//! The user's own images: from decoded pixels to a labelled dataset for any network.
//!
//! - [`header`]: a file's format and declared size, read before decoding;
//! - [`preprocess`]: alpha over white, grey or RGB, crop or pad, an antialiased resize, as
//!   Pillow computes them (checked against Pillow's numbers in `tests/images.rs`);
//! - [`resample`]: Pillow's resampling filters;
//! - [`set`]: the user's dataset, named classes of preprocessed images kept as bytes, with limits;
//! - [`split`]: its seeded stratified train/test split, warnings and refusals;
//! - [`shapes`]: the built-in colour dataset, coloured shapes where colour and shape both matter.

pub mod header;
pub mod preprocess;
pub mod resample;
pub mod set;
pub mod shapes;
pub mod split;

pub use header::{read_header, ImageHeader};
pub use preprocess::{Color, Fit, Preprocessing};
pub use resample::Filter;
pub use set::ImageSet;
pub use split::{ClassSplit, Split, Warning};
