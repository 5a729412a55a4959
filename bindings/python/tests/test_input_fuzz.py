"""Generated documents: a dict read by the extension means what its JSON text means to the core.

The extension writes a Python document as JSON text for the core itself (bindings/python/src/
input.rs: known keys recognised by identity, strings copied in runs, escapes, Decimal and int as
decimal text). Hypothesis draws documents with odd values at every level (text needing escapes,
huge ints, exponent-form and special Decimals, dates, nested lists, tuples and dicts, unknown
keys), and each must give exactly what `json.dumps` of the same document, read by
`Shipment.from_json`, gives: the same quote to the byte, or the same error (class, code, path and
message).
"""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from typing import Any, Dict, List, Tuple, Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import deminimis
from deminimis._frame import ITEM_FIELDS, SHIPMENT_FIELDS

BASES: Tuple[Dict[str, Any], ...] = (
    {
        "date": "2025-09-15",
        "destination": "US",
        "currency": "USD",
        "shipping": "8.00",
        "items": [
            {"hs_code": "6109.10.00", "origin": "CN", "quantity": "3", "unit_price": "12.00"}
        ],
    },
    {
        "date": "2026-08-01",
        "destination": "DE",
        "currency": "EUR",
        "items": [{"hs_code": "6206.10", "origin": "CN", "unit_price": "20.00", "duty_rate": "12%"}],
    },
)

# Values a caller might plausibly pass, so that many documents reach the engine.
PLAUSIBLE = st.sampled_from(
    [
        "12.00", "0", "800.01", "2025-09-15", "2026-07-01", "US", "DE", "CN", "EL", "EUR",
        "6109.10.00", "610910", "postal", "gift", "b2b", "ioss", "import", "specific",
        "16.5%", "7%", "USMCA", "steel",
    ]
)
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
LEAVES = st.one_of(
    PLAUSIBLE,
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**40),
    TEXT,
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=Decimal("-1E+30"), max_value=Decimal("1E+30"), places=3),
    st.sampled_from([Decimal("1E+2"), Decimal("1.25E-3"), Decimal("-0"), Decimal("0E-10")]),
    st.dates(min_value=datetime.date(2014, 1, 1), max_value=datetime.date(2031, 12, 31)),
)
VALUES = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.one_of(st.sampled_from(ITEM_FIELDS), TEXT), children, max_size=3),
    ),
    max_leaves=6,
)


def as_json(value: Any) -> Any:
    """The JSON value the contract reads for a Python value (the package's documented mapping)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)
        return format(value, "f") if "E" in text or "e" in text else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    raise AssertionError(f"no JSON form drawn for {value!r}")


Outcome = Union[Tuple[str, str], Tuple[str, str, str, str, str]]


def outcome(shipment: Any) -> Outcome:
    try:
        return ("quote", deminimis.quote(shipment).to_json())
    except deminimis.Error as e:
        return ("error", type(e).__name__, e.code, e.path, str(e))


def from_text(document: Dict[str, Any]) -> Outcome:
    try:
        shipment = deminimis.Shipment.from_json(json.dumps(as_json(document), ensure_ascii=False))
    except deminimis.Error as e:
        return ("error", type(e).__name__, e.code, e.path, str(e))
    return outcome(shipment)


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    base=st.sampled_from(BASES),
    top=st.dictionaries(st.sampled_from(SHIPMENT_FIELDS + ("bogus",)), VALUES, max_size=3),
    item=st.dictionaries(st.sampled_from(ITEM_FIELDS + ("bogus",)), VALUES, max_size=3),
)
def test_a_dict_reads_as_its_json_text(
    base: Dict[str, Any], top: Dict[str, Any], item: Dict[str, Any]
) -> None:
    document = copy.deepcopy(base)
    document["items"][0].update(item)
    document.update(top)
    assert outcome(document) == from_text(document)


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(alphabet=st.characters(codec=None), max_size=8))
def test_any_string_is_read_or_refused_with_a_code_never_a_crash(text: str) -> None:
    # Any code point, lone surrogates among them (no UTF-8 form): a quote, or a coded error.
    document = copy.deepcopy(BASES[0])
    document["items"][0]["description"] = text
    document["items"][0]["origin"] = text
    document["items"][0][text] = "x"
    try:
        deminimis.quote(document)
    except deminimis.Error as e:
        assert e.code and e.path.startswith("$")


def test_a_lone_surrogate_is_an_invalid_value_at_its_path() -> None:
    document = copy.deepcopy(BASES[0])
    document["items"][0]["description"] = "a\ud800b"
    try:
        deminimis.quote(document)
    except deminimis.InvalidValueError as e:
        assert not isinstance(e, TypeError)
        assert (e.code, e.path) == ("invalid_value", "$.items[0].description")
        assert str(e) == (
            "$.items[0].description: expected text that UTF-8 can encode, found 'a\\ud800b' "
            "(a lone surrogate) (invalid_value)"
        )
    else:
        raise AssertionError("a lone surrogate was read")
    document["items"][0]["description"] = "ok"
    document["items"][0]["\udfff"] = "x"
    try:
        deminimis.quote(document)
    except deminimis.InvalidValueError as e:
        assert e.path == "$.items[0]"
    else:
        raise AssertionError("a key with a lone surrogate was read")


def test_a_dict_or_list_that_contains_itself_is_an_error_not_a_crash() -> None:
    # The binding writes a dict as JSON by walking it; a cycle (or nesting no JSON reader takes)
    # is refused at a bounded depth instead of exhausting the stack and killing the interpreter.
    cyclic = copy.deepcopy(BASES[0])
    cyclic["items"][0]["note"] = cyclic
    looped: List[Any] = []
    looped.append(looped)
    deep: Dict[str, Any] = {}
    inner = deep
    for _ in range(10_000):
        inner["x"] = {}
        inner = inner["x"]
    for where, value in (("items[0].note", cyclic), ("items", looped), ("foo", deep)):
        document = cyclic if value is cyclic else {**copy.deepcopy(BASES[0]), where: value}
        for call in (deminimis.quote, deminimis.Shipment):
            try:
                call(document)
            except deminimis.InvalidValueError as e:
                assert e.code == "invalid_value"
                assert e.path.startswith("$." + where.split(".")[0])
                assert "nested at most 127 deep" in str(e)
            else:
                raise AssertionError(f"{where}: read")
        results = deminimis.quote_many([document, BASES[0]], errors="collect")
        assert isinstance(results[0], deminimis.Error) and results[0].code == "invalid_value"
        assert isinstance(results[1], deminimis.Quote)
    # Nesting the core's JSON reader takes is still read (and refused as unknown, not as deep).
    shallow: Dict[str, Any] = {}
    inner = shallow
    for _ in range(100):
        inner["x"] = {}
        inner = inner["x"]
    try:
        deminimis.quote({**copy.deepcopy(BASES[0]), "foo": shallow})
    except deminimis.Error as e:
        assert e.code == "unknown_field"
