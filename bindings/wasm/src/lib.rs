//! # deminimis-wasm
//!
//! The WebAssembly binding of [`deminimis`]: a thin layer that takes the core's JSON contract as
//! text, calls the core, and hands back one JSON text per call, a tagged result:
//!
//! ```text
//! {"ok":true,"quote":{…}}              the quote, exactly Quote::to_json()
//! {"ok":true,"quotes":[…]}             compare
//! {"ok":true,"timeline":[…]}           timeline
//! {"ok":true,"tariff":{…}}             tariff (a DTO of deminimis::TariffRate)
//! {"ok":true,"version":"…"}            loadRules
//! {"ok":false,"errors":[{"code","path","message"}, …]}
//! ```
//!
//! No rule, threshold, rate or rounding lives here: parsing, validation and every amount come from
//! the core, so the strings are the ones the Rust CLI prints. The JavaScript glue in `js/api.mjs`
//! does `JSON.stringify` on the way in and `JSON.parse` on the way out; the clock (the default end
//! of a timeline) is read there, never here.
//!
//! Every function is an ordinary Rust function as well, so the layer is tested on the host.
//!
//! ```
//! let out = deminimis_wasm::quote_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
//!   "items":[{"hs_code":"610910","origin":"CN","unit_price":20}]}"#);
//! assert!(out.starts_with(r#"{"ok":false,"errors":[{"code":"float_amount","path":"$.items[0].unit_price""#));
//! ```

use deminimis::tariff::schedule::Mapping;
use deminimis::{Error, Errors, RuleSet, Shipment, TariffRate};
use jiff::civil::Date;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// Rules loaded with [`load_rules_json`]; `None` means the bundled rules.
    static LOADED: RefCell<Option<RuleSet>> = const { RefCell::new(None) };
}

/// One problem, as JavaScript sees it.
#[derive(Debug, Serialize)]
struct ErrorDto<'a> {
    code: &'a str,
    path: &'a str,
    message: String,
}

/// The failure arm of every result.
#[derive(Debug, Serialize)]
struct Failure<'a> {
    ok: bool,
    errors: Vec<ErrorDto<'a>>,
}

fn errors_json(errors: &Errors) -> String {
    let body = Failure {
        ok: false,
        errors: errors
            .iter()
            .map(|e| ErrorDto {
                code: e.code(),
                path: e.path(),
                message: e.to_string(),
            })
            .collect(),
    };
    serde_json::to_string(&body).unwrap_or_else(|_| {
        r#"{"ok":false,"errors":[{"code":"invalid_value","path":"$","message":"$: the errors could not be serialized"}]}"#.to_string()
    })
}

/// `{"ok":true,"<key>":<json>}` around a document the core serialized (kept byte for byte).
fn success_json(key: &str, json: &str) -> String {
    let mut out = String::with_capacity(json.len() + key.len() + 16);
    out.push_str("{\"ok\":true,\"");
    out.push_str(key);
    out.push_str("\":");
    out.push_str(json);
    out.push('}');
    out
}

fn respond(result: Result<(&str, String), Errors>) -> String {
    match result {
        // `Quote::to_json` writes nothing if serialization ever failed: never hand out bad JSON.
        Ok((_, json)) if json.is_empty() => errors_json(&Errors::from(Error::InvalidValue {
            path: "$".into(),
            expected: "a serializable result".into(),
            found: "nothing".into(),
        })),
        Ok((key, json)) => success_json(key, &json),
        Err(errors) => errors_json(&errors),
    }
}

/// Run `f` against the active rules: the ones loaded last, else the bundled ones.
fn with_rules<T>(f: impl FnOnce(&RuleSet) -> Result<T, Errors>) -> Result<T, Errors> {
    LOADED.with(|cell| match cell.borrow().as_ref() {
        Some(rules) => f(rules),
        None => f(RuleSet::bundled()?),
    })
}

fn serialize<T: Serialize>(value: &T) -> Result<String, Errors> {
    serde_json::to_string(value).map_err(|e| {
        Errors::from(Error::InvalidValue {
            path: "$".into(),
            expected: "a serializable result".into(),
            found: e.to_string(),
        })
    })
}

/// A date argument given as JSON text: `"YYYY-MM-DD"`, or `null` when `optional`.
fn date_arg(json: &str, path: &str, optional: bool) -> Result<Option<Date>, Errors> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Errors::from(Error::InvalidJson {
            path: path.to_string(),
            found: e.to_string(),
        })
    })?;
    match value {
        serde_json::Value::Null if optional => Ok(None),
        serde_json::Value::String(s) => parse_date(&s, path).map(Some),
        other => Err(Errors::from(Error::InvalidDate {
            path: path.to_string(),
            found: other.to_string(),
        })),
    }
}

fn parse_date(text: &str, path: &str) -> Result<Date, Errors> {
    let b = text.as_bytes();
    let shape = b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-');
    match text.parse::<Date>() {
        Ok(d) if shape => Ok(d),
        _ => Err(Errors::from(Error::InvalidDate {
            path: path.to_string(),
            found: format!("\"{text}\""),
        })),
    }
}

/// Quote a shipment (the JSON contract's `Shipment` document) with the active rules.
///
/// Returns `{"ok":true,"quote":Q}` where `Q` is exactly `Quote::to_json()`, or the errors.
#[wasm_bindgen(js_name = quoteJson)]
pub fn quote_json(shipment_json: &str) -> String {
    respond(
        Shipment::from_json(shipment_json)
            .and_then(|s| with_rules(|rules| rules.quote(&s)).map(|q| ("quote", q.to_json()))),
    )
}

/// Quote a shipment at each date of `dates_json` (a JSON array of `YYYY-MM-DD` strings).
#[wasm_bindgen(js_name = compareJson)]
pub fn compare_json(shipment_json: &str, dates_json: &str) -> String {
    respond(compare_inner(shipment_json, dates_json))
}

fn compare_inner(shipment_json: &str, dates_json: &str) -> Result<(&'static str, String), Errors> {
    let shipment = Shipment::from_json(shipment_json)?;
    let values: Vec<serde_json::Value> = serde_json::from_str(dates_json).map_err(|_| {
        Errors::from(Error::InvalidValue {
            path: "dates".into(),
            expected: "an array of dates written YYYY-MM-DD".into(),
            found: dates_json.chars().take(80).collect(),
        })
    })?;
    let mut dates = Vec::with_capacity(values.len());
    let mut problems = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let path = format!("dates[{i}]");
        let parsed = match v {
            serde_json::Value::String(s) => parse_date(s, &path),
            other => Err(Errors::from(Error::InvalidDate {
                path,
                found: other.to_string(),
            })),
        };
        match parsed {
            Ok(d) => dates.push(d),
            Err(e) => problems.extend(e),
        }
    }
    if !problems.is_empty() {
        return Err(Errors::new(problems));
    }
    let quotes = with_rules(|rules| rules.compare(&shipment, &dates))?;
    Ok(("quotes", serialize(&quotes)?))
}

/// Every date in `[from, to]` at which a rule touching the shipment changes, each with its quote.
/// `from_json` is a JSON date string or `null` (the rules' first date); `to_json` a JSON date
/// string (the JavaScript glue defaults it to today).
#[wasm_bindgen(js_name = timelineJson)]
pub fn timeline_json(shipment_json: &str, from_json: &str, to_json: &str) -> String {
    respond(timeline_inner(shipment_json, from_json, to_json))
}

fn timeline_inner(
    shipment_json: &str,
    from_json: &str,
    to_json: &str,
) -> Result<(&'static str, String), Errors> {
    let shipment = Shipment::from_json(shipment_json)?;
    let from = date_arg(from_json, "from", true)?;
    let to = date_arg(to_json, "to", false)?.ok_or_else(|| {
        Errors::from(Error::InvalidDate {
            path: "to".into(),
            found: "null".into(),
        })
    })?;
    let entries = with_rules(|rules| {
        let from = from.unwrap_or_else(|| rules.data_starts());
        rules.timeline(&shipment, from, to)
    })?;
    Ok(("timeline", serialize(&entries)?))
}

/// A tariff line as JavaScript sees it: `deminimis::TariffRate` with its rate as the schedule's text.
#[derive(Debug, Serialize)]
struct TariffDto<'a> {
    territory: &'a str,
    code: &'a str,
    rate: &'a str,
    free: bool,
    column2: Option<&'a str>,
    special: Option<&'a str>,
    units: Option<&'a str>,
    ch99: &'a [String],
    revision: &'a str,
    valid_from: String,
    source: &'a str,
    mapping: &'static str,
    mapped_from: Option<&'a str>,
    inherited: bool,
    warnings: Vec<WarningDto<'a>>,
}

#[derive(Debug, Serialize)]
struct WarningDto<'a> {
    code: &'a str,
    message: &'a str,
}

fn mapping_name(m: &Mapping) -> &'static str {
    match m {
        Mapping::Exact => "exact",
        Mapping::Mapped => "mapped",
        Mapping::Fallback => "fallback",
        Mapping::Ambiguous => "ambiguous",
        Mapping::Unresolved => "unresolved",
    }
}

fn tariff_dto(t: &TariffRate) -> TariffDto<'_> {
    TariffDto {
        territory: &t.territory,
        code: &t.code,
        rate: t.rate.text(),
        free: t.rate.is_free(),
        column2: t.column2.as_deref(),
        special: t.special.as_deref(),
        units: t.units.as_deref(),
        ch99: &t.ch99,
        revision: &t.revision,
        valid_from: t.valid_from.to_string(),
        source: &t.source,
        mapping: mapping_name(&t.mapping),
        mapped_from: t.mapped_from.as_deref(),
        inherited: t.inherited,
        warnings: t
            .warnings
            .iter()
            .map(|(code, message)| WarningDto { code, message })
            .collect(),
    }
}

/// The ordinary duty rate of an HS code in the destination's bundled tariff on a date (US HTS
/// column 1 general rate, EU erga omnes rate): `{"ok":true,"tariff":{…}}` or the errors
/// (`hs_code_not_found`, `ambiguous_code`, `invalid_hs_code`, …). `date` is `YYYY-MM-DD`.
#[wasm_bindgen(js_name = tariffJson)]
pub fn tariff_json(destination: &str, hs_code: &str, date: &str) -> String {
    respond(parse_date(date, "date").and_then(|date| {
        let json = with_rules(|rules| {
            let t = rules.tariff(destination, hs_code, date)?;
            serialize(&tariff_dto(&t))
        })?;
        Ok(("tariff", json))
    }))
}

/// The version of the active rules (carried by every quote as `rules_version`).
#[wasm_bindgen(js_name = rulesVersion)]
pub fn rules_version() -> String {
    with_rules(|rules| Ok(rules.version().to_string())).unwrap_or_default()
}

/// Validate a rule document (the format of the bundled `rules.json`) and make it the active rule
/// set for every later call. On error the active rules stay as they were.
#[wasm_bindgen(js_name = loadRulesJson)]
pub fn load_rules_json(rules_json: &str) -> String {
    match RuleSet::from_json(rules_json) {
        Ok(rules) => {
            let version = serde_json::to_string(rules.version()).unwrap_or_default();
            LOADED.with(|cell| *cell.borrow_mut() = Some(rules));
            success_json("version", &version)
        }
        Err(errors) => errors_json(&errors),
    }
}

/// Go back to the bundled rules; returns their version.
#[wasm_bindgen(js_name = resetRules)]
pub fn reset_rules() -> String {
    LOADED.with(|cell| *cell.borrow_mut() = None);
    rules_version()
}

/// The bundled rule document, as JSON text (a starting point for `loadRulesJson`).
#[wasm_bindgen(js_name = bundledRulesJson)]
pub fn bundled_rules_json() -> String {
    deminimis::rules::BUNDLED_RULES_JSON.to_string()
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        reason = "test code: a failed unwrap is a failed test"
    )]

    use super::*;

    const US: &str = r#"{"date":"2025-09-15","destination":"US","currency":"USD","shipping":"8.00",
      "items":[{"hs_code":"6109.10.00","origin":"CN","quantity":"3","unit_price":"12.00","duty_rate":"16.5%"}]}"#;

    #[test]
    fn quote_is_the_cores_json_verbatim() {
        let q = deminimis::quote(&Shipment::from_json(US).unwrap()).unwrap();
        assert_eq!(
            quote_json(US),
            format!(r#"{{"ok":true,"quote":{}}}"#, q.to_json())
        );
    }

    #[test]
    fn errors_carry_code_path_and_message() {
        let out: serde_json::Value = serde_json::from_str(&quote_json(
            r#"{"date":"2025-09-15","destination":"XX","currency":"USD","items":[]}"#,
        ))
        .unwrap();
        assert_eq!(out["ok"], false);
        let codes: Vec<&str> = out["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"unknown_country"), "{codes:?}");
        assert!(codes.contains(&"empty_items"), "{codes:?}");
        assert_eq!(out["errors"][0]["path"], "$.destination");
    }

    #[test]
    fn compare_and_timeline_match_the_core() {
        let s = Shipment::from_json(US).unwrap();
        let dates: Vec<Date> = vec!["2024-06-01".parse().unwrap(), "2025-09-15".parse().unwrap()];
        let want = serde_json::to_string(&deminimis::compare(&s, &dates).unwrap()).unwrap();
        assert_eq!(
            compare_json(US, r#"["2024-06-01","2025-09-15"]"#),
            success_json("quotes", &want)
        );
        let to: Date = "2026-11-26".parse().unwrap();
        let want = deminimis::timeline(&s, "2015-01-01".parse().unwrap(), to).unwrap();
        assert_eq!(
            timeline_json(US, "null", r#""2026-11-26""#),
            success_json("timeline", &serde_json::to_string(&want).unwrap())
        );
    }

    #[test]
    fn bad_arguments_name_their_path() {
        let out = compare_json(US, r#"["2024-06-01", 20240601]"#);
        assert!(
            out.contains(r#""code":"invalid_date","path":"dates[1]""#),
            "{out}"
        );
        let out = compare_json(US, "{}");
        assert!(
            out.contains(r#""code":"invalid_value","path":"dates""#),
            "{out}"
        );
        let out = timeline_json(US, r#""2015-1-1""#, r#""2026-01-01""#);
        assert!(
            out.contains(r#""code":"invalid_date","path":"from""#),
            "{out}"
        );
        let out = timeline_json(US, "null", "null");
        assert!(
            out.contains(r#""code":"invalid_date","path":"to""#),
            "{out}"
        );
    }

    #[test]
    fn tariff_is_the_cores_lookup() {
        let want = deminimis::tariff("US", "6109.10.00", "2026-08-01".parse().unwrap()).unwrap();
        let out: serde_json::Value =
            serde_json::from_str(&tariff_json("US", "6109.10.00", "2026-08-01")).unwrap();
        assert_eq!(out["ok"], true);
        assert_eq!(out["tariff"]["rate"], want.rate.text());
        assert_eq!(out["tariff"]["revision"], want.revision.as_str());
        let out = tariff_json("US", "6109.10.00", "2026-8-1");
        assert!(
            out.contains(r#""code":"invalid_date","path":"date""#),
            "{out}"
        );
        let out = tariff_json("XX", "6109.10.00", "2026-08-01");
        assert!(
            out.contains(r#""code":"unknown_country","path":"$.destination""#),
            "{out}"
        );
    }

    #[test]
    fn load_rules_round_trip() {
        let bundled = rules_version();
        let mut doc: serde_json::Value = serde_json::from_str(&bundled_rules_json()).unwrap();
        doc["version"] = serde_json::Value::String("test+wasm".into());
        assert_eq!(
            load_rules_json(&doc.to_string()),
            r#"{"ok":true,"version":"test+wasm"}"#
        );
        assert_eq!(rules_version(), "test+wasm");
        assert!(quote_json(US).contains(r#""rules_version":"test+wasm""#));
        assert!(load_rules_json("[]").contains(r#""code":"invalid_rules""#));
        assert_eq!(rules_version(), "test+wasm");
        assert_eq!(reset_rules(), bundled);
    }
}
