"""The records a :class:`~deminimis.Quote` is made of, one per object of the Quote document.

They are named tuples: immutable, cheap, readable in a REPL, with ``_asdict()``. Field names are
the contract's, except ``FxUse.from_`` (``from`` is a Python keyword). Amounts are
``decimal.Decimal``, dates ``datetime.date``; rates stay text as the contract writes them
(``"16.5%"``, ``"EUR 3.00 per subheading"``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Optional, Tuple

if TYPE_CHECKING:
    from deminimis._native import Quote

# The package re-exports these names (deminimis/__init__.py lists them in its __all__).


class Regime(NamedTuple):
    """The regime in force for the destination on the date."""

    id: str
    name: str
    legal_basis: str


class DeMinimis(NamedTuple):
    """The low-value exemption test and its outcome."""

    applies: bool
    threshold: Optional[Decimal]
    threshold_currency: Optional[str]
    tested_value: Decimal
    basis: str
    reason: str


class Duty(NamedTuple):
    """One duty measure on one line."""

    measure: str
    heading: Optional[str]
    rate: str
    base: Decimal
    amount: Decimal
    legal_basis: str


class QuoteLine(NamedTuple):
    """One item of the parcel, valued and taxed."""

    hs_code: str
    origin: str
    value: Decimal
    customs_value: Decimal
    duties: List[Duty]
    duty: Decimal
    vat_rate: Optional[str]
    vat: Decimal


class Vat(NamedTuple):
    """VAT of the whole parcel; ``collected`` is ``"at_sale"``, ``"at_import"`` or ``"none"``."""

    amount: Decimal
    rate: Optional[str]
    base: Decimal
    collected: str
    route: Optional[str]


class Fee(NamedTuple):
    """A fee or charge other than duty and VAT."""

    id: str
    name: str
    amount: Decimal
    legal_basis: str


class FxUse(NamedTuple):
    """One currency conversion the quote made (``from_`` is the contract's ``from``)."""

    from_: str
    to: str
    rate: Decimal
    rate_date: Optional[datetime.date]
    purpose: str
    source: str


class TraceStep(NamedTuple):
    """One step of the computation, in order, with its legal basis."""

    step: str
    rule_id: Optional[str]
    detail: str
    legal_basis: str


class QuoteWarning(NamedTuple):
    """A caveat on the quote, with a stable snake_case code."""

    code: str
    message: str


class TimelineEntry(NamedTuple):
    """A date at which a rule touching the shipment changes, and the quote from then on."""

    date: datetime.date
    changes: List[str]
    quote: Quote


class TariffRate(NamedTuple):
    """The ordinary duty rate of a code in a bundled tariff schedule (``deminimis.tariff``).

    ``rate`` is the schedule's text (``"16.5%"``, ``"Free"``, ``"1.4¢/kg + 6%"``), usable as an
    item's ``duty_rate``; ``territory`` is ``US`` or ``EU``; ``mapping`` tells how an EU code got
    its rate from the 2020 CET (``exact``, ``mapped``, ``fallback``); ``warnings`` are the
    lookup's caveats (``tariff_revision_assumed``, ``tariff_code_mapped``, ``rate_inherited``).
    """

    territory: str
    code: str
    rate: str
    is_free: bool
    revision: str
    valid_from: datetime.date
    source: str
    mapping: str
    mapped_from: Optional[str]
    inherited: bool
    column2: Optional[str]
    special: Optional[str]
    units: Optional[str]
    ch99: List[str]
    warnings: List[QuoteWarning]


def _record(cls: Any, keys: Tuple[str, ...]) -> Callable[[Dict[str, Any]], Any]:
    def build(d: Dict[str, Any]) -> Any:
        return cls._make([d.get(k) for k in keys])

    return build


def _line(d: Dict[str, Any]) -> QuoteLine:
    d = dict(d)
    d["duties"] = [_duty(x) for x in d.get("duties") or ()]
    return _line_record(d)  # type: ignore[no-any-return]


_duty = _record(Duty, Duty._fields)
_line_record = _record(QuoteLine, QuoteLine._fields)
_fx = _record(FxUse, ("from",) + FxUse._fields[1:])

_ONE = {
    "regime": _record(Regime, Regime._fields),
    "de_minimis": _record(DeMinimis, DeMinimis._fields),
    "vat": _record(Vat, Vat._fields),
}
_MANY = {
    "lines": _line,
    "fees": _record(Fee, Fee._fields),
    "fx": _fx,
    "trace": _record(TraceStep, TraceStep._fields),
    "warnings": _record(QuoteWarning, QuoteWarning._fields),
}


def _build(name: str, value: Any) -> Any:
    """Records for the Quote field ``name`` (called by the native module)."""
    if name in _ONE:
        return _ONE[name](value)
    return [_MANY[name](x) for x in value]

# Show and pickle the records under the package name (``deminimis.Regime``).
for _cls in (Regime, DeMinimis, Duty, QuoteLine, Vat, Fee, FxUse, TraceStep, QuoteWarning,
             TimelineEntry, TariffRate):
    _cls.__module__ = "deminimis"
del _cls
