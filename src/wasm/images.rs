//! The user's own images: `ImageSet` (classes of preprocessed images kept in wasm memory as
//! bytes), its `DataSplit` into `Dataset`s a `TrainingRun` trains on, and `imageHeader` to
//! refuse a file before the browser decodes it. One image crosses the boundary per call.
//!
//! ```js
//! imageHeader(fileBytes, 'cat/01.png');             // {format: 'png', width, height}, or throws (not an image, corrupt, too large)
//! const set = new ImageSet({ size: 32, color: 'rgb', fit: 'crop' });
//! set.checkRoom(files.length);                      // throws when the files would pass the limits
//! const id = set.addImage('cat', imageData.data, imageData.width, imageData.height, 'cat/01.png');
//! set.classes();                                    // [{name: 'cat', count: 1}, ...]
//! set.preview(id);                                  // Uint8ClampedArray, RGBA of what the network reads
//! const split = set.split(42, 0.2);                 // throws for one class or an empty class
//! split.counts(); split.warnings();                 // [{name, train, test}], [{kind, message, code, params}]
//! run.trainSteps(split.train, 20); run.predictions(split.test).confusion();
//! ```

use super::data::Dataset;
use super::{js_error, json_of, to_js, JsResult};
use crate::images::{self, Preprocessing};
use js_sys::{Uint32Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const IMAGE_TYPES: &'static str = r#"
/** How every image of an `ImageSet` is prepared; every field optional. */
export interface Preprocessing {
  /** one side (a square) or [height, width], 4 to 128; default 28 */
  size?: number | [number, number];
  /** default "gray" (Pillow's L); "rgb" gives 3 channels */
  color?: "gray" | "rgb";
  /** default "crop" (centre); "pad" letterboxes on the `pad` level */
  fit?: "crop" | "pad";
  /** 0 (black, default) to 255 (white) */
  pad?: number;
  /** default "bilinear" */
  filter?: "box" | "bilinear" | "bicubic" | "lanczos";
}
export interface ImageHeader { format: "png" | "jpeg" | "gif" | "bmp" | "webp"; width: number; height: number }
export interface ClassCount { name: string; count: number }
export interface SplitCount { name: string; train: number; test: number }
export interface DataWarning { kind: "few" | "unbalanced"; message: string; code: string; params: Record<string, string> }
export interface ImageEntry { id: number; className: string; source: string }
export interface Scaling { mean: number; std: number }
"#;

/// Reads an image file's format and declared size from its bytes (the whole file or its first
/// 64 KB) without decoding it: `{format, width, height}`, `format` one of `png`, `jpeg`,
/// `gif`, `bmp`, `webp`. Throws, naming the file, for a file that is not an image, a damaged
/// header, or a declared size over the limits (`limits().maxImagePixels`, `.maxImageSide`).
#[wasm_bindgen(js_name = imageHeader, unchecked_return_type = "ImageHeader")]
pub fn image_header(bytes: &[u8], name: &str) -> JsResult<JsValue> {
    let h = images::read_header(bytes, name).map_err(js_error)?;
    Ok(to_js(&serde_json::json!({ "format": h.format, "width": h.width, "height": h.height })))
}

/// The built-in colour shapes for `seed`: 3,600 training and 900 test images of 3 x 32 x 32,
/// 9 classes "red circle" to "blue triangle", as a `DataSplit` (`trainIds()`/`testIds()` empty).
#[wasm_bindgen(js_name = colourShapes)]
pub fn colour_shapes(seed: u32) -> JsResult<DataSplit> {
    Ok(DataSplit { inner: images::shapes::colour_shapes_split(seed).map_err(js_error)? })
}

/// Named classes of images, each kept preprocessed (`channels x height x width` bytes).
#[wasm_bindgen]
pub struct ImageSet {
    inner: images::ImageSet,
}

#[wasm_bindgen]
impl ImageSet {
    /// `preprocessing`: `{size: 28 | [height, width], color: 'gray' | 'rgb', fit: 'crop' | 'pad',
    /// pad: 0..255, filter: 'box' | 'bilinear' | 'bicubic' | 'lanczos'}`, every field optional
    /// (28 x 28 grey, crop, pad 0, bilinear); throws on a bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Preprocessing | undefined")] preprocessing: JsValue,
    ) -> JsResult<ImageSet> {
        let options = if preprocessing.is_undefined() || preprocessing.is_null() {
            serde_json::json!({})
        } else {
            json_of(&preprocessing, "preprocessing")?
        };
        Ok(ImageSet { inner: images::ImageSet::new(Preprocessing::from_json(&options).map_err(js_error)?) })
    }

    /// The preprocessing with every default written out.
    #[wasm_bindgen(unchecked_return_type = "Required<Preprocessing>")]
    pub fn preprocessing(&self) -> JsValue {
        to_js(&self.inner.preprocessing().to_json())
    }

    /// `[channels, height, width]` of every preprocessed image: the network's input.
    #[wasm_bindgen(getter, js_name = imageShape)]
    pub fn image_shape(&self) -> Vec<u32> {
        self.inner.preprocessing().shape().iter().map(|&d| d as u32).collect()
    }

    /// Number of images.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Preprocessed bytes held (at most `limits().maxSetBytes`).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> usize {
        self.inner.bytes()
    }

    /// Adds an empty class; returns its index. Throws on an empty, duplicate or too long name.
    #[wasm_bindgen(js_name = addClass)]
    pub fn add_class(&mut self, name: &str) -> JsResult<usize> {
        self.inner.add_class(name).map_err(js_error)
    }

    #[wasm_bindgen(js_name = renameClass)]
    pub fn rename_class(&mut self, old: &str, new: &str) -> JsResult<()> {
        self.inner.rename_class(old, new).map_err(js_error)
    }

    /// Removes a class with its images; later classes move down one place.
    #[wasm_bindgen(js_name = removeClass)]
    pub fn remove_class(&mut self, name: &str) -> JsResult<()> {
        self.inner.remove_class(name).map_err(js_error)
    }

    /// Throws when `count` more images would pass the limits on images or bytes: call it with
    /// the number of chosen files before reading them.
    #[wasm_bindgen(js_name = checkRoom)]
    pub fn check_room(&self, count: usize) -> JsResult<()> {
        self.inner.check_room(count).map_err(js_error)
    }

    /// Preprocesses a decoded image (`rgba`: an ImageData's `data`, `height x width x 4`) into
    /// class `className` (created if new); returns the image's id. Throws with `source` (a file
    /// name, "camera 3") at the start of the message; nothing already added is lost.
    #[wasm_bindgen(js_name = addImage)]
    pub fn add_image(&mut self, class_name: &str, rgba: &[u8], width: u32, height: u32, source: &str) -> JsResult<u32> {
        self.inner.add_rgba(class_name, rgba, width as usize, height as usize, source).map_err(js_error)
    }

    /// Adds an image already preprocessed with this set's preprocessing (`pixels(id)` of an
    /// earlier set, e.g. kept in IndexedDB); returns its id.
    #[wasm_bindgen(js_name = addPreprocessed)]
    pub fn add_preprocessed(&mut self, class_name: &str, pixels: &[u8], source: &str) -> JsResult<u32> {
        self.inner.add_preprocessed(class_name, pixels, source).map_err(js_error)
    }

    /// Removes image `id`.
    pub fn remove(&mut self, id: u32) -> JsResult<()> {
        self.inner.remove(id).map_err(js_error)
    }

    /// `[{name, count}]` in class order (the label of class `i` is `i`).
    #[wasm_bindgen(unchecked_return_type = "ClassCount[]")]
    pub fn classes(&self) -> JsValue {
        let classes: Vec<_> =
            self.inner.classes().iter().map(|c| serde_json::json!({ "name": c.name, "count": c.count })).collect();
        to_js(&classes)
    }

    /// The ids of a class's images, in the order they were added.
    pub fn ids(&self, class_name: &str) -> JsResult<Uint32Array> {
        Ok(Uint32Array::from(&self.inner.ids_of(class_name).map_err(js_error)?[..]))
    }

    /// `{id, className, source}` of image `id`.
    #[wasm_bindgen(unchecked_return_type = "ImageEntry")]
    pub fn entry(&self, id: u32) -> JsResult<JsValue> {
        let entry = self.inner.entry(id).map_err(js_error)?;
        let class_name = &self.inner.classes()[entry.class].name;
        Ok(to_js(&serde_json::json!({ "id": id, "className": class_name, "source": entry.source })))
    }

    /// Image `id` as the network reads it, as RGBA for `new ImageData(preview, width, height)`.
    pub fn preview(&self, id: u32) -> JsResult<Uint8ClampedArray> {
        Ok(Uint8ClampedArray::from(&self.inner.preview_rgba(id).map_err(js_error)?[..]))
    }

    /// Image `id`'s preprocessed bytes, `channels x height x width`.
    pub fn pixels(&self, id: u32) -> JsResult<Vec<u8>> {
        Ok(self.inner.entry(id).map_err(js_error)?.pixels.to_vec())
    }

    /// `[{kind: 'few' | 'unbalanced', message}]` about the classes as they are now.
    #[wasm_bindgen(unchecked_return_type = "DataWarning[]")]
    pub fn warnings(&self) -> JsValue {
        to_js(&self.inner.warnings())
    }

    /// The seeded, stratified train/test split (`testFraction` 0.05 to 0.5, default 0.2).
    /// Throws for no class, one class, or a class without images.
    pub fn split(&self, seed: u32, test_fraction: Option<f64>) -> JsResult<DataSplit> {
        let fraction = test_fraction.unwrap_or(images::split::DEFAULT_TEST_FRACTION);
        Ok(DataSplit { inner: self.inner.split(seed, fraction).map_err(js_error)? })
    }
}

/// The two parts of a split (of an `ImageSet`, or a built-in set); `train` and `test` are
/// `Dataset`s sharing the split's bytes (reading them again copies nothing).
#[wasm_bindgen]
pub struct DataSplit {
    inner: images::Split,
}

#[wasm_bindgen]
impl DataSplit {
    #[wasm_bindgen(getter)]
    pub fn train(&self) -> Dataset {
        Dataset::from(self.inner.train.clone())
    }

    #[wasm_bindgen(getter)]
    pub fn test(&self) -> Dataset {
        Dataset::from(self.inner.test.clone())
    }

    /// The image ids of the training set, in its order (example `i` is image `trainIds()[i]`).
    #[wasm_bindgen(js_name = trainIds)]
    pub fn train_ids(&self) -> Uint32Array {
        Uint32Array::from(&self.inner.train_ids[..])
    }

    /// The image ids of the test set, in its order.
    #[wasm_bindgen(js_name = testIds)]
    pub fn test_ids(&self) -> Uint32Array {
        Uint32Array::from(&self.inner.test_ids[..])
    }

    /// `[{name, train, test}]` per class.
    #[wasm_bindgen(unchecked_return_type = "SplitCount[]")]
    pub fn counts(&self) -> JsValue {
        to_js(&self.inner.counts)
    }

    /// `[{kind, message, code, params}]`, as `ImageSet.warnings()` when the split was made.
    #[wasm_bindgen(unchecked_return_type = "DataWarning[]")]
    pub fn warnings(&self) -> JsValue {
        to_js(&self.inner.warnings)
    }
}
