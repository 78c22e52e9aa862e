//! Embeds the PyTorch reference cases into the wasm tests, which cannot read files in the
//! browser: writes `$OUT_DIR/parity_cases.rs` with one `include_str!` per `*.json` in
//! `tests/fixtures/parity/`, or in the folder named by `CNN_PARITY_DIR` when it is set.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=CNN_PARITY_DIR");
    let dir = std::env::var_os("CNN_PARITY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("tests/fixtures/parity"));
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    let mut out = format!("/// The reference cases from {dir:?}: (file name, JSON text).\npub const PARITY_DIR: &str = {:?};\npub const PARITY_CASES: &[(&str, &str)] = &[\n", dir.display().to_string());
    for case in &cases {
        let path = case.canonicalize().unwrap_or_else(|_| case.clone());
        out += &format!(
            "    ({:?}, include_str!({:?})),\n",
            case.file_name().unwrap().to_string_lossy(),
            path.display().to_string()
        );
    }
    out += "];\n";
    let target = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("parity_cases.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
