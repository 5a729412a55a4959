//! Property tests of the engine's invariants.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed unwrap is a failed test"
)]

use deminimis::{quote, Kind, Mode, Quote, Shipment, VatCollected};
use proptest::prelude::*;
use rust_decimal::Decimal;

const DESTS: &[&str] = &["US", "DE", "FR", "IT", "RO", "PL", "NL", "IE"];
const ORIGINS: &[&str] = &[
    "CN", "HK", "VN", "GB", "DE", "JP", "CA", "MX", "BR", "IN", "KR", "CH", "US",
];
const RATES: &[&str] = &["Free", "2.5%", "5%", "12%", "16.5%", "32%"];
const HS: &[&str] = &[
    "610910", "620610", "620620", "851713", "950300", "420222", "640299",
];
const MODES: &[Mode] = &[
    Mode::Postal,
    Mode::Express,
    Mode::Air,
    Mode::Ocean,
    Mode::Road,
];
const KINDS: &[Kind] = &[Kind::Sale, Kind::B2b, Kind::Gift];

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..200_000).prop_map(|c| Decimal::new(c, 2))
}

fn item() -> impl Strategy<Value = deminimis::Item> {
    (
        0..HS.len(),
        0..ORIGINS.len(),
        1i64..5,
        money(),
        0..RATES.len(),
    )
        .prop_map(|(h, o, q, p, r)| deminimis::Item {
            hs_code: HS[h].to_string(),
            description: String::new(),
            origin: ORIGINS[o].to_string(),
            quantity: Decimal::from(q),
            unit_price: p,
            net_weight_kg: None,
            duty_rate: Some(RATES[r].to_string()),
            ..deminimis::Item::default()
        })
}

fn date() -> impl Strategy<Value = jiff::civil::Date> {
    (0i64..4350).prop_map(|d| {
        jiff::civil::date(2015, 1, 1)
            .checked_add(jiff::Span::new().days(d))
            .unwrap()
    })
}

fn shipment() -> impl Strategy<Value = Shipment> {
    (date(), 0..DESTS.len(), 0..MODES.len(), 0..KINDS.len(), money(), prop::collection::vec(item(), 1..5)).prop_map(|(date, d, m, k, ship, items)| {
        let dest = DESTS[d];
        let currency = match dest {
            "US" => "USD",
            "RO" if date >= jiff::civil::date(2100, 1, 1) => "EUR",
            "RO" => "RON",
            "PL" => "PLN",
            _ => "EUR",
        };
        Shipment::from_json(&format!(
            r#"{{"date":"{date}","destination":"{dest}","currency":"{currency}","mode":"{}","kind":"{}","shipping":"{ship}","items":[]}}"#,
            MODES[m].as_str(),
            KINDS[k].as_str()
        ))
        .map(|mut s| {
            s.items = items;
            s
        })
        .unwrap()
    })
}

fn fee_total(q: &Quote) -> Decimal {
    q.fees.iter().map(|f| f.amount).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn totals_are_sums_of_parts(s in shipment()) {
        let q = quote(&s).unwrap();
        prop_assert_eq!(q.duty, q.lines.iter().map(|l| l.duty).sum::<Decimal>());
        for l in &q.lines {
            prop_assert_eq!(l.duty, l.duties.iter().map(|d| d.amount).sum::<Decimal>());
        }
        prop_assert_eq!(q.taxes_and_fees, q.duty + q.vat.amount + fee_total(&q));
        prop_assert_eq!(q.landed_cost, q.goods_value + q.shipping + q.insurance + q.taxes_and_fees);
        let at_sale = if q.vat.collected == VatCollected::AtSale { q.vat.amount } else { Decimal::ZERO };
        prop_assert_eq!(q.due_at_import, q.taxes_and_fees - at_sale);
        prop_assert_eq!(q.goods_value, q.lines.iter().map(|l| l.value).sum::<Decimal>());
    }

    #[test]
    fn amounts_are_non_negative_and_in_minor_units(s in shipment()) {
        let q = quote(&s).unwrap();
        let minor = if q.currency == "JPY" { 0 } else { 2 };
        for v in [q.duty, q.vat.amount, q.taxes_and_fees, q.due_at_import, q.landed_cost, q.customs_value] {
            prop_assert!(v >= Decimal::ZERO);
            prop_assert_eq!(v.scale(), minor, "{} has scale {}", v, v.scale());
        }
        for f in &q.fees {
            prop_assert!(f.amount >= Decimal::ZERO);
        }
    }

    #[test]
    fn line_order_does_not_change_totals(s in shipment()) {
        let q = quote(&s).unwrap();
        let mut r = s.clone();
        r.items.reverse();
        let q2 = quote(&r).unwrap();
        prop_assert_eq!(q.duty, q2.duty);
        prop_assert_eq!(q.vat.amount, q2.vat.amount);
        prop_assert_eq!(fee_total(&q), fee_total(&q2));
        prop_assert_eq!(q.landed_cost, q2.landed_cost);
    }

    #[test]
    fn exempt_means_nothing_exempted_is_charged(s in shipment()) {
        let q = quote(&s).unwrap();
        if q.de_minimis.applies {
            prop_assert_eq!(q.duty, Decimal::ZERO);
            if q.destination == "US" {
                prop_assert!(q.fees.is_empty());
            }
            if let Some(t) = q.de_minimis.threshold {
                prop_assert!(q.de_minimis.tested_value <= t);
            }
        }
    }

    /// Within one regime and exemption outcome, a dearer item never pays less duty. Checked on
    /// one-item parcels: with several items the law itself can lower the total when one price
    /// rises (EU transport shares move to a lower-rated line; 19 CFR 159.3 moves the rounding
    /// dollar to the group whose fraction grew), so the property is the single-line one.
    #[test]
    fn raising_a_price_never_lowers_duty_within_a_regime(s in shipment(), extra in 1i64..5000) {
        let mut s = s;
        s.items.truncate(1);
        let q = quote(&s).unwrap();
        let mut t = s.clone();
        t.items[0].unit_price += Decimal::new(extra, 2);
        let q2 = quote(&t).unwrap();
        let flat = |q: &Quote| q.lines.iter().flat_map(|l| &l.duties).any(|d| d.measure == "eu_flat_duty" || d.measure == "eu_gift_flat_rate");
        if q.regime.id == q2.regime.id && q.de_minimis.applies == q2.de_minimis.applies && flat(&q) == flat(&q2) {
            prop_assert!(q2.duty >= q.duty, "duty fell from {} to {}", q.duty, q2.duty);
        }
    }

    #[test]
    fn json_round_trips_exactly(s in shipment()) {
        let json = s.to_json();
        let back = Shipment::from_json(&json).unwrap();
        prop_assert_eq!(&back, &s);
        let q = quote(&s).unwrap();
        let qj = q.to_json();
        let q2: Quote = serde_json::from_str(&qj).unwrap();
        prop_assert_eq!(&q2, &q);
        prop_assert_eq!(q2.to_json(), qj);
    }
}
