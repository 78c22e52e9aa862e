use super::codes::{self, Code, ALL};
use super::*;
use crate::lecture::conv_arithmetic::{conv_arithmetic, ConvQuestion};
use crate::link::LabState;
use crate::optim::OptimizerSpec;
use crate::spec::NetworkSpec;
use serde_json::json;

mod coverage;
mod coverage_files;

#[test]
fn codes_are_unique_and_their_placeholders_are_their_parameters() {
    let mut names: Vec<&str> = ALL.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ALL.len(), "a code name is used twice");
    assert_eq!(codes::KERNEL_TOO_LARGE.params(), ["kernel", "height", "width"]);
    assert_eq!(codes::LINK_VERSION.params(), ["value", "version"], "a placeholder used twice is one parameter");
    assert!(codes::LAYERS_EMPTY.params().is_empty(), "JSON in a template is text: {:?}", codes::LAYERS_EMPTY.params());
    for code in ALL {
        assert!(
            !code.english.is_empty() && code.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'),
            "{code:?}"
        );
    }
}

#[test]
fn a_template_is_filled_where_a_parameter_is_given_and_left_as_it_is_elsewhere() {
    let code = Code { name: "test", english: "{a} and {\"b\": {c}} {a}" };
    assert_eq!(code.fill(|n| (n == "a").then(|| "1".to_string())), "1 and {\"b\": {c}} 1");
    assert_eq!(code.fill(|_| Some("x".into())), "x and {\"b\": x} x");
}

#[test]
fn a_refused_spec_keeps_its_english_and_names_its_code_parameters_and_place() {
    let spec = json!({"input": [1, 4, 4], "layers": [{"type": "flatten"}, {"type": "relu"}, {"type": "conv2d", "filters": 2, "kernel": 5}], "loss": "softmax_cross_entropy"});
    let e = NetworkSpec::from_json(&spec).unwrap_err();
    assert_eq!(e.message(), "layer 2 (conv2d): input is flat (16 values), but conv2d needs an image (channels x height x width): move it before flatten");
    assert_eq!(e.code(), Some(codes::NEEDS_IMAGE));
    assert_eq!((e.param("features"), e.param("kind")), (Some("16"), Some("conv2d")));
    assert_eq!(e.places().len(), 1);
    assert_eq!(e.places()[0].code(), Some(codes::PLACE_LAYER));
    assert_eq!(e.places()[0].param("index"), Some("2"));
    assert_eq!(
        e.to_json(),
        json!({
            "message": e.message(),
            "code": "spec.needsImage",
            "params": {"features": "16", "kind": "conv2d"},
            "places": [{"message": "layer 2 (conv2d)", "code": "place.layer", "params": {"index": "2", "kind": "conv2d"}}],
        })
    );
    let spec = json!({"input": [1, 4, 4], "layers": [{"type": "conv2d", "filters": 2, "kernel": 5, "padding": 0}], "loss": "softmax_cross_entropy"});
    let e = NetworkSpec::from_json(&spec).unwrap_err();
    assert_eq!(e.message(), "layer 0 (conv2d): kernel 5 is larger than the padded input 4 x 4");
    assert_eq!(e.code(), Some(codes::KERNEL_TOO_LARGE));
    assert_eq!([e.param("kernel"), e.param("height"), e.param("width")], [Some("5"), Some("4"), Some("4")]);
}

#[test]
fn a_bad_number_names_its_range_as_a_message_of_its_own() {
    let e = OptimizerSpec::from_json(&json!({"type": "momentum", "lr": 0.1, "momentum": 1.5})).unwrap_err();
    assert_eq!(e.message(), "optimizer (momentum): momentum must be from 0 up to (not including) 1, not 1.5");
    assert_eq!(e.code(), Some(codes::FIELD_OUT_OF_RANGE));
    assert_eq!(e.places()[0].code(), Some(codes::PLACE_OPTIMIZER));
    let json = e.to_json();
    assert_eq!(json["params"]["allowed"]["code"], "range.upTo");
    assert_eq!(json["params"]["allowed"]["params"], json!({"min": "0", "max": "1"}));
    let e = OptimizerSpec::from_json(&json!({"type": "adma", "lr": 0.1})).unwrap_err();
    assert_eq!(
        e.message(),
        "optimizer type \"adma\" is unknown (did you mean \"adam\"?): use one of sgd, momentum, adagrad, rmsprop, adam"
    );
    assert_eq!(
        e.to_json()["params"]["hint"],
        json!({"message": " (did you mean \"adam\"?)", "code": "didYouMean", "params": {"name": "adam"}})
    );
    let e = OptimizerSpec::from_json(&json!({"type": "xyzzy", "lr": 0.1})).unwrap_err();
    assert_eq!(e.to_json()["params"]["hint"], "", "no suggestion: the hint is empty");
}

#[test]
fn a_link_warning_carries_the_reason_inside_its_own_code() {
    let (_, warnings) = LabState::parse_hash("v=1&view=race&batch=0&opt=sgd:0.1,adam:x");
    assert_eq!(warnings.len(), 2);
    let batch = warnings.iter().find(|w| w.key == "batch").unwrap();
    assert_eq!(batch.message(), "batch=0: out of range: use a whole number from 1 to 4096; batch keeps its default");
    let json = serde_json::to_value(batch).unwrap();
    assert_eq!(json["code"], "link.keepsDefault");
    assert_eq!((json["key"].as_str(), json["value"].as_str()), (Some("batch"), Some("0")));
    assert_eq!(
        json["params"]["reason"],
        json!({"message": "out of range: use a whole number from 1 to 4096", "code": "link.outOfRange", "params": {"min": "1", "max": "4096"}})
    );
    let opt = warnings.iter().find(|w| w.key == "opt").unwrap();
    let reason = &serde_json::to_value(opt).unwrap()["params"]["reason"];
    assert_eq!(reason["code"], "link.notNumber");
    assert_eq!(reason["places"][0]["code"], "place.contender");
    assert_eq!(reason["places"][0]["params"], json!({"number": "2", "item": "adam:x"}));
}

#[test]
fn a_lecture_refusal_is_coded_too() {
    let q = ConvQuestion { input: 4, kernel: 7, stride: 1, padding: 1, one_sided: false, channels: 1, filters: 1 };
    let e = conv_arithmetic(q).unwrap_err();
    assert_eq!(e.code(), Some(codes::LECTURE_KERNEL_LARGER));
    assert_eq!((e.param("kernel"), e.param("padded")), (Some("7"), Some("6")));
    assert_eq!(
        e.message(),
        "The kernel (7) is larger than the padded input (6): make the kernel smaller, or the input or the padding larger."
    );
    let e = crate::lecture::softmax::softmax_view(&[1.0], 0).unwrap_err();
    assert_eq!(e.message(), "the number of outputs must be from 2 to 20, not 1");
    assert_eq!(e.to_json()["params"]["what"]["code"], "lecture.what.outputCount");
}

#[test]
fn an_uncoded_error_and_a_plain_place_stay_plain_text() {
    let e = Error::new("the file is damaged").context("digits.zip");
    assert_eq!(e.message(), "digits.zip: the file is damaged");
    assert_eq!(e.code(), None);
    assert_eq!(
        e.to_json(),
        json!({"message": "digits.zip: the file is damaged", "places": [{"message": "digits.zip"}]})
    );
}
