//! Criterion benchmarks: 1-line and 10-line quotes (US and EU; US also with its rate from the
//! bundled tariff), and a full 2015-2026 timeline.
//! Run: `cargo bench -p deminimis --bench quote`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark code"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use deminimis::{quote, RuleSet, Shipment};
use std::hint::black_box;

fn one_line() -> Shipment {
    Shipment::from_json(
        r#"{"date":"2025-09-15","destination":"US","currency":"USD","shipping":"8.00",
        "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"3","unit_price":"12.00","duty_rate":"16.5%"}]}"#,
    )
    .unwrap()
}

/// The same parcel without `duty_rate`: the rate comes from the bundled HTS (what most callers do).
fn one_line_tariff() -> Shipment {
    Shipment::from_json(
        r#"{"date":"2025-09-15","destination":"US","currency":"USD","shipping":"8.00",
        "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"3","unit_price":"12.00"}]}"#,
    )
    .unwrap()
}

/// The German parcel of the Python batch benchmark (`bindings/python/bench/parcels.py`).
fn one_line_eu() -> Shipment {
    Shipment::from_json(
        r#"{"date":"2025-09-15","destination":"DE","currency":"EUR","shipping":"4.99",
        "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"1","unit_price":"25.99","duty_rate":"12%"}]}"#,
    )
    .unwrap()
}

fn ten_lines_eu() -> Shipment {
    let items: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"hs_code":"6109.{:02}.00","origin":"CN","quantity":"{}","unit_price":"{}.90","duty_rate":"12%"}}"#, 10 + i, 1 + i % 3, 5 + i))
        .collect();
    Shipment::from_json(&format!(
        r#"{{"date":"2026-08-01","destination":"DE","currency":"EUR","shipping":"4.99","items":[{}]}}"#,
        items.join(",")
    ))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    RuleSet::bundled().unwrap();
    let s1 = one_line();
    let s10 = ten_lines_eu();
    let mut us10 = ten_lines_eu();
    us10.destination = "US".into();
    us10.currency = "USD".into();
    us10.date = "2025-09-15".parse().unwrap();
    c.bench_function("quote_us_1_line", |b| {
        b.iter(|| quote(black_box(&s1)).unwrap())
    });
    let rules = RuleSet::bundled().unwrap();
    c.bench_function("quote_lean_us_1_line", |b| {
        b.iter(|| rules.quote_lean(black_box(&s1)).unwrap())
    });
    let t1 = one_line_tariff();
    c.bench_function("quote_us_1_line_tariff", |b| {
        b.iter(|| quote(black_box(&t1)).unwrap())
    });
    c.bench_function("quote_lean_us_1_line_tariff", |b| {
        b.iter(|| rules.quote_lean(black_box(&t1)).unwrap())
    });
    let e1 = one_line_eu();
    c.bench_function("quote_eu_1_line", |b| {
        b.iter(|| quote(black_box(&e1)).unwrap())
    });
    c.bench_function("quote_lean_eu_1_line", |b| {
        b.iter(|| rules.quote_lean(black_box(&e1)).unwrap())
    });
    c.bench_function("quote_lean_eu_10_lines", |b| {
        b.iter(|| rules.quote_lean(black_box(&s10)).unwrap())
    });
    c.bench_function("quote_us_10_lines", |b| {
        b.iter(|| quote(black_box(&us10)).unwrap())
    });
    c.bench_function("quote_eu_10_lines", |b| {
        b.iter(|| quote(black_box(&s10)).unwrap())
    });
    c.bench_function("load_bundled_rules_and_rates", |b| {
        b.iter(|| {
            RuleSet::from_parts(
                black_box(deminimis::rules::BUNDLED_RULES_JSON),
                black_box(deminimis::rules::BUNDLED_ECB_CSV),
            )
            .unwrap()
        })
    });
    let d = "2026-08-01".parse().unwrap();
    c.bench_function("tariff_lookup_us_10_digit", |b| {
        b.iter(|| rules.tariff("US", black_box("6109.10.00.04"), d).unwrap())
    });
    c.bench_function("tariff_lookup_eu_8_digit", |b| {
        b.iter(|| rules.tariff("DE", black_box("6109 10 00"), d).unwrap())
    });
    let from = "2015-01-01".parse().unwrap();
    let to = "2026-11-26".parse().unwrap();
    c.bench_function("timeline_us_2015_2026", |b| {
        b.iter(|| deminimis::timeline(black_box(&s1), from, to).unwrap())
    });
    let one_json = s1.to_json();
    c.bench_function("parse_shipment_json_1_line", |b| {
        b.iter(|| Shipment::from_json(black_box(&one_json)).unwrap())
    });
    c.bench_function("parse_and_quote_json_1_line", |b| {
        let json = s1.to_json();
        b.iter(|| {
            quote(&Shipment::from_json(black_box(&json)).unwrap())
                .unwrap()
                .to_json()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
