# %% [markdown]
# # What the 2025-2026 changes cost a small catalogue, in the US and in the EU
#
# A web shop sells the twelve SKUs of `catalogue.csv`, one unit per parcel, by express courier,
# to consumers in the United States and in Germany, France and Italy. Which charges does each
# parcel bear before and after each change of the rules, and what does the whole catalogue cost
# to land?
#
# Run it as a script (`python examples/impact_2025_2026.py`) or cell by cell (`# %%`) in an
# editor that reads them. It needs `pandas` (`pip install "deminimis[pandas]"`).

# %%
import datetime
import pathlib
from decimal import Decimal

import pandas as pd

import deminimis

HERE = pathlib.Path(__file__).resolve().parent
# Read every column as text: prices stay exact decimals (a float column would be refused).
catalogue = pd.read_csv(HERE / "catalogue.csv", dtype=str, comment="#").set_index("sku")
print(catalogue.to_string())
# The laptop is a Section 232 aluminum derivative in the US: the duty applies to the declared
# metal content, an item field of the contract ({"metal", "content_value"}).
catalogue["us_section_232"] = [
    {"metal": "aluminum", "content_value": v} if isinstance(v, str) else None
    for v in catalogue["us_aluminum_usd"]
]

# %% [markdown]
# The ordinary duty rates the bundled tariffs give (US HTS column 1 general; EU erga omnes),
# on the last date below. Quotes look them up themselves; an item's `duty_rate` would override.

# %%
RATES_ON = datetime.date(2026, 8, 3)
rates = pd.DataFrame(
    {
        "US": [deminimis.tariff("US", c, RATES_ON).rate for c in catalogue["us_hs_code"]],
        "EU": [deminimis.tariff("DE", c, RATES_ON).rate for c in catalogue["eu_hs_code"]],
    },
    index=catalogue.index,
)
print(rates.to_string())

# %% [markdown]
# ## United States
#
# The dates bracket the changes: $800 de minimis for all (2024-06-01); de minimis suspended for
# China, with IEEPA fentanyl and reciprocal duties (2025-06-02); suspended for every origin
# (2025-09-15); IEEPA duties struck down and replaced by the 10% Section 122 surcharge
# (2026-03-16); Section 122 expired (2026-08-03). Section 301 (China) and 232 duties follow
# the HS code throughout.

# %%
US_DATES = {
    "2024-06 $800 for all": datetime.date(2024, 6, 1),
    "2025-06 CN suspended": datetime.date(2025, 6, 2),
    "2025-09 all suspended": datetime.date(2025, 9, 15),
    "2026-03 Section 122": datetime.date(2026, 3, 16),
    "2026-08 after S122": datetime.date(2026, 8, 3),
}


def quote_us(date: datetime.date) -> pd.DataFrame:
    return deminimis.quote_frame(
        catalogue,
        hs_code="us_hs_code",
        unit_price="price_usd",
        section_232="us_section_232",
        defaults={"date": date, "destination": "US", "currency": "USD", "shipping": "6.95"},
    )


us = {label: quote_us(date) for label, date in US_DATES.items()}

# Taxes and fees per parcel (duty + fees; the US has no VAT), SKU by SKU.
us_taxes = pd.DataFrame({label: out["taxes_and_fees"] for label, out in us.items()})
print("\nUS: duty and fees per parcel (USD)")
print(us_taxes.to_string())

# %%
print("\nUS: the whole catalogue (one parcel per SKU)")
for label, out in us.items():
    exempt = int(out["de_minimis"].sum())
    print(
        f"  {label:<24} exempt {exempt:>2}/{len(out)}  duty {out['duty'].sum():>8}  "
        f"fees {out['fees'].sum():>6}  landed {out['landed_cost'].sum():>9} USD"
    )

# %% [markdown]
# ## European Union
#
# Into Germany, France and Italy: before 2026-07-01 a consignment of intrinsic value up to
# EUR 150 pays no duty (only IOSS VAT at checkout); from 2026-07-01 it pays the EUR 3 flat duty
# per distinct subheading. France's EUR 2 parcel fee starts 2026-03-01, Italy's EUR 2 fee
# 2026-01-01.

# %%
EU_DATES = {"2025-12": datetime.date(2025, 12, 1), "2026-08": datetime.date(2026, 8, 3)}


def quote_eu(country: str, date: datetime.date) -> pd.DataFrame:
    return deminimis.quote_frame(
        catalogue,
        hs_code="eu_hs_code",
        unit_price="price_eur",
        defaults={"date": date, "destination": country, "currency": "EUR", "shipping": "4.99"},
    )


print("\nEU: duty, VAT and fees per parcel (EUR)")
eu_rows = []
for country in ("DE", "FR", "IT"):
    for label, date in EU_DATES.items():
        out = quote_eu(country, date)
        eu_rows.append(
            {
                "country": country,
                "date": label,
                "parcels exempt from duty": int(out["de_minimis"].sum()),
                "duty": out["duty"].sum(),
                "VAT": out["vat"].sum(),
                "fees": out["fees"].sum(),
                "landed": out["landed_cost"].sum(),
            }
        )
eu = pd.DataFrame(eu_rows)
print(eu.to_string(index=False))

# %% [markdown]
# ## One parcel in full
#
# Every amount comes with its legal basis: the T-shirt into the US after the suspension.

# %%
row = catalogue.loc["TS-01"]
q = deminimis.quote(
    {
        "date": US_DATES["2025-09 all suspended"],
        "destination": "US",
        "currency": "USD",
        "shipping": "6.95",
        "items": [
            {
                "hs_code": row["us_hs_code"],
                "origin": row["origin"],
                "unit_price": Decimal(row["price_usd"]),
            }
        ],
    }
)
print(f"\n{q!r}")
for d in q.lines[0].duties:
    print(f"  {d.measure:<18} {d.rate:>6} of {d.base:>6} = {d.amount:>6}   {d.legal_basis}")
for f in q.fees:
    print(f"  {f.id:<18} {'':>6}    {'':>6}   {f.amount:>6}   {f.legal_basis}")
