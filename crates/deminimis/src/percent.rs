//! Percentages such as `"16.5%"`, `"33 1/3%"` or `"Free"`, kept exact.

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An exact ad valorem rate, stored as a number of percent (`16.5` means 16.5 %).
///
/// Parses `"16.5%"`, `"16.5 %"`, `"0%"` and `"Free"` (= 0 %). Serializes as `"16.5%"`.
///
/// # Example
/// ```
/// use deminimis::Percent;
/// use rust_decimal::Decimal;
/// let p: Percent = "16.5%".parse().unwrap();
/// assert_eq!(p.of(Decimal::from(100)), Decimal::new(165, 1));
/// assert_eq!(p.to_string(), "16.5%");
/// assert_eq!("Free".parse::<Percent>().unwrap(), Percent::ZERO);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(Decimal);

impl Percent {
    /// Zero percent.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Percent::ZERO.is_zero());
    /// ```
    pub const ZERO: Percent = Percent(Decimal::ZERO);

    /// A rate of `pct` percent.
    ///
    /// # Example
    /// ```
    /// use deminimis::Percent;
    /// assert_eq!(Percent::new(rust_decimal::Decimal::from(10)).to_string(), "10%");
    /// ```
    pub fn new(pct: Decimal) -> Self {
        Percent(pct.normalize())
    }

    /// The number of percent.
    ///
    /// # Example
    /// ```
    /// use deminimis::Percent;
    /// assert_eq!("7.5%".parse::<Percent>().unwrap().value().to_string(), "7.5");
    /// ```
    pub fn value(self) -> Decimal {
        self.0
    }

    /// `base × rate`, exact (not rounded).
    ///
    /// # Example
    /// ```
    /// use deminimis::Percent;
    /// use rust_decimal::Decimal;
    /// assert_eq!("20%".parse::<Percent>().unwrap().of(Decimal::from(15)), Decimal::from(3));
    /// ```
    pub fn of(self, base: Decimal) -> Decimal {
        let product = base * self.0;
        // Dividing by 100 is moving the decimal point: exact, and much cheaper than a division.
        let mut shifted = product;
        match shifted.set_scale(product.scale() + 2) {
            Ok(()) => shifted,
            Err(_) => product / Decimal::ONE_HUNDRED,
        }
    }

    /// Whether the rate is zero.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::Percent::ZERO.is_zero());
    /// ```
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl std::ops::Add for Percent {
    type Output = Percent;
    fn add(self, rhs: Percent) -> Percent {
        Percent::new(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Percent {
    type Output = Percent;
    fn sub(self, rhs: Percent) -> Percent {
        Percent::new(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Percent {
    fn sum<I: Iterator<Item = Percent>>(iter: I) -> Percent {
        iter.fold(Percent::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

/// Why a percentage string did not parse.
///
/// # Example
/// ```
/// let e = "lots".parse::<deminimis::Percent>().unwrap_err();
/// assert!(e.to_string().contains("lots"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentParseError(pub String);

impl fmt::Display for PercentParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a percentage such as \"16.5%\" or \"Free\", found \"{}\"",
            self.0
        )
    }
}

impl std::error::Error for PercentParseError {}

impl FromStr for Percent {
    type Err = PercentParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("free") {
            return Ok(Percent::ZERO);
        }
        let err = || PercentParseError(s.to_string());
        let body = t.strip_suffix('%').ok_or_else(err)?.trim();
        // "33 1/3" style fractions.
        let value = match body.split_once(' ') {
            Some((whole, frac)) => {
                let (n, d) = frac.trim().split_once('/').ok_or_else(err)?;
                let whole = parse_plain(whole).ok_or_else(err)?;
                let n = parse_plain(n).ok_or_else(err)?;
                let d = parse_plain(d).ok_or_else(err)?;
                if d.is_zero() {
                    return Err(err());
                }
                whole + n / d
            }
            None => parse_plain(body).ok_or_else(err)?,
        };
        if value.is_sign_negative() {
            return Err(err());
        }
        Ok(Percent::new(value))
    }
}

fn parse_plain(s: &str) -> Option<Decimal> {
    crate::money::serde_str::parse_decimal(s).ok()
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Percent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a percentage string such as \"16.5%\" or \"Free\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
                v.parse()
                    .map_err(|e: PercentParseError| E::custom(format_args!("invalid_rate: {e}")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Percent, E> {
                Err(E::custom(format_args!("float_amount: expected a percentage string such as \"16.5%\", found the JSON number {v}")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percent, E> {
                Err(E::custom(format_args!("float_amount: expected a percentage string such as \"{v}%\", found the JSON number {v}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percent, E> {
                Err(E::custom(format_args!("float_amount: expected a percentage string such as \"{v}%\", found the JSON number {v}")))
            }
        }
        d.deserialize_any(V)
    }
}
