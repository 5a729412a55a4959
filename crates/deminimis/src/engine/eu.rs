//! European Union: intrinsic value and customs value, the EUR 150 relief, the EUR 3 flat duty,
//! gifts, the VAT routes (IOSS, special arrangements, import) and national parcel fees.

use super::alloc::{largest, pro_rata};
use super::fx::Purpose;
use super::{fee_rows, minor_unit, round, Converter, Ctx, Found, LazyBasis};
use crate::error::{Error, Errors};
use crate::fx::customs_rate_reference_date;
use crate::percent::Percent;
use crate::quote::{
    DeMinimis, Detail, DutyEntry, FeeLine, Quote, QuoteLine, VatCollected, VatSummary,
};
use crate::rules::{FeeBasis, FlatDutyRule, ThresholdRule};
use crate::shipment::{FlatDutyItem, FlatDutyScope, FrParcelFeeUnit, Kind, Mode, VatRoute};
use crate::text::Text;
use rust_decimal::Decimal;
use smallvec::SmallVec;

const EUR: &str = "EUR";

/// How the consignment's duty is determined.
enum DutyOutcome<'r> {
    /// Relieved (gift up to EUR 45, or the EUR 150 relief before 2026-07-01).
    Relieved,
    /// EUR 3 (or the rule's amount) per item.
    Flat(&'r FlatDutyRule),
    /// The 2.5% flat rate for gifts up to EUR 700.
    GiftFlatRate(&'r ThresholdRule),
    /// The ordinary (erga omnes) rate on every line.
    Ordinary,
}

pub(super) fn quote(ctx: &mut Ctx) -> Result<Quote, Errors> {
    let s = ctx.s;
    let date = ctx.date;
    let rules = ctx.rules;
    let currency = rules
        .currency_in_use_of(&ctx.destination, date)
        .map(|c| c.currency.clone())
        .ok_or_else(|| Error::UnsupportedDestination {
            path: "$.destination".into(),
            found: ctx.destination.to_string(),
            date: date.to_string(),
        })?;
    let minor = minor_unit(rules, &currency)?;
    let eur_minor = minor_unit(rules, EUR)?;
    let ref_date = customs_rate_reference_date(date);
    let sale_date = s.sale_date.unwrap_or(date);
    let mut fx = Converter::new(rules, &s.fx_rates, date);
    // Zero in the minor unit ("0.00"): amounts not given, lines until a duty or VAT is found.
    let zero = round(Decimal::ZERO, minor);

    // Conversions at the customs rate: into EUR (thresholds) and into the destination currency.
    let mut errors = Vec::new();
    let mut to_eur: SmallVec<[Decimal; 4]> = SmallVec::new();
    let mut values: SmallVec<[Decimal; 4]> = SmallVec::new();
    for it in &ctx.items {
        let path = || it.path("unit_price");
        match fx.rate(&s.currency, EUR, ref_date, Purpose::EuCustoms, path) {
            Ok(r) => to_eur.push(round(r.apply(it.total), eur_minor)),
            Err(e) => errors.push(e),
        }
        match fx.rate(&s.currency, &currency, ref_date, Purpose::EuCustoms, path) {
            Ok(r) => values.push(round(r.apply(it.total), minor)),
            Err(e) => errors.push(e),
        }
    }
    let border_src = s.shipping_to_border.unwrap_or(s.shipping);
    let mut conv = |amount: Decimal, name: &str, fx: &mut Converter| -> Decimal {
        // Nothing to convert (an amount the shipment does not give is 0): no rate is needed.
        if amount.is_zero() {
            return zero;
        }
        match fx.rate(&s.currency, &currency, ref_date, Purpose::EuCustoms, || {
            format!("$.{name}")
        }) {
            Ok(r) => round(r.apply(amount), minor),
            Err(e) => {
                errors.push(e);
                Decimal::ZERO
            }
        }
    };
    let shipping = conv(s.shipping, "shipping", &mut fx);
    let to_border = conv(border_src, "shipping_to_border", &mut fx);
    let insurance = conv(s.insurance, "insurance", &mut fx);
    if !errors.is_empty() {
        errors.dedup();
        return Err(Errors::new(errors));
    }
    if currency != EUR {
        ctx.warn("fx_national_rate_approximated", format!(
            "{} is a non-euro member state: customs uses its national rate; the ECB cross rate published on {ref_date} is used instead.",
            ctx.destination
        ));
    }
    let intrinsic_eur: Decimal = to_eur.iter().sum();
    let goods: Decimal = values.iter().sum();
    let onward = shipping - to_border;

    let regime = rules
        .regimes_on(date)
        .find(|r| r.territory == "EU")
        .ok_or_else(|| {
            Errors::from(Error::DateOutOfRange {
                path: "$.date".into(),
                found: date.to_string(),
                first: rules.data_starts().to_string(),
            })
        })?;
    ctx.rule_warning(&regime.warning);
    let (dest, name) = (ctx.destination.clone(), regime.name.clone());
    ctx.step(
        "regime",
        Some(&regime.id),
        move || format!("European Union ({dest}), {name}"),
        &regime.legal_basis,
    );
    if s.currency != EUR || currency != EUR {
        ctx.step_now("currency", None, || format!(
            "Customs exchange rate for {}: the rate published on the penultimate Wednesday of the previous month ({ref_date}); amounts converted per line total, shipping and insurance, rounded half up",
            date.strftime("%Y-%m")
        ), "Regulation (EU) 952/2013 Art 53(1)(a); Regulation (EU) 2015/2447 Art 146");
    }
    let (customs_total, shown_currency) = (goods + to_border + insurance, currency.clone());
    ctx.step("valuation", None, move || format!(
        "Intrinsic value {intrinsic_eur} EUR (goods only, transport and insurance shown separately); customs value {customs_total} {shown_currency} (goods + transport and insurance to the border)",
    ), "UCC-DA 2015/2446 Art 1(48); UCC Art 70-71(1)(e)");
    ctx.warn_excise();

    // Customs value per line.
    let border_shares = pro_rata(to_border, &values, minor);
    let ins_shares = pro_rata(insurance, &values, minor);
    let customs: SmallVec<[Decimal; 4]> = values
        .iter()
        .zip(&border_shares)
        .zip(&ins_shares)
        .map(|((v, b), i)| v + b + i)
        .collect();
    let customs_value: Decimal = customs.iter().sum();

    // Gift exemption (duty and VAT).
    let thresholds: SmallVec<[&ThresholdRule; 8]> = rules
        .thresholds_on(date)
        .filter(|t| t.countries.is_empty() || t.countries.iter().any(|c| *c == ctx.destination))
        .collect();
    // A row for this member state beats a row for every member state.
    let find = |test: &str| {
        thresholds
            .iter()
            .filter(|t| t.test == test)
            .max_by_key(|t| !t.countries.is_empty())
            .copied()
    };
    let gift_exempt = match (s.kind, find("eu_gift")) {
        (Kind::Gift, Some(t)) => {
            let passes = t.comparison.passes(intrinsic_eur, t.amount);
            ctx.step_now(
                "gift",
                Some(&t.id),
                || {
                    format!(
                        "Private gift of intrinsic value {intrinsic_eur} EUR {} {} EUR: {}",
                        if passes {
                            t.comparison.words()
                        } else {
                            "above"
                        },
                        t.amount,
                        if passes {
                            "free of duty and VAT"
                        } else {
                            "VAT on the whole; duty by the rules below"
                        }
                    )
                },
                &t.legal_basis,
            );
            passes.then_some(t)
        }
        _ => None,
    };

    // Duty outcome.
    let relief = find("eu_duty_relief");
    let relief_excluded = ctx
        .exclusions("eu_duty_relief")
        .into_iter()
        .map(|e| {
            (
                e.id.to_string(),
                e.category.clone(),
                e.legal_basis.to_string(),
            )
        })
        .collect::<Vec<_>>();
    let mut de_minimis;
    let vat_route_explicit = s.vat_route;
    let outcome = if let Some(t) = &gift_exempt {
        de_minimis = DeMinimis {
            applies: true,
            threshold: Some(t.amount),
            threshold_currency: Some(t.currency.clone()),
            tested_value: intrinsic_eur,
            basis: Text::from_static("intrinsic value of a non-commercial gift, EUR"),
            reason: format!(
                "Gift not exceeding {} EUR: free of duty and VAT ({})",
                t.amount, t.legal_basis
            )
            .into(),
        };
        DutyOutcome::Relieved
    } else if let Some(t) = relief {
        let passes = t.comparison.passes(intrinsic_eur, t.amount) && relief_excluded.is_empty();
        let reason = if let Some((_, cat, basis)) = relief_excluded.first() {
            Detail::from(format!("{cat} goods are excluded from the EUR {} relief ({basis}): duty on the whole consignment", t.amount))
        } else {
            let (words, amount) = (t.comparison.words(), t.amount);
            Detail::deferred(move || {
                if passes {
                    format!("Intrinsic value {intrinsic_eur} EUR {words} {amount} EUR: relief from import duty")
                } else {
                    format!("Intrinsic value {intrinsic_eur} EUR exceeds {amount} EUR: duty on the whole consignment")
                }
            })
        };
        ctx.step_detail("de_minimis", Some(&t.id), &reason, &t.legal_basis);
        de_minimis = DeMinimis {
            applies: passes,
            threshold: Some(t.amount),
            threshold_currency: Some(t.currency.clone()),
            tested_value: intrinsic_eur,
            basis: Text::from_static("intrinsic value of the consignment, EUR"),
            reason,
        };
        if passes {
            DutyOutcome::Relieved
        } else if s.kind == Kind::Gift {
            gift_flat_or_ordinary(ctx, find("eu_gift_flat_rate"), intrinsic_eur)
        } else {
            DutyOutcome::Ordinary
        }
    } else {
        let flat = rules.flat_duties_on(date).find(|f| f.territory == "EU");
        // The threshold shown is the one that matters for this consignment: the gift limit for
        // gifts, else the EUR 150 low-value consignment limit (flat duty, IOSS).
        let (shown, basis) = if s.kind == Kind::Gift {
            (
                find("eu_gift"),
                "intrinsic value of a non-commercial gift, EUR",
            )
        } else {
            (
                find("eu_low_value_consignment"),
                "intrinsic value of the consignment, EUR",
            )
        };
        de_minimis = DeMinimis {
            applies: false,
            threshold: shown.as_ref().map(|t| t.amount),
            threshold_currency: shown.as_ref().map(|t| t.currency.clone()),
            tested_value: intrinsic_eur,
            basis: Text::from_static(basis),
            reason: match shown {
                // The amounts are the data's: the gift relief (EUR 45 since 2009) and the
                // duty relief that has ended (EUR 150 until 2026-07-01).
                Some(t) if s.kind == Kind::Gift => {
                    let ended = rules
                        .data
                        .thresholds
                        .iter()
                        .filter(|r| {
                            r.test == "eu_duty_relief" && r.valid_to.is_some_and(|to| to <= date)
                        })
                        .max_by_key(|r| r.valid_to)
                        .map(|r| format!(" {} {}", r.currency, r.amount.normalize()))
                        .unwrap_or_default();
                    format!(
                        "Gift above the {} {} relief, and no{ended} duty relief on this date",
                        t.currency,
                        t.amount.normalize()
                    )
                    .into()
                }
                _ => "No customs duty relief for low-value consignments on this date".into(),
            },
        };
        match flat {
            Some(f) if f.kinds.contains(&s.kind) && intrinsic_eur <= f.max_value => {
                let in_scope = match s.options.eu_flat_duty_scope {
                    FlatDutyScope::AllSales => {
                        ctx.warn("eu_flat_duty_scope_disputed", "EUR 3 flat duty applied to every B2C distance sale whatever the VAT route (Commission guidance); Regulation 2026/382 as summarised limits it to IOSS and postal consignments (option eu_flat_duty_scope: \"ioss_or_postal\").".into());
                        true
                    }
                    FlatDutyScope::IossOrPostal => {
                        let route_ioss = vat_route_explicit.map_or_else(
                            || default_route_is_ioss(ctx, intrinsic_eur),
                            |r| r == VatRoute::Ioss,
                        );
                        route_ioss || s.mode == Mode::Postal
                    }
                };
                if in_scope {
                    let (max, amount, cur) = (f.max_value, f.amount, f.currency.clone());
                    de_minimis.reason = Detail::deferred(move || {
                        format!("Intrinsic value {intrinsic_eur} EUR not exceeding {max} EUR: the {amount} {cur} flat duty per item replaces the ordinary rate")
                    });
                    ctx.step_detail(
                        "de_minimis",
                        Some(&f.id),
                        &de_minimis.reason,
                        &f.legal_basis,
                    );
                    DutyOutcome::Flat(f)
                } else {
                    de_minimis.reason = "Outside the scope of the flat duty (option eu_flat_duty_scope = ioss_or_postal): ordinary duty".into();
                    ctx.step_detail(
                        "de_minimis",
                        Some(&f.id),
                        &de_minimis.reason,
                        &f.legal_basis,
                    );
                    DutyOutcome::Ordinary
                }
            }
            _ if s.kind == Kind::Gift => {
                gift_flat_or_ordinary(ctx, find("eu_gift_flat_rate"), intrinsic_eur)
            }
            _ => {
                ctx.step_now(
                    "de_minimis",
                    None,
                    || "No relief applies: ordinary duty on the whole consignment".into(),
                    &regime.legal_basis,
                );
                DutyOutcome::Ordinary
            }
        }
    };

    // Duties per line.
    let mut lines: Vec<QuoteLine> = ctx
        .items
        .iter()
        .zip(&values)
        .zip(&customs)
        .map(|((it, v), c)| QuoteLine {
            hs_code: it.hs.clone(),
            origin: it.origin.clone(),
            value: *v,
            customs_value: *c,
            duties: Vec::new(),
            duty: zero,
            vat_rate: None,
            vat: zero,
        })
        .collect();
    match &outcome {
        DutyOutcome::Relieved => {}
        DutyOutcome::Ordinary | DutyOutcome::GiftFlatRate(_) => {
            // Specific EU duties are in EUR: converted at the customs rate of the month, looked
            // up (and listed in `fx`) only for a line whose rate is not a single percentage, so
            // may have an amount in EUR (a seasonal or bounded percentage is looked up too).
            let mut eur_to_dest: Option<Decimal> = None;
            let mut errs = Vec::new();
            let items = std::mem::take(&mut ctx.items);
            for (i, it) in items.iter().enumerate() {
                let rate = match it.ordinary_rate(ctx, "EU") {
                    Ok(r) => r,
                    Err(e) => {
                        errs.push(e);
                        continue;
                    }
                };
                let base = customs.get(i).copied().unwrap_or_default();
                let (measure, shown, exact, basis) = match &outcome {
                    DutyOutcome::GiftFlatRate(t) => {
                        // "0 where the ordinary rate is free": written `Free` (the US form)
                        // or `0%` (the CCT's).
                        let r = if rate
                            .ad_valorem()
                            .is_some_and(|p| p.whole.is_zero() && p.fraction.is_none())
                        {
                            Percent::ZERO
                        } else {
                            t.rate.unwrap_or_default()
                        };
                        (
                            "eu_gift_flat_rate",
                            Text::from(r.to_string()),
                            r.of(base),
                            t.legal_basis.clone(),
                        )
                    }
                    _ => {
                        if eur_to_dest.is_none() && currency != EUR && rate.ad_valorem().is_none() {
                            let r = fx.rate(EUR, &currency, ref_date, Purpose::EuCustoms, || {
                                "$.currency".into()
                            });
                            match r {
                                Ok(r) => eur_to_dest = Some(r.apply(Decimal::ONE)),
                                Err(e) => {
                                    // Once for the parcel, not once per line.
                                    if !errs.contains(&e) {
                                        errs.push(e);
                                    }
                                    continue;
                                }
                            }
                        }
                        let convert = |c: &str| match c {
                            c if c == currency => Some(Decimal::ONE),
                            EUR => eur_to_dest,
                            _ => None,
                        };
                        let evaluation = match rate.evaluate(&it.rate_input(base, date), convert) {
                            Ok(e) => e,
                            Err(e) => {
                                errs.push(it.rate_error(e));
                                continue;
                            }
                        };
                        if let Some(c) = &evaluation.condition {
                            ctx.warn(
                                "rate_condition",
                                format!(
                                    "Line {}: the rate {} is free only {c}.",
                                    i + 1,
                                    rate.text()
                                ),
                            );
                        }
                        let basis = if it.duty_rate.is_some() {
                            "Common Customs Tariff, Regulation (EEC) 2658/87 Annex I: erga omnes (third-country) rate given in the item's duty_rate"
                        } else {
                            "Common Customs Tariff, Regulation (EEC) 2658/87 Annex I: erga omnes (third-country) rate (bundled table: the 2020 CET on CN2026 codes)"
                        };
                        (
                            "eu_duty",
                            rate.shared_text().clone(),
                            evaluation.duty,
                            Text::from_static(basis),
                        )
                    }
                };
                let amount = round(exact, minor);
                let (rate_shown, cur) = (shown.clone(), currency.clone());
                ctx.step(
                    "duty",
                    None,
                    move || {
                        format!(
                            "Line {}: {measure} {rate_shown} on {base} {cur} = {amount} {cur}",
                            i + 1
                        )
                    },
                    &basis,
                );
                if let Some(l) = lines.get_mut(i) {
                    l.duties.push(DutyEntry {
                        measure: Text::from_static(measure),
                        heading: None,
                        rate: shown,
                        base,
                        amount,
                        legal_basis: basis,
                    });
                }
            }
            ctx.items = items;
            if !errs.is_empty() {
                return Err(Errors::new(errs));
            }
        }
        DutyOutcome::Flat(f) => {
            let rate = fx
                .rate(&f.currency, &currency, ref_date, Purpose::EuCustoms, || {
                    "$.date".into()
                })
                .map_err(Errors::from)?;
            let amount = round(rate.apply(f.amount), minor);
            let by_line = s.options.eu_flat_duty_item == FlatDutyItem::Line;
            if !by_line {
                ctx.warn("eu_flat_duty_item_disputed", "EUR 3 counted per distinct 6-digit subheading (Council example); practice may count each declaration line (option eu_flat_duty_item: \"line\").".into());
            }
            let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
            for (i, it) in ctx.items.iter().enumerate() {
                let key = if by_line {
                    i.to_string()
                } else {
                    it.hs6().to_string()
                };
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, m)) => m.push(i),
                    None => groups.push((key, vec![i])),
                }
            }
            let unit = if by_line {
                "declaration line"
            } else {
                "distinct 6-digit subheading"
            };
            for (key, members) in &groups {
                let vals: Vec<Decimal> = members
                    .iter()
                    .map(|&i| values.get(i).copied().unwrap_or_default())
                    .collect();
                let at = members.get(largest(&vals)).copied().unwrap_or(0);
                let base: Decimal = members
                    .iter()
                    .map(|&i| customs.get(i).copied().unwrap_or_default())
                    .sum();
                if let Some(l) = lines.get_mut(at) {
                    l.duties.push(DutyEntry {
                        measure: "eu_flat_duty".into(),
                        heading: None,
                        rate: format!("{} {} per {unit}", f.amount, f.currency).into(),
                        base,
                        amount,
                        legal_basis: f.legal_basis.clone(),
                    });
                }
                let label = if by_line {
                    format!("line {}", at + 1)
                } else {
                    format!("subheading {key}")
                };
                ctx.step_now(
                    "duty",
                    Some(&f.id),
                    || format!("{label}: flat duty {amount} {currency}"),
                    &f.legal_basis,
                );
            }
            ctx.rule_warning(&f.warning);
        }
    }
    for l in &mut lines {
        l.duty = round(l.duties.iter().map(|d| d.amount).sum(), minor);
    }
    let duty: Decimal = round(lines.iter().map(|l| l.duty).sum(), minor);

    // VAT.
    let standard = rules.vat_rate_of(&ctx.destination, date);
    // IOSS VAT is chargeable when the payment is accepted (Art 369n Directive 2006/112/EC), and
    // a supply is taxed at the rate in force then (Art 93): the rate of the sale date.
    let standard_at_sale = match sale_date == date {
        true => standard,
        false => rules.vat_rate_of(&ctx.destination, sale_date),
    };
    let vat = vat(
        ctx,
        &mut fx,
        VatInput {
            gift_exempt: gift_exempt.is_some(),
            intrinsic_eur,
            thresholds: &thresholds,
            standard,
            standard_at_sale,
            customs: &customs,
            values: &values,
            onward,
            currency: &currency,
            minor,
            sale_date,
        },
        &mut lines,
    )?;

    // National fees (never in the VAT base).
    let fees = national_fees(
        ctx,
        &mut fx,
        intrinsic_eur,
        customs_value,
        &currency,
        minor,
        ref_date,
    )?;
    Ok(ctx.finish(Found {
        currency,
        minor,
        regime,
        de_minimis,
        goods,
        shipping,
        insurance,
        customs_value,
        lines,
        duty,
        vat,
        fees,
        fx,
    }))
}

fn gift_flat_or_ordinary<'r>(
    ctx: &mut Ctx,
    flat: Option<&'r ThresholdRule>,
    intrinsic_eur: Decimal,
) -> DutyOutcome<'r> {
    match flat {
        Some(t) if t.comparison.passes(intrinsic_eur, t.amount) => {
            ctx.step_now("duty_method", Some(&t.id), || format!(
                "Non-commercial gift of {intrinsic_eur} EUR not exceeding {} EUR: flat rate {} (0 where the ordinary rate is free)",
                t.amount,
                t.rate.unwrap_or_default()
            ), &t.legal_basis);
            DutyOutcome::GiftFlatRate(t)
        }
        _ => DutyOutcome::Ordinary,
    }
}

fn default_route_is_ioss(ctx: &Ctx, intrinsic_eur: Decimal) -> bool {
    let lvc = ctx
        .rules
        .thresholds_on(ctx.date)
        .find(|t| t.test == "eu_low_value_consignment");
    ctx.s.kind == Kind::Sale
        && lvc.is_some_and(|t| t.comparison.passes(intrinsic_eur, t.amount))
        && ctx.exclusions("eu_ioss").is_empty()
}

struct VatInput<'a> {
    gift_exempt: bool,
    intrinsic_eur: Decimal,
    thresholds: &'a [&'a ThresholdRule],
    /// The standard rate's row on the date of importation.
    standard: Option<&'a crate::rules::VatRateRule>,
    /// The standard rate's row on the sale date (IOSS).
    standard_at_sale: Option<&'a crate::rules::VatRateRule>,
    customs: &'a [Decimal],
    values: &'a [Decimal],
    onward: Decimal,
    currency: &'a Text,
    minor: u32,
    sale_date: jiff::civil::Date,
}

fn vat(
    ctx: &mut Ctx,
    fx: &mut Converter,
    v: VatInput,
    lines: &mut [QuoteLine],
) -> Result<VatSummary, Errors> {
    let s = ctx.s;
    let zero = round(Decimal::ZERO, v.minor);
    let none = |route: Option<&'static str>| VatSummary {
        amount: zero,
        rate: None,
        base: zero,
        collected: VatCollected::None,
        route: route.map(Text::from_static),
    };
    if v.gift_exempt {
        return Ok(none(None));
    }
    let lvc = v
        .thresholds
        .iter()
        .find(|t| t.test == "eu_low_value_consignment")
        .copied();
    let low_value = v
        .thresholds
        .iter()
        .find(|t| t.test == "eu_vat_low_value")
        .copied();
    let path = || "$.vat_route".to_string();
    // Before 2021-07-01: the low-value VAT exemption, and no IOSS or special arrangements.
    if lvc.is_none() {
        if let Some(route) = s.vat_route.filter(|r| *r != VatRoute::Import) {
            return Err(Error::VatRouteNotApplicable {
                path: path(),
                expected: format!("\"import\" before 2021-07-01 (IOSS and special arrangements start with Directive (EU) 2017/2455 on 2021-07-01) on {}", ctx.date),
                found: route.as_str().into(),
            }
            .into());
        }
        if let Some(t) = low_value {
            let excluded = ctx.exclusions("eu_vat_low_value");
            let passes = t.comparison.passes(v.intrinsic_eur, t.amount) && excluded.is_empty();
            if passes {
                ctx.rule_warning(&t.warning);
                ctx.step_now("vat", Some(&t.id), || format!("Intrinsic value {} EUR {} {} EUR: import VAT exemption for small consignments", v.intrinsic_eur, t.comparison.words(), t.amount), &t.legal_basis);
                return Ok(none(None));
            }
            let why = excluded
                .first()
                .map(|e| format!("{} goods are excluded", e.category))
                .unwrap_or_else(|| {
                    format!(
                        "intrinsic value {} EUR exceeds {} EUR",
                        v.intrinsic_eur, t.amount
                    )
                });
            ctx.step_now(
                "vat",
                Some(&t.id),
                || format!("No small-consignment VAT exemption: {why}"),
                &t.legal_basis,
            );
        }
        return import_vat(ctx, v, lines, VatRoute::Import);
    }
    let ioss_excluded = !ctx.exclusions("eu_ioss").is_empty();
    let within = lvc
        .as_ref()
        .is_some_and(|t| t.comparison.passes(v.intrinsic_eur, t.amount));
    let route = match s.vat_route {
        Some(VatRoute::Ioss) => {
            if s.kind != Kind::Sale {
                return Err(Error::VatRouteNotApplicable { path: path(), expected: "\"import\": IOSS is for distance sales to consumers (kind \"sale\"), Art 369l Directive 2006/112/EC".into(), found: "ioss".into() }.into());
            }
            if !within {
                return Err(Error::IossAboveThreshold {
                    path: path(),
                    found: v.intrinsic_eur.to_string(),
                    threshold: lvc
                        .as_ref()
                        .map(|t| t.amount.to_string())
                        .unwrap_or_default(),
                }
                .into());
            }
            if ioss_excluded {
                return Err(Error::VatRouteNotApplicable { path: path(), expected: "\"import\": excise goods cannot use IOSS (Art 369l(1)(b) Directive 2006/112/EC)".into(), found: "ioss".into() }.into());
            }
            VatRoute::Ioss
        }
        Some(VatRoute::Special) => {
            if !within || ioss_excluded {
                // The limit is the low-value consignment threshold of the data (EUR 150).
                let limit = lvc
                    .map(|t| format!("{} {}", t.currency, t.amount.normalize()))
                    .unwrap_or_default();
                return Err(Error::VatRouteNotApplicable { path: path(), expected: format!("\"import\": special arrangements cover non-excise consignments not exceeding {limit} (Art 369y Directive 2006/112/EC)"), found: "special".into() }.into());
            }
            VatRoute::Special
        }
        Some(VatRoute::Import) => VatRoute::Import,
        None => {
            if default_route_is_ioss(ctx, v.intrinsic_eur) {
                VatRoute::Ioss
            } else {
                VatRoute::Import
            }
        }
    };
    if route == VatRoute::Ioss {
        // A sale date before the member state's first VAT row in the data is the caller's to
        // mend, not a fault of the rules.
        if v.standard_at_sale.is_none() && v.standard.is_some() {
            return Err(Error::InvalidValue {
                path: "$.sale_date".into(),
                expected: format!(
                    "a sale date on which the data has a standard VAT rate of {}",
                    ctx.destination
                ),
                found: v.sale_date.to_string(),
            }
            .into());
        }
        let standard = v.standard_at_sale;
        return ioss_vat(ctx, fx, VatInput { standard, ..v }, lines);
    }
    import_vat(ctx, v, lines, route)
}

fn line_rate(
    ctx: &mut Ctx,
    i: usize,
    given: Option<Percent>,
    route: VatRoute,
    standard: Option<Percent>,
) -> Result<Percent, Error> {
    let std = |ctx: &Ctx| {
        standard.ok_or_else(|| Error::InvalidRules {
            path: "$.vat_rates".into(),
            message: format!(
                "no standard VAT rate for {} on {}",
                ctx.destination, ctx.date
            ),
        })
    };
    match (given, route) {
        (Some(r), VatRoute::Special) => {
            ctx.warn("reduced_rate_ignored", format!("Line {}: special arrangements apply the standard rate; the given rate {r} is ignored (Art 369zb Directive 2006/112/EC).", i + 1));
            std(ctx)
        }
        (Some(r), _) => Ok(r),
        (None, _) => std(ctx),
    }
}

/// VAT of the lines (and IOSS invoice lines) as they are taxed: the sums, and the rates.
#[derive(Default)]
struct VatTally {
    amount: Decimal,
    base: Decimal,
    rates: SmallVec<[Percent; 4]>,
}

impl VatTally {
    fn add(&mut self, rate: Percent, base: Decimal, amount: Decimal) {
        self.amount += amount;
        self.base += base;
        self.rates.push(rate);
    }

    /// The parcel's VAT: the rate is shown when every line has the same one.
    fn summary(self, collected: VatCollected, route: VatRoute) -> VatSummary {
        let uniform = self
            .rates
            .first()
            .copied()
            .filter(|r| self.rates.iter().all(|x| x == r));
        VatSummary {
            amount: self.amount,
            rate: uniform,
            base: self.base,
            collected,
            route: Some(Text::from_static(route.as_str())),
        }
    }
}

impl VatInput<'_> {
    /// The standard rate, its legal basis and its row id, when the member state has one.
    fn standard_parts(&self) -> (Option<Percent>, Text, Option<Text>) {
        match self.standard {
            Some(v) => (Some(v.rate), v.legal_basis.clone(), Some(v.id.clone())),
            None => (None, Text::default(), None),
        }
    }
}

fn import_vat(
    ctx: &mut Ctx,
    v: VatInput,
    lines: &mut [QuoteLine],
    route: VatRoute,
) -> Result<VatSummary, Errors> {
    let (standard, basis, vat_id) = v.standard_parts();
    let onward_shares = pro_rata(v.onward, v.values, v.minor);
    let mut tally = VatTally::default();
    for i in 0..lines.len() {
        let given = ctx.items.get(i).and_then(|it| it.vat_rate);
        let rate = line_rate(ctx, i, given, route, standard).map_err(Errors::from)?;
        let Some(line) = lines.get_mut(i) else {
            continue;
        };
        let base = v.customs.get(i).copied().unwrap_or_default()
            + line.duty
            + onward_shares.get(i).copied().unwrap_or_default();
        let amount = round(rate.of(base), v.minor);
        line.vat_rate = Some(rate);
        line.vat = amount;
        tally.add(rate, base, amount);
    }
    let (total, base_total) = (tally.amount, tally.base);
    let label = match route {
        VatRoute::Special => "special arrangements (collected by the carrier from the buyer)",
        _ => "import VAT at release",
    };
    let cur = v.currency.clone();
    ctx.step("vat", vat_id.as_ref(), move || format!(
        "VAT {label}: rate × (customs value + duty + transport after the border) = {total} {cur} on {base_total}",
    ), LazyBasis(|| format!("Directive 2006/112/EC Arts 85-86 (taxable amount) and 201; {basis}")));
    Ok(tally.summary(VatCollected::AtImport, route))
}

fn ioss_vat(
    ctx: &mut Ctx,
    fx: &mut Converter,
    v: VatInput,
    lines: &mut [QuoteLine],
) -> Result<VatSummary, Errors> {
    let s = ctx.s;
    let (standard, basis, vat_id) = v.standard_parts();
    // The invoice's lines, at the ECB rate of the sale date.
    let mut errs = Vec::new();
    let mut tally = VatTally::default();
    let items = std::mem::take(&mut ctx.items);
    for (i, it) in items.iter().enumerate() {
        let rate = match line_rate(ctx, i, it.vat_rate, VatRoute::Ioss, standard) {
            Ok(r) => r,
            Err(e) => {
                ctx.items = items;
                return Err(e.into());
            }
        };
        let value = match fx.rate(
            &s.currency,
            v.currency,
            v.sale_date,
            Purpose::EuSale,
            || it.path("unit_price"),
        ) {
            Ok(r) => round(r.apply(it.total), v.minor),
            Err(e) => {
                errs.push(e);
                continue;
            }
        };
        let amount = round(rate.of(value), v.minor);
        if let Some(line) = lines.get_mut(i) {
            line.vat_rate = Some(rate);
            line.vat = amount;
        }
        tally.add(rate, value, amount);
    }
    ctx.items = items;
    // Delivery and insurance are invoice lines of their own, at the standard rate.
    for (name, amount) in [("shipping", s.shipping), ("insurance", s.insurance)] {
        if amount.is_zero() {
            continue;
        }
        let std = standard.ok_or_else(|| {
            Errors::from(Error::InvalidRules {
                path: "$.vat_rates".into(),
                message: format!("no standard VAT rate for {}", ctx.destination),
            })
        })?;
        match fx.rate(
            &s.currency,
            v.currency,
            v.sale_date,
            Purpose::EuSale,
            || format!("$.{name}"),
        ) {
            Ok(r) => {
                let value = round(r.apply(amount), v.minor);
                let vat = round(std.of(value), v.minor);
                let cur = v.currency.clone();
                ctx.step(
                    "vat",
                    None,
                    move || format!("IOSS invoice line {name}: {std} × {value} = {vat} {cur}"),
                    &basis,
                );
                tally.add(std, value, vat);
            }
            Err(e) => errs.push(e),
        }
    }
    if !errs.is_empty() {
        return Err(Errors::new(errs));
    }
    let (total, cur) = (tally.amount, v.currency.clone());
    ctx.step("vat", vat_id.as_ref(), move || format!(
        "IOSS: VAT of the member state of destination charged at sale on the goods, delivery and insurance = {total} {cur}; import VAT exempt",
    ), LazyBasis(|| format!("Directive 2006/112/EC Arts 369l-369x, Art 143(1)(ca), Art 73; {basis}")));
    Ok(tally.summary(VatCollected::AtSale, VatRoute::Ioss))
}

fn national_fees(
    ctx: &mut Ctx,
    fx: &mut Converter,
    intrinsic_eur: Decimal,
    customs_value: Decimal,
    currency: &str,
    minor: u32,
    ref_date: jiff::civil::Date,
) -> Result<Vec<FeeLine>, Errors> {
    let s = ctx.s;
    let mut out = Vec::new();
    for (f, carried) in fee_rows(ctx.rules, "EU", &ctx.destination, ctx.date) {
        if !f.applies_to(s.mode, s.kind) {
            continue;
        }
        if let Some(max) = f.max_value {
            if !f.comparison.passes(intrinsic_eur, max) {
                continue;
            }
        }
        let unit_amount = f.amount.unwrap_or_default();
        let rate = fx
            .rate(&f.currency, currency, ref_date, Purpose::EuCustoms, || {
                "$.destination".into()
            })
            .map_err(Errors::from)?;
        let (count, unit) = match f.basis {
            FeeBasis::PerSubheading
                if f.disputed_unit && s.options.fr_parcel_fee_unit == FrParcelFeeUnit::Article =>
            {
                (
                    ctx.items.iter().map(|i| i.quantity.ceil()).sum::<Decimal>(),
                    "article",
                )
            }
            FeeBasis::PerSubheading => {
                if f.disputed_unit {
                    ctx.warn("fr_fee_unit_disputed", format!("{} counted per distinct 6-digit subheading; sources also read it per article (option fr_parcel_fee_unit: \"article\").", f.name));
                }
                let mut hs6: Vec<&str> = ctx.items.iter().map(|i| i.hs6()).collect();
                hs6.sort_unstable();
                hs6.dedup();
                (Decimal::from(hs6.len()), "subheading")
            }
            FeeBasis::Flat => (Decimal::ONE, "consignment"),
            FeeBasis::AdValorem => (Decimal::ONE, "consignment (ad valorem)"),
        };
        if f.basis == FeeBasis::AdValorem {
            let rated = f.rate.unwrap_or_default().of(customs_value);
            let amount = round(rated, minor);
            ctx.rule_warning(&f.warning);
            ctx.step_now("fee", Some(&f.id), || format!("{}: {} of {customs_value} {currency} = {amount} {currency} (not in the VAT base)", f.name, f.rate.unwrap_or_default()), &f.legal_basis);
            out.push(FeeLine {
                id: f.fee.clone(),
                name: f.name.clone(),
                amount,
                legal_basis: f.legal_basis.clone(),
            });
            continue;
        }
        let amount = round(rate.apply(unit_amount) * count, minor);
        if let Some(msg) = carried {
            ctx.warn("fee_value_assumed", msg);
        }
        ctx.rule_warning(&f.warning);
        ctx.step_now("fee", Some(&f.id), || format!("{}: {count} × {unit_amount} {} per {unit} = {amount} {currency} (not in the VAT base)", f.name, f.currency), &f.legal_basis);
        out.push(FeeLine {
            id: f.fee.clone(),
            name: f.name.clone(),
            amount,
            legal_basis: f.legal_basis.clone(),
        });
    }
    Ok(out)
}
