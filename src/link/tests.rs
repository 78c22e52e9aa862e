use super::*;
use crate::rng::Rng;

fn parse(hash: &str) -> (LabState, Vec<Warning>) {
    LabState::parse_hash(hash)
}

fn clean(hash: &str) -> LabState {
    let (state, warnings) = parse(hash);
    assert!(warnings.is_empty(), "{hash}: {warnings:?}");
    state
}

/// A state with every key away from its default, and no view (so its link holds every key).
fn unusual() -> LabState {
    let mut s = LabState::defaults(None);
    s.network = net::parse_network("1x28x28,conv2d:4:k3x5:s2:p1x0x2x1:nobias,leaky_relu:0.2,avgpool:2:s1,conv2d:6:k3,tanh,maxpool:2x3,flatten,dense:16:nobias,sigmoid,dense:10").unwrap();
    s.contenders = parse_contenders("adam:0.003:beta1=0.8:eps=1e-6,adam:0.01,rmsprop:0.002:alpha=0.9:weight_decay=0.0005,adagrad:0.05,momentum:0.02:momentum=0.5").unwrap();
    s.batch = 64;
    s.seed = 4_000_000_000;
    s.steps = 321;
    s.eval_every = 7;
    s.surface = Surface::Himmelblau;
    s.start = [-3.25, 4.5];
    s.play = true;
    s
}

#[test]
fn every_key_round_trips_through_the_hash() {
    let state = unusual();
    let hash = state.to_hash();
    assert_eq!(clean(&hash), state, "{hash}");
    assert_eq!(clean(&format!("#{hash}")), state);
    // and each key alone changes just that key
    let defaults = LabState::defaults(None);
    let keys: Vec<&str> = hash.split('&').map(|pair| pair.split('=').next().unwrap()).collect();
    assert_eq!(keys, ["v", "net", "data", "opt", "batch", "seed", "steps", "eval", "surface", "start", "play"]);
    for pair in hash.split('&').chain(["view=surface"]) {
        let (alone, _) = parse(pair);
        let key = pair.split('=').next().unwrap();
        let changed = match key {
            "v" | "data" => alone == defaults,
            "view" => alone.view.as_deref() == Some("surface"),
            "net" => alone.network == state.network,
            "opt" => alone.contenders == state.contenders,
            "batch" => alone.batch == 64,
            "seed" => alone.seed == 4_000_000_000,
            "steps" => alone.steps == 321,
            "eval" => alone.eval_every == 7,
            "surface" => alone.surface == Surface::Himmelblau && alone.start == Surface::Himmelblau.info().start,
            "start" => true, // only valid together with its surface: checked below
            "play" => alone.play,
            other => panic!("untested key {other}"),
        };
        assert!(changed, "{pair}");
    }
    assert_eq!(clean("surface=himmelblau&start=-3.25,4.5").start, [-3.25, 4.5]);
}

#[test]
fn the_defaults_round_trip_and_read_well() {
    let state = LabState::defaults(Some("race"));
    let hash = state.to_hash();
    assert_eq!(
        hash,
        "v=1&view=race&net=1x28x28,conv2d:8:k5:p2,relu,maxpool:2,flatten,dense:10&data=mnist&opt=sgd:0.1,momentum:0.01,adam:0.001&batch=32&seed=1&steps=200&eval=20&play=0"
    );
    assert_eq!(clean(&hash), state);
    let surface = LabState::defaults(Some("surface"));
    assert_eq!(
        surface.to_hash(),
        "v=1&view=surface&opt=sgd:0.001,momentum:0.001,adam:0.05&steps=200&surface=rosenbrock&start=-1.2,1&play=0"
    );
    assert_eq!(clean(&surface.to_hash()), surface);
    assert_eq!(clean(""), LabState::defaults(None));
}

/// A race link holds no surface and a surface link no network: each view's link holds only its
/// own keys, and reads back as the state with the others at their defaults (the Train view's:
/// a_train_link_holds_one_optimizer_the_reference_network_and_only_its_keys).
#[test]
fn a_views_link_holds_only_its_keys() {
    let keys = |hash: &str| hash.split('&').map(|p| p.split('=').next().unwrap().to_string()).collect::<Vec<_>>();
    for (view, expected) in [
        ("race", &["v", "view", "net", "data", "opt", "batch", "seed", "steps", "eval", "play"][..]),
        ("surface", &["v", "view", "opt", "steps", "surface", "start", "play"][..]),
    ] {
        let mut state = unusual();
        state.view = Some(view.to_string());
        let hash = state.to_hash();
        assert_eq!(keys(&hash), expected, "{view}: {hash}");
        let back = clean(&hash);
        assert_eq!(back, state.for_view(), "{view}");
        assert_eq!(back.contenders, state.contenders);
        if view == "surface" {
            assert_eq!((back.surface, back.start), (Surface::Himmelblau, [-3.25, 4.5]));
            assert_eq!(back.network, LabState::defaults(None).network);
        } else {
            assert_eq!((back.network.clone(), back.seed, back.batch), (state.network.clone(), state.seed, 64));
            assert_eq!(back.surface, Surface::Rosenbrock);
        }
    }
}

#[test]
fn a_whole_number_outside_the_range_is_out_of_range_however_it_is_written() {
    for (hash, key) in [
        ("seed=1e99", "seed"),
        ("seed=-3", "seed"),
        ("seed=99999999999999999999", "seed"),
        ("batch=1e4", "batch"),
        ("steps=inf", "steps"),
    ] {
        let (_, message) = warning_for(hash, key);
        assert!(message.starts_with(&format!("{hash}: out of range: use a whole number from")), "{message}");
    }
    for (hash, key) in [("seed=1.5", "seed"), ("seed=abc", "seed"), ("eval=nan", "eval"), ("batch=", "batch")] {
        let (_, message) = warning_for(hash, key);
        assert!(message.starts_with(&format!("{hash}: not a whole number: use a whole number from")), "{message}");
    }
    // a whole number written otherwise is read as that number
    assert_eq!(clean("seed=1e2").seed, 100);
    assert_eq!(clean("batch=64.0").batch, 64);
}

#[test]
fn json_state_round_trips_and_is_checked() {
    let state = unusual();
    let json = state.to_json();
    assert_eq!(json["network"]["layers"][0]["kernel"], serde_json::json!([3, 5]));
    assert_eq!(json["contenders"][0]["beta1"], serde_json::json!(0.8));
    assert_eq!(json["start"], serde_json::json!([-3.25, 4.5]));
    assert_eq!(LabState::from_json(&json).unwrap(), state);
    let mut bad = json.clone();
    bad["batch"] = 0.into();
    let err = LabState::from_json(&bad).unwrap_err();
    assert!(err.message().starts_with("batch=0: out of range"), "{}", err.message());
    // the compact net alone is enough
    let only_net = serde_json::json!({"net": "1x28x28,flatten,dense:10", "view": "race"});
    assert_eq!(LabState::from_json(&only_net).unwrap().network.layers().len(), 2);
}

#[test]
fn json_network_in_the_link_is_accepted() {
    let hash = r#"net=%7B%22input%22:[1,28,28],%22layers%22:[%7B%22type%22:%22flatten%22%7D,%7B%22type%22:%22dense%22,%22units%22:10%7D],%22loss%22:%22softmax_cross_entropy%22%7D"#;
    assert_eq!(net::format_network(&clean(hash).network), "1x28x28,flatten,dense:10");
}

fn warning_for(hash: &str, key: &str) -> (LabState, String) {
    let (state, warnings) = parse(hash);
    assert_eq!(warnings.len(), 1, "{hash}: {warnings:?}");
    assert_eq!(warnings[0].key, key);
    (state, warnings[0].message().to_string())
}

#[test]
fn bad_values_warn_and_fall_back_while_the_rest_applies() {
    let defaults = LabState::defaults(Some("race"));
    let cases: &[(&str, &str, &[&str])] = &[
        ("batch=abc", "batch", &["batch=abc", "not a whole number", "from 1 to 4096"]),
        ("batch=5000", "batch", &["out of range", "from 1 to 4096"]),
        ("seed=-3", "seed", &["seed=-3: out of range", "from 0 to 4294967295"]),
        ("steps=0", "steps", &["from 1 to 5000"]),
        ("eval=1.5", "eval", &["not a whole number"]),
        ("v=2", "v", &["version \"2\"", "reads version 1"]),
        (
            "opt=adam:0.001,nadam:0.01",
            "opt",
            &["contender 2 \"nadam:0.01\"", "unknown", "sgd, momentum, adagrad, rmsprop, adam"],
        ),
        ("opt=adam:0.001", "opt", &["1 contenders given", "2 to 5"]),
        ("opt=sgd:0.1,sgd:0.2,sgd:0.3,sgd:0.4,sgd:0.5,sgd:0.6", "opt", &["6 contenders"]),
        ("opt=sgd:-1,adam:0.001", "opt", &["lr must be greater than 0"]),
        ("opt=sgd:fast,adam:0.001", "opt", &["lr \"fast\" is not a number"]),
        ("opt=momentum:0.1:momentum=1,adam:0.001", "opt", &["momentum must be from 0 up to"]),
        ("opt=sgd,adam:0.001", "opt", &["no learning rate"]),
        (
            "net=1x28x28,conv2d:8:k40,flatten,dense:10",
            "net",
            &["layer 0 (conv2d): kernel 40 is larger than the padded input"],
        ),
        ("net=1x28x28,conv2d:8,flatten,dense:10", "net", &["\"kernel\" is missing"]),
        (
            "net=1x28x28,conv2d:8:q3,flatten,dense:10",
            "net",
            &["part \"q3\" is not understood", "conv2d:FILTERS:kKERNEL"],
        ),
        ("net=1x28x28,flatten,dense:12", "net", &["10 digit classes"]),
        ("net=3x32x32,flatten,dense:10", "net", &["1 x 28 x 28"]),
        ("net=28x28,flatten,dense:10", "net", &["CHANNELSxHEIGHTxWIDTH"]),
        ("net=1x28x28,flatten,dnse:10", "net", &["did you mean \"dense\""]),
        ("data=cifar", "data", &["use one of mnist, shapes, own"]),
        (
            "data=shapes&net=1x28x28,flatten,dense:10",
            "net",
            &["the colour shapes are 3 x 32 x 32", "start the net with 3x32x32"],
        ),
        ("data=shapes&net=3x32x32,flatten,dense:10", "net", &["there are 9 shape classes", "dense:9"]),
        ("surface=rosenbrok", "surface", &["did you mean \"rosenbrock\""]),
        ("start=9,9", "start", &["outside the surface", "x from -2 to 2"]),
        ("start=1", "start", &["not two numbers"]),
        ("start=nan,1", "start", &["outside the surface"]),
        ("play=yes", "play", &["use one of 0, 1"]),
        ("view=Race!", "view", &["lowercase letters"]),
    ];
    for (bad, key, needles) in cases {
        // the bad key among good ones: only it falls back
        let view = if *key == "view" { "" } else { "view=race&" };
        let hash = format!("{view}{bad}&seed=7&steps=9&zzz=unknown");
        let (state, message) = warning_for(&hash, key);
        for needle in *needles {
            assert!(message.contains(needle), "{bad}: {message:?} lacks {needle:?}");
        }
        assert!(message.ends_with("keeps its default"), "{message}");
        if *key != "seed" {
            assert_eq!(state.seed, 7, "{bad}");
        }
        assert_eq!(state.steps, if *key == "steps" { 200 } else { 9 });
        match *key {
            "batch" => assert_eq!(state.batch, defaults.batch),
            "opt" => assert_eq!(state.contenders, defaults.contenders),
            "net" => assert_eq!(state.network, default_network(state.view.as_deref(), state.data)),
            _ => {}
        }
    }
}

#[test]
fn the_data_key_names_the_digits_the_colour_shapes_or_own_images() {
    let shapes = clean("data=shapes");
    assert_eq!(shapes.data, "shapes");
    assert_eq!(
        net::format_network(&shapes.network),
        "3x32x32,conv2d:8:k5:p2,relu,maxpool:2,flatten,dense:9",
        "without a net the default network reads the colour shapes"
    );
    assert_eq!(clean(&shapes.to_hash()), shapes);
    // Own images: any image input and any number of classes (the page checks them against the
    // dataset it has), but softmax.
    let own = clean("data=own&net=3x64x48,conv2d:4:k3,relu,flatten,dense:5");
    assert_eq!((own.data, own.network.output()), ("own", crate::spec::Shape::Flat { features: 5 }));
    assert_eq!(clean(&own.to_hash()), own);
    let (_, message) = warning_for("data=own&net=1x8x8,flatten,dense:3,loss:sigmoid_binary_cross_entropy", "net");
    assert!(message.contains("softmax_cross_entropy"), "{message}");
    assert_eq!(
        clean("view=data&data=own&seed=9").to_hash(),
        "v=1&view=data&data=own",
        "the data view's link: its dataset"
    );
    // The Train view's default is the reference network, fitted to the data.
    assert_eq!(
        net::format_network(&clean("view=train&data=shapes").network),
        "3x32x32,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k5:p2,relu,maxpool:3,flatten,dense:9"
    );
}

#[test]
fn a_network_is_fitted_to_a_dataset_or_says_what_to_change() {
    let reference = net::parse_network(REFERENCE_NET).unwrap();
    let fitted = fit_network(&reference, [3, 64, 48], 4).unwrap();
    assert_eq!(
        net::format_network(&fitted),
        "3x64x48,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k5:p2,relu,maxpool:3,flatten,dense:4"
    );
    let message = fit_network(&reference, [1, 4, 4], 3).unwrap_err().to_string();
    assert!(
        message.contains("for images of 1 x 4 x 4 and 3 classes the network does not fit")
            && message.contains("layer 5 (maxpool)"),
        "{message}"
    );
    let no_dense = net::parse_network("1x28x28,conv2d:4:k3,relu,flatten").unwrap();
    let message = fit_network(&no_dense, [1, 28, 28], 3).unwrap_err().to_string();
    assert!(message.contains("must end with a dense layer of one output per class (3)"), "{message}");
}

#[test]
fn a_batch_too_large_for_the_network_is_refused_by_the_core() {
    let (_, message) = warning_for("net=1x28x28,conv2d:64:k3:p1,flatten,dense:10&batch=4096", "batch");
    assert!(message.contains("MB of activations"), "{message}");
}

#[test]
fn percent_escapes_and_plus_decode_like_url_search_params() {
    let state = clean("view=race&opt=sgd%3A0.1%2Cadam%3A0.001&start=%2D1%2C1");
    assert_eq!(state.contenders.len(), 2);
    assert_eq!(state.start, [-1.0, 1.0]);
    let (_, warnings) = parse("batch=%ZZ&seed=%");
    assert_eq!(warnings.len(), 2);
    assert!(warnings[0].message().contains("%ZZ"));
}

#[test]
fn long_values_are_shortened_in_messages() {
    let long = "9".repeat(500);
    let (_, message) = warning_for(&format!("batch={long}"), "batch");
    assert!(message.len() < 300, "{message}");
    let (_, message) = warning_for(&format!("view={}", "é".repeat(100)), "view");
    assert!(message.contains("..."));
}

/// Fragments that make plausible links, so that mutations reach deep into the parsers.
const FRAGMENTS: &[&str] = &[
    "v=1",
    "view=race",
    "view=surface",
    "view=train",
    "net=",
    "1x28x28",
    ",conv2d:8:k5:p2",
    ",relu",
    ",maxpool:2",
    ",flatten",
    ",dense:10",
    "opt=",
    "sgd:0.1",
    ",adam:0.001",
    ":beta1=0.8",
    "momentum:",
    "batch=",
    "seed=",
    "steps=",
    "eval=",
    "surface=",
    "beale",
    "start=",
    "-1.2,1",
    "play=1",
    "&",
    "=",
    ":",
    ",",
    "x",
    "%",
    "%2",
    "%41",
    "+",
    "#",
    "{",
    "\"",
    "é",
    "∞",
    "NaN",
    "inf",
    "-0",
    "1e39",
    "4294967296",
    "99999999999999999999",
    "loss:sigmoid_binary_cross_entropy",
    "nobias",
    "k",
    "s0",
    "p",
];

fn random_hash(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(24) {
        if rng.below(4) == 0 {
            let c = char::from_u32(rng.below(0x3000)).unwrap_or('?');
            text.push(c);
        } else {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len() as u32) as usize]);
        }
    }
    text
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() as u32 + 1) as usize;
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, char::from_u32(rng.below(128)).unwrap_or('x')),
            _ => chars.splice(at..at, FRAGMENTS[rng.below(FRAGMENTS.len() as u32) as usize].chars()).for_each(drop),
        }
    }
    chars.into_iter().collect()
}

/// Whatever a link says, parsing returns (no panic) a state whose own link reads back, with no
/// warning, to the same state (the keys its view does not hold at their defaults), and writes
/// the same link again.
#[test]
fn fuzz_parsing_never_panics_and_always_gives_a_state_that_round_trips() {
    let mut rng = Rng::new(2024, 7);
    let good = unusual().to_hash();
    for i in 0..4000 {
        let hash = if i % 2 == 0 { random_hash(&mut rng) } else { mutate(&mut rng, &good) };
        let (state, warnings) = parse(&hash);
        for w in &warnings {
            assert!(w.message().starts_with(&w.key), "{hash}: {w:?}");
        }
        let again = state.to_hash();
        let back = clean(&again);
        assert_eq!(back.to_hash(), again, "from {hash:?}");
        assert_eq!(back, state.for_view(), "from {hash:?}");
        assert!(LabState::from_json(&state.to_json()).is_ok(), "{hash}");
    }
}

#[test]
fn a_train_link_holds_one_optimizer_the_reference_network_and_only_its_keys() {
    let defaults = LabState::defaults(Some("train"));
    let reference = NetworkSpec::from_json_str(include_str!("../../tests/fixtures/reference_network.json")).unwrap();
    assert_eq!(defaults.network, reference);
    assert_eq!(defaults.contenders, parse_optimizers("adam:0.001", Some("train")).unwrap());
    let hash = defaults.to_hash();
    assert_eq!(
        hash,
        "v=1&view=train&net=1x28x28,conv2d:8:k5:p2,relu,maxpool:2,conv2d:16:k5:p2,relu,maxpool:3,flatten,dense:10&data=mnist&opt=adam:0.001&batch=32&seed=1&play=0"
    );
    assert_eq!(clean(&hash), defaults);
    let state = clean("view=train&opt=momentum:0.05:momentum=0.5&batch=8&seed=3&play=1");
    assert_eq!(state.contenders.len(), 1);
    assert_eq!((state.batch, state.seed, state.play), (8, 3, true));
    // through the page's JSON too
    assert_eq!(LabState::from_json(&state.to_json()).unwrap(), state);
    for (bad, needles) in [
        ("opt=sgd:0.1,adam:0.001", &["2 optimizers given", "the Train view trains one"][..]),
        ("opt=adam:-1", &["lr must be greater than 0"][..]),
        ("batch=0", &["batch=0", "out of range"][..]),
    ] {
        let (state, message) = warning_for(&format!("view=train&{bad}&seed=5"), bad.split('=').next().unwrap());
        for needle in needles {
            assert!(message.contains(needle), "{bad}: {message}");
        }
        assert_eq!((state.seed, state.contenders.len()), (5, 1), "{bad}");
    }
    // a race still needs two contenders
    let (_, message) = warning_for("view=race&opt=adam:0.001", "opt");
    assert!(message.contains("1 contenders given"), "{message}");
}
