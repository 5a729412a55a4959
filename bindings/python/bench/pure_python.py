"""A plain pure-Python reading of the same rules, with `decimal`, for the benchmark parcels only.

A benchmark baseline, not an engine: it knows just what the benchmark parcels need (the US and
Germany in 2025-2026: de minimis, MFN plus Section 301 and the IEEPA layers of five origins,
19 CFR 159.3 whole dollars, the informal MPF; EU duty relief up to EUR 150, IOSS and import VAT at 19%), keeps no
trace, validates nothing and converts no currency. It shows what the same arithmetic costs when
written directly in Python; `bench_python.py` checks that it gives the engine's amounts on every
benchmark parcel.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List, Optional, Tuple

CENT = Decimal("0.01")
DOLLAR = Decimal("1")
HUNDRED = Decimal("100")
D = datetime.date

# (valid_from, valid_to, value): half-open validity, as in data/.
Dated = Tuple[D, Optional[D], Decimal]

US_DE_MINIMIS: List[Dated] = [
    (D(2015, 1, 1), D(2016, 3, 10), Decimal("200")),
    (D(2016, 3, 10), None, Decimal("800")),
]
# Suspensions of Section 321: (from, to, origins or None for every origin).
US_SUSPENDED: List[Tuple[D, Optional[D], Optional[frozenset[str]]]] = [
    (D(2025, 2, 4), D(2025, 2, 7), frozenset({"CN", "HK"})),
    (D(2025, 5, 2), None, frozenset({"CN", "HK"})),
    (D(2025, 8, 29), None, None),
]
# IEEPA layers by origin: (measure, from, to, rate %). "floor" = up to 15% including MFN.
US_LAYERS: Dict[str, List[Tuple[str, D, Optional[D], Decimal]]] = {
    "CN": [
        ("ieepa_fentanyl", D(2025, 3, 4), D(2025, 11, 10), Decimal("20")),
        ("ieepa_fentanyl", D(2025, 11, 10), D(2026, 2, 24), Decimal("10")),
        ("ieepa_reciprocal", D(2025, 5, 14), D(2026, 2, 24), Decimal("10")),
    ],
    "VN": [("ieepa_reciprocal", D(2025, 8, 7), D(2026, 2, 24), Decimal("20"))],
    "GB": [("ieepa_reciprocal", D(2025, 4, 5), D(2026, 2, 24), Decimal("10"))],
    "JP": [("floor", D(2025, 8, 7), D(2026, 2, 24), Decimal("15"))],
    "MX": [("ieepa_fentanyl", D(2025, 3, 4), D(2026, 2, 24), Decimal("25"))],
}
# Layers by origin and HS subheading (Section 301 List 4A covers cotton T-shirts, 6109.10).
US_HS_LAYERS: Dict[Tuple[str, str], List[Tuple[str, D, Optional[D], Decimal]]] = {
    ("CN", "610910"): [
        ("section_301", D(2019, 9, 1), D(2020, 2, 14), Decimal("15")),
        ("section_301", D(2020, 2, 14), None, Decimal("7.5")),
    ],
}
US_S122: Tuple[D, D, Decimal] = (D(2026, 2, 24), D(2026, 7, 24), Decimal("10"))
# Informal MPF by fiscal year (from 1 October).
US_MPF_INFORMAL = {2025: Decimal("2.62"), 2026: Decimal("2.69")}

EU_DUTY_RELIEF: Dated = (D(2015, 1, 1), D(2026, 7, 1), Decimal("150"))
EU_FLAT_DUTY: Dated = (D(2026, 7, 1), D(2028, 7, 1), Decimal("3"))
DE_VAT = Decimal("19")


def _in(date: D, start: D, end: Optional[D]) -> bool:
    return start <= date and (end is None or date < end)


def _pct(rate: Decimal, base: Decimal) -> Decimal:
    return (base * rate / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def _rate(text: str) -> Decimal:
    return Decimal(0) if text == "Free" else Decimal(text.rstrip("%").strip())


def _us(date: D, goods: Decimal, shipping: Decimal, item: Dict[str, Any]) -> Dict[str, Any]:
    origin = item["origin"]
    threshold = next(v for a, b, v in US_DE_MINIMIS if _in(date, a, b))
    suspended = any(
        _in(date, a, b) and (who is None or origin in who) for a, b, who in US_SUSPENDED
    )
    if goods <= threshold and not suspended:
        return {"de_minimis": True, "duty": Decimal("0.00"), "vat": Decimal("0.00"),
                "fees": Decimal("0.00"), "landed_cost": goods + shipping}
    base = goods.quantize(DOLLAR, ROUND_HALF_UP)  # 19 CFR 159.3: one rate stack, whole dollars
    mfn = _rate(item["duty_rate"])
    duty = _pct(mfn, base)
    hs6 = item["hs_code"].replace(".", "").replace(" ", "")[:6]
    for _, a, b, rate in US_HS_LAYERS.get((origin, hs6), []):
        if _in(date, a, b):
            duty += _pct(rate, base)
    for measure, a, b, rate in US_LAYERS.get(origin, []):
        if _in(date, a, b):
            extra = max(rate - mfn, Decimal(0)) if measure == "floor" else rate
            duty += _pct(extra, base)
    if _in(date, US_S122[0], US_S122[1]):
        duty += _pct(US_S122[2], base)
    fiscal_year = date.year + 1 if date.month >= 10 else date.year
    fees = US_MPF_INFORMAL[fiscal_year]
    return {"de_minimis": False, "duty": duty, "vat": Decimal("0.00"), "fees": fees,
            "landed_cost": goods + shipping + duty + fees}


def _de(date: D, goods: Decimal, shipping: Decimal, item: Dict[str, Any]) -> Dict[str, Any]:
    relief = _in(date, EU_DUTY_RELIEF[0], EU_DUTY_RELIEF[1]) and goods <= EU_DUTY_RELIEF[2]
    flat = _in(date, EU_FLAT_DUTY[0], EU_FLAT_DUTY[1]) and goods <= Decimal("150")
    if goods <= Decimal("150"):  # IOSS: VAT on each invoice line, collected at sale
        duty = EU_FLAT_DUTY[2].quantize(CENT) if flat else Decimal("0.00")
        vat = _pct(DE_VAT, goods) + _pct(DE_VAT, shipping)
    else:  # import VAT on customs value (goods + transport to the border) plus duty
        customs = goods + shipping
        duty = _pct(_rate(item["duty_rate"]), customs)
        vat = _pct(DE_VAT, customs + duty)
    return {"de_minimis": relief, "duty": duty, "vat": vat, "fees": Decimal("0.00"),
            "landed_cost": goods + shipping + duty + vat}


def quote(shipment: Dict[str, Any]) -> Dict[str, Any]:
    """Duty, VAT, fees and landed cost of a one-line benchmark parcel into the US or Germany."""
    date = datetime.date.fromisoformat(shipment["date"])
    item = shipment["items"][0]
    goods = (Decimal(item["quantity"]) * Decimal(item["unit_price"])).quantize(CENT, ROUND_HALF_UP)
    shipping = Decimal(shipment.get("shipping", "0"))
    if shipment["destination"] == "US":
        return _us(date, goods, shipping, item)
    if shipment["destination"] == "DE":
        return _de(date, goods, shipping, item)
    raise ValueError(f"baseline knows only US and DE, not {shipment['destination']}")
