#!/usr/bin/env bash
# Builds the npm package `deminimis` in this folder (bindings/wasm): the deminimis-wasm crate for
# wasm32-unknown-unknown, then wasm-bindgen's `--target nodejs` (pkg/node) and `--target web`
# (pkg/web) glue, then pkg/api.cjs (the CommonJS copy of js/api.mjs).
#
# Installs what it lacks:
#   - a Rust that can build wasm32: a rustup toolchain with the wasm32-unknown-unknown target is
#     used when installed; otherwise Debian's rustc-web (Rust 1.96, its std sources, and rust-lld
#     from rust-web-llvm plus lld-22), which builds std for wasm32 itself (-Zbuild-std), installed
#     with apt-get as root;
#   - wasm-bindgen-cli of exactly the wasm-bindgen version in Cargo.lock (cargo install).
# DEMINIMIS_WASM_OPT=1 also runs wasm-opt (Debian `binaryen`), which barely shrinks the module.
#
# Run it as `npm --prefix bindings/wasm run build` or `bindings/wasm/build.sh`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

say() { printf '[wasm build] %s\n' "$*" >&2; }

# Release profile for the module: whole-program optimization, one codegen unit (smaller, faster).
export CARGO_PROFILE_RELEASE_LTO=fat
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root to run: $*"; exit 1
  fi
}

wasm=""
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "using the rustup toolchain's wasm32-unknown-unknown target"
  # Its own target directory: the profile settings above must not rebuild the host's target/.
  CARGO_TARGET_DIR="$root/target/wasm-rustup" \
    cargo build --release --locked -p deminimis-wasm --target wasm32-unknown-unknown
  wasm="$root/target/wasm-rustup/wasm32-unknown-unknown/release/deminimis_wasm.wasm"
else
  # Debian's rustc-web: std sources (rust-web-src), rust-lld (rust-web-llvm -> lld-22).
  lld_ok() { [ -x /usr/bin/rust-lld ] && [ -e "$(readlink -f /usr/bin/rust-lld)" ]; }
  if [ ! -x /usr/bin/cargo ] || [ ! -x /usr/bin/rustc ] \
     || [ ! -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] || ! lld_ok; then
    command -v apt-get >/dev/null || {
      say "no wasm32 Rust: run 'rustup target add wasm32-unknown-unknown' (or use Debian's rustc-web)"
      exit 1
    }
    say "installing Debian's rustc-web cargo-web rust-web-src rust-web-llvm (apt-get)"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      rustc-web cargo-web rust-web-src rust-web-llvm
    # rust-web-llvm's /usr/bin/rust-lld points at the lld of its LLVM (lld-22 for Rust 1.96),
    # which no package depends on.
    if ! lld_ok; then
      lld_pkg="$(basename "$(readlink /usr/bin/rust-lld)")"
      say "installing $lld_pkg for /usr/bin/rust-lld (apt-get)"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$lld_pkg"
    fi
  fi
  say "building with Debian's $(/usr/bin/rustc --version) and -Zbuild-std (target/wasm)"
  # RUSTC: /usr/bin/cargo would otherwise run the rustup rustc found first on PATH.
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$root/target/wasm" \
    /usr/bin/cargo build --release --locked -p deminimis-wasm \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
  wasm="$root/target/wasm/wasm32-unknown-unknown/release/deminimis_wasm.wasm"
fi

# wasm-bindgen CLI: exactly the version of the crate in Cargo.lock.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
[ -n "$want" ] || { say "wasm-bindgen not found in Cargo.lock"; exit 1; }
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); a few minutes, once per machine"
  if ! cargo install wasm-bindgen-cli --version "$want" --locked; then
    # The registry mirror may lack a crate version pinned in the CLI's own lock file.
    say "cargo install --locked failed; retrying with the newest compatible dependencies"
    cargo install wasm-bindgen-cli --version "$want"
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
fi

# Optional: wasm-opt (Debian `binaryen`) on the module before wasm-bindgen (after it, an old
# binaryen breaks wasm-bindgen's externref table). Off by default: the bundled rule and exchange-rate
# tables dominate the module, and it saves under 1 KB gzipped (see BENCHMARKS.md).
if [ "${DEMINIMIS_WASM_OPT:-0}" = 1 ]; then
  say "optimizing with $(wasm-opt --version)"
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$wasm" -o "${wasm%.wasm}.opt.wasm"
  wasm="${wasm%.wasm}.opt.wasm"
fi

rm -rf "$here/pkg"
mkdir -p "$here/pkg"
for target in nodejs web; do
  out="$here/pkg/${target/nodejs/node}"
  wasm-bindgen --target "$target" --remove-name-section --remove-producers-section \
    --out-name deminimis_wasm --out-dir "$out" "$wasm"
done

# The CommonJS copy of the one hand-written wrapper (js/api.mjs has a single `export`).
{
  echo "// @generated by build.sh from js/api.mjs; do not edit."
  echo "'use strict';"
  sed 's/^export function createApi/function createApi/' "$here/js/api.mjs"
  echo "module.exports = { createApi };"
} > "$here/pkg/api.cjs"

size="$(wc -c < "$here/pkg/node/deminimis_wasm_bg.wasm")"
gz="$(gzip -9 -c "$here/pkg/node/deminimis_wasm_bg.wasm" | wc -c)"
say "pkg/node and pkg/web ready: deminimis_wasm_bg.wasm $size bytes, $gz gzipped"
