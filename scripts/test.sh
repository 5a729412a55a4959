#!/usr/bin/env bash
# Runs every test suite of the project. This is the README's test command and what .ci/run calls.
# It installs what it needs and is missing (today: only the Rust toolchain's rustfmt and clippy
# components, which rustup provides); suites for the Python and WASM bindings join here when
# those bindings land.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }
if command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings
# `unsafe` is denied in the workspace; the one audited exception (PyQuote::new_object) stays one.
unsafe_files=$(grep -rl --include='*.rs' -e 'unsafe_code' -e 'unsafe {' -e 'unsafe fn' -e 'unsafe impl' \
  crates bindings/python/src bindings/python/benches bindings/wasm/src | tr '\n' ' ')
if [ "$unsafe_files" != "bindings/python/src/types.rs " ] || [ "$(grep -c 'unsafe {' bindings/python/src/types.rs)" != 1 ]; then
  echo "unsafe code outside PyQuote::new_object (bindings/python/src/types.rs): $unsafe_files" >&2
  exit 1
fi

step "generated data is up to date (deminimis-datagen --check)"
shared="${DEMINIMIS_SHARED_DATA:-../shared/data}"
if [ ! -d "$shared" ]; then
  echo "the official data files are expected in $shared (set DEMINIMIS_SHARED_DATA to another place)" >&2
  exit 1
fi
cargo run -q --locked -p deminimis-datagen -- --shared "$shared" --check

step "Rust: unit, integration, golden, property and doc tests"
cargo test --workspace --locked

step "Python package: wheel, fresh venv, pytest (scripts/test-python.sh)"
./scripts/test-python.sh

step "WebAssembly package: build, Node and browser suites (scripts/test-wasm.sh)"
./scripts/test-wasm.sh

step "all suites passed"
