//! United States: Section 321 de minimis, the international-mail duty regimes, ordinary duties
//! with their origin layers and 19 CFR 159.3 whole-dollar values, and user fees.

use super::alloc::{largest, whole_dollar_groups, whole_dollar_lines};
use super::fx::Purpose;
use super::{fee_rows, minor_unit, origin_matches, round, Converter, Ctx, Found, Item};
use crate::error::{Error, Errors};
use crate::money::Plain;
use crate::percent::Percent;
use crate::quote::{
    DeMinimis, Detail, DutyEntry, FeeLine, Quote, QuoteLine, VatCollected, VatSummary,
};
use crate::rules::{
    Dated, DutyLayerRule, FeeBasis, FeeWhen, LayerMethod, PostalAdValorem, PostalRule, RuleSet,
    StackingRule,
};
use crate::shipment::{Kind, Mode, PostalMethod};
use crate::tariff::rate::Rate;
use crate::text::Text;
use jiff::civil::Date;
use rust_decimal::Decimal;
use smallvec::{smallvec, SmallVec};

const USD: &str = "USD";
const ROUNDING_159_3: &str = "19 CFR 159.3(a): ad valorem rates apply to values in whole dollars";

/// A duty layer resolved for one line.
struct Layer {
    rule_id: Option<Text>,
    measure: Text,
    heading: Option<Text>,
    rate: Percent,
    /// A rate that is not a single percentage (specific or compound MFN), evaluated on the base.
    expr: Option<Box<Rate>>,
    /// The rate as shown: the tariff's or the item's text, or the rule row's rate.
    label: Option<Text>,
    legal_basis: Text,
    base: LayerBase,
}

/// What part of the line's value a layer applies to.
enum LayerBase {
    /// The whole (whole-dollar) value.
    Full,
    /// A Section 232 metal measure: the declared metal content in USD, or the whole value when
    /// the good is in the measure's product list and no content is declared.
    Metal(Option<Decimal>),
    /// The whole value less the part covered by these measures (EO 14289).
    Less(Vec<String>),
}

/// The numbers of one duty's trace sentence.
struct DutySentence {
    line: usize,
    measure: Text,
    rate: Text,
    base: Decimal,
    amount: Decimal,
}

impl DutySentence {
    fn write(&self) -> String {
        format!(
            "Line {}: {} {} on {} USD = {} USD",
            self.line,
            self.measure,
            self.rate,
            Plain(self.base),
            Plain(self.amount)
        )
    }
}

/// How a line is dutiable.
enum LineDuty {
    /// Ad valorem layers on the line's whole-dollar value.
    AdValorem(Vec<Layer>),
    /// Covered by a per-package specific postal duty (charged once on the package).
    PostalSpecific,
}

/// A layer row chosen for a line.
struct Chosen<'r> {
    /// Index of the row in `duty_layers`.
    index: usize,
    rule: &'r DutyLayerRule,
    /// The row's measure (see `LayerMeta::measure`).
    measure: usize,
    /// Within a measure: names the origin, has a product list, rate.
    rank: (bool, bool, Percent),
    /// The first row of the measure that applies to the item (measures keep the rules' order).
    first: usize,
}

pub(super) fn quote(ctx: &mut Ctx) -> Result<Quote, Errors> {
    let rules = ctx.rules;
    let s = ctx.s;
    let date = ctx.date;
    let export_date = s.export_date.unwrap_or(date);
    // Every amount of the quote is in USD, rounded to its minor unit (the currency table's).
    let minor = minor_unit(rules, USD)?;
    // Zero in the minor unit ("0.00"): amounts not given, lines until a duty is found.
    let zero = round(Decimal::ZERO, minor);
    let mut fx = Converter::new(ctx.rules, &s.fx_rates, date);
    let conv = |amount: Decimal,
                path: &dyn Fn() -> String,
                fx: &mut Converter|
     -> Result<Decimal, Error> {
        let rate = fx.rate(&s.currency, USD, export_date, Purpose::UsExport, path)?;
        Ok(round(rate.apply(amount), minor))
    };
    let mut errors = Vec::new();
    // Per line, on the stack for a few lines.
    let mut values: SmallVec<[Decimal; 4]> = SmallVec::with_capacity(ctx.items.len());
    let mut contents: SmallVec<[Option<Decimal>; 4]> = SmallVec::with_capacity(ctx.items.len());
    for it in &ctx.items {
        match conv(it.total, &|| it.path("unit_price"), &mut fx) {
            Ok(v) => values.push(v),
            Err(e) => errors.push(e),
        }
        match it
            .section_232
            .map(|(_, c)| conv(c, &|| it.path("section_232.content_value"), &mut fx))
        {
            Some(Ok(c)) => contents.push(Some(c)),
            Some(Err(e)) => errors.push(e),
            None => contents.push(None),
        }
    }
    let mut other = [Decimal::ZERO; 3];
    for (slot, (name, amount)) in other.iter_mut().zip([
        ("shipping", s.shipping),
        ("insurance", s.insurance),
        ("same_day_value", s.same_day_value),
    ]) {
        // Nothing to convert (an amount the shipment does not give is 0): no rate is needed.
        if amount.is_zero() {
            *slot = zero;
            continue;
        }
        match conv(amount, &|| format!("$.{name}"), &mut fx) {
            Ok(v) => *slot = v,
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.dedup();
        return Err(Errors::new(errors));
    }
    let [shipping, insurance, same_day] = other;
    if s.currency != USD && fx.used_bundled {
        ctx.warn("fx_not_certified", format!(
            "{} converted at the ECB reference cross rate for the export date {export_date}: the law wants the FRBNY certified rate (19 CFR 159.31-159.35).",
            s.currency
        ));
    }
    let goods: Decimal = values.iter().sum();
    let tested = goods + same_day;

    // Regime.
    let regime = rules.regimes_on(date).find(|r| r.territory == "US");
    let regime = match regime {
        Some(r) => r,
        None => {
            return Err(Error::DateOutOfRange {
                path: "$.date".into(),
                found: date.to_string(),
                first: ctx.rules.data_starts().to_string(),
            }
            .into())
        }
    };
    ctx.rule_warning(&regime.warning);
    let name = regime.name.clone();
    ctx.step(
        "regime",
        Some(&regime.id),
        move || format!("United States, {name}"),
        &regime.legal_basis,
    );
    if s.currency != USD {
        ctx.step_now("currency", None, || format!("Amounts converted from {} to USD per line total, shipping and insurance, each rounded half up to the cent", s.currency), "19 CFR 159.32 (date of exportation)");
    }

    // De minimis.
    let de_minimis = de_minimis(ctx, tested, s.same_day_value.is_zero());
    ctx.warn_excise();
    let exempt = de_minimis.applies;

    // Duties.
    let mut lines: Vec<QuoteLine> = ctx
        .items
        .iter()
        .zip(&values)
        .map(|(it, v)| QuoteLine {
            hs_code: it.hs.clone(),
            origin: it.origin.clone(),
            value: *v,
            customs_value: *v,
            duties: Vec::new(),
            duty: zero,
            vat_rate: None,
            vat: zero,
        })
        .collect();
    let mut ordinary_any = false;
    if !exempt {
        ordinary_any = duties(ctx, minor, &values, &contents, &mut lines)?;
    }
    for l in &mut lines {
        l.duty = round(l.duties.iter().map(|d| d.amount).sum(), minor);
    }
    let duty: Decimal = round(lines.iter().map(|l| l.duty).sum(), minor);

    // Fees.
    let fees = if exempt {
        Vec::new()
    } else {
        fees(ctx, minor, &values, goods, ordinary_any)
    };
    Ok(ctx.finish(Found {
        currency: Text::from_static(USD),
        minor,
        regime,
        de_minimis,
        goods,
        shipping,
        insurance,
        customs_value: goods,
        lines,
        duty,
        vat: VatSummary {
            amount: round(Decimal::ZERO, minor),
            rate: None,
            base: round(Decimal::ZERO, minor),
            collected: VatCollected::None,
            route: None,
        },
        fees,
        fx,
    }))
}

/// The Section 321 test (and the bona fide gift exemption for gifts).
fn de_minimis(ctx: &mut Ctx, tested: Decimal, no_same_day: bool) -> DeMinimis {
    let rules = ctx.rules;
    let date = ctx.date;
    let basis = Text::from_static(if no_same_day {
        "fair retail value of the goods (quantity × unit price, without shipping), USD"
    } else {
        "fair retail value of the goods plus other goods imported by the same person the same day, USD"
    });
    // Gifts first: they keep their own exemption throughout.
    if ctx.s.kind == Kind::Gift {
        let gift = rules.thresholds_on(date).find(|t| t.test == "us_gift");
        if let Some(t) = gift {
            let excluded = excluded_by(ctx, "us_gift", tested);
            let passes = t.comparison.passes(tested, t.amount) && excluded.is_none();
            let reason: Detail = match (&excluded, passes) {
                (Some(why), _) => format!("Bona fide gift exemption not available: {why}"),
                (None, true) => format!(
                    "Bona fide gift of {tested} USD {} {} USD: free of duty and fees",
                    t.comparison.words(),
                    t.amount
                ),
                (None, false) => format!(
                    "Gift of {tested} USD exceeds the {} USD gift exemption",
                    t.amount
                ),
            }
            .into();
            ctx.step_detail("de_minimis", Some(&t.id), &reason, &t.legal_basis);
            if passes {
                return DeMinimis {
                    applies: true,
                    threshold: Some(t.amount),
                    threshold_currency: Some(t.currency.clone()),
                    tested_value: tested,
                    basis,
                    reason,
                };
            }
        }
    }
    let threshold = rules
        .thresholds_on(date)
        .find(|t| t.test == "us_de_minimis");
    let Some(t) = threshold else {
        let reason =
            Detail::from("No Section 321 de minimis exists on this date for commercial shipments");
        ctx.step_detail("de_minimis", None, &reason, "Pub. L. 119-21");
        return DeMinimis {
            applies: false,
            threshold: None,
            threshold_currency: None,
            tested_value: tested,
            basis,
            reason,
        };
    };
    let suspension = rules.suspensions_on(date).find(|sp| {
        sp.test == "us_de_minimis"
            && sp
                .origins
                .iter()
                .any(|o| o == "*" || ctx.items.iter().any(|i| i.origin == *o))
    });
    if let Some(sp) = suspension {
        let scope = if sp.origins.iter().any(|o| o == "*") {
            "for every origin".to_string()
        } else {
            format!("for goods of {} origin", sp.origins.join("/"))
        };
        let reason = Detail::deferred(move || {
            format!(
                "Section 321 de minimis is suspended {scope} on {date}: all duties and fees apply"
            )
        });
        ctx.step_detail("de_minimis", Some(&sp.id), &reason, &sp.legal_basis);
        return DeMinimis {
            applies: false,
            threshold: None,
            threshold_currency: Some(t.currency.clone()),
            tested_value: tested,
            basis,
            reason,
        };
    }
    if let Some(why) = excluded_by(ctx, "us_de_minimis", tested) {
        let reason = Detail::from(format!("Section 321 not available: {why}"));
        ctx.step_detail("de_minimis", Some(&t.id), &reason, &t.legal_basis);
        return DeMinimis {
            applies: false,
            threshold: Some(t.amount),
            threshold_currency: Some(t.currency.clone()),
            tested_value: tested,
            basis,
            reason,
        };
    }
    let passes = t.comparison.passes(tested, t.amount);
    let (words, amount) = (t.comparison.words(), t.amount);
    let reason = Detail::deferred(move || {
        if passes {
            format!(
                "{} USD is {words} the {} USD Section 321 threshold: free of duty and fees",
                Plain(tested),
                Plain(amount)
            )
        } else {
            format!(
                "{} USD exceeds the {} USD Section 321 threshold: duties and fees apply",
                Plain(tested),
                Plain(amount)
            )
        }
    });
    ctx.step_detail("de_minimis", Some(&t.id), &reason, &t.legal_basis);
    DeMinimis {
        applies: passes,
        threshold: Some(t.amount),
        threshold_currency: Some(t.currency.clone()),
        tested_value: tested,
        basis,
        reason,
    }
}

/// Why an exclusion bars the test, if one does.
fn excluded_by(ctx: &mut Ctx, test: &str, tested: Decimal) -> Option<String> {
    let exclusions = ctx.exclusions(test);
    for e in exclusions {
        let spared = e.unless_not_exceeding.is_some_and(|limit| tested <= limit);
        if !spared {
            let unless = e
                .unless_not_exceeding
                .map(|l| {
                    format!(
                        " (unless the shipment is worth no more than {l} {})",
                        e.currency.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            ctx.step_now(
                "exclusion",
                Some(&e.id),
                || format!("{} goods are excluded{unless}", e.category),
                &e.legal_basis,
            );
            return Some(format!(
                "{} goods are excluded ({})",
                e.category, e.legal_basis
            ));
        }
    }
    None
}

/// The IEEPA and other origin-level layers in force for an item: within one measure, a row naming
/// the origin beats a `*` row. `lists` are the product lists the item's code is on.
fn origin_layers<'r>(ctx: &Ctx<'r>, it: &Item, lists: &[usize]) -> SmallVec<[Chosen<'r>; 8]> {
    let rules = ctx.rules;
    let date = ctx.date;
    let mut best: SmallVec<[Chosen<'r>; 8]> = SmallVec::new();
    let eu = rules.is_member("EU", &it.origin, date);
    let Some(candidates) = rules.layers.origin(&rules.data.duty_layers, &it.origin, eu) else {
        return best;
    };
    // The rows without a product list and the rows of the item's lists.
    let rows = candidates.general.iter().chain(
        lists
            .iter()
            .filter_map(|list| candidates.by_list.get(list))
            .flatten(),
    );
    // Per measure, the most specific row wins: one naming the origin over `*`, one with a product
    // list over one without, then the higher rate (a four-year-review increase over its list),
    // then the earlier row.
    let mut exempt: SmallVec<[usize; 4]> = SmallVec::new();
    for &c in rows {
        let (Some(l), Some(meta)) = (
            rules.data.duty_layers.get(c.index),
            rules.layers.meta(c.index),
        ) else {
            continue;
        };
        if !meta.us || !l.in_force(date) || it.has_preference(&l.exempt_preferences) {
            continue;
        }
        // A row with a product list covers the goods on it (a metal declaration only sets the
        // base); a metal row without a list covers goods that declare that metal.
        let in_scope = match (&l.products, l.metal) {
            (Some(_), _) => true,
            (None, Some(m)) => it.section_232.as_ref().is_some_and(|(dm, _)| *dm == m),
            (None, None) => true,
        };
        if !in_scope || meta.except_lists.iter().any(|e| lists.contains(e)) {
            continue;
        }
        if l.method == LayerMethod::Exempt {
            exempt.push(meta.measure);
            continue;
        }
        let rank = (c.specific, l.products.is_some(), l.rate);
        let chosen = Chosen {
            index: c.index,
            rule: l,
            measure: meta.measure,
            rank,
            first: c.index,
        };
        match best.iter_mut().find(|b| b.measure == meta.measure) {
            Some(slot) => {
                let first = slot.first.min(c.index);
                if rank > slot.rank || (rank == slot.rank && c.index < slot.index) {
                    *slot = chosen;
                }
                slot.first = first;
            }
            None => best.push(chosen),
        }
    }
    // Measures in the order of their first row.
    best.sort_by_key(|b| b.first);
    if !exempt.is_empty() {
        best.retain(|b| !exempt.contains(&b.measure));
    }
    best
}

/// The stacking rules in force for a measure (a [`Chosen::measure`]) on goods of an origin.
fn stacking_rules<'r>(
    rules: &'r RuleSet,
    date: Date,
    measure: usize,
    origin: &'r str,
) -> impl Iterator<Item = (usize, &'r StackingRule)> + 'r {
    rules
        .layers
        .stacking_rows(measure)
        .iter()
        .filter_map(|&i| rules.data.stacking.get(i).map(|r| (i, r)))
        .filter(move |(_, r)| {
            r.in_force(date) && (r.origins.is_empty() || r.origins.iter().any(|o| o == origin))
        })
}

/// The postal regime for an item's origin (a row naming the origin beats a `*` row).
fn postal_rule<'r>(ctx: &Ctx<'r>, it: &Item) -> Option<&'r PostalRule> {
    let mut found: Option<(&PostalRule, bool)> = None;
    for p in ctx.rules.postal_duties_on(ctx.date) {
        if let Some(specific) = origin_matches(&p.origins, &[], &it.origin, false) {
            if found.is_none_or(|(_, s)| specific && !s) {
                found = Some((p, specific));
            }
        }
    }
    found.map(|(p, _)| p)
}

/// The effective IEEPA rate of an origin (every IEEPA layer; top-up layers count at their postal
/// rate). The rows it adds up are named in the trace (a timeline sees a change of any of them)
/// and their warnings are the quote's, as when they are duties of their own.
fn ieepa_effective(ctx: &mut Ctx, it: &Item) -> Percent {
    let (lists, _) = ctx.rules.lists_of_code(&it.hs, ctx.date);
    let mut total = Percent::ZERO;
    for c in origin_layers(ctx, it, &lists) {
        if !c.rule.ieepa {
            continue;
        }
        let rate = c.rule.postal_rate.unwrap_or(c.rule.rate);
        total = total + rate;
        ctx.rule_warning(&c.rule.warning);
        let (line, origin, measure) = (it.index + 1, it.origin.clone(), c.rule.measure.clone());
        ctx.step(
            "postal_ieepa_rate",
            Some(&c.rule.id),
            move || {
                format!("Line {line}: {measure} {rate} counts toward the effective IEEPA rate of {origin}")
            },
            &c.rule.legal_basis,
        );
    }
    total
}

/// A rate as a single percentage, when it is one.
fn as_percent(rate: &Rate) -> Option<Percent> {
    let pct = rate.ad_valorem()?;
    let value = match pct.fraction {
        None => pct.whole,
        Some((n, d)) => pct.whole + Decimal::from(n) / Decimal::from(d.max(1)),
    };
    Some(Percent::new(value))
}

/// Evaluate a rate on a base (whole dollars) with the item's quantities; duties in USD.
fn evaluate(rate: &Rate, it: &Item, base: Decimal, date: Date) -> Result<Decimal, Error> {
    let usd = |c: &str| (c == USD).then_some(Decimal::ONE);
    rate.evaluate(&it.rate_input(base, date), usd)
        .map(|e| e.duty)
        .map_err(|e| it.rate_error(e))
}

/// The layers of a line that pays ordinary duties: MFN, then every origin and product layer in
/// force, after the EO 14289 stacking rules.
fn ordinary_layers(
    ctx: &mut Ctx,
    it: &Item,
    values: &[Decimal],
    contents: &[Option<Decimal>],
    errors: &mut Vec<Error>,
) -> Vec<Layer> {
    let rules = ctx.rules;
    let date = ctx.date;
    let mfn_rate = match it.ordinary_rate(ctx, "US") {
        Ok(r) => r,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    // The percentage the MFN rate amounts to: itself, or for a specific or compound rate its ad
    // valorem equivalent on the line (for the "15% including MFN" floors).
    let (base, expr) = match as_percent(&mfn_rate) {
        Some(p) => (p, None),
        None => {
            let value = values.get(it.index).copied().unwrap_or_default();
            let ave = match evaluate(&mfn_rate, it, value, date) {
                Ok(d) if !value.is_zero() => Percent::new(d * Decimal::ONE_HUNDRED / value),
                Ok(_) => Percent::ZERO,
                Err(e) => {
                    errors.push(e);
                    return Vec::new();
                }
            };
            (ave, Some(Box::new(mfn_rate.as_ref().clone())))
        }
    };
    let mut layers = Vec::with_capacity(6);
    layers.push(Layer {
        rule_id: None,
        measure: Text::from_static("mfn"),
        heading: None,
        rate: if expr.is_some() { Percent::ZERO } else { base },
        label: Some(mfn_rate.shared_text().clone()),
        expr,
        legal_basis: Text::from_static(if it.duty_rate.is_some() {
            "HTSUS column 1 general rate (rate given in the item's duty_rate)"
        } else {
            "HTSUS column 1 general rate (bundled tariff schedule)"
        }),
        base: LayerBase::Full,
    });
    let (lists, partly) = rules.lists_of_code(&it.hs, date);
    if !partly.is_empty() {
        let names: Vec<&str> = partly
            .iter()
            .filter_map(|&i| rules.data.product_lists.get(i))
            .map(|l| l.id.as_str())
            .collect();
        ctx.warn("hs_code_short", format!(
            "Line {}: only some of the 10-digit lines under HS {} are on {}; the measures of those lists are not applied (give the full HTS code).",
            it.index + 1, it.hs, names.join(", ")
        ));
    }
    let applied = origin_layers(ctx, it, &lists);
    // EO 14289 stacking: a measure gives way to the measures that exclude it, and spares the
    // part of the value they cover.
    // Measures are compared as numbers; a stacking row's names and numbers are in the same order.
    let present = |m: &usize| applied.iter().any(|a| a.measure == *m);
    let content = contents.get(it.index).copied().flatten();
    for chosen in &applied {
        let l = chosen.rule;
        let rules_for = || stacking_rules(rules, date, chosen.measure, &it.origin);
        let measures = |row: usize| rules.layers.stacking_measures(row);
        if let Some((_, r)) = rules_for().find(|(i, _)| measures(*i).0.iter().any(present)) {
            let by: Vec<&str> = rules_for()
                .flat_map(|(i, r)| r.excluded_by.iter().zip(measures(i).0))
                .filter(|(_, m)| present(m))
                .map(|(name, _)| name.as_str())
                .collect();
            ctx.step_now(
                "stacking",
                Some(&r.id),
                || {
                    format!(
                        "Line {}: {} does not apply to goods under {}",
                        it.index + 1,
                        l.measure,
                        by.join(", ")
                    )
                },
                &r.legal_basis,
            );
            continue;
        }
        let spare: Vec<String> = rules_for()
            .flat_map(|(i, r)| r.not_on_portion_of.iter().zip(measures(i).1))
            .filter(|(_, m)| present(m))
            .map(|(name, _)| name.clone())
            .collect();
        if !spare.is_empty() {
            if let Some((_, r)) = rules_for().find(|(i, _)| measures(*i).1.iter().any(present)) {
                ctx.step_now(
                    "stacking",
                    Some(&r.id),
                    || {
                        format!(
                            "Line {}: {} does not apply to the part of the value under {}",
                            it.index + 1,
                            l.measure,
                            spare.join(", ")
                        )
                    },
                    &r.legal_basis,
                );
            }
        }
        ctx.rule_warning(&l.warning);
        let (rate, label, legal_basis) = match l.method {
            LayerMethod::Add | LayerMethod::Exempt => (
                l.rate,
                rules.layers.meta(chosen.index).map(|m| m.rate_text.clone()),
                l.legal_basis.clone(),
            ),
            LayerMethod::TopUpTo => (
                if l.rate > base {
                    l.rate - base
                } else {
                    Percent::ZERO
                },
                None,
                Text::from(format!(
                    "{} (tops the {base} ordinary rate up to {})",
                    l.legal_basis, l.rate
                )),
            ),
        };
        let base = if let Some(m) = l.metal {
            let declared = it.section_232.as_ref().is_some_and(|(dm, _)| *dm == m);
            if !declared {
                // Listed without a declaration: mill products are all metal; a derivative's duty
                // needs the value of its metal content.
                let list = l.products.as_deref().and_then(|id| rules.product_list(id));
                let whole = list.is_some_and(|l| {
                    l.whole_value
                        || l.whole_value_prefixes
                            .iter()
                            .any(|p| it.hs.starts_with(p.as_str()))
                });
                if !whole {
                    errors.push(Error::Section232ContentRequired {
                        path: it.path("section_232"),
                        found: it.hs.to_string(),
                        metal: m.as_str().to_string(),
                        list: list.map_or_else(|| l.id.to_string(), |l| l.name.clone()),
                    });
                    continue;
                }
            }
            LayerBase::Metal(if declared { content } else { None })
        } else if spare.is_empty() {
            LayerBase::Full
        } else {
            LayerBase::Less(spare)
        };
        layers.push(Layer {
            rule_id: Some(l.id.clone()),
            measure: l.measure.clone(),
            heading: Some(l.heading.clone()),
            rate,
            expr: None,
            label,
            legal_basis,
            base,
        });
    }
    layers
}

/// Compute every line's duties, rounded to `minor` places. Returns whether any line pays
/// ordinary duties.
fn duties(
    ctx: &mut Ctx,
    minor: u32,
    values: &[Decimal],
    contents: &[Option<Decimal>],
    lines: &mut [QuoteLine],
) -> Result<bool, Errors> {
    let s = ctx.s;
    let mut errors = Vec::new();
    let mut plan: SmallVec<[LineDuty; 4]> = SmallVec::with_capacity(ctx.items.len());
    let mut ordinary_any = false;
    let mut specific_rule: Option<&PostalRule> = None;
    let mut specific_rates: SmallVec<[Percent; 4]> = SmallVec::new();
    let items = std::mem::take(&mut ctx.items);
    for it in &items {
        let postal = if s.mode == Mode::Postal {
            postal_rule(ctx, it)
        } else {
            None
        };
        match postal {
            Some(p) if !p.ordinary => {
                ctx.rule_warning(&p.warning);
                let want_specific = s.postal_method == PostalMethod::Specific;
                if want_specific && p.specific.is_empty() {
                    ctx.warn("postal_method_unavailable", format!("The specific (per package) postal duty does not exist under {} on {}: the ad valorem method is used.", p.id, ctx.date));
                }
                let use_specific =
                    !p.specific.is_empty() && (want_specific || p.ad_valorem.is_none());
                if use_specific {
                    // A single amount (EO 14298) looks up no origin rate.
                    if p.tiered() {
                        specific_rates.push(ieepa_effective(ctx, it));
                    }
                    specific_rule = Some(p);
                    plan.push(LineDuty::PostalSpecific);
                } else {
                    let rate = match &p.ad_valorem {
                        Some(PostalAdValorem::Fixed { rate }) => *rate,
                        Some(PostalAdValorem::IeepaEffective) | None => ieepa_effective(ctx, it),
                    };
                    let label: Text = match &p.ad_valorem {
                        Some(PostalAdValorem::IeepaEffective) => {
                            format!("{} (effective IEEPA rate of {})", p.legal_basis, it.origin)
                                .into()
                        }
                        _ => p.legal_basis.clone(),
                    };
                    plan.push(LineDuty::AdValorem(vec![Layer {
                        rule_id: Some(p.id.clone()),
                        measure: Text::from_static("postal_duty"),
                        heading: Some(p.heading.clone()),
                        rate,
                        expr: None,
                        label: None,
                        legal_basis: label,
                        base: LayerBase::Full,
                    }]));
                }
            }
            other => {
                if let Some(p) = other {
                    ctx.rule_warning(&p.warning);
                    ctx.step_now(
                        "postal",
                        Some(&p.id),
                        || "Postal parcel pays the ordinary duties".into(),
                        &p.legal_basis,
                    );
                }
                ordinary_any = true;
                let layers = ordinary_layers(ctx, it, values, contents, &mut errors);
                plan.push(LineDuty::AdValorem(layers));
            }
        }
    }
    ctx.items = items;
    if !errors.is_empty() {
        return Err(Errors::new(errors));
    }

    let line_dollars = whole_dollar_values(ctx, &plan, values);
    // Each duty's step: its row and legal basis, and the numbers of its sentence (written by one
    // writer for all of them when the trace is read).
    let mut steps: SmallVec<[(Option<Text>, Text, DutySentence); 4]> = SmallVec::new();
    for (i, p) in plan.into_iter().enumerate() {
        let LineDuty::AdValorem(layers) = p else {
            continue;
        };
        let dollars = line_dollars.get(i).copied().flatten().unwrap_or_default();
        // The part of the value each Section 232 metal measure covers, in whole dollars.
        let covered: SmallVec<[(Text, Decimal); 2]> = layers
            .iter()
            .filter_map(|l| match &l.base {
                LayerBase::Metal(c) => Some((
                    l.measure.clone(),
                    c.map_or(dollars, |c| round(c, 0).min(dollars)),
                )),
                _ => None,
            })
            .collect();
        let Some(line) = lines.get_mut(i) else {
            continue;
        };
        line.duties.reserve_exact(layers.len());
        for l in layers {
            let base = match &l.base {
                LayerBase::Full => dollars,
                LayerBase::Metal(c) => c.map_or(dollars, |c| round(c, 0).min(dollars)),
                LayerBase::Less(measures) => {
                    let less: Decimal = covered
                        .iter()
                        .filter(|(m, _)| measures.iter().any(|x| x == m))
                        .map(|(_, v)| *v)
                        .sum();
                    (dollars - less).max(Decimal::ZERO)
                }
            };
            let exact = match &l.expr {
                Some(rate) => match ctx
                    .items
                    .get(i)
                    .map(|it| evaluate(rate, it, base, ctx.date))
                {
                    Some(Ok(d)) => d,
                    Some(Err(e)) => return Err(e.into()),
                    None => Decimal::ZERO,
                },
                None => l.rate.of(base),
            };
            let amount = round(exact, minor);
            let shown = l.label.unwrap_or_else(|| Text::from(l.rate.to_string()));
            if ctx.explain {
                let sentence = DutySentence {
                    line: i + 1,
                    measure: l.measure.clone(),
                    rate: shown.clone(),
                    base,
                    amount,
                };
                steps.push((l.rule_id, l.legal_basis.clone(), sentence));
            }
            line.duties.push(DutyEntry {
                measure: l.measure,
                heading: l.heading,
                rate: shown,
                base,
                amount,
                legal_basis: l.legal_basis,
            });
        }
    }
    ctx.steps("duty", steps, DutySentence::write);
    if let Some(p) = specific_rule {
        let highest = specific_rates
            .iter()
            .copied()
            .max()
            .unwrap_or(Percent::ZERO);
        let tier = p.specific.iter().find(|t| {
            t.rate_below.is_none_or(|b| highest < b)
                && t.rate_not_exceeding.is_none_or(|m| highest <= m)
        });
        if let Some(tier) = tier {
            let postal_idx: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| line_dollars.get(*i).is_none_or(Option::is_none))
                .map(|(i, _)| i)
                .collect();
            let vals: Vec<Decimal> = postal_idx
                .iter()
                .map(|&i| values.get(i).copied().unwrap_or_default())
                .collect();
            let at = postal_idx.get(largest(&vals)).copied().unwrap_or(0);
            let base: Decimal = vals.iter().sum();
            let amount = round(tier.amount, minor);
            // The highest rate is looked up only when a tier follows it.
            let tiered = !specific_rates.is_empty();
            ctx.step_now(
                "duty",
                Some(&p.id),
                || match tiered {
                    true => format!(
                        "Specific postal duty {amount} USD per package (highest origin rate {highest})"
                    ),
                    false => format!("Specific postal duty {amount} USD per package"),
                },
                &p.legal_basis,
            );
            if let Some(line) = lines.get_mut(at) {
                line.duties.push(DutyEntry {
                    measure: Text::from_static("postal_duty"),
                    heading: Some(p.heading.clone()),
                    rate: format!("{amount} USD per package").into(),
                    base,
                    amount,
                    legal_basis: p.legal_basis.clone(),
                });
            }
        }
    }
    Ok(ordinary_any)
}

/// 19 CFR 159.3: the whole-dollar value of every ad valorem line (`None` for the others). Lines
/// with the same rate stack form one group; each group is taken in whole dollars, then shared out
/// over its lines.
fn whole_dollar_values(
    ctx: &mut Ctx,
    plan: &[LineDuty],
    values: &[Decimal],
) -> SmallVec<[Option<Decimal>; 4]> {
    let stack = |i: usize| match plan.get(i) {
        Some(LineDuty::AdValorem(layers)) => layers.as_slice(),
        _ => &[],
    };
    let same_stack = |a: &[Layer], b: &[Layer]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.measure == y.measure
                    && x.rate == y.rate
                    && x.expr.as_deref().map(Rate::text) == y.expr.as_deref().map(Rate::text)
            })
    };
    // Each group: its lines (the first one's layers are the group's stack).
    let mut groups: SmallVec<[SmallVec<[usize; 4]>; 4]> = SmallVec::new();
    for i in 0..plan.len() {
        let layers = stack(i);
        if layers.is_empty() {
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| g.first().is_some_and(|&j| same_stack(stack(j), layers)))
        {
            Some(members) => members.push(i),
            None => groups.push(smallvec![i]),
        }
    }
    let value = |i: &usize| values.get(*i).copied().unwrap_or_default();
    let group_values: SmallVec<[(Decimal, Percent); 4]> = groups
        .iter()
        .map(|members| {
            let rate = members
                .first()
                .map_or(&[][..], |&i| stack(i))
                .iter()
                .map(|l| l.rate)
                .sum();
            (members.iter().map(value).sum(), rate)
        })
        .collect();
    let dollars = whole_dollar_groups(&group_values);
    let mut line_dollars: SmallVec<[Option<Decimal>; 4]> = smallvec![None; values.len()];
    for (members, gd) in groups.iter().zip(&dollars) {
        let vals: SmallVec<[Decimal; 4]> = members.iter().map(value).collect();
        for (&i, d) in members.iter().zip(whole_dollar_lines(*gd, &vals)) {
            if let Some(slot) = line_dollars.get_mut(i) {
                *slot = Some(d);
            }
        }
    }
    if !groups.is_empty() {
        let total: Decimal = group_values.iter().map(|(v, _)| *v).sum();
        let dsum: Decimal = dollars.iter().sum();
        let count = groups.len();
        ctx.step(
            "valuation",
            None,
            move || {
                format!(
                    "Dutiable value {} USD taken in whole dollars: {} USD over {count} rate group(s)",
                    Plain(total),
                    Plain(dsum),
                )
            },
            ROUNDING_159_3,
        );
    }
    line_dollars
}

/// MPF, HMF and the dutiable mail fee, rounded to `minor` places.
fn fees(
    ctx: &mut Ctx,
    minor: u32,
    values: &[Decimal],
    entered: Decimal,
    ordinary_any: bool,
) -> Vec<FeeLine> {
    let rules = ctx.rules;
    let s = ctx.s;
    let informal_limit = rules
        .thresholds_on(ctx.date)
        .find(|t| t.test == "us_informal_entry");
    let informal = informal_limit
        .as_ref()
        .is_none_or(|t| t.comparison.passes(entered, t.amount));
    let mut out = Vec::new();
    for (f, carried) in fee_rows(ctx.rules, "US", &ctx.destination, ctx.date) {
        if !f.applies_to(s.mode, s.kind) {
            continue;
        }
        let ok = match f.when {
            FeeWhen::Always | FeeWhen::NotExempt => true,
            FeeWhen::InformalEntry => informal,
            FeeWhen::FormalEntry => !informal,
            FeeWhen::OrdinaryDuty => ordinary_any,
        };
        if !ok {
            continue;
        }
        let base: Decimal = ctx
            .items
            .iter()
            .zip(values)
            .filter(|(it, _)| !it.has_preference(&f.exempt_preferences))
            .map(|(_, v)| *v)
            .sum();
        let all_exempt = ctx
            .items
            .iter()
            .all(|it| it.has_preference(&f.exempt_preferences));
        if all_exempt {
            ctx.step_now(
                "fee",
                Some(&f.id),
                || {
                    format!(
                        "{} not due: every line claims {}",
                        f.name,
                        f.exempt_preferences.join("/")
                    )
                },
                &f.legal_basis,
            );
            continue;
        }
        let amount = match f.basis {
            FeeBasis::Flat | FeeBasis::PerSubheading => f.amount.unwrap_or_default(),
            FeeBasis::AdValorem => {
                let mut a = round(f.rate.unwrap_or_default().of(base), minor);
                if let Some(min) = f.min {
                    a = a.max(min);
                }
                if let Some(max) = f.max {
                    a = a.min(max);
                }
                a
            }
        };
        let amount = round(amount, minor);
        if let Some(msg) = carried {
            ctx.warn("fee_value_assumed", msg);
        }
        ctx.rule_warning(&f.warning);
        let (name, basis, rate, min, max) = (f.name.clone(), f.basis, f.rate, f.min, f.max);
        let detail = move || match basis {
            FeeBasis::AdValorem => format!(
                "{name}: {} of {} USD{} = {} USD",
                rate.unwrap_or_default(),
                Plain(base),
                match (min, max) {
                    (Some(a), Some(b)) => format!(" within [{}, {}]", Plain(a), Plain(b)),
                    _ => String::new(),
                },
                Plain(amount)
            ),
            _ => format!("{name}: {} USD", Plain(amount)),
        };
        ctx.step("fee", Some(&f.id), detail, &f.legal_basis);
        out.push(FeeLine {
            id: f.fee.clone(),
            name: f.name.clone(),
            amount,
            legal_basis: f.legal_basis.clone(),
        });
    }
    out
}
