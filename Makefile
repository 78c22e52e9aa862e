# cnn-playground: build, run and test the playground.
#
#   make build   the wasm packages (www/pkg/, www/pkg-lecture/), the MNIST data (www/data/mnist.bin and the .gz the
#                page fetches) and the page's libraries (www/vendor/: uPlot)
#   make run     build, then serve www/ at http://127.0.0.1:8080/ (PORT=... to change)
#   make dist    build, then copy the static site to dist/, ready for any static host
#   make test    every suite: native Rust, the .wasm's size, wasm in headless Chromium, browser
#                end-to-end (one at a time: make test-native, test-size, test-wasm, test-e2e)
#   make tools   check the tools, installing what is missing (scripts/ensure-tools.sh)
#   make clean   remove everything the above made (node_modules stays)
#
# The build recipe (target, output dir, rustflags, wasm-opt flags, tool versions) lives in
# wasm-pack.toml; scripts/ensure-tools.sh installs any missing tool first.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# One shell per recipe (so `make test` can keep a list of failed suites across lines). Each
# recipe starts with a section header, whose `@` then keeps the whole recipe from being echoed:
# the headers and scripts/build.py say what runs.
.ONESHELL:

CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(PATH)

PYTHON ?= python3
NODE ?= node
CARGO ?= cargo
PORT ?= 8080
E2E_TESTS = $(wildcard tests/e2e/*.test.mjs)

# A visible header for each step of a long run.
section = @printf '\n==== %s ====\n' "$(1)"

.PHONY: build run dist test tools test-native test-size test-wasm test-e2e clean

build:
	$(call section,tools: scripts/ensure-tools.sh build)
	scripts/ensure-tools.sh build
	printf '\n==== wasm package: scripts/build.py (recipe: wasm-pack.toml) ====\n'
	$(PYTHON) scripts/build.py
	printf '\n==== data: node scripts/prepare-data.mjs ====\n'
	$(NODE) scripts/prepare-data.mjs
	printf '\n==== page libraries: node scripts/vendor.mjs ====\n'
	$(NODE) scripts/vendor.mjs

run: build
	$(call section,serve: scripts/serve.py --dir www --port $(PORT))
	$(PYTHON) scripts/serve.py --dir www --port $(PORT)

# Everything the page serves; not wasm-pack's npm metadata, type declarations or notes, nor the
# uncompressed digits (the page fetches data/mnist.bin.gz; mnist.bin is for native tools).
dist: build
	$(call section,dist: www/ to dist/)
	rm -rf dist
	mkdir -p dist
	tar -C www --exclude=./pkg/.gitignore --exclude=./pkg/package.json \
	    --exclude=./pkg-lecture/.gitignore --exclude=./pkg-lecture/package.json \
	    --exclude='*.d.ts' --exclude='*.md' --exclude='*.tmp-*' --exclude=./data/mnist.bin -cf - . | tar -C dist -xf -
	echo "cnn-playground: static site in $(CURDIR)/dist/ ($$(du -sh dist | cut -f1)); try: $(PYTHON) scripts/serve.py --dir dist"

tools:
	@scripts/ensure-tools.sh all

# Runs every suite even when one fails (a failed build skips the two that need it), then
# names the ones that failed.
test:
	$(call section,tools: scripts/ensure-tools.sh all)
	time scripts/ensure-tools.sh all
	failed=""
	$(MAKE) --no-print-directory test-native || failed="$$failed native"
	if $(MAKE) --no-print-directory build; then
	  $(MAKE) --no-print-directory test-size || failed="$$failed size"
	  $(MAKE) --no-print-directory test-wasm || failed="$$failed wasm"
	  $(MAKE) --no-print-directory test-e2e || failed="$$failed e2e"
	else
	  failed="$$failed build (so wasm and e2e did not run)"
	fi
	if [ -n "$$failed" ]; then
	  printf '\n==== make test FAILED in:%s ====\n' "$$failed"
	  exit 1
	fi
	printf '\n==== make test: every suite passed ====\n'

# Format and lints first (cheap, and they name the file and line), then the tests.
test-native:
	$(call section,native: cargo fmt --check; cargo clippy (native and wasm32) -D warnings; cargo test --profile tested)
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --profile tested -- -D warnings
	$(CARGO) clippy --workspace --target wasm32-unknown-unknown --lib --profile tested --features page -- -D warnings
	$(CARGO) clippy --workspace --target wasm32-unknown-unknown --lib --profile tested --features lecture -- -D warnings
	$(CARGO) test --workspace --profile tested

# The .wasm gzipped against its limit ([build] max_gzipped_kib in wasm-pack.toml).
test-size:
	$(call section,size: scripts/build.py size)
	$(PYTHON) scripts/build.py size

test-wasm:
	$(call section,wasm tests: scripts/build.py test (wasm-pack test --headless --chrome))
	$(PYTHON) scripts/build.py test

test-e2e:
	$(call section,browser end-to-end tests: node --test tests/e2e/*.test.mjs)
	$(if $(strip $(E2E_TESTS)),$(NODE) --test $(E2E_TESTS),echo "no tests/e2e/*.test.mjs yet")

clean:
	rm -rf target www/pkg www/pkg-lecture www/data/*.bin dist tests/e2e/screenshots test-results

# `make bench`: build, then PyTorch natively (scripts/bench_pytorch.py, one thread and all
# threads, from the project's Python environment, installed here when missing) and
# www/bench.html in headless Chromium (ours vs ConvNetJS and TensorFlow.js), in turn for 3
# rounds (scripts/bench.mjs); prints one table with the ratios and writes target/bench.json.
# BENCH_ARGS="--repeats 5 --seconds 1 --rounds 3 --only ours,pytorch,convnetjs"
.PHONY: bench
bench: build
	$(call section,tools: scripts/ensure-tools.sh python (PyTorch for the side-by-side columns))
	scripts/ensure-tools.sh python || echo "make bench: no PyTorch environment; the PyTorch columns will say so"
	printf '\n==== benchmark: PyTorch natively, then www/bench.html in headless Chromium ====\n'
	$(NODE) scripts/bench.mjs $(BENCH_ARGS)
