//! Exact evaluation of a rate on one line.

use super::{
    write_periods, Agricultural, Amount, Basis, Content, Duty, MonthDay, Per, Polarization, Rate,
    RateError, RateExpr, Term, Unit,
};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

static EMPTY: BTreeMap<String, Decimal> = BTreeMap::new();

/// Liters in one US barrel of 42 US gallons (42 × 3.785411784).
pub(super) const LITERS_PER_BARREL: Decimal = Decimal::from_parts(73_504_976, 37, 0, false, 9);

/// What a rate is evaluated on: one line's customs value and quantities, and the date (for
/// seasonal rates).
///
/// Quantities: [`net_weight_kg`](Self::net_weight_kg) for kilograms (and grams, tonnes);
/// [`units`](Self::units) for the rest, keyed by [`Unit::key`]: `"pr"` pairs, `"doz"` dozens,
/// `"gross"`, `"no"` articles, `"l"` liters, `"pf_l"` proof liters, `"abv"` alcohol % vol,
/// `"bbl"`, `"m"`, `"m2"`, `"m3"`, `"jewel"`, `"pins"`, `"pack"`, `"line"` (button size),
/// `"containers"`, `"degrees"` (sugar polarization), `"sucrose_pct"`, and the weights
/// `"kg_drained"`, `"kg_dry"`, `"kg_gross"`, `"kg_clean"`, `"kg_std_quality"`, `"kg_lead"`,
/// `"kg_copper"`, `"kg_zinc"`, `"kg_tungsten"`, `"kg_molybdenum"`, `"kg_magnesium"`,
/// `"kg_manganese"`, `"kg_silicon"`, `"kg_morphine"`, `"kg_sugars"`, `"kg_lactic"`,
/// `"kg_dry_lactic"`, `"kg_alcohol"`.
/// Conversions: articles (`each`, `No.`, `item`, `/1000`) come from `units["no"]` or else
/// [`quantity`](Self::quantity); dozens and grosses from their key or else the article count ÷ 12
/// or ÷ 144; hectoliters from liters ÷ 100; proof liters from `"pf_l"` or else liters × abv ÷ 50;
/// barrels from `"bbl"` or else liters ÷ 158.987294928.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::RateInput;
/// use rust_decimal::Decimal;
/// let units = [("pr".to_string(), Decimal::from(2))].into_iter().collect();
/// let input = RateInput::new(Decimal::from(40), Decimal::from(2), "2026-03-01".parse().unwrap())
///     .with_net_weight_kg(Decimal::new(9, 1))
///     .with_units(&units);
/// assert_eq!(input.units["pr"], Decimal::from(2));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RateInput<'a> {
    /// The customs value of the line, in the destination currency.
    pub value: Decimal,
    /// The number of articles.
    pub quantity: Decimal,
    /// The net weight of the line in kilograms.
    pub net_weight_kg: Option<Decimal>,
    /// Further quantities by unit key (see the type's documentation).
    pub units: &'a BTreeMap<String, Decimal>,
    /// Values of parts of the goods ([`VALUE_PARTS`](super::VALUE_PARTS)), in the destination
    /// currency, for percentages levied on a part ("6% on the case").
    pub value_parts: &'a BTreeMap<String, Decimal>,
    /// The date of the quote (selects the season of a seasonal rate).
    pub date: Date,
}

impl RateInput<'_> {
    /// Every key [`units`](Self::units) may hold, once each and sorted: the [`Unit::key`] of
    /// every unit but kilograms (they come from `net_weight_kg`), and `"degrees"` (the
    /// polarization of sugar).
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::RateInput;
    /// let keys = RateInput::unit_keys();
    /// assert!(keys.contains(&"pr") && keys.contains(&"degrees") && !keys.contains(&"kg"));
    /// ```
    pub fn unit_keys() -> Vec<&'static str> {
        let units = (Unit::SIMPLE.into_iter())
            .chain(Content::ALL.into_iter().map(Unit::KgOf))
            .chain([Unit::JewelOver(0)]);
        let keys: std::collections::BTreeSet<&'static str> = units
            .map(Unit::key)
            .filter(|k| *k != "kg")
            .chain(["degrees"])
            .collect();
        keys.into_iter().collect()
    }
}

impl RateInput<'static> {
    /// An input with a value, an article count and a date, and no other quantity.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::RateInput;
    /// let i = RateInput::new(rust_decimal::Decimal::TEN, rust_decimal::Decimal::ONE, "2026-01-01".parse().unwrap());
    /// assert!(i.net_weight_kg.is_none() && i.units.is_empty());
    /// ```
    pub fn new(value: Decimal, quantity: Decimal, date: Date) -> RateInput<'static> {
        RateInput {
            value,
            quantity,
            net_weight_kg: None,
            units: &EMPTY,
            value_parts: &EMPTY,
            date,
        }
    }
}

impl<'a> RateInput<'a> {
    /// With a net weight in kilograms.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::RateInput;
    /// use rust_decimal::Decimal;
    /// let i = RateInput::new(Decimal::TEN, Decimal::ONE, "2026-01-01".parse().unwrap()).with_net_weight_kg(Decimal::TWO);
    /// assert_eq!(i.net_weight_kg, Some(Decimal::TWO));
    /// ```
    pub fn with_net_weight_kg(mut self, kg: Decimal) -> Self {
        self.net_weight_kg = Some(kg);
        self
    }

    /// With a map of further quantities.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::RateInput;
    /// use rust_decimal::Decimal;
    /// let units = [("l".to_string(), Decimal::new(75, 2))].into_iter().collect();
    /// let i = RateInput::new(Decimal::TEN, Decimal::ONE, "2026-01-01".parse().unwrap()).with_units(&units);
    /// assert_eq!(i.units.len(), 1);
    /// ```
    pub fn with_units<'b>(self, units: &'b BTreeMap<String, Decimal>) -> RateInput<'b>
    where
        'a: 'b,
    {
        RateInput { units, ..self }
    }

    /// With the values of parts of the goods.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::RateInput;
    /// use rust_decimal::Decimal;
    /// let parts = [("case".to_string(), Decimal::from(12))].into_iter().collect();
    /// let i = RateInput::new(Decimal::TEN, Decimal::ONE, "2026-01-01".parse().unwrap()).with_value_parts(&parts);
    /// assert_eq!(i.value_parts["case"], Decimal::from(12));
    /// ```
    pub fn with_value_parts<'b>(self, value_parts: &'b BTreeMap<String, Decimal>) -> RateInput<'b>
    where
        'a: 'b,
    {
        RateInput {
            value_parts,
            ..self
        }
    }
}

/// The exact duty of a line and how it was obtained.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{ComponentBasis, Rate, RateInput};
/// use rust_decimal::Decimal;
/// let r = Rate::parse("1.4¢/kg + 6%").unwrap();
/// let i = RateInput::new(Decimal::from(100), Decimal::ONE, "2026-01-01".parse().unwrap())
///     .with_net_weight_kg(Decimal::from(10));
/// let e = r.evaluate(&i, |c: &str| (c == "USD").then_some(Decimal::ONE)).unwrap();
/// assert_eq!(e.duty, Decimal::new(614, 2)); // 0.14 + 6.00
/// assert!(matches!(&e.components[0].basis, ComponentBasis::Specific { unit, .. } if unit == "kg"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The duty in the destination currency, exact (not rounded).
    pub duty: Decimal,
    /// Every computed term: the sum's terms, then those of the `MIN` and `MAX` bounds.
    pub components: Vec<Component>,
    /// The bounds that changed the sum, in the order applied.
    pub clamps: Vec<Clamp>,
    /// For a seasonal rate, the periods of the season used (`"01 JUN-31 OCT"`, or
    /// `"rest of the year"`).
    pub season: Option<String>,
    /// For a conditionally free rate, the condition (`"under bond, as prescribed in U.S. note 1 to
    /// this subchapter"`); the engine should show it.
    pub condition: Option<String>,
}

/// One computed term.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{ComponentBasis, Rate, RateInput};
/// use rust_decimal::Decimal;
/// let r = Rate::parse("37.5%").unwrap();
/// let i = RateInput::new(Decimal::from(40), Decimal::ONE, "2026-01-01".parse().unwrap());
/// let c = &r.evaluate(&i, |_: &str| None).unwrap().components[0];
/// assert_eq!((c.term.as_str(), c.amount), ("37.5%", Decimal::from(15)));
/// assert!(matches!(c.basis, ComponentBasis::AdValorem { part: None, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// The canonical text of the term (`"90¢/pr."`, `"37.5%"`).
    pub term: String,
    /// `None` for a term of the duty's sum; the bound it belongs to otherwise.
    pub bound: Option<Bound>,
    /// What the term was applied to.
    pub basis: ComponentBasis,
    /// The term's amount in the destination currency, exact.
    pub amount: Decimal,
}

/// What a term was applied to.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::ComponentBasis;
/// let b = ComponentBasis::AdValorem { base: rust_decimal::Decimal::TEN, part: None };
/// assert!(matches!(b, ComponentBasis::AdValorem { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentBasis {
    /// A percentage of a value.
    AdValorem {
        /// The value the percentage was taken of.
        base: Decimal,
        /// The part of the goods, when not the whole customs value.
        part: Option<String>,
    },
    /// An amount per quantity.
    Specific {
        /// The quantity, in `unit` (before division by the rate's count, e.g. 50 kg for
        /// `"93.10 EUR / 100 kg"`).
        quantity: Decimal,
        /// The unit of `quantity` as the tariff writes it (`"kg"`, `"pr."`, `"doz."`, `"t"`, `"hl"`).
        unit: String,
        /// Where the quantity came from: `"net_weight_kg"`, `"units.pr"`, `"quantity / 12"`, …
        source: String,
        /// The currency the rate states its amount in.
        currency: String,
        /// Units of destination currency per unit of `currency`, as the converter gave it.
        fx: Decimal,
    },
}

/// A `MIN` or `MAX` bound.
///
/// # Example
/// ```
/// assert_ne!(deminimis::tariff::rate::Bound::Min, deminimis::tariff::rate::Bound::Max);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// The duty is at least the bound.
    Min,
    /// The duty is at most the bound.
    Max,
}

/// A bound that changed the duty.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Bound, Rate, RateInput};
/// use rust_decimal::Decimal;
/// let r = Rate::parse("4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item").unwrap();
/// let i = RateInput::new(Decimal::from(2), Decimal::ONE, "2026-01-01".parse().unwrap());
/// let e = r.evaluate(&i, |_: &str| Some(Decimal::ONE)).unwrap();
/// assert_eq!(e.duty, Decimal::new(30, 2));
/// assert_eq!((e.clamps[0].bound, e.clamps[0].sum), (Bound::Min, Decimal::new(9, 2)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clamp {
    /// Which bound.
    pub bound: Bound,
    /// The duty before the bound applied.
    pub sum: Decimal,
    /// The bound's amount, which became the duty.
    pub limit: Decimal,
}

impl Rate {
    /// The exact (unrounded) duty of one line, in the destination currency.
    ///
    /// `fx(currency)` gives the units of destination currency per one unit of `currency`
    /// (`"USD"` or `"EUR"`) for specific amounts; cents are divided by 100 first. It is only asked
    /// for the currencies the rate's specific terms use.
    ///
    /// Errors: [`RateError::NotSupported`] for agricultural components or a date no season covers;
    /// [`RateError::MissingQuantity`] naming the unit key a specific term needs;
    /// [`RateError::MissingValuePart`]; [`RateError::FxUnavailable`]; [`RateError::Overflow`].
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{Rate, RateInput};
    /// use rust_decimal::Decimal;
    /// let r = Rate::parse("90¢/pr. + 37.5%").unwrap();
    /// let none = RateInput::new(Decimal::from(40), Decimal::from(2), "2026-01-01".parse().unwrap());
    /// let err = r.evaluate(&none, |_: &str| Some(Decimal::ONE)).unwrap_err();
    /// assert_eq!((err.code(), err.to_string().contains("\"pr\"")), ("missing_quantity", true));
    /// ```
    pub fn evaluate<F>(&self, input: &RateInput<'_>, fx: F) -> Result<Evaluation, RateError>
    where
        F: Fn(&str) -> Option<Decimal>,
    {
        let ev = Evaluator {
            input,
            fx: &fx,
            text: &self.text,
        };
        let (duty, season) = match &self.expr {
            RateExpr::Free => {
                return Ok(Evaluation {
                    duty: Decimal::ZERO,
                    components: Vec::new(),
                    clamps: Vec::new(),
                    season: None,
                    condition: None,
                })
            }
            RateExpr::FreeUnder(c) => {
                return Ok(Evaluation {
                    duty: Decimal::ZERO,
                    components: Vec::new(),
                    clamps: Vec::new(),
                    season: None,
                    condition: Some(c.to_string()),
                })
            }
            RateExpr::Duty(d) => (d, None),
            RateExpr::Seasonal(seasons) => {
                let day = MonthDay {
                    month: u8::try_from(input.date.month()).unwrap_or(0),
                    day: u8::try_from(input.date.day()).unwrap_or(0),
                };
                let matching: Vec<_> = seasons
                    .iter()
                    .filter(|s| s.periods.iter().any(|p| p.contains(day)))
                    .collect();
                let chosen = match matching.as_slice() {
                    [one] => Some(*one),
                    [] => seasons.iter().find(|s| s.periods.is_empty()),
                    _ => {
                        return Err(ev.not_supported(format!(
                            "more than one season covers {:02}-{:02}",
                            day.month, day.day
                        )))
                    }
                };
                let Some(season) = chosen else {
                    return Err(ev.not_supported(format!(
                        "no season covers {:02}-{:02}",
                        day.month, day.day
                    )));
                };
                let mut label = String::new();
                if season.periods.is_empty() {
                    label.push_str("rest of the year");
                } else {
                    write_periods(&mut label, &season.periods).map_err(|_| ev.overflow())?;
                }
                (&season.duty, Some(label))
            }
        };
        ev.check_supported(duty)?;
        let mut components = Vec::new();
        let mut total = ev.sum(&duty.terms, None, &mut components)?;
        let mut clamps = Vec::new();
        if let Some(min) = &duty.min {
            let limit = ev.sum(min, Some(Bound::Min), &mut components)?;
            if total < limit {
                clamps.push(Clamp {
                    bound: Bound::Min,
                    sum: total,
                    limit,
                });
                total = limit;
            }
        }
        if let Some(max) = &duty.max {
            let limit = ev.sum(max, Some(Bound::Max), &mut components)?;
            if total > limit {
                clamps.push(Clamp {
                    bound: Bound::Max,
                    sum: total,
                    limit,
                });
                total = limit;
            }
        }
        Ok(Evaluation {
            duty: total,
            components,
            clamps,
            season,
            condition: None,
        })
    }
}

struct Evaluator<'e> {
    input: &'e RateInput<'e>,
    fx: &'e dyn Fn(&str) -> Option<Decimal>,
    text: &'e str,
}

/// A measured quantity: the value and where it came from.
struct Measured {
    quantity: Decimal,
    source: String,
}

impl Evaluator<'_> {
    fn not_supported(&self, reason: String) -> RateError {
        RateError::NotSupported {
            text: self.text.to_string(),
            reason,
        }
    }

    fn overflow(&self) -> RateError {
        RateError::Overflow {
            text: self.text.to_string(),
        }
    }

    fn missing(&self, unit: &str) -> RateError {
        RateError::MissingQuantity {
            unit: unit.to_string(),
            text: self.text.to_string(),
        }
    }

    fn ck(&self, v: Option<Decimal>) -> Result<Decimal, RateError> {
        v.ok_or_else(|| self.overflow())
    }

    /// Agricultural components make the whole rate unsupported, whatever else is missing.
    fn check_supported(&self, duty: &Duty) -> Result<(), RateError> {
        let all = duty
            .terms
            .iter()
            .chain(duty.min.iter().flatten())
            .chain(duty.max.iter().flatten());
        let agri: Vec<Agricultural> = all
            .filter_map(|t| match t {
                Term::Agricultural(a) => Some(*a),
                _ => None,
            })
            .collect();
        if agri.is_empty() {
            return Ok(());
        }
        let codes: Vec<&str> = agri.iter().map(|a| a.code()).collect();
        Err(self.not_supported(format!(
            "the agricultural component{} {} depend{} on the goods' composition (starch, sugar, milk fat, milk protein) and {} not computed",
            if codes.len() > 1 { "s" } else { "" },
            codes.join(", "),
            if codes.len() > 1 { "" } else { "s" },
            if codes.len() > 1 { "are" } else { "is" },
        )))
    }

    fn sum(
        &self,
        terms: &[Term],
        bound: Option<Bound>,
        out: &mut Vec<Component>,
    ) -> Result<Decimal, RateError> {
        let mut total = Decimal::ZERO;
        for term in terms {
            let (basis, amount) = self.term(term)?;
            total = self.ck(total.checked_add(amount))?;
            out.push(Component {
                term: term.to_string(),
                bound,
                basis,
                amount,
            });
        }
        Ok(total)
    }

    fn term(&self, term: &Term) -> Result<(ComponentBasis, Decimal), RateError> {
        match term {
            Term::AdValorem { rate, basis } => {
                let (base, part) = match basis {
                    Basis::Value => (self.input.value, None),
                    Basis::Part(part) => {
                        let v = match self.input.value_parts.get(part) {
                            Some(v) => *v,
                            None if part == "entire set" => self.input.value,
                            None => {
                                return Err(RateError::MissingValuePart {
                                    part: part.clone(),
                                    text: self.text.to_string(),
                                })
                            }
                        };
                        (v, Some(part.clone()))
                    }
                };
                let amount = self.ck(rate.of(base))?;
                Ok((ComponentBasis::AdValorem { base, part }, amount))
            }
            Term::Specific { amount, per } => self.specific(amount, per),
            Term::Polarization(p) => self.polarization(p),
            Term::Agricultural(a) => Err(self.not_supported(format!(
                "the agricultural component {} depends on the goods' composition and is not computed",
                a.code()
            ))),
        }
    }

    /// Destination currency per one unit of the amount's denomination (cents ÷ 100).
    fn rate_of(&self, amount: &Amount) -> Result<(Decimal, Decimal), RateError> {
        let currency = amount.denomination.currency();
        let fx = (self.fx)(currency).ok_or_else(|| RateError::FxUnavailable {
            currency: currency.to_string(),
            text: self.text.to_string(),
        })?;
        let per_unit = self.ck(amount
            .value
            .checked_mul(fx)
            .and_then(|v| v.checked_div(amount.denomination.per_currency_unit())))?;
        Ok((per_unit, fx))
    }

    fn specific(&self, amount: &Amount, per: &Per) -> Result<(ComponentBasis, Decimal), RateError> {
        let m = self.measure(per.unit)?;
        let (per_unit, fx) = self.rate_of(amount)?;
        let duty = self.ck(per_unit
            .checked_mul(m.quantity)
            .and_then(|v| v.checked_div(per.count)))?;
        Ok((
            ComponentBasis::Specific {
                quantity: m.quantity,
                unit: unit_label(per.unit),
                source: m.source,
                currency: amount.denomination.currency().to_string(),
                fx,
            },
            duty,
        ))
    }

    fn polarization(&self, p: &Polarization) -> Result<(ComponentBasis, Decimal), RateError> {
        let kg = self.net_kg()?;
        let degrees = self.unit_value("degrees")?;
        let (base, fx) = self.rate_of(&p.base)?;
        let (step, _) = self.rate_of(&p.step)?;
        let (floor, _) = self.rate_of(&p.floor)?;
        let under = self.ck(p.under.checked_sub(degrees))?.max(Decimal::ZERO);
        let per_kg = self
            .ck(step.checked_mul(under).and_then(|r| base.checked_sub(r)))?
            .max(floor);
        let duty = self.ck(per_kg.checked_mul(kg))?;
        Ok((
            ComponentBasis::Specific {
                quantity: kg,
                unit: "kg".to_string(),
                source: format!("net_weight_kg, at {degrees} degrees (units.degrees)"),
                currency: p.base.denomination.currency().to_string(),
                fx,
            },
            duty,
        ))
    }

    fn net_kg(&self) -> Result<Decimal, RateError> {
        self.input.net_weight_kg.ok_or_else(|| self.missing("kg"))
    }

    fn unit_value(&self, key: &str) -> Result<Decimal, RateError> {
        self.input
            .units
            .get(key)
            .copied()
            .ok_or_else(|| self.missing(key))
    }

    fn units_entry(&self, key: &str) -> Result<Measured, RateError> {
        Ok(Measured {
            quantity: self.unit_value(key)?,
            source: format!("units.{key}"),
        })
    }

    /// The article count: `units["no"]`, else `quantity`.
    fn count(&self) -> Measured {
        match self.input.units.get("no") {
            Some(n) => Measured {
                quantity: *n,
                source: "units.no".to_string(),
            },
            None => Measured {
                quantity: self.input.quantity,
                source: "quantity".to_string(),
            },
        }
    }

    /// `units[key]`, else the article count ÷ `per`.
    fn counted(&self, key: &str, per: u32) -> Result<Measured, RateError> {
        if let Some(v) = self.input.units.get(key) {
            return Ok(Measured {
                quantity: *v,
                source: format!("units.{key}"),
            });
        }
        let c = self.count();
        Ok(Measured {
            quantity: self.ck(c.quantity.checked_div(Decimal::from(per)))?,
            source: format!("{} / {per}", c.source),
        })
    }

    fn liters(&self) -> Result<Decimal, RateError> {
        self.unit_value("l")
    }

    fn measure(&self, unit: Unit) -> Result<Measured, RateError> {
        let thousand = Decimal::from(1000);
        Ok(match unit {
            Unit::Kg | Unit::KgEntireContents => Measured {
                quantity: self.net_kg()?,
                source: "net_weight_kg".to_string(),
            },
            Unit::Gram => Measured {
                quantity: self.ck(self.net_kg()?.checked_mul(thousand))?,
                source: "net_weight_kg × 1000".to_string(),
            },
            Unit::Tonne => Measured {
                quantity: self.ck(self.net_kg()?.checked_div(thousand))?,
                source: "net_weight_kg / 1000".to_string(),
            },
            Unit::TonneGross => Measured {
                quantity: self.ck(self.unit_value("kg_gross")?.checked_div(thousand))?,
                source: "units.kg_gross / 1000".to_string(),
            },
            Unit::KgSucrose => {
                let kg = self.net_kg()?;
                let pct = self.unit_value("sucrose_pct")?;
                Measured {
                    quantity: self.ck(kg.checked_mul(pct))?,
                    source: "net_weight_kg × units.sucrose_pct".to_string(),
                }
            }
            Unit::KgDrained
            | Unit::KgDry
            | Unit::KgGross
            | Unit::KgClean
            | Unit::KgOf(_)
            | Unit::KgStandardQuality
            | Unit::Liter
            | Unit::Pair
            | Unit::Pack
            | Unit::Pin
            | Unit::Jewel
            | Unit::Meter
            | Unit::SquareMeter
            | Unit::CubicMeter => self.units_entry(unit.key())?,
            Unit::ProofLiter => match self.input.units.get("pf_l") {
                Some(v) => Measured {
                    quantity: *v,
                    source: "units.pf_l".to_string(),
                },
                None => match (self.input.units.get("l"), self.input.units.get("abv")) {
                    (Some(l), Some(abv)) => Measured {
                        quantity: self.ck(l
                            .checked_mul(*abv)
                            .and_then(|v| v.checked_div(Decimal::from(50))))?,
                        source: "units.l × units.abv / 50".to_string(),
                    },
                    _ => return Err(self.missing("pf_l")),
                },
            },
            Unit::Hectoliter => Measured {
                quantity: self.ck(self.liters()?.checked_div(Decimal::ONE_HUNDRED))?,
                source: "units.l / 100".to_string(),
            },
            Unit::HectoliterPercentVol => {
                let l = self.liters()?;
                let abv = self.unit_value("abv")?;
                Measured {
                    quantity: self.ck(l
                        .checked_div(Decimal::ONE_HUNDRED)
                        .and_then(|hl| hl.checked_mul(abv)))?,
                    source: "units.l / 100 × units.abv".to_string(),
                }
            }
            Unit::Barrel => match self.input.units.get("bbl") {
                Some(v) => Measured {
                    quantity: *v,
                    source: "units.bbl".to_string(),
                },
                None => Measured {
                    quantity: self.ck(self.liters()?.checked_div(LITERS_PER_BARREL))?,
                    source: "units.l / 158.987294928".to_string(),
                },
            },
            Unit::Each => self.count(),
            Unit::Dozen => self.counted("doz", 12)?,
            Unit::Gross => self.counted("gross", 144)?,
            Unit::GrossContainers => Measured {
                quantity: self.ck(self
                    .unit_value("containers")?
                    .checked_div(Decimal::from(144)))?,
                source: "units.containers / 144".to_string(),
            },
            Unit::LineGross => {
                let lines = self.unit_value("line")?;
                let gross = self.counted("gross", 144)?;
                Measured {
                    quantity: self.ck(lines.checked_mul(gross.quantity))?,
                    source: format!("units.line × {}", gross.source),
                }
            }
            Unit::JewelOver(n) => {
                let jewels = self.unit_value("jewel")?;
                let c = self.count();
                let allowed = self.ck(c.quantity.checked_mul(Decimal::from(n)))?;
                Measured {
                    quantity: self.ck(jewels.checked_sub(allowed))?.max(Decimal::ZERO),
                    source: format!("units.jewel − {n} × {}", c.source),
                }
            }
        })
    }
}

/// The unit of a measured quantity, as the tariff writes it.
fn unit_label(unit: Unit) -> String {
    match unit {
        Unit::JewelOver(n) => format!("jewel over {n}"),
        _ => unit.texts().0.to_string(),
    }
}
