//! Weights from a PyTorch `state_dict` saved as `.safetensors` (`safetensors.torch.save_file(
//! model.state_dict(), path)`), into a network of the same architecture.
//!
//! Tensors are matched to our parameters by name, in this order of preference:
//! 1. the names as our export writes them (`"0.weight"`, `"0.bias"`, ...), which are also the
//!    keys of an `nn.Sequential` whose modules are our layers one for one;
//! 2. the same after a prefix every name shares (`"model."`, `"module."` from
//!    `DistributedDataParallel`, `"layers."`, ...);
//! 3. by order, the file's layers taken in the natural order of their names (numbers as
//!    numbers: `2` before `10`), when its weight and bias tensors form as many layers as ours,
//!    each with a weight and the same bias or none (an `nn.Sequential` with extra modules in
//!    between, such as `nn.Dropout` or `nn.ZeroPad2d`, numbers its layers differently).
//!
//! Every shape must equal ours; a mismatch names our tensor, the expected shape and the one
//! found. Nothing is changed unless every tensor fits.

use super::binary::looks_like;
use super::tensors::{self, Read};
use crate::error::{codes, joined, Error, Param, Result};
use crate::network::{Network, ParamSlot};
use crate::trainer::Trainer;
use crate::{err, refuse};
use std::cmp::Ordering;

/// Where one of our parameters came from: the name of its tensor in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub name: String,
    pub source: String,
}

/// Loads every parameter of `network` from a `.safetensors` file; returns where each came from.
pub fn load_state_dict(network: &mut Network, bytes: &[u8]) -> Result<Vec<Mapping>> {
    if let Some(kind) = looks_like(bytes).filter(|&k| k != codes::KIND_SAFETENSORS) {
        let hint = if kind == codes::KIND_ZIP { Param::message(err!(IMPORT_UNZIP)) } else { Param::none() };
        refuse!(IMPORT_IS_KIND, kind = Param::message(Error::coded(kind, &[])), hint);
    }
    let file = tensors::read(bytes)?;
    let slots = network.param_slots().to_vec();
    if slots.is_empty() {
        refuse!(IMPORT_NO_PARAMETERS);
    }
    let order =
        match_names(&slots, &file).or_else(|| match_order(&slots, &file)).ok_or_else(|| mismatch(&slots, &file))?;
    let mut problems = Vec::new();
    for (slot, &i) in slots.iter().zip(&order) {
        let t = &file[i];
        let from = if t.name == slot.name { Param::none() } else { Param::message(err!(IMPORT_FROM, name = t.name)) };
        let name = &slot.name;
        if t.shape != slot.shape {
            let (expected, found) = (format!("{:?}", slot.shape), format!("{:?}", t.shape));
            problems.push(err!(IMPORT_SHAPE, name, from, expected, found));
        } else if let Some(index) = t.values.iter().position(|v| !v.is_finite()) {
            problems.push(err!(IMPORT_NOT_FINITE, name, from, index, value = t.values[index]));
        }
    }
    if let Some(problems) = joined(codes::LIST_SEMICOLON, problems) {
        return Err(problems);
    }
    for (slot, &i) in slots.iter().zip(&order) {
        network.set_param(&slot.name, &file[i].values)?;
    }
    Ok(slots.iter().zip(&order).map(|(s, &i)| Mapping { name: s.name.clone(), source: file[i].name.clone() }).collect())
}

/// For each slot, the index of the file's tensor of the same name, after the longest prefix
/// shared by every name that makes them all fit (none first).
fn match_names(slots: &[ParamSlot], file: &[Read]) -> Option<Vec<usize>> {
    if file.len() != slots.len() {
        return None;
    }
    let first = &file[0].name;
    let prefixes = std::iter::once(0).chain(first.match_indices('.').map(|(i, _)| i + 1));
    prefixes.map(|n| &first[..n]).find_map(|prefix| {
        slots
            .iter()
            .map(|slot| file.iter().position(|t| t.name.strip_prefix(prefix) == Some(slot.name.as_str())))
            .collect()
    })
}

/// The file's tensors paired with the slots by order of their layers, if they form the same
/// layers: each a `weight` and the same `bias` or none.
fn match_order(slots: &[ParamSlot], file: &[Read]) -> Option<Vec<usize>> {
    let split = |name: &str| name.rsplit_once('.').map(|(layer, kind)| (layer.to_string(), kind.to_string()));
    let mut named: Vec<(String, String, usize)> = Vec::new();
    for (i, t) in file.iter().enumerate() {
        let (layer, kind) = split(&t.name)?;
        if kind != "weight" && kind != "bias" {
            return None;
        }
        named.push((layer, kind, i));
    }
    // Weight before bias within a layer, layers in natural order ("2" before "10"); a state_dict
    // holds a few dozen tensors, so an insertion sort (which costs the wasm module no sort code).
    let before = |a: &(String, String, usize), b: &(String, String, usize)| {
        natural(&a.0, &b.0).then_with(|| b.1.cmp(&a.1)) == Ordering::Less
    };
    for i in 1..named.len() {
        let mut j = i;
        while j > 0 && before(&named[j], &named[j - 1]) {
            named.swap(j, j - 1);
            j -= 1;
        }
    }
    let ours: Vec<(String, String)> = slots.iter().map(|s| split(&s.name).unwrap_or_default()).collect();
    if named.len() != ours.len() {
        return None;
    }
    // Same pattern of layers: kinds equal, and a layer change in one is a change in the other.
    for k in 0..ours.len() {
        let same_layer_ours = k > 0 && ours[k].0 == ours[k - 1].0;
        let same_layer_file = k > 0 && named[k].0 == named[k - 1].0;
        if ours[k].1 != named[k].1 || same_layer_ours != same_layer_file {
            return None;
        }
    }
    Some(named.iter().map(|n| n.2).collect())
}

/// Compares dotted names with their numbers as numbers: `layers.2` < `layers.10`.
fn natural(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split('.').map(|p| (p.parse().unwrap_or(u64::MAX), p.to_string())).collect()
    };
    parts(a).cmp(&parts(b))
}

/// Why the file's tensors cannot be matched: what is missing and what is extra, with shapes.
fn mismatch(slots: &[ParamSlot], file: &[Read]) -> Error {
    let missing: Vec<Error> = slots
        .iter()
        .filter(|s| !file.iter().any(|t| t.name == s.name))
        .map(|s| err!(IMPORT_MISSING_ONE, name = s.name, shape = format!("{:?}", s.shape)))
        .collect();
    let extra: Vec<Error> = file
        .iter()
        .filter(|t| !slots.iter().any(|s| s.name == t.name))
        .map(|t| Error::new(format!("\"{}\" {:?}", t.name, t.shape)))
        .collect();
    let ours: Vec<String> = slots.iter().map(|s| format!("{} {:?}", s.name, s.shape)).collect();
    let mut parts = Vec::new();
    if let Some(names) = joined(codes::LIST_COMMA, missing) {
        parts.push(err!(IMPORT_MISSING, names = Param::message(names)));
    }
    if let Some(names) = joined(codes::LIST_COMMA, extra) {
        parts.push(err!(IMPORT_EXTRA, names = Param::message(names)));
    }
    let parts = joined(codes::LIST_SEMICOLON, parts).map_or_else(Param::none, Param::message);
    err!(IMPORT_MISMATCH, parts, ours = ours.join(", "))
}

/// Loads weights into `trainer`'s network (as [`load_state_dict`]) and starts its optimizer
/// afresh, at step 0: moments and step counts gathered for other weights mean nothing for these.
pub fn import_into(trainer: &mut Trainer, bytes: &[u8]) -> Result<Vec<Mapping>> {
    let mut network = trainer.network().clone();
    let mapping = load_state_dict(&mut network, bytes)?;
    *trainer = Trainer::from_network(network, *trainer.optimizer().spec());
    Ok(mapping)
}
