//! # deminimis
//!
//! Decimal-exact landed cost for parcels going into the **United States** or an **EU member
//! state**: customs duty, import VAT, fees, and whether a low-value ("de minimis") exemption
//! applies, under the rules **in force on a given date**, with the legal reason for every amount.
//!
//! The core is pure: no file, network, clock or environment access. The date is always an input.
//! Rules are dated data (`data/` in the repository, compiled into [`RuleSet::bundled`]), read by
//! one engine.
//!
//! A quote is an estimate from the published rules, not a customs ruling: the customs
//! authority's classification, valuation and exchange rate decide what is finally owed. Each
//! quote names the rules it used (`rules_version`) and warns where data is incomplete or a
//! reading is disputed.
//!
//! ```
//! let shipment = deminimis::Shipment::from_json(r#"{
//!   "date": "2025-09-15", "destination": "US", "currency": "USD",
//!   "items": [{"hs_code": "6109.10.00", "origin": "CN", "quantity": "2",
//!              "unit_price": "15.00", "duty_rate": "16.5%"}]
//! }"#).unwrap();
//! let q = deminimis::quote(&shipment).unwrap();
//! assert!(!q.de_minimis.applies);              // suspended for every origin since 2025-08-29
//! // 16.5% MFN + 7.5% Section 301 (list 4A) + 20% IEEPA fentanyl + 10% reciprocal, on $30:
//! assert_eq!(q.duty.to_string(), "16.20");
//! assert_eq!(q.landed_cost.to_string(), "48.82"); // + MPF $2.62 (FY2025)
//! ```
#![cfg_attr(not(test), deny(missing_docs))]

mod engine;
pub mod error;
pub mod fx;
pub mod money;
mod percent;
mod problems;
mod quote;
pub mod rules;
mod shipment;
mod strict;
pub mod tariff;
mod text;
mod timeline;

pub use error::{Error, Errors};
pub use fx::FxTable;
pub use percent::{Percent, PercentParseError};
pub use quote::{
    DeMinimis, Detail, DutyEntry, FeeLine, FxUse, Quote, QuoteLine, RegimeInfo, TraceStep,
    VatCollected, VatSummary, Warning,
};
pub use rules::RuleSet;
pub use shipment::{
    FlatDutyItem, FlatDutyScope, FrParcelFeeUnit, FxRate, Item, Kind, Metal, Mode, PostalMethod,
    QuoteOptions, Section232, Shipment, VatRoute,
};
pub use tariff::schedule::TariffRate;
pub use text::Text;
pub use timeline::TimelineEntry;

use jiff::civil::Date;

/// Quote a shipment with the bundled rules.
///
/// # Example
/// ```
/// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"DE","currency":"EUR",
///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap();
/// let q = deminimis::quote(&s).unwrap();
/// assert_eq!(q.vat.amount.to_string(), "3.80"); // 19% IOSS VAT, no duty under EUR 150
/// ```
pub fn quote(shipment: &Shipment) -> Result<Quote, Errors> {
    RuleSet::bundled()?.quote(shipment)
}

/// The ordinary duty rate of an HS code in the destination's bundled tariff on a date (US HTS
/// column 1 general rate; EU erga omnes rate), with the revision it comes from and any caveat.
/// A 6-digit code resolves when every line under it has one rate, else `ambiguous_code`.
///
/// # Example
/// ```
/// let t = deminimis::tariff("US", "8517.13.00.00", "2026-08-01".parse().unwrap()).unwrap();
/// assert!(t.rate.is_free());
/// let e = deminimis::tariff("US", "640299", "2026-08-01".parse().unwrap()).unwrap_err();
/// assert_eq!(e.first().unwrap().code(), "ambiguous_code");
/// ```
pub fn tariff(destination: &str, hs_code: &str, date: Date) -> Result<TariffRate, Errors> {
    RuleSet::bundled()?.tariff(destination, hs_code, date)
}

/// Quote a shipment at each of `dates` with the bundled rules (explicit export and sale dates move
/// with the date). At most 10,000 dates: more is an `invalid_value` at `dates`.
///
/// # Example
/// ```
/// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00","duty_rate":"16.5%"}]}"#).unwrap();
/// let qs = deminimis::compare(&s, &["2024-06-01".parse().unwrap(), "2025-09-01".parse().unwrap()]).unwrap();
/// assert!(qs[0].de_minimis.applies && !qs[1].de_minimis.applies);
/// ```
pub fn compare(shipment: &Shipment, dates: &[Date]) -> Result<Vec<Quote>, Errors> {
    RuleSet::bundled()?.compare(shipment, dates)
}

/// Every date in `[from, to]` at which a rule touching this shipment changes, each with its quote.
/// The first entry is `from` (or the first day of the rules, if later); a range that is empty, or
/// ends before the rules start, gives no entry.
///
/// # Example
/// ```
/// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"DE","currency":"EUR",
///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00","duty_rate":"12%"}]}"#).unwrap();
/// let t = deminimis::timeline(&s, "2015-01-01".parse().unwrap(), "2026-11-26".parse().unwrap()).unwrap();
/// assert!(t.iter().any(|e| e.date.to_string() == "2021-07-01"));
/// assert!(t.iter().any(|e| e.date.to_string() == "2026-07-01"));
/// assert!(t.iter().all(|e| e.date <= "2026-11-26".parse().unwrap()));
/// let before = deminimis::timeline(&s, "2010-01-01".parse().unwrap(), "2012-01-01".parse().unwrap());
/// assert!(before.unwrap().is_empty());
/// let reversed = deminimis::timeline(&s, "2026-01-01".parse().unwrap(), "2025-01-01".parse().unwrap());
/// assert!(reversed.unwrap().is_empty());
/// ```
pub fn timeline(shipment: &Shipment, from: Date, to: Date) -> Result<Vec<TimelineEntry>, Errors> {
    RuleSet::bundled()?.timeline(shipment, from, to)
}

impl RuleSet {
    /// Quote a shipment against these rules.
    ///
    /// # Example
    /// ```
    /// let rules = deminimis::RuleSet::bundled().unwrap();
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap();
    /// assert_eq!(rules.quote(&s).unwrap().rules_version, rules.version());
    /// ```
    pub fn quote(&self, shipment: &Shipment) -> Result<Quote, Errors> {
        engine::quote(self, shipment, true)
    }

    /// Quote without building the `trace` (same numbers, fees, warnings and conversions; the
    /// trace is empty). For batch work that reads only the amounts: formatting the explanation is
    /// most of the cost of a quote (see BENCHMARKS.md).
    ///
    /// # Example
    /// ```
    /// let rules = deminimis::RuleSet::bundled().unwrap();
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2025-09-15","destination":"US","currency":"USD",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00","duty_rate":"16.5%"}]}"#).unwrap();
    /// let (full, lean) = (rules.quote(&s).unwrap(), rules.quote_lean(&s).unwrap());
    /// assert_eq!((full.landed_cost, lean.landed_cost), (lean.landed_cost, full.landed_cost));
    /// assert!(lean.trace.is_empty() && !full.trace.is_empty());
    /// ```
    pub fn quote_lean(&self, shipment: &Shipment) -> Result<Quote, Errors> {
        engine::quote(self, shipment, false)
    }

    /// Quote at each date against these rules.
    ///
    /// # Example
    /// ```
    /// let rules = deminimis::RuleSet::bundled().unwrap();
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap();
    /// assert_eq!(rules.compare(&s, &["2024-06-01".parse().unwrap()]).unwrap().len(), 1);
    /// ```
    pub fn compare(&self, shipment: &Shipment, dates: &[Date]) -> Result<Vec<Quote>, Errors> {
        timeline::compare(self, shipment, dates)
    }

    /// The timeline of a shipment against these rules.
    ///
    /// # Example
    /// ```
    /// let rules = deminimis::RuleSet::bundled().unwrap();
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00","duty_rate":"16.5%"}]}"#).unwrap();
    /// let t = rules.timeline(&s, "2016-01-01".parse().unwrap(), "2016-12-31".parse().unwrap()).unwrap();
    /// assert_eq!(t.iter().map(|e| e.date.to_string()).collect::<Vec<_>>(), ["2016-01-01", "2016-03-10"]);
    /// ```
    pub fn timeline(
        &self,
        shipment: &Shipment,
        from: Date,
        to: Date,
    ) -> Result<Vec<TimelineEntry>, Errors> {
        timeline::timeline(self, shipment, from, to)
    }
}
