//! The compact ECB reference-rate table `ecb_rates.csv`.
//!
//! Input: ECB's `eurofxref-hist.csv` (newest first, a trailing comma on every line, `N/A` for
//! missing values). Output: `date,<CUR>,…` with the currencies sorted, only currencies quoted at
//! least once from the cut-off date, rows from the cut-off in ascending date order, missing values
//! as empty cells, values copied verbatim, LF line endings.

use crate::values::{is_date, normalize_decimal};
use std::collections::BTreeSet;

/// First date kept.
pub const CUTOFF: &str = "2014-10-01";

/// The generated table and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbRates {
    /// The CSV text.
    pub csv: String,
    /// Number of dates.
    pub dates: usize,
    /// Number of currency columns.
    pub currencies: usize,
    /// First and last date (empty if no rows).
    pub range: (String, String),
}

/// Transform the ECB history `text` (named `name` in messages), keeping dates ≥ `cutoff`.
pub fn transform(name: &str, text: &str, cutoff: &str) -> Result<EcbRates, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{name}: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if !headers
        .first()
        .is_some_and(|h| h.eq_ignore_ascii_case("date"))
    {
        return Err(format!("{name}: the first column must be `Date`"));
    }
    // (column index, currency) for every named column after the date.
    let columns: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, h)| !h.is_empty())
        .map(|(i, h)| (i, h.as_str()))
        .collect();
    for (_, cur) in &columns {
        if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!("{name}: bad currency column {cur:?}"));
        }
    }

    let mut rows: Vec<(String, Vec<Option<String>>)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        let date = record.get(0).unwrap_or("").trim();
        if !is_date(date) {
            return Err(format!("{name}: data row {}: bad date {date:?}", line + 1));
        }
        if !seen.insert(date.to_owned()) {
            return Err(format!("{name}: date {date} appears twice"));
        }
        for (i, value) in record.iter().enumerate() {
            let named = headers.get(i).is_some_and(|h| !h.is_empty());
            if !named && !value.trim().is_empty() {
                return Err(format!("{name}: {date}: a value in an unnamed column"));
            }
        }
        if date < cutoff {
            continue;
        }
        let mut values = Vec::with_capacity(columns.len());
        for (i, cur) in &columns {
            let value = record.get(*i).unwrap_or("").trim();
            if value.is_empty() || value == "N/A" {
                values.push(None);
            } else if normalize_decimal(value).is_some() {
                values.push(Some(value.to_owned()));
            } else {
                return Err(format!("{name}: {date} {cur}: bad rate {value:?}"));
            }
        }
        rows.push((date.to_owned(), values));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));

    // Currencies quoted at least once in the kept rows, sorted by code.
    let mut kept: Vec<(usize, &str)> = columns
        .iter()
        .enumerate()
        .filter(|(k, _)| {
            rows.iter()
                .any(|(_, vals)| vals.get(*k).is_some_and(Option::is_some))
        })
        .map(|(k, (_, cur))| (k, *cur))
        .collect();
    kept.sort_by(|a, b| a.1.cmp(b.1));

    let mut csv = String::from("date");
    for (_, cur) in &kept {
        csv.push(',');
        csv.push_str(cur);
    }
    csv.push('\n');
    for (date, values) in &rows {
        csv.push_str(date);
        for (k, _) in &kept {
            csv.push(',');
            if let Some(Some(v)) = values.get(*k) {
                csv.push_str(v);
            }
        }
        csv.push('\n');
    }
    let range = match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => (first.0.clone(), last.0.clone()),
        _ => (String::new(), String::new()),
    };
    Ok(EcbRates {
        csv,
        dates: rows.len(),
        currencies: kept.len(),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Date,USD,JPY,CYP,BGN,\n\
        2026-01-02,1.1172,175.68,N/A,N/A,\n\
        2025-12-31,1.1000,170,N/A,1.9558,\n\
        2014-10-01,1.2645,138.5,N/A,1.9558,\n\
        2014-09-30,1.2583,138.11,N/A,1.9558,\n\
        2007-12-31,1.4721,164.93,0.585274,1.9558,\n";

    #[test]
    fn transforms_rows() {
        let out = transform("t", SAMPLE, "2014-10-01").unwrap();
        assert_eq!(
            out.csv,
            "date,BGN,JPY,USD\n\
             2014-10-01,1.9558,138.5,1.2645\n\
             2025-12-31,1.9558,170,1.1000\n\
             2026-01-02,,175.68,1.1172\n"
        );
        assert_eq!(out.dates, 3);
        assert_eq!(out.currencies, 3);
        assert_eq!(
            out.range,
            ("2014-10-01".to_owned(), "2026-01-02".to_owned())
        );
    }

    #[test]
    fn rejects_bad_values() {
        assert!(transform("t", "Date,USD,\n2020-01-01,1e3,\n", CUTOFF).is_err());
        assert!(transform("t", "Date,USD,\n2020-1-01,1.1,\n", CUTOFF).is_err());
        assert!(transform("t", "Date,USD,\n2020-01-01,1.1,\n2020-01-01,1.2,\n", CUTOFF).is_err());
        assert!(transform("t", "Date,USD,\n2020-01-01,1.1,5\n", CUTOFF).is_err());
    }

    #[test]
    fn crlf_input() {
        let out = transform("t", "Date,USD,\r\n2020-01-01,1.1,\r\n", CUTOFF).unwrap();
        assert_eq!(out.csv, "date,USD\n2020-01-01,1.1\n");
    }
}
