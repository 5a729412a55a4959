//! Exact money arithmetic: named rounding rules and string-only decimal (de)serialization.
//!
//! Every rounding in the engine goes through [`Rounding`], which names both the strategy and the
//! legal or conventional reason for it. Floats never appear: amounts are [`Decimal`]s and cross
//! every boundary as strings.

use rust_decimal::{Decimal, RoundingStrategy};

/// A named rounding rule: how many decimal places, which strategy, and why.
///
/// # Example
/// ```
/// use deminimis::money::Rounding;
/// use rust_decimal::Decimal;
/// let r = Rounding::half_up(2, "minor unit of the currency");
/// assert_eq!(r.apply(Decimal::new(12345, 3)).to_string(), "12.35");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    /// Decimal places kept.
    pub dp: u32,
    /// The strategy used.
    pub strategy: RoundingStrategy,
    /// Why this rounding applies (legal basis or documented convention).
    pub reason: &'static str,
}

impl Rounding {
    /// Round half up (away from zero at the midpoint) to `dp` places.
    ///
    /// # Example
    /// ```
    /// use deminimis::money::Rounding;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Rounding::half_up(0, "whole dollars").apply(Decimal::new(25, 1)).to_string(), "3");
    /// ```
    pub const fn half_up(dp: u32, reason: &'static str) -> Self {
        Rounding {
            dp,
            strategy: RoundingStrategy::MidpointAwayFromZero,
            reason,
        }
    }

    /// Apply the rounding, keeping exactly `dp` decimal places in the result's scale.
    ///
    /// # Example
    /// ```
    /// use deminimis::money::Rounding;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Rounding::half_up(2, "cents").apply(Decimal::from(5)).to_string(), "5.00");
    /// ```
    pub fn apply(&self, value: Decimal) -> Decimal {
        let mut v = if value.scale() > self.dp {
            value.round_dp_with_strategy(self.dp, self.strategy)
        } else {
            value
        };
        if v.scale() != self.dp {
            v.rescale(self.dp);
        }
        v
    }
}

/// Round half up to a currency's minor unit (the convention stated for every converted amount,
/// duty and VAT line in the engine's contract).
///
/// # Example
/// ```
/// use deminimis::money::to_minor;
/// use rust_decimal::Decimal;
/// assert_eq!(to_minor(Decimal::new(1005, 3), 2).to_string(), "1.01");
/// assert_eq!(to_minor(Decimal::new(1005, 1), 0).to_string(), "101");
/// ```
pub fn to_minor(value: Decimal, minor_units: u32) -> Decimal {
    Rounding::half_up(minor_units, "half up to the currency's minor unit").apply(value)
}

/// Give `value` exactly `dp` decimal places without changing it (for display of exact amounts).
///
/// # Example
/// ```
/// use deminimis::money::with_scale;
/// use rust_decimal::Decimal;
/// assert_eq!(with_scale(Decimal::from(3), 2).to_string(), "3.00");
/// ```
pub fn with_scale(value: Decimal, dp: u32) -> Decimal {
    let mut v = value;
    if v.scale() < dp {
        v.rescale(dp);
    }
    v
}

/// A decimal written exactly as [`Decimal`]'s `Display` writes it (every digit of its scale,
/// `-` for a negative value), without the general formatter for the common case of a
/// non-negative value whose digits fit in 64 bits (every amount of a quote). Quotes write many
/// amounts (their explanation, JSON output), so this is on the hot path.
///
/// # Example
/// ```
/// use deminimis::money::Plain;
/// use rust_decimal::Decimal;
/// assert_eq!(Plain(Decimal::new(1250, 2)).to_string(), "12.50");
/// assert_eq!(Plain(Decimal::new(5, 3)).to_string(), "0.005");
/// assert_eq!(Plain(Decimal::new(-5, 1)).to_string(), "-0.5");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plain(pub Decimal);

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        let Ok(mut m) = u64::try_from(d.mantissa()) else {
            return std::fmt::Display::fmt(&d, f);
        };
        if d.is_sign_negative() || f.precision().is_some() || f.width().is_some() {
            return std::fmt::Display::fmt(&d, f);
        }
        // Written backwards from the end of the buffer: the digits (at least `scale + 1` of them),
        // with the point after the `scale` last ones.
        let scale = usize::try_from(d.scale()).unwrap_or(usize::MAX);
        let mut buf = [b'0'; 50];
        let mut start = buf.len();
        let mut written = 0;
        while m > 0 || written <= scale {
            if written == scale && written > 0 {
                start -= 1;
                if let Some(b) = buf.get_mut(start) {
                    *b = b'.';
                }
            }
            let Some(b) = start.checked_sub(1).and_then(|i| buf.get_mut(i)) else {
                return std::fmt::Display::fmt(&d, f);
            };
            *b = b'0' + u8::try_from(m % 10).unwrap_or(0);
            start -= 1;
            m /= 10;
            written += 1;
        }
        match buf.get(start..).and_then(|b| std::str::from_utf8(b).ok()) {
            Some(text) => f.write_str(text),
            None => std::fmt::Display::fmt(&d, f),
        }
    }
}

/// Serde helpers: decimals as JSON strings only. A JSON number is rejected (a float cannot hold
/// 0.1 exactly), with a message that starts with the stable code `float_amount`.
pub mod serde_str {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;
    use std::str::FromStr;

    /// Serialize a decimal as a string.
    ///
    /// # Example
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct A { #[serde(with = "deminimis::money::serde_str")] v: rust_decimal::Decimal }
    /// assert_eq!(serde_json::to_string(&A { v: rust_decimal::Decimal::new(15, 1) }).unwrap(), r#"{"v":"1.5"}"#);
    /// ```
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&super::Plain(*value))
    }

    /// Deserialize a decimal from a string; reject numbers.
    ///
    /// # Example
    /// ```
    /// #[derive(serde::Deserialize)]
    /// struct A { #[serde(with = "deminimis::money::serde_str")] v: rust_decimal::Decimal }
    /// assert!(serde_json::from_str::<A>(r#"{"v":"0.1"}"#).is_ok());
    /// assert!(serde_json::from_str::<A>(r#"{"v":0.1}"#).is_err());
    /// ```
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }

    pub(crate) struct DecimalVisitor;

    impl<'de> de::Visitor<'de> for DecimalVisitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal amount written as a string, such as \"12.50\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_decimal(v).map_err(E::custom)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::custom(format_args!(
                "float_amount: expected a decimal string such as \"12.50\", found the JSON number {v}"
            )))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Err(E::custom(format_args!(
                "float_amount: expected a decimal string such as \"{v}\", found the JSON number {v}"
            )))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Err(E::custom(format_args!(
                "float_amount: expected a decimal string such as \"{v}\", found the JSON number {v}"
            )))
        }
    }

    /// Parse a plain decimal string ("12", "12.50", "-3.1"); no exponents, no thousands separators.
    pub(crate) fn parse_decimal(v: &str) -> Result<Decimal, String> {
        let t = v.trim();
        let ok = !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            && t.chars().filter(|c| *c == '.').count() <= 1
            && !t.ends_with('.')
            && !t.starts_with('.');
        if !ok {
            return Err(format!(
                "invalid_amount: expected a decimal string such as \"12.50\", found \"{v}\""
            ));
        }
        Decimal::from_str(t).map_err(|_| {
            format!("invalid_amount: expected a decimal string such as \"12.50\", found \"{v}\"")
        })
    }

    /// Optional decimals as strings.
    pub mod option {
        use rust_decimal::Decimal;
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serialize an optional decimal as a string or null.
        ///
        /// # Example
        /// ```
        /// #[derive(serde::Serialize)]
        /// struct A { #[serde(with = "deminimis::money::serde_str::option")] v: Option<rust_decimal::Decimal> }
        /// assert_eq!(serde_json::to_string(&A { v: None }).unwrap(), r#"{"v":null}"#);
        /// ```
        pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => s.collect_str(v),
                None => s.serialize_none(),
            }
        }

        /// Deserialize an optional decimal string (null allowed, numbers rejected).
        ///
        /// # Example
        /// ```
        /// #[derive(serde::Deserialize)]
        /// struct A { #[serde(default, with = "deminimis::money::serde_str::option")] v: Option<rust_decimal::Decimal> }
        /// assert_eq!(serde_json::from_str::<A>("{}").unwrap().v, None);
        /// ```
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            /// A decimal string, as the parent module reads it.
            struct Str(Decimal);
            impl<'de> Deserialize<'de> for Str {
                fn deserialize<D2: Deserializer<'de>>(d: D2) -> Result<Self, D2::Error> {
                    super::deserialize(d).map(Str)
                }
            }
            Ok(Option::<Str>::deserialize(d)?.map(|v| v.0))
        }
    }

    /// Maps of decimals as strings (`{"pr": "2"}`), numbers rejected.
    pub mod map {
        use rust_decimal::Decimal;
        use serde::de::{MapAccess, Visitor};
        use serde::ser::SerializeMap;
        use serde::{Deserializer, Serializer};
        use std::collections::BTreeMap;
        use std::fmt;

        /// Serialize a map of decimals as strings.
        ///
        /// # Example
        /// ```
        /// #[derive(serde::Serialize)]
        /// struct A { #[serde(with = "deminimis::money::serde_str::map")] m: std::collections::BTreeMap<String, rust_decimal::Decimal> }
        /// let a = A { m: [("kg".to_string(), rust_decimal::Decimal::new(15, 1))].into() };
        /// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"m":{"kg":"1.5"}}"#);
        /// ```
        pub fn serialize<S: Serializer>(
            value: &BTreeMap<String, Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(value.len()))?;
            for (k, v) in value {
                m.serialize_entry(k, &v.to_string())?;
            }
            m.end()
        }

        /// Deserialize a map of decimal strings.
        ///
        /// # Example
        /// ```
        /// #[derive(serde::Deserialize)]
        /// struct A { #[serde(with = "deminimis::money::serde_str::map")] m: std::collections::BTreeMap<String, rust_decimal::Decimal> }
        /// assert!(serde_json::from_str::<A>(r#"{"m":{"pr":"2"}}"#).is_ok());
        /// assert!(serde_json::from_str::<A>(r#"{"m":{"pr":2}}"#).is_err());
        /// ```
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<BTreeMap<String, Decimal>, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = BTreeMap<String, Decimal>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str(
                        "an object of unit names to decimal strings, such as {\"pr\": \"2\"}",
                    )
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = BTreeMap::new();
                    while let Some(k) = map.next_key::<String>()? {
                        let v = map.next_value::<Amount>()?;
                        out.insert(k, v.0);
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }

        struct Amount(Decimal);
        impl<'de> serde::Deserialize<'de> for Amount {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(super::DecimalVisitor).map(Amount)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Plain;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #[test]
        fn plain_writes_what_display_writes(m in any::<i64>(), wide in any::<u64>(), scale in 0u32..=28) {
            for mantissa in [i128::from(m), i128::from(wide), i128::from(wide) * 1_000_000_007] {
                if let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, scale) {
                    prop_assert_eq!(Plain(d).to_string(), d.to_string());
                    prop_assert_eq!(format!("{:>12}", Plain(d)), format!("{d:>12}"));
                }
            }
        }
    }

    #[test]
    fn plain_keeps_the_scale_and_the_sign() {
        for (m, s, text) in [
            (0, 0, "0"),
            (0, 2, "0.00"),
            (7, 3, "0.007"),
            (1999, 2, "19.99"),
        ] {
            assert_eq!(Plain(Decimal::new(m, s)).to_string(), text);
        }
        let negative_zero = -Decimal::new(0, 2);
        assert_eq!(Plain(negative_zero).to_string(), negative_zero.to_string());
    }

    #[derive(serde::Deserialize, Debug)]
    struct Optional {
        #[serde(default, with = "super::serde_str::option")]
        v: Option<Decimal>,
    }

    #[test]
    fn an_optional_amount_is_a_string_null_or_absent_never_a_number() {
        let read = |json: &str| serde_json::from_str::<Optional>(json).map(|o| o.v);
        assert_eq!(read(r#"{"v":"2.50"}"#).unwrap(), Some(Decimal::new(250, 2)));
        assert_eq!(read(r#"{"v":null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        let number = read(r#"{"v":2.5}"#).unwrap_err().to_string();
        assert!(number.starts_with("float_amount:"), "{number}");
        let text = read(r#"{"v":"2,50"}"#).unwrap_err().to_string();
        assert!(text.starts_with("invalid_amount:"), "{text}");
    }
}
