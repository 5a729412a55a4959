"""Exceptions: one base class, :class:`Error` (a ``ValueError``), and one subclass per error code
of the core (``deminimis::Error::ALL_CODES``), each carrying the core's ``code`` and JSON ``path``.

>>> import deminimis
>>> try:
...     deminimis.quote({"date": "2025-09-15", "destination": "XX", "currency": "USD",
...                      "items": [{"hs_code": "610910", "origin": "CN", "unit_price": "1"}]})
... except deminimis.UnknownCountryError as e:
...     print(e.code, e.path)
unknown_country $.destination
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple, Type

# The package re-exports these names (deminimis/__init__.py lists them in its __all__).

#: One problem: (code, JSON path, message).
Problem = Tuple[str, str, str]


class Error(ValueError):
    """Base class of every error of the engine.

    ``code`` and ``path`` are those of the first problem (the class matches ``code``); ``errors``
    lists every problem found, as ``(code, path, message)``; ``index`` is the position of the
    shipment in a batch (``quote_many``, ``quote_frame``), else ``None``.
    """

    #: The stable snake_case code of this class of error.
    default_code = ""

    code: str
    path: str
    errors: List[Problem]
    index: Optional[int]

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        path: str = "$",
        errors: Optional[List[Problem]] = None,
        index: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.path = path
        self.errors = list(errors) if errors is not None else [(self.code, path, message)]
        self.index = index

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (
            _rebuild,
            (type(self), str(self), self.code, self.path, self.errors, self.index),
        )


def _rebuild(
    cls: type,
    message: str,
    code: str,
    path: str,
    errors: List[Problem],
    index: Optional[int],
) -> Error:
    err: Error = cls(message, code=code, path=path, errors=errors, index=index)
    return err


class InvalidJsonError(Error):
    """The document is not valid JSON."""

    default_code = "invalid_json"


class FloatAmountError(Error, TypeError):
    """An amount was a float (a float cannot hold most decimal amounts exactly).

    Also a ``TypeError``: pass ``Decimal("9.99")`` or ``"9.99"`` instead of ``9.99``.
    """

    default_code = "float_amount"


class UnknownFieldError(Error):
    """A field the contract does not define."""

    default_code = "unknown_field"


class MissingFieldError(Error):
    """A required field is absent."""

    default_code = "missing_field"


class InvalidValueError(Error):
    """A value of the wrong type or outside an enumeration."""

    default_code = "invalid_value"


class InvalidTypeError(InvalidValueError, TypeError):
    """A Python value that has no place in the JSON contract (code ``invalid_value``).

    Also a ``TypeError``: a document holds only ``str``, ``Decimal``, ``int``, ``bool``, ``None``,
    ``datetime.date``, dicts and lists.
    """


class InvalidAmountError(Error):
    """A string that is not a plain decimal number."""

    default_code = "invalid_amount"


class InvalidRateError(Error):
    """A percentage that does not parse."""

    default_code = "invalid_rate"


class InvalidDateError(Error):
    """A date that is not ``YYYY-MM-DD``."""

    default_code = "invalid_date"


class UnknownCountryError(Error):
    """Not an ISO 3166-1 alpha-2 country code."""

    default_code = "unknown_country"


class UnsupportedDestinationError(Error):
    """A real country that the rules do not cover as a destination on that date."""

    default_code = "unsupported_destination"


class UnknownCurrencyError(Error):
    """Not an ISO 4217 currency code."""

    default_code = "unknown_currency"


class InvalidHsCodeError(Error):
    """An HS code that is not 6, 8 or 10 digits."""

    default_code = "invalid_hs_code"


class NegativeAmountError(Error):
    """An amount below zero."""

    default_code = "negative_amount"


class InvalidQuantityError(Error):
    """A quantity of zero or less."""

    default_code = "invalid_quantity"


class EmptyItemsError(Error):
    """A shipment without items."""

    default_code = "empty_items"


class DateOutOfRangeError(Error):
    """A date before the rule data starts."""

    default_code = "date_out_of_range"


class IossAboveThresholdError(Error):
    """IOSS asked for a consignment above the EUR 150 intrinsic-value limit."""

    default_code = "ioss_above_threshold"


class VatRouteNotApplicableError(Error):
    """A VAT route that the law does not allow for this consignment."""

    default_code = "vat_route_not_applicable"


class RateNotSupportedError(Error):
    """A rate expression that the engine cannot apply yet."""

    default_code = "rate_not_supported"


class MissingQuantityError(Error):
    """A specific duty needs a quantity the item does not give (``units`` or ``net_weight_kg``)."""

    default_code = "missing_quantity"


class MissingValuePartError(Error):
    """A percentage on a part of the goods needs that part's value."""

    default_code = "missing_value_part"


class HsCodeNotFoundError(Error):
    """The HS code is not in the tariff schedule in force."""

    default_code = "hs_code_not_found"


class Section232ContentRequiredError(Error):
    """A Section 232 derivative needs its metal content declared."""

    default_code = "section_232_content_required"


class AmbiguousCodeError(Error):
    """A short code whose tariff lines carry different rates: give more digits."""

    default_code = "ambiguous_code"


class FxRateUnavailableError(Error):
    """No exchange rate for a needed conversion."""

    default_code = "fx_rate_unavailable"


class InvalidRulesError(Error):
    """A rule document failed validation."""

    default_code = "invalid_rules"


class OverlappingValidityError(Error):
    """Two rows of one rule family overlap in time."""

    default_code = "overlapping_validity"


class UnsortedValidityError(Error):
    """Rows of one rule family are not sorted by ``valid_from``."""

    default_code = "unsorted_validity"


#: The class of each core code.
BY_CODE: Dict[str, Type[Error]] = {
    cls.default_code: cls
    for cls in (
        InvalidJsonError,
        FloatAmountError,
        UnknownFieldError,
        MissingFieldError,
        InvalidValueError,
        InvalidAmountError,
        InvalidRateError,
        InvalidDateError,
        UnknownCountryError,
        UnsupportedDestinationError,
        UnknownCurrencyError,
        InvalidHsCodeError,
        NegativeAmountError,
        InvalidQuantityError,
        EmptyItemsError,
        DateOutOfRangeError,
        IossAboveThresholdError,
        VatRouteNotApplicableError,
        RateNotSupportedError,
        MissingQuantityError,
        MissingValuePartError,
        HsCodeNotFoundError,
        Section232ContentRequiredError,
        AmbiguousCodeError,
        FxRateUnavailableError,
        InvalidRulesError,
        OverlappingValidityError,
        UnsortedValidityError,
    )
}


def _class_name(code: str) -> str:
    """``unknown_country`` -> ``UnknownCountryError``."""
    return "".join(part.title() for part in code.split("_")) + "Error"


def _complete() -> None:
    """Give every core code a class: a code the core gained after this file was written gets a
    generated subclass of :class:`Error` (named as the others), so that each core code still has
    its own class."""
    from deminimis._native import ERROR_CODES

    for code in ERROR_CODES:
        if code not in BY_CODE:
            BY_CODE[code] = type(
                _class_name(code),
                (Error,),
                {
                    "default_code": code,
                    "__doc__": f"The core's error ``{code}``.",
                    "__module__": "deminimis",
                },
            )


_complete()


def _from_native(problems: List[Problem], type_error: bool, index: Optional[int]) -> Error:
    """Build the exception for problems reported by the native module (not raised here)."""
    code, path, _ = problems[0] if problems else ("", "$", "")
    if type_error and code == "invalid_value":
        cls: type[Error] = InvalidTypeError
    else:
        cls = BY_CODE.get(code, Error)
    lines = [f"{message} ({c})" for c, _, message in problems]
    if index is not None and lines:
        lines[0] = f"shipment {index}: {lines[0]}"
    return cls("\n".join(lines), code=code, path=path, errors=problems, index=index)

# Show and pickle the classes under the package name (``deminimis.FloatAmountError``).
for _cls in (Error, InvalidTypeError, *BY_CODE.values()):
    _cls.__module__ = "deminimis"
del _cls
