# Bidmark: two commands on a fresh machine.
#   make run    install what is missing, build, serve the app on http://127.0.0.1:8080
#   make test   install what tests need, run every test: native, wasm in Chromium, end-to-end

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMIUM ?= /usr/bin/chromium

HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test setup setup-test setup-lint build dist serve test-native test-wasm test-e2e screenshots fmt lint clean

run: setup build serve

setup:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

## The static site in dist/: index.html, the wasm app, its loader and styles.
build:
	trunk build --release --offline

## The same app as ONE self-contained page, dist/bidmark.html: opens from disk (file://)
## or a USB stick with no hosting and no network.
dist: build
	python3 scripts/single_file.py

serve:
	@echo
	@echo "Bidmark is at http://$(HOST):$(PORT)/"
	@echo "A sample evaluation, ready scored: http://$(HOST):$(PORT)/?sample=dos-outcomes"
	@echo "(Ctrl-C stops the server.)"
	@python3 -m http.server $(PORT) --bind $(HOST) --directory dist

test: setup-test test-native test-wasm dist test-e2e

test-native:
	cargo test --all-targets

## wasm-bindgen-test in headless Chromium (webdriver.json gives Chromium its flags).
test-wasm:
	cargo test --target wasm32-unknown-unknown --test web

## Playwright journeys against the built site in dist/.
test-e2e:
	node --test --test-concurrency=1 tests/e2e/

## The pictures in README.md and docs/, from the built site.
screenshots: setup-test build
	node scripts/screenshots.mjs

fmt:
	cargo fmt

## Formatting and clippy with warnings as errors, native and wasm32 (CI runs it first).
lint: setup-lint
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bin web --test web -- -D warnings

setup-lint:
	@scripts/setup.sh lint

clean:
	cargo clean
	rm -rf dist

## Every cargo-fuzz target for FUZZ_SECONDS each (default 600), then a table of figures
## (nightly and cargo-fuzz needed; docs/reliability.md, "Fuzzing").
.PHONY: fuzz
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

## Bidmark against the bid-evaluation library from PyPI on the same generated evaluation
## (10,000 bids × 20 criteria × 3 evaluators unless PEER_ARGS says otherwise, e.g.
## PEER_ARGS="--bids 1000"): both timed end to end, every total compared. The peer is
## installed into .venv-peer/ from scripts/peer-requirements.txt when missing.
.PHONY: peer
peer:
	cargo build --release --bin bidmark
	python3 scripts/peer_compare.py $(PEER_ARGS)

## Benchmarks: the native engine (cargo bench, sizes from the generator) and the release
## site in headless Chromium, each printed as a table (docs/performance.md). Nothing here
## passes or fails on time. BENCH_SIZES picks native sizes, e.g. "200x30x5 1000x50x5".
.PHONY: bench
bench: setup-test build
	cargo build --release --bin bidmark
	cargo bench --bench engine -- $(BENCH_SIZES)
	node scripts/bench_browser.mjs
