//! The native side of the WebAssembly benchmark: the golden shipments (`tests/golden/*.json`)
//! quoted in a loop, natively, through the same functions the module exports, so the Node numbers
//! in `bench/node-bench.mjs` have a like-for-like baseline on the same machine.
//!
//! Run: `cargo run --release -p deminimis-wasm --example golden_bench [-- MILLISECONDS]`
//!
//! Prints one line per loop: quotes per second over every golden case that quotes successfully.

use deminimis::Shipment;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn golden_shipments() -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&f)?)?;
        if case.get("expected_error").is_some() {
            continue;
        }
        if let Some(s) = case.get("shipment") {
            out.push(s.to_string());
        }
    }
    Ok(out)
}

/// Run `f` over all inputs until `budget` has passed; quotes per second.
fn rate<T>(inputs: &[T], budget: Duration, mut f: impl FnMut(&T)) -> u128 {
    let start = Instant::now();
    let mut done: u128 = 0;
    while start.elapsed() < budget {
        for input in inputs {
            f(input);
        }
        done += inputs.len() as u128;
    }
    let nanos = start.elapsed().as_nanos().max(1);
    done * 1_000_000_000 / nanos
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let millis: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let budget = Duration::from_millis(millis);
    let texts = golden_shipments()?;
    let shipments: Vec<Shipment> = texts
        .iter()
        .map(|t| Shipment::from_json(t))
        .collect::<Result<_, _>>()?;
    let start = Instant::now();
    deminimis::RuleSet::bundled()?; // parse the bundled rules outside the timed loops
    println!(
        "native first use of the bundled rules (parse and validate): {} µs",
        start.elapsed().as_micros()
    );
    for s in &shipments {
        deminimis::quote(s)?;
    }
    println!("golden cases quoted: {}", shipments.len());
    let r = rate(&texts, budget, |t| {
        black_box(deminimis_wasm::quote_json(black_box(t)));
    });
    println!("native quote_json (JSON text in, tagged JSON text out): {r} quotes/s");
    let r = rate(&shipments, budget, |s| {
        let _ = black_box(deminimis::quote(black_box(s)));
    });
    println!("native deminimis::quote (parsed Shipment in, Quote out): {r} quotes/s");
    Ok(())
}
