#!/usr/bin/env bash
# The Python package's suite (bindings/python): build the wheel with maturin, install it into a
# fresh virtual environment with the test tools and extras (pytest, hypothesis, mypy, pandas,
# polars), run pytest. scripts/test.sh calls it; it also runs on its own.
#
# Needs python3 (3.9 or newer, with venv and pip) and the Rust toolchain. Set PYTHON to choose the
# interpreter; set DEMINIMIS_PY_FROM_SOURCE=1 to install with `pip install ./bindings/python`
# (the PEP 517 build from source) instead of building the wheel file first.
set -euo pipefail
cd "$(dirname "$0")/.."

MATURIN_VERSION="1.16.0"
PYTHON="${PYTHON:-python3}"
VENV="target/py-test-venv"

step() { printf '\n==> %s\n' "$*"; }

command -v "$PYTHON" >/dev/null || { echo "$PYTHON not found: install Python 3.9 or newer" >&2; exit 1; }

step "Python: the Rust CLI, to compare outputs (cargo build --release -p deminimis-cli)"
cargo build --release --locked -q -p deminimis-cli

step "Python: a fresh virtual environment ($VENV) with maturin $MATURIN_VERSION and the test tools"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
  "maturin==$MATURIN_VERSION" -r bindings/python/requirements-test.txt

if [ "${DEMINIMIS_PY_FROM_SOURCE:-0}" = "1" ]; then
  step "Python: pip install ./bindings/python (build from source)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-build-isolation ./bindings/python
else
  step "Python: build the wheel (maturin build --release) and install it"
  rm -f target/wheels/deminimis-*.whl
  "$VENV/bin/maturin" build --release --locked -q -m bindings/python/Cargo.toml -o target/wheels
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check target/wheels/deminimis-*.whl
fi

step "Python: pytest (bindings/python/tests)"
cd bindings/python
DEMINIMIS_CLI="$PWD/../../target/release/deminimis" "../../$VENV/bin/python" -m pytest
