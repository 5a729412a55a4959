//! The bundled tariff schedules: spot checks against the official tables, and a round trip over
//! every code (each resolves to the rate text its schedule states, or fails with a stable code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use deminimis::tariff::schedule::LookupError;
use deminimis::{tariff, RuleSet};
use jiff::civil::{date, Date};

const US_2026: Date = date(2026, 8, 1);

fn rate(dest: &str, hs: &str, d: Date) -> String {
    tariff(dest, hs, d)
        .map(|t| t.rate.text().to_string())
        .unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn us_spot_checks() {
    assert_eq!(rate("US", "6109.10.00", US_2026), "16.5%");
    assert_eq!(rate("US", "8517.13.00.00", US_2026), "Free");
    assert_eq!(rate("US", "6402.99.16", US_2026), "90¢/pr. + 37.5%");
    assert_eq!(rate("US", "8507.60.00", US_2026), "3.4%");
    // A 10-digit statistical line inherits its 8-digit rate; the footnote cites 301 list 4A.
    let t = tariff("US", "6109.10.00.04", US_2026).unwrap();
    assert_eq!((t.rate.text(), t.inherited), ("16.5%", true));
    assert!(t.ch99.iter().any(|h| h == "9903.88.15"));
    assert_eq!(t.revision, "2026-rev10");
    // Before rev 10 the 2025 revision applies; before the earliest revision, with a warning.
    assert_eq!(
        tariff("US", "6109.10.00", date(2026, 1, 1))
            .unwrap()
            .revision,
        "2025-rev32"
    );
    let old = tariff("US", "6109.10.00", date(2019, 6, 1)).unwrap();
    assert!(old
        .warnings
        .iter()
        .any(|(c, _)| c == "tariff_revision_assumed"));
}

#[test]
fn six_digit_codes_resolve_only_when_unambiguous() {
    assert_eq!(rate("US", "610910", US_2026), "16.5%");
    let e = tariff("US", "640299", US_2026).unwrap_err();
    let e = e.first().unwrap();
    assert_eq!(e.code(), "ambiguous_code");
    assert!(
        e.to_string().contains("6402991600 = 90¢/pr. + 37.5%"),
        "{e}"
    );
    assert_eq!(
        tariff("US", "999999", US_2026)
            .unwrap_err()
            .first()
            .unwrap()
            .code(),
        "hs_code_not_found"
    );
    assert_eq!(
        tariff("US", "61091", US_2026)
            .unwrap_err()
            .first()
            .unwrap()
            .code(),
        "invalid_hs_code"
    );
}

#[test]
fn eu_spot_checks() {
    assert_eq!(rate("DE", "6109 10 00", US_2026), "12.0%");
    assert_eq!(rate("FR", "6402 99 10", US_2026), "16.8%");
    // A compound EU rate with a maximum (chewing gum).
    assert_eq!(
        rate("DE", "1704 10 10", US_2026),
        "6.20% + 27.10 EUR / 100 kg MAX 17.90%"
    );
    // Smartphones (CN 8517 13 00, new in 2022) take the 2020 rate of 8517 12 00, with a warning.
    let t = tariff("IT", "85171300", US_2026).unwrap();
    assert_eq!(t.rate.text(), "0.0%");
    assert!(t
        .warnings
        .iter()
        .any(|(c, m)| c == "tariff_code_mapped" && m.contains("85171200")));
}

#[test]
fn every_code_round_trips() {
    let rules = RuleSet::bundled().unwrap();
    for s in rules.tariffs() {
        let (mut stated, mut parsed) = (0usize, 0usize);
        for (code, text, inherited) in s.codes() {
            match s.lookup(code) {
                // Every code that resolves gives exactly the rate text its schedule states.
                Ok(t) => assert_eq!(Some(t.rate.text()), text, "{} {code}", s.revision),
                Err(e) => assert!(
                    matches!(
                        e,
                        LookupError::NotFound { .. }
                            | LookupError::Ambiguous { .. }
                            | LookupError::Rate(_)
                    ),
                    "{code}: {e:?}"
                ),
            }
            // Parse coverage over the rates the tables state (US chapters 01-97, lines stating
            // their own rate; every EU line with a rate).
            if text.is_some() && !inherited && !code.starts_with("98") {
                stated += 1;
                parsed += usize::from(
                    text.is_some_and(|t| t.parse::<deminimis::tariff::rate::Rate>().is_ok()),
                );
            }
        }
        let (num, den) = if s.territory == "EU" {
            (98, 100)
        } else {
            (995, 1000)
        };
        assert!(
            parsed * den >= stated * num,
            "{}: {parsed} of {stated} stated rates parse",
            s.revision
        );
        println!("{}: {parsed} of {stated} stated rates parse", s.revision);
    }
}
