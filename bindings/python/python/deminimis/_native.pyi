# Hand-written stub of the extension module `deminimis._native` (bindings/python/src).
# Checked against the built module by `python -m mypy.stubtest deminimis._native`
# (bindings/python/tests/test_stubs.py).

import datetime
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias, final, overload

from deminimis._errors import Error
from deminimis._records import (
    DeMinimis,
    Fee,
    FxUse,
    QuoteLine,
    QuoteWarning,
    Regime,
    TariffRate,
    TimelineEntry,
    TraceStep,
    Vat,
)

__all__ = [
    "Shipment",
    "Quote",
    "RuleSet",
    "quote",
    "compare",
    "timeline",
    "tariff",
    "quote_many",
    "quote_table",
    "_run_quotes",
    "_run_batch",
    "_settle_releases",
    "ERROR_CODES",
    "__version__",
]

__version__: str
#: Every error code of the core (`deminimis::Error::ALL_CODES`).
ERROR_CODES: list[str]

# A date argument: a `datetime.date` or a `YYYY-MM-DD` string.
_DateLike: TypeAlias = datetime.date | str

@final
class Shipment:
    """A shipment parsed against the JSON contract once, to quote again without parsing."""

    def __new__(cls, document: dict[str, Any] | None = None, /, **fields: Any) -> Shipment: ...
    @staticmethod
    def from_json(text: str) -> Shipment: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def replace(self, **changes: Any) -> Shipment: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def destination(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def items(self) -> list[dict[str, Any]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class Quote:
    """What a parcel costs on a date, with the reason for every amount."""

    @staticmethod
    def from_json(text: str) -> Quote: ...
    def to_json(self, *, pretty: bool = False) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def has_warning(self, code: str) -> bool: ...
    @property
    def destination(self) -> str: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def currency(self) -> str: ...
    @property
    def rules_version(self) -> str: ...
    @property
    def regime(self) -> Regime: ...
    @property
    def de_minimis(self) -> DeMinimis: ...
    @property
    def goods_value(self) -> Decimal: ...
    @property
    def shipping(self) -> Decimal: ...
    @property
    def insurance(self) -> Decimal: ...
    @property
    def customs_value(self) -> Decimal: ...
    @property
    def lines(self) -> list[QuoteLine]: ...
    @property
    def duty(self) -> Decimal: ...
    @property
    def vat(self) -> Vat: ...
    @property
    def fees(self) -> list[Fee]: ...
    @property
    def fees_total(self) -> Decimal: ...
    @property
    def taxes_and_fees(self) -> Decimal: ...
    @property
    def due_at_import(self) -> Decimal: ...
    @property
    def landed_cost(self) -> Decimal: ...
    @property
    def fx(self) -> list[FxUse]: ...
    @property
    def trace(self) -> list[TraceStep]: ...
    @property
    def warnings(self) -> list[QuoteWarning]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class RuleSet:
    """A validated set of rules (and exchange rates) that quotes are computed against."""

    @staticmethod
    def bundled() -> RuleSet: ...
    @staticmethod
    def from_json(text: str) -> RuleSet: ...
    @staticmethod
    def from_path(path: str | os.PathLike[str]) -> RuleSet: ...
    @property
    def version(self) -> str: ...
    @property
    def data_starts(self) -> datetime.date: ...
    @property
    def is_bundled(self) -> bool: ...

def quote(shipment: dict[str, Any] | Shipment, *, rules: RuleSet | None = None) -> Quote: ...
def compare(
    shipment: dict[str, Any] | Shipment,
    dates: Iterable[_DateLike],
    *,
    rules: RuleSet | None = None,
) -> list[Quote]: ...
def timeline(
    shipment: dict[str, Any] | Shipment,
    start: _DateLike | None = None,
    end: _DateLike | None = None,
    *,
    rules: RuleSet | None = None,
) -> list[TimelineEntry]: ...
def tariff(
    destination: str, hs_code: str, date: _DateLike, *, rules: RuleSet | None = None
) -> TariffRate: ...
@overload
def quote_many(
    shipments: Iterable[dict[str, Any] | Shipment],
    *,
    rules: RuleSet | None = None,
    errors: Literal["raise"] = "raise",
    trace: bool = True,
) -> list[Quote]: ...
@overload
def quote_many(
    shipments: Iterable[dict[str, Any] | Shipment],
    *,
    rules: RuleSet | None = None,
    errors: Literal["collect"],
    trace: bool = True,
) -> list[Quote | Error]: ...
def quote_table(
    n_rows: int,
    shipment_fields: dict[str, list[Any]],
    item_fields: dict[str, list[Any]],
    shipment_constants: dict[str, Any],
    item_constants: dict[str, Any],
    groups: Sequence[Sequence[int]] | None = None,
    *,
    rules: RuleSet | None = None,
    errors: Literal["raise", "collect"] = "raise",
    money: Literal["decimal", "str"] = "decimal",
) -> dict[str, list[Any]]: ...

# Timing aids for bench/bench_python.py (the core alone, in this process).
def _run_quotes(
    shipment: dict[str, Any] | Shipment,
    calls: int,
    *,
    rules: RuleSet | None = None,
    trace: bool = True,
) -> None: ...
def _run_batch(
    shipments: Iterable[dict[str, Any] | Shipment],
    runs: int,
    *,
    rules: RuleSet | None = None,
    trace: bool = True,
) -> None: ...

# Free now the quotes set aside for freeing and wait for the pool (benchmarks and tests).
def _settle_releases() -> int: ...
