//! The whole experiment in a link's hash, with keys a person can read and edit by hand:
//!
//! ```text
//! #v=1&view=race&net=1x28x28,conv2d:8:k5:p2,relu,maxpool:2,flatten,dense:10&data=mnist
//!  &opt=sgd:0.1,momentum:0.01,adam:0.001&batch=32&seed=1&steps=200&eval=20
//!  &surface=rosenbrock&start=-1.2,1&play=1
//! ```
//!
//! | key | value | default |
//! |---|---|---|
//! | `v` | link format version: `1` | `1` |
//! | `view` | the view shown: `race`, `surface`, ... (the page knows the names) | the page's first |
//! | `net` | the network, compact (see [`net`]) or as JSON | [`DEFAULT_NET`] |
//! | `data` | the training data: `mnist`, `shapes` (the colour shapes) or `own` (the user's images) | `mnist` |
//! | `opt` | 2 to 5 contenders, `,`-separated: `TYPE:LR[:FIELD=VALUE]...`; the Train view: one | see [`default_contenders`] |
//! | `batch` | mini-batch size, 1 to 4096 | `32` |
//! | `seed` | initial weights and batch order, 0 to 4294967295 | `1` |
//! | `steps` | optimizer steps per contender, 1 to 5000 | `200` |
//! | `eval` | test accuracy every `eval` steps, 1 to 5000 | `20` |
//! | `surface` | `rosenbrock`, `beale`, `saddle`, `valley`, `himmelblau` | `rosenbrock` |
//! | `start` | the surface path's start `X,Y`, inside the surface's view box | the surface's |
//! | `play` | `1`: start on load | `0` |
//!
//! The ranges of the numeric keys are in [`KEYS`], which the page reads too (`describe`).
//!
//! The Train view (`view=train`) trains one network: its `opt` is one optimizer, its network
//! by default the lecture's reference network ([`REFERENCE_NET`]), and its link holds only
//! its own keys ([`view_keys`]).
//!
//! Reading never fails: unknown keys are ignored, and a bad value gives a [`Warning`] naming
//! the key, the value and what is allowed, while that key keeps its default and the rest of the
//! link still applies. [`LabState::to_hash`] writes every key of the link's view ([`view_keys`]:
//! a race link has no `surface` or `start`, a surface link no `net`, `data`, `batch`, `seed` or
//! `eval`, a Train view link only [`TRAIN_KEYS`]; a link without a view has them all), so a
//! link replays the same experiment even if a default changes later.

mod contenders;
pub mod data;
mod encoding;
mod keys;
pub mod net;

#[cfg(test)]
mod tests;

use contenders::format_contender;
pub use contenders::{optimizer_count, parse_contenders, parse_optimizers};
use data::fits_data;
pub use data::{data_shape, default_network, fit_network, DATA_SOURCES};
use encoding::{escape, split_pairs};
pub use keys::{describe, view_keys, LinkKey, Scope, KEYS, SURFACE_VIEW, TRAIN_KEYS};

use crate::err;
use crate::error::{Error, Param, Result};
use crate::optim::OptimizerSpec;
use crate::spec::{short, NetworkSpec};
use crate::surface::Surface;
use serde::Serialize;
use serde_json::{json, Value};

/// The only link format version so far.
pub const LINK_VERSION: u32 = 1;
/// A small network that trains in seconds on the digits.
pub const DEFAULT_NET: &str = "1x28x28,conv2d:8:k5:p2,relu,maxpool:2,flatten,dense:10";
/// The lecture's reference network (tests/fixtures/reference_network.json): the Train view's.
pub const REFERENCE_NET: &str = "1x28x28,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k5:p2,relu,maxpool:3,flatten,dense:10";
/// The view that trains one network; its link differs from the lab views' (see the module docs).
pub const TRAIN_VIEW: &str = "train";
pub const MIN_CONTENDERS: usize = 2;
pub const MAX_CONTENDERS: usize = 5;
pub const MAX_STEPS: usize = 5000;

/// A bad value in a link: `key=value`, and why it was not used: `error`, coded
/// `link.keepsDefault` with the reason inside. For the page `{key, value, message, code,
/// params}` ([`Error::to_json`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub key: String,
    pub value: String,
    pub error: Error,
}

impl Warning {
    /// `batch=0: batch size is 0: use at least 1 example; batch keeps its default`
    pub fn message(&self) -> &str {
        self.error.message()
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut json = self.error.to_json();
        json["key"] = json!(self.key);
        json["value"] = json!(self.value);
        json.serialize(serializer)
    }
}

/// Everything a link holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// `None` when the link names no view (the page shows its first).
    pub view: Option<String>,
    pub network: NetworkSpec,
    pub data: &'static str,
    pub contenders: Vec<OptimizerSpec>,
    pub batch: usize,
    pub seed: u32,
    pub steps: usize,
    pub eval_every: usize,
    pub surface: Surface,
    pub start: [f32; 2],
    pub play: bool,
}

/// The contenders when a link has none: learning rates that suit the digits network, or, for
/// the surface view, the two-parameter surfaces (whose gradients are far larger); the Train
/// view's one optimizer.
pub fn default_contenders(view: Option<&str>) -> Vec<OptimizerSpec> {
    let text = match view {
        Some("surface") => "sgd:0.001,momentum:0.001,adam:0.05",
        Some(TRAIN_VIEW) => "adam:0.001",
        _ => "sgd:0.1,momentum:0.01,adam:0.001",
    };
    parse_optimizers(text, view).unwrap_or_default()
}

impl LabState {
    /// The state of an empty link for `view`.
    pub fn defaults(view: Option<&str>) -> LabState {
        let surface = Surface::Rosenbrock;
        LabState {
            view: view.map(str::to_string),
            network: net::parse_network(if view == Some(TRAIN_VIEW) { REFERENCE_NET } else { DEFAULT_NET })
                .expect("the default networks are valid"),
            data: DATA_SOURCES[0],
            contenders: default_contenders(view),
            batch: 32,
            seed: 1,
            steps: 200,
            eval_every: 20,
            surface,
            start: surface.info().start,
            play: false,
        }
    }

    /// Reads a hash (`#v=1&view=race&...`, the `#` optional). Never fails: see the module docs.
    pub fn parse_hash(hash: &str) -> (LabState, Vec<Warning>) {
        let pairs = split_pairs(hash.strip_prefix('#').unwrap_or(hash));
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let mut warnings = Vec::new();
        let mut read = |key: &str, check: &dyn Fn(&str) -> Result<()>| {
            let value = get(key)?;
            match check(value) {
                Ok(()) => Some(value.to_string()),
                Err(e) => {
                    let value = shorten(value);
                    let error = err!(LINK_KEEPS_DEFAULT, key, value = &value, reason = Param::message(e));
                    warnings.push(Warning { key: key.into(), value, error });
                    None
                }
            }
        };
        read("v", &|value| match value.parse::<u32>() {
            Ok(LINK_VERSION) => Ok(()),
            _ => Err(err!(LINK_VERSION, value, version = LINK_VERSION)),
        });
        let view = read("view", &|v| check_view(v));
        let mut state = LabState::defaults(view.as_deref());
        if let Some(s) = read("surface", &|v| Surface::from_name(v).map(|_| ())) {
            state.surface = Surface::from_name(&s).unwrap_or(Surface::Rosenbrock);
            state.start = state.surface.info().start;
        }
        if let Some(d) = read("data", &|v| one_of(v, DATA_SOURCES).map(|_| ())) {
            state.data = one_of(&d, DATA_SOURCES).unwrap_or(state.data);
            state.network = default_network(view.as_deref(), state.data);
        }
        let data = state.data;
        if let Some(n) = read("net", &|v| net::parse_network(v).and_then(|n| fits_data(&n, data))) {
            state.network = net::parse_network(&n).unwrap_or(state.network);
        }
        if let Some(c) = read("opt", &|v| parse_optimizers(v, view.as_deref()).map(|_| ())) {
            state.contenders = parse_optimizers(&c, view.as_deref()).unwrap_or(state.contenders);
        }
        let network = state.network.clone();
        if let Some(b) = read("batch", &|v| whole_key(v, "batch").and_then(|b| network.check_batch(b))) {
            state.batch = whole_key(&b, "batch").unwrap_or(state.batch);
        }
        if let Some(s) = read("seed", &|v| whole_key(v, "seed").map(|_| ())) {
            state.seed = whole_key(&s, "seed").map_or(state.seed, |s| s as u32);
        }
        if let Some(s) = read("steps", &|v| whole_key(v, "steps").map(|_| ())) {
            state.steps = whole_key(&s, "steps").unwrap_or(state.steps);
        }
        if let Some(e) = read("eval", &|v| whole_key(v, "eval").map(|_| ())) {
            state.eval_every = whole_key(&e, "eval").unwrap_or(state.eval_every);
        }
        let surface = state.surface;
        if let Some(s) = read("start", &|v| parse_start(v, surface).map(|_| ())) {
            state.start = parse_start(&s, surface).unwrap_or(state.start);
        }
        if let Some(p) = read("play", &|v| one_of(v, &["0", "1"]).map(|_| ())) {
            state.play = p == "1";
        }
        (state, warnings)
    }

    /// The hash (without `#`): every key of the state's view ([`view_keys`]), in the order of the
    /// module docs.
    pub fn to_hash(&self) -> String {
        let keys = view_keys(self.view.as_deref());
        self.pairs()
            .into_iter()
            .filter(|(k, _)| keys.contains(k))
            .map(|(k, v)| format!("{k}={}", escape(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The state its own link reads back as: the keys its view's link does not hold at their
    /// defaults (a race keeps no surface, a surface view no network).
    pub fn for_view(&self) -> LabState {
        let view = self.view.as_deref();
        let defaults = LabState::defaults(view);
        let keys = view_keys(view);
        let pick = |name: &str| keys.contains(&name);
        LabState {
            view: self.view.clone(),
            network: if pick("net") { self.network.clone() } else { defaults.network },
            data: if pick("data") { self.data } else { defaults.data },
            contenders: self.contenders.clone(),
            batch: if pick("batch") { self.batch } else { defaults.batch },
            seed: if pick("seed") { self.seed } else { defaults.seed },
            steps: if pick("steps") { self.steps } else { defaults.steps },
            eval_every: if pick("eval") { self.eval_every } else { defaults.eval_every },
            surface: if pick("surface") { self.surface } else { defaults.surface },
            start: if pick("start") { self.start } else { defaults.start },
            play: if pick("play") { self.play } else { defaults.play },
        }
    }

    /// Every key with its value, in the order of the module docs.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("v", LINK_VERSION.to_string())];
        if let Some(view) = &self.view {
            pairs.push(("view", view.clone()));
        }
        pairs.extend([
            ("net", net::format_network(&self.network)),
            ("data", self.data.to_string()),
            ("opt", self.contenders.iter().map(format_contender).collect::<Vec<_>>().join(",")),
            ("batch", self.batch.to_string()),
            ("seed", self.seed.to_string()),
            ("steps", self.steps.to_string()),
            ("eval", self.eval_every.to_string()),
            ("surface", self.surface.name().to_string()),
            ("start", format!("{},{}", self.start[0], self.start[1])),
            ("play", u8::from(self.play).to_string()),
        ]);
        pairs
    }

    /// The state as the page uses it: `{v, view, net, network, data, contenders, batch, seed,
    /// steps, eval, surface, start, play}`; `network` is the JSON spec, `contenders` optimizer
    /// specs with every default written out.
    pub fn to_json(&self) -> Value {
        json!({
            "v": LINK_VERSION,
            "view": self.view,
            "net": net::format_network(&self.network),
            "network": self.network.to_json(),
            "data": self.data,
            "contenders": self.contenders.iter().map(|c| tidy(c.to_json())).collect::<Vec<_>>(),
            "batch": self.batch,
            "seed": self.seed,
            "steps": self.steps,
            "eval": self.eval_every,
            "surface": self.surface.name(),
            "start": [short(self.start[0]), short(self.start[1])],
            "play": self.play,
        })
    }

    /// Reads the JSON of [`LabState::to_json`] (any key may be left out; `network` wins over
    /// `net`) with the same checks as a link; the first bad value is the error.
    pub fn from_json(value: &Value) -> Result<LabState> {
        let Value::Object(map) = value else {
            return Err(Error::new(format!(
                "the lab state must be an object like {{\"view\": \"race\"}}, not {value}"
            )));
        };
        let mut pairs = Vec::new();
        for (key, value) in map {
            let text = match (key.as_str(), value) {
                (_, Value::Null) => continue,
                ("network", spec) => net::format_network(&NetworkSpec::from_json(spec)?),
                ("net", _) if map.get("network").is_some_and(|n| !n.is_null()) => continue,
                ("contenders", Value::Array(items)) => items
                    .iter()
                    .map(|o| OptimizerSpec::from_json(o).map(|o| format_contender(&o)))
                    .collect::<Result<Vec<_>>>()?
                    .join(","),
                ("start", Value::Array(xy)) => xy.iter().map(plain).collect::<Vec<_>>().join(","),
                ("play", Value::Bool(b)) => u8::from(*b).to_string(),
                (key, v) => {
                    let key = if key == "contenders" { "opt" } else { key };
                    pairs.push((key.to_string(), plain(v)));
                    continue;
                }
            };
            let key = match key.as_str() {
                "network" => "net",
                "contenders" => "opt",
                k => k,
            };
            pairs.push((key.to_string(), text));
        }
        let hash = pairs.iter().map(|(k, v)| format!("{k}={}", escape(v))).collect::<Vec<_>>().join("&");
        let (state, warnings) = LabState::parse_hash(&hash);
        match warnings.first() {
            Some(w) => Err(w.error.clone()),
            None => Ok(state),
        }
    }
}

/// Every number of an optimizer spec (f32 values) in its shortest decimal form.
fn tidy(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, tidy(v))).collect()),
        Value::Number(n) => n.as_f64().map(|x| short(x as f32).into()).unwrap_or(Value::Number(n)),
        other => other,
    }
}

/// A JSON value as link text: strings without quotes, numbers as written.
fn plain(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())
}

fn check_view(view: &str) -> Result<()> {
    let ok = !view.is_empty()
        && view.len() <= 32
        && view.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(err!(LINK_VIEW_NAME))
    }
}

pub(crate) fn one_of<'a>(value: &str, allowed: &[&'a str]) -> Result<&'a str> {
    allowed.iter().find(|&&a| a == value).copied().ok_or_else(|| err!(LINK_ONE_OF, names = allowed.join(", ")))
}

/// A whole number in the range of the numeric link key `key` ([`KEYS`]). A whole number
/// outside it, however written (`-3`, `1e99`, twenty digits, `inf`), is "out of range"; only
/// text that is no whole number (`abc`, `1.5`, `nan`) is "not a whole number".
fn whole_key(text: &str, key: &str) -> Result<usize> {
    let (min, max) = keys::range(key);
    let out_of_range = || err!(LINK_OUT_OF_RANGE, min, max);
    if let Ok(n) = text.parse::<u64>() {
        return if (min as u64..=max as u64).contains(&n) { Ok(n as usize) } else { Err(out_of_range()) };
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_infinite() => Err(out_of_range()),
        Ok(x) if x.fract() == 0.0 && x >= min as f64 && x <= max as f64 => Ok(x as usize),
        Ok(x) if x.fract() == 0.0 => Err(out_of_range()),
        _ => Err(err!(LINK_NOT_WHOLE, min, max)),
    }
}

/// `X,Y` inside the surface's view box.
fn parse_start(text: &str, surface: Surface) -> Result<[f32; 2]> {
    let [x0, x1, y0, y1] = surface.info().view_box;
    let not_two = || err!(LINK_START_NOT_TWO, x0, x1, y0, y1, surface = surface.name());
    let xy: Vec<f32> = text
        .split(',')
        .map(|t| t.trim().parse::<f32>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| not_two())?;
    match xy[..] {
        [x, y] if (x0..=x1).contains(&x) && (y0..=y1).contains(&y) => Ok([x, y]),
        [_, _] => Err(err!(LINK_START_OUTSIDE, x0, x1, y0, y1, surface = surface.name())),
        _ => Err(not_two()),
    }
}

/// A value as shown in a warning: at most 60 characters.
fn shorten(value: &str) -> String {
    if value.chars().count() <= 60 {
        value.to_string()
    } else {
        value.chars().take(57).collect::<String>() + "..."
    }
}
