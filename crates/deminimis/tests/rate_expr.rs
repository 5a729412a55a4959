#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]
//! Property and spot tests of the tariff rate-expression grammar.

use deminimis::tariff::rate::{
    Agricultural, Amount, Basis, Bound, Content, Denomination, Duty, FreeCondition, MonthDay, Pct,
    Per, Period, Polarization, Rate, RateExpr, RateInput, Season, Term, Unit, VALUE_PARTS,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

// ---- generators of valid expressions ----------------------------------------------------------

fn decimal() -> impl Strategy<Value = Decimal> {
    (0u64..10_000_000, 0u32..5)
        .prop_map(|(m, scale)| Decimal::new(i64::try_from(m).unwrap(), scale))
}

fn pct() -> impl Strategy<Value = Pct> {
    (decimal(), proptest::option::of((0u32..10, 2u32..10)))
        .prop_map(|(whole, fraction)| Pct { whole, fraction })
}

fn denomination() -> impl Strategy<Value = Denomination> {
    prop_oneof![
        Just(Denomination::UsCents),
        Just(Denomination::UsDollars),
        Just(Denomination::Eur)
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    (decimal(), denomination()).prop_map(|(value, denomination)| Amount {
        value,
        denomination,
    })
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        proptest::sample::select(Unit::SIMPLE.to_vec()),
        proptest::sample::select(Content::ALL.to_vec()).prop_map(Unit::KgOf),
        (0u32..100).prop_map(Unit::JewelOver),
    ]
}

fn per() -> impl Strategy<Value = Per> {
    (proptest::sample::select(vec![1u32, 100, 1000]), unit()).prop_map(|(count, unit)| Per {
        count: Decimal::from(count),
        unit,
    })
}

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![
        4 => (pct(), proptest::option::of(proptest::sample::select(VALUE_PARTS.to_vec()))).prop_map(
            |(rate, part)| Term::AdValorem {
                rate,
                basis: part.map_or(Basis::Value, |p| Basis::Part(p.to_string())),
            }
        ),
        4 => (amount(), per()).prop_map(|(amount, per)| Term::Specific { amount, per }),
        1 => (amount(), amount(), 1u32..200, amount()).prop_map(|(base, step, under, floor)| {
            Term::Polarization(Polarization {
                base,
                step,
                under: Decimal::from(under),
                floor,
            })
        }),
        1 => proptest::sample::select(Agricultural::ALL.to_vec()).prop_map(Term::Agricultural),
    ]
}

fn terms() -> impl Strategy<Value = Vec<Term>> {
    proptest::collection::vec(term(), 1..4)
}

fn duty() -> impl Strategy<Value = Duty> {
    (
        terms(),
        proptest::option::of(terms()),
        proptest::option::of(terms()),
    )
        .prop_map(|(terms, min, max)| Duty { terms, min, max })
}

fn month_day() -> impl Strategy<Value = MonthDay> {
    (1u8..=12, 1u8..=31).prop_map(|(month, day)| MonthDay { month, day })
}

fn periods() -> impl Strategy<Value = Vec<Period>> {
    proptest::collection::vec(
        (month_day(), month_day()).prop_map(|(from, to)| Period { from, to }),
        1..3,
    )
}

fn seasonal() -> impl Strategy<Value = RateExpr> {
    (
        proptest::collection::vec((duty(), periods()), 1..3),
        proptest::option::of(duty()),
    )
        .prop_map(|(with_periods, rest)| {
            let mut seasons: Vec<Season> = with_periods
                .into_iter()
                .map(|(duty, periods)| Season { periods, duty })
                .collect();
            if let Some(duty) = rest {
                seasons.push(Season {
                    periods: Vec::new(),
                    duty,
                });
            }
            RateExpr::Seasonal(seasons)
        })
}

fn rate_expr() -> impl Strategy<Value = RateExpr> {
    prop_oneof![
        1 => Just(RateExpr::Free),
        1 => prop_oneof![
            Just(FreeCondition::TemporaryPeriods),
            proptest::option::of(0u32..1000).prop_map(|note| FreeCondition::UnderBond { note }),
        ]
        .prop_map(RateExpr::FreeUnder),
        8 => duty().prop_map(RateExpr::Duty),
        2 => seasonal(),
    ]
}

/// Text made of the grammar's own words, to reach deep into the parser.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = vec![
        "1",
        "12",
        "0.5",
        "1,000",
        "33",
        "1/3",
        "%",
        "¢",
        "$",
        "EUR",
        "€",
        " ",
        "  ",
        "/",
        "+",
        "kg",
        "100",
        "doz.",
        "pr.",
        "each",
        "No.",
        "liter",
        "pf.",
        "hl",
        "% vol",
        "tonne",
        "t",
        "m2",
        "MIN",
        "MAX",
        "EA",
        "ADSZ",
        "(",
        ")",
        ",",
        "-",
        "01",
        "JAN",
        "31 DEC",
        "on the",
        "case",
        "strap, band or bracelet",
        "less",
        "for each degree under",
        "degrees",
        "(and fractions of a degree in proportion)",
        "but not less than",
        "Free",
        "under bond",
        "percent",
        "of the",
        "jewel over",
        "net",
        "drained wt",
        "\u{a0}",
        "é",
        "💥",
        "0",
        "99999999999999999999999999999999",
    ];
    proptest::collection::vec(proptest::sample::select(tokens), 0..24).prop_map(|v| v.concat())
}

fn any_input_eval(rate: &Rate, value: Decimal, qty: Decimal, kg: Option<Decimal>, day: u8) {
    let units: BTreeMap<String, Decimal> = [
        "pr",
        "doz",
        "no",
        "l",
        "abv",
        "pf_l",
        "m2",
        "jewel",
        "degrees",
        "kg_drained",
        "gross",
        "line",
        "sucrose_pct",
    ]
    .iter()
    .map(|k| (k.to_string(), qty))
    .collect();
    let parts: BTreeMap<String, Decimal> =
        VALUE_PARTS.iter().map(|p| (p.to_string(), value)).collect();
    let mut input = RateInput::new(
        value,
        qty,
        jiff::civil::date(2026, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(day)))
            .unwrap(),
    )
    .with_units(&units)
    .with_value_parts(&parts);
    input.net_weight_kg = kg;
    let _ = rate.evaluate(&input, |c: &str| (c != "XXX").then_some(qty));
    let empty = RateInput::new(value, qty, date("2026-06-30"));
    let _ = rate.evaluate(&empty, |_: &str| None);
}

fn big_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        decimal(),
        (any::<u32>(), any::<u32>(), any::<u32>(), 0u32..29)
            .prop_map(|(lo, mid, hi, scale)| Decimal::from_parts(lo, mid, hi, false, scale)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_parses_or_errs(s in any::<String>()) {
        match Rate::parse(&s) {
            Ok(r) => {
                let again = Rate::parse(&r.to_string()).unwrap();
                prop_assert_eq!(again.expr(), r.expr());
            }
            Err(e) => prop_assert_eq!(e.code(), "rate_not_supported"),
        }
    }

    #[test]
    fn token_soup_parses_or_errs_and_evaluates(
        s in token_soup(),
        value in big_decimal(),
        qty in big_decimal(),
        kg in proptest::option::of(big_decimal()),
        day in 0u8..=255,
    ) {
        if let Ok(r) = Rate::parse(&s) {
            let again = Rate::parse(&r.to_string());
            prop_assert!(again.is_ok(), "{} -> {}", s, r);
            let again = again.unwrap();
            prop_assert_eq!(again.expr(), r.expr());
            any_input_eval(&r, value, qty, kg, day);
        }
    }

    #[test]
    fn display_round_trips(expr in rate_expr()) {
        let canon = expr.to_string();
        let parsed = Rate::parse(&canon);
        prop_assert!(parsed.is_ok(), "{:?} displayed as {:?} does not parse", expr, canon);
        let parsed = parsed.unwrap();
        prop_assert_eq!(parsed.expr(), &expr, "{}", canon);
        prop_assert_eq!(parsed.to_string(), canon);
    }

    #[test]
    fn mutated_valid_texts_parse_or_err(
        expr in rate_expr(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<char>(), 0u8..3), 1..4),
    ) {
        let mut chars: Vec<char> = expr.to_string().chars().collect();
        for (at, ch, op) in edits {
            if chars.is_empty() {
                chars.push(ch);
                continue;
            }
            let i = at.index(chars.len());
            match op {
                0 => chars[i] = ch,
                1 => chars.insert(i, ch),
                _ => {
                    chars.remove(i);
                }
            }
        }
        let text: String = chars.into_iter().collect();
        if let Ok(r) = Rate::parse(&text) {
            let again = Rate::parse(&r.to_string());
            prop_assert!(again.is_ok(), "{} -> {}", text, r);
            let again = again.unwrap();
            prop_assert_eq!(again.expr(), r.expr());
        }
    }

    #[test]
    fn valid_expressions_evaluate_without_panic(
        expr in rate_expr(),
        value in big_decimal(),
        qty in big_decimal(),
        kg in proptest::option::of(big_decimal()),
        day in 0u8..=255,
    ) {
        any_input_eval(&Rate::from_expr(expr), value, qty, kg, day);
    }
}

// ---- spot checks ------------------------------------------------------------------------------

#[test]
fn footwear_two_pairs() {
    let r: Rate = "90¢/pr. + 37.5%".parse().unwrap();
    let units = [("pr".to_string(), d("2"))].into_iter().collect();
    let input = RateInput::new(d("40.00"), d("2"), date("2025-06-01")).with_units(&units);
    let e = r
        .evaluate(&input, |c: &str| (c == "USD").then_some(Decimal::ONE))
        .unwrap();
    assert_eq!(e.components[0].amount, d("1.80"));
    assert_eq!(e.components[1].amount, d("15.00"));
    assert_eq!(e.duty, d("16.80"));
}

#[test]
fn eu_compound() {
    let r: Rate = "10.20% + 93.10 EUR / 100 kg".parse().unwrap();
    let input =
        RateInput::new(d("200"), Decimal::ONE, date("2025-06-01")).with_net_weight_kg(d("50"));
    let e = r
        .evaluate(&input, |c: &str| (c == "EUR").then_some(Decimal::ONE))
        .unwrap();
    assert_eq!(e.components[0].amount, d("20.40"));
    assert_eq!(e.components[1].amount, d("46.55"));
    assert_eq!(e.duty, d("66.95"));
}

#[test]
fn min_max_clamps() {
    let eur = |c: &str| (c == "EUR").then_some(Decimal::ONE);
    let r: Rate = "4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item"
        .parse()
        .unwrap();
    let cheap = RateInput::new(d("2.00"), Decimal::ONE, date("2025-06-01"));
    let e = r.evaluate(&cheap, eur).unwrap();
    assert_eq!((e.duty, e.clamps[0].bound), (d("0.30"), Bound::Min));
    let dear = RateInput::new(d("100.00"), Decimal::ONE, date("2025-06-01"));
    let e = r.evaluate(&dear, eur).unwrap();
    assert_eq!((e.duty, e.clamps[0].bound), (d("0.80"), Bound::Max));
    let mid = RateInput::new(d("10.00"), Decimal::ONE, date("2025-06-01"));
    let e = r.evaluate(&mid, eur).unwrap();
    assert_eq!(e.duty, d("0.45"));
    assert!(e.clamps.is_empty());
}

#[test]
fn fraction_and_free() {
    let usd = |_: &str| Some(Decimal::ONE);
    let input = RateInput::new(d("90"), Decimal::ONE, date("2025-06-01"));
    assert_eq!(
        Rate::parse("33 1/3%")
            .unwrap()
            .evaluate(&input, usd)
            .unwrap()
            .duty,
        d("30")
    );
    let free = Rate::parse("Free").unwrap().evaluate(&input, usd).unwrap();
    assert_eq!(free.duty, Decimal::ZERO);
}

#[test]
fn agricultural_component_is_not_supported() {
    let input = RateInput::new(d("90"), Decimal::ONE, date("2025-06-01"));
    let e = Rate::parse("9.00% +  EA MAX 24.20%  + ADSZ")
        .unwrap()
        .evaluate(&input, |_: &str| Some(Decimal::ONE))
        .unwrap_err();
    assert_eq!(e.code(), "rate_not_supported");
    assert!(e.to_string().contains("9.00% +  EA MAX 24.20%  + ADSZ"));
}

#[test]
fn missing_weight_names_kg() {
    let input = RateInput::new(d("90"), Decimal::ONE, date("2025-06-01"));
    let e = Rate::parse("10.20% + 93.10 EUR / 100 kg")
        .unwrap()
        .evaluate(&input, |_: &str| Some(Decimal::ONE))
        .unwrap_err();
    assert_eq!(e.code(), "missing_quantity");
    assert!(
        matches!(e, deminimis::tariff::rate::RateError::MissingQuantity { unit, .. } if unit == "kg")
    );
}
