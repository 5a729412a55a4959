//! The Rust batch that `quote_many` and `quote_frame` are measured against: the same 100,000
//! one-line parcels (`bench/parcels.py` writes the same JSON), parsed from JSON text and quoted,
//! first on one core, then on every core with rayon — what the binding does once Python values
//! are written as JSON.
//!
//! It also times one quote of the 1-line US parcel of `crates/deminimis/benches/quote.rs` the same
//! way the Python benchmark times `quote()`, so that both run under the same conditions.
//!
//! Run: `cargo bench -p deminimis-python --bench batch`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::float_arithmetic,
    clippy::cast_precision_loss,
    missing_docs,
    reason = "benchmark code: timings are floats"
)]

use deminimis::{RuleSet, Shipment};

/// The extension's allocator (`src/lib.rs`), so that the batch runs as it does in Python.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rayon::prelude::*;
use std::time::Instant;

/// Parcel `i` of the benchmark set (mirrors `bindings/python/bench/parcels.py`).
fn parcel(i: usize) -> String {
    const ORIGINS: [&str; 5] = ["CN", "VN", "GB", "JP", "MX"];
    let origin = ORIGINS[i % ORIGINS.len()];
    let cents = 500 + (i * 37) % 15_000;
    let (dest, cur) = if i % 2 == 0 {
        ("US", "USD")
    } else {
        ("DE", "EUR")
    };
    format!(
        r#"{{"date":"2025-09-15","destination":"{dest}","currency":"{cur}","shipping":"4.99","items":[{{"hs_code":"6109.10.00","origin":"{origin}","quantity":"1","unit_price":"{}.{:02}","duty_rate":"12%"}}]}}"#,
        cents / 100,
        cents % 100
    )
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(out);
    }
    (best, last.expect("runs > 0"))
}

/// The Rust benchmark `quote_us_1_line` (crates/deminimis/benches/quote.rs), the Python
/// benchmark's `ONE_LINE_US`.
const ONE_LINE_US: &str = r#"{"date":"2025-09-15","destination":"US","currency":"USD","shipping":"8.00",
  "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"3","unit_price":"12.00","duty_rate":"16.5%"}]}"#;

/// Time per call of `f`, best of 5 runs of `calls` calls.
fn per_call<T>(calls: u32, mut f: impl FnMut() -> T) -> f64 {
    let (t, ()) = best_of(5, || {
        for _ in 0..calls {
            std::hint::black_box(f());
        }
    });
    t / f64::from(calls)
}

fn main() {
    let n = 100_000;
    let rules = RuleSet::bundled().unwrap();
    let one = Shipment::from_json(ONE_LINE_US).unwrap();
    let us = |label: &str, secs: f64| println!("{label:<44} {:>9.2} µs", secs * 1e6);
    us(
        "one quote, 1-line US",
        per_call(20_000, || rules.quote(&one).unwrap()),
    );
    us(
        "one quote_lean, 1-line US",
        per_call(20_000, || rules.quote_lean(&one).unwrap()),
    );
    us(
        "from_json + quote, 1-line US",
        per_call(20_000, || {
            rules
                .quote(&Shipment::from_json(ONE_LINE_US).unwrap())
                .unwrap()
        }),
    );
    let texts: Vec<String> = (0..n).map(parcel).collect();
    let parsed: Vec<Shipment> = texts
        .iter()
        .map(|t| Shipment::from_json(t).unwrap())
        .collect();
    let report = |label: &str, secs: f64| {
        println!(
            "{label:<44} {:>9.0} parcels/s  ({:.2} µs/parcel)",
            n as f64 / secs,
            secs * 1e6 / n as f64
        );
    };
    let (t, q) = best_of(3, || {
        parsed
            .iter()
            .map(|s| rules.quote(s).unwrap())
            .collect::<Vec<_>>()
    });
    report("quote, 1 core", t);
    drop(q);
    let (t, q) = best_of(3, || {
        texts
            .iter()
            .map(|s| rules.quote(&Shipment::from_json(s).unwrap()).unwrap())
            .collect::<Vec<_>>()
    });
    report("from_json + quote, 1 core", t);
    drop(q);
    let threads = rayon::current_num_threads();
    let (t, q) = best_of(3, || {
        parsed
            .par_iter()
            .map(|s| rules.quote(s).unwrap())
            .collect::<Vec<_>>()
    });
    report(&format!("quote, rayon ({threads} threads)"), t);
    drop(q);
    let (t, q) = best_of(3, || {
        texts
            .par_iter()
            .map(|s| rules.quote(&Shipment::from_json(s).unwrap()).unwrap())
            .collect::<Vec<_>>()
    });
    report(&format!("from_json + quote, rayon ({threads} threads)"), t);
    drop(q);
    let (t, q) = best_of(3, || {
        texts
            .par_iter()
            .map(|s| rules.quote_lean(&Shipment::from_json(s).unwrap()).unwrap())
            .collect::<Vec<_>>()
    });
    report(
        &format!("from_json + quote_lean, rayon ({threads} threads)"),
        t,
    );
    drop(q);
}
