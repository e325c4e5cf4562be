#!/usr/bin/env bash
# Installs what building and testing Bidmark needs, and only what is missing.
# Every step is idempotent: a second run on a ready machine does nothing but check.
#
#   scripts/setup.sh build   toolchain for `make run` (wasm target, trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh test    the above plus Chromium, chromedriver and Playwright's driver library
#   scripts/setup.sh lint    the wasm target, rustfmt and clippy
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version pinned in Cargo.toml (and so in Cargo.lock).
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

install_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (takes several minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

install_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: one dependency in its lock file is no longer on the registry.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

install_npm() {
  # binaryen (wasm-opt), playwright-core and axe-core come from package.json / package-lock.json.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (binaryen, playwright-core)"
    npm ci --no-audit --no-fund
  fi
}

install_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and chromedriver from Debian"
    need_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq chromium chromium-driver
  fi
}

install_lint() {
  # rustfmt and clippy come with a rustup toolchain's default profile; a minimal one lacks them.
  for c in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$c"; then
      say "adding the $c component"
      rustup component add "$c"
    fi
  done
}

case "${1:-build}" in
  build)
    install_wasm_target; install_wasm_bindgen; install_trunk; install_npm ;;
  lint)
    install_wasm_target; install_lint ;;
  test)
    install_wasm_target; install_wasm_bindgen; install_trunk; install_npm; install_chromium ;;
  *)
    echo "usage: scripts/setup.sh [build|test|lint]" >&2; exit 2 ;;
esac
