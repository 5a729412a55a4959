//! The one engine: validate the shipment, convert amounts, then apply the rules of the
//! destination's territory (`us` or `eu`), all selected by date from the rule data.

mod alloc;
mod eu;
mod fx;
mod us;

use crate::error::{Error, Errors};
use crate::money::to_minor;
use crate::percent::Percent;
use crate::quote::{
    DeMinimis, Detail, FeeLine, Quote, QuoteLine, RegimeInfo, TraceStep, VatCollected, VatSummary,
    Warning,
};
use crate::rules::{Dated, ExclusionRule, RegimeRule, RuleSet, RuleWarning};
use crate::shipment::{PostalMethod, QuoteOptions, Shipment};
use crate::tariff::rate::{Rate, RateError, RateInput};
use crate::tariff::schedule::hs_digits;
use crate::text::Text;
use jiff::civil::Date;
use rust_decimal::Decimal;
use smallvec::SmallVec;

pub(crate) use fx::Converter;

/// The customs territory a destination belongs to on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Territory {
    Us,
    Eu,
}

/// One validated item.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub index: usize,
    pub hs: Text,
    pub origin: Text,
    pub quantity: Decimal,
    /// quantity × unit_price in the shipment's currency (exact).
    pub total: Decimal,
    pub duty_rate: Option<Rate>,
    pub vat_rate: Option<Percent>,
    pub preference: Option<String>,
    /// Declared Section 232 metal and its content value in the shipment's currency.
    pub section_232: Option<(crate::shipment::Metal, Decimal)>,
    /// Net weight in kilograms (specific duties).
    pub net_weight_kg: Option<Decimal>,
    /// Quantities in other units (specific duties).
    pub units: std::collections::BTreeMap<String, Decimal>,
}

impl Item {
    pub fn hs6(&self) -> &str {
        self.hs.get(..6).unwrap_or(&self.hs)
    }
    pub fn path(&self, field: &str) -> String {
        format!("$.items[{}].{field}", self.index)
    }
    pub fn has_preference(&self, list: &[String]) -> bool {
        self.preference
            .as_ref()
            .is_some_and(|p| list.iter().any(|l| l.eq_ignore_ascii_case(p)))
    }
}

/// Something that can be a legal-basis string in the output (rule text is shared, not copied).
pub(crate) trait Basis {
    fn basis(self) -> Text;
}

impl Basis for &'static str {
    fn basis(self) -> Text {
        Text::from_static(self)
    }
}

impl Basis for &Text {
    fn basis(self) -> Text {
        self.clone()
    }
}

impl Basis for Text {
    fn basis(self) -> Text {
        self
    }
}

/// A legal basis formatted only when the quote explains itself.
pub(crate) struct LazyBasis<F>(pub F);

impl<F: FnOnce() -> String> Basis for LazyBasis<F> {
    fn basis(self) -> Text {
        Text::from((self.0)())
    }
}

impl Basis for String {
    fn basis(self) -> Text {
        Text::from(self)
    }
}

impl Basis for &String {
    fn basis(self) -> Text {
        Text::from(self.as_str())
    }
}

/// What a territory engine found; [`Ctx::finish`] adds the totals and the explanation.
pub(crate) struct Found<'r> {
    /// The quote's currency and its minor unit.
    pub currency: Text,
    pub minor: u32,
    pub regime: &'r RegimeRule,
    pub de_minimis: DeMinimis,
    pub goods: Decimal,
    pub shipping: Decimal,
    pub insurance: Decimal,
    pub customs_value: Decimal,
    pub lines: Vec<QuoteLine>,
    pub duty: Decimal,
    pub vat: VatSummary,
    pub fees: Vec<FeeLine>,
    pub fx: Converter<'r>,
}

/// Validated shipment plus everything the territory engines share.
pub(crate) struct Ctx<'r> {
    pub rules: &'r RuleSet,
    pub s: &'r Shipment,
    pub date: Date,
    pub destination: Text,
    pub items: Vec<Item>,
    /// The exclusion rows in force that match an item (indexes into `exclusions`, in the rules'
    /// order), found once: several threshold tests ask.
    excluded: SmallVec<[usize; 2]>,
    pub trace: Vec<TraceStep>,
    pub warnings: Vec<Warning>,
    /// Whether to build the trace (off for lean quotes).
    pub explain: bool,
}

impl<'r> Ctx<'r> {
    /// Record a step of the explanation, its sentence written when the trace is read: `detail`
    /// keeps (owns) the numbers it needs. A lean quote records nothing.
    pub fn step(
        &mut self,
        step: &'static str,
        rule_id: Option<&Text>,
        detail: impl Fn() -> String + Send + Sync + 'static,
        legal_basis: impl Basis,
    ) {
        if self.explain {
            self.push_step(step, rule_id, Detail::deferred(detail), legal_basis);
        }
    }

    /// Record a step of the explanation with its sentence written now (steps off the common
    /// path, or whose sentence the quote holds anyway). A lean quote records nothing.
    pub fn step_now(
        &mut self,
        step: &'static str,
        rule_id: Option<&Text>,
        detail: impl FnOnce() -> String,
        legal_basis: impl Basis,
    ) {
        if self.explain {
            self.push_step(step, rule_id, Detail::from(detail()), legal_basis);
        }
    }

    /// Record a run of like steps, each `(rule id, legal basis, numbers)`, whose sentences one
    /// writer holds the numbers of: step `k`'s is `write` of the `k`th numbers, written when it
    /// is read. One allocation for the run instead of one per step. A lean quote records nothing.
    pub fn steps<D: Send + Sync + 'static>(
        &mut self,
        step: &'static str,
        steps: impl IntoIterator<Item = (Option<Text>, Text, D)>,
        write: fn(&D) -> String,
    ) {
        if !self.explain {
            return;
        }
        let mut rows: SmallVec<[(Option<Text>, Text); 4]> = SmallVec::new();
        let mut numbers: SmallVec<[D; 4]> = SmallVec::new();
        for (rule_id, legal_basis, d) in steps {
            rows.push((rule_id, legal_basis));
            numbers.push(d);
        }
        let writer: std::sync::Arc<dyn Fn(usize) -> String + Send + Sync> =
            std::sync::Arc::new(move |k| numbers.get(k).map_or_else(String::new, write));
        for (k, (rule_id, legal_basis)) in rows.into_iter().enumerate() {
            self.push_step(
                step,
                rule_id.as_ref(),
                Detail::part(&writer, k),
                legal_basis,
            );
        }
    }

    /// Record a step whose sentence the quote also holds elsewhere (the de minimis reason):
    /// the same `Detail`, shared.
    pub fn step_detail(
        &mut self,
        step: &'static str,
        rule_id: Option<&Text>,
        detail: &Detail,
        legal_basis: impl Basis,
    ) {
        if self.explain {
            self.push_step(step, rule_id, detail.clone(), legal_basis);
        }
    }

    fn push_step(
        &mut self,
        step: &'static str,
        rule_id: Option<&Text>,
        detail: Detail,
        legal_basis: impl Basis,
    ) {
        self.trace.push(TraceStep {
            step: Text::from_static(step),
            rule_id: rule_id.cloned(),
            detail,
            legal_basis: legal_basis.basis(),
        });
    }

    pub fn warn(&mut self, code: &'static str, message: String) {
        self.push_warning(Text::from_static(code), message);
    }

    pub fn push_warning(&mut self, code: Text, message: String) {
        if !self
            .warnings
            .iter()
            .any(|w| w.code == code && w.message == message)
        {
            self.warnings.push(Warning { code, message });
        }
    }

    pub fn rule_warning(&mut self, w: &Option<RuleWarning>) {
        if let Some(w) = w {
            self.push_warning(w.code.clone(), w.message.to_string());
        }
    }

    /// The quote: what the territory engine found, with the totals of the contract (fees,
    /// taxes and fees, what the border collects, landed cost), stale exchange rates as warnings,
    /// and the explanation.
    pub fn finish(&mut self, f: Found) -> Quote {
        let fees_total = round(f.fees.iter().map(|x| x.amount).sum(), f.minor);
        let taxes = f.duty + f.vat.amount + fees_total;
        let due_at_import = if f.vat.collected == VatCollected::AtSale {
            taxes - f.vat.amount
        } else {
            taxes
        };
        self.warnings.extend(f.fx.stale.iter().map(|m| Warning {
            code: Text::from_static("fx_rate_stale"),
            message: m.clone(),
        }));
        Quote {
            destination: self.destination.clone(),
            date: self.date,
            currency: f.currency,
            rules_version: self.rules.version_text().clone(),
            regime: RegimeInfo {
                id: f.regime.id.clone(),
                name: f.regime.name.clone(),
                legal_basis: f.regime.legal_basis.clone(),
            },
            de_minimis: f.de_minimis,
            goods_value: f.goods,
            shipping: f.shipping,
            insurance: f.insurance,
            customs_value: f.customs_value,
            lines: f.lines,
            duty: f.duty,
            vat: f.vat,
            fees: f.fees,
            fees_total,
            taxes_and_fees: taxes,
            due_at_import,
            landed_cost: f.goods + f.shipping + f.insurance + taxes,
            fx: f.fx.uses,
            trace: std::mem::take(&mut self.trace),
            warnings: std::mem::take(&mut self.warnings),
        }
    }

    /// Exclusion rows in force for `test` that match an item of the shipment (each once: the
    /// matched rows are, and row ids are unique).
    pub fn exclusions(&self, test: &str) -> Vec<&'r ExclusionRule> {
        self.matched_exclusions()
            .filter(|e| e.tests.iter().any(|t| t == test))
            .collect()
    }

    /// The exclusion rows in force that match an item of the shipment, in the rules' order.
    fn matched_exclusions(&self) -> impl Iterator<Item = &'r ExclusionRule> + '_ {
        let rules: &'r RuleSet = self.rules;
        self.excluded
            .iter()
            .filter_map(move |&r| rules.data.exclusions.get(r))
    }

    /// Warn once per excise category present that excise duty is not computed.
    pub fn warn_excise(&mut self) {
        let cats: Vec<String> = self
            .matched_exclusions()
            .filter(|e| e.excise)
            .map(|e| e.category.clone())
            .collect();
        for c in cats {
            self.warn("excise_not_computed", format!("The parcel holds {c} (excise goods): customs duty and VAT are computed, excise duty is not."));
        }
    }
}

/// The crate error for a rate that cannot be applied, at `path`.
pub(crate) fn rate_error(e: RateError, path: &str) -> Error {
    match e {
        RateError::NotSupported { text, reason } => Error::RateNotSupported {
            path: path.into(),
            found: text,
            reason,
        },
        RateError::MissingQuantity { unit, text } => Error::MissingQuantity {
            path: path.into(),
            unit,
            rate: text,
        },
        RateError::MissingValuePart { part, text } => Error::MissingValuePart {
            path: path.into(),
            part,
            rate: text,
        },
        // The engines convert a specific duty's amounts from the tariff's own currency only
        // (USD in a US quote, EUR in an EU one): another currency is a rate of another tariff.
        RateError::FxUnavailable { currency, text } => Error::RateNotSupported {
            path: path.into(),
            found: text,
            reason: format!(
                "its amounts are in {currency}, and the destination's tariff states amounts in its \
                 own currency"
            ),
        },
        // Out of reach within the bounds `prepare` checks (MAX_AMOUNT and the others); kept
        // truthful should rules loaded at run time state a rate beyond them.
        RateError::Overflow { text } => Error::InvalidValue {
            path: path.into(),
            expected: "a rate whose product with the line's amounts stays within exact decimal \
                       range"
                .into(),
            found: text,
        },
    }
}

impl Item {
    /// The ordinary duty rate: the item's `duty_rate`, else the tariff schedule's for its code
    /// (recording the schedule, the revision and any caveat in the quote).
    pub fn ordinary_rate<'s, 'r: 's>(
        &'s self,
        ctx: &mut Ctx<'r>,
        territory: &str,
    ) -> Result<std::borrow::Cow<'s, Rate>, Error> {
        if let Some(r) = &self.duty_rate {
            return Ok(std::borrow::Cow::Borrowed(r));
        }
        let rules: &'r RuleSet = ctx.rules;
        let (t, warnings) =
            rules.tariff_found(territory, &self.hs, ctx.date, || self.path("hs_code"))?;
        for (code, message) in t.warning().into_iter().chain(warnings) {
            ctx.push_warning(
                Text::from_static(code),
                format!("Line {}: {message}", self.index + 1),
            );
        }
        if let Some(p) = &self.preference {
            let bundled = if territory == "US" {
                "the HTSUS column 1 general rate"
            } else {
                "the erga omnes rate"
            };
            ctx.warn(
                "preference_rate_not_applied",
                format!(
                    "Line {}: the claimed preference {p} does not lower the ordinary duty: the \
                     bundled tariff holds only {bundled}, which is applied (give the preferential \
                     rate as duty_rate).",
                    self.index + 1
                ),
            );
        }
        if ctx.explain {
            let schedule = t.schedule;
            let code = (t.code() != &*self.hs).then(|| Text::from(t.code()));
            let (line, hs, rate) = (
                self.index + 1,
                self.hs.clone(),
                t.rate.shared_text().clone(),
            );
            let (territory, revision, from) = (
                schedule.territory.clone(),
                schedule.revision.clone(),
                schedule.valid_from,
            );
            ctx.step(
                "tariff",
                None,
                move || {
                    let inherited = code
                        .as_ref()
                        .map(|c| format!(" (line {c})"))
                        .unwrap_or_default();
                    format!("Line {line}: HS {hs}{inherited}: ordinary rate {rate} ({territory} {revision}, from {from})")
                },
                &schedule.source,
            );
        }
        Ok(std::borrow::Cow::Borrowed(t.rate))
    }

    /// The crate error for a rate of this item that cannot be applied: a missing quantity points
    /// at `net_weight_kg` or `units`, anything else at where the rate came from.
    pub fn rate_error(&self, e: RateError) -> Error {
        let path = match &e {
            RateError::MissingQuantity { unit, .. } if unit == "kg" => self.path("net_weight_kg"),
            RateError::MissingQuantity { .. } => self.path("units"),
            RateError::MissingValuePart { .. } => format!("$.items[{}]", self.index),
            _ if self.duty_rate.is_some() => self.path("duty_rate"),
            _ => self.path("hs_code"),
        };
        rate_error(e, &path)
    }

    /// The quantities a specific duty may need, with `value` as the ad valorem base.
    pub fn rate_input(&self, value: Decimal, date: Date) -> RateInput<'_> {
        let input = RateInput::new(value, self.quantity, date).with_units(&self.units);
        match self.net_weight_kg {
            Some(kg) => input.with_net_weight_kg(kg),
            None => input,
        }
    }
}

/// Quote a shipment against a rule set.
pub(crate) fn quote(rules: &RuleSet, s: &Shipment, explain: bool) -> Result<Quote, Errors> {
    let (mut ctx, territory) = prepare(rules, s)?;
    ctx.explain = explain;
    if explain {
        // A one-line quote explains itself in about a dozen steps, plus a few per extra line.
        ctx.trace.reserve_exact(12 + 3 * s.items.len());
    }
    warn_ignored_fields(&mut ctx, territory);
    match territory {
        Territory::Us => us::quote(&mut ctx),
        Territory::Eu => eu::quote(&mut ctx),
    }
}

/// Warn `field_ignored` for each member given that the destination's rules do not read (nothing
/// the caller sent is passed over without a word): the US-only `same_day_value`,
/// `postal_method` and `export_date` in an EU quote; the EU-only `sale_date`, `vat_route`,
/// `shipping_to_border`, `options` and item `vat_rate` in a US quote.
fn warn_ignored_fields(ctx: &mut Ctx, territory: Territory) {
    let s = ctx.s;
    let dest = ctx.destination.clone();
    let mut ignored = |field: &str, why: &str| {
        ctx.warn(
            "field_ignored",
            format!("{field} is ignored for {dest}: {why}."),
        );
    };
    match territory {
        Territory::Eu => {
            if !s.same_day_value.is_zero() {
                ignored("same_day_value", "it counts toward the US de minimis only");
            }
            if s.postal_method != PostalMethod::default() {
                ignored("postal_method", "it chooses between US postal duty methods");
            }
            if s.export_date.is_some() {
                ignored(
                    "export_date",
                    "it dates US currency conversions (19 CFR 159.32)",
                );
            }
        }
        Territory::Us => {
            if s.sale_date.is_some() {
                ignored("sale_date", "it dates EU IOSS VAT and its exchange rate");
            }
            if s.vat_route.is_some() {
                ignored("vat_route", "it chooses how EU VAT is collected");
            }
            if s.shipping_to_border.is_some() {
                ignored(
                    "shipping_to_border",
                    "it splits transport for the EU customs value; the US customs value leaves \
                     transport out",
                );
            }
            if s.options != QuoteOptions::default() {
                ignored("options", "its readings are of EU law");
            }
            for (i, it) in s.items.iter().enumerate() {
                if it.vat_rate.is_some() {
                    ignored(
                        &format!("items[{i}].vat_rate"),
                        "the US levies no import VAT",
                    );
                }
            }
        }
    }
}

/// The largest money amount a shipment may state (a line's value, shipping, insurance, a metal
/// content, the same-day value): 10^15 in the shipment's currency.
///
/// With [`MAX_QUANTITY`], [`MAX_RATE_NUMBER`], [`MAX_ITEMS`] and the bounds of caller exchange
/// rates, these keep every product and sum a quote forms inside `Decimal`'s range (about
/// 7.9 × 10^28: at most 10^15 × 10^6 (exchange rate) × 10^2 (a duty of 10,000%) × a few
/// layers × 10^4 items), so no arithmetic of the engine can overflow: a document beyond them is
/// an `invalid_value`, not a crash. No parcel, nor any consignment, comes near them.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);
/// The largest quantity, net weight or `units` value of an item: 10^9.
pub(crate) const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// The largest number a caller's `duty_rate` may state (a percentage or an amount per unit):
/// 10^4. A caller's `vat_rate` may not exceed 100%.
pub(crate) const MAX_RATE_NUMBER: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);
/// Caller exchange rates (and the fixed rates of rule documents) lie between 10^-6 and 10^6.
pub(crate) const MIN_FX_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 6);
/// See [`MIN_FX_RATE`].
pub(crate) const MAX_FX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// The most items a shipment may hold: 10^4.
pub(crate) const MAX_ITEMS: usize = 10_000;

/// Whether `v` exceeds `max`, a whole number (scale 0) such as the bounds above. A `Decimal`
/// comparison rescales both sides; every document checks several numbers, nearly all far below
/// their bound, so a mantissa no larger than the bound's settles it first (|v| ≤ |mantissa|).
pub(crate) fn above(v: Decimal, max: Decimal) -> bool {
    v.mantissa().unsigned_abs() > max.mantissa().unsigned_abs() && v > max
}

/// The error for a number beyond a bound of the ones above.
fn beyond(path: String, max: Decimal, what: &str, found: impl ToString) -> Error {
    Error::InvalidValue {
        path,
        expected: format!("{what} of at most {max}"),
        found: found.to_string(),
    }
}

fn prepare<'r>(rules: &'r RuleSet, s: &'r Shipment) -> Result<(Ctx<'r>, Territory), Errors> {
    let mut errors = Vec::new();
    let date = s.date;
    if date < rules.data_starts() {
        errors.push(Error::DateOutOfRange {
            path: "$.date".into(),
            found: date.to_string(),
            first: rules.data_starts().to_string(),
        });
    }
    let mut territory = None;
    let mut destination = Text::default();
    match rules.country_text(&s.destination) {
        None => errors.push(Error::UnknownCountry {
            path: "$.destination".into(),
            found: s.destination.clone(),
        }),
        Some(code) => {
            destination = code.clone();
            if code == "US" {
                territory = Some(Territory::Us);
            } else if rules.is_member("EU", code, date) {
                territory = Some(Territory::Eu);
            } else {
                errors.push(Error::UnsupportedDestination {
                    path: "$.destination".into(),
                    found: s.destination.clone(),
                    date: date.to_string(),
                });
            }
        }
    }
    if rules.minor_units(&s.currency).is_none() {
        errors.push(Error::UnknownCurrency {
            path: "$.currency".into(),
            found: s.currency.clone(),
        });
    }
    for (name, v) in [
        ("shipping", Some(s.shipping)),
        ("insurance", Some(s.insurance)),
        ("same_day_value", Some(s.same_day_value)),
        ("shipping_to_border", s.shipping_to_border),
    ] {
        if let Some(v) = v {
            if v.is_sign_negative() && !v.is_zero() {
                errors.push(Error::NegativeAmount {
                    path: format!("$.{name}"),
                    found: v.to_string(),
                });
            } else if above(v, MAX_AMOUNT) {
                errors.push(beyond(format!("$.{name}"), MAX_AMOUNT, "an amount", v));
            }
        }
    }
    if let Some(b) = s.shipping_to_border {
        if b > s.shipping {
            errors.push(Error::InvalidValue {
                path: "$.shipping_to_border".into(),
                expected: format!("an amount not exceeding shipping ({})", s.shipping),
                found: b.to_string(),
            });
        }
    }
    // Goods are exported, and sold, before they are imported.
    for (field, d) in [("export_date", s.export_date), ("sale_date", s.sale_date)] {
        if let Some(d) = d.filter(|d| *d > date) {
            errors.push(Error::InvalidValue {
                path: format!("$.{field}"),
                expected: format!("a date on or before the date of importation ({date})"),
                found: d.to_string(),
            });
        }
    }
    for (i, r) in s.fx_rates.iter().enumerate() {
        for (f, c) in [("from", &r.from), ("to", &r.to)] {
            if rules.minor_units(c).is_none() {
                errors.push(Error::UnknownCurrency {
                    path: format!("$.fx_rates[{i}].{f}"),
                    found: c.clone(),
                });
            }
        }
        if r.rate <= Decimal::ZERO {
            errors.push(Error::InvalidValue {
                path: format!("$.fx_rates[{i}].rate"),
                expected: "a rate greater than zero".into(),
                found: r.rate.to_string(),
            });
        } else if r.rate < MIN_FX_RATE || above(r.rate, MAX_FX_RATE) {
            errors.push(Error::InvalidValue {
                path: format!("$.fx_rates[{i}].rate"),
                expected: format!("a rate between {MIN_FX_RATE} and {MAX_FX_RATE}"),
                found: r.rate.to_string(),
            });
        } else if r.from == r.to && r.rate != Decimal::ONE {
            // A currency converts to itself at 1; any other rate contradicts that.
            errors.push(Error::InvalidValue {
                path: format!("$.fx_rates[{i}].rate"),
                expected: format!("1 for a rate from {} to itself", r.from),
                found: r.rate.to_string(),
            });
        }
        // Two rates for one pair: a quote could use only one of them, so neither is chosen. A
        // rate for the reverse pair is the same pair, unless it is the exact inverse.
        let other = (s.fx_rates.iter().take(i).enumerate()).find(|(_, e)| {
            (e.from == r.from && e.to == r.to && e.rate != r.rate)
                || (e.from == r.to
                    && e.to == r.from
                    && r.from != r.to
                    && e.rate.checked_mul(r.rate) != Some(Decimal::ONE))
        });
        if let Some((j, e)) = other {
            errors.push(Error::InvalidValue {
                path: format!("$.fx_rates[{i}].rate"),
                expected: format!(
                    "one rate per currency pair ($.fx_rates[{j}] gives 1 {} = {} {})",
                    e.from, e.rate, e.to
                ),
                found: r.rate.to_string(),
            });
        }
    }
    if s.items.is_empty() {
        errors.push(Error::EmptyItems {
            path: "$.items".into(),
        });
    } else if s.items.len() > MAX_ITEMS {
        let what = "a number of items";
        errors.push(beyond(
            "$.items".into(),
            MAX_ITEMS.into(),
            what,
            s.items.len(),
        ));
    }
    let mut items = Vec::with_capacity(s.items.len());
    for (index, it) in s.items.iter().enumerate() {
        let p = |f: &str| format!("$.items[{index}].{f}");
        let hs = match hs_digits(&it.hs_code) {
            Some(hs) => hs,
            None => {
                errors.push(Error::InvalidHsCode {
                    path: p("hs_code"),
                    found: it.hs_code.clone(),
                });
                Text::default()
            }
        };
        let origin = match rules.country_text(&it.origin) {
            Some(c) => c.clone(),
            None => {
                errors.push(Error::UnknownCountry {
                    path: p("origin"),
                    found: it.origin.clone(),
                });
                Text::default()
            }
        };
        if it.quantity <= Decimal::ZERO {
            errors.push(Error::InvalidQuantity {
                path: p("quantity"),
                found: it.quantity.to_string(),
            });
        } else if above(it.quantity, MAX_QUANTITY) {
            errors.push(beyond(
                p("quantity"),
                MAX_QUANTITY,
                "a quantity",
                it.quantity,
            ));
        }
        // The line's value; `None` when a bound is passed (reported here).
        let total = it
            .quantity
            .checked_mul(it.unit_price)
            .filter(|t| !above(*t, MAX_AMOUNT));
        if it.unit_price.is_sign_negative() && !it.unit_price.is_zero() {
            errors.push(Error::NegativeAmount {
                path: p("unit_price"),
                found: it.unit_price.to_string(),
            });
        } else if total.is_none() && !above(it.quantity, MAX_QUANTITY) {
            let found = format!("{} × {}", it.quantity, it.unit_price);
            errors.push(beyond(
                p("unit_price"),
                MAX_AMOUNT,
                "a line value (quantity × unit_price)",
                found,
            ));
        }
        if let Some(w) = it.net_weight_kg {
            if w.is_sign_negative() && !w.is_zero() {
                errors.push(Error::NegativeAmount {
                    path: p("net_weight_kg"),
                    found: w.to_string(),
                });
            } else if above(w, MAX_QUANTITY) {
                errors.push(beyond(p("net_weight_kg"), MAX_QUANTITY, "a net weight", w));
            }
        }
        // The keys are listed only for an item that has units (few do).
        let unit_keys = if it.units.is_empty() {
            Vec::new()
        } else {
            RateInput::unit_keys()
        };
        for (unit, q) in &it.units {
            if !unit_keys.contains(&unit.as_str()) {
                errors.push(Error::InvalidValue {
                    path: p(&format!("units.{unit}")),
                    expected: format!(
                        "a unit key a rate reads ({}; kilograms go in net_weight_kg)",
                        unit_keys.join(", ")
                    ),
                    found: format!("\"{unit}\""),
                });
            } else if q.is_sign_negative() && !q.is_zero() {
                errors.push(Error::NegativeAmount {
                    path: p(&format!("units.{unit}")),
                    found: q.to_string(),
                });
            } else if above(*q, MAX_QUANTITY) {
                errors.push(beyond(
                    p(&format!("units.{unit}")),
                    MAX_QUANTITY,
                    "a quantity",
                    q,
                ));
            }
        }
        if let Some(v) = it.vat_rate.map(|r| r.value()) {
            if above(v, Decimal::ONE_HUNDRED) {
                errors.push(beyond(
                    p("vat_rate"),
                    Decimal::ONE_HUNDRED,
                    "a VAT rate in percent",
                    v,
                ));
            }
        }
        if let Some(d) = &it.section_232 {
            if d.content_value.is_sign_negative() && !d.content_value.is_zero() {
                errors.push(Error::NegativeAmount {
                    path: p("section_232.content_value"),
                    found: d.content_value.to_string(),
                });
            } else if let Some(t) = total.filter(|t| d.content_value > *t) {
                errors.push(Error::InvalidValue {
                    path: p("section_232.content_value"),
                    expected: format!("a metal content value not exceeding the line value ({t})"),
                    found: d.content_value.to_string(),
                });
            }
        }
        let duty_rate = match &it.duty_rate {
            None => None,
            Some(text) => match Rate::parse(text) {
                Ok(r) if above(r.expr().largest_number(), MAX_RATE_NUMBER) => {
                    let what = "a rate whose percentages and amounts are each";
                    errors.push(beyond(
                        p("duty_rate"),
                        MAX_RATE_NUMBER,
                        what,
                        format!("\"{text}\""),
                    ));
                    None
                }
                Ok(r) => Some(r),
                // Text that is not a rate at all is invalid; a real form we cannot apply is not
                // supported.
                Err(e) if text.chars().any(|c| c.is_ascii_digit()) => {
                    errors.push(rate_error(e, &p("duty_rate")));
                    None
                }
                Err(_) => {
                    errors.push(Error::InvalidRate {
                        path: p("duty_rate"),
                        found: format!("\"{text}\""),
                    });
                    None
                }
            },
        };
        items.push(Item {
            index,
            hs,
            origin,
            quantity: it.quantity,
            total: total.unwrap_or_default(),
            duty_rate,
            vat_rate: it.vat_rate,
            preference: it.preference.clone(),
            section_232: it.section_232.as_ref().map(|d| (d.metal, d.content_value)),
            net_weight_kg: it.net_weight_kg,
            units: it.units.clone(),
        });
    }
    let mut excluded: SmallVec<[usize; 2]> = SmallVec::new();
    for i in &items {
        excluded.extend(rules.exclusions_of(&i.hs, date));
    }
    if items.len() > 1 {
        excluded.sort_unstable();
        excluded.dedup();
    }
    match territory {
        Some(t) if errors.is_empty() => Ok((
            Ctx {
                rules,
                s,
                date,
                destination,
                items,
                excluded,
                trace: Vec::new(),
                warnings: Vec::new(),
                explain: true,
            },
            t,
        )),
        _ => Err(Errors::new(errors)),
    }
}

/// Pick, per key, the rows in force whose origin list names `origin`, falling back to `*` rows.
/// Used for duty layers (per measure) and postal regimes.
pub(crate) fn origin_matches(
    origins: &[String],
    except: &[String],
    origin: &str,
    eu_member: bool,
) -> Option<bool> {
    if except
        .iter()
        .any(|o| o == origin || (o == "EU" && eu_member))
    {
        return None;
    }
    if origins
        .iter()
        .any(|o| o == origin || (o == "EU" && eu_member))
    {
        Some(true)
    } else if origins.iter().any(|o| o == "*") {
        Some(false)
    } else {
        None
    }
}

/// The minor unit of `currency` from the rules' currency table (an amount in it is rounded to
/// that many decimal places); a currency the table lacks is an error of the rules.
pub(crate) fn minor_unit(rules: &RuleSet, currency: &str) -> Result<u32, Error> {
    rules
        .minor_units(currency)
        .ok_or_else(|| Error::InvalidRules {
            path: "$.currencies".into(),
            message: format!("no minor unit for {currency}"),
        })
}

/// Round to the minor unit of the quote's currency.
pub(crate) fn round(value: Decimal, minor: u32) -> Decimal {
    to_minor(value, minor)
}

/// The latest fee row for each fee id (rows in force, else carried forward or back with a warning).
pub(crate) fn fee_rows<'r>(
    rules: &'r RuleSet,
    territory: &str,
    destination: &str,
    date: Date,
) -> SmallVec<[(&'r crate::rules::FeeRule, Option<String>); 4]> {
    // A territory has a few fees (the US: MPF, HMF, the dutiable mail fee): on the stack.
    let mut out = SmallVec::new();
    for (_, indexes) in rules.fees_of(territory) {
        let rows = || {
            indexes
                .iter()
                .filter_map(|&i| rules.data.fees.get(i))
                .filter(|f| f.countries.is_empty() || f.countries.iter().any(|c| c == destination))
        };
        // Another country's fee: one look, not the four below.
        if rows().next().is_none() {
            continue;
        }
        if let Some(r) = rows().find(|r| r.in_force(date)) {
            out.push((r, None));
            continue;
        }
        let before = rows()
            .filter(|r| r.carry_forward && r.valid_to().is_some_and(|to| to <= date))
            .max_by_key(|r| r.valid_from());
        let after = rows()
            .filter(|r| r.carry_forward && r.valid_from() > date)
            .min_by_key(|r| r.valid_from());
        let earlier_exists = rows().any(|r| r.valid_from() <= date);
        if let Some(r) = before {
            out.push((
                r,
                Some(format!(
                    "No {} value is in the data for {date}; the latest known ({}) is used.",
                    r.fee, r.id
                )),
            ));
        } else if let (Some(r), false) = (after, earlier_exists) {
            out.push((
                r,
                Some(format!(
                    "No {} value is in the data for {date}; the earliest known ({}) is used.",
                    r.fee, r.id
                )),
            ));
        }
    }
    out
}
