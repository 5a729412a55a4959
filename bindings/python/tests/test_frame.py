"""quote_frame with pandas and polars: one parcel per row or grouped by a parcel id; typed output."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import deminimis

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

ROWS: Dict[str, List[Any]] = {
    "order": ["A", "B", "B", "C"],
    "hs_code": ["6109.10.00", "6109.10.00", "4202.22", "6206.10"],
    "origin": ["CN", "VN", "VN", "GB"],
    "quantity": ["3", "1", "2", "1"],
    "price": ["12.00", "30.00", "45.50", "180.00"],
    "duty_rate": ["16.5%", "16.5%", "6.3%", "12%"],
}
US = {"date": datetime.date(2025, 9, 15), "destination": "US", "currency": "USD"}


def one_parcel_per_row() -> List[Dict[str, Any]]:
    out = []
    for i in range(len(ROWS["order"])):
        item = {
            "hs_code": ROWS["hs_code"][i],
            "origin": ROWS["origin"][i],
            "quantity": ROWS["quantity"][i],
            "unit_price": ROWS["price"][i],
            "duty_rate": ROWS["duty_rate"][i],
        }
        out.append(dict(US, items=[item]))
    return out


def grouped() -> List[Dict[str, Any]]:
    docs = one_parcel_per_row()
    return [docs[0], dict(docs[1], items=docs[1]["items"] + docs[2]["items"]), docs[3]]


def frame(kind: str, rows: Dict[str, List[Any]]) -> Any:
    return pd.DataFrame(rows) if kind == "pandas" else pl.DataFrame(rows)


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_one_parcel_per_row(kind: str) -> None:
    df = frame(kind, ROWS)
    out = deminimis.quote_frame(df, unit_price="price", defaults=US)
    assert type(out).__module__.split(".")[0] == kind
    assert list(out.columns) == list(deminimis._frame.RESULT_COLUMNS)
    want = [deminimis.quote(d) for d in one_parcel_per_row()]
    records = out.to_dict("records") if kind == "pandas" else out.to_dicts()
    assert len(records) == len(want)
    for r, q in zip(records, want):
        assert r["regime"] == q.regime.id
        assert r["de_minimis"] is q.de_minimis.applies
        assert r["currency"] == q.currency
        assert (r["duty"], r["vat"], r["taxes_and_fees"], r["due_at_import"], r["landed_cost"]) == (
            q.duty,
            q.vat.amount,
            q.taxes_and_fees,
            q.due_at_import,
            q.landed_cost,
        )
        assert r["fees"] == sum((f.amount for f in q.fees), Decimal("0.00"))
        assert r["vat_collected"] == q.vat.collected
        assert r["warnings"] == ",".join(w.code for w in q.warnings)
        assert isinstance(r["landed_cost"], Decimal)
    if kind == "pandas":
        assert list(out.index) == list(df.index)
        assert out["de_minimis"].dtype == bool
    else:
        assert out.schema["landed_cost"] == pl.Decimal(38, 2)
        assert out.schema["de_minimis"] == pl.Boolean


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_grouped_by_parcel_id(kind: str) -> None:
    df = frame(kind, ROWS)
    out = deminimis.quote_frame(df, parcel_id="order", unit_price="price", defaults=US)
    want = [deminimis.quote(d) for d in grouped()]
    if kind == "pandas":
        assert list(out.index) == ["A", "B", "C"] and out.index.name == "order"
        landed = list(out["landed_cost"])
    else:
        assert out["order"].to_list() == ["A", "B", "C"]
        landed = out["landed_cost"].to_list()
    assert landed == [q.landed_cost for q in want]


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_columns_per_row_and_missing_values(kind: str) -> None:
    rows = dict(ROWS)
    rows["destination"] = ["US", "DE", "DE", "FR"]
    rows["currency"] = ["USD", "EUR", "EUR", "EUR"]
    rows["date"] = ["2025-09-15", "2026-08-01", "2026-08-01", "2026-08-01"]
    rows["shipping"] = ["8.00", None, None, "4.99"]  # missing = the contract's default
    df = frame(kind, rows)
    out = deminimis.quote_frame(df, unit_price="price", parcel_id="order")
    got = list(out["landed_cost"])
    docs = grouped()
    for d, dest, cur, date, ship in [
        (docs[0], "US", "USD", "2025-09-15", "8.00"),
        (docs[1], "DE", "EUR", "2026-08-01", None),
        (docs[2], "FR", "EUR", "2026-08-01", "4.99"),
    ]:
        d.update(destination=dest, currency=cur, date=date)
        if ship is not None:
            d["shipping"] = ship
    assert got == [deminimis.quote(d).landed_cost for d in docs]


def test_pandas_dates_and_decimal_and_int_columns() -> None:
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-09-15", "2024-06-01"]),
            "hs_code": ["610910", "610910"],
            "origin": ["CN", "CN"],
            "quantity": [3, 3],
            "unit_price": [Decimal("12.00"), Decimal("12.00")],
            "duty_rate": ["16.5%", "16.5%"],
        }
    )
    out = deminimis.quote_frame(df, defaults={"destination": "US", "currency": "USD"})
    assert list(out["regime"]) == ["us-s321-suspended", "us-s321-800"]
    assert list(out["de_minimis"]) == [False, True]


def test_polars_dates_and_decimals() -> None:
    df = pl.DataFrame(
        {
            "date": [datetime.date(2025, 9, 15), datetime.date(2024, 6, 1)],
            "hs_code": ["610910", "610910"],
            "origin": ["CN", "CN"],
            "quantity": [3, 3],
            "unit_price": pl.Series([Decimal("12.00"), Decimal("12.00")], dtype=pl.Decimal(10, 2)),
            "duty_rate": ["16.5%", "16.5%"],
        }
    )
    out = deminimis.quote_frame(df, defaults={"destination": "US", "currency": "USD"})
    assert out["regime"].to_list() == ["us-s321-suspended", "us-s321-800"]


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_float_columns_are_refused(kind: str) -> None:
    rows = dict(ROWS, price=[12.0, 30.0, 45.5, 180.0])
    with pytest.raises(TypeError) as info:
        deminimis.quote_frame(frame(kind, rows), unit_price="price", defaults=US)
    err = info.value
    assert isinstance(err, deminimis.FloatAmountError)
    assert err.path == "$.items[0].unit_price" and "'price'" in str(err)
    with pytest.raises(deminimis.FloatAmountError):
        deminimis.quote_frame(
            frame(kind, ROWS), unit_price="price", defaults=dict(US, shipping=4.99)
        )


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_collect_errors(kind: str) -> None:
    rows = dict(ROWS, origin=["CN", "XX", "VN", "GB"])
    out = deminimis.quote_frame(frame(kind, rows), unit_price="price", defaults=US, errors="collect")
    errors = list(out["error"])
    assert errors[0] is None and errors[2] is None and errors[3] is None
    assert errors[1].startswith("shipment 1: $.items[0].origin") and "(unknown_country)" in errors[1]
    assert list(out["landed_cost"])[1] is None
    with pytest.raises(deminimis.UnknownCountryError) as info:
        deminimis.quote_frame(frame(kind, rows), unit_price="price", defaults=US)
    assert info.value.index == 1


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_rows_of_a_parcel_must_agree(kind: str) -> None:
    rows = dict(ROWS, shipping=["1.00", "2.00", "3.00", "4.00"])
    with pytest.raises(deminimis.InvalidValueError) as info:
        deminimis.quote_frame(frame(kind, rows), parcel_id="order", unit_price="price", defaults=US)
    assert info.value.path == "$.shipping" and info.value.index == 1
    assert 'found "2.00" on row 1 and "3.00" on row 2' in str(info.value)


def test_bad_arguments() -> None:
    df = pd.DataFrame(ROWS)
    with pytest.raises(TypeError, match="not a field"):
        deminimis.quote_frame(df, colour="price")
    with pytest.raises(KeyError):
        deminimis.quote_frame(df, unit_price="nope")
    with pytest.raises(KeyError):
        deminimis.quote_frame(df, parcel_id="nope")
    with pytest.raises(TypeError, match="DataFrame"):
        deminimis.quote_frame({"a": [1]})
    with pytest.raises(ValueError, match="no value on row 1"):
        deminimis.quote_frame(
            pd.DataFrame(dict(ROWS, order=["A", None, "B", "C"])),
            parcel_id="order",
            unit_price="price",
            defaults=US,
        )


def test_many_distinct_amounts_pandas() -> None:
    # More distinct amounts than the result values kept for sharing (SharedValues::MAX): every
    # row still gets its own amounts, as Decimals, before and after the store is full.
    n = 5000
    prices = [f"{5 + i // 100}.{i % 100:02d}" for i in range(n)]
    df = pd.DataFrame({"hs_code": ["6109.10.00"] * n, "origin": ["GB"] * n, "unit_price": prices})
    out = deminimis.quote_frame(df, defaults=US)
    assert len(out) == n
    for i in (0, 1, 2047, 4095, 4096, 4097, n - 1):
        doc = dict(US, items=[{"hs_code": "6109.10.00", "origin": "GB", "unit_price": prices[i]}])
        q = deminimis.quote(doc)
        row = out.iloc[i]
        assert isinstance(row["landed_cost"], Decimal)
        got = (row["duty"], row["landed_cost"], row["fees"])
        assert got == (q.duty, q.landed_cost, q.fees_total)
        assert row["regime"] == q.regime.id
