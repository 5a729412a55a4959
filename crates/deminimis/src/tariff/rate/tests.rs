use super::*;
use std::collections::BTreeMap;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
    pairs.iter().map(|(k, v)| (k.to_string(), d(v))).collect()
}

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

fn usd(c: &str) -> Option<Decimal> {
    (c == "USD").then_some(Decimal::ONE)
}

fn eur(c: &str) -> Option<Decimal> {
    (c == "EUR").then_some(Decimal::ONE)
}

fn duty(text: &str) -> Duty {
    match Rate::parse(text).unwrap().expr {
        RateExpr::Duty(d) => d,
        other => panic!("{text}: not a duty: {other:?}"),
    }
}

/// Every text parses, and its canonical display parses back to the same expression.
fn assert_round_trip(text: &str) -> String {
    let r = Rate::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let canon = r.to_string();
    let again = Rate::parse(&canon).unwrap_or_else(|e| panic!("{text} -> {canon}: {e}"));
    assert_eq!(again.expr(), r.expr(), "{text} -> {canon}");
    assert_eq!(again.to_string(), canon);
    canon
}

#[test]
fn us_forms_parse_and_round_trip() {
    let cases = [
        ("Free", "Free"),
        ("6.8%", "6.8%"),
        ("6.8% ", "6.8%"),
        ("33 1/3%", "33 1/3%"),
        ("1.4¢/kg + 6%", "1.4¢/kg + 6%"),
        ("$1.035/kg +13.6%", "$1.035/kg + 13.6%"),
        ("90¢/pr. + 37.5%", "90¢/pr. + 37.5%"),
        ("$1.58/pr. + 66%", "$1.58/pr. + 66%"),
        ("2.8¢/doz.", "2.8¢/doz."),
        ("0.9¢ each", "0.9¢ each"),
        ("68¢/head", "68¢ each"),
        ("3.2¢/liter", "3.2¢/liter"),
        ("4.5¢/ liter", "4.5¢/liter"),
        ("23.7¢/pf.liter", "23.7¢/pf. liter"),
        (
            "3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content",
            "3.1¢/liter + 22.1¢/pf. liter",
        ),
        ("14.5¢/m2 + 0.4%", "14.5¢/m2 + 0.4%"),
        ("$1.13/m3", "$1.13/m3"),
        ("3.7¢/kg on drained weight", "3.7¢/kg on drained weight"),
        ("5.7¢/kg on drained weight +8%", "5.7¢/kg on drained weight + 8%"),
        ("38.4¢/1000", "38.4¢/1000"),
        ("20¢/thousand + 3.5%", "20¢/1000 + 3.5%"),
        ("10¢/1,000 pins + 3.5%", "10¢/1000 pins + 3.5%"),
        ("14¢/gross + 4.3%", "14¢/gross + 4.3%"),
        ("0.3¢/line/ gross + 4.6%", "0.3¢/line/gross + 4.6%"),
        ("10.5¢/bbl", "10.5¢/bbl"),
        ("$1.24/t", "$1.24/t"),
        ("18.7¢/clean kg", "18.7¢/clean kg"),
        (
            "0.7¢/kg on copper content + 0.7¢/kg on lead content",
            "0.7¢/kg on copper content + 0.7¢/kg on lead content",
        ),
        ("33.9¢/kg of total sugars + 5.1%", "33.9¢/kg of total sugars + 5.1%"),
        ("5¢/kg on contents and container", "5¢/kg on contents and container"),
        (
            "1.5¢/kg on entire contents of container",
            "1.5¢/kg on entire contents of container",
        ),
        (
            "13.5¢/kg + 6.3% + 1.9¢/article",
            "13.5¢/kg + 6.3% + 1.9¢ each",
        ),
        (
            "36¢ each + 5.6% + 2¢/jewel",
            "36¢ each + 5.6% + 2¢/jewel",
        ),
        (
            "43¢ each + 2.8¢/jewel over 7 + 3.7% on the case",
            "43¢ each + 2.8¢/jewel over 7 + 3.7% on the case",
        ),
        (
            "44¢ each + 6% on the case + 14% on the strap, band or bracelet + 5.3% on the battery",
            "44¢ each + 6% on the case + 14% on the strap, band or bracelet + 5.3% on the battery",
        ),
        (
            "41¢ each + 5% on case and strap, band or bracelet + 4.2% on the battery",
            "41¢ each + 5% on the case and strap, band or bracelet + 4.2% on the battery",
        ),
        (
            "3.9% on the movement and case+ 5.3% on the battery",
            "3.9% on the movement and case + 5.3% on the battery",
        ),
        (
            "4.7% on the value of the rifle + 20% on the value of the telescopic sight, if any",
            "4.7% on the value of the rifle + 20% on the value of the telescopic sight, if any",
        ),
        ("2.5% on the value of the lead content", "2.5% on the value of the lead content"),
        ("6.5% on the entire set", "6.5% on the entire set"),
        ("$1 each + 5% on the case + 2% on thebattery", "$1 each + 5% on the case + 2% on the battery"),
        ("$2.5/kg, including weight of container", "$2.5/kg on contents and container"),
        ("$1/t, including weight of container", "$1/t, including weight of container"),
        ("1¢/gross of immediate containers", "1¢/gross of immediate containers"),
        ("2¢/m2 of recording surface", "2¢/m2"),
        ("5¢/lin. m", "5¢/m"),
        ("$3/thou- sand + 2%", "$3/1000 + 2%"),
        ("1¢/pack + 3%", "1¢/pack + 3%"),
        ("$1/kg of anhydrous morphine content", "$1/kg of anhydrous morphine content"),
        ("3 percent of the fair retail value", "3% of the fair retail value"),
        (
            "50 percent of the cost of such parts or materials",
            "50% of the cost of such parts or materials",
        ),
        ("50 percent of the cost of such parts", "50% of the cost of such parts"),
        (
            "50 percent of the cost of such goods or repairs",
            "50% of the cost of such goods or repairs",
        ),
        ("Free, under bond", "Free, under bond"),
        (
            "Free, under bond, as prescribed in U.S. note 2 to this subchapter",
            "Free, under bond, as prescribed in U.S. note 2 to this subchapter",
        ),
        (
            "Free, for such temporary periods as the Secretary of the Treasury by regulation may prescribe",
            "Free, for such temporary periods as the Secretary of the Treasury by regulation may prescribe",
        ),
        ("$2/1,000 + 60%", "$2/1000 + 60%"),
    ];
    for (text, canon) in cases {
        assert_eq!(assert_round_trip(text), canon, "{text}");
    }
}

#[test]
fn sugar_polarization_parses() {
    let text = "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg";
    assert_eq!(assert_round_trip(text), text);
    assert_round_trip("1.4606¢/kg less 0.020668¢ /kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less 0.943854¢ /kg");
}

#[test]
fn eu_forms_parse_and_round_trip() {
    let cases = [
        ("12.0%", "12.0%"),
        ("0.0%", "0.0%"),
        ("10.20% + 93.10 EUR / 100 kg", "10.20% + 93.10 EUR / 100 kg"),
        ("93.10 EUR / 100 kg", "93.10 EUR / 100 kg"),
        ("24.00 EUR / tonne", "24.00 EUR / tonne"),
        ("1,000.00 EUR / tonne", ""),
        ("9.90 EUR / hl", "9.90 EUR / hl"),
        ("1.75 EUR / % vol / hl", "1.75 EUR / % vol / hl"),
        (
            "0.60 EUR / % vol / hl + 3.20 EUR / hl",
            "0.60 EUR / % vol / hl + 3.20 EUR / hl",
        ),
        (
            "1.30 EUR / % vol / hl MIN 7.20 EUR / hl",
            "1.30 EUR / % vol / hl MIN 7.20 EUR / hl",
        ),
        (
            "8.30% MIN 1.10 EUR / 100 kg / net",
            "",
        ),
        (
            "3.80% MIN 0.40 EUR / 100 kg / gross",
            "3.80% MIN 0.40 EUR / 100 kg / gross",
        ),
        (
            "5.10% + 9.40 EUR / 100 kg / net drained wt",
            "5.10% + 9.40 EUR / 100 kg / net drained wt",
        ),
        ("50.70 EUR / 100 kg / net dry", "50.70 EUR / 100 kg / net dry"),
        ("33.90 EUR / 100 kg / std qual", "33.90 EUR / 100 kg / std qual"),
        (
            "0.40 EUR / 100 kg /net/ % sacchar.",
            "0.40 EUR / 100 kg / net / % sacchar.",
        ),
        (
            "1.31 EUR / kg / lactic matter + 22.00 EUR / 100 kg",
            "1.31 EUR / kg / lactic matter + 22.00 EUR / 100 kg",
        ),
        ("0.07 EUR / kg / dry lactic matter", "0.07 EUR / kg / dry lactic matter"),
        ("1.62 EUR / kg / tot alc", "1.62 EUR / kg / tot alc"),
        ("52.00 EUR / 1,000 items", "52.00 EUR / 1000 items"),
        (
            "4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item",
            "4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item",
        ),
        (
            "0.50 EUR / item MIN 2.70% MAX 4.60%",
            "0.50 EUR / item MIN 2.70% MAX 4.60%",
        ),
        ("5.40% MAX 3.50 EUR / 100 m", "5.40% MAX 3.50 EUR / 100 m"),
        ("8.00% MAX 2.80 EUR / m2", "8.00% MAX 2.80 EUR / m2"),
        (
            "9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg",
            "9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg",
        ),
        ("6.20% + 27.10 EUR / 100 kg MAX 17.90%", "6.20% + 27.10 EUR / 100 kg MAX 17.90%"),
        ("0.00% +  EA", "0.00% + EA"),
        ("8.30% +  EA MAX 18.70%  + ADSZ", "8.30% + EA MAX 18.70% + ADSZ"),
        ("9.00% +  EA MAX 20.70%  + ADFM", "9.00% + EA MAX 20.70% + ADFM"),
        ("24 + 4.2 EUR/100 kg", "24% + 4.2 EUR / 100 kg"),
        ("7.2 MIN 0.36 EUR/100 kg", "7.2% MIN 0.36 EUR / 100 kg"),
        (
            "22.40% + 131.00 EUR / hl + 20.60 EUR / 100 kg",
            "22.40% + 131.00 EUR / hl + 20.60 EUR / 100 kg",
        ),
        (
            "8.50% (01 JAN-31 MAY, 1 NOV-31 DEC), 12.00% (01 JUN-31 OCT)",
            "8.50% (01 JAN-31 MAY, 01 NOV-31 DEC), 12.00% (01 JUN-31 OCT)",
        ),
        (
            "4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)",
            "4.00% (01 JAN-31 MAR, 01 DEC-31 DEC), 5.10% (01 JUN-30 NOV)",
        ),
        (
            "10.40% MIN 1.3€/100kg/br (01 JAN-31 MAR, 01 DEC-31 DEC), 12.00% MIN 2€/100kg/br (01 APR-30 NOV)",
            "10.40% MIN 1.3 EUR / 100 kg / gross (01 JAN-31 MAR, 01 DEC-31 DEC), 12.00% MIN 2 EUR / 100 kg / gross (01 APR-30 NOV)",
        ),
        (
            "9.60% MIN 1.1\u{a0}€/100\u{a0}kg/net (01 JAN-14 APR, 1 DEC-31 DEC), 13.60% MIN 1.6€/100kg/net",
            "9.60% MIN 1.1 EUR / 100 kg (01 JAN-14 APR, 01 DEC-31 DEC), 13.60% MIN 1.6 EUR / 100 kg",
        ),
        (
            "14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)",
            "14.00% (01 JUL-31 JAN), 0.00% (01 FEB-30 JUN)",
        ),
    ];
    for (text, canon) in cases {
        let got = assert_round_trip(text);
        if !canon.is_empty() {
            assert_eq!(got, canon, "{text}");
        }
    }
}

#[test]
fn unsupported_texts_are_errors_naming_the_text() {
    for text in [
        "",
        "   ",
        "Entry Price",
        "See additional U.S. note 1",
        "The duty provided in the applicable subheading + 25%",
        "The rate applicable to each garment in the ensemble if separately entered",
        "No change",
        "8.3 + 3.8 EUR/100 kg eda",
        "4.3% + 1.7¢/jewel + 0.2¢ for each other piece or part, but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement",
        "12%%",
        "1/0%",
        "5 1/0%",
        "%",
        "¢/kg",
        "5¢/furlong",
        "5% +",
        "5% MIN",
        "8.50% (01 JAN-31 MAY), 12%, 3% (01 JUN-31 OCT)",
        "8.50% (32 JAN-31 MAY)",
        "Free + 5%",
        "Free, under bond, as prescribed in U.S. note x to this subchapter",
        "Free, on Tuesdays",
        "3 percent of the retail value",
        "The duty rate provided in such subheading minus 0.5%",
    ] {
        let e = Rate::parse(text).unwrap_err();
        assert_eq!(e.code(), "rate_not_supported", "{text}");
        assert!(matches!(&e, RateError::NotSupported { text: t, .. } if t == text));
    }
}

#[test]
fn footwear_compound() {
    let r = Rate::parse("90¢/pr. + 37.5%").unwrap();
    let units = map(&[("pr", "2")]);
    let input = RateInput::new(d("40.00"), d("2"), date("2026-03-01")).with_units(&units);
    let e = r.evaluate(&input, usd).unwrap();
    assert_eq!(e.duty, d("16.80"));
    assert_eq!(e.components.len(), 2);
    assert_eq!(e.components[0].amount, d("1.80"));
    assert_eq!(e.components[1].amount, d("15.00"));
    assert_eq!(
        e.components[0].basis,
        ComponentBasis::Specific {
            quantity: d("2"),
            unit: "pr.".into(),
            source: "units.pr".into(),
            currency: "USD".into(),
            fx: Decimal::ONE,
        }
    );
    assert!(e.clamps.is_empty() && e.season.is_none());
}

#[test]
fn eu_compound_per_100_kg() {
    let r = Rate::parse("10.20% + 93.10 EUR / 100 kg").unwrap();
    let input =
        RateInput::new(d("200"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("50"));
    let e = r.evaluate(&input, eur).unwrap();
    assert_eq!(e.components[0].amount, d("20.40"));
    assert_eq!(e.components[1].amount, d("46.55"));
    assert_eq!(e.duty, d("66.95"));
    // Converted into another destination currency: 1 EUR = 25 CZK.
    let czk = |c: &str| (c == "EUR").then_some(d("25"));
    let input =
        RateInput::new(d("5000"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("50"));
    assert_eq!(
        r.evaluate(&input, czk).unwrap().duty,
        d("510") + d("1163.75")
    );
}

#[test]
fn min_and_max_clamp() {
    let r = Rate::parse("8.30% MIN 1.10 EUR / 100 kg / net").unwrap();
    let cheap =
        RateInput::new(d("10"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("200"));
    let e = r.evaluate(&cheap, eur).unwrap();
    assert_eq!(e.duty, d("2.20"));
    assert_eq!(
        e.clamps,
        vec![Clamp {
            bound: Bound::Min,
            sum: d("0.83"),
            limit: d("2.20")
        }]
    );
    assert_eq!(e.components[1].bound, Some(Bound::Min));
    let dear =
        RateInput::new(d("1000"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("200"));
    let e = r.evaluate(&dear, eur).unwrap();
    assert_eq!(e.duty, d("83"));
    assert!(e.clamps.is_empty());

    let r = Rate::parse("9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg").unwrap();
    let input =
        RateInput::new(d("100"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("100"));
    let e = r.evaluate(&input, eur).unwrap();
    // 9.10 + 45.10 = 54.20 > 18.90 + 16.50 = 35.40
    assert_eq!(e.duty, d("35.40"));
    assert_eq!(e.clamps[0].bound, Bound::Max);
    assert_eq!(e.clamps[0].sum, d("54.20"));
    assert_eq!(e.components.len(), 4);

    let r = Rate::parse("11.20% MIN 22.00 EUR / 100 kg MAX 56.00 EUR / 100 kg").unwrap();
    let input =
        RateInput::new(d("1000"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("100"));
    assert_eq!(r.evaluate(&input, eur).unwrap().duty, d("56"));
    let input =
        RateInput::new(d("300"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("100"));
    assert_eq!(r.evaluate(&input, eur).unwrap().duty, d("33.6"));

    let r = Rate::parse("0.50 EUR / item MIN 2.70% MAX 4.60%").unwrap();
    let input = RateInput::new(d("100"), d("3"), date("2026-03-01"));
    assert_eq!(r.evaluate(&input, eur).unwrap().duty, d("2.70"));
}

#[test]
fn fraction_and_free() {
    let r = Rate::parse("33 1/3%").unwrap();
    let input = RateInput::new(d("300"), Decimal::ONE, date("2026-03-01"));
    assert_eq!(r.evaluate(&input, usd).unwrap().duty, d("100"));
    let input = RateInput::new(d("10"), Decimal::ONE, date("2026-03-01"));
    let third = r.evaluate(&input, usd).unwrap().duty;
    assert_eq!(third.round_dp(10), d("3.3333333333"));
    let free = Rate::parse("Free").unwrap();
    let e = free.evaluate(&input, |_: &str| None).unwrap();
    assert_eq!(e.duty, Decimal::ZERO);
    assert!(e.components.is_empty());
}

#[test]
fn conditionally_free_and_percent_of_a_named_value() {
    let input = RateInput::new(d("500"), Decimal::ONE, date("2026-03-01"));
    let r =
        Rate::parse("Free, under bond, as prescribed in U.S. note 1 to this subchapter").unwrap();
    let e = r.evaluate(&input, usd).unwrap();
    assert_eq!(e.duty, Decimal::ZERO);
    assert_eq!(
        e.condition.as_deref(),
        Some("under bond, as prescribed in U.S. note 1 to this subchapter")
    );
    let r = Rate::parse("3 percent of the fair retail value").unwrap();
    assert_eq!(
        r.evaluate(&input, usd).unwrap_err().code(),
        "missing_value_part"
    );
    let parts = map(&[("fair retail value", "800")]);
    let e = r.evaluate(&input.with_value_parts(&parts), usd).unwrap();
    assert_eq!(e.duty, d("24"));
}

#[test]
fn missing_quantities_name_the_unit() {
    let input = RateInput::new(d("10"), Decimal::ONE, date("2026-03-01"));
    for (text, unit) in [
        ("1.4¢/kg + 6%", "kg"),
        ("$1.24/t", "kg"),
        ("90¢/pr. + 37.5%", "pr"),
        ("3.2¢/liter", "l"),
        ("9.90 EUR / hl", "l"),
        ("23.7¢/pf.liter", "pf_l"),
        ("3.7¢/kg on drained weight", "kg_drained"),
        ("14.5¢/m2 + 0.4%", "m2"),
        ("2¢/jewel", "jewel"),
        ("0.40 EUR / 100 kg / net/% sacchar.", "kg"),
    ] {
        let e = Rate::parse(text)
            .unwrap()
            .evaluate(&input, |_: &str| Some(Decimal::ONE))
            .unwrap_err();
        assert_eq!(
            e,
            RateError::MissingQuantity {
                unit: unit.into(),
                text: text.into()
            },
            "{text}"
        );
        assert_eq!(e.code(), "missing_quantity");
    }
}

#[test]
fn unit_conversions() {
    let at = date("2026-03-01");
    let usd1 = |c: &str| (c == "USD").then_some(Decimal::ONE);
    // doz. from the article count.
    let r = Rate::parse("2.8¢/doz.").unwrap();
    let e = r
        .evaluate(&RateInput::new(d("10"), d("24"), at), usd1)
        .unwrap();
    assert_eq!(e.duty, d("0.056"));
    let units = map(&[("doz", "3")]);
    let e = r
        .evaluate(
            &RateInput::new(d("10"), d("24"), at).with_units(&units),
            usd1,
        )
        .unwrap();
    assert_eq!(e.duty, d("0.084"));
    // gross = 144 articles.
    let r = Rate::parse("14.4¢/gross + 2%").unwrap();
    let e = r
        .evaluate(&RateInput::new(d("10"), d("288"), at), usd1)
        .unwrap();
    assert_eq!(e.duty, d("0.288") + d("0.2"));
    // each from the quantity, or units.no.
    let r = Rate::parse("16¢ each + 2.5%").unwrap();
    let e = r
        .evaluate(&RateInput::new(d("100"), d("5"), at), usd1)
        .unwrap();
    assert_eq!(e.duty, d("0.80") + d("2.5"));
    // per 1000 articles.
    let r = Rate::parse("52.00 EUR / 1,000 items").unwrap();
    let e = r
        .evaluate(&RateInput::new(d("100"), d("500"), at), eur)
        .unwrap();
    assert_eq!(e.duty, d("26"));
    // tonnes from kg.
    let r = Rate::parse("24.00 EUR / tonne").unwrap();
    let e = r
        .evaluate(
            &RateInput::new(d("100"), Decimal::ONE, at).with_net_weight_kg(d("250")),
            eur,
        )
        .unwrap();
    assert_eq!(e.duty, d("6"));
    // % vol / hl: 0.75 l at 13.5% vol.
    let units = map(&[("l", "0.75"), ("abv", "13.5")]);
    let r = Rate::parse("1.75 EUR / % vol / hl").unwrap();
    let e = r
        .evaluate(
            &RateInput::new(d("10"), Decimal::ONE, at).with_units(&units),
            eur,
        )
        .unwrap();
    assert_eq!(e.duty, d("0.1771875"));
    // proof liters derived from liters and strength: 0.7 l at 40% = 0.56 pf. l.
    let units = map(&[("l", "0.7"), ("abv", "40")]);
    let r = Rate::parse("$1/pf. liter").unwrap();
    let e = r
        .evaluate(
            &RateInput::new(d("10"), Decimal::ONE, at).with_units(&units),
            usd1,
        )
        .unwrap();
    assert_eq!(e.duty, d("0.56"));
    // barrels from liters.
    let units = map(&[("l", "158.987294928")]);
    let r = Rate::parse("10.5¢/bbl").unwrap();
    let e = r
        .evaluate(
            &RateInput::new(d("10"), Decimal::ONE, at).with_units(&units),
            usd1,
        )
        .unwrap();
    assert_eq!(e.duty, d("0.105"));
    // jewels over 7 per movement, 3 movements with 17 jewels each.
    let units = map(&[("jewel", "51")]);
    let r = Rate::parse("43¢ each + 2.8¢/jewel over 7 + 3.7% on the case").unwrap();
    let parts = map(&[("case", "20")]);
    let e = r
        .evaluate(
            &RateInput::new(d("90"), d("3"), at)
                .with_units(&units)
                .with_value_parts(&parts),
            usd1,
        )
        .unwrap();
    assert_eq!(e.duty, d("1.29") + d("0.84") + d("0.74"));
}

#[test]
fn value_parts() {
    let at = date("2026-03-01");
    let r = Rate::parse("40¢ each + 6% on the case + 5.3% on the battery").unwrap();
    let e = r
        .evaluate(&RateInput::new(d("50"), d("1"), at), usd)
        .unwrap_err();
    assert_eq!(e.code(), "missing_value_part");
    assert!(matches!(e, RateError::MissingValuePart { part, .. } if part == "case"));
    let parts = map(&[("case", "10"), ("battery", "1")]);
    let e = r
        .evaluate(
            &RateInput::new(d("50"), d("1"), at).with_value_parts(&parts),
            usd,
        )
        .unwrap();
    assert_eq!(e.duty, d("0.40") + d("0.60") + d("0.053"));
    assert_eq!(
        e.components[1].basis,
        ComponentBasis::AdValorem {
            base: d("10"),
            part: Some("case".into())
        }
    );
    // "entire set" defaults to the customs value.
    let r = Rate::parse("6.5% on the entire set").unwrap();
    let e = r
        .evaluate(&RateInput::new(d("100"), d("1"), at), usd)
        .unwrap();
    assert_eq!(e.duty, d("6.5"));
}

#[test]
fn agricultural_components_are_not_supported() {
    let input = RateInput::new(d("100"), Decimal::ONE, date("2026-03-01"));
    for text in [
        "0.00% +  EA",
        "9.00% +  EA MAX 20.70%  + ADFM",
        "8.30% +  EA MAX 18.70%  + ADSZ",
    ] {
        let e = Rate::parse(text)
            .unwrap()
            .evaluate(&input, eur)
            .unwrap_err();
        assert_eq!(e.code(), "rate_not_supported", "{text}");
        let RateError::NotSupported { text: t, reason } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(t, text);
        assert!(reason.contains("EA"), "{reason}");
    }
}

#[test]
fn seasons_by_date() {
    let r = Rate::parse("8.50% (01 JAN-31 MAY, 1 NOV-31 DEC), 12.00% (01 JUN-31 OCT)").unwrap();
    let on = |s: &str| RateInput::new(d("100"), Decimal::ONE, date(s));
    let e = r.evaluate(&on("2026-07-15"), eur).unwrap();
    assert_eq!(e.duty, d("12"));
    assert_eq!(e.season.as_deref(), Some("01 JUN-31 OCT"));
    assert_eq!(r.evaluate(&on("2026-11-01"), eur).unwrap().duty, d("8.5"));
    assert_eq!(r.evaluate(&on("2026-05-31"), eur).unwrap().duty, d("8.5"));
    // A gap: not supported on those days.
    let r = Rate::parse("4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)").unwrap();
    let e = r.evaluate(&on("2026-04-10"), eur).unwrap_err();
    assert_eq!(e.code(), "rate_not_supported");
    // A last season without periods covers the rest of the year.
    let r = Rate::parse("9.60% (01 JAN-14 APR, 1 DEC-31 DEC), 13.60%").unwrap();
    let e = r.evaluate(&on("2026-06-01"), eur).unwrap();
    assert_eq!(
        (e.duty, e.season.as_deref()),
        (d("13.6"), Some("rest of the year"))
    );
    // Wrapping over the new year.
    let r = Rate::parse("14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)").unwrap();
    assert_eq!(r.evaluate(&on("2026-01-20"), eur).unwrap().duty, d("14"));
    assert_eq!(r.evaluate(&on("2026-02-20"), eur).unwrap().duty, d("0"));
}

#[test]
fn sugar_polarization_evaluates() {
    let r = Rate::parse("3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg").unwrap();
    let units = map(&[("degrees", "96")]);
    let input = RateInput::new(d("100"), Decimal::ONE, date("2026-03-01"))
        .with_net_weight_kg(d("1000"))
        .with_units(&units);
    // (3.6606 − 4 × 0.020668) ¢/kg × 1000 kg = 3577.928¢ = $35.77928
    assert_eq!(r.evaluate(&input, usd).unwrap().duty, d("35.77928"));
    let units = map(&[("degrees", "50")]);
    let input = RateInput::new(d("100"), Decimal::ONE, date("2026-03-01"))
        .with_net_weight_kg(d("1000"))
        .with_units(&units);
    assert_eq!(r.evaluate(&input, usd).unwrap().duty, d("31.43854"));
}

#[test]
fn fx_errors_and_overflow() {
    let r = Rate::parse("1.4¢/kg").unwrap();
    let input =
        RateInput::new(d("100"), Decimal::ONE, date("2026-03-01")).with_net_weight_kg(d("1"));
    let e = r.evaluate(&input, |_: &str| None).unwrap_err();
    assert_eq!(e.code(), "fx_rate_unavailable");
    let huge = RateInput::new(Decimal::MAX, Decimal::ONE, date("2026-03-01"))
        .with_net_weight_kg(Decimal::MAX);
    let r = Rate::parse("$1000/kg + 500%").unwrap();
    assert_eq!(r.evaluate(&huge, usd).unwrap_err().code(), "invalid_amount");
}

#[test]
fn ad_valorem_helper_and_serde() {
    assert_eq!(
        Rate::parse("33 1/3%").unwrap().ad_valorem(),
        Some(Pct {
            whole: d("33"),
            fraction: Some((1, 3))
        })
    );
    assert!(Rate::parse("5% on the case")
        .unwrap()
        .ad_valorem()
        .is_none());
    let r: Rate = serde_json::from_str("\"90¢/pr. + 37.5%\"").unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), "\"90¢/pr. + 37.5%\"");
    let e = serde_json::from_str::<Rate>("\"Entry Price\"").unwrap_err();
    assert!(e.to_string().contains("Entry Price"));
}

#[test]
fn structure_of_a_compound() {
    let d0 = duty("$1.58/pr. + 66%");
    assert_eq!(
        d0.terms,
        vec![
            Term::specific(
                Amount {
                    value: d("1.58"),
                    denomination: Denomination::UsDollars
                },
                Unit::Pair
            ),
            Term::ad_valorem(Pct::whole(d("66"))),
        ]
    );
}

#[test]
fn barrel_constant() {
    assert_eq!(eval::LITERS_PER_BARREL, d("158.987294928"));
}

#[test]
fn unit_keys_are_the_keys_of_every_unit_but_kilograms_and_the_polarization_degrees() {
    use super::eval::RateInput;
    use super::{Content, Unit};
    use std::collections::BTreeSet;
    let mut of_units: BTreeSet<&str> = Unit::SIMPLE.iter().map(|u| u.key()).collect();
    of_units.extend(Content::ALL.iter().map(|c| Unit::KgOf(*c).key()));
    of_units.insert(Unit::JewelOver(0).key());
    of_units.remove("kg");
    of_units.insert("degrees");
    let keys = RateInput::unit_keys();
    let listed: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(listed, of_units);
    assert_eq!(listed.len(), keys.len());
    // The keys the type's documentation names, 36 of them.
    assert_eq!(keys.len(), 36);
    for k in [
        "pr",
        "doz",
        "no",
        "l",
        "pf_l",
        "abv",
        "bbl",
        "degrees",
        "sucrose_pct",
        "kg_alcohol",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
}
