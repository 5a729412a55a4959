//! Tariff schedules: the duty rates the official tables state, as typed values.
//!
//! [`rate`] parses the rate texts of the US Harmonized Tariff Schedule (column 1 general and
//! column 2) and of the EU Common Customs Tariff (`"Free"`, `"16.5%"`, `"33 1/3%"`,
//! `"90¢/pr. + 37.5%"`, `"10.20% + 93.10 EUR / 100 kg"`, `"8.30% MIN 1.10 EUR / 100 kg / net"`,
//! `"9.00% + EA MAX 18.70% + ADSZ"`, seasonal rates, …) into a [`rate::Rate`] and evaluates one
//! exactly on a line's value and quantities. The module is pure: no file, clock or network access.
//!
//! # Example
//! ```
//! use deminimis::tariff::rate::{Rate, RateInput};
//! use rust_decimal::Decimal;
//! let rate: Rate = "90¢/pr. + 37.5%".parse().unwrap();
//! let units = [("pr".to_string(), Decimal::from(2))].into_iter().collect();
//! let input = RateInput::new(Decimal::from(40), Decimal::ONE, "2026-01-15".parse().unwrap())
//!     .with_units(&units);
//! let usd = |c: &str| (c == "USD").then_some(Decimal::ONE);
//! assert_eq!(rate.evaluate(&input, &usd).unwrap().duty, Decimal::new(1680, 2));
//! ```

pub mod rate;
pub mod schedule;
