//! The save file (`.cnnp`): one run, to be resumed bit for bit.
//!
//! ```text
//! offset  size  what
//! 0       4     magic, ASCII "CNNP"
//! 4       4     u32 format version (1)
//! 8       4     u32 length of the whole file, in bytes
//! 12      4     u32 length H of the JSON header
//! 16      H     JSON header, UTF-8 (below)
//! 16+H    4 N   f32 tensors, one after the other, as the header's "tensors" lists them
//! end-4   4     u32 CRC-32 of every byte before it
//! ```
//!
//! All integers and floats are little-endian. The header holds the network spec
//! (`"network"`), the optimizer spec with every default written out (`"optimizer"`), the
//! optimizer's `"steps"`, the `"seed"`, the `"inputScaling"`, the position in the training data
//! (`"data"`: name, examples, batch, epoch, position, imagesSeen; `null` for a bare trainer),
//! the `"divergence"` and the page's `"link"`. `"tensors"` gives the f32 count of `weights`
//! (every parameter in `paramNames()` order), `first` and `second` (the optimizer's
//! per-parameter state: velocity, sum or average of squares, or Adam's two moments). Every f32
//! is stored with all of its bits, so the resumed run computes exactly what the saved one
//! would have.

use super::binary::{crc32, f32s, looks_like, put_f32s, u32_at};
use super::{spec_json, DataPosition, RunInfo};
use crate::data::InputScaling;
use crate::error::{Error, Param, Result};
use crate::network::Network;
use crate::optim::{Optimizer, OptimizerSpec};
use crate::spec::NetworkSpec;
use crate::trainer::Trainer;
use crate::training::Divergence;
use crate::{err, refuse};
use serde_json::{json, Value};

pub const MAGIC: &[u8; 4] = b"CNNP";
/// The format version this build writes and the newest it reads.
pub const VERSION: u32 = 1;
const FIXED: usize = 16;
const CHECKSUM: usize = 4;

/// The save file of a run: its trainer (network and optimizer with all their state) and
/// `info`.
pub fn save_run(trainer: &Trainer, info: &RunInfo) -> Vec<u8> {
    let optimizer = trainer.optimizer();
    let params = trainer.network().params();
    let (first, second) = (optimizer.first_state(), optimizer.second_state());
    let mut header = run_json(trainer, info);
    header["tensors"] = json!({"weights": params.len(), "first": first.len(), "second": second.len()});
    let header = header.to_string();
    let total = FIXED + header.len() + 4 * (params.len() + first.len() + second.len()) + CHECKSUM;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for tensor in [params, first, second] {
        put_f32s(&mut out, tensor);
    }
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    debug_assert_eq!(out.len(), total);
    out
}

/// What a save file's header says of a run, without its tensors (also the PyTorch export's
/// `run.json`): network and optimizer specs, steps, seed, input scaling, data position,
/// divergence and link.
pub fn run_json(trainer: &Trainer, info: &RunInfo) -> Value {
    let optimizer = trainer.optimizer();
    json!({
        "network": spec_json(trainer.network().spec()),
        "optimizer": optimizer.spec().to_json(),
        "steps": optimizer.steps(),
        "seed": info.seed,
        "inputScaling": info.scaling.map(|s| json!({"mean": f64::from(s.mean), "std": f64::from(s.std)})),
        "data": info.data.as_ref().map(|d| json!({
            "name": d.name, "examples": d.examples, "batch": d.batch, "epoch": d.epoch,
            "position": d.position, "imagesSeen": d.images_seen,
        })),
        "divergence": info.divergence.as_ref().map(|d| json!({"step": d.step, "message": d.message})),
        "link": info.link,
    })
}

/// A saved run read back: the trainer continues exactly where it was saved. A file that is
/// not a save, is truncated, damaged or from a newer version is refused with a message that
/// says which and what to do.
pub fn load_run(bytes: &[u8]) -> Result<(Trainer, RunInfo)> {
    let header = check_frame(bytes)?;
    read_run(&header, &bytes[FIXED + header_len(bytes)..bytes.len() - CHECKSUM])
        .map_err(|e| err!(SAVE_DAMAGED, reason = Param::message(e)))
}

/// What a save file holds, as JSON: its header (network, optimizer, steps, seed, data position,
/// link, tensor counts, ...) plus `formatVersion`. Refuses exactly the files [`load_run`]
/// refuses, with the same messages.
pub fn read_header(bytes: &[u8]) -> Result<Value> {
    load_run(bytes)?;
    let mut header = check_frame(bytes)?;
    header["formatVersion"] = u32_at(bytes, 4).into();
    Ok(header)
}

fn header_len(bytes: &[u8]) -> usize {
    u32_at(bytes, 12) as usize
}

/// Checks magic, version, length and checksum; returns the parsed JSON header.
fn check_frame(bytes: &[u8]) -> Result<Value> {
    if bytes.len() < 4 || &bytes[..4] != MAGIC {
        let what = match looks_like(bytes) {
            Some(kind) => err!(SAVE_IS_KIND, kind = Param::message(Error::coded(kind, &[]))),
            None if bytes.is_empty() => err!(SAVE_EMPTY),
            None => err!(SAVE_NOT_RUN),
        };
        refuse!(SAVE_NOT_SAVE, what = Param::message(what));
    }
    if bytes.len() < FIXED + CHECKSUM {
        refuse!(SAVE_NO_FRAME, bytes = bytes.len());
    }
    let version = u32_at(bytes, 4);
    if version > VERSION {
        refuse!(SAVE_NEWER, version, reads = VERSION);
    }
    if version == 0 {
        refuse!(SAVE_VERSION_ZERO);
    }
    let total = u32_at(bytes, 8) as usize;
    if bytes.len() < total {
        refuse!(SAVE_TRUNCATED, bytes = bytes.len(), total);
    }
    if bytes.len() > total {
        refuse!(SAVE_APPENDED, extra = bytes.len() - total, total);
    }
    let stored = u32_at(bytes, total - CHECKSUM);
    if crc32(&bytes[..total - CHECKSUM]) != stored {
        refuse!(SAVE_CHECKSUM);
    }
    let end = FIXED.checked_add(header_len(bytes)).filter(|&e| e <= total - CHECKSUM);
    let Some(end) = end else {
        refuse!(SAVE_HEADER_PAST_END);
    };
    let text = std::str::from_utf8(&bytes[FIXED..end]).map_err(|_| err!(SAVE_HEADER_NOT_TEXT))?;
    serde_json::from_str(text).map_err(|e| err!(SAVE_HEADER_NOT_JSON, reason = e))
}

fn read_run(header: &Value, data: &[u8]) -> Result<(Trainer, RunInfo)> {
    let spec = NetworkSpec::from_json(field(header, "network")?).map_err(|e| e.at(err!(PLACE_SAVE_NETWORK)))?;
    let optimizer =
        OptimizerSpec::from_json(field(header, "optimizer")?).map_err(|e| e.at(err!(PLACE_SAVE_OPTIMIZER)))?;
    let tensors = field(header, "tensors")?;
    let counts = ["weights", "first", "second"].map(|k| tensors.get(k).and_then(Value::as_u64).unwrap_or(u64::MAX));
    let needed = counts.iter().try_fold(0u64, |sum, &n| sum.checked_add(n.checked_mul(4)?));
    if needed != Some(data.len() as u64) {
        refuse!(SAVE_TENSOR_BYTES, needed = needed.unwrap_or(u64::MAX), found = data.len());
    }
    let (weights, rest) = data.split_at(counts[0] as usize * 4);
    let (first, second) = rest.split_at(counts[1] as usize * 4);
    let seed = number(header, "seed")?;
    let mut network = Network::new(spec, seed);
    if network.params().len() != weights.len() / 4 {
        refuse!(SAVE_WEIGHT_COUNT, weights = weights.len() / 4, expected = network.params().len());
    }
    network.params_mut().copy_from_slice(&f32s(weights));
    let len = network.params().len();
    let optimizer = Optimizer::from_state(optimizer, len, number(header, "steps")?, f32s(first), f32s(second))?;
    let trainer = Trainer::from_parts(network, optimizer)?;
    let info = RunInfo {
        seed,
        scaling: optional(header, "inputScaling", |v| {
            Ok(InputScaling { mean: number_f64(v, "mean")? as f32, std: number_f64(v, "std")? as f32 })
        })?,
        data: optional(header, "data", read_position)?,
        divergence: optional(header, "divergence", |v| {
            Ok(Divergence { step: number(v, "step")?, message: text(v, "message")?.to_string() })
        })?,
        link: text(header, "link")?.to_string(),
    };
    Ok((trainer, info))
}

fn read_position(v: &Value) -> Result<DataPosition> {
    let epoch = number(v, "epoch")?;
    Ok(DataPosition {
        name: text(v, "name")?.to_string(),
        examples: number(v, "examples")? as usize,
        batch: number(v, "batch")? as usize,
        epoch: u32::try_from(epoch).map_err(|_| err!(SAVE_EPOCH, epoch))?,
        position: number(v, "position")? as usize,
        images_seen: number(v, "imagesSeen")?,
    })
}

fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value> {
    v.get(key).ok_or_else(|| err!(SAVE_NO_KEY, key))
}

fn number(v: &Value, key: &str) -> Result<u64> {
    field(v, key)?.as_u64().ok_or_else(|| err!(SAVE_NOT_WHOLE, key))
}

fn number_f64(v: &Value, key: &str) -> Result<f64> {
    field(v, key)?.as_f64().ok_or_else(|| err!(SAVE_NOT_NUMBER, key))
}

fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str> {
    field(v, key)?.as_str().ok_or_else(|| err!(SAVE_NOT_TEXT, key))
}

/// `None` for a missing or null `key`, else `read` of its value.
fn optional<T>(v: &Value, key: &str, read: impl Fn(&Value) -> Result<T>) -> Result<Option<T>> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => read(value).map(Some).map_err(|e| e.context(format!("\"{key}\""))),
    }
}
