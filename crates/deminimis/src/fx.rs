//! The bundled ECB euro reference rates and the conversion rules built on them.

use crate::error::Error;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Daily ECB euro reference rates (units of each currency per 1 EUR), ascending by date.
///
/// # Example
/// ```
/// let t = deminimis::FxTable::from_csv("date,USD\n2025-06-02,1.1444\n2025-06-03,\n").unwrap();
/// let (d, r) = t.per_eur("USD", "2025-06-03".parse().unwrap()).unwrap();
/// assert_eq!((d.to_string(), r.to_string()), ("2025-06-02".to_string(), "1.1444".to_string()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FxTable {
    currencies: Vec<String>,
    dates: Vec<Date>,
    /// Row-major: `values[row * currencies.len() + col]`.
    values: Vec<Option<Decimal>>,
}

impl FxTable {
    /// Parse the compact CSV written by the generator: `date,CUR1,CUR2,...`, ascending dates,
    /// empty cells where the ECB published no rate.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::FxTable::from_csv("date,USD\n2025-06-02,x\n").is_err());
    /// ```
    pub fn from_csv(text: &str) -> Result<FxTable, Error> {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let mut cols = header.split(',');
        if cols.next() != Some("date") {
            return Err(bad("$[0]", "a header starting with `date`"));
        }
        let currencies: Vec<String> = cols.map(str::to_string).collect();
        let mut dates = Vec::new();
        let mut values = Vec::new();
        for (i, line) in lines.enumerate() {
            if line.is_empty() {
                continue;
            }
            let path = format!("$[{}]", i + 1);
            let mut cells = line.split(',');
            let date = cells
                .next()
                .and_then(|d| d.parse::<Date>().ok())
                .ok_or_else(|| bad(&path, "a YYYY-MM-DD date in the first column"))?;
            if dates.last().is_some_and(|last| *last >= date) {
                return Err(bad(&path, "dates in ascending order"));
            }
            let mut n = 0;
            for cell in cells {
                let v = if cell.is_empty() {
                    None
                } else {
                    Some(Decimal::from_str(cell).map_err(|_| bad(&path, "decimal rates"))?)
                };
                values.push(v);
                n += 1;
            }
            if n != currencies.len() {
                return Err(bad(&path, "one cell per currency"));
            }
            dates.push(date);
        }
        Ok(FxTable {
            currencies,
            dates,
            values,
        })
    }

    /// First and last dates in the table.
    ///
    /// # Example
    /// ```
    /// let t = deminimis::FxTable::from_csv("date,USD\n2025-06-02,1.1444\n").unwrap();
    /// assert_eq!(t.range().map(|(a, _)| a.to_string()), Some("2025-06-02".to_string()));
    /// ```
    pub fn range(&self) -> Option<(Date, Date)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }

    /// The latest rate for `currency` (units per EUR) published on or before `date`, with its date.
    /// EUR itself is always 1 on `date`.
    ///
    /// # Example
    /// ```
    /// let t = deminimis::FxTable::from_csv("date,USD\n2025-06-02,1.1444\n").unwrap();
    /// assert!(t.per_eur("USD", "2025-06-01".parse().unwrap()).is_none());
    /// ```
    pub fn per_eur(&self, currency: &str, date: Date) -> Option<(Date, Decimal)> {
        if currency == "EUR" {
            return Some((date, Decimal::ONE));
        }
        let col = self.currencies.iter().position(|c| c == currency)?;
        let width = self.currencies.len();
        let end = self.dates.partition_point(|d| *d <= date);
        (0..end).rev().find_map(|row| {
            let v = (*self.values.get(row * width + col)?)?;
            Some((*self.dates.get(row)?, v))
        })
    }

    /// The last date on or before `date` on which the ECB published rates.
    ///
    /// # Example
    /// ```
    /// let t = deminimis::FxTable::from_csv("date,USD\n2025-06-02,1.1444\n").unwrap();
    /// assert_eq!(t.publication_on_or_before("2025-06-05".parse().unwrap()).map(|d| d.to_string()),
    ///            Some("2025-06-02".to_string()));
    /// ```
    pub fn publication_on_or_before(&self, date: Date) -> Option<Date> {
        let end = self.dates.partition_point(|d| *d <= date);
        end.checked_sub(1).and_then(|i| self.dates.get(i)).copied()
    }
}

fn bad(path: &str, expected: &str) -> Error {
    Error::InvalidRules {
        path: path.to_string(),
        message: format!("ECB rate table: expected {expected}"),
    }
}

/// The penultimate Wednesday of the month before `date`'s month: the publication date whose
/// rates apply for customs purposes during `date`'s month (Regulation (EU) 2015/2447 Art 146).
///
/// # Example
/// ```
/// use deminimis::fx::customs_rate_reference_date;
/// // May 2025 has Wednesdays 7, 14, 21, 28: the penultimate is the 21st; it applies in June.
/// let d = customs_rate_reference_date("2025-06-15".parse().unwrap());
/// assert_eq!(d.to_string(), "2025-05-21");
/// ```
pub fn customs_rate_reference_date(date: Date) -> Date {
    let first = date.first_of_month();
    let last_prev = first.yesterday().unwrap_or(first);
    let back = (last_prev.weekday().to_monday_zero_offset()
        - Weekday::Wednesday.to_monday_zero_offset())
    .rem_euclid(7);
    let last_wed = last_prev
        .checked_sub(i64::from(back).days())
        .unwrap_or(last_prev);
    last_wed.checked_sub(7.days()).unwrap_or(last_wed)
}
