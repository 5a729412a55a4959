//! Standard VAT rate history (`vat_rates`) from ibericode/vat-rates, checked against vatnode.

use crate::csvfile::{cell, CsvTable};
use crate::json::Json;
use crate::values::{is_date, normalize_decimal};
use std::collections::BTreeMap;

/// The 27 EU member states (Greece as `GR`) and the United Kingdom.
pub const COUNTRIES: [&str; 28] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "GB",
];

/// `effective_from` meaning "since before the tracked history".
const BEFORE_HISTORY: &str = "0000-01-01";
/// The date used for [`BEFORE_HISTORY`].
const HISTORY_START: &str = "2000-01-01";

/// Legal basis of every generated row.
pub const LEGAL_BASIS: &str =
    "Council Directive 2006/112/EC Arts 96-98 (standard rate set by national law); \
history from the European Commission TEDB via ibericode/vat-rates 5abb1e1, checked against vatnode \
eu-vat-rates-data 2026-09-29";

/// A period with one standard rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: String,
    /// End (exclusive), `None` for the current rate.
    pub to: Option<String>,
    /// Rate in percent, normalised decimal text (`"25.5"`).
    pub rate: String,
}

/// Turn `(effective_from, rate)` rows of one country into periods: sorted by date,
/// `0000-01-01` read as 2000-01-01, consecutive equal rates merged.
pub fn merge(country: &str, rows: &[(String, String)]) -> Result<Vec<Period>, String> {
    let mut rows = rows.to_vec();
    rows.sort();
    rows.dedup();
    let mut periods: Vec<Period> = Vec::new();
    for (from, rate) in rows {
        let from = if from == BEFORE_HISTORY {
            HISTORY_START.to_owned()
        } else {
            from
        };
        if let Some(last) = periods.last() {
            if last.from >= from {
                return Err(format!(
                    "VAT {country}: two standard rates from {from} (or a date before {HISTORY_START})"
                ));
            }
            if last.rate == rate {
                continue;
            }
        }
        periods.push(Period {
            from,
            to: None,
            rate,
        });
    }
    let starts: Vec<String> = periods.iter().skip(1).map(|p| p.from.clone()).collect();
    for (period, next) in periods.iter_mut().zip(starts) {
        period.to = Some(next);
    }
    Ok(periods)
}

/// Generate the `vat_rates` rows from the ibericode history, checking each country's latest
/// rate against the vatnode snapshot.
pub fn generate(history: &CsvTable, current: &CsvTable) -> Result<Vec<Json>, String> {
    let cc = history.column("country_code")?;
    let from = history.column("effective_from")?;
    let name = history.column("rate_name")?;
    let pct = history.column("rate_pct")?;
    let mut by_country: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for row in history.rows() {
        if cell(row, name).trim() != "standard" {
            continue;
        }
        let country = cell(row, cc).trim();
        let date = cell(row, from).trim();
        if !is_date(date) {
            return Err(format!(
                "{}: {country}: bad effective_from {date:?}",
                history.name()
            ));
        }
        let rate = normalize_decimal(cell(row, pct))
            .ok_or_else(|| format!("{}: {country} {date}: bad rate_pct", history.name()))?;
        by_country
            .entry(country)
            .or_default()
            .push((date.to_owned(), rate));
    }

    let now_cc = current.column("country_code")?;
    let now_std = current.column("standard")?;
    let mut latest: BTreeMap<&str, String> = BTreeMap::new();
    for row in current.rows() {
        if let Some(rate) = normalize_decimal(cell(row, now_std)) {
            latest.insert(cell(row, now_cc).trim(), rate);
        }
    }

    let mut out = Vec::new();
    for country in COUNTRIES {
        let rows = by_country
            .get(country)
            .ok_or_else(|| format!("{}: no standard VAT rate for {country}", history.name()))?;
        let periods = merge(country, rows)?;
        let last = periods.last().map(|p| p.rate.as_str()).unwrap_or_default();
        let expected = latest.get(country).map(String::as_str);
        if expected != Some(last) {
            return Err(format!(
                "VAT {country}: the latest standard rate in {} is {last}% but {} has {}; \
                 update the history (or the check) before regenerating",
                history.name(),
                current.name(),
                expected.map_or_else(|| "no standard rate".to_owned(), |r| format!("{r}%"))
            ));
        }
        out.extend(periods.iter().map(|p| row(country, p)));
    }
    Ok(out)
}

/// One `VatRateRule` row, fields in model order.
fn row(country: &str, p: &Period) -> Json {
    let mut fields = vec![
        ("id", Json::str(format!("VAT-{country}-{}", p.from))),
        ("country", Json::str(country)),
        ("rate", Json::str(format!("{}%", p.rate))),
        ("valid_from", Json::str(&p.from)),
    ];
    if let Some(to) = &p.to {
        fields.push(("valid_to", Json::str(to)));
    }
    fields.push(("legal_basis", Json::str(LEGAL_BASIS)));
    Json::obj(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(from: &str, rate: &str) -> (String, String) {
        (from.to_owned(), rate.to_owned())
    }

    #[test]
    fn merges_equal_neighbours() {
        // Luxembourg: 15, 17 (2015), 17 (2016), 16 (2023), 17 (2024), unsorted as in the file.
        let rows = [
            r("2024-01-01", "17"),
            r("2023-01-01", "16"),
            r("2016-01-01", "17"),
            r("2015-01-01", "17"),
            r("0000-01-01", "15"),
        ];
        let p = merge("LU", &rows).unwrap();
        let got: Vec<(&str, Option<&str>, &str)> = p
            .iter()
            .map(|p| (p.from.as_str(), p.to.as_deref(), p.rate.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("2000-01-01", Some("2015-01-01"), "15"),
                ("2015-01-01", Some("2023-01-01"), "17"),
                ("2023-01-01", Some("2024-01-01"), "16"),
                ("2024-01-01", None, "17"),
            ]
        );
    }

    #[test]
    fn single_row_is_open_ended() {
        let p = merge("AT", &[r("2016-01-01", "20"), r("0000-01-01", "20")]).unwrap();
        assert_eq!(
            p,
            [Period {
                from: "2000-01-01".into(),
                to: None,
                rate: "20".into()
            }]
        );
    }

    #[test]
    fn conflicting_dates_fail() {
        assert!(merge("XX", &[r("2020-01-01", "20"), r("2020-01-01", "21")]).is_err());
    }

    #[test]
    fn generates_and_cross_checks() {
        let mut hist = String::from("country_code,effective_from,rate_name,rate_pct\n");
        let mut now = String::from("country_code,country,eu_member,currency,standard\n");
        for c in COUNTRIES {
            hist.push_str(&format!(
                "{c},0000-01-01,standard,20\n{c},0000-01-01,reduced,5\n"
            ));
            now.push_str(&format!(
                "{c},x,true,EUR,{}\n",
                if c == "FI" { "25.5" } else { "20" }
            ));
        }
        hist.push_str("FI,2024-09-01,standard,25.5\n");
        let h = CsvTable::parse("h", &hist).unwrap();
        let rows = generate(&h, &CsvTable::parse("n", &now).unwrap()).unwrap();
        assert_eq!(rows.len(), 29);
        let fi: Vec<&Json> = rows
            .iter()
            .filter(|r| r.get("country").and_then(Json::as_str) == Some("FI"))
            .collect();
        assert_eq!(fi.len(), 2);
        assert_eq!(
            fi[0].get("valid_to").and_then(Json::as_str),
            Some("2024-09-01")
        );
        assert_eq!(fi[1].get("rate").and_then(Json::as_str), Some("25.5%"));
        assert_eq!(
            fi[1].get("id").and_then(Json::as_str),
            Some("VAT-FI-2024-09-01")
        );
        assert_eq!(fi[1].get("valid_to"), None);

        let bad_now = now.replace("FI,x,true,EUR,25.5", "FI,x,true,EUR,24");
        let err = generate(&h, &CsvTable::parse("n", &bad_now).unwrap()).unwrap_err();
        assert!(err.contains("VAT FI"), "{err}");
    }
}
