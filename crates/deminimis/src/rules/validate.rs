//! The one validator every rule document goes through (bundled or loaded at run time).

use super::model::*;
use crate::engine::{above, MAX_FX_RATE, MIN_FX_RATE};
use crate::error::{Error, Errors};
use std::collections::{HashMap, HashSet};

pub(crate) fn validate(d: &RuleData) -> Result<(), Errors> {
    let mut errors = Vec::new();
    if d.version.trim().is_empty() {
        errors.push(invalid("$.version", "expected a non-empty version string"));
    }
    let mut ids = HashSet::new();
    family(&d.memberships, "memberships", &mut ids, &mut errors);
    family(
        &d.currencies_in_use,
        "currencies_in_use",
        &mut ids,
        &mut errors,
    );
    family(&d.regimes, "regimes", &mut ids, &mut errors);
    family(&d.thresholds, "thresholds", &mut ids, &mut errors);
    family(&d.suspensions, "suspensions", &mut ids, &mut errors);
    family(&d.exclusions, "exclusions", &mut ids, &mut errors);
    family(&d.duty_layers, "duty_layers", &mut ids, &mut errors);
    family(&d.postal_duties, "postal_duties", &mut ids, &mut errors);
    family(&d.flat_duties, "flat_duties", &mut ids, &mut errors);
    family(&d.fees, "fees", &mut ids, &mut errors);
    family(&d.vat_rates, "vat_rates", &mut ids, &mut errors);
    family(&d.fixed_rates, "fixed_rates", &mut ids, &mut errors);
    family(&d.stacking, "stacking", &mut ids, &mut errors);

    let currencies: HashSet<&str> = d.currencies.iter().map(|c| c.code.as_str()).collect();
    let countries: HashSet<&str> = d.countries.iter().map(String::as_str).collect();
    if d.countries
        .windows(2)
        .any(|w| matches!(w, [a, b] if a >= b))
    {
        errors.push(invalid(
            "$.countries",
            "expected sorted, unique country codes",
        ));
    }
    let check_currency = |path: String, c: &str, errors: &mut Vec<Error>| {
        if !currencies.contains(c) {
            errors.push(invalid(
                &path,
                &format!("expected a currency listed in `currencies`, found \"{c}\""),
            ));
        }
    };
    for (i, r) in d.currencies_in_use.iter().enumerate() {
        check_currency(
            format!("$.currencies_in_use[{i}].currency"),
            &r.currency,
            &mut errors,
        );
    }
    for (i, r) in d.thresholds.iter().enumerate() {
        check_currency(
            format!("$.thresholds[{i}].currency"),
            &r.currency,
            &mut errors,
        );
    }
    for (i, r) in d.fees.iter().enumerate() {
        check_currency(format!("$.fees[{i}].currency"), &r.currency, &mut errors);
        let ok = match r.basis {
            FeeBasis::Flat | FeeBasis::PerSubheading => r.amount.is_some(),
            FeeBasis::AdValorem => r.rate.is_some(),
        };
        if !ok {
            errors.push(invalid(
                &format!("$.fees[{i}]"),
                "expected `amount` for flat fees and `rate` for ad valorem fees",
            ));
        }
        if r.territory == "EU" && (r.when != FeeWhen::Always || !r.exempt_preferences.is_empty()) {
            errors.push(invalid(&format!("$.fees[{i}]"), "expected EU fees without `when` or `exempt_preferences` (the EU engine applies national fees to every consignment within their value test)"));
        }
        if r.max_value.is_some() && r.max_value_currency.is_none() {
            errors.push(invalid(
                &format!("$.fees[{i}].max_value_currency"),
                "expected a currency for `max_value`",
            ));
        }
    }
    for (i, r) in d.postal_duties.iter().enumerate() {
        check_currency(
            format!("$.postal_duties[{i}].currency"),
            &r.currency,
            &mut errors,
        );
        if !r.ordinary && r.ad_valorem.is_none() && r.specific.is_empty() {
            errors.push(invalid(
                &format!("$.postal_duties[{i}]"),
                "expected `ordinary`, `ad_valorem` or `specific`",
            ));
        }
    }
    for (i, r) in d.fixed_rates.iter().enumerate() {
        check_currency(
            format!("$.fixed_rates[{i}].currency"),
            &r.currency,
            &mut errors,
        );
        if r.per_eur <= rust_decimal::Decimal::ZERO {
            errors.push(invalid(
                &format!("$.fixed_rates[{i}].per_eur"),
                "expected a rate greater than zero",
            ));
        } else if r.per_eur < MIN_FX_RATE || above(r.per_eur, MAX_FX_RATE) {
            // The bounds of caller exchange rates (see `numbers_in_bounds`).
            errors.push(invalid(
                &format!("$.fixed_rates[{i}].per_eur"),
                &format!(
                    "expected a rate between {MIN_FX_RATE} and {MAX_FX_RATE}, found {}",
                    r.per_eur
                ),
            ));
        }
    }
    for (i, r) in d.flat_duties.iter().enumerate() {
        check_currency(
            format!("$.flat_duties[{i}].currency"),
            &r.currency,
            &mut errors,
        );
    }
    let check_country = |path: String, c: &str, errors: &mut Vec<Error>| {
        if c != "*" && c != "EU" && !countries.contains(c) {
            errors.push(invalid(
                &path,
                &format!("expected an ISO 3166-1 alpha-2 code, `*` or `EU`, found \"{c}\""),
            ));
        }
    };
    let lists: HashSet<&str> = d.product_lists.iter().map(|l| l.id.as_str()).collect();
    for (i, l) in d.product_lists.iter().enumerate() {
        if l.prefixes
            .iter()
            .any(|p| !(2..=10).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()))
        {
            errors.push(invalid(
                &format!("$.product_lists[{i}].prefixes"),
                "expected HS prefixes of 2 to 10 digits",
            ));
        }
    }
    for (i, r) in d.duty_layers.iter().enumerate() {
        for (j, list) in r
            .products
            .iter()
            .chain(r.except_products.iter())
            .enumerate()
        {
            if !lists.contains(list.as_str()) {
                errors.push(invalid(
                    &format!("$.duty_layers[{i}].products[{j}]"),
                    &format!(
                        "expected a product list defined in `product_lists`, found \"{list}\""
                    ),
                ));
            }
        }
        for (j, c) in r.origins.iter().chain(r.except_origins.iter()).enumerate() {
            check_country(format!("$.duty_layers[{i}].origins[{j}]"), c, &mut errors);
        }
    }
    for (i, r) in d.memberships.iter().enumerate() {
        check_country(
            format!("$.memberships[{i}].country"),
            &r.country,
            &mut errors,
        );
    }
    for (i, r) in d.vat_rates.iter().enumerate() {
        check_country(format!("$.vat_rates[{i}].country"), &r.country, &mut errors);
    }
    numbers_in_bounds(d, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors::new(errors))
    }
}

/// The bounds a shipment's numbers keep (`engine::MAX_AMOUNT` and the others) hold for the rules'
/// too: amounts from 0 up to 10^15, percentages up to 10^4 (fixed exchange rates, checked with their
/// other conditions, from 10^-6 to 10^6), so that rules loaded at run time cannot take a quote's
/// arithmetic out of `Decimal`'s range.
fn numbers_in_bounds(d: &RuleData, errors: &mut Vec<Error>) {
    use crate::engine::{MAX_AMOUNT, MAX_RATE_NUMBER};
    use crate::percent::Percent;
    use rust_decimal::Decimal;
    // No amount or rate of the rules is below 0 (a negative threshold or fee has no reading).
    // Paths are written only for a number out of bounds (the bundled rules have none).
    let mut within = |path: &dyn Fn() -> String, v: Decimal, max: Decimal, what: &str| {
        if v < Decimal::ZERO || above(v, max) {
            errors.push(invalid(
                &path(),
                &format!("expected {what} from 0 to {max}, found {v}"),
            ));
        }
    };
    let mut amount =
        |path: &dyn Fn() -> String, v: Decimal| within(path, v, MAX_AMOUNT, "an amount");
    for (i, r) in d.thresholds.iter().enumerate() {
        amount(&|| format!("$.thresholds[{i}].amount"), r.amount);
    }
    for (i, r) in d.exclusions.iter().enumerate() {
        if let Some(v) = r.unless_not_exceeding {
            amount(&|| format!("$.exclusions[{i}].unless_not_exceeding"), v);
        }
    }
    for (i, r) in d.postal_duties.iter().enumerate() {
        for (j, t) in r.specific.iter().enumerate() {
            amount(
                &|| format!("$.postal_duties[{i}].specific[{j}].amount"),
                t.amount,
            );
        }
    }
    for (i, r) in d.flat_duties.iter().enumerate() {
        amount(&|| format!("$.flat_duties[{i}].amount"), r.amount);
        amount(&|| format!("$.flat_duties[{i}].max_value"), r.max_value);
    }
    for (i, r) in d.fees.iter().enumerate() {
        for (field, v) in [
            ("amount", r.amount),
            ("min", r.min),
            ("max", r.max),
            ("max_value", r.max_value),
        ] {
            if let Some(v) = v {
                amount(&|| format!("$.fees[{i}].{field}"), v);
            }
        }
    }
    let mut rate = |path: &dyn Fn() -> String, p: Option<Percent>| {
        if let Some(p) = p {
            within(path, p.value(), MAX_RATE_NUMBER, "a rate in percent");
        }
    };
    for (i, r) in d.thresholds.iter().enumerate() {
        rate(&|| format!("$.thresholds[{i}].rate"), r.rate);
    }
    for (i, r) in d.duty_layers.iter().enumerate() {
        rate(&|| format!("$.duty_layers[{i}].rate"), Some(r.rate));
        rate(&|| format!("$.duty_layers[{i}].postal_rate"), r.postal_rate);
    }
    for (i, r) in d.postal_duties.iter().enumerate() {
        if let Some(PostalAdValorem::Fixed { rate: p }) = &r.ad_valorem {
            rate(
                &|| format!("$.postal_duties[{i}].ad_valorem.fixed.rate"),
                Some(*p),
            );
        }
        for (j, t) in r.specific.iter().enumerate() {
            rate(
                &|| format!("$.postal_duties[{i}].specific[{j}].rate_below"),
                t.rate_below,
            );
            rate(
                &|| format!("$.postal_duties[{i}].specific[{j}].rate_not_exceeding"),
                t.rate_not_exceeding,
            );
        }
    }
    for (i, r) in d.fees.iter().enumerate() {
        rate(&|| format!("$.fees[{i}].rate"), r.rate);
    }
    for (i, r) in d.vat_rates.iter().enumerate() {
        rate(&|| format!("$.vat_rates[{i}].rate"), Some(r.rate));
    }
}

fn invalid(path: &str, message: &str) -> Error {
    Error::InvalidRules {
        path: path.to_string(),
        message: message.to_string(),
    }
}

/// Per family: unique ids, `valid_to` after `valid_from`, and within each overlap key rows sorted
/// by `valid_from` and not overlapping.
fn family<T: Dated>(rows: &[T], name: &str, ids: &mut HashSet<String>, errors: &mut Vec<Error>) {
    let mut last: HashMap<String, (usize, &T)> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let path = format!("$.{name}[{i}]");
        if !ids.insert(row.id().to_string()) {
            errors.push(invalid(
                &path,
                &format!("expected unique row ids, found `{}` twice", row.id()),
            ));
        }
        if let Some(to) = row.valid_to() {
            if to <= row.valid_from() {
                errors.push(invalid(
                    &path,
                    &format!("expected valid_to after valid_from in `{}`", row.id()),
                ));
            }
        }
        let key = row.overlap_key();
        if let Some((j, prev)) = last.get(&key) {
            if row.valid_from() < prev.valid_from() {
                errors.push(Error::UnsortedValidity {
                    path: path.clone(),
                    found: format!(
                        "`{}` (from {}) after `{}` (from {}) at {name}[{j}]",
                        row.id(),
                        row.valid_from(),
                        prev.id(),
                        prev.valid_from()
                    ),
                });
            } else if prev.valid_to().is_none_or(|to| to > row.valid_from()) {
                errors.push(Error::OverlappingValidity {
                    path: path.clone(),
                    found: format!(
                        "`{}` [{}, {}) and `{}` [{}, {}) at {name}[{j}]",
                        row.id(),
                        row.valid_from(),
                        row.valid_to().map_or("open".to_string(), |d| d.to_string()),
                        prev.id(),
                        prev.valid_from(),
                        prev.valid_to()
                            .map_or("open".to_string(), |d| d.to_string()),
                    ),
                });
            }
        }
        last.insert(key, (i, row));
    }
}
