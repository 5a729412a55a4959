#!/usr/bin/env bash
# Runs every test suite of the project. This is the README's test command and what .ci/run calls.
# It installs what it needs and is missing: rustfmt and clippy here (through rustup), maturin and
# the Python test tools in a fresh virtual environment (scripts/test-python.sh), Debian's
# rustc-web, wasm-bindgen-cli of the Cargo.lock version and the npm packages
# (scripts/test-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }
if command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi

# A one-off run gains nothing from incremental compilation, which writes a second copy of much
# of the build (about 0.8 GB); keep it off unless the caller asked for it.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# The whole run writes about 2 GB under target/ (BENCHMARKS.md has the breakdown), 0.9 GB of it
# the debug build that only the Rust suites use. On a machine with little disk left (under 4 GiB
# free at the start, or DEMINIMIS_LOW_DISK=1) that build is deleted once they have passed, so the
# Python and WASM builds never sit beside it; DEMINIMIS_LOW_DISK=0 keeps it whatever the disk.
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target_dir"
free_kib=$(df -Pk "$target_dir" | awk 'NR==2 {print $4}')
if [ -z "${DEMINIMIS_LOW_DISK:-}" ]; then
  if [ "${free_kib:-0}" -lt $((4 * 1024 * 1024)) ]; then DEMINIMIS_LOW_DISK=1; else DEMINIMIS_LOW_DISK=0; fi
fi
echo "disk: $((free_kib / 1024)) MiB free where $target_dir/ is written (low-disk mode: $DEMINIMIS_LOW_DISK)"

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
if [ "$DEMINIMIS_LOW_DISK" = 1 ]; then
  echo "low-disk mode: deleting $target_dir/debug ($(du -sh "$target_dir/debug" | cut -f1)), which the later suites do not use"
  rm -rf "$target_dir/debug"
fi

step "Python package: wheel, fresh venv, pytest (scripts/test-python.sh)"
./scripts/test-python.sh

step "WebAssembly package: build, Node and browser suites (scripts/test-wasm.sh)"
./scripts/test-wasm.sh

step "all suites passed ($target_dir/ holds $(du -sh "$target_dir" | cut -f1))"
