//! The `deminimis` binary end to end.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deminimis"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

#[test]
fn quote_json_is_the_quote_document() {
    let out = run(&["quote", "examples/tshirts-cn-us.json", "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let q: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(q["destination"], "US");
    assert_eq!(q["duty"], "19.44");
    assert_eq!(q["landed_cost"], "66.06");
    let text = run(&["quote", "examples/tshirts-cn-us.json"], None);
    assert!(String::from_utf8_lossy(&text.stdout).contains("LANDED COST 66.06 USD"));
}

#[test]
fn help_says_a_quote_is_an_estimate_not_a_ruling() {
    let out = run(&["--help"], None);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("not a customs ruling"), "{help}");
}

#[test]
fn quote_reads_standard_input() {
    let json = r#"{"date":"2024-06-01","destination":"US","currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#;
    let out = run(&["quote", "-", "--json"], Some(json));
    assert!(out.status.success());
    let q: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(q["de_minimis"]["applies"], true);
}

#[test]
fn bad_input_exits_2_with_one_line_per_problem() {
    let json = r#"{"date":"2025-06-01","destination":"XX","currency":"ZZZ","items":[{"hs_code":"61","origin":"CN","unit_price":"1"}]}"#;
    let out = run(&["quote", "-"], Some(json));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("$.destination: expected"), "{err}");
    assert!(lines
        .iter()
        .any(|l| l.starts_with("$.currency: expected") && l.ends_with("(unknown_currency)")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("$.items[0].hs_code: expected") && l.contains("found \"61\"")));
    let float = run(
        &["quote", "-"],
        Some(
            r#"{"date":"2025-06-01","destination":"US","currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":9.99}]}"#,
        ),
    );
    assert_eq!(float.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&float.stderr).starts_with(
        "$.items[0].unit_price: expected a decimal string, found the JSON number 9.99"
    ));
}

#[test]
fn an_empty_timeline_range_says_so() {
    for (from, to) in [("2026-01-01", "2025-01-01"), ("2010-01-01", "2012-01-01")] {
        let args = [
            "timeline",
            "examples/tshirts-cn-us.json",
            "--from",
            from,
            "--to",
            to,
        ];
        let out = run(&args, None);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.starts_with(&format!("No date to show from {from} to {to}")),
            "{text}"
        );
        let json = run(&[&args[..], &["--json"]].concat(), None);
        assert_eq!(String::from_utf8_lossy(&json.stdout).trim(), "[]");
    }
}

#[test]
fn timeline_shows_each_rule_change() {
    let out = run(
        &[
            "timeline",
            "examples/tshirts-cn-us.json",
            "--from",
            "2015-01-01",
            "--to",
            "2026-11-26",
        ],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for date in [
        "2015-01-01",
        "2016-03-10",
        "2025-02-04",
        "2025-05-02",
        "2025-08-29",
        "2026-02-24",
        "2026-07-24",
    ] {
        assert!(text.contains(date), "{date} missing in\n{text}");
    }
    let json = run(
        &[
            "timeline",
            "examples/tshirts-cn-de.json",
            "--to",
            "2026-11-26",
            "--json",
        ],
        None,
    );
    let t: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let dates: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.contains(&"2021-07-01") && dates.contains(&"2026-07-01"),
        "{dates:?}"
    );
}

#[test]
fn timeline_shows_the_us_layers_appear_and_disappear() {
    let out = run(
        &[
            "timeline",
            "examples/tshirts-cn-us-wholesale.json",
            "--from",
            "2015-01-01",
            "--to",
            "2026-11-26",
            "--json",
        ],
        None,
    );
    assert!(out.status.success());
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: Vec<(String, String)> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_string(),
                e["changes"].to_string(),
            )
        })
        .collect();
    let changed = |date: &str, what: &str| rows.iter().any(|(d, c)| d == date && c.contains(what));
    // Each change names the row and its label from the row's own fields.
    assert!(
        changed("2019-09-01", "+ S301-L4A-15 section_301 15%"),
        "{rows:?}"
    );
    assert!(changed("2020-02-14", "- S301-L4A-15 section_301 15%"));
    assert!(changed("2020-02-14", "+ S301-L4A-7.5 section_301 7.5%"));
    assert!(changed("2025-02-04", "+ IE-CN-F1"));
    assert!(changed("2025-03-04", "+ IE-CN-F2 ieepa_fentanyl 20%"));
    assert!(changed("2025-04-05", "+ IE-RC-0"));
    assert!(changed("2025-04-10", "+ IE-RC-CN-125"));
    assert!(changed("2025-05-14", "+ IE-RC-CN-10"));
    assert!(changed("2025-11-10", "+ IE-CN-F3"));
    assert!(changed("2026-02-24", "+ S122"));
    assert!(changed("2026-07-24", "- S122"));
}

#[test]
fn compare_prints_one_row_per_date() {
    let out = run(
        &[
            "compare",
            "examples/tshirts-cn-us.json",
            "--dates",
            "2024-06-01,2025-09-15",
        ],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 3);
    let bad = run(
        &[
            "compare",
            "examples/tshirts-cn-us.json",
            "--dates",
            "2024-6-1",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn schema_describes_both_documents() {
    let out = run(&["schema"], None);
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(s["$defs"]["Shipment"]["properties"]["items"].is_object());
    // An amount that defaults to "0" is a string when given (null is refused).
    assert_eq!(
        s["$defs"]["Shipment"]["properties"]["shipping"]["type"],
        serde_json::json!("string")
    );
    assert!(s["$defs"]["Quote"]["properties"]["landed_cost"].is_object());
    // One document: every `$ref` points into the root's `$defs`.
    let text = String::from_utf8(out.stdout).unwrap();
    let mut refs = 0;
    for part in text.split("\"$ref\": \"#/$defs/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(s["$defs"][name].is_object(), "{name}");
        refs += 1;
    }
    assert!(refs > 20, "{refs}");
    assert!(s["$defs"]["Item"].is_object() && s["$defs"]["Shipment"]["$defs"].is_null());
}

#[test]
fn rules_can_be_loaded_at_run_time() {
    let path = std::env::temp_dir().join("deminimis-cli-rules.json");
    std::fs::write(&path, deminimis::rules::BUNDLED_RULES_JSON).unwrap();
    let out = run(
        &[
            "--rules",
            path.to_str().unwrap(),
            "quote",
            "examples/tshirts-cn-us.json",
            "--json",
        ],
        None,
    );
    assert!(out.status.success());
    std::fs::write(&path, "{}").unwrap();
    let bad = run(
        &[
            "--rules",
            path.to_str().unwrap(),
            "quote",
            "examples/tshirts-cn-us.json",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("(invalid_rules)"));
}
