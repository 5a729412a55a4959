//! The explanation's sentences, word for word, for a US and an EU quote. The engine records a
//! step's numbers and writes its sentence when the trace is read (`Detail`); these tests pin the
//! sentences so that the deferred writing keeps them exactly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code"
)]

use deminimis::{quote, RuleSet, Shipment};

fn steps(json: &str) -> Vec<(String, String)> {
    let q = quote(&Shipment::from_json(json).unwrap()).unwrap();
    q.trace
        .iter()
        .map(|t| (t.step.to_string(), t.detail.to_string()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(s, d)| (s.to_string(), d.to_string()))
        .collect()
}

#[test]
fn us_sentences() {
    let got = steps(
        r#"{"date":"2025-09-15","destination":"US","currency":"USD","shipping":"8.00","mode":"express",
        "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"3","unit_price":"12.00","duty_rate":"16.5%"}]}"#,
    );
    assert_eq!(
        got,
        pairs(&[
            ("regime", "United States, De minimis suspended for all countries; formal or informal entry with all duties, taxes and fees"),
            ("de_minimis", "Section 321 de minimis is suspended for every origin on 2025-09-15: all duties and fees apply"),
            ("valuation", "Dutiable value 36.00 USD taken in whole dollars: 36 USD over 1 rate group(s)"),
            ("duty", "Line 1: mfn 16.5% on 36 USD = 5.94 USD"),
            ("duty", "Line 1: section_301 7.5% on 36 USD = 2.70 USD"),
            ("duty", "Line 1: ieepa_fentanyl 20% on 36 USD = 7.20 USD"),
            ("duty", "Line 1: ieepa_reciprocal 10% on 36 USD = 3.60 USD"),
            ("fee", "Merchandise Processing Fee (informal entry, automated, class 311a): 2.62 USD"),
        ])
    );
}

#[test]
fn eu_sentences() {
    let got = steps(
        r#"{"date":"2024-03-10","destination":"DE","currency":"EUR","mode":"express","shipping":"20.00",
        "items":[{"hs_code":"6202.40","origin":"CN","quantity":"1","unit_price":"120.00","duty_rate":"12%"},
                 {"hs_code":"6205.20","origin":"CN","quantity":"1","unit_price":"40.00","duty_rate":"12%"}]}"#,
    );
    assert_eq!(
        got,
        pairs(&[
            ("regime", "European Union (DE), VAT e-commerce package (IOSS, special arrangements) with the EUR 150 duty relief"),
            ("valuation", "Intrinsic value 160.00 EUR (goods only, transport and insurance shown separately); customs value 180.00 EUR (goods + transport and insurance to the border)"),
            ("de_minimis", "Intrinsic value 160.00 EUR exceeds 150.00 EUR: duty on the whole consignment"),
            ("duty", "Line 1: eu_duty 12% on 135.00 EUR = 16.20 EUR"),
            ("duty", "Line 2: eu_duty 12% on 45.00 EUR = 5.40 EUR"),
            ("vat", "VAT import VAT at release: rate × (customs value + duty + transport after the border) = 38.31 EUR on 201.60"),
        ])
    );
}

#[test]
fn a_written_trace_survives_the_rule_set_it_came_from() {
    // Deferred sentences own their numbers: a quote outlives a rule set loaded at run time.
    let q = {
        let rules = RuleSet::from_json(deminimis::rules::BUNDLED_RULES_JSON).unwrap();
        rules
            .quote(&Shipment::from_json(
                r#"{"date":"2025-09-15","destination":"US","currency":"USD",
                "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"3","unit_price":"12.00"}]}"#,
            ).unwrap())
            .unwrap()
    };
    let tariff = q.trace.iter().find(|t| t.step == "tariff").unwrap();
    assert_eq!(
        tariff.detail,
        "Line 1: HS 61091000: ordinary rate 16.5% (US 2025-rev32, from 2025-11-15)"
    );
    assert!(q.to_json().contains("ordinary rate 16.5% (US 2025-rev32"));
    assert_eq!(q.clone(), q);
}

#[test]
fn an_eu_gift_after_the_duty_relief_names_both_amounts_from_the_data() {
    let q = quote(
        &Shipment::from_json(
            r#"{"date":"2026-08-01","destination":"DE","currency":"EUR","kind":"gift",
            "items":[{"hs_code":"6109.10.00","origin":"US","quantity":"1","unit_price":"60.00","duty_rate":"12%"}]}"#,
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!q.de_minimis.applies);
    assert_eq!(
        q.de_minimis.reason,
        "Gift above the EUR 45 relief, and no EUR 150 duty relief on this date"
    );
}

#[test]
fn a_postal_parcel_names_the_ieepa_rows_of_its_rate_and_its_timeline_follows_them() {
    // EO 14324: a postal item pays its origin's effective IEEPA rate. The rows added up are
    // named (their own warnings are the quote's), so the 2025-11-10 cut of China's fentanyl
    // duty is a timeline row for a postal parcel as for an express one.
    let json = r#"{"date":"2025-09-15","destination":"US","currency":"USD","mode":"postal",
        "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"1","unit_price":"50.00","duty_rate":"16.5%"}]}"#;
    assert_eq!(
        steps(json)
            .into_iter()
            .filter(|(s, _)| s == "postal_ieepa_rate")
            .collect::<Vec<_>>(),
        pairs(&[
            (
                "postal_ieepa_rate",
                "Line 1: ieepa_fentanyl 20% counts toward the effective IEEPA rate of CN"
            ),
            (
                "postal_ieepa_rate",
                "Line 1: ieepa_reciprocal 10% counts toward the effective IEEPA rate of CN"
            ),
        ])
    );
    let s = Shipment::from_json(json).unwrap();
    let day = |d: &str| d.parse().unwrap();
    let rows = deminimis::timeline(&s, day("2025-08-01"), day("2026-03-31")).unwrap();
    let dates: Vec<String> = rows.iter().map(|r| r.date.to_string()).collect();
    assert_eq!(
        dates,
        ["2025-08-01", "2025-08-29", "2025-11-10", "2026-02-24"]
    );
    let duties: Vec<String> = rows.iter().map(|r| r.quote.duty.to_string()).collect();
    assert_eq!(duties, ["27.00", "15.00", "10.00", "5.00"]);
    // Specific: the tier follows the highest rate (30% > 25%: 200; 20%: 160).
    let specific = json.replace(
        r#""mode":"postal","#,
        r#""mode":"postal","postal_method":"specific","#,
    );
    let s = Shipment::from_json(&specific).unwrap();
    let rows = deminimis::timeline(&s, day("2025-08-29"), day("2026-02-23")).unwrap();
    let duties: Vec<(String, String)> = (rows.iter())
        .map(|r| (r.date.to_string(), r.quote.duty.to_string()))
        .collect();
    assert_eq!(
        duties,
        pairs(&[("2025-08-29", "200.00"), ("2025-11-10", "160.00")])
    );
}

#[test]
fn a_postal_parcel_repeats_the_warnings_of_the_ieepa_rows_it_adds_up() {
    // Brazil's +40% and India's +25% are rows of uncertain dates with warnings of their own; a
    // postal quote that adds them into an effective rate repeats them, as an express one does.
    let json = r#"{"date":"2025-12-01","destination":"US","currency":"USD","mode":"postal",
        "items":[{"hs_code":"6109.10.00","origin":"BR","quantity":"1","unit_price":"45.00"},
                 {"hs_code":"6109.10.00","origin":"IN","quantity":"1","unit_price":"45.00"}]}"#;
    let q = quote(&Shipment::from_json(json).unwrap()).unwrap();
    let rules = RuleSet::bundled().unwrap();
    let warning_of = |id: &str| {
        let row = rules
            .data()
            .duty_layers
            .iter()
            .find(|l| l.id == id)
            .unwrap();
        row.warning.as_ref().unwrap().message.to_string()
    };
    for id in ["IE-BR", "IE-IN-RU"] {
        let message = warning_of(id);
        assert!(
            q.warnings.iter().any(|w| w.message == message),
            "{id}: {message:?} not in {:?}",
            q.warnings
        );
    }
}
