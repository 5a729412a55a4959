//! Bad input gets a stable code and the JSON path of the field, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed unwrap is a failed test"
)]

use deminimis::{quote, Error, RuleSet, Shipment};
use proptest::prelude::*;

fn errors_of(json: &str) -> Vec<(String, String)> {
    let result = Shipment::from_json(json).and_then(|s| quote(&s));
    match result {
        Ok(_) => vec![],
        Err(e) => e
            .iter()
            .map(|e| (e.code().to_string(), e.path().to_string()))
            .collect(),
    }
}

/// The lines of the errors of a document that is refused.
fn message_of(json: &str) -> String {
    Shipment::from_json(json)
        .and_then(|s| quote(&s))
        .unwrap_err()
        .to_string()
}

fn has(json: &str, code: &str, path: &str) {
    let errs = errors_of(json);
    assert!(
        errs.iter().any(|(c, p)| c == code && p == path),
        "expected {code} at {path}, got {errs:?}"
    );
}

const OK_ITEM: &str =
    r#"{"hs_code":"6109.10","origin":"CN","unit_price":"10.00","duty_rate":"16.5%"}"#;

fn ship(extra: &str, items: &str) -> String {
    format!(
        r#"{{"date":"2025-06-01","destination":"US","currency":"USD"{extra},"items":[{items}]}}"#
    )
}

#[test]
fn float_amounts_are_rejected_with_the_field_path() {
    has(
        &ship(
            "",
            r#"{"hs_code":"610910","origin":"CN","unit_price":12.5}"#,
        ),
        "float_amount",
        "$.items[0].unit_price",
    );
    has(
        &ship(r#","shipping":5"#, OK_ITEM),
        "float_amount",
        "$.shipping",
    );
    has(
        &ship(
            "",
            r#"{"hs_code":"610910","origin":"CN","unit_price":"1","quantity":2}"#,
        ),
        "float_amount",
        "$.items[0].quantity",
    );
    has(
        &ship(
            r#","fx_rates":[{"from":"EUR","to":"USD","rate":1.1}]"#,
            OK_ITEM,
        ),
        "float_amount",
        "$.fx_rates[0].rate",
    );
}

#[test]
fn unknown_fields_are_rejected() {
    has(
        &ship(r#","colour":"red""#, OK_ITEM),
        "unknown_field",
        "$.colour",
    );
    has(
        &ship(
            "",
            r#"{"hs_code":"610910","origin":"CN","unit_price":"1","weight":"2"}"#,
        ),
        "unknown_field",
        "$.items[0].weight",
    );
    has(
        &ship(r#","options":{"eu_flat_duty":"x"}"#, OK_ITEM),
        "unknown_field",
        "$.options.eu_flat_duty",
    );
}

#[test]
fn missing_and_mistyped_fields() {
    has(
        r#"{"destination":"US","currency":"USD","items":[]}"#,
        "missing_field",
        "$",
    );
    has(
        &ship(r#","mode":"pigeon""#, OK_ITEM),
        "invalid_value",
        "$.mode",
    );
    has(
        r#"{"date":"2025-13-01","destination":"US","currency":"USD","items":[]}"#,
        "invalid_date",
        "$.date",
    );
    has(
        r#"{"date":"01/06/2025","destination":"US","currency":"USD","items":[]}"#,
        "invalid_date",
        "$.date",
    );
    has("{not json", "invalid_json", "$");
    // A document followed by anything but white space is not one JSON document.
    has(
        &format!(
            "{} x",
            ship(
                "",
                r#"{"hs_code":"610910","origin":"CN","unit_price":"12.50"}"#
            )
        ),
        "invalid_json",
        "$",
    );
    has(
        &ship(
            "",
            r#"{"hs_code":"610910","origin":"CN","unit_price":"12,50"}"#,
        ),
        "invalid_amount",
        "$.items[0].unit_price",
    );
}

#[test]
fn semantic_problems_are_all_reported() {
    let json = r#"{"date":"2025-06-01","destination":"XX","currency":"ZZZ",
      "items":[{"hs_code":"61091","origin":"QQ","quantity":"-1","unit_price":"-2"}]}"#;
    let errs = errors_of(json);
    for (code, path) in [
        ("unknown_country", "$.destination"),
        ("unknown_currency", "$.currency"),
        ("invalid_hs_code", "$.items[0].hs_code"),
        ("unknown_country", "$.items[0].origin"),
        ("invalid_quantity", "$.items[0].quantity"),
        ("negative_amount", "$.items[0].unit_price"),
    ] {
        assert!(
            errs.iter().any(|(c, p)| c == code && p == path),
            "missing {code} at {path} in {errs:?}"
        );
    }
}

#[test]
fn every_problem_of_the_documents_form_is_reported_in_document_order() {
    // Three items: one with a missing price and an unknown field, one that is a list, one with a
    // float among its units and a metal declaration missing a member; top-level problems around
    // them. Each is reported once, at its own path, and none is a stand-in's echo.
    let json = r#"{"shipping":8.5,"date":"2025-13-01","destination":5,"currency":"USD",
      "items":[{"hs_code":"610910","origin":"CN","colour":"red"},[1,2],
        {"hs_code":"610910","origin":"CN","unit_price":"1","units":{"pairs":1.5},
         "section_232":{"metal":"gold"}}],
      "fx_rates":[{"from":"EUR","rate":1.1}],"options":{"x":1},"mode":"boat","foo":null}"#;
    let expected = [
        ("float_amount", "$.shipping"),
        ("invalid_date", "$.date"),
        ("invalid_value", "$.destination"),
        ("unknown_field", "$.items[0].colour"),
        ("missing_field", "$.items[0]"),
        ("invalid_value", "$.items[1]"),
        ("float_amount", "$.items[2].units.pairs"),
        ("invalid_value", "$.items[2].section_232.metal"),
        ("missing_field", "$.items[2].section_232"),
        ("float_amount", "$.fx_rates[0].rate"),
        ("missing_field", "$.fx_rates[0]"),
        ("unknown_field", "$.options.x"),
        ("invalid_value", "$.mode"),
        ("unknown_field", "$.foo"),
    ];
    let errs = errors_of(json);
    let errs: Vec<(&str, &str)> = errs.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect();
    assert_eq!(errs, expected);
    // The missing fields are the ones the document lacks, not the ones set aside.
    let message = message_of(json);
    assert!(message.contains("$.items[0]: expected the required field `unit_price`"));
    assert!(message.contains("$.items[2].section_232: expected the required field `content_value`"));
    assert!(message.contains("$.fx_rates[0]: expected the required field `to`"));
    assert_eq!(message.matches("required field").count(), 3, "{message}");
    // A document missing everything names every required field.
    assert_eq!(
        errors_of(r#"{"items":[]}"#),
        ["date", "destination", "currency"].map(|_| ("missing_field".to_string(), "$".to_string()))
    );
    // Not JSON, or JSON with text after it: one problem, there is nothing more to read.
    assert_eq!(errors_of(r#"{"date":"#).len(), 1);
    assert_eq!(
        errors_of(&format!("{} x", ship("", OK_ITEM))),
        [("invalid_json".to_string(), "$".to_string())]
    );
}

#[test]
fn a_key_given_twice_does_not_hide_the_problems_after_it() {
    let json = r#"{"date":"2025-06-01","destination":"US","currency":"USD","zz":1,"zz":1,
      "items":[{"hs_code":"610910","origin":"CN","unit_price":"1"}],"yy":1}"#;
    let errs = errors_of(json);
    let errs: Vec<(&str, &str)> = errs.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect();
    assert_eq!(errs, [("unknown_field", "$.zz"), ("unknown_field", "$.yy")]);
}

#[test]
fn a_large_document_is_read_again_within_a_budget_and_says_where_it_stopped() {
    // 9,000 good items, then 150 float prices: each problem costs a reading of the whole
    // document, so a document this large lists some, then says it stopped.
    let good = vec![r#"{"hs_code":"610910","origin":"CN","unit_price":"1"}"#; 9_000].join(",");
    let bad = vec![r#"{"hs_code":"610910","origin":"CN","unit_price":1.5}"#; 150].join(",");
    let errs = errors_of(&ship("", &format!("{good},{bad}")));
    assert!(errs.len() > 10 && errs.len() < 100, "{}", errs.len());
    let (last, listed) = errs.split_last().unwrap();
    assert_eq!(*last, ("invalid_value".to_string(), "$".to_string()));
    assert!(listed.iter().all(|(c, _)| c == "float_amount"));
    assert_eq!(listed[0].1, "$.items[9000].unit_price");
}

#[test]
fn a_document_with_very_many_problems_lists_the_first_hundred_and_says_so() {
    let items = vec![r#"{"hs_code":"610910","origin":"CN","unit_price":"1","x":1}"#; 150].join(",");
    let errs = errors_of(&ship("", &items));
    assert_eq!(errs.len(), 101);
    assert_eq!(
        errs[99],
        ("unknown_field".to_string(), "$.items[99].x".to_string())
    );
    assert_eq!(errs[100], ("invalid_value".to_string(), "$".to_string()));
    assert!(message_of(&ship("", &items))
        .ends_with("found more; the first 100 are listed (invalid_value)"));
}

#[test]
fn each_listed_error_case() {
    has(&ship("", ""), "empty_items", "$.items");
    has(
        &ship(
            "",
            r#"{"hs_code":"61091000123","origin":"CN","unit_price":"1"}"#,
        ),
        "invalid_hs_code",
        "$.items[0].hs_code",
    );
    has(
        &ship(
            "",
            r#"{"hs_code":"610910","origin":"CN","unit_price":"1","quantity":"0"}"#,
        ),
        "invalid_quantity",
        "$.items[0].quantity",
    );
    has(
        r#"{"date":"2014-12-31","destination":"US","currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":"1"}]}"#,
        "date_out_of_range",
        "$.date",
    );
    has(
        r#"{"date":"2024-06-01","destination":"GB","currency":"GBP","items":[{"hs_code":"610910","origin":"CN","unit_price":"1"}]}"#,
        "unsupported_destination",
        "$.destination",
    );
    has(
        r#"{"date":"2024-06-01","destination":"DE","currency":"EUR","vat_route":"ioss","items":[{"hs_code":"610910","origin":"CN","unit_price":"150.01","duty_rate":"12%"}]}"#,
        "ioss_above_threshold",
        "$.vat_route",
    );
    has(
        r#"{"date":"2025-09-01","destination":"US","currency":"USD","items":[{"hs_code":"999999","origin":"CN","unit_price":"10"}]}"#,
        "hs_code_not_found",
        "$.items[0].hs_code",
    );
    has(
        r#"{"date":"2025-09-01","destination":"US","currency":"USD","items":[{"hs_code":"640299","origin":"CN","unit_price":"10"}]}"#,
        "ambiguous_code",
        "$.items[0].hs_code",
    );
    has(
        r#"{"date":"2025-09-01","destination":"US","currency":"USD","items":[{"hs_code":"6402.99.16.00","origin":"CN","unit_price":"10"}]}"#,
        "missing_quantity",
        "$.items[0].units",
    );
    has(
        r#"{"date":"2024-06-01","destination":"DE","currency":"EUR","items":[{"hs_code":"170199","origin":"BR","unit_price":"200","net_weight_kg":"50","duty_rate":"9.00% + EA"}]}"#,
        "rate_not_supported",
        "$.items[0].duty_rate",
    );
    has(
        &ship(
            "",
            r#"{"hs_code":"640299","origin":"CN","unit_price":"10","duty_rate":"lots"}"#,
        ),
        "invalid_rate",
        "$.items[0].duty_rate",
    );
    has(
        &ship(
            "",
            r#"{"hs_code":"640299","origin":"CN","unit_price":"10","vat_rate":"seven"}"#,
        ),
        "invalid_rate",
        "$.items[0].vat_rate",
    );
}

#[test]
fn caller_exchange_rates_cannot_contradict_themselves() {
    let rates = |list: &str| ship(&format!(r#","fx_rates":[{list}]"#), OK_ITEM);
    let eur_usd = |rate: &str| format!(r#"{{"from":"EUR","to":"USD","rate":"{rate}"}}"#);
    // Two rates for one pair: a quote could use only one, so neither is chosen.
    let two = rates(&format!("{},{}", eur_usd("1.1"), eur_usd("1.2")));
    has(&two, "invalid_value", "$.fx_rates[1].rate");
    let message = message_of(&two);
    assert!(
        message.contains("one rate per currency pair ($.fx_rates[0] gives 1 EUR = 1.1 USD)"),
        "{message}"
    );
    // The same rate twice, or a currency to itself at 1, say nothing new and are accepted.
    assert!(errors_of(&rates(&format!("{},{}", eur_usd("1.1"), eur_usd("1.10")))).is_empty());
    assert!(errors_of(&rates(r#"{"from":"USD","to":"USD","rate":"1.00"}"#)).is_empty());
    has(
        &rates(r#"{"from":"USD","to":"USD","rate":"2"}"#),
        "invalid_value",
        "$.fx_rates[0].rate",
    );
    // A rate for the reverse pair is a rate for the pair: refused unless it is the exact inverse.
    let usd_eur = |rate: &str| format!(r#"{{"from":"USD","to":"EUR","rate":"{rate}"}}"#);
    let reverse = rates(&format!("{},{}", usd_eur("0.5"), eur_usd("3")));
    has(&reverse, "invalid_value", "$.fx_rates[1].rate");
    assert!(message_of(&reverse).contains("($.fx_rates[0] gives 1 USD = 0.5 EUR)"));
    assert!(errors_of(&rates(&format!("{},{}", usd_eur("0.5"), eur_usd("2")))).is_empty());
    // The date of a caller rate is a date of the contract.
    has(
        &rates(r#"{"from":"EUR","to":"USD","rate":"1.1","date":"2025-02-30"}"#),
        "invalid_date",
        "$.fx_rates[0].date",
    );
}

#[test]
fn units_name_quantities_a_rate_reads() {
    let units = |u: &str| {
        ship(
            "",
            &format!(
                r#"{{"hs_code":"610910","origin":"CN","unit_price":"1","duty_rate":"5%","units":{u}}}"#
            ),
        )
    };
    has(
        &units(r#"{"pairs":"2"}"#),
        "invalid_value",
        "$.items[0].units.pairs",
    );
    // Kilograms are the item's net_weight_kg.
    has(
        &units(r#"{"kg":"2"}"#),
        "invalid_value",
        "$.items[0].units.kg",
    );
    assert!(errors_of(&units(r#"{"pr":"2","l":"0.75"}"#)).is_empty());
}

#[test]
fn goods_are_exported_and_sold_before_they_are_imported() {
    for field in ["export_date", "sale_date"] {
        let after = ship(&format!(r#","{field}":"2025-06-02""#), OK_ITEM);
        has(&after, "invalid_value", &format!("$.{field}"));
        let message = message_of(&after);
        assert!(
            message.contains("expected a date on or before the date of importation (2025-06-01), found 2025-06-02"),
            "{message}"
        );
        assert!(errors_of(&ship(&format!(r#","{field}":"2025-06-01""#), OK_ITEM)).is_empty());
    }
}

#[test]
fn every_error_code_is_listed_and_snake_case() {
    for code in Error::ALL_CODES {
        assert!(
            code.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{code}"
        );
    }
    let e = Error::FloatAmount {
        path: "$.shipping".into(),
        found: "5".into(),
    };
    assert!(Error::ALL_CODES.contains(&e.code()));
    assert_eq!(e.to_string(), "$.shipping: expected a decimal string, found the JSON number 5 (a float cannot hold most decimal amounts exactly)");
}

#[test]
fn a_rule_document_of_the_wrong_shape_is_reported_in_the_contracts_words() {
    // Each bad value at its path, saying what was expected and what was found (as the shipment's
    // errors do), not serde's "expected value" or "expected a sequence".
    let bundled: serde_json::Value =
        serde_json::from_str(deminimis::rules::BUNDLED_RULES_JSON).unwrap();
    let cases: [(&str, serde_json::Value, &str); 11] = [
        (
            "/fees/0/basis",
            serde_json::json!(5),
            "$.fees[0].basis: expected one of `flat`, `ad_valorem`, `per_subheading`, found integer `5`",
        ),
        (
            "/duty_layers/0/method",
            serde_json::json!("multiply"),
            "$.duty_layers[0].method: expected one of `add`, `top_up_to`, `exempt`, found \"multiply\"",
        ),
        (
            "/thresholds/0/comparison",
            serde_json::Value::Null,
            "$.thresholds[0].comparison: expected `not_exceeding` or `below`, found null",
        ),
        (
            "/fees/0/when",
            serde_json::json!([]),
            "$.fees[0].when: expected one of `always`, `not_exempt`, `informal_entry`, `formal_entry`, `ordinary_duty`, found a list",
        ),
        (
            "/fees",
            serde_json::json!({}),
            "$.fees: expected a list, found an object",
        ),
        (
            "/regimes",
            serde_json::json!("x"),
            "$.regimes: expected a list, found string \"x\"",
        ),
        // A row, or a row's warning, given as an array of its fields in order: serde's derive
        // reads that by position; a rule document's objects are objects.
        (
            "/fees/0",
            serde_json::json!(["US-MPF-X", "us_mpf"]),
            "$.fees[0]: expected an object, found a list",
        ),
        (
            "/duty_layers/0/warning",
            serde_json::json!(["code", "message"]),
            "$.duty_layers[0].warning: expected an object, found a list",
        ),
        (
            "/postal_duties/0/ad_valorem/fixed",
            serde_json::json!(["120%"]),
            "$.postal_duties[0].ad_valorem.fixed: expected an object, found a list",
        ),
        (
            "/postal_duties/0/ad_valorem",
            serde_json::json!(5),
            "$.postal_duties[0].ad_valorem: expected `ieepa_effective` or an object {\"fixed\": {\"rate\": ...}}, found integer `5`",
        ),
        (
            "/postal_duties/0/specific/0",
            serde_json::json!(["100.00"]),
            "$.postal_duties[0].specific[0]: expected an object, found a list",
        ),
    ];
    for (pointer, value, want) in cases {
        let mut doc = bundled.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        match doc.pointer_mut(parent).unwrap() {
            serde_json::Value::Array(a) => a[key.parse::<usize>().unwrap()] = value,
            parent => {
                parent
                    .as_object_mut()
                    .unwrap()
                    .insert(key.to_string(), value);
            }
        }
        let e = RuleSet::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(e.len(), 1, "{e}");
        assert_eq!(e.first().unwrap().code(), "invalid_rules");
        assert_eq!(e.first().unwrap().to_string(), want);
    }
    // The whole document is an object, and nothing follows it.
    for (text, want) in [
        ("[]".to_string(), "$: expected an object, found a list"),
        (
            format!("{} x", deminimis::rules::BUNDLED_RULES_JSON),
            "$: trailing characters",
        ),
    ] {
        let e = RuleSet::from_json(&text).unwrap_err();
        assert_eq!(e.first().unwrap().to_string(), want);
    }
}

#[test]
fn rule_documents_are_validated() {
    let bundled = deminimis::rules::BUNDLED_RULES_JSON;
    // Unknown field.
    let bad = bundled.replacen("\"data_starts\"", "\"colour\": 1, \"data_starts\"", 1);
    let e = RuleSet::from_json(&bad).unwrap_err();
    assert_eq!(e.first().unwrap().code(), "invalid_rules");
    // Overlap: two US regimes in force on the same day.
    let mut data = RuleSet::bundled().unwrap().data().clone();
    let mut extra = data
        .regimes
        .iter()
        .find(|r| r.id.as_ref() == "us-s321-800")
        .unwrap()
        .clone();
    extra.id = "us-extra".into();
    extra.valid_from = jiff::civil::date(2020, 1, 1);
    let at = data
        .regimes
        .iter()
        .position(|r| r.id.as_ref() == "us-s321-800")
        .unwrap()
        + 1;
    data.regimes.insert(at, extra);
    let json = serde_json::to_string(&data).unwrap();
    let e = RuleSet::from_json(&json).unwrap_err();
    assert!(e.iter().any(|e| e.code() == "overlapping_validity"), "{e}");
    // Unsorted: a row that starts before the previous row of the same key.
    let mut data = RuleSet::bundled().unwrap().data().clone();
    let mut early = data
        .regimes
        .iter()
        .find(|r| r.id.as_ref() == "us-s321-200")
        .unwrap()
        .clone();
    early.id = "us-early".into();
    early.valid_from = jiff::civil::date(1990, 1, 1);
    early.valid_to = Some(jiff::civil::date(1995, 1, 1));
    data.regimes.push(early);
    let e = RuleSet::from_json(&serde_json::to_string(&data).unwrap()).unwrap_err();
    assert!(e.iter().any(|e| e.code() == "unsorted_validity"), "{e}");
    // A loaded copy of the bundled rules quotes the same.
    let copy =
        RuleSet::from_json(&serde_json::to_string(RuleSet::bundled().unwrap().data()).unwrap())
            .unwrap();
    let s = Shipment::from_json(&ship("", OK_ITEM)).unwrap();
    assert_eq!(copy.quote(&s).unwrap(), quote(&s).unwrap());
}

#[test]
fn bundled_tables_are_sorted_and_consistent() {
    let r = RuleSet::bundled().unwrap();
    let (first, last) = r.fx().range().unwrap();
    assert!(first <= r.data_starts());
    assert!(last >= jiff::civil::date(2026, 10, 1));
    assert!(r.version().starts_with("2026-11-26+"));
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = Shipment::from_json(&s).and_then(|s| quote(&s));
    }

    #[test]
    fn arbitrary_field_values_never_panic(date in "[0-9-]{0,12}", dest in "[A-Z]{0,3}", price in "[-0-9.]{0,8}", hs in "[0-9. ]{0,12}") {
        let json = format!(r#"{{"date":"{date}","destination":"{dest}","currency":"EUR","items":[{{"hs_code":"{hs}","origin":"CN","unit_price":"{price}"}}]}}"#);
        let _ = Shipment::from_json(&json).and_then(|s| quote(&s));
    }
}

#[test]
fn rules_without_a_currency_they_use_are_refused_when_they_load() {
    // Quotes round every amount to the minor unit of its currency, from the rules' currency
    // table: rules whose table lacks USD, which their US rows use, do not load.
    let mut data = RuleSet::bundled().unwrap().data().clone();
    data.currencies.retain(|c| c.code != "USD");
    let e = RuleSet::from_json(&serde_json::to_string(&data).unwrap()).unwrap_err();
    assert!(
        e.iter().any(|e| e.code() == "invalid_rules"
            && e.path() == "$.fees[0].currency"
            && e.to_string().contains("USD")),
        "{e}"
    );
}

#[test]
fn rules_with_numbers_beyond_the_bounds_are_refused_when_they_load() {
    // The bounds a shipment's numbers keep hold for rule documents too, so that rules loaded at
    // run time cannot take a quote's arithmetic out of Decimal's range.
    let mut data = RuleSet::bundled().unwrap().data().clone();
    data.duty_layers[0].rate =
        deminimis::Percent::new("79228162514264337593543950".parse().unwrap());
    data.thresholds[0].amount = "1000000000000001".parse().unwrap();
    let e = RuleSet::from_json(&serde_json::to_string(&data).unwrap()).unwrap_err();
    let paths: Vec<&str> = e.iter().map(|e| e.path()).collect();
    assert!(paths.contains(&"$.duty_layers[0].rate"), "{e}");
    assert!(paths.contains(&"$.thresholds[0].amount"), "{e}");
    assert!(e.iter().all(|e| e.code() == "invalid_rules"), "{e}");
    // Nor below 0: a negative threshold or fee has no reading.
    let mut data = RuleSet::bundled().unwrap().data().clone();
    data.thresholds[1].amount = "-5".parse().unwrap();
    data.fees[0].amount = Some("-0.01".parse().unwrap());
    let e = RuleSet::from_json(&serde_json::to_string(&data).unwrap()).unwrap_err();
    let paths: Vec<&str> = e.iter().map(|e| e.path()).collect();
    assert_eq!(paths, ["$.thresholds[1].amount", "$.fees[0].amount"], "{e}");
    assert!(e
        .to_string()
        .contains("expected an amount from 0 to 1000000000000000, found -5"));
}

#[test]
fn a_comparison_of_more_than_ten_thousand_dates_is_refused() {
    let s = Shipment::from_json(&ship("", OK_ITEM)).unwrap();
    let day: jiff::civil::Date = "2025-06-01".parse().unwrap();
    assert_eq!(
        deminimis::compare(&s, &vec![day; 10_000]).unwrap().len(),
        10_000
    );
    let err = deminimis::compare(&s, &vec![day; 10_001]).unwrap_err();
    let e = err.first().unwrap();
    assert_eq!((e.code(), e.path()), ("invalid_value", "dates"));
    assert_eq!(
        e.to_string(),
        "dates: expected at most 10000 dates to compare, found 10001 dates"
    );
}

#[test]
fn an_ioss_sale_date_the_vat_data_does_not_reach_is_the_callers_to_mend() {
    let json = r#"{"date":"2025-01-03","sale_date":"1990-01-01","destination":"SK","currency":"EUR",
      "items":[{"hs_code":"6109.10","origin":"CN","quantity":"1","unit_price":"20","duty_rate":"12%"}]}"#;
    assert_eq!(
        message_of(json),
        "$.sale_date: expected a sale date on which the data has a standard VAT rate of SK, \
         found 1990-01-01 (invalid_value)"
    );
}
