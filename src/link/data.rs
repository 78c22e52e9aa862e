//! The link's `data` key: which images a network trains on, and what that asks of the network.
//!
//! The digits (`mnist`, 1 x 28 x 28, 10 classes) and the colour shapes (`shapes`, 3 x 32 x 32,
//! 9 classes) have a fixed shape, so a link's network is checked against them; the user's own
//! images (`own`) have the shape and classes the user chose, which only the page knows: there
//! the page fits the network to the dataset with [`fit_network`].

use super::{net, one_of, DEFAULT_NET, REFERENCE_NET, TRAIN_VIEW};
use crate::error::Result;
use crate::spec::{Loss, NetworkSpec, Shape};
use crate::{err, refuse};
use serde_json::Value;

/// The training data a link can name: the digits, the colour shapes, the user's own images
/// (which a link cannot carry: the page asks for them).
pub const DATA_SOURCES: &[&str] = &["mnist", "shapes", "own"];

/// A built-in dataset's image shape `[channels, height, width]`, class count and the word for
/// its classes in messages; `None` for the user's own images.
pub fn data_shape(data: &str) -> Option<([usize; 3], usize, &'static str)> {
    match data {
        "mnist" => Some(([1, 28, 28], 10, "digit")),
        "shapes" => Some(([3, 32, 32], 9, "shape")),
        _ => None,
    }
}

/// The default network of `view` (the reference network for the Train view, a smaller one for
/// the others) fitted to `data`'s images and classes.
pub fn default_network(view: Option<&str>, data: &str) -> NetworkSpec {
    let text = if view == Some(TRAIN_VIEW) { REFERENCE_NET } else { DEFAULT_NET };
    let network = net::parse_network(text).expect("the default networks are valid");
    match data_shape(data) {
        Some((shape, classes, _)) => fit_network(&network, shape, classes).unwrap_or(network),
        None => network,
    }
}

/// `network` reading images of `shape` (`[channels, height, width]`) and ending with one output
/// per class: its input replaced and its last layer's units set to `classes`. Refused, with
/// what to change, when the last layer is not a dense layer or a layer no longer fits the new
/// input (e.g. a kernel larger than a smaller image).
pub fn fit_network(network: &NetworkSpec, shape: [usize; 3], classes: usize) -> Result<NetworkSpec> {
    let mut json = network.to_json();
    json["input"] = Value::from(shape.to_vec());
    let last = json["layers"].as_array_mut().and_then(|layers| layers.last_mut());
    match last {
        Some(layer) if layer["type"] == "dense" => layer["units"] = Value::from(classes),
        _ => {
            refuse!(FIT_LAST_NOT_DENSE, classes)
        }
    }
    let [c, h, w] = shape;
    NetworkSpec::from_json(&json).map_err(|e| e.at(err!(FIT_PLACE, channels = c, height = h, width = w, classes)))
}

/// The network must read the data's images and give one class score per class with softmax
/// (for own images only the softmax is checked here: the page fits the rest).
pub(super) fn fits_data(network: &NetworkSpec, data: &str) -> Result<()> {
    one_of(data, DATA_SOURCES)?;
    if network.loss() != Loss::SoftmaxCrossEntropy {
        refuse!(LINK_LOSS_NOT_SOFTMAX);
    }
    let Some(([c, h, w], classes, _)) = data_shape(data) else { return Ok(()) };
    let input = Shape::Image { channels: c, height: h, width: w };
    if network.input() != input {
        if data == "mnist" {
            refuse!(LINK_INPUT_NOT_DIGITS, input = network.input());
        }
        refuse!(LINK_INPUT_NOT_SHAPES, input = network.input());
    }
    if network.output() != (Shape::Flat { features: classes }) {
        if data == "mnist" {
            refuse!(LINK_OUTPUT_NOT_TEN, output = network.output());
        }
        refuse!(LINK_OUTPUT_NOT_NINE, output = network.output());
    }
    Ok(())
}
