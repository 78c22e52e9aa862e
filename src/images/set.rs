//! The user's own dataset, built one image at a time: named classes (a folder each), images
//! added to a class as decoded RGBA and kept only in their preprocessed form, as bytes
//! (`channels x height x width`, e.g. 784 bytes for a 28 x 28 grey image), never as f32 until
//! a batch is gathered.
//!
//! Classes are kept sorted by name, in code point order, as torchvision's `ImageFolder` sorts
//! its class folders: class `i` (label `i`) is the `i`-th name in that order, whatever order
//! the folders were read or the classes added in, so a network trained here labels as one
//! trained on the same folder in PyTorch.
//!
//! Limits, checked before anything is allocated: [`MAX_IMAGES`] images, [`MAX_SET_BYTES`] of
//! preprocessed bytes, [`MAX_CLASSES`] classes, class names of at most [`MAX_NAME_CHARS`]
//! characters. Every refusal says the numbers and what to change.

use super::preprocess::Preprocessing;
use crate::error::Result;
use crate::sort::sort_indices;
use crate::{err, refuse};
use std::collections::BTreeMap;

/// The most images a dataset holds (a folder of 50,000 files is refused before reading it).
pub const MAX_IMAGES: usize = 20_000;
/// The most preprocessed bytes a dataset holds: 64 MB, e.g. 20,000 RGB images of 32 x 32
/// (61 MB) or 5,208 of 64 x 64. Training copies the set once more into its train/test split
/// (bytes too), and gathers only one batch at a time as f32.
pub const MAX_SET_BYTES: usize = 64_000_000;
/// The most classes (the network's outputs).
pub const MAX_CLASSES: usize = 100;
/// The longest class name.
pub const MAX_NAME_CHARS: usize = 64;

/// One image of the set: its class, where it came from (a file name, "camera 3", ...) and
/// its preprocessed bytes.
#[derive(Debug, Clone)]
pub struct Entry {
    pub class: usize,
    pub source: String,
    pub pixels: Box<[u8]>,
}

/// A class: its name and how many images it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub name: String,
    pub count: usize,
}

/// Named classes of preprocessed images; each image has a stable id (a counter from 0, never
/// reused), so the page can remove or preview one after others were removed.
#[derive(Debug, Clone)]
pub struct ImageSet {
    preprocessing: Preprocessing,
    classes: Vec<Class>,
    entries: BTreeMap<u32, Entry>,
    next_id: u32,
}

impl ImageSet {
    pub fn new(preprocessing: Preprocessing) -> Self {
        ImageSet { preprocessing, classes: Vec::new(), entries: BTreeMap::new(), next_id: 0 }
    }

    pub fn preprocessing(&self) -> &Preprocessing {
        &self.preprocessing
    }
    pub fn classes(&self) -> &[Class] {
        &self.classes
    }
    /// Number of images.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Preprocessed bytes held.
    pub fn bytes(&self) -> usize {
        self.len() * self.preprocessing.image_bytes()
    }
    /// Every image, by id.
    pub fn entries(&self) -> &BTreeMap<u32, Entry> {
        &self.entries
    }

    pub fn entry(&self, id: u32) -> Result<&Entry> {
        self.entries.get(&id).ok_or_else(|| err!(IMAGE_NO_SUCH, id))
    }

    /// The index of class `name`, if it exists.
    pub fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.name == name.trim())
    }

    /// Adds an empty class (e.g. for a folder before its files are read) in its sorted place;
    /// returns its index (classes after it move up one place). Refuses an empty, too long or
    /// duplicate name, and more than [`MAX_CLASSES`] classes.
    pub fn add_class(&mut self, name: &str) -> Result<usize> {
        let name = check_name(name)?;
        if self.class_index(&name).is_some() {
            refuse!(CLASS_EXISTS, name);
        }
        if self.classes.len() >= MAX_CLASSES {
            refuse!(CLASS_TOO_MANY, max = MAX_CLASSES, name, number = MAX_CLASSES + 1);
        }
        let index = self.classes.partition_point(|c| c.name < name);
        self.entries.values_mut().filter(|e| e.class >= index).for_each(|e| e.class += 1);
        self.classes.insert(index, Class { name, count: 0 });
        Ok(index)
    }

    /// Renames a class (it moves to its sorted place); the new name must be free.
    pub fn rename_class(&mut self, old: &str, new: &str) -> Result<()> {
        let index = self.existing_class(old)?;
        let new = check_name(new)?;
        if self.class_index(&new).is_some_and(|i| i != index) {
            refuse!(CLASS_EXISTS, name = new);
        }
        self.classes[index].name = new;
        self.sort_classes();
        Ok(())
    }

    /// Puts the classes in name order and relabels the images to match.
    fn sort_classes(&mut self) {
        let mut order: Vec<u32> = (0..self.classes.len() as u32).collect();
        let name = |c: u32| &self.classes[c as usize].name;
        sort_indices(&mut order, &|a, b| name(a).cmp(name(b)).then(a.cmp(&b)));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old as usize] = new;
        }
        self.entries.values_mut().for_each(|e| e.class = new_index[e.class]);
        let old = std::mem::take(&mut self.classes);
        self.classes = order.into_iter().map(|i| old[i as usize].clone()).collect();
    }

    /// Removes a class and all its images; later classes move down one place.
    pub fn remove_class(&mut self, name: &str) -> Result<()> {
        let index = self.existing_class(name)?;
        self.classes.remove(index);
        self.entries.retain(|_, e| e.class != index);
        self.entries.values_mut().filter(|e| e.class > index).for_each(|e| e.class -= 1);
        Ok(())
    }

    fn existing_class(&self, name: &str) -> Result<usize> {
        self.class_index(name).ok_or_else(|| {
            let names: Vec<&str> = self.classes.iter().map(|c| c.name.as_str()).collect();
            err!(CLASS_NO_SUCH, name = name.trim(), names = names.join(", "))
        })
    }

    /// Refuses adding `count` more images when the set would pass [`MAX_IMAGES`] or
    /// [`MAX_SET_BYTES`]: call it with the number of chosen files before reading any.
    pub fn check_room(&self, count: usize) -> Result<()> {
        let total = self.len().saturating_add(count);
        if total > MAX_IMAGES {
            refuse!(SET_TOO_MANY_IMAGES, count, total, max = MAX_IMAGES, has = self.len());
        }
        let per = self.preprocessing.image_bytes();
        let bytes = total as u64 * per as u64;
        if bytes > MAX_SET_BYTES as u64 {
            let [c, h, w] = self.preprocessing.shape();
            refuse!(
                SET_TOO_MANY_BYTES,
                total,
                channels = c,
                height = h,
                width = w,
                megabytes = format!("{:.1}", bytes as f64 / 1e6),
                limit = MAX_SET_BYTES / 1_000_000,
                most = MAX_SET_BYTES / per
            );
        }
        Ok(())
    }

    /// Preprocesses a decoded image (`rgba`, `height x width x 4`) and adds it to class
    /// `class` (created if new); returns its id. Errors start with `source`.
    pub fn add_rgba(&mut self, class: &str, rgba: &[u8], width: usize, height: usize, source: &str) -> Result<u32> {
        self.check_room(1).map_err(|e| e.context(source))?;
        let pixels = self.preprocessing.apply(rgba, width, height).map_err(|e| e.context(source))?;
        self.insert(class, pixels.into(), source)
    }

    /// Adds an image already preprocessed with this set's preprocessing (`channels x height x
    /// width` bytes), e.g. one kept from an earlier session; returns its id.
    pub fn add_preprocessed(&mut self, class: &str, pixels: &[u8], source: &str) -> Result<u32> {
        self.check_room(1).map_err(|e| e.context(source))?;
        let [c, h, w] = self.preprocessing.shape();
        if pixels.len() != c * h * w {
            let (given, expected) = (pixels.len(), c * h * w);
            return Err(
                err!(IMAGE_PREPROCESSED_LENGTH, given, channels = c, height = h, width = w, expected).context(source)
            );
        }
        self.insert(class, pixels.into(), source)
    }

    fn insert(&mut self, class: &str, pixels: Box<[u8]>, source: &str) -> Result<u32> {
        let class = match self.class_index(class) {
            Some(index) => index,
            None => self.add_class(class).map_err(|e| e.context(source))?,
        };
        let id = self.next_id;
        self.next_id += 1;
        self.classes[class].count += 1;
        self.entries.insert(id, Entry { class, source: source.to_string(), pixels });
        Ok(id)
    }

    /// Removes image `id`.
    pub fn remove(&mut self, id: u32) -> Result<()> {
        let entry = self.entries.remove(&id).ok_or_else(|| self.entry(id).unwrap_err())?;
        self.classes[entry.class].count -= 1;
        Ok(())
    }

    /// The ids of class `name`'s images, in the order they were added.
    pub fn ids_of(&self, name: &str) -> Result<Vec<u32>> {
        let index = self.existing_class(name)?;
        Ok(self.entries.iter().filter(|(_, e)| e.class == index).map(|(&id, _)| id).collect())
    }

    /// Image `id` as RGBA bytes (`height x width x 4`, opaque) for the page to draw:
    /// exactly what the network reads, grey as three equal channels.
    pub fn preview_rgba(&self, id: u32) -> Result<Vec<u8>> {
        let pixels = &self.entry(id)?.pixels;
        let plane = self.preprocessing.width * self.preprocessing.height;
        let channel = |k: usize, i: usize| pixels[k.min(self.preprocessing.channels() - 1) * plane + i];
        Ok((0..plane).flat_map(|i| [channel(0, i), channel(1, i), channel(2, i), 255]).collect())
    }
}

/// A class name trimmed of surrounding spaces: 1 to [`MAX_NAME_CHARS`] characters, none of
/// them control characters, and a folder's name where the images are exported (no `/` or `\`,
/// not starting with a dot, which hides a folder and which a chosen folder's import skips).
fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        refuse!(CLASS_NAME_EMPTY);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        refuse!(CLASS_NAME_LONG, start = name.chars().take(20).collect::<String>(), chars, max = MAX_NAME_CHARS);
    }
    if name.chars().any(char::is_control) {
        refuse!(CLASS_NAME_CONTROL, name = format!("{name:?}"));
    }
    if let Some(c) = name.chars().find(|&c| c == '/' || c == '\\') {
        refuse!(CLASS_NAME_SLASH, name, char = c);
    }
    if name.starts_with('.') {
        refuse!(CLASS_NAME_DOT, name);
    }
    Ok(name.to_string())
}
