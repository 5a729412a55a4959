//! Typed duty-rate expressions as the US HTS and the EU Common Customs Tariff state them, and their
//! exact evaluation.
//!
//! A [`Rate`] keeps the text it was parsed from and a typed [`RateExpr`]:
//!
//! * [`RateExpr::Free`] — `"Free"`; [`RateExpr::FreeUnder`] — free on a stated condition
//!   (`"Free, under bond, as prescribed in U.S. note 1 to this subchapter"`);
//! * [`RateExpr::Duty`] — a sum of [`Term`]s (`"1.4¢/kg + 6%"`, `"90¢/pr. + 37.5%"`,
//!   `"10.20% + 93.10 EUR / 100 kg"`), optionally bounded below (`MIN`) and above (`MAX`) by other
//!   sums (`"8.30% MIN 1.10 EUR / 100 kg / net"`, `"9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg"`);
//! * [`RateExpr::Seasonal`] — EU rates that depend on the day of the year
//!   (`"8.50% (01 JAN-31 MAY, 1 NOV-31 DEC), 12.00% (01 JUN-31 OCT)"`).
//!
//! A term is an ad valorem percentage (`"6.8%"`, `"33 1/3%"`, `"5.3% on the battery"`), a specific
//! duty in US cents, US dollars or euros per unit ([`Per`], [`Unit`]), the US raw-sugar sliding
//! scale ([`Polarization`]) or an EU agricultural component ([`Agricultural`]: `EA`, `ADSZ`, `ADFM`),
//! whose amount depends on the goods' composition and which evaluation reports as not supported.
//!
//! [`Display`](fmt::Display) writes a canonical text that parses back to the same expression;
//! [`Rate::text`] keeps the original. [`Rate::evaluate`] computes the exact, unrounded duty of one
//! line from its value, quantities ([`RateInput`]) and a currency converter, with a breakdown
//! ([`Evaluation`]) for the trace.
//!
//! # Example
//! ```
//! use deminimis::tariff::rate::{Rate, RateExpr, RateInput};
//! use rust_decimal::Decimal;
//! let rate: Rate = "10.20% + 93.10 EUR / 100 kg".parse().unwrap();
//! assert!(matches!(rate.expr(), RateExpr::Duty(d) if d.terms.len() == 2));
//! let input = RateInput::new(Decimal::from(200), Decimal::ONE, "2026-01-15".parse().unwrap())
//!     .with_net_weight_kg(Decimal::from(50));
//! let eur = |c: &str| (c == "EUR").then_some(Decimal::ONE);
//! let e = rate.evaluate(&input, &eur).unwrap();
//! assert_eq!(e.duty, Decimal::new(6695, 2)); // 20.40 + 46.55
//! ```

use crate::text::Text;
use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

mod eval;
mod parse;

pub use eval::{Bound, Clamp, Component, ComponentBasis, Evaluation, RateInput};

/// A parsed duty rate: the original text and its typed expression.
///
/// Equality compares both the text and the expression; compare [`Rate::expr`] for meaning only.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::Rate;
/// let r: Rate = "1.4¢/kg  +6% ".parse().unwrap();
/// assert_eq!(r.text(), "1.4¢/kg  +6% ");
/// assert_eq!(r.to_string(), "1.4¢/kg + 6%");
/// assert_eq!(r.to_string().parse::<Rate>().unwrap().expr(), r.expr());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    text: Text,
    expr: RateExpr,
}

impl Rate {
    /// Parse a rate text; an unrecognised text is [`RateError::NotSupported`] naming it.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Rate;
    /// assert!(Rate::parse("33 1/3%").is_ok());
    /// assert_eq!(Rate::parse("See additional U.S. note 1").unwrap_err().code(), "rate_not_supported");
    /// ```
    pub fn parse(text: &str) -> Result<Rate, RateError> {
        match parse::parse(text) {
            Some(expr) => Ok(Rate {
                text: Text::of_rules_str(text),
                expr,
            }),
            None => Err(RateError::NotSupported {
                text: text.to_string(),
                reason: "not a rate expression this library recognises".to_string(),
            }),
        }
    }

    /// A rate built from an expression; its text is the canonical display of the expression.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{Rate, RateExpr};
    /// assert_eq!(Rate::from_expr(RateExpr::Free).text(), "Free");
    /// ```
    pub fn from_expr(expr: RateExpr) -> Rate {
        Rate {
            text: expr.to_string().into(),
            expr,
        }
    }

    /// The text the rate was parsed from, unchanged.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Rate;
    /// assert_eq!(Rate::parse("16.5% ").unwrap().text(), "16.5% ");
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text the rate was parsed from, shared (for quotes that show it).
    pub(crate) fn shared_text(&self) -> &Text {
        &self.text
    }

    /// The typed expression.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{Rate, RateExpr};
    /// assert_eq!(Rate::parse("Free").unwrap().expr(), &RateExpr::Free);
    /// ```
    pub fn expr(&self) -> &RateExpr {
        &self.expr
    }

    /// Whether the rate is `Free`.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Rate;
    /// assert!(Rate::parse("Free").unwrap().is_free());
    /// assert!(!Rate::parse("0%").unwrap().is_free());
    /// assert!(Rate::parse("Free, under bond").unwrap().is_free());
    /// ```
    pub fn is_free(&self) -> bool {
        matches!(self.expr, RateExpr::Free | RateExpr::FreeUnder(_))
    }

    /// The percentage when the rate is `Free` (0 %, also when conditionally free) or a single ad valorem percentage of the whole
    /// customs value, with no specific part, bound or season; `None` otherwise. This is the
    /// "rate" US whole-dollar valuation groups lines by.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Rate;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Rate::parse("16.5%").unwrap().ad_valorem().map(|p| p.whole), Some(Decimal::new(165, 1)));
    /// assert_eq!(Rate::parse("Free").unwrap().ad_valorem().map(|p| p.whole), Some(Decimal::ZERO));
    /// assert!(Rate::parse("90¢/pr. + 37.5%").unwrap().ad_valorem().is_none());
    /// ```
    pub fn ad_valorem(&self) -> Option<Pct> {
        match &self.expr {
            RateExpr::Free | RateExpr::FreeUnder(_) => Some(Pct::whole(Decimal::ZERO)),
            RateExpr::Duty(Duty {
                terms,
                min: None,
                max: None,
            }) => match terms.as_slice() {
                [Term::AdValorem {
                    rate,
                    basis: Basis::Value,
                }] => Some(*rate),
                _ => None,
            },
            _ => None,
        }
    }
}

impl FromStr for Rate {
    type Err = RateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rate::parse(s)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.expr, f)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rate::parse(&text).map_err(de::Error::custom)
    }
}

/// The typed form of a rate text.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Rate, RateExpr};
/// let r = Rate::parse("8.50% (01 JAN-31 MAY, 1 NOV-31 DEC), 12.00% (01 JUN-31 OCT)").unwrap();
/// assert!(matches!(r.expr(), RateExpr::Seasonal(s) if s.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateExpr {
    /// `Free`: no duty.
    Free,
    /// Free on a condition the tariff states (`"Free, under bond, as prescribed in U.S. note 1 to
    /// this subchapter"`): no duty, and the evaluation names the condition.
    FreeUnder(FreeCondition),
    /// A sum of terms, optionally bounded.
    Duty(Duty),
    /// EU seasonal rates: the season whose periods contain the day of the year applies; a season
    /// without periods (only ever the last) applies on the days no other season covers.
    Seasonal(Vec<Season>),
}

impl RateExpr {
    /// The largest magnitude of the numbers the rate states (percentages, amounts per unit,
    /// bounds, polarization steps), in the units they are written in; `0` for `Free`. A quote
    /// refuses a caller's rate whose largest number is out of all proportion (see
    /// `MAX_RATE_NUMBER` in the engine), so that no product of it can leave `Decimal`'s range.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Rate;
    /// assert_eq!(Rate::parse("1.4¢/kg + 6%").unwrap().expr().largest_number().to_string(), "6");
    /// assert_eq!(Rate::parse("Free").unwrap().expr().largest_number().to_string(), "0");
    /// ```
    pub fn largest_number(&self) -> Decimal {
        fn terms(ts: &[Term]) -> Decimal {
            ts.iter().map(term).max().unwrap_or_default()
        }
        fn term(t: &Term) -> Decimal {
            match t {
                Term::AdValorem { rate, .. } => rate.whole.abs(),
                Term::Specific { amount, .. } => amount.value.abs(),
                Term::Polarization(p) => [p.base.value, p.step.value, p.floor.value, p.under]
                    .into_iter()
                    .map(|d| d.abs())
                    .max()
                    .unwrap_or_default(),
                Term::Agricultural(_) => Decimal::ZERO,
            }
        }
        fn duty(d: &Duty) -> Decimal {
            let bounds = [&d.min, &d.max].into_iter().flatten().map(|b| terms(b));
            bounds.fold(terms(&d.terms), Decimal::max)
        }
        match self {
            RateExpr::Free | RateExpr::FreeUnder(_) => Decimal::ZERO,
            RateExpr::Duty(d) => duty(d),
            RateExpr::Seasonal(seasons) => seasons
                .iter()
                .map(|s| duty(&s.duty))
                .max()
                .unwrap_or_default(),
        }
    }
}

/// The condition of a conditionally free rate (US chapter 98 temporary importations, wool for
/// special uses).
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{FreeCondition, Rate, RateExpr};
/// let r = Rate::parse("Free, under bond, as prescribed in U.S. note 1 to this subchapter").unwrap();
/// assert_eq!(r.expr(), &RateExpr::FreeUnder(FreeCondition::UnderBond { note: Some(1) }));
/// assert!(r.is_free());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FreeCondition {
    /// `under bond`, optionally `as prescribed in U.S. note N to this subchapter`.
    UnderBond {
        /// The U.S. note of the subchapter that prescribes the bond.
        note: Option<u32>,
    },
    /// `for such temporary periods as the Secretary of the Treasury by regulation may prescribe`.
    TemporaryPeriods,
}

impl FreeCondition {
    pub(crate) const TEMPORARY: &'static str =
        "for such temporary periods as the Secretary of the Treasury by regulation may prescribe";
}

impl fmt::Display for FreeCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FreeCondition::UnderBond { note: None } => f.write_str("under bond"),
            FreeCondition::UnderBond { note: Some(n) } => write!(
                f,
                "under bond, as prescribed in U.S. note {n} to this subchapter"
            ),
            FreeCondition::TemporaryPeriods => f.write_str(FreeCondition::TEMPORARY),
        }
    }
}

/// A sum of terms with optional `MIN` and `MAX` bounds (each itself a sum): the duty is the sum,
/// raised to the `MIN` bound and then lowered to the `MAX` bound.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Rate, RateExpr};
/// let r = Rate::parse("11.20% MIN 22.00 EUR / 100 kg MAX 56.00 EUR / 100 kg").unwrap();
/// let RateExpr::Duty(d) = r.expr() else { unreachable!() };
/// assert_eq!((d.terms.len(), d.min.is_some(), d.max.is_some()), (1, true, true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// The terms added together.
    pub terms: Vec<Term>,
    /// The `MIN` bound: the duty is at least this sum.
    pub min: Option<Vec<Term>>,
    /// The `MAX` bound: the duty is at most this sum.
    pub max: Option<Vec<Term>>,
}

impl Duty {
    /// An unbounded sum of terms.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{Duty, Pct, Rate, RateExpr, Term};
    /// let d = Duty::sum(vec![Term::ad_valorem(Pct::whole(rust_decimal::Decimal::from(5)))]);
    /// assert_eq!(Rate::from_expr(RateExpr::Duty(d)).to_string(), "5%");
    /// ```
    pub fn sum(terms: Vec<Term>) -> Duty {
        Duty {
            terms,
            min: None,
            max: None,
        }
    }
}

/// One season of a seasonal rate.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Rate, RateExpr};
/// let r = Rate::parse("9.60% (01 JAN-15 MAY), 13.40% (16 MAY-30 JUNE)").unwrap();
/// let RateExpr::Seasonal(s) = r.expr() else { unreachable!() };
/// assert_eq!(s[1].periods[0].to_string(), "16 MAY-30 JUN");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Season {
    /// The periods (inclusive day ranges) the season covers; empty for "the rest of the year".
    pub periods: Vec<Period>,
    /// The duty in that season.
    pub duty: Duty,
}

/// An inclusive range of days of the year; `from` after `to` wraps over the new year.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{MonthDay, Period};
/// let p = Period { from: MonthDay { month: 11, day: 1 }, to: MonthDay { month: 2, day: 14 } };
/// assert!(p.contains(MonthDay { month: 1, day: 3 }));
/// assert!(!p.contains(MonthDay { month: 6, day: 1 }));
/// assert_eq!(p.to_string(), "01 NOV-14 FEB");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day.
    pub from: MonthDay,
    /// Last day (inclusive).
    pub to: MonthDay,
}

impl Period {
    /// Whether the day falls in the period.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{MonthDay, Period};
    /// let p = Period { from: MonthDay { month: 1, day: 1 }, to: MonthDay { month: 4, day: 31 } };
    /// assert!(p.contains(MonthDay { month: 4, day: 30 }));
    /// ```
    pub fn contains(&self, day: MonthDay) -> bool {
        if self.from <= self.to {
            self.from <= day && day <= self.to
        } else {
            day >= self.from || day <= self.to
        }
    }
}

/// A day of the year (month 1–12, day 1–31; the tables sometimes write days such as 31 APR, which
/// then simply means the end of the month).
///
/// # Example
/// ```
/// use deminimis::tariff::rate::MonthDay;
/// assert!(MonthDay { month: 2, day: 14 } < MonthDay { month: 2, day: 15 });
/// assert_eq!(MonthDay { month: 6, day: 1 }.to_string(), "01 JUN");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

/// One term of a sum.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Rate, RateExpr, Term, Unit};
/// let r = Rate::parse("$1.58/pr. + 66%").unwrap();
/// let RateExpr::Duty(d) = r.expr() else { unreachable!() };
/// assert!(matches!(&d.terms[0], Term::Specific { per, .. } if per.unit == Unit::Pair));
/// assert!(matches!(&d.terms[1], Term::AdValorem { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A percentage of the customs value or of a named part of it.
    AdValorem {
        /// The percentage.
        rate: Pct,
        /// What the percentage is taken of.
        basis: Basis,
    },
    /// An amount of money per quantity.
    Specific {
        /// The amount.
        amount: Amount,
        /// Per how much of what.
        per: Per,
    },
    /// The US raw-sugar sliding scale (`"…¢/kg less …¢/kg for each degree under 100 degrees …"`).
    Polarization(Polarization),
    /// An EU agricultural component whose amount depends on the goods' composition.
    Agricultural(Agricultural),
}

impl Term {
    /// An ad valorem term on the whole customs value.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{Pct, Term};
    /// assert_eq!(Term::ad_valorem(Pct::whole(rust_decimal::Decimal::from(6))).to_string(), "6%");
    /// ```
    pub fn ad_valorem(rate: Pct) -> Term {
        Term::AdValorem {
            rate,
            basis: Basis::Value,
        }
    }

    /// A specific term of `amount` per one `unit`.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::{Amount, Denomination, Term, Unit};
    /// let t = Term::specific(Amount { value: rust_decimal::Decimal::from(90), denomination: Denomination::UsCents }, Unit::Pair);
    /// assert_eq!(t.to_string(), "90¢/pr.");
    /// ```
    pub fn specific(amount: Amount, unit: Unit) -> Term {
        Term::Specific {
            amount,
            per: Per {
                count: Decimal::ONE,
                unit,
            },
        }
    }
}

/// An exact percentage, possibly with a vulgar fraction (`33 1/3%`).
///
/// # Example
/// ```
/// use deminimis::tariff::rate::Pct;
/// use rust_decimal::Decimal;
/// let p = Pct { whole: Decimal::from(33), fraction: Some((1, 3)) };
/// assert_eq!(p.to_string(), "33 1/3%");
/// assert_eq!(p.of(Decimal::from(300)), Some(Decimal::from(100)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pct {
    /// The whole (or decimal) part, in percent.
    pub whole: Decimal,
    /// An added fraction `numerator/denominator` of a percent.
    pub fraction: Option<(u32, u32)>,
}

impl Pct {
    /// A percentage without fraction.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Pct;
    /// assert_eq!(Pct::whole(rust_decimal::Decimal::new(375, 1)).to_string(), "37.5%");
    /// ```
    pub fn whole(whole: Decimal) -> Pct {
        Pct {
            whole,
            fraction: None,
        }
    }

    /// `base × percentage`, exact up to the 28 digits of a decimal (a fraction such as 1/3 is
    /// applied by one final division); `None` on overflow or a zero denominator.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Pct;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Pct::whole(Decimal::new(375, 1)).of(Decimal::from(40)), Some(Decimal::from(15)));
    /// ```
    pub fn of(&self, base: Decimal) -> Option<Decimal> {
        match self.fraction {
            None => base
                .checked_mul(self.whole)?
                .checked_div(Decimal::ONE_HUNDRED),
            Some((n, d)) => {
                let d = Decimal::from(d);
                let numerator = self.whole.checked_mul(d)?.checked_add(Decimal::from(n))?;
                base.checked_mul(numerator)?
                    .checked_div(d.checked_mul(Decimal::ONE_HUNDRED)?)
            }
        }
    }
}

/// What an ad valorem percentage is taken of.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Basis, Rate, RateExpr, Term};
/// let r = Rate::parse("30¢ each + 6.9% on the case + 5.3% on the battery").unwrap();
/// let RateExpr::Duty(d) = r.expr() else { unreachable!() };
/// assert!(matches!(&d.terms[2], Term::AdValorem { basis: Basis::Part(p), .. } if p == "battery"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Basis {
    /// The customs value of the line.
    Value,
    /// The value of a named part of the goods (one of [`VALUE_PARTS`], e.g. `"case"`,
    /// `"strap, band or bracelet"`, `"battery"`), which evaluation reads from
    /// [`RateInput::value_parts`].
    Part(String),
}

/// The parts of the goods (or other values) a US rate may levy a percentage on ("6% on the case",
/// "3 percent of the fair retail value"), as keys of [`RateInput::value_parts`]. `"entire set"`
/// defaults to the customs value of the line.
///
/// # Example
/// ```
/// assert!(deminimis::tariff::rate::VALUE_PARTS.contains(&"strap, band or bracelet"));
/// ```
pub const VALUE_PARTS: &[&str] = &[
    "case",
    "strap, band or bracelet",
    "case and strap, band or bracelet",
    "battery",
    "movement",
    "movement and case",
    "apparatus",
    "entire set",
    "lead content",
    "rifle",
    "telescopic sight",
    "fair retail value",
    "cost of such goods or repairs",
    "cost of such parts",
    "cost of such parts or materials",
];

/// How the canonical text names a value part after the percentage (`"on the case"`).
pub(crate) fn part_phrase(part: &str) -> String {
    match part {
        "lead content" | "rifle" => format!("on the value of the {part}"),
        "telescopic sight" => "on the value of the telescopic sight, if any".to_string(),
        "fair retail value"
        | "cost of such goods or repairs"
        | "cost of such parts"
        | "cost of such parts or materials" => format!("of the {part}"),
        _ => format!("on the {part}"),
    }
}

/// An amount of money in the denomination the rate states.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Amount, Denomination};
/// let a = Amount { value: rust_decimal::Decimal::new(158, 2), denomination: Denomination::UsDollars };
/// assert_eq!(a.to_string(), "$1.58");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    /// The number as written.
    pub value: Decimal,
    /// Cents, dollars or euros.
    pub denomination: Denomination,
}

/// The money a specific duty is stated in.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::Denomination;
/// assert_eq!(Denomination::UsCents.currency(), "USD");
/// assert_eq!(Denomination::UsCents.per_currency_unit(), rust_decimal::Decimal::ONE_HUNDRED);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Denomination {
    /// US cents (`¢`).
    UsCents,
    /// US dollars (`$`).
    UsDollars,
    /// Euros (`EUR`, `€`).
    Eur,
}

impl Denomination {
    /// The ISO 4217 code of the currency.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::tariff::rate::Denomination::Eur.currency(), "EUR");
    /// ```
    pub fn currency(self) -> &'static str {
        match self {
            Denomination::UsCents | Denomination::UsDollars => "USD",
            Denomination::Eur => "EUR",
        }
    }

    /// How many of this denomination make one unit of the currency (100 for cents).
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Denomination;
    /// assert_eq!(Denomination::UsDollars.per_currency_unit(), rust_decimal::Decimal::ONE);
    /// ```
    pub fn per_currency_unit(self) -> Decimal {
        match self {
            Denomination::UsCents => Decimal::ONE_HUNDRED,
            Denomination::UsDollars | Denomination::Eur => Decimal::ONE,
        }
    }
}

/// "Per how much of what": `/100 kg` is `count` 100 of [`Unit::Kg`]; `/1000` is 1000 of
/// [`Unit::Each`].
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Rate, RateExpr, Term, Unit};
/// use rust_decimal::Decimal;
/// let r = Rate::parse("52.00 EUR / 1,000 items").unwrap();
/// let RateExpr::Duty(d) = r.expr() else { unreachable!() };
/// let Term::Specific { per, .. } = &d.terms[0] else { unreachable!() };
/// assert_eq!((per.count, per.unit), (Decimal::from(1000), Unit::Each));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Per {
    /// How many units the amount is for (1, 100, 1000).
    pub count: Decimal,
    /// The unit of quantity.
    pub unit: Unit,
}

/// A unit of quantity a specific duty is levied on. [`Unit::key`] names the quantity evaluation
/// needs (the `units` map key, or `"kg"` for the net weight).
///
/// # Example
/// ```
/// use deminimis::tariff::rate::Unit;
/// assert_eq!(Unit::Pair.key(), "pr");
/// assert_eq!(Unit::Dozen.key(), "doz");
/// assert_eq!(Unit::KgDrained.key(), "kg_drained");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Kilogram of net weight (`kg`, EU `kg / net`).
    Kg,
    /// Kilogram of drained weight (`kg on drained weight`, EU `kg / net drained wt`).
    KgDrained,
    /// Kilogram of net dry weight (EU `kg / net dry`).
    KgDry,
    /// Kilogram of gross weight, including the container (`kg on contents and container`,
    /// `kg, including weight of container`, EU `kg / gross`, `kg / br`).
    KgGross,
    /// Kilogram of the entire contents of the container (US; the net weight).
    KgEntireContents,
    /// Kilogram of clean wool (`clean kg`).
    KgClean,
    /// Kilogram of a constituent (`kg on lead content`, `kg of total sugars`, `kg / lactic matter`).
    KgOf(Content),
    /// Kilogram of sugar of the standard quality (EU `kg / std qual`).
    KgStandardQuality,
    /// Net kilogram per 1 % of sucrose content (EU `kg / net / % sacchar.`).
    KgSucrose,
    /// Gram of net weight.
    Gram,
    /// Metric ton of net weight (`t`, EU `tonne`).
    Tonne,
    /// Metric ton including the container (`t, including weight of container`).
    TonneGross,
    /// Liter.
    Liter,
    /// Proof liter (`pf. liter`, also `pf. liter on ethyl alcohol content`).
    ProofLiter,
    /// Hectoliter (EU `hl`).
    Hectoliter,
    /// Percent of alcohol by volume per hectoliter (EU `% vol / hl`).
    HectoliterPercentVol,
    /// Barrel of 42 US gallons (`bbl`).
    Barrel,
    /// An article: `each`, `No.`, `head`, `article`, EU `item`.
    Each,
    /// Pair (`pr.`).
    Pair,
    /// Dozen (`doz.`).
    Dozen,
    /// Gross of 144 (`gross`).
    Gross,
    /// Gross of immediate containers.
    GrossContainers,
    /// Line (button size) per gross (`line/ gross`).
    LineGross,
    /// Pack.
    Pack,
    /// Pin (`1,000 pins`).
    Pin,
    /// Jewel (watch movements).
    Jewel,
    /// Jewel over the given number per movement (`jewel over 7`).
    JewelOver(u32),
    /// Meter (`m`, `lin. m`).
    Meter,
    /// Square meter (`m2`, `m²`, `m2 of recording surface`).
    SquareMeter,
    /// Cubic meter.
    CubicMeter,
}

/// A constituent whose weight a specific duty is levied on.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Content, Unit};
/// assert_eq!(Unit::KgOf(Content::Lead).key(), "kg_lead");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Content {
    /// Lead content.
    Lead,
    /// Copper content.
    Copper,
    /// Zinc content.
    Zinc,
    /// Tungsten content.
    Tungsten,
    /// Molybdenum content.
    Molybdenum,
    /// Magnesium content.
    Magnesium,
    /// Manganese content.
    Manganese,
    /// Silicon content.
    Silicon,
    /// Anhydrous morphine content.
    AnhydrousMorphine,
    /// Total sugars.
    TotalSugars,
    /// Lactic matter (EU).
    LacticMatter,
    /// Dry lactic matter (EU).
    DryLacticMatter,
    /// Total alcohol (EU `tot alc`).
    TotalAlcohol,
}

impl Content {
    /// Every constituent.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::tariff::rate::Content::ALL.len(), 13);
    /// ```
    pub const ALL: [Content; 13] = [
        Content::Lead,
        Content::Copper,
        Content::Zinc,
        Content::Tungsten,
        Content::Molybdenum,
        Content::Magnesium,
        Content::Manganese,
        Content::Silicon,
        Content::AnhydrousMorphine,
        Content::TotalSugars,
        Content::LacticMatter,
        Content::DryLacticMatter,
        Content::TotalAlcohol,
    ];

    /// `(US text, EU text, units key)`.
    fn texts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Content::Lead => ("kg on lead content", "kg / lead content", "kg_lead"),
            Content::Copper => ("kg on copper content", "kg / copper content", "kg_copper"),
            Content::Zinc => ("kg on zinc content", "kg / zinc content", "kg_zinc"),
            Content::Tungsten => (
                "kg on tungsten content",
                "kg / tungsten content",
                "kg_tungsten",
            ),
            Content::Molybdenum => (
                "kg on molybdenum content",
                "kg / molybdenum content",
                "kg_molybdenum",
            ),
            Content::Magnesium => (
                "kg on magnesium content",
                "kg / magnesium content",
                "kg_magnesium",
            ),
            Content::Manganese => (
                "kg on manganese content",
                "kg / manganese content",
                "kg_manganese",
            ),
            Content::Silicon => (
                "kg on silicon content",
                "kg / silicon content",
                "kg_silicon",
            ),
            Content::AnhydrousMorphine => (
                "kg of anhydrous morphine content",
                "kg / anhydrous morphine",
                "kg_morphine",
            ),
            Content::TotalSugars => ("kg of total sugars", "kg / total sugars", "kg_sugars"),
            Content::LacticMatter => ("kg/lactic matter", "kg / lactic matter", "kg_lactic"),
            Content::DryLacticMatter => (
                "kg/dry lactic matter",
                "kg / dry lactic matter",
                "kg_dry_lactic",
            ),
            Content::TotalAlcohol => ("kg/tot alc", "kg / tot alc", "kg_alcohol"),
        }
    }
}

impl Unit {
    /// Every unit except the parameterised ones ([`Unit::KgOf`], [`Unit::JewelOver`]).
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Unit;
    /// assert!(Unit::SIMPLE.contains(&Unit::Pair));
    /// ```
    pub const SIMPLE: [Unit; 28] = [
        Unit::Kg,
        Unit::KgDrained,
        Unit::KgDry,
        Unit::KgGross,
        Unit::KgEntireContents,
        Unit::KgClean,
        Unit::KgStandardQuality,
        Unit::KgSucrose,
        Unit::Gram,
        Unit::Tonne,
        Unit::TonneGross,
        Unit::Liter,
        Unit::ProofLiter,
        Unit::Hectoliter,
        Unit::HectoliterPercentVol,
        Unit::Barrel,
        Unit::Each,
        Unit::Pair,
        Unit::Dozen,
        Unit::Gross,
        Unit::GrossContainers,
        Unit::LineGross,
        Unit::Pack,
        Unit::Pin,
        Unit::Jewel,
        Unit::Meter,
        Unit::SquareMeter,
        Unit::CubicMeter,
    ];

    /// The quantity the unit is measured by: a key of [`RateInput::units`], or `"kg"` for the
    /// net weight ([`RateInput::net_weight_kg`]); this is the unit a `missing_quantity` error
    /// names (derived units name what they are derived from, e.g. `"kg"` for tonnes, `"l"` for
    /// hectoliters).
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Unit;
    /// assert_eq!(Unit::Tonne.key(), "kg");
    /// assert_eq!(Unit::ProofLiter.key(), "pf_l");
    /// ```
    pub fn key(self) -> &'static str {
        self.texts().2
    }

    /// `(US text, EU text, key)`; `Each` and `JewelOver` are written specially by `Display`.
    pub(crate) fn texts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Unit::Kg => ("kg", "kg", "kg"),
            Unit::KgDrained => ("kg on drained weight", "kg / net drained wt", "kg_drained"),
            Unit::KgDry => ("kg/net dry", "kg / net dry", "kg_dry"),
            Unit::KgGross => ("kg on contents and container", "kg / gross", "kg_gross"),
            Unit::KgEntireContents => (
                "kg on entire contents of container",
                "kg on entire contents of container",
                "kg",
            ),
            Unit::KgClean => ("clean kg", "clean kg", "kg_clean"),
            Unit::KgOf(c) => c.texts(),
            Unit::KgStandardQuality => ("kg/std qual", "kg / std qual", "kg_std_quality"),
            Unit::KgSucrose => ("kg/net/% sacchar.", "kg / net / % sacchar.", "sucrose_pct"),
            Unit::Gram => ("g", "g", "kg"),
            Unit::Tonne => ("t", "tonne", "kg"),
            Unit::TonneGross => (
                "t, including weight of container",
                "tonne / gross",
                "kg_gross",
            ),
            Unit::Liter => ("liter", "l", "l"),
            Unit::ProofLiter => ("pf. liter", "pf. liter", "pf_l"),
            Unit::Hectoliter => ("hl", "hl", "l"),
            Unit::HectoliterPercentVol => ("% vol/hl", "% vol / hl", "abv"),
            Unit::Barrel => ("bbl", "bbl", "bbl"),
            Unit::Each => ("No.", "item", "no"),
            Unit::Pair => ("pr.", "pr.", "pr"),
            Unit::Dozen => ("doz.", "doz.", "doz"),
            Unit::Gross => ("gross", "gross", "gross"),
            Unit::GrossContainers => (
                "gross of immediate containers",
                "gross of immediate containers",
                "containers",
            ),
            Unit::LineGross => ("line/gross", "line / gross", "line"),
            Unit::Pack => ("pack", "pack", "pack"),
            Unit::Pin => ("pins", "pins", "pins"),
            Unit::Jewel | Unit::JewelOver(_) => ("jewel", "jewel", "jewel"),
            Unit::Meter => ("m", "m", "m"),
            Unit::SquareMeter => ("m2", "m2", "m2"),
            Unit::CubicMeter => ("m3", "m3", "m3"),
        }
    }
}

/// The US sliding duty on raw sugar by polarization: `base` per kg, less `step` per kg for each
/// degree (and fraction of a degree, in proportion) under `under` degrees, but not less than
/// `floor` per kg. Evaluation needs the net weight and the polarization in `units["degrees"]`.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Rate, RateExpr, Term};
/// let r = Rate::parse("3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg").unwrap();
/// let RateExpr::Duty(d) = r.expr() else { unreachable!() };
/// assert!(matches!(&d.terms[0], Term::Polarization(p) if p.under == rust_decimal::Decimal::from(100)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Polarization {
    /// The rate per kg at `under` degrees and above.
    pub base: Amount,
    /// The reduction per kg for each degree under `under`.
    pub step: Amount,
    /// The reference polarization in degrees.
    pub under: Decimal,
    /// The lowest rate per kg.
    pub floor: Amount,
}

/// An EU agricultural component (Annex I of the Combined Nomenclature, Part Two, Section I,
/// Annex 1): its amount depends on the starch, sugar, milk-fat and milk-protein content of the
/// goods, so evaluation reports it as not supported rather than guessing.
///
/// # Example
/// ```
/// use deminimis::tariff::rate::{Agricultural, Rate, RateExpr, Term};
/// let r = Rate::parse("9.00% +  EA MAX 18.70%  + ADSZ").unwrap();
/// let RateExpr::Duty(d) = r.expr() else { unreachable!() };
/// assert_eq!(d.terms[1], Term::Agricultural(Agricultural::Ea));
/// assert_eq!(d.max.as_ref().unwrap()[1], Term::Agricultural(Agricultural::Adsz));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Agricultural {
    /// `EA`: the agricultural component.
    Ea,
    /// `EAR`: the reduced agricultural component.
    Ear,
    /// `ADSZ`: the additional duty on sugar.
    Adsz,
    /// `ADSZR`: the reduced additional duty on sugar.
    Adszr,
    /// `ADFM`: the additional duty on flour.
    Adfm,
    /// `ADFMR`: the reduced additional duty on flour.
    Adfmr,
}

impl Agricultural {
    /// Every agricultural component.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::tariff::rate::Agricultural::ALL.len(), 6);
    /// ```
    pub const ALL: [Agricultural; 6] = [
        Agricultural::Ea,
        Agricultural::Ear,
        Agricultural::Adsz,
        Agricultural::Adszr,
        Agricultural::Adfm,
        Agricultural::Adfmr,
    ];

    /// The abbreviation the tariff writes.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::tariff::rate::Agricultural::Adfm.code(), "ADFM");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Agricultural::Ea => "EA",
            Agricultural::Ear => "EAR",
            Agricultural::Adsz => "ADSZ",
            Agricultural::Adszr => "ADSZR",
            Agricultural::Adfm => "ADFM",
            Agricultural::Adfmr => "ADFMR",
        }
    }
}

/// Why a rate could not be evaluated (or parsed). [`RateError::code`] gives a stable snake_case
/// code; the engine maps these onto the crate's [`Error`](crate::Error).
///
/// # Example
/// ```
/// use deminimis::tariff::rate::RateError;
/// let e = RateError::MissingQuantity { unit: "kg".into(), text: "1.4¢/kg".into() };
/// assert_eq!(e.code(), "missing_quantity");
/// assert_eq!(e.to_string(), "the rate \"1.4¢/kg\" needs a quantity in \"kg\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    /// The text is not a supported rate expression, or the expression cannot be computed
    /// (agricultural components, a date no season covers).
    #[error("rate \"{text}\" is not supported: {reason}")]
    NotSupported {
        /// The rate text.
        text: String,
        /// Why.
        reason: String,
    },
    /// A specific duty needs a quantity the line does not give.
    #[error("the rate \"{text}\" needs a quantity in \"{unit}\"")]
    MissingQuantity {
        /// The quantity needed: `"kg"` (net weight) or a key of the `units` map.
        unit: String,
        /// The rate text.
        text: String,
    },
    /// A percentage on a part of the goods ("on the case") needs that part's value.
    #[error("the rate \"{text}\" needs the value of the {part}")]
    MissingValuePart {
        /// The part, a key of [`RateInput::value_parts`].
        part: String,
        /// The rate text.
        text: String,
    },
    /// The converter gave no rate for the currency of a specific duty.
    #[error("no exchange rate for {currency} to convert the specific duty of \"{text}\"")]
    FxUnavailable {
        /// The currency (`USD`, `EUR`).
        currency: String,
        /// The rate text.
        text: String,
    },
    /// The computation overflowed (or divided by zero).
    #[error("the duty of \"{text}\" overflows a decimal")]
    Overflow {
        /// The rate text.
        text: String,
    },
}

impl RateError {
    /// The stable code: `rate_not_supported`, `missing_quantity`, `missing_value_part`,
    /// `fx_rate_unavailable` or `invalid_amount`.
    ///
    /// # Example
    /// ```
    /// use deminimis::tariff::rate::Rate;
    /// assert_eq!(Rate::parse("Entry Price").unwrap_err().code(), "rate_not_supported");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            RateError::NotSupported { .. } => "rate_not_supported",
            RateError::MissingQuantity { .. } => "missing_quantity",
            RateError::MissingValuePart { .. } => "missing_value_part",
            RateError::FxUnavailable { .. } => "fx_rate_unavailable",
            RateError::Overflow { .. } => "invalid_amount",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Canonical display. US amounts (¢, $) use the HTS style (`90¢/pr.`, `16¢ each`), euro amounts the
// CCT style (`93.10 EUR / 100 kg`); the parser reads both.

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

impl fmt::Display for RateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateExpr::Free => f.write_str("Free"),
            RateExpr::FreeUnder(c) => write!(f, "Free, {c}"),
            RateExpr::Duty(d) => fmt::Display::fmt(d, f),
            RateExpr::Seasonal(seasons) => {
                for (i, s) in seasons.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    fmt::Display::fmt(s, f)?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Season {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.duty, f)?;
        if !self.periods.is_empty() {
            f.write_str(" (")?;
            write_periods(f, &self.periods)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

pub(crate) fn write_periods(f: &mut impl fmt::Write, periods: &[Period]) -> fmt::Result {
    for (i, p) in periods.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{p}")?;
    }
    Ok(())
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.from, self.to)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = usize::from(self.month)
            .checked_sub(1)
            .and_then(|i| MONTHS.get(i))
            .copied()
            .unwrap_or("???");
        write!(f, "{:02} {month}", self.day)
    }
}

impl fmt::Display for Duty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_sum(f, &self.terms)?;
        if let Some(min) = &self.min {
            f.write_str(" MIN ")?;
            write_sum(f, min)?;
        }
        if let Some(max) = &self.max {
            f.write_str(" MAX ")?;
            write_sum(f, max)?;
        }
        Ok(())
    }
}

fn write_sum(f: &mut fmt::Formatter<'_>, terms: &[Term]) -> fmt::Result {
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            f.write_str(" + ")?;
        }
        fmt::Display::fmt(t, f)?;
    }
    Ok(())
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::AdValorem { rate, basis } => {
                fmt::Display::fmt(rate, f)?;
                if let Basis::Part(part) = basis {
                    write!(f, " {}", part_phrase(part))?;
                }
                Ok(())
            }
            Term::Specific { amount, per } => write_specific(f, amount, per),
            Term::Polarization(p) => fmt::Display::fmt(p, f),
            Term::Agricultural(a) => f.write_str(a.code()),
        }
    }
}

fn write_specific(f: &mut fmt::Formatter<'_>, amount: &Amount, per: &Per) -> fmt::Result {
    fmt::Display::fmt(amount, f)?;
    let eu = amount.denomination == Denomination::Eur;
    let one = per.count == Decimal::ONE;
    match (per.unit, eu, one) {
        (Unit::Each, false, true) => f.write_str(" each"),
        (Unit::Each, false, false) => write!(f, "/{}", per.count),
        (Unit::Each, true, true) => f.write_str(" / item"),
        (Unit::Each, true, false) => write!(f, " / {} items", per.count),
        (unit, eu, one) => {
            f.write_str(if eu { " / " } else { "/" })?;
            if !one {
                write!(f, "{} ", per.count)?;
            }
            match unit {
                Unit::JewelOver(n) => write!(f, "jewel over {n}"),
                _ => {
                    let (us, eu_text, _) = unit.texts();
                    f.write_str(if eu { eu_text } else { us })
                }
            }
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.denomination {
            Denomination::UsCents => write!(f, "{}¢", self.value),
            Denomination::UsDollars => write!(f, "${}", self.value),
            Denomination::Eur => write!(f, "{} EUR", self.value),
        }
    }
}

impl fmt::Display for Pct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.whole)?;
        if let Some((n, d)) = self.fraction {
            write!(f, " {n}/{d}")?;
        }
        f.write_str("%")
    }
}

impl fmt::Display for Polarization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kg = Per {
            count: Decimal::ONE,
            unit: Unit::Kg,
        };
        write_specific(f, &self.base, &kg)?;
        f.write_str(" less ")?;
        write_specific(f, &self.step, &kg)?;
        write!(
            f,
            " for each degree under {} degrees (and fractions of a degree in proportion) but not less than ",
            self.under
        )?;
        write_specific(f, &self.floor, &kg)
    }
}

#[cfg(test)]
mod tests;
