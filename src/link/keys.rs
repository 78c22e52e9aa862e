//! The link's keys as a table: what each holds and, for the numbers, the range a link may give.
//! [`LabState::parse_hash`] reads its ranges here, and [`describe`] gives the table, with the
//! defaults of an empty link, to the page (`describeSchema().link`).

use super::{optimizer_count, LabState, DATA_SOURCES, LINK_VERSION, MAX_STEPS, REFERENCE_NET, TRAIN_VIEW};
use crate::spec::MAX_BATCH;
use crate::surface::SURFACE_NAMES;
use serde_json::{json, Value};

/// Which views a key belongs to. A view's link holds only its own keys (a race link has no
/// `surface` or `start`; a surface link no `net` or `batch`); a link without a view holds all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every view: `v`, `view`, `opt`, `steps`, `play`.
    All,
    /// The views that train a network on the data: the race, and any view but the loss
    /// surfaces (the Train view's link has its own list, [`TRAIN_KEYS`]).
    Training,
    /// The loss-surface view only.
    Surface,
}

impl Scope {
    /// Whether a link for `view` (none: the page's first view, every key) holds keys of this scope.
    pub fn holds(self, view: Option<&str>) -> bool {
        match (self, view) {
            (Scope::All, _) | (_, None) => true,
            (Scope::Surface, Some(v)) => v == SURFACE_VIEW,
            (Scope::Training, Some(v)) => v != SURFACE_VIEW,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Training => "training",
            Scope::Surface => "surface",
        }
    }
}

/// The view of the loss surfaces, the one view whose link holds `surface` and `start`.
pub const SURFACE_VIEW: &str = "surface";

/// One key of the link.
#[derive(Debug, Clone, Copy)]
pub struct LinkKey {
    pub name: &'static str,
    pub doc: &'static str,
    /// The whole numbers allowed, for the numeric keys.
    pub range: Option<(u64, u64)>,
    /// The views whose links hold this key.
    pub scope: Scope,
}

/// Every key, in the order a link writes them.
pub const KEYS: &[LinkKey] = &[
    LinkKey { name: "v", doc: "link format version", range: None, scope: Scope::All },
    LinkKey {
        name: "view",
        doc: "the view shown: race, surface, or any other view; the page's first when absent",
        range: None,
        scope: Scope::All,
    },
    LinkKey {
        name: "net",
        doc: "the network: the compact form (see the layers' compact syntax) or the JSON spec",
        range: None,
        scope: Scope::Training,
    },
    LinkKey { name: "data", doc: "the training data", range: None, scope: Scope::Training },
    LinkKey {
        name: "opt",
        doc: "the contenders, comma-separated: TYPE:LR[:FIELD=VALUE]...",
        range: None,
        scope: Scope::All,
    },
    LinkKey {
        name: "batch",
        doc: "mini-batch size (also within the network's activation limit)",
        range: Some((1, MAX_BATCH as u64)),
        scope: Scope::Training,
    },
    LinkKey {
        name: "seed",
        doc: "initial weights and batch order",
        range: Some((0, u32::MAX as u64)),
        scope: Scope::Training,
    },
    LinkKey {
        name: "steps",
        doc: "optimizer steps per contender (race) or per path (surface)",
        range: Some((1, MAX_STEPS as u64)),
        scope: Scope::All,
    },
    LinkKey {
        name: "eval",
        doc: "test accuracy every this many steps",
        range: Some((1, MAX_STEPS as u64)),
        scope: Scope::Training,
    },
    LinkKey { name: "surface", doc: "the loss surface", range: None, scope: Scope::Surface },
    LinkKey {
        name: "start",
        doc: "start of the surface paths, X,Y, inside the surface's view box",
        range: None,
        scope: Scope::Surface,
    },
    LinkKey { name: "play", doc: "1 starts the race or the animation on load", range: None, scope: Scope::All },
];

/// The keys of a Train view link: the network, the data, its one optimizer, batch and seed.
pub const TRAIN_KEYS: &[&str] = &["v", "view", "net", "data", "opt", "batch", "seed", "play"];

/// The keys of a data view link: which dataset.
pub const DATA_VIEW_KEYS: &[&str] = &["v", "view", "data"];

/// The keys a link for `view` writes: the Train view's own ([`TRAIN_KEYS`]), the data view's
/// ([`DATA_VIEW_KEYS`]); for any other view the keys whose [`Scope`] holds it (a link without
/// a view: every key).
pub fn view_keys(view: Option<&str>) -> Vec<&'static str> {
    match view {
        Some(TRAIN_VIEW) => TRAIN_KEYS.to_vec(),
        Some("data") => DATA_VIEW_KEYS.to_vec(),
        _ => KEYS.iter().filter(|k| k.scope.holds(view)).map(|k| k.name).collect(),
    }
}

/// The range of a numeric key.
pub(super) fn range(name: &str) -> (usize, usize) {
    let (min, max) = KEYS.iter().find(|k| k.name == name).and_then(|k| k.range).expect("a numeric link key");
    (min as usize, max as usize)
}

/// The link's keys with their defaults (an empty link, no view), the contender count, the data
/// sources, the surfaces, the default contenders of each kind of view, and the Train view's
/// keys, optimizer count and default network and optimizer.
pub fn describe() -> Value {
    let defaults = LabState::defaults(None).pairs();
    let default_of = |name: &str| defaults.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    let keys: Vec<Value> = KEYS
        .iter()
        .map(|k| {
            let mut key =
                json!({ "name": k.name, "doc": k.doc, "default": default_of(k.name), "views": k.scope.name() });
            if let Some((min, max)) = k.range {
                key["min"] = min.into();
                key["max"] = max.into();
            }
            key
        })
        .collect();
    let contenders = |view| LabState::defaults(view).pairs().into_iter().find(|(k, _)| *k == "opt").map(|(_, v)| v);
    let (min, max) = optimizer_count(None);
    let (train_min, train_max) = optimizer_count(Some(TRAIN_VIEW));
    json!({
        "version": LINK_VERSION,
        "keys": keys,
        "contenders": { "min": min, "max": max },
        "train": {
            "keys": TRAIN_KEYS,
            "optimizers": { "min": train_min, "max": train_max },
            "net": REFERENCE_NET,
            "opt": contenders(Some(TRAIN_VIEW)),
        },
        "data": DATA_SOURCES,
        "surfaces": SURFACE_NAMES,
        "defaultContenders": { "race": contenders(Some("race")), "surface": contenders(Some("surface")) },
    })
}
