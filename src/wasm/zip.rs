//! `ZipParts`: a zip made by the export module's writer ([`crate::export::zip::ZipParts`]) in
//! parts, so that the files themselves never pass through wasm memory: the page joins each
//! file's header, the file, and the closing directory into one `Blob` (stored entries, UTF-8
//! names: every unzip tool, Python's `zipfile` and the file managers read it). The data view
//! exports the user's own images with it, in their folder layout.
//!
//! ```js
//! const zip = new ZipParts();
//! const parts = [];
//! parts.push(zip.add('pets/cat/01.jpg', bytes), blob);   // header, then the file; throws past 65,535 files or 4 GB
//! parts.push(zip.finish());                              // the directory; the zip is spent
//! const file = new Blob(parts, { type: 'application/zip' });
//! ```

use super::export::now;
use super::{js_error, JsResult};
use crate::export::zip;
use wasm_bindgen::prelude::*;

/// A zip being written in parts.
#[wasm_bindgen]
pub struct ZipParts {
    parts: Option<zip::ZipParts>,
}

impl Default for ZipParts {
    fn default() -> Self {
        ZipParts { parts: Some(zip::ZipParts::new(now())) }
    }
}

#[wasm_bindgen]
impl ZipParts {
    /// An empty zip, its entries dated now (local time).
    #[wasm_bindgen(constructor)]
    pub fn new() -> ZipParts {
        ZipParts::default()
    }

    /// The header of a file at `path` ("folder/name.ext", `/` between folders) with content
    /// `bytes`: the archive holds the header, then the bytes. Throws for an empty name, a
    /// finished zip, or a zip that would pass what a zip without zip64 holds (65,535 files, 4 GB).
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> JsResult<Vec<u8>> {
        let parts = self.parts.as_mut().ok_or_else(|| js_error(crate::err!(JS_ZIP_FINISHED)))?;
        parts.add(path, bytes).map_err(js_error)
    }

    /// Files added so far.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.parts.as_ref().map_or(0, zip::ZipParts::len)
    }

    /// The archive's last part (its directory); nothing can be added afterwards.
    pub fn finish(&mut self) -> JsResult<Vec<u8>> {
        let parts = self.parts.take().ok_or_else(|| js_error(crate::err!(JS_ZIP_FINISHED_ALREADY)))?;
        Ok(parts.finish())
    }
}
