"""``quote_frame``: quote every parcel of a pandas or polars DataFrame.

The frame is read column by column into Python lists here; the native module writes each parcel
as a JSON document of the contract, releases the interpreter and quotes all parcels on every core;
the result columns are built back into a DataFrame of the same library.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, Hashable, List, Literal, Mapping, Optional, Tuple

from deminimis import _native
from deminimis._errors import FloatAmountError

if TYPE_CHECKING:
    from deminimis._native import RuleSet

__all__ = ["quote_frame", "SHIPMENT_FIELDS", "ITEM_FIELDS", "RESULT_COLUMNS"]

#: Fields of the Shipment document that a column (or a default) can give: one value per parcel.
#: (With ITEM_FIELDS, also the keys the extension recognises by identity when it reads a dict.)
SHIPMENT_FIELDS: Tuple[str, ...] = (
    "date",
    "destination",
    "currency",
    "mode",
    "kind",
    "shipping",
    "shipping_to_border",
    "insurance",
    "export_date",
    "sale_date",
    "vat_route",
    "postal_method",
    "same_day_value",
    "fx_rates",
    "options",
)

#: Fields of an item: one value per row.
ITEM_FIELDS: Tuple[str, ...] = (
    "hs_code",
    "description",
    "origin",
    "quantity",
    "unit_price",
    "net_weight_kg",
    "duty_rate",
    "vat_rate",
    "preference",
    "units",
    "section_232",
)

#: The columns of the result, in order (plus ``error`` with ``errors="collect"``).
RESULT_COLUMNS: Tuple[str, ...] = (
    "regime",
    "de_minimis",
    "currency",
    "duty",
    "vat",
    "vat_collected",
    "fees",
    "taxes_and_fees",
    "due_at_import",
    "landed_cost",
    "warnings",
)

_MONEY = ("duty", "vat", "fees", "taxes_and_fees", "due_at_import", "landed_cost")
_DATES = ("date", "export_date", "sale_date")


def _field_path(field: str) -> str:
    return f"$.items[0].{field}" if field in ITEM_FIELDS else f"$.{field}"


def _float_column(field: str, column: str) -> FloatAmountError:
    path = _field_path(field)
    message = (
        f"{path}: expected Decimal, str or int values, found the float column {column!r} "
        "(a float cannot hold most decimal amounts exactly: read the column as text, e.g. "
        "pandas.read_csv(..., dtype=str) or polars.read_csv(..., infer_schema=False), or as "
        "Decimal)"
    )
    return FloatAmountError(
        f"{message} (float_amount)",
        code="float_amount",
        path=path,
        errors=[("float_amount", path, message)],
    )


class _Backend:
    """The few DataFrame operations the function needs, for pandas or polars."""

    name: str

    def __init__(self, df: Any) -> None:
        module = type(df).__module__.split(".")[0]
        if module not in ("pandas", "polars"):
            raise TypeError(
                f"quote_frame: expected a pandas or polars DataFrame, found {type(df).__name__}"
            )
        self.name = module
        self.df = df

    def columns(self) -> List[str]:
        return [str(c) for c in self.df.columns]

    def __len__(self) -> int:
        return len(self.df)

    def values(self, column: str, field: str) -> List[Any]:
        """The column as a list, missing values as None, datetimes as dates; floats refused."""
        if self.name == "polars":
            import polars as pl

            s = self.df.get_column(column)
            if s.dtype.is_float():
                raise _float_column(field, column)
            if field in _DATES and s.dtype == pl.Datetime:
                s = s.dt.date()
            return list(s.to_list())
        import pandas as pd

        s = self.df[column]
        if pd.api.types.is_float_dtype(s.dtype):
            if s.notna().any():
                raise _float_column(field, column)
            return [None] * len(s)
        if field in _DATES and pd.api.types.is_datetime64_any_dtype(s.dtype):
            s = s.dt.date
        values: List[Any] = s.astype(object).where(s.notna(), None).tolist()
        return values

    def frame(
        self,
        cols: Dict[str, List[Any]],
        parcel_column: Optional[str],
        labels: Optional[List[Hashable]],
    ) -> Any:
        if self.name == "polars":
            import polars as pl

            series = []
            if parcel_column is not None and labels is not None:
                series.append(pl.Series(parcel_column, labels))
            for name, values in cols.items():
                if name in _MONEY:
                    series.append(
                        pl.Series(name, values, dtype=pl.String).cast(pl.Decimal(38, 2))
                    )
                elif name == "de_minimis":
                    series.append(pl.Series(name, values, dtype=pl.Boolean))
                else:
                    series.append(pl.Series(name, values, dtype=pl.String))
            return pl.DataFrame(series)
        import pandas as pd

        if parcel_column is not None and labels is not None:
            index = pd.Index(labels, name=parcel_column)
        else:
            index = self.df.index
        out = pd.DataFrame(
            {name: pd.Series(values, dtype=object, index=index) for name, values in cols.items()},
            index=index,
        )
        if "error" not in cols:
            out["de_minimis"] = out["de_minimis"].astype(bool)
        return out


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _groups(ids: List[Any], column: str) -> Tuple[List[List[int]], List[Hashable]]:
    groups: Dict[Hashable, List[int]] = {}
    for row, key in enumerate(ids):
        if _is_missing(key):
            raise ValueError(f"parcel_id: column {column!r} has no value on row {row}")
        groups.setdefault(key, []).append(row)
    return list(groups.values()), list(groups.keys())


def quote_frame(
    df: Any,
    *,
    parcel_id: Optional[str] = None,
    defaults: Optional[Mapping[str, Any]] = None,
    rules: Optional[RuleSet] = None,
    errors: Literal["raise", "collect"] = "raise",
    **columns: str,
) -> Any:
    """Quote every parcel of a pandas or polars DataFrame; return a DataFrame of the same kind.

    Each row is one item. Without ``parcel_id`` each row is a parcel of one item; with
    ``parcel_id="order"`` the rows that share a value of the column ``order`` form one parcel
    (in order of first appearance), and must agree on the parcel's own fields (date,
    destination, shipping, ...).

    A contract field is read from the column of the same name, or from the column given as a
    keyword (``unit_price="price_eur"``); a field the frame has no column for can take one value
    for every row from ``defaults`` (``defaults={"date": datetime.date(2026, 8, 1),
    "destination": "DE"}``). Missing values
    (None, NaN, null) mean the contract's default. Amount columns must hold text, ``Decimal`` or
    integers: a float column raises :class:`~deminimis.FloatAmountError` (a ``TypeError``).

    The result has one row per parcel: ``regime`` (id), ``de_minimis`` (whether the exemption
    applies), ``currency``, ``duty``, ``vat``, ``vat_collected``, ``fees`` (the sum of the fee
    lines), ``taxes_and_fees``, ``due_at_import``, ``landed_cost`` and ``warnings`` (codes, comma
    separated). Amounts are ``Decimal`` objects (pandas) or ``Decimal(38, 2)`` columns (polars).
    pandas keeps the frame's index (or the parcel ids as index); polars gets the parcel id as
    the first column. With ``errors="collect"`` a failing parcel has empty values and an
    ``error`` column holding its message; with ``errors="raise"`` the first failing parcel
    raises its :class:`~deminimis.Error` (``index`` = the parcel's position).

    >>> import pandas as pd, deminimis
    >>> df = pd.DataFrame({"hs_code": ["6109.10"], "origin": ["GB"], "unit_price": ["12.00"],
    ...                    "duty_rate": ["16.5%"]})
    >>> out = deminimis.quote_frame(df, defaults={"date": "2025-09-15", "destination": "US",
    ...                                           "currency": "USD"})
    >>> out[["regime", "duty", "fees", "landed_cost"]].to_dict("records")
    [{'regime': 'us-s321-suspended', 'duty': Decimal('3.18'), 'fees': Decimal('2.62'), 'landed_cost': Decimal('17.80')}]
    """
    backend = _Backend(df)
    defaults = dict(defaults or {})
    known = SHIPMENT_FIELDS + ITEM_FIELDS
    for name in list(columns) + list(defaults):
        if name not in known:
            raise TypeError(
                f"quote_frame: {name!r} is not a field of the contract; fields are "
                + ", ".join(known)
            )
    present = set(backend.columns())
    for field, name in columns.items():
        if name not in present:
            raise KeyError(f"quote_frame: {field}={name!r}: the frame has no column {name!r}")

    fields: Tuple[Dict[str, List[Any]], Dict[str, List[Any]]] = ({}, {})
    constants: Tuple[Dict[str, Any], Dict[str, Any]] = ({}, {})
    for field in known:
        level = 1 if field in ITEM_FIELDS else 0
        column: Optional[str] = columns.get(field, field if field in present else None)
        if column is not None:
            fields[level][field] = backend.values(column, field)
        elif field in defaults:
            value = defaults[field]
            if isinstance(value, float):
                raise _float_column(field, f"defaults[{field!r}]")
            constants[level][field] = value

    groups: Optional[List[List[int]]] = None
    labels: Optional[List[Hashable]] = None
    if parcel_id is not None:
        if parcel_id not in present:
            raise KeyError(f"quote_frame: parcel_id={parcel_id!r}: the frame has no such column")
        groups, labels = _groups(backend.values(parcel_id, "parcel_id"), parcel_id)

    cols = _native.quote_table(
        len(backend),
        fields[0],
        fields[1],
        constants[0],
        constants[1],
        groups,
        rules=rules,
        errors=errors,
        money="str" if backend.name == "polars" else "decimal",
    )
    return backend.frame(cols, parcel_id, labels)

