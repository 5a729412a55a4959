"""deminimis: what a parcel costs to bring into the United States or an EU member state on a
given date: duty, import VAT, fees, and whether a low-value ("de minimis") exemption applies,
decimal-exact, with the legal reason for every amount.

A thin layer over the Rust engine: a shipment is a dict of the JSON contract (or a
:class:`Shipment`); amounts are ``decimal.Decimal``, ``str`` or ``int`` (never ``float``);
dates are ``datetime.date`` or ``"YYYY-MM-DD"``.

A quote is an estimate from the published rules, not a customs ruling: the customs
authority's classification, valuation and exchange rate decide what is finally owed. Each quote
names its rules (``rules_version``) and warns where data is incomplete or a reading is disputed.

>>> import deminimis
>>> q = deminimis.quote({
...     "date": "2026-08-01", "destination": "DE", "currency": "EUR",
...     "items": [{"hs_code": "6206.10", "origin": "CN", "unit_price": "20.00",
...                "duty_rate": "12%"}]})
>>> q.regime.id, q.duty, q.vat.amount, q.vat.collected, q.landed_cost
('eu-flat-duty', Decimal('3.00'), Decimal('3.80'), 'at_sale', Decimal('26.80'))
"""

from __future__ import annotations

from deminimis import _errors
from deminimis._errors import (
    AmbiguousCodeError,
    DateOutOfRangeError,
    EmptyItemsError,
    Error,
    FloatAmountError,
    FxRateUnavailableError,
    HsCodeNotFoundError,
    InvalidAmountError,
    InvalidDateError,
    InvalidHsCodeError,
    InvalidJsonError,
    InvalidQuantityError,
    InvalidRateError,
    InvalidRulesError,
    InvalidTypeError,
    InvalidValueError,
    IossAboveThresholdError,
    MissingFieldError,
    MissingQuantityError,
    MissingValuePartError,
    NegativeAmountError,
    OverlappingValidityError,
    RateNotSupportedError,
    Section232ContentRequiredError,
    UnknownCountryError,
    UnknownCurrencyError,
    UnknownFieldError,
    UnsortedValidityError,
    UnsupportedDestinationError,
    VatRouteNotApplicableError,
)
from deminimis._frame import quote_frame
from deminimis._native import (
    ERROR_CODES,
    Quote,
    RuleSet,
    Shipment,
    __version__,
    compare,
    quote,
    quote_many,
    tariff,
    timeline,
)
from deminimis._records import (
    DeMinimis,
    Duty,
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
    "__version__",
    "ERROR_CODES",
    # functions
    "quote",
    "compare",
    "timeline",
    "quote_many",
    "quote_frame",
    "tariff",
    # classes
    "Shipment",
    "Quote",
    "RuleSet",
    "Regime",
    "DeMinimis",
    "Duty",
    "QuoteLine",
    "Vat",
    "Fee",
    "FxUse",
    "TraceStep",
    "QuoteWarning",
    "TimelineEntry",
    "TariffRate",
    # exceptions
    "Error",
    "InvalidJsonError",
    "FloatAmountError",
    "UnknownFieldError",
    "MissingFieldError",
    "InvalidValueError",
    "InvalidTypeError",
    "InvalidAmountError",
    "InvalidRateError",
    "InvalidDateError",
    "UnknownCountryError",
    "UnsupportedDestinationError",
    "UnknownCurrencyError",
    "InvalidHsCodeError",
    "NegativeAmountError",
    "InvalidQuantityError",
    "EmptyItemsError",
    "DateOutOfRangeError",
    "IossAboveThresholdError",
    "VatRouteNotApplicableError",
    "RateNotSupportedError",
    "MissingQuantityError",
    "MissingValuePartError",
    "HsCodeNotFoundError",
    "Section232ContentRequiredError",
    "AmbiguousCodeError",
    "FxRateUnavailableError",
    "InvalidRulesError",
    "OverlappingValidityError",
    "UnsortedValidityError",
]


# Classes generated for core error codes newer than _errors.py (see _errors._complete).
for _cls in _errors.BY_CODE.values():
    if _cls.__name__ not in globals():
        globals()[_cls.__name__] = _cls
        __all__.append(_cls.__name__)
del _cls

