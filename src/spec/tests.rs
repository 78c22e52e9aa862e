use super::*;

fn info(json: &str) -> Vec<(String, usize)> {
    NetworkSpec::from_json_str(json)
        .unwrap()
        .layers_info()
        .iter()
        .map(|l| (l.output_shape.to_string(), l.parameters))
        .collect()
}

#[test]
fn the_reference_network_has_the_shapes_and_counts_the_page_shows() {
    let spec = NetworkSpec::from_json_str(include_str!("../../tests/fixtures/reference_network.json")).unwrap();
    let got: Vec<(String, usize)> =
        spec.layers_info().iter().map(|l| (l.output_shape.to_string(), l.parameters)).collect();
    let want = [
        ("8 x 28 x 28", 8 * 25 + 8),
        ("8 x 28 x 28", 0),
        ("8 x 14 x 14", 0),
        ("16 x 14 x 14", 16 * 8 * 25 + 16),
        ("16 x 14 x 14", 0),
        ("16 x 4 x 4", 0), // (14 - 3) / 3 + 1 = 4, rounded down
        ("256", 0),
        ("10", 256 * 10 + 10),
    ];
    assert_eq!(got, want.iter().map(|(s, p)| (s.to_string(), *p)).collect::<Vec<_>>());
    assert_eq!(spec.parameter_count(), 5994);
    assert_eq!(spec.output(), Shape::Flat { features: 10 });
    // outputs + im2col columns: 784 + 6272*2 + 1568 + 3136*2 + 256*2 + 10 + 25*784 + 200*196
    assert_eq!(spec.activations_per_example(), 784 + 6272 * 2 + 1568 + 3136 * 2 + 256 * 2 + 10 + 25 * 784 + 200 * 196);
}

#[test]
fn output_size_is_w_minus_f_plus_padding_over_stride_plus_one_rounded_down() {
    let conv = |w: usize, f: usize, s: usize, p: &str| {
        let json = format!(
            r#"{{"input": [1, {w}, {w}], "layers": [{{"type": "conv2d", "filters": 1, "kernel": {f}, "stride": {s}, "padding": {p}}}, {{"type": "flatten"}}], "loss": "softmax_cross_entropy"}}"#
        );
        info(&json)[0].0.clone()
    };
    assert_eq!(conv(7, 3, 1, "0"), "1 x 5 x 5");
    assert_eq!(conv(7, 3, 2, "1"), "1 x 4 x 4"); // (7 - 3 + 2) / 2 + 1
    assert_eq!(conv(5, 3, 2, "[0, 1, 0, 1]"), "1 x 2 x 2"); // padding only right and bottom: (5 - 3 + 1) / 2 + 1 = 2.5
    assert_eq!(conv(6, 3, 2, "1"), "1 x 3 x 3"); // (6 - 3 + 2) / 2 + 1 = 3.5, rounded down
    assert_eq!(conv(28, 5, 1, "2"), "1 x 28 x 28"); // "same" padding
}

#[test]
fn rectangular_kernels_strides_and_pools() {
    let got = info(
        r#"{"input": [3, 9, 12], "layers": [
            {"type": "conv2d", "filters": 4, "kernel": [3, 5], "stride": [2, 1], "padding": [1, 0, 2, 2], "bias": false},
            {"type": "avgpool", "size": [2, 3], "stride": [1, 2]},
            {"type": "flatten"}, {"type": "flatten"}, {"type": "dense", "units": 2, "bias": false}],
            "loss": "sigmoid_binary_cross_entropy"}"#,
    );
    assert_eq!(got[0], ("4 x 4 x 12".to_string(), 4 * 3 * 15)); // (9+1-3)/2+1 = 4, (12+4-5)/1+1 = 12
    assert_eq!(got[1], ("4 x 3 x 5".to_string(), 0)); // (4-2)/1+1, (12-3)/2+1
    assert_eq!(got[3], ("60".to_string(), 0)); // flatten of flat is a no-op
    assert_eq!(got[4], ("2".to_string(), 120));
}

#[test]
fn defaults_follow_the_spec() {
    let spec = NetworkSpec::from_json_str(
        r#"{"input": [1, 6, 6], "layers": [{"type": "conv2d", "filters": 1, "kernel": 3}, {"type": "maxpool", "size": 2}, {"type": "leaky_relu"}, {"type": "flatten"}, {"type": "dense", "units": 1}], "loss": "sigmoid_binary_cross_entropy"}"#,
    )
    .unwrap();
    let LayerSpec::Conv2d(c) = &spec.layers()[0] else { panic!() };
    assert_eq!((c.stride, c.padding, c.bias), ([1, 1], [0; 4], true));
    let LayerSpec::MaxPool(p) = &spec.layers()[1] else { panic!() };
    assert_eq!(p.stride, [2, 2]);
    assert_eq!(spec.layers()[2], LayerSpec::Activation(Activation::LeakyRelu { slope: 0.01 }));
}
