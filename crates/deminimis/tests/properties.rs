//! Property tests of the engine's invariants: on a small catalogue of parcels (monotonicity, line
//! order, exemptions, round trips), and on whole documents drawn from every member of the
//! contract (a consistent quote or coded errors, never a panic).
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

// ---------------------------------------------------------------------------------------------
// The whole contract: every field, valid and nearly valid values, codes from the bundled tariffs.

/// HS codes to draw from for a destination: every 23rd line of its bundled tariffs, and some
/// that are no code at all.
fn hs_codes(destination: &str) -> Vec<String> {
    let territory = if destination == "US" { "US" } else { "EU" };
    let rules = deminimis::RuleSet::bundled().unwrap();
    let mut codes: Vec<String> = rules
        .tariffs()
        .iter()
        .filter(|t| t.territory.as_str() == territory)
        .flat_map(|t| t.codes().step_by(23).map(|(c, _, _)| c.to_string()))
        .collect();
    codes.extend(["12345", "ABCDEFGH", "9999999999", "610910000000", ""].map(String::from));
    codes
}

/// A code as a caller may write it: as it is, dotted (`6109.10.00`), or cut to 6 digits.
fn written(code: String, how: u8) -> String {
    match (how, code.get(..4), code.get(4..6), code.get(6..)) {
        (1, Some(a), Some(b), Some(rest)) if !rest.is_empty() => format!("{a}.{b}.{rest}"),
        (2, Some(a), Some(b), _) => format!("{a}{b}"),
        _ => code,
    }
}

const AMOUNTS: &[&str] = &[
    "0",
    "0.00",
    "0.01",
    "0.005",
    "1",
    "3.333333333333",
    "19.99",
    "22.00",
    "150.00",
    "150.01",
    "800",
    "800.01",
    "2500",
    "999999999.99",
    "1000000000000000",
];
const BAD_AMOUNTS: &[&str] = &["-1", "1e5", "1,5", "abc", "", "1000000000000000.01"];
/// Every member state (Greece both ways), and the US six times, so that about a fifth of the
/// documents go there.
const DESTINATIONS: &[&str] = &[
    "US", "US", "US", "US", "US", "US", "DE", "FR", "IT", "RO", "PL", "NL", "IE", "EL", "GR", "HU",
    "SE", "CZ", "DK", "BG", "HR", "AT", "BE", "LU", "MT", "CY", "PT", "ES", "SK", "SI", "EE", "LV",
    "LT", "FI",
];
const ANY_ORIGINS: &[&str] = &[
    "CN", "HK", "MO", "VN", "JP", "KR", "TW", "IN", "BR", "CA", "MX", "CH", "NO", "TR", "GB", "RU",
    "BY", "KP", "CU", "IR", "SY", "DE", "FR", "IT", "US", "EL",
];
const BAD_COUNTRIES: &[&str] = &["XX", "us", "", "GBR", "CN "];
const CURRENCIES: &[&str] = &[
    "USD", "EUR", "PLN", "RON", "HUF", "SEK", "CZK", "DKK", "BGN", "GBP", "CNY", "JPY",
];
const BAD_CURRENCIES: &[&str] = &["XXX", "usd", "EURO"];
const QUANTITIES: &[&str] = &["1", "2", "3", "12", "0.5", "1000", "1000000000"];
const BAD_QUANTITIES: &[&str] = &["0", "-1", "x", "1000000001"];
const FX_RATES: &[&str] = &[
    "1", "1.1", "0.85", "4.3", "7.2", "150.5", "1000000", "0.000001",
];
const BAD_FX_RATES: &[&str] = &["0", "-1.1", "1000001", "0.0000009"];
/// Up to the bounds a quote accepts (10,000% and 10,000 per unit), which keep its arithmetic
/// inside `Decimal`'s range.
const DUTY_RATES: &[&str] = &["Free", "0%", "2.5%", "16.5%", "120%", "10000%", "$10000/kg"];
const BAD_DUTY_RATES: &[&str] = &["4.2¢/kg", "-3%", "x", "150", "10001%"];

/// Mostly a value from `good`, now and then one from `bad` (so that most documents reach the
/// engine, and refusals are still drawn).
fn mostly(
    good: &'static [&'static str],
    bad: &'static [&'static str],
) -> impl Strategy<Value = &'static str> {
    prop_oneof![30 => prop::sample::select(good), 1 => prop::sample::select(bad)]
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

fn amount() -> impl Strategy<Value = &'static str> {
    mostly(AMOUNTS, BAD_AMOUNTS)
}

/// A value for an optional member: absent (`None`), or one of the given JSON values.
fn maybe<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.3, s)
}

/// `object` with the optional members that are present.
fn with_members<const N: usize>(
    mut object: serde_json::Value,
    optional: [(&str, Option<serde_json::Value>); N],
) -> serde_json::Value {
    for (name, value) in optional {
        if let Some(value) = value {
            object[name] = value;
        }
    }
    object
}

fn any_item(codes: Vec<String>) -> impl Strategy<Value = serde_json::Value> {
    (
        (prop::sample::select(codes), 0u8..3).prop_map(|(c, how)| written(c, how)),
        mostly(ANY_ORIGINS, BAD_COUNTRIES),
        maybe(mostly(QUANTITIES, BAD_QUANTITIES)),
        amount(),
        maybe(amount()),
        maybe(mostly(DUTY_RATES, BAD_DUTY_RATES)),
        maybe(mostly(&["0%", "7%", "19%", "27%", "100%"], &["101%"])),
        maybe(pick(&["USMCA", "GSP", "CAFTA-DR"])),
        prop::option::weighted(
            0.05,
            (
                pick(&["steel", "aluminum", "copper"]),
                pick(&["0", "1.00", "5.00"]),
            ),
        ),
    )
        .prop_map(|(hs, origin, qty, price, kg, duty, vat, pref, metal)| {
            let v = |s: Option<&str>| s.map(serde_json::Value::from);
            with_members(
                serde_json::json!({"hs_code": hs, "origin": origin, "unit_price": price}),
                [
                    ("quantity", v(qty)),
                    ("net_weight_kg", v(kg)),
                    ("duty_rate", v(duty)),
                    ("vat_rate", v(vat)),
                    ("preference", v(pref)),
                    ("units", kg.map(|k| serde_json::json!({"l": k, "pr": "2"}))),
                    (
                        "section_232",
                        metal.map(
                            |(metal, v)| serde_json::json!({"metal": metal, "content_value": v}),
                        ),
                    ),
                ],
            )
        })
}

fn any_date() -> impl Strategy<Value = String> {
    (0i64..5900).prop_map(|d| {
        jiff::civil::date(2014, 11, 1)
            .checked_add(jiff::Span::new().days(d))
            .unwrap()
            .to_string()
    })
}

/// The date `days` before `date` (both `YYYY-MM-DD`), as JSON.
fn days_before(date: &str, days: i64) -> serde_json::Value {
    let d: jiff::civil::Date = date.parse().unwrap();
    d.checked_sub(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
        .into()
}

/// A shipment document drawing on every member of the contract.
fn any_shipment_json() -> impl Strategy<Value = String> {
    let (us, eu) = (hs_codes("US"), hs_codes("DE"));
    let destination_and_items = mostly(DESTINATIONS, BAD_COUNTRIES).prop_flat_map(move |dest| {
        let codes = if dest == "US" { us.clone() } else { eu.clone() };
        (Just(dest), prop::collection::vec(any_item(codes), 1..5))
    });
    let head = (
        any_date(),
        destination_and_items,
        prop_oneof![3 => Just("USD"), 3 => Just("EUR"), 4 => mostly(CURRENCIES, BAD_CURRENCIES)],
        maybe(pick(&["postal", "express", "air", "ocean", "road", "rail"])),
        maybe(pick(&["sale", "b2b", "gift"])),
        maybe(amount()),
        prop::option::weighted(0.1, amount()),
        maybe(amount()),
        // Export and sale dates as days before the date of importation (a few after it).
        maybe(-3i64..90),
        maybe(-3i64..90),
    );
    let tail = (
        prop::option::weighted(0.1, pick(&["ioss", "special", "import"])),
        maybe(pick(&["ad_valorem", "specific"])),
        maybe(amount()),
        prop::collection::vec(
            (
                pick(CURRENCIES),
                pick(CURRENCIES),
                mostly(FX_RATES, BAD_FX_RATES),
                maybe(any_date()),
            ),
            0..2,
        ),
        maybe((
            pick(&["all_sales", "ioss_or_postal"]),
            pick(&["subheading", "line"]),
            pick(&["subheading", "article"]),
        )),
    );
    (head, tail).prop_map(
        |(
            (date, (dest, items), currency, mode, kind, shipping, to_border, insurance, export, sale),
            (route, postal, same_day, fx, options),
        )| {
            let v = |s: Option<&str>| s.map(serde_json::Value::from);
            let fx: Vec<serde_json::Value> = fx
                .into_iter()
                .map(|(from, to, rate, date)| {
                    with_members(
                        serde_json::json!({"from": from, "to": to, "rate": rate}),
                        [("date", date.map(Into::into))],
                    )
                })
                .collect();
            let options = options.map(|(scope, item, unit)| {
                serde_json::json!({"eu_flat_duty_scope": scope, "eu_flat_duty_item": item, "fr_parcel_fee_unit": unit})
            });
            with_members(
                serde_json::json!({"date": date, "destination": dest, "currency": currency, "items": items}),
                [
                    ("mode", v(mode)),
                    ("kind", v(kind)),
                    ("shipping", v(shipping)),
                    ("shipping_to_border", v(to_border)),
                    ("insurance", v(insurance)),
                    ("export_date", export.map(|days| days_before(&date, days))),
                    ("sale_date", sale.map(|days| days_before(&date, days))),
                    ("vat_route", v(route)),
                    ("postal_method", v(postal)),
                    ("same_day_value", v(same_day)),
                    ("fx_rates", (!fx.is_empty()).then(|| fx.into())),
                    ("options", options),
                ],
            )
            .to_string()
        },
    )
}

/// The sums every quote keeps, whatever it was asked.
fn check_quote(q: &Quote) -> Result<(), TestCaseError> {
    prop_assert_eq!(q.duty, q.lines.iter().map(|l| l.duty).sum::<Decimal>());
    for l in &q.lines {
        prop_assert_eq!(l.duty, l.duties.iter().map(|d| d.amount).sum::<Decimal>());
    }
    prop_assert_eq!(q.taxes_and_fees, q.duty + q.vat.amount + fee_total(q));
    prop_assert_eq!(
        q.landed_cost,
        q.goods_value + q.shipping + q.insurance + q.taxes_and_fees
    );
    for v in [q.duty, q.vat.amount, q.taxes_and_fees, q.due_at_import] {
        prop_assert!(v >= Decimal::ZERO, "{} in {}", v, q.to_json());
    }
    prop_assert!(q.fees.iter().all(|f| f.amount >= Decimal::ZERO));
    if q.de_minimis.applies {
        prop_assert_eq!(q.duty, Decimal::ZERO, "exempt, yet duty in {}", q.to_json());
        if let Some(t) = q.de_minimis.threshold {
            prop_assert!(q.de_minimis.tested_value <= t);
        }
    }
    let back: Quote = serde_json::from_str(&q.to_json()).unwrap();
    prop_assert_eq!(&back, q);
    Ok(())
}

/// Refusals name a stable code and a JSON path.
fn check_errors(e: &deminimis::Errors) -> Result<(), TestCaseError> {
    prop_assert!(e.iter().next().is_some());
    for e in e.iter() {
        prop_assert!(
            !e.code().is_empty()
                && e.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "code {:?}",
            e.code()
        );
        prop_assert!(e.path().starts_with('$'), "path {:?} of {}", e.path(), e);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, .. ProptestConfig::default() })]

    /// Any document of the contract's shape gives a consistent quote or coded errors, never a
    /// panic; a lean quote is the same quote without its trace, or the same errors.
    #[test]
    fn any_document_gives_a_consistent_quote_or_coded_errors(json in any_shipment_json()) {
        let s = match Shipment::from_json(&json) {
            Ok(s) => s,
            Err(e) => return check_errors(&e),
        };
        let full = quote(&s);
        match &full {
            Ok(q) => check_quote(q)?,
            Err(e) => check_errors(e)?,
        }
        let lean = deminimis::RuleSet::bundled().unwrap().quote_lean(&s);
        let without_trace = full.map(|mut q| {
            q.trace.clear();
            q
        });
        prop_assert_eq!(lean, without_trace);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// The same for comparisons and timelines (many quotes each, so fewer cases).
    #[test]
    fn any_document_compares_and_has_a_timeline_or_coded_errors(json in any_shipment_json(), other in any_date()) {
        let Ok(s) = Shipment::from_json(&json) else { return Ok(()) };
        let other: jiff::civil::Date = other.parse().unwrap();
        match deminimis::compare(&s, &[s.date, other]) {
            Ok(qs) => for q in &qs { check_quote(q)? },
            Err(e) => check_errors(&e)?,
        }
        let (from, to) = if other < s.date { (other, s.date) } else { (s.date, other) };
        match deminimis::timeline(&s, from, to) {
            Ok(entries) => for t in &entries { check_quote(&t.quote)? },
            Err(e) => check_errors(&e)?,
        }
    }
}

/// Documents with every number at the bound a quote accepts (amounts 10^15, quantities 10^9,
/// caller exchange rates 10^6 and 10^-6, a 10,000% duty and 10,000 per kg, 10,000 items) give a
/// quote or coded errors: the bounds keep the engine's arithmetic inside `Decimal`'s range.
#[test]
fn documents_at_every_bound_are_quoted_or_refused_never_a_crash() {
    let max = "1000000000000000";
    // A specific duty in the destination tariff's own currency.
    let lines = |specific: &str| {
        serde_json::json!([
            {"hs_code": "6109.10.00", "origin": "CN", "quantity": "1000000000", "unit_price": "1000000", "duty_rate": "10000%"},
            {"hs_code": "6109.10.00", "origin": "VN", "quantity": "1", "unit_price": max, "net_weight_kg": "1000000000", "duty_rate": specific},
            {"hs_code": "6109.10.00", "origin": "MX", "quantity": "1", "unit_price": "0", "preference": "USMCA"},
        ])
    };
    let many: serde_json::Value = (0..10_000)
        .map(|_| serde_json::json!({"hs_code": "6109.10.00", "origin": "CN", "unit_price": max, "duty_rate": "10000%"}))
        .collect::<Vec<_>>()
        .into();
    let mut quoted = 0;
    for (dest, own) in [("US", "USD"), ("DE", "EUR"), ("HU", "HUF"), ("PL", "PLN")] {
        for currency in [own, "USD", "EUR", "JPY"] {
            for rate in ["1000000", "0.000001"] {
                for date in ["2019-05-01", "2025-09-15", "2026-08-01"] {
                    for mode in ["express", "postal"] {
                        // The 10,000-item document once per destination, converted at 10^6.
                        let all = date == "2025-09-15"
                            && mode == "express"
                            && currency == "JPY"
                            && rate == "1000000";
                        let specific = if dest == "US" {
                            "$10000/kg"
                        } else {
                            "10000 EUR/kg"
                        };
                        let documents = if all {
                            vec![lines(specific), many.clone()]
                        } else {
                            vec![lines(specific)]
                        };
                        for items in &documents {
                            let mut doc = serde_json::json!({
                                "date": date, "destination": dest, "currency": currency, "mode": mode,
                                "kind": "b2b", "shipping": max, "insurance": max, "items": items,
                            });
                            if currency != own {
                                doc["fx_rates"] = serde_json::json!([{"from": currency, "to": own, "rate": rate}]);
                            }
                            if dest == "US" {
                                doc["same_day_value"] = max.into();
                            } else {
                                doc["shipping_to_border"] = max.into();
                            }
                            let s = Shipment::from_json(&doc.to_string()).unwrap();
                            match quote(&s) {
                                Ok(q) => {
                                    check_quote(&q).unwrap();
                                    quoted += 1;
                                }
                                Err(e) => check_errors(&e).unwrap(),
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(quoted > 150, "{quoted}");
}
