//! Runs every case in `tests/golden/` (at the workspace root) through the engine.
//!
//! A case is a JSON file:
//! `{"name", "description", "source", "shipment": {...}, "expected": {"<path>": <json>, ...},
//!   "expected_warnings": ["code", ...], "expected_error": {"code", "path"}}`.
//! A path is dotted with `[i]` indexes into the Quote document (`lines[0].duties[1].amount`);
//! its value must equal the expected JSON value exactly (amounts are strings, so "3.00" ≠ "3").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed unwrap is a failed test"
)]

use serde_json::Value;
use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

fn lookup<'a>(mut v: &'a Value, path: &str) -> Option<&'a Value> {
    for part in path.split('.') {
        let (name, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            v = v.get(name)?;
        }
        for idx in indexes.split('[').filter(|s| !s.is_empty()) {
            let i: usize = idx.trim_end_matches(']').parse().ok()?;
            v = v.get(i)?;
        }
    }
    Some(v)
}

/// Check one case; return the list of mismatches.
fn check(case: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let shipment_json = case["shipment"].to_string();
    let result = deminimis::Shipment::from_json(&shipment_json).and_then(|s| deminimis::quote(&s));
    if let Some(err) = case.get("expected_error") {
        match result {
            Ok(_) => problems.push(format!("expected error {err}, got a quote")),
            Err(errors) => {
                let found = errors.iter().any(|e| {
                    Some(e.code()) == err["code"].as_str()
                        && err.get("path").is_none_or(|p| p.as_str() == Some(e.path()))
                });
                if !found {
                    problems.push(format!("expected error {err}, got: {errors}"));
                }
            }
        }
        return problems;
    }
    let quote = match result {
        Ok(q) => q,
        Err(e) => return vec![format!("unexpected error: {e}")],
    };
    // The lean quote (no trace) is the same quote in every other field.
    let shipment = deminimis::Shipment::from_json(&shipment_json).unwrap();
    let lean = deminimis::RuleSet::bundled().unwrap().quote_lean(&shipment);
    let mut without_trace = quote.clone();
    without_trace.trace.clear();
    if lean.as_ref().ok() != Some(&without_trace) {
        problems.push(format!("the lean quote differs: {lean:?}"));
    }
    let value = serde_json::to_value(&quote).unwrap();
    for (path, want) in case["expected"].as_object().expect("expected is an object") {
        match lookup(&value, path) {
            Some(got) if got == want => {}
            Some(got) => problems.push(format!("{path}: expected {want}, got {got}")),
            None => problems.push(format!("{path}: expected {want}, path not found")),
        }
    }
    if let Some(codes) = case.get("expected_warnings").and_then(Value::as_array) {
        for code in codes {
            let code = code.as_str().unwrap_or_default();
            if !quote.has_warning(code) {
                problems.push(format!(
                    "missing warning {code}; got {:?}",
                    quote.warnings.iter().map(|w| &w.code).collect::<Vec<_>>()
                ));
            }
        }
    }
    problems
}

#[test]
fn golden_cases() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 40,
        "at least 40 golden cases, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let case: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for key in ["name", "source", "shipment"] {
            assert!(case.get(key).is_some(), "{}: missing `{key}`", f.display());
        }
        assert!(
            case.get("expected").is_some() || case.get("expected_error").is_some(),
            "{}: no expectations",
            f.display()
        );
        for p in check(&case) {
            failures.push(format!("{}: {p}", f.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
