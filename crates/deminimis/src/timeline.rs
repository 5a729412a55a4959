//! Quotes across dates: `compare` at chosen dates, `timeline` at every rule change.

use crate::error::Errors;
use crate::quote::Quote;
use crate::rules::RuleSet;
use crate::shipment::Shipment;
use crate::text::Text;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One row of a timeline: the date a rule touching the shipment changed, and the quote from then on.
///
/// # Example
/// ```
/// let s = deminimis::Shipment::from_json(r#"{"date":"2025-06-01","destination":"US","currency":"USD",
///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00","duty_rate":"16.5%"}]}"#).unwrap();
/// let t = deminimis::timeline(&s, "2025-01-01".parse().unwrap(), "2025-12-31".parse().unwrap()).unwrap();
/// assert_eq!(t[0].date.to_string(), "2025-01-01");
/// assert!(t.iter().any(|e| e.date.to_string() == "2025-05-02"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// First date of this state.
    #[serde(with = "crate::shipment::date_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub date: Date,
    /// What changed from the previous entry (rule ids that stopped or started applying).
    pub changes: Vec<String>,
    /// The quote on `date`.
    pub quote: Quote,
}

/// The shipment moved to `date`; explicit export and sale dates move by the same number of days.
pub(crate) fn at_date(s: &Shipment, date: Date) -> Shipment {
    let mut out = s.clone();
    let shift = |d: Option<Date>| -> Option<Date> {
        let d = d?;
        let span = s.date.until(d).ok()?;
        date.checked_add(span).ok()
    };
    out.export_date = shift(s.export_date);
    out.sale_date = shift(s.sale_date);
    out.date = date;
    out
}

/// The rules a quote applied: the regime, every rule row named in the trace, and the fees; and
/// the currency it is in (a euro changeover changes every amount).
fn signature(q: &Quote) -> BTreeSet<Text> {
    let mut set: BTreeSet<Text> = q.trace.iter().filter_map(|t| t.rule_id.clone()).collect();
    set.insert(q.regime.id.clone());
    set.insert(Text::from(format!("{CURRENCY}{}", q.currency)));
    set
}

/// The mark of the quote's currency in a [`signature`] (no rule id has a space).
const CURRENCY: &str = "currency ";

/// A rule id with its label, from the rule row's own fields (e.g. `IE-CN-F1 ieepa_fentanyl 20%`);
/// the regime as `regime <id>`; the currency as `currency <code>`.
fn describe(rules: &RuleSet, id: &str) -> String {
    if id.starts_with(CURRENCY) {
        return id.to_string();
    }
    if rules.data.regimes.iter().any(|r| r.id == id) {
        return format!("regime {id}");
    }
    match rules.data.label(id) {
        Some(label) => format!("{id} {label}"),
        None => id.to_string(),
    }
}

/// The most dates one comparison quotes (a day by day comparison over 27 years). Each date is a
/// full quote held in the result; a bound keeps a caller's list from exhausting memory (in
/// WebAssembly, whose memory is 4 GiB, that ended in a trap).
const MAX_DATES: usize = 10_000;

/// Quote the shipment at each date, with the bundled or given rules.
pub(crate) fn compare(rules: &RuleSet, s: &Shipment, dates: &[Date]) -> Result<Vec<Quote>, Errors> {
    if dates.len() > MAX_DATES {
        return Err(crate::error::Error::InvalidValue {
            path: "dates".into(),
            expected: format!("at most {MAX_DATES} dates to compare"),
            found: format!("{} dates", dates.len()),
        }
        .into());
    }
    dates
        .iter()
        .map(|d| crate::engine::quote(rules, &at_date(s, *d), true))
        .collect()
}

/// Every date in `[from, to]` at which a rule that touches this shipment changes, each with its quote.
pub(crate) fn timeline(
    rules: &RuleSet,
    s: &Shipment,
    from: Date,
    to: Date,
) -> Result<Vec<TimelineEntry>, Errors> {
    let from = from.max(rules.data_starts());
    // An empty range (reversed, or ending before the rules start) holds no date to quote.
    if from > to {
        return Ok(Vec::new());
    }
    let mut candidates = vec![from];
    candidates.extend(
        rules
            .change_dates()
            .into_iter()
            .filter(|d| *d > from && *d <= to),
    );
    let mut out: Vec<TimelineEntry> = Vec::new();
    let mut last_sig: Option<BTreeSet<Text>> = None;
    for d in candidates {
        let q = crate::engine::quote(rules, &at_date(s, d), true)?;
        let sig = signature(&q);
        let changes = match &last_sig {
            Some(prev) => {
                if *prev == sig {
                    continue;
                }
                let mut c: Vec<String> = prev
                    .difference(&sig)
                    .map(|id| format!("- {}", describe(rules, id)))
                    .collect();
                c.extend(
                    sig.difference(prev)
                        .map(|id| format!("+ {}", describe(rules, id))),
                );
                c
            }
            None => vec!["start".to_string()],
        };
        last_sig = Some(sig);
        out.push(TimelineEntry {
            date: d,
            changes,
            quote: q,
        });
    }
    Ok(out)
}
