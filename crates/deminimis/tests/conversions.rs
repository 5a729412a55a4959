//! The conversions a quote lists in `fx` are the ones it made, at the rate the law names.
#![allow(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use deminimis::{quote, Shipment};

/// `(from, to, rate, rate_date)` of each listed conversion.
fn conversions(json: &str) -> Vec<(String, String, String, String)> {
    let q = quote(&Shipment::from_json(json).unwrap()).unwrap();
    q.fx.iter()
        .map(|f| {
            let date = f.rate_date.map(|d| d.to_string()).unwrap_or_default();
            (
                f.from.to_string(),
                f.to.to_string(),
                f.rate.to_string(),
                date,
            )
        })
        .collect()
}

fn row(from: &str, to: &str, rate: &str, date: &str) -> (String, String, String, String) {
    (from.into(), to.into(), rate.into(), date.into())
}

#[test]
fn the_euro_rate_of_specific_duties_is_listed_only_when_a_line_has_one() {
    // A Polish parcel above EUR 150: PLN -> EUR for the threshold test (Art 146 rate of
    // 2024-05-22); the EUR -> PLN rate converts the EUR part of a specific duty, and only that.
    let parcel = |hs: &str| {
        format!(
            r#"{{"date":"2024-06-10","destination":"PL","currency":"PLN","items":[{{"hs_code":"{hs}",
            "origin":"CN","quantity":"1","unit_price":"1000.00","net_weight_kg":"10"}}]}}"#
        )
    };
    let to_eur = row("PLN", "EUR", "0.2342688469", "2024-05-22");
    assert_eq!(
        conversions(&parcel("6109.10.00")),
        std::slice::from_ref(&to_eur)
    );
    // Sugar confectionery: 6.20% + 27.10 EUR / 100 kg MAX 17.90%.
    assert_eq!(
        conversions(&parcel("1704.10.10")),
        [to_eur, row("EUR", "PLN", "4.2686", "2024-05-22")]
    );
}

#[test]
fn a_replaced_currency_converts_at_its_fixed_rate_from_the_adoption_day() {
    // Leva on 2026-01-05: the customs rate's reference date is 2025-12-24, before the euro
    // replaced the lev, but the conversion is at the fixed 1.95583 (listed on the import date).
    let json = r#"{"date":"2026-01-05","destination":"BG","currency":"BGN","items":[{"hs_code":"6109.10",
        "origin":"CN","quantity":"1","unit_price":"1000.00","duty_rate":"12%"}]}"#;
    assert_eq!(
        conversions(json),
        [row("BGN", "EUR", "0.5112918812", "2026-01-05")]
    );
    let q = quote(&Shipment::from_json(json).unwrap()).unwrap();
    assert!(q.fx[0]
        .source
        .contains("irrevocably fixed conversion rate 1 EUR = 1.95583 BGN"));
    assert_eq!(q.customs_value.to_string(), "511.29");
    // Paid for in leva on 2025-12-30 under IOSS: the sale's ECB rate, the lev still a currency.
    let ioss = r#"{"date":"2026-01-05","sale_date":"2025-12-30","destination":"BG","currency":"BGN",
        "items":[{"hs_code":"6109.10","origin":"CN","quantity":"1","unit_price":"100.00","duty_rate":"12%"}]}"#;
    let listed = conversions(ioss);
    assert_eq!(listed[0], row("BGN", "EUR", "0.5112918812", "2026-01-05"));
    assert_eq!(listed[1].3, "2025-12-30");
    assert!(!listed[1].2.starts_with("0.5112918812"), "{listed:?}");
}

#[test]
fn a_timeline_has_a_row_where_the_destination_changes_currency() {
    // Bulgaria adopts the euro on 2026-01-01: every amount changes (BGN -> EUR) though no duty
    // or VAT rule does; the timeline shows the day and names the change.
    let json = r#"{"date":"2025-06-01","destination":"BG","currency":"EUR","items":[{"hs_code":"6109.10",
        "origin":"CN","quantity":"2","unit_price":"25.00","duty_rate":"12%"}]}"#;
    let s = Shipment::from_json(json).unwrap();
    let day = |d: &str| d.parse().unwrap();
    let rows = deminimis::timeline(&s, day("2025-06-01"), day("2026-06-30")).unwrap();
    let seen: Vec<(String, String, Vec<String>)> = (rows.iter())
        .map(|r| {
            (
                r.date.to_string(),
                r.quote.currency.to_string(),
                r.changes.clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("2025-06-01".into(), "BGN".into(), vec!["start".to_string()]),
            (
                "2026-01-01".into(),
                "EUR".into(),
                vec!["- currency BGN".to_string(), "+ currency EUR".to_string()]
            ),
        ]
    );
}
