"""Values in and out: Decimal, str and int amounts; floats refused with the field's path; dates;
the Shipment and Quote objects and their round trips."""

from __future__ import annotations

import copy
import datetime
import json
import pickle
from decimal import Decimal
from typing import Any, Dict

import pytest

import deminimis


def with_price(doc: Dict[str, Any], price: Any) -> Dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["items"][0]["unit_price"] = price
    return doc


# --- amounts in ----------------------------------------------------------------------------


@pytest.mark.parametrize("price", ["12.00", Decimal("12.00"), 12, Decimal("12"), Decimal("1.2E+1")])
def test_amounts_accept_str_decimal_int(
    us_tshirts: Dict[str, Any], us_tshirts_expected: Dict[str, Any], price: Any
) -> None:
    q = deminimis.quote(with_price(us_tshirts, price))
    assert q.goods_value == Decimal("36.00")
    assert q.duty == Decimal(us_tshirts_expected["duty"])
    assert q.landed_cost == Decimal(us_tshirts_expected["landed_cost"])


@pytest.mark.parametrize(
    ("python", "json_text"),
    [
        # Each Python value of a document, and the JSON the contract reads for it.
        ({"unit_price": Decimal("12.50")}, {"unit_price": "12.50"}),
        ({"unit_price": 12}, {"unit_price": "12"}),
        ({"unit_price": Decimal("1.2E+1")}, {"unit_price": "12"}),
        ({"quantity": True}, {"quantity": True}),
        ({"preference": None}, {"preference": None}),
        ({"units": {"pr": 2}}, {"units": {"pr": "2"}}),
    ],
)
def test_dicts_read_directly_as_their_json(
    us_tshirts: Dict[str, Any], python: Dict[str, Any], json_text: Dict[str, Any]
) -> None:
    # A dict is written as JSON text for the core: its Python values (Decimal, int, date, tuple,
    # None) must read as the contract's JSON does, and refusals must be the core's own.
    doc = copy.deepcopy(us_tshirts)
    doc["items"][0].update(python)
    doc["date"] = datetime.date(2025, 9, 15)
    doc["items"] = tuple(doc["items"])
    want = copy.deepcopy(us_tshirts)
    want["items"][0].update(json_text)
    want["date"] = "2025-09-15"
    try:
        expected = deminimis.Shipment.from_json(json.dumps(want))
    except deminimis.Error as e:
        with pytest.raises(type(e)) as info:
            deminimis.Shipment(doc)
        assert (info.value.code, info.value.path, str(info.value)) == (e.code, e.path, str(e))
        return
    assert deminimis.Shipment(doc) == expected
    assert deminimis.quote(doc) == deminimis.quote(expected)


def test_decimal_keeps_every_digit(de_blouse: Dict[str, Any]) -> None:
    # 0.1 + 0.2 is exact with Decimal; the same through a float would not be.
    doc = copy.deepcopy(de_blouse)
    doc["items"] = [
        dict(doc["items"][0], unit_price=Decimal("0.1")),
        dict(doc["items"][0], unit_price=Decimal("0.2")),
    ]
    assert deminimis.quote(doc).goods_value == Decimal("0.30")


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda d: d.__setitem__("shipping", 8.0), "$.shipping"),
        (lambda d: d["items"][0].__setitem__("unit_price", 12.5), "$.items[0].unit_price"),
        (lambda d: d["items"][0].__setitem__("quantity", 3.0), "$.items[0].quantity"),
        (
            lambda d: d.__setitem__("fx_rates", [{"from": "EUR", "to": "USD", "rate": 1.1}]),
            "$.fx_rates[0].rate",
        ),
        (lambda d: d["items"].append(dict(d["items"][0], unit_price=0.1)), "$.items[1].unit_price"),
    ],
)
def test_float_raises_type_error_naming_the_path(
    us_tshirts: Dict[str, Any], where: Any, path: str
) -> None:
    where(us_tshirts)
    with pytest.raises(TypeError) as info:
        deminimis.quote(us_tshirts)
    err = info.value
    assert isinstance(err, deminimis.FloatAmountError)
    assert isinstance(err, deminimis.Error) and isinstance(err, ValueError)
    assert (err.code, err.path) == ("float_amount", path)
    assert str(err).startswith(f"{path}: expected a Decimal, str or int, found the float")


def test_float_in_shipment_constructor(us_tshirts: Dict[str, Any]) -> None:
    with pytest.raises(deminimis.FloatAmountError) as info:
        deminimis.Shipment(us_tshirts, shipping=4.99)
    assert info.value.path == "$.shipping"


def test_json_number_from_text_is_the_core_float_error(us_tshirts: Dict[str, Any]) -> None:
    text = json.dumps(us_tshirts).replace('"12.00"', "12.5")
    with pytest.raises(deminimis.FloatAmountError) as info:
        deminimis.Shipment.from_json(text)
    assert info.value.path == "$.items[0].unit_price"
    assert "found the JSON number 12.5" in str(info.value)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ({1, 2}, "set"),
        (object(), "object"),
        (b"12.00", "bytes"),
        (datetime.datetime(2025, 9, 15, 12, 0), "datetime"),
    ],
)
def test_values_without_json_form_are_type_errors(
    us_tshirts: Dict[str, Any], value: Any, found: str
) -> None:
    with pytest.raises(TypeError) as info:
        deminimis.quote(with_price(us_tshirts, value))
    err = info.value
    assert isinstance(err, deminimis.InvalidTypeError)
    assert isinstance(err, deminimis.InvalidValueError)
    assert (err.code, err.path) == ("invalid_value", "$.items[0].unit_price")
    assert found in str(err)


def test_non_string_key(us_tshirts: Dict[str, Any]) -> None:
    us_tshirts["items"][0][3] = "x"
    with pytest.raises(deminimis.InvalidTypeError) as info:
        deminimis.quote(us_tshirts)
    assert info.value.path == "$.items[0]"


def test_bool_amount_is_the_core_invalid_value(us_tshirts: Dict[str, Any]) -> None:
    with pytest.raises(deminimis.InvalidValueError) as info:
        deminimis.quote(with_price(us_tshirts, True))
    assert not isinstance(info.value, TypeError)
    assert info.value.path == "$.items[0].unit_price"


@pytest.mark.parametrize("price", [Decimal("NaN"), Decimal("Infinity"), "12,00", "1e3"])
def test_bad_decimal_text_is_invalid_amount(us_tshirts: Dict[str, Any], price: Any) -> None:
    with pytest.raises(deminimis.InvalidAmountError) as info:
        deminimis.quote(with_price(us_tshirts, price))
    assert info.value.path == "$.items[0].unit_price"


def test_strings_are_escaped(us_tshirts: Dict[str, Any]) -> None:
    us_tshirts["items"][0]["description"] = 'Tee "Ω" \\ \n\t\x01 end'
    s = deminimis.Shipment(us_tshirts)
    assert s.items[0]["description"] == 'Tee "Ω" \\ \n\t\x01 end'


def test_not_a_shipment() -> None:
    with pytest.raises(deminimis.InvalidTypeError) as info:
        deminimis.quote([1, 2])  # type: ignore[arg-type]
    assert "a dict of the JSON contract or a deminimis.Shipment" in str(info.value)


# --- amounts and dates out -----------------------------------------------------------------


MONEY = ("goods_value", "shipping", "insurance", "customs_value", "duty", "taxes_and_fees",
         "due_at_import", "landed_cost")


def test_quote_attributes_are_typed(
    us_tshirts: Dict[str, Any], us_tshirts_expected: Dict[str, Any]
) -> None:
    q = deminimis.quote(us_tshirts)
    doc = json.loads(q.to_json())
    assert q.date == datetime.date(2025, 9, 15)
    assert (q.destination, q.currency, q.rules_version) == (
        "US",
        "USD",
        deminimis.RuleSet.bundled().version,
    )
    for name in MONEY:
        value = getattr(q, name)
        assert isinstance(value, Decimal) and str(value) == doc[name], name
    assert str(q.landed_cost) == us_tshirts_expected["landed_cost"]  # the contract's scale
    assert q.regime == deminimis.Regime(**doc["regime"])
    assert q.regime.id == us_tshirts_expected["regime.id"]
    assert q.de_minimis.applies is us_tshirts_expected["de_minimis.applies"]
    assert isinstance(q.de_minimis.tested_value, Decimal)
    assert len(q.lines) == len(doc["lines"]) == 1
    line = q.lines[0]
    assert isinstance(line, deminimis.QuoteLine) and line.hs_code == doc["lines"][0]["hs_code"]
    assert [d.measure for d in line.duties] == [d["measure"] for d in doc["lines"][0]["duties"]]
    for d, raw in zip(line.duties, doc["lines"][0]["duties"]):
        assert isinstance(d, deminimis.Duty)
        assert (str(d.base), str(d.amount), d.rate) == (raw["base"], raw["amount"], raw["rate"])
    assert str(line.duties[1].amount) == us_tshirts_expected["lines[0].duties[1].amount"]
    assert q.vat == deminimis.Vat(
        Decimal(doc["vat"]["amount"]), None, Decimal(doc["vat"]["base"]), "none", None
    )
    assert q.fees[0] == deminimis.Fee(**dict(doc["fees"][0], amount=Decimal(doc["fees"][0]["amount"])))
    assert str(q.fees[0].amount) == us_tshirts_expected["fees[0].amount"]
    assert [t.step for t in q.trace] == [t["step"] for t in doc["trace"]]
    assert all(isinstance(t, deminimis.TraceStep) for t in q.trace)
    assert q.fx == [] and q.warnings == []


def test_fx_records(us_tshirts: Dict[str, Any]) -> None:
    us_tshirts["currency"] = "EUR"
    q = deminimis.quote(us_tshirts)
    fx = q.fx[0]
    assert isinstance(fx, deminimis.FxUse)
    assert (fx.from_, fx.to) == ("EUR", "USD")
    assert isinstance(fx.rate, Decimal) and isinstance(fx.rate_date, datetime.date)
    assert q.to_dict()["fx"][0]["from"] == "EUR"
    assert q.has_warning("fx_not_certified")
    assert [w.code for w in q.warnings] == ["fx_not_certified"]


def test_to_dict_is_the_json_document_typed(us_tshirts: Dict[str, Any]) -> None:
    q = deminimis.quote(us_tshirts)
    d = q.to_dict()
    assert list(d) == list(json.loads(q.to_json()))  # the contract's field order
    assert isinstance(d["lines"][0]["duties"][0]["amount"], Decimal)
    assert d["date"] == datetime.date(2025, 9, 15)
    assert d["vat"]["collected"] == "none"
    assert d["de_minimis"]["applies"] is False


def test_quote_json_round_trip_and_pickle(us_tshirts: Dict[str, Any]) -> None:
    q = deminimis.quote(us_tshirts)
    assert deminimis.Quote.from_json(q.to_json()) == q
    assert pickle.loads(pickle.dumps(q)) == q
    assert q.to_json(pretty=True).startswith("{\n")
    assert json.loads(q.to_json(pretty=True)) == json.loads(q.to_json())
    assert q != deminimis.quote(with_price(us_tshirts, "13.00"))
    with pytest.raises(ValueError):
        deminimis.Quote.from_json("{}")


def test_quote_repr(us_tshirts: Dict[str, Any]) -> None:
    q = deminimis.quote(us_tshirts)
    fees = ", ".join(f"{f.id} {f.amount}" for f in q.fees)
    assert repr(q) == (
        f"<Quote US 2025-09-15 regime={q.regime.id} de_minimis=False duty={q.duty} "
        f"vat={q.vat.amount} fees=[{fees}] taxes_and_fees={q.taxes_and_fees} "
        f"landed_cost={q.landed_cost} USD>"
    )


# --- dates in ------------------------------------------------------------------------------


def test_dates_accept_date_objects(de_blouse: Dict[str, Any]) -> None:
    de_blouse["date"] = datetime.date(2026, 8, 1)
    de_blouse["sale_date"] = datetime.date(2026, 7, 28)
    q = deminimis.quote(de_blouse)
    assert q.date == datetime.date(2026, 8, 1)
    assert q.regime.id == "eu-flat-duty"
    s = deminimis.Shipment(de_blouse)
    assert s.to_dict()["sale_date"] == datetime.date(2026, 7, 28)


@pytest.mark.parametrize("bad", ["2026-8-1", "01/08/2026", "2026-02-30", ""])
def test_bad_date_strings(de_blouse: Dict[str, Any], bad: str) -> None:
    de_blouse["date"] = bad
    with pytest.raises(deminimis.InvalidDateError) as info:
        deminimis.quote(de_blouse)
    assert info.value.path == "$.date"


def test_datetime_is_refused(de_blouse: Dict[str, Any]) -> None:
    de_blouse["date"] = datetime.datetime(2026, 8, 1)
    with pytest.raises(deminimis.InvalidTypeError) as info:
        deminimis.quote(de_blouse)
    assert info.value.path == "$.date" and ".date()" in str(info.value)


def test_compare_and_timeline_dates(de_blouse: Dict[str, Any]) -> None:
    qs = deminimis.compare(de_blouse, [datetime.date(2021, 1, 1), "2026-08-01"])
    assert [q.date for q in qs] == [datetime.date(2021, 1, 1), datetime.date(2026, 8, 1)]
    assert [q.regime.id for q in qs] == ["eu-lvc-relief", "eu-flat-duty"]
    t = deminimis.timeline(de_blouse, "2020-01-01", datetime.date(2026, 12, 31))
    # Below EUR 22 no VAT until 2021-07-01 (so the 2020 German VAT cut does not show), then
    # IOSS VAT, then the EUR 3 flat duty from 2026-07-01.
    assert [e.date for e in t] == [
        datetime.date(2020, 1, 1),
        datetime.date(2021, 7, 1),
        datetime.date(2026, 7, 1),
    ]
    assert isinstance(t[0], deminimis.TimelineEntry) and t[0].changes == ["start"]
    assert t[-1].quote.duty == Decimal("3.00")
    # Defaults: from where the data starts to today.
    full = deminimis.timeline(de_blouse)
    assert full[0].date == deminimis.RuleSet.bundled().data_starts
    assert full[-1].date <= datetime.date.today() + datetime.timedelta(days=1)
    # One date given alone, as a string, is not read character by character.
    with pytest.raises(TypeError, match="dates: expected a list of dates, found the str '2026-08-01'"):
        deminimis.compare(de_blouse, "2026-08-01")


@pytest.mark.parametrize("bad", ["2026/08/01", datetime.datetime(2026, 8, 1), 20260801])
def test_bad_date_arguments(de_blouse: Dict[str, Any], bad: Any) -> None:
    with pytest.raises(deminimis.InvalidDateError) as info:
        deminimis.compare(de_blouse, ["2025-01-01", bad])
    assert info.value.path == "dates[1]"
    with pytest.raises(deminimis.InvalidDateError) as info:
        deminimis.timeline(de_blouse, start=bad)
    assert info.value.path == "start"


# --- Shipment ------------------------------------------------------------------------------


def test_shipment_round_trips(us_tshirts: Dict[str, Any]) -> None:
    s = deminimis.Shipment(us_tshirts)
    assert deminimis.Shipment.from_json(s.to_json()) == s
    assert deminimis.Shipment(s.to_dict()) == s
    assert deminimis.Shipment(**us_tshirts) == s
    assert pickle.loads(pickle.dumps(s)) == s
    assert eval(repr(s), {"deminimis": deminimis}) == s
    assert (s.date, s.destination, s.currency) == (datetime.date(2025, 9, 15), "US", "USD")
    assert s.items[0]["unit_price"] == Decimal("12.00")
    assert deminimis.quote(s) == deminimis.quote(us_tshirts)


def test_shipment_replace(us_tshirts: Dict[str, Any]) -> None:
    s = deminimis.Shipment(us_tshirts)
    earlier = s.replace(date=datetime.date(2024, 6, 1))
    assert earlier.date == datetime.date(2024, 6, 1) and s.date == datetime.date(2025, 9, 15)
    assert deminimis.quote(earlier).de_minimis.applies is True
    with pytest.raises(deminimis.UnknownFieldError):
        s.replace(colour="red")


def test_shipment_parses_at_construction_and_checks_values_at_quote(
    us_tshirts: Dict[str, Any],
) -> None:
    with pytest.raises(deminimis.MissingFieldError) as info:
        deminimis.Shipment({k: v for k, v in us_tshirts.items() if k != "currency"})
    assert (info.value.path, info.value.errors[0][0]) == ("$", "missing_field")
    us_tshirts["destination"] = "XX"
    s = deminimis.Shipment(us_tshirts)  # well-formed; the country is checked against the rules
    with pytest.raises(deminimis.UnknownCountryError):
        deminimis.quote(s)
