//! Currency conversion for one quote: caller rates first, else the bundled ECB reference rates,
//! each conversion recorded with its rate, date and source.

use crate::error::Error;
use crate::quote::FxUse;
use crate::rules::RuleSet;
use crate::shipment::FxRate;
use jiff::civil::Date;
use rust_decimal::Decimal;

/// Units of a currency per EUR, the date of that rate, and the legal basis when it is a fixed rate.
type EurRate = (Date, Decimal, Option<crate::text::Text>);

/// Which rule picks the rate date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// US: the date of exportation (19 CFR 159.32), ECB as a stand-in for the FRBNY rate.
    UsExport,
    /// EU customs: the rate published on the penultimate Wednesday of the previous month
    /// (Regulation (EU) 2015/2447 Art 146), given as the reference date.
    EuCustoms,
    /// EU IOSS: the ECB rate of the day payment was accepted (Directive 2006/112/EC Art 91(2)).
    EuSale,
}

impl Purpose {
    fn words(self) -> &'static str {
        match self {
            Purpose::UsExport => "US customs value (date of exportation, 19 CFR 159.32)",
            Purpose::EuCustoms => "EU customs value and thresholds (Regulation (EU) 2015/2447 Art 146)",
            Purpose::EuSale => "IOSS VAT (ECB rate of the date payment was accepted, Directive 2006/112/EC Art 91(2))",
        }
    }
}

/// A resolved rate: multiply by `num`, divide by `den`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rate {
    num: Decimal,
    den: Decimal,
}

impl Rate {
    pub fn apply(self, amount: Decimal) -> Decimal {
        if self.den.is_zero() {
            return amount;
        }
        if self.den == Decimal::ONE {
            // Same currency (1/1), or a rate given as a multiplier: no division.
            return if self.num == Decimal::ONE {
                amount
            } else {
                amount * self.num
            };
        }
        amount * self.num / self.den
    }
}

/// Converts amounts for one quote and remembers every conversion it made.
pub(crate) struct Converter<'a> {
    rules: &'a RuleSet,
    overrides: &'a [FxRate],
    /// The date of importation: a currency the euro has replaced by then converts at its fixed
    /// rate, whatever the date of the customs rate (see [`Converter::rate`]).
    imported: Date,
    pub uses: Vec<FxUse>,
    pub stale: Vec<String>,
    pub used_bundled: bool,
}

impl<'a> Converter<'a> {
    pub fn new(rules: &'a RuleSet, overrides: &'a [FxRate], imported: Date) -> Self {
        Converter {
            rules,
            overrides,
            imported,
            uses: Vec::new(),
            stale: Vec::new(),
            used_bundled: false,
        }
    }

    /// The rate from `from` to `to` for `purpose` on `date` (for `EuCustoms`, `date` is the
    /// reference publication date).
    pub fn rate(
        &mut self,
        from: &str,
        to: &str,
        date: Date,
        purpose: Purpose,
        path: impl Fn() -> String,
    ) -> Result<Rate, Error> {
        if from == to {
            return Ok(Rate {
                num: Decimal::ONE,
                den: Decimal::ONE,
            });
        }
        let unavailable = || Error::FxRateUnavailable {
            path: path(),
            from: from.to_string(),
            to: to.to_string(),
            date: date.to_string(),
        };
        if let Some(r) = self.overrides.iter().find(|r| r.from == from && r.to == to) {
            self.record(
                from,
                to,
                r.rate,
                r.date,
                purpose,
                "fx_rates (caller)".to_string(),
            );
            return Ok(Rate {
                num: r.rate,
                den: Decimal::ONE,
            });
        }
        if let Some(r) = self.overrides.iter().find(|r| r.from == to && r.to == from) {
            let shown = (Decimal::ONE / r.rate).round_dp(10);
            self.record(
                from,
                to,
                shown,
                r.date,
                purpose,
                format!("fx_rates (caller, inverse of 1 {to} = {} {from})", r.rate),
            );
            return Ok(Rate {
                num: Decimal::ONE,
                den: r.rate,
            });
        }
        // From the day the euro replaces a currency, conversions between them use the fixed
        // rate (Council Regulation (EC) 1103/97 Art 4): also at customs in the first month, whose
        // rate date (the penultimate Wednesday of the month before) precedes the adoption.
        let fixed_on = match purpose {
            Purpose::EuCustoms => date.max(self.imported),
            Purpose::UsExport | Purpose::EuSale => date,
        };
        let (from_date, from_per_eur, from_fixed) =
            self.per_eur(from, date, fixed_on).ok_or_else(unavailable)?;
        let (to_date, to_per_eur, to_fixed) =
            self.per_eur(to, date, fixed_on).ok_or_else(unavailable)?;
        if let Some(fixed) = from_fixed.clone().or(to_fixed.clone()) {
            // The other side of a fixed-rate pair may still come from the ECB table.
            let ecb_side = (from_fixed.is_none() && from != "EUR")
                .then_some(from_date)
                .or((to_fixed.is_none() && to != "EUR").then_some(to_date));
            if let Some(d) = ecb_side {
                self.used_ecb(from, to, date, d);
            }
            let shown = shown_rate(from, from_per_eur, to_per_eur);
            let (legacy, rate) = if from == "EUR" {
                (to, to_per_eur)
            } else {
                (from, from_per_eur)
            };
            let source = format!("irrevocably fixed conversion rate 1 EUR = {rate} {legacy} ({fixed}); the amount is divided by the rate, which is never rounded");
            // The date the fixed rate was found in force on (the rate's own date, unless the
            // currency was replaced after it).
            let on = if from_fixed.is_some() {
                from_date
            } else {
                to_date
            };
            self.record(from, to, shown, Some(on), purpose, source);
            return Ok(Rate {
                num: to_per_eur,
                den: from_per_eur,
            });
        }
        let rate_date = from_date.min(to_date);
        self.used_ecb(from, to, date, rate_date);
        let shown = shown_rate(from, from_per_eur, to_per_eur);
        let source = match (from, to) {
            ("EUR", _) => format!("ECB euro reference rate of {rate_date}: 1 EUR = {to_per_eur} {to}"),
            (_, "EUR") => format!("ECB euro reference rate of {rate_date}: 1 EUR = {from_per_eur} {from} (amount divided by the rate)"),
            _ => format!("ECB cross rate of {rate_date}: 1 EUR = {from_per_eur} {from} = {to_per_eur} {to} (amount × {to_per_eur} ÷ {from_per_eur})"),
        };
        self.record(from, to, shown, Some(rate_date), purpose, source);
        Ok(Rate {
            num: to_per_eur,
            den: from_per_eur,
        })
    }

    /// Note that a bundled ECB rate of `rate_date` served a conversion wanted on `date` (stale when
    /// more than a week older).
    fn used_ecb(&mut self, from: &str, to: &str, date: Date, rate_date: Date) {
        self.used_bundled = true;
        if date.since(rate_date).map(|s| s.get_days()).unwrap_or(0) > 7 {
            let msg = format!("{from}->{to}: wanted {date}, latest ECB rate is of {rate_date}");
            if !self.stale.contains(&msg) {
                self.stale.push(msg);
            }
        }
    }

    /// Units of `currency` per EUR: a fixed legacy rate in force on `date` or, failing that, on
    /// `fixed_on` (with the date it was found on), else the latest ECB rate published on or
    /// before `date`.
    fn per_eur(&self, currency: &str, date: Date, fixed_on: Date) -> Option<EurRate> {
        let later = (fixed_on != date).then_some(fixed_on);
        for on in std::iter::once(date).chain(later) {
            if let Some(f) = self
                .rules
                .fixed_rates_on(on)
                .find(|f| f.currency == currency)
            {
                return Some((on, f.per_eur, Some(f.legal_basis.clone())));
            }
        }
        self.rules
            .fx
            .per_eur(currency, date)
            .map(|(d, r)| (d, r, None))
    }

    fn record(
        &mut self,
        from: &str,
        to: &str,
        rate: Decimal,
        date: Option<Date>,
        purpose: Purpose,
        source: String,
    ) {
        let purpose = crate::text::Text::from_static(purpose.words());
        if !self
            .uses
            .iter()
            .any(|u| u.from == from && u.to == to && u.purpose == purpose)
        {
            self.uses.push(FxUse {
                from: from.into(),
                to: to.into(),
                rate,
                rate_date: date,
                purpose,
                source: source.into(),
            });
        }
    }
}

/// The rate shown for a conversion: the published rate from EUR, else the ratio to 10 places.
fn shown_rate(from: &str, from_per_eur: Decimal, to_per_eur: Decimal) -> Decimal {
    if from == "EUR" {
        to_per_eur
    } else {
        (to_per_eur / from_per_eur).round_dp(10)
    }
}
