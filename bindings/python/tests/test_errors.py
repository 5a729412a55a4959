"""Exceptions: one class per core error code, with the core's code and JSON path; tariff
lookups; rule sets."""

from __future__ import annotations

import copy
import datetime
import pathlib
import pickle
from typing import Any, Callable, Dict

import pytest

import deminimis
from deminimis._errors import BY_CODE

from .conftest import REPO


def test_one_class_per_core_code() -> None:
    explicit = {c.default_code for c in vars(deminimis._errors).values()
                if isinstance(c, type) and issubclass(c, deminimis.Error) and c.default_code}
    # Every code of the core has its class, and the package's classes name core codes only.
    assert set(deminimis.ERROR_CODES) == set(BY_CODE)
    assert explicit <= set(deminimis.ERROR_CODES)
    for code, cls in BY_CODE.items():
        assert issubclass(cls, deminimis.Error) and issubclass(cls, ValueError)
        assert cls.default_code == code
        assert getattr(deminimis, cls.__name__) is cls and cls.__name__ in deminimis.__all__
        assert cls.__name__ == "".join(p.title() for p in code.split("_")) + "Error"
        assert cls.__module__ == "deminimis"
    assert issubclass(deminimis.FloatAmountError, TypeError)
    assert issubclass(deminimis.InvalidTypeError, TypeError)


def test_every_record_and_error_class_is_exported() -> None:
    # The private modules define the classes; the package's __all__ is the one list of exports.
    for module in (deminimis._records, deminimis._errors):
        for name, obj in vars(module).items():
            if isinstance(obj, type) and obj.__module__ in ("deminimis", module.__name__):
                if not name.startswith("_"):
                    assert name in deminimis.__all__ and getattr(deminimis, name) is obj


Edit = Callable[[Dict[str, Any]], None]


@pytest.mark.parametrize(
    ("edit", "cls", "path"),
    [
        (lambda d: d.update(colour="red"), deminimis.UnknownFieldError, "$.colour"),
        (lambda d: d.pop("date"), deminimis.MissingFieldError, "$"),
        (lambda d: d.update(mode="boat"), deminimis.InvalidValueError, "$.mode"),
        (lambda d: d.update(destination="XX"), deminimis.UnknownCountryError, "$.destination"),
        (lambda d: d.update(currency="ZZZ"), deminimis.UnknownCurrencyError, "$.currency"),
        (lambda d: d.update(destination="CH"), deminimis.UnsupportedDestinationError, "$.destination"),
        (
            lambda d: d["items"][0].update(hs_code="6109"),
            deminimis.InvalidHsCodeError,
            "$.items[0].hs_code",
        ),
        (
            lambda d: d["items"][0].update(unit_price="-1"),
            deminimis.NegativeAmountError,
            "$.items[0].unit_price",
        ),
        (
            lambda d: d["items"][0].update(quantity="0"),
            deminimis.InvalidQuantityError,
            "$.items[0].quantity",
        ),
        (lambda d: d.update(items=[]), deminimis.EmptyItemsError, "$.items"),
        (lambda d: d.update(date="2010-01-01"), deminimis.DateOutOfRangeError, "$.date"),
        (
            lambda d: d["items"][0].update(duty_rate="lots"),
            deminimis.InvalidRateError,
            "$.items[0].duty_rate",
        ),
    ],
)
def test_codes_and_paths(us_tshirts: Dict[str, Any], edit: Edit, cls: type, path: str) -> None:
    doc = copy.deepcopy(us_tshirts)
    edit(doc)
    with pytest.raises(cls) as info:
        deminimis.quote(doc)
    err = info.value
    assert isinstance(err, deminimis.Error)
    assert err.path == path
    assert err.code == err.errors[0][0] == BY_CODE[err.code].default_code
    assert err.errors[0][1] == path
    assert err.index is None
    assert str(err).endswith(f"({err.code})")


def test_ioss_above_threshold(de_blouse: Dict[str, Any]) -> None:
    de_blouse["vat_route"] = "ioss"
    de_blouse["items"][0]["unit_price"] = "150.01"
    with pytest.raises(deminimis.IossAboveThresholdError) as info:
        deminimis.quote(de_blouse)
    assert info.value.path == "$.vat_route"


def test_every_problem_is_listed(us_tshirts: Dict[str, Any]) -> None:
    us_tshirts.update(destination="XX", currency="ZZZ")
    us_tshirts["items"][0]["hs_code"] = "12"
    with pytest.raises(deminimis.UnknownCountryError) as info:
        deminimis.quote(us_tshirts)
    err = info.value
    assert [(c, p) for c, p, _ in err.errors] == [
        ("unknown_country", "$.destination"),
        ("unknown_currency", "$.currency"),
        ("invalid_hs_code", "$.items[0].hs_code"),
    ]
    assert str(err).splitlines() == [f"{m} ({c})" for c, _, m in err.errors]


def test_invalid_json_text() -> None:
    with pytest.raises(deminimis.InvalidJsonError) as info:
        deminimis.Shipment.from_json("{")
    assert info.value.code == "invalid_json"


def test_errors_pickle(us_tshirts: Dict[str, Any]) -> None:
    us_tshirts["destination"] = "XX"
    with pytest.raises(deminimis.Error) as info:
        deminimis.quote(us_tshirts)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is deminimis.UnknownCountryError
    assert (again.code, again.path, again.errors, str(again)) == (
        info.value.code,
        info.value.path,
        info.value.errors,
        str(info.value),
    )


def test_tariff() -> None:
    t = deminimis.tariff("US", "6109.10.00", "2026-08-01")
    assert isinstance(t, deminimis.TariffRate)
    assert (t.territory, t.code, t.rate, t.is_free) == ("US", "61091000", "16.5%", False)
    assert isinstance(t.valid_from, datetime.date) and t.revision
    eu = deminimis.tariff("DE", "6109 10 00", datetime.date(2026, 8, 1))
    assert eu.territory == "EU" and eu.mapping in ("exact", "mapped", "fallback")
    assert all(isinstance(w, deminimis.QuoteWarning) for w in eu.warnings)
    # The rate a quote uses when the item gives none.
    q = deminimis.quote(
        {
            "date": "2026-08-01",
            "destination": "US",
            "currency": "USD",
            "items": [{"hs_code": "6109.10.00", "origin": "GB", "unit_price": "900.00"}],
        }
    )
    assert q.lines[0].duties[0].rate == t.rate


@pytest.mark.parametrize(
    ("args", "cls", "path"),
    [
        (("US", "640299", "2026-08-01"), deminimis.AmbiguousCodeError, "$.hs_code"),
        (("US", "0000.00", "2026-08-01"), deminimis.HsCodeNotFoundError, "$.hs_code"),
        (("XX", "610910", "2026-08-01"), deminimis.UnknownCountryError, "$.destination"),
        (("US", "610910", "2026/08/01"), deminimis.InvalidDateError, "date"),
    ],
)
def test_tariff_errors(args: Any, cls: type, path: str) -> None:
    with pytest.raises(cls) as info:
        deminimis.tariff(*args)
    assert info.value.path == path  # type: ignore[attr-defined]


# --- rules ---------------------------------------------------------------------------------

RULES_JSON = REPO / "crates" / "deminimis" / "data" / "rules.json"


def test_rules_from_path_and_json(us_tshirts: Dict[str, Any], tmp_path: pathlib.Path) -> None:
    bundled = deminimis.RuleSet.bundled()
    assert bundled.is_bundled
    loaded = deminimis.RuleSet.from_path(RULES_JSON)
    assert not loaded.is_bundled
    assert loaded.version == bundled.version
    assert deminimis.RuleSet.from_path(str(RULES_JSON)).version == bundled.version
    assert deminimis.quote(us_tshirts, rules=loaded) == deminimis.quote(us_tshirts)
    assert repr(bundled) == f"<RuleSet bundled version={bundled.version}>"
    with pytest.raises(deminimis.InvalidRulesError):
        deminimis.RuleSet.from_json("{}")
    with pytest.raises(FileNotFoundError):
        deminimis.RuleSet.from_path(tmp_path / "missing.json")
