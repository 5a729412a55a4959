"""The hand-written stub matches the built module (mypy.stubtest), and the package type-checks
under `mypy --strict`."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

from .conftest import REPO

BINDING = pathlib.Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYPY_CACHE_DIR=str(REPO / "target" / "mypy-cache"))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=BINDING, env=env, check=False
    )


def test_stubtest() -> None:
    # No allowlist: every runtime name and signature of deminimis._native is in the stub.
    r = run("-m", "mypy.stubtest", "deminimis._native")
    assert r.returncode == 0, r.stdout + r.stderr


def test_package_and_example_type_check() -> None:
    config = ("--config-file", str(BINDING / "pyproject.toml"))
    r = run("-m", "mypy", *config, "-p", "deminimis")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run(
        "-m",
        "mypy",
        *config,
        str(BINDING / "examples" / "impact_2025_2026.py"),
        str(BINDING / "bench" / "pure_python.py"),
        str(BINDING / "bench" / "bench_quote_many.py"),
        str(BINDING / "tests"),
    )
    assert r.returncode == 0, r.stdout + r.stderr
