//! The input document: a parcel, its items and the date of importation.

use crate::error::{Error, Errors};
use crate::money::serde_str;
use crate::percent::Percent;
use crate::problems::every_problem;
use crate::strict::{document_at, object, path_text, read_by_name, Step};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

read_by_name!(Mode { Postal => "postal", Express => "express", Air => "air", Ocean => "ocean", Road => "road", Rail => "rail" });
read_by_name!(Kind { Sale => "sale", B2b => "b2b", Gift => "gift" });
read_by_name!(VatRoute { Ioss => "ioss", Special => "special", Import => "import" });
read_by_name!(PostalMethod { AdValorem => "ad_valorem", Specific => "specific" });
read_by_name!(FlatDutyScope { AllSales => "all_sales", IossOrPostal => "ioss_or_postal" });
read_by_name!(FlatDutyItem { Subheading => "subheading", Line => "line" });
read_by_name!(FrParcelFeeUnit { Subheading => "subheading", Article => "article" });
read_by_name!(Metal { Steel => "steel", Aluminum => "aluminum", Copper => "copper" });

/// How the parcel travels. Postal parcels follow the US international-mail rules.
///
/// # Example
/// ```
/// assert_eq!(deminimis::Mode::default(), deminimis::Mode::Express);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// International post (UPU mail).
    Postal,
    /// Express courier (the default).
    #[default]
    Express,
    /// Air cargo.
    Air,
    /// Sea freight (pays the US Harbor Maintenance Fee).
    Ocean,
    /// Road.
    Road,
    /// Rail.
    Rail,
}

/// What kind of transaction the parcel is.
///
/// # Example
/// ```
/// assert_eq!(deminimis::Kind::default(), deminimis::Kind::Sale);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Business-to-consumer distance sale (the default).
    #[default]
    Sale,
    /// Business-to-business.
    B2b,
    /// Private person to private person, free of charge.
    Gift,
}

/// How EU VAT on a low-value consignment is collected.
///
/// # Example
/// ```
/// let r: deminimis::VatRoute = serde_json::from_str("\"ioss\"").unwrap();
/// assert_eq!(r, deminimis::VatRoute::Ioss);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VatRoute {
    /// Import One-Stop Shop: VAT charged at sale, import VAT exempt (Art 143(1)(ca)).
    Ioss,
    /// Special arrangements (Arts 369y-369zb): the carrier collects VAT from the buyer.
    Special,
    /// Standard import VAT at release.
    Import,
}

/// The two duty methods of the US international-mail regimes (EO 14256, EO 14324).
///
/// # Example
/// ```
/// assert_eq!(deminimis::PostalMethod::default(), deminimis::PostalMethod::AdValorem);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostalMethod {
    /// A percentage of each item's value (the default).
    #[default]
    AdValorem,
    /// A fixed amount per package.
    Specific,
}

/// Who owes the EUR 3 flat duty (Regulation 2026/382), where the sources disagree.
///
/// # Example
/// ```
/// assert_eq!(deminimis::FlatDutyScope::default(), deminimis::FlatDutyScope::AllSales);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlatDutyScope {
    /// Every B2C distance sale whatever the VAT route (Commission guidance; the default).
    #[default]
    AllSales,
    /// Only IOSS consignments and postal consignments (Regulation 2026/382 as summarised).
    IossOrPostal,
}

/// What counts as one "item" for the EUR 3 flat duty.
///
/// # Example
/// ```
/// assert_eq!(deminimis::FlatDutyItem::default(), deminimis::FlatDutyItem::Subheading);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlatDutyItem {
    /// Each distinct 6-digit subheading (Council example: EUR 6 for a silk and two wool blouses).
    #[default]
    Subheading,
    /// Each declaration line.
    Line,
}

/// The unit of the French small-parcel tax (taxe sur les petits colis).
///
/// # Example
/// ```
/// assert_eq!(deminimis::FrParcelFeeUnit::default(), deminimis::FrParcelFeeUnit::Subheading);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FrParcelFeeUnit {
    /// Per distinct 6-digit subheading (the default).
    #[default]
    Subheading,
    /// Per article (each unit of quantity).
    Article,
}

/// The readings of disputed law, each with the default named in the contract.
///
/// # Example
/// ```
/// let o = deminimis::QuoteOptions::default();
/// assert_eq!(o.eu_flat_duty_scope, deminimis::FlatDutyScope::AllSales);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct QuoteOptions {
    /// Scope of the EU EUR 3 flat duty.
    pub eu_flat_duty_scope: FlatDutyScope,
    /// Unit of the EU EUR 3 flat duty.
    pub eu_flat_duty_item: FlatDutyItem,
    /// Unit of the French small-parcel fee.
    pub fr_parcel_fee_unit: FrParcelFeeUnit,
}

/// An exchange rate given by the caller: 1 `from` = `rate` `to`.
///
/// # Example
/// ```
/// let r: deminimis::FxRate = serde_json::from_str(r#"{"from":"EUR","to":"USD","rate":"1.10"}"#).unwrap();
/// assert_eq!(r.rate.to_string(), "1.10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    /// Source currency (ISO 4217).
    pub from: String,
    /// Target currency (ISO 4217).
    pub to: String,
    /// Units of `to` per one unit of `from`.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub rate: Decimal,
    /// The date the rate is for (informational; shown in the quote).
    #[serde(
        default,
        with = "date_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub date: Option<Date>,
}

fn one() -> Decimal {
    Decimal::ONE
}

/// One line of the parcel.
///
/// # Example
/// ```
/// let i: deminimis::Item = serde_json::from_str(
///     r#"{"hs_code":"6109.10","origin":"CN","unit_price":"10.00"}"#).unwrap();
/// assert_eq!(i.quantity.to_string(), "1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// HS code, 6, 8 or 10 digits; dots and spaces are allowed.
    pub hs_code: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Country of origin (ISO 3166-1 alpha-2).
    pub origin: String,
    /// Number of units (default 1).
    #[serde(default = "one", with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub quantity: Decimal,
    /// Price per unit, excluding VAT, in the shipment's currency.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub unit_price: Decimal,
    /// Net weight in kilograms (for specific duties).
    #[serde(
        default,
        with = "serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub net_weight_kg: Option<Decimal>,
    /// Ordinary (MFN / erga omnes) duty rate override, such as `"16.5%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub duty_rate: Option<String>,
    /// VAT rate override (a reduced rate such as `"7%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub vat_rate: Option<Percent>,
    /// A claimed preference programme, e.g. `"USMCA"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preference: Option<String>,
    /// Quantities in the units a specific duty may need, e.g. `{"pr": "2", "l": "0.75"}`.
    #[serde(
        default,
        with = "serde_str::map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<String, String>"))]
    pub units: BTreeMap<String, Decimal>,
    /// A declared Section 232 metal content (US), where no product list settles it.
    #[serde(
        default,
        deserialize_with = "object::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub section_232: Option<Section232>,
}

/// The metals of the US Section 232 actions.
///
/// # Example
/// ```
/// let m: deminimis::Metal = serde_json::from_str("\"steel\"").unwrap();
/// assert_eq!(m, deminimis::Metal::Steel);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metal {
    /// Steel (Proclamation 9705 and its amendments).
    Steel,
    /// Aluminium (Proclamation 9704 and its amendments).
    Aluminum,
    /// Copper (Proclamation of 2025-07-30).
    Copper,
}

/// A declaration that an item is (or contains) a Section 232 metal, with the value of the metal
/// content (the part of the customs value the 232 duty applies to).
///
/// # Example
/// ```
/// let d: deminimis::Section232 = serde_json::from_str(r#"{"metal":"steel","content_value":"12.00"}"#).unwrap();
/// assert_eq!(d.content_value.to_string(), "12.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section232 {
    /// The metal.
    pub metal: Metal,
    /// Value of the metal content, in the shipment's currency.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub content_value: Decimal,
}

impl Default for Item {
    /// An empty item: quantity 1, everything else empty (fill in the HS code, origin and price).
    ///
    /// # Example
    /// ```
    /// let i = deminimis::Item { hs_code: "610910".into(), origin: "CN".into(), ..Default::default() };
    /// assert_eq!(i.quantity.to_string(), "1");
    /// ```
    fn default() -> Self {
        Item {
            hs_code: String::new(),
            description: String::new(),
            origin: String::new(),
            quantity: Decimal::ONE,
            unit_price: Decimal::ZERO,
            net_weight_kg: None,
            duty_rate: None,
            vat_rate: None,
            preference: None,
            units: BTreeMap::new(),
            section_232: None,
        }
    }
}

fn is_zero(d: &Decimal) -> bool {
    d.is_zero()
}

/// A parcel to quote: what it holds, where it goes, how, and on which date.
///
/// # Example
/// ```
/// let s = deminimis::Shipment::from_json(r#"{
///   "date": "2025-06-01", "destination": "US", "currency": "USD",
///   "items": [{"hs_code": "6109.10.00", "origin": "CN", "unit_price": "12.00", "duty_rate": "16.5%"}]
/// }"#).unwrap();
/// assert_eq!(s.items.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Shipment {
    /// Date of importation (US entry for consumption; EU release for free circulation).
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    #[serde(with = "date_str")]
    pub date: Date,
    /// `US` or an EU member state (ISO 3166-1 alpha-2; `EL` is accepted for Greece).
    pub destination: String,
    /// Currency of every amount in the shipment (ISO 4217).
    pub currency: String,
    /// Transport mode.
    #[serde(default)]
    pub mode: Mode,
    /// Transaction kind.
    #[serde(default)]
    pub kind: Kind,
    /// Transport and delivery charged to the buyer, shown separately from the goods.
    #[serde(default, with = "serde_str", skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub shipping: Decimal,
    /// The part of `shipping` up to entry into the customs territory (default: all of it).
    #[serde(
        default,
        with = "serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub shipping_to_border: Option<Decimal>,
    /// Insurance charged.
    #[serde(default, with = "serde_str", skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub insurance: Decimal,
    /// Date of exportation (US currency conversion, 19 CFR 159.32); default `date`.
    #[serde(
        default,
        with = "date_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub export_date: Option<Date>,
    /// Date payment was accepted (EU IOSS VAT chargeability and its rate); default `date`.
    #[serde(
        default,
        with = "date_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub sale_date: Option<Date>,
    /// EU VAT route; default IOSS for a sale up to EUR 150 from 2021-07-01, else import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_route: Option<VatRoute>,
    /// US postal duty method.
    #[serde(default)]
    pub postal_method: PostalMethod,
    /// US: other goods the same person imports the same day (aggregated for Section 321).
    #[serde(default, with = "serde_str", skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub same_day_value: Decimal,
    /// Caller exchange rates; they override bundled rates for their pair.
    #[serde(
        default,
        deserialize_with = "object::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub fx_rates: Vec<FxRate>,
    /// Readings of disputed law.
    #[serde(default, deserialize_with = "object::one")]
    pub options: QuoteOptions,
    /// The goods.
    #[serde(deserialize_with = "object::list")]
    pub items: Vec<Item>,
}

impl Shipment {
    /// Parse a shipment from the JSON contract. Errors carry the JSON path of the bad field;
    /// every problem of the document's form is reported, not only the first (up to
    /// 100; see the module `problems`). Problems of content (an unknown country, a negative
    /// quantity) are found by the quote, once the document reads.
    ///
    /// # Example
    /// ```
    /// let err = deminimis::Shipment::from_json(r#"{"date":"2025-06-01","destination":"US",
    ///   "currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":12.5}]}"#).unwrap_err();
    /// let e = err.first().unwrap();
    /// assert_eq!((e.code(), e.path()), ("float_amount", "$.items[0].unit_price"));
    ///
    /// let err = deminimis::Shipment::from_json(r#"{"date":"2025-06-01","destination":"US",
    ///   "currency":"USD","shipping":8.5,"items":[{"hs_code":"610910","origin":"CN","colour":"red"}]}"#).unwrap_err();
    /// let found: Vec<_> = err.iter().map(|e| (e.code(), e.path())).collect();
    /// assert_eq!(found, [("float_amount", "$.shipping"), ("unknown_field", "$.items[0].colour"),
    ///   ("missing_field", "$.items[0]")]);
    /// ```
    pub fn from_json(json: &str) -> Result<Shipment, Errors> {
        // Valid documents (nearly all) are read without tracking the path; a document that fails
        // is read again with the path tracked, which the error needs.
        if let Ok(object::Object(s)) = serde_json::from_str(json) {
            return Ok(s);
        }
        let error = |steps: &[Step], e: &serde_json::Error| {
            let path = path_text(steps);
            if e.is_syntax() || e.is_eof() {
                Error::InvalidJson {
                    path,
                    found: e.to_string(),
                }
            } else {
                Error::from_serde(path, &e.to_string())
            }
        };
        match document_at::<Shipment>(json) {
            Ok(s) => Ok(s),
            Err(first) => Err(Errors::new(every_problem::<Shipment>(
                json, first, stand_in, error,
            ))),
        }
    }

    /// Serialize to the JSON contract.
    ///
    /// # Example
    /// ```
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2025-06-01","destination":"US",
    ///   "currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":"1"}]}"#).unwrap();
    /// assert!(s.to_json().contains("\"unit_price\":\"1\""));
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A valid value (JSON text) for a required field of the contract (`element: false`), or for an
/// element of its list (`element: true`), that lets [`every_problem`] read on past a problem. The
/// document read with stand-ins is thrown away.
fn stand_in(name: &str, element: bool) -> Option<&'static str> {
    Some(match (name, element) {
        ("items", true) => r#"{"hs_code":"000000","origin":"US","unit_price":"0"}"#,
        ("fx_rates", true) => r#"{"from":"USD","to":"USD","rate":"1"}"#,
        (_, true) => return None,
        ("date", _) => r#""2000-01-01""#,
        ("destination" | "origin", _) => r#""US""#,
        ("currency" | "from" | "to", _) => r#""USD""#,
        ("items", _) => "[]",
        ("hs_code", _) => r#""000000""#,
        ("unit_price" | "content_value", _) => r#""0""#,
        ("rate", _) => r#""1""#,
        ("metal", _) => r#""steel""#,
        _ => return None,
    })
}

/// Dates as `YYYY-MM-DD` strings, with an `invalid_date` code on failure.
pub(crate) mod date_str {
    use jiff::civil::Date;
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn parse(v: &str) -> Option<Date> {
        let b = v.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        v.parse::<Date>().ok()
    }

    struct V;
    impl de::Visitor<'_> for V {
        type Value = Date;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date written YYYY-MM-DD")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
            parse(v).ok_or_else(|| E::custom(format_args!("invalid_date: \"{v}\"")))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_str(V)
    }

    pub mod option {
        use jiff::civil::Date;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.collect_str(d),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            /// A `YYYY-MM-DD` string, as the parent module reads it.
            struct Str(Date);
            impl<'de> Deserialize<'de> for Str {
                fn deserialize<D2: Deserializer<'de>>(d: D2) -> Result<Self, D2::Error> {
                    super::deserialize(d).map(Str)
                }
            }
            Ok(Option::<Str>::deserialize(d)?.map(|v| v.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_contract_enum_of_another_json_type_is_an_invalid_value_naming_the_choices() {
        let json = |mode: &str| {
            format!(
                r#"{{"date":"2025-09-15","destination":"US","currency":"USD","mode":{mode},"items":[]}}"#
            )
        };
        for (value, found) in [
            ("5", "integer `5`"),
            ("[]", "a list"),
            ("null", "null"),
            ("{}", "an object"),
            ("true", "boolean `true`"),
        ] {
            let e = Shipment::from_json(&json(value)).unwrap_err();
            let e = e.first().unwrap();
            assert_eq!((e.code(), e.path()), ("invalid_value", "$.mode"), "{e}");
            assert_eq!(
                e.to_string(),
                format!("$.mode: expected one of `postal`, `express`, `air`, `ocean`, `road`, `rail`, found {found}")
            );
        }
        let e = Shipment::from_json(&json(r#""boat""#)).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"$.mode: expected one of `postal`, `express`, `air`, `ocean`, `road`, `rail`, found "boat" (invalid_value)"#
        );
        let scope = r#"{"date":"2025-09-15","destination":"DE","currency":"EUR","options":{"eu_flat_duty_scope":1},"items":[]}"#;
        assert_eq!(
            Shipment::from_json(scope).unwrap_err().to_string(),
            "$.options.eu_flat_duty_scope: expected `all_sales` or `ioss_or_postal`, found integer `1` (invalid_value)"
        );
    }

    #[derive(serde::Deserialize, Debug)]
    struct Optional {
        #[serde(default, with = "super::date_str::option")]
        d: Option<Date>,
    }

    #[test]
    fn an_optional_date_is_a_yyyy_mm_dd_string_null_or_absent() {
        let read = |json: &str| serde_json::from_str::<Optional>(json).map(|o| o.d);
        assert_eq!(
            read(r#"{"d":"2025-09-01"}"#).unwrap(),
            Some(date(2025, 9, 1))
        );
        assert_eq!(read(r#"{"d":null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        let short = read(r#"{"d":"2025-9-1"}"#).unwrap_err().to_string();
        assert!(short.starts_with("invalid_date:"), "{short}");
        let number = read(r#"{"d":20250901}"#).unwrap_err().to_string();
        assert!(number.contains("a date written YYYY-MM-DD"), "{number}");
    }

    #[test]
    fn contract_objects_are_objects_never_arrays_of_their_fields_by_position() {
        let doc = |member: &str| {
            format!(r#"{{"date":"2025-09-15","destination":"US","currency":"USD",{member}}}"#)
        };
        let item = r#"{"hs_code":"6109.10.00","origin":"CN","unit_price":"10"}"#;
        for (member, path) in [
            (r#""items":[["6109.10.00","tee","CN","1","10"]]"#.to_string(), "$.items[0]"),
            (format!(r#""options":["ioss_or_postal"],"items":[{item}]"#), "$.options"),
            (format!(r#""fx_rates":[["EUR","USD","1.1"]],"items":[{item}]"#), "$.fx_rates[0]"),
            (
                r#""items":[{"hs_code":"6109.10.00","origin":"CN","unit_price":"10","section_232":["steel","1"]}]"#.to_string(),
                "$.items[0].section_232",
            ),
        ] {
            let e = Shipment::from_json(&doc(&member)).unwrap_err();
            assert_eq!(e.to_string(), format!("{path}: expected an object, found a list (invalid_value)"));
        }
        let e = Shipment::from_json(r#"["2025-09-15","US","USD"]"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "$: expected an object, found a list (invalid_value)"
        );
        // Objects (and null for the optional declaration) read as before.
        let ok = doc(
            r#""options":{"eu_flat_duty_item":"line"},"fx_rates":[{"from":"EUR","to":"USD","rate":"1.1"}],"items":[{"hs_code":"6109.10.00","origin":"CN","unit_price":"10","section_232":null}]"#,
        );
        let s = Shipment::from_json(&ok).unwrap();
        assert_eq!(s.options.eu_flat_duty_item, FlatDutyItem::Line);
        assert_eq!(s.fx_rates.len(), 1);
        assert_eq!(s.items[0].section_232, None);
        assert_eq!(Shipment::from_json(&s.to_json()).unwrap(), s);
    }
}
