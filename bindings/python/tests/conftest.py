"""Shared fixtures: where the repository, the golden cases and the Rust CLI are."""

from __future__ import annotations

import copy
import json
import os
import pathlib
from typing import Any, Dict

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
GOLDEN = REPO / "tests" / "golden"


def golden_files() -> list[pathlib.Path]:
    files = sorted(GOLDEN.glob("*.json"))
    assert len(files) >= 40, f"expected the golden cases in {GOLDEN}"
    return files


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    """The Rust `deminimis` binary (scripts/test-python.sh builds it and sets DEMINIMIS_CLI)."""
    candidates = [os.environ.get("DEMINIMIS_CLI", "")]
    candidates += [str(REPO / "target" / p / "deminimis") for p in ("release", "debug")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return pathlib.Path(c)
    pytest.fail(
        "the Rust CLI is needed to compare outputs: run scripts/test-python.sh, or "
        "`cargo build -p deminimis-cli` and set DEMINIMIS_CLI"
    )


#: Golden case 010: three Chinese T-shirts by express into the US on 2025-09-15, with the
#: amounts the engine must give.
TSHIRTS_CASE: Dict[str, Any] = json.loads(
    (GOLDEN / "010-us-cn-tshirt-express-2025-09-15.json").read_text()
)


@pytest.fixture
def us_tshirts() -> Dict[str, Any]:
    """The shipment of golden case 010 (a fresh copy per test)."""
    shipment: Dict[str, Any] = copy.deepcopy(TSHIRTS_CASE["shipment"])
    return shipment


@pytest.fixture
def us_tshirts_expected() -> Dict[str, Any]:
    """The expected fields of golden case 010 (`landed_cost`, `duty`, ...)."""
    expected: Dict[str, Any] = TSHIRTS_CASE["expected"]
    return expected


@pytest.fixture
def de_blouse() -> Dict[str, Any]:
    """A 20 EUR blouse from China into Germany on 2026-08-01 (EUR 3 flat duty, IOSS VAT)."""
    return {
        "date": "2026-08-01",
        "destination": "DE",
        "currency": "EUR",
        "items": [{"hs_code": "6206.10", "origin": "CN", "unit_price": "20.00", "duty_rate": "12%"}],
    }
