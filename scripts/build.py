#!/usr/bin/env python3
"""Build (or test) the WebAssembly package as the recipe in wasm-pack.toml says.

    scripts/build.py          wasm-pack build --no-opt, then wasm-opt in place, then sizes, for
                              the page's package ([build]) and the lecture's ([build.lecture])
    scripts/build.py test     wasm-pack test in headless Chromium (the crate's wasm tests)
    scripts/build.py size     fails when a built .wasm gzipped is over its max_gzipped_kib

Nothing is downloaded: wasm-pack runs with --mode no-install and uses the wasm-bindgen,
wasm-opt and chromedriver on PATH. scripts/ensure-tools.sh installs them.
"""
import gzip
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "wasm-pack.toml"
PROFILE_FLAGS = {"release": "--release", "dev": "--dev", "profiling": "--profiling"}


def profile_args(profile):
    """wasm-pack's flag for its own profiles; any other name is a Cargo profile (Cargo.toml)."""
    return [PROFILE_FLAGS[profile]] if profile in PROFILE_FLAGS else ["--profile", profile]


def fail(message):
    sys.exit(f"build.py: {message}")


def need(tool, hint="run scripts/ensure-tools.sh"):
    """The tool's path on PATH, or exit naming what is missing and how to get it."""
    path = shutil.which(tool)
    if path is None:
        fail(f"`{tool}` is not on PATH ({hint})")
    return path


def run(cmd, env=None):
    print("+", " ".join(cmd), flush=True)
    if subprocess.run(cmd, cwd=ROOT, env=env).returncode != 0:
        fail(f"`{cmd[0]}` failed (command above)")


def load_recipe():
    if not RECIPE.exists():
        fail(f"{RECIPE} is missing")
    with RECIPE.open("rb") as f:
        return tomllib.load(f)


def check_wasm_bindgen(version):
    """The wasm-bindgen CLI, the recipe and Cargo.lock must agree on one version."""
    need("wasm-bindgen", f"cargo install wasm-bindgen-cli --version {version}")
    out = subprocess.run(["wasm-bindgen", "--version"], capture_output=True, text=True).stdout
    found = out.split()[1] if len(out.split()) > 1 else out.strip()
    if found != version:
        fail(f"wasm-bindgen {found} is on PATH but wasm-pack.toml wants {version} "
             f"(cargo install wasm-bindgen-cli --version {version} --force)")
    lock = ROOT / "Cargo.lock"
    if lock.exists():
        packages = tomllib.loads(lock.read_text()).get("package", [])
        locked = {p["version"] for p in packages if p["name"] == "wasm-bindgen"}
        if locked and locked != {version}:
            fail(f"Cargo.lock locks wasm-bindgen {', '.join(sorted(locked))} but wasm-pack.toml "
                 f"wants {version}: make Cargo.toml pin =\"{version}\" or change [tools]")


def find_wasm_opt(opt):
    """The recipe's wasm-opt (a path relative to the repo, or a name on PATH), version-checked."""
    command = opt.get("command", "wasm-opt")
    path = str(ROOT / command) if "/" in command else shutil.which(command)
    if not path or not os.access(path, os.X_OK):
        fail(f"wasm-opt `{command}` is missing (run `npm ci`, or scripts/ensure-tools.sh build)")
    out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    words = out.split()  # "wasm-opt version 132 (version_132)"
    version = int(words[2]) if len(words) > 2 and words[2].isdigit() else 0
    if version < opt.get("min_version", 0):
        fail(f"{command} is wasm-opt {version or '?'}; wasm-pack.toml wants {opt['min_version']} "
             f"or newer (older ones break wasm-bindgen's externref table)")
    return path


def check_loads(js, wasm):
    """Instantiate the package in Node, as a page would: catches a module wasm-opt broke."""
    script = ("const m = await import(process.argv[1]);"
              "m.initSync({ module: (await import('node:fs')).readFileSync(process.argv[2]) });")
    result = subprocess.run(["node", "--input-type=module", "-e", script, js.as_uri(), str(wasm)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        lines = [l for l in result.stderr.splitlines() if "Error" in l] or result.stderr.splitlines()
        fail(f"{wasm.relative_to(ROOT)} does not instantiate in Node: "
             f"{lines[0] if lines else '(no message)'}")


def wasm_env(build):
    """The environment with the recipe's rustflags added for the wasm32 target."""
    env = dict(os.environ)
    flags = build.get("rustflags", "").strip()
    if flags:
        # With --target wasm32 (as wasm-pack passes), RUSTFLAGS reaches only the wasm
        # artefacts, never build scripts or proc macros compiled for the host.
        env["RUSTFLAGS"] = f"{env.get('RUSTFLAGS', '')} {flags}".strip()
    return env


def human(n):
    return f"{n:,} bytes ({n / 1024:.1f} KiB)"


def packages(recipe):
    """The packages to build: [build], then each table inside it ([build.lecture]) as [build]
    with its own keys (out_dir, features, max_gzipped_kib)."""
    b = recipe["build"]
    main = {k: v for k, v in b.items() if not isinstance(v, dict)}
    return [main] + [{**main, **v} for v in b.values() if isinstance(v, dict)]


def build(recipe):
    need("wasm-pack")
    check_wasm_bindgen(recipe["tools"]["wasm_bindgen_version"])
    opt = recipe.get("wasm-opt", {})
    wasm_opt = find_wasm_opt(opt) if opt.get("enabled", True) else None
    for b in packages(recipe):
        build_package(b, opt, wasm_opt)


def build_package(b, opt, wasm_opt):
    profile = b.get("profile", "release")
    features = ["--", "--features", ",".join(b["features"])] if b.get("features") else []
    run(["wasm-pack", "build", "--target", b["target"], *profile_args(profile),
         "--mode", "no-install", "--no-opt",
         "--out-dir", b["out_dir"], "--out-name", b["out_name"], *features], env=wasm_env(b))

    wasm = ROOT / b["out_dir"] / f"{b['out_name']}_bg.wasm"
    if not wasm.exists():
        fail(f"wasm-pack finished but {wasm} is not there")
    before = wasm.stat().st_size
    if wasm_opt:
        tmp = wasm.with_suffix(".opt.wasm")
        run([wasm_opt, *opt.get("flags", []), str(wasm), "-o", str(tmp)])
        tmp.replace(wasm)
    if b["target"] == "web":
        check_loads(wasm.with_name(f"{b['out_name']}.js"), wasm)
    data = wasm.read_bytes()
    print(f"cnn-playground: {wasm.relative_to(ROOT)}: {human(len(data))}, "
          f"gzipped {human(len(gzip.compress(data, 9)))}"
          + (f" (before wasm-opt: {human(before)})" if len(data) != before else ""))


def test(recipe):
    t = recipe.get("test", {})
    browser = t.get("browser", "chrome")
    if browser != "chrome":
        fail(f"[test] browser = {browser!r}: only \"chrome\" (the machine's Chromium) is set up")
    need("wasm-pack")
    check_wasm_bindgen(recipe["tools"]["wasm_bindgen_version"])
    need("wasm-bindgen-test-runner", "it comes with wasm-bindgen-cli")
    chromedriver = need("chromedriver", "apt-get install chromium chromium-driver")
    webdriver = ROOT / t.get("webdriver", "webdriver.json")
    if not webdriver.exists():
        fail(f"{webdriver} is missing: wasm-bindgen-test-runner reads the browser's path from it")
    env = wasm_env(recipe["build"])
    env["CHROMEDRIVER"] = chromedriver
    env.setdefault("WASM_BINDGEN_TEST_TIMEOUT", str(t.get("timeout_seconds", 120)))
    # [test] profile names any Cargo profile (passed to cargo as --profile); without it, the
    # build's profile through wasm-pack's own flag.
    cargo_args = list(t.get("cargo_args", []))
    if "profile" in t:
        mode, cargo_args = [], ["--profile", t["profile"], *cargo_args]
    else:
        mode = profile_args(recipe["build"].get("profile", "release"))
    run(["wasm-pack", "test", "--headless", f"--{browser}", "--chromedriver", chromedriver,
         "--mode", "no-install", *mode,
         *(["--", *cargo_args] if cargo_args else [])], env=env)


def size(recipe):
    """Each built module gzipped (level 9, as a server would send it) against its limit."""
    over = []
    for b in packages(recipe):
        wasm = ROOT / b["out_dir"] / f"{b['out_name']}_bg.wasm"
        if not wasm.exists():
            fail(f"{wasm.relative_to(ROOT)} is not built yet: run `make build` first")
        limit = int(b["max_gzipped_kib"] * 1024)
        gzipped = len(gzip.compress(wasm.read_bytes(), 9))
        verdict = "within" if gzipped <= limit else "OVER"
        print(f"cnn-playground: {wasm.relative_to(ROOT)} gzipped {human(gzipped)}: {verdict} the limit "
              f"of {human(limit)} (max_gzipped_kib in wasm-pack.toml)")
        if gzipped > limit:
            over.append(f"{wasm.relative_to(ROOT)} is {human(gzipped - limit)} over")
    if over:
        fail(f"{'; '.join(over)} its size limit: keep cold code out of the kernels crate and out of "
             f"the page's package, or make it smaller (README, Speed: what each part costs)")


def main(argv):
    command = argv[1] if len(argv) > 1 else "build"
    commands = {"build": build, "test": test, "size": size}
    if command not in commands:
        fail(f"unknown command {command!r}: use `build` (default), `test` or `size`")
    commands[command](load_recipe())


if __name__ == "__main__":
    main(sys.argv)
