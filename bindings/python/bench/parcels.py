"""The benchmark parcels: 100,000 one-line parcels, half into the US, half into Germany, on
2025-09-15 (the same set as the Rust batch, `benches/batch.rs`)."""

from __future__ import annotations

from typing import Any, Dict, List

ORIGINS = ("CN", "VN", "GB", "JP", "MX")
DATE = "2025-09-15"


def parcel(i: int) -> Dict[str, Any]:
    """Parcel ``i``: one T-shirt, priced 5.00 to 154.99, from one of five origins."""
    cents = 500 + (i * 37) % 15_000
    dest, cur = ("US", "USD") if i % 2 == 0 else ("DE", "EUR")
    return {
        "date": DATE,
        "destination": dest,
        "currency": cur,
        "shipping": "4.99",
        "items": [
            {
                "hs_code": "6109.10.00",
                "origin": ORIGINS[i % len(ORIGINS)],
                "quantity": "1",
                "unit_price": f"{cents // 100}.{cents % 100:02d}",
                "duty_rate": "12%",
            }
        ],
    }


def parcels(n: int) -> List[Dict[str, Any]]:
    return [parcel(i) for i in range(n)]


def columns(n: int) -> Dict[str, List[str]]:
    """The same parcels as DataFrame columns, one row per parcel."""
    rows = parcels(n)
    cols: Dict[str, List[str]] = {
        k: [r[k] for r in rows] for k in ("date", "destination", "currency", "shipping")
    }
    for k in ("hs_code", "origin", "quantity", "unit_price", "duty_rate"):
        cols[k] = [r["items"][0][k] for r in rows]
    return cols
