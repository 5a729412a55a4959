#!/usr/bin/env bash
# The WebAssembly package's suites: builds bindings/wasm (installing the toolchain pieces it lacks:
# Debian's rustc-web and wasm-bindgen-cli, see bindings/wasm/build.sh), then runs
#   - tsc --noEmit over the TypeScript declarations and typed consumers,
#   - the Node suites (node --test): every golden case through the package, compared with the Rust
#     CLI byte for byte; errors; money as JS numbers; loading; loadRules round trip;
#   - the browser suite: the estimator page in Debian's Chromium driven by playwright-core
#     (screenshots in target/wasm-screenshots/).
# Needs Node.js >= 18 with npm; installs Chromium with apt-get when /usr/bin/chromium is missing.
# Called by scripts/test.sh; runs on its own as well.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "need root to run: $*" >&2; exit 1
  fi
}

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "node and npm not found: install Node.js 18 or newer" >&2; exit 1; }

step "WASM: npm dependencies (typescript, playwright-core)"
if [ -f bindings/wasm/package-lock.json ]; then
  npm --prefix bindings/wasm ci --no-audit --no-fund --loglevel=error
else
  npm --prefix bindings/wasm install --no-audit --no-fund --loglevel=error
fi

if [ ! -x "${DEMINIMIS_CHROMIUM:-/usr/bin/chromium}" ]; then
  step "WASM: installing Debian's chromium for the browser suite (apt-get)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

# The release build, as scripts/test-python.sh uses: when both run, the second finds it built
# (a debug build here recompiled the core once more, for features unified differently).
step "WASM: the Rust CLI to compare with (cargo build --release -p deminimis-cli)"
cargo build --release -q --locked -p deminimis-cli

step "WASM: build the package (npm --prefix bindings/wasm run build)"
npm --prefix bindings/wasm run --silent build

step "WASM: TypeScript declarations (tsc --noEmit)"
npm --prefix bindings/wasm run --silent typecheck

step "WASM: Node and browser suites (node --test)"
DEMINIMIS_CLI="${CARGO_TARGET_DIR:-$PWD/target}/release/deminimis" \
  node --test bindings/wasm/test/*.test.mjs
