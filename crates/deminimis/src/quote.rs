//! The output document: what the parcel costs, charge by charge, with the legal reason for each.

use crate::money::serde_str;
use crate::percent::Percent;
use crate::text::Text;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The regime in force for the destination on the date.
///
/// # Example
/// ```
/// let r = deminimis::RegimeInfo { id: "us-s321-800".into(), name: "…".into(), legal_basis: "…".into() };
/// assert_eq!(r.id, "us-s321-800");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegimeInfo {
    /// Stable id.
    pub id: Text,
    /// Human name.
    pub name: Text,
    /// Legal basis.
    pub legal_basis: Text,
}

/// The low-value exemption test and its outcome.
///
/// # Example
/// ```
/// let q = deminimis::quote(&deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US",
///   "currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap()).unwrap();
/// assert!(q.de_minimis.applies);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeMinimis {
    /// Whether the exemption applies (no duty; for the US also no fees).
    pub applies: bool,
    /// The threshold tested, if any exists on the date.
    #[serde(with = "serde_str::option")]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub threshold: Option<Decimal>,
    /// Currency of the threshold.
    pub threshold_currency: Option<Text>,
    /// The value tested, in the threshold's currency.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub tested_value: Decimal,
    /// What the value is (e.g. "goods value plus same-day value").
    pub basis: Text,
    /// Why it applies or not, with the legal basis (written when read, like a trace step).
    pub reason: Detail,
}

/// One duty measure on one line.
///
/// # Example
/// ```
/// let d: deminimis::DutyEntry = serde_json::from_str(r#"{"measure":"mfn","heading":null,"rate":"16.5%",
///   "base":"100.00","amount":"16.50","legal_basis":"HTSUS"}"#).unwrap();
/// assert_eq!(d.amount.to_string(), "16.50");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DutyEntry {
    /// Measure: `mfn`, `ieepa_fentanyl`, `ieepa_reciprocal`, `section_122`, `postal_duty`,
    /// `eu_duty`, `eu_flat_duty`, `eu_gift_flat_rate`…
    pub measure: Text,
    /// Chapter 99 heading or legal instrument label, when there is one.
    pub heading: Option<Text>,
    /// The rate as applied (e.g. `"16.5%"`, `"EUR 3.00 per subheading"`).
    pub rate: Text,
    /// The value the rate applied to (whole dollars for US ad valorem rates).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub base: Decimal,
    /// The amount, rounded half up to the minor unit.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub amount: Decimal,
    /// Legal basis.
    pub legal_basis: Text,
}

/// One item of the parcel, valued and taxed.
///
/// # Example
/// ```
/// let q = deminimis::quote(&deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US",
///   "currency":"USD","items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap()).unwrap();
/// assert_eq!(q.lines[0].hs_code, "610910");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteLine {
    /// The HS code, digits only.
    pub hs_code: Text,
    /// Country of origin.
    pub origin: Text,
    /// Line value (quantity × unit price), converted.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub value: Decimal,
    /// Customs value of the line (EU: with its share of transport and insurance to the border).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub customs_value: Decimal,
    /// Every duty measure on the line.
    pub duties: Vec<DutyEntry>,
    /// Sum of `duties`.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub duty: Decimal,
    /// VAT rate applied to the line (none when no VAT is due).
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub vat_rate: Option<Percent>,
    /// VAT on the line.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub vat: Decimal,
}

/// When VAT is collected.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&deminimis::VatCollected::AtSale).unwrap(), "\"at_sale\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VatCollected {
    /// By the seller at checkout (IOSS).
    AtSale,
    /// At the border (special arrangements or import VAT).
    AtImport,
    /// No VAT (exempt, or no VAT in the destination).
    None,
}

/// VAT of the whole parcel.
///
/// # Example
/// ```
/// let v: deminimis::VatSummary = serde_json::from_str(
///   r#"{"amount":"0.00","rate":null,"base":"0.00","collected":"none","route":null}"#).unwrap();
/// assert_eq!(v.collected, deminimis::VatCollected::None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VatSummary {
    /// Total VAT (sum of the rounded line amounts).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub amount: Decimal,
    /// The rate, when one rate applies to every line.
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub rate: Option<Percent>,
    /// The taxable amount.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub base: Decimal,
    /// When it is collected.
    pub collected: VatCollected,
    /// The EU VAT route used (`ioss`, `special`, `import`), if any.
    pub route: Option<Text>,
}

/// A fee or charge other than duty and VAT.
///
/// # Example
/// ```
/// let f: deminimis::FeeLine = serde_json::from_str(
///   r#"{"id":"us_mpf_informal","name":"MPF","amount":"2.69","legal_basis":"19 CFR 24.23"}"#).unwrap();
/// assert_eq!(f.id, "us_mpf_informal");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeeLine {
    /// Stable fee id.
    pub id: Text,
    /// Human name.
    pub name: Text,
    /// Amount in the destination currency.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub amount: Decimal,
    /// Legal basis.
    pub legal_basis: Text,
}

/// One currency conversion the quote made.
///
/// # Example
/// ```
/// let f: deminimis::FxUse = serde_json::from_str(r#"{"from":"EUR","to":"USD","rate":"1.1","rate_date":"2025-06-02",
///   "purpose":"customs value","source":"fx_rates"}"#).unwrap();
/// assert_eq!(f.rate.to_string(), "1.1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FxUse {
    /// Source currency.
    pub from: Text,
    /// Target currency.
    pub to: Text,
    /// Units of `to` per unit of `from` (cross rates shown to 10 decimal places).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub rate: Decimal,
    /// The date of the rate.
    #[serde(with = "crate::shipment::date_str::option")]
    #[cfg_attr(feature = "schemars", schemars(with = "Option<String>"))]
    pub rate_date: Option<Date>,
    /// What the conversion was for.
    pub purpose: Text,
    /// Where the rate comes from and the rule that picks it.
    pub source: Text,
}

/// The text of a trace step. The engine records what a step decided with its numbers and writes
/// the sentence only when it is read (displayed, serialized or compared): most quotes are read
/// for their amounts, and writing a dozen sentences with their decimals was a third of a quote's
/// time. It reads like a string: `Display`, `to_string()`, comparison with `str`, and a JSON
/// string in the quote document.
///
/// # Example
/// ```
/// let d = deminimis::Detail::from("Line 1: mfn 16.5% on 36 USD = 5.94 USD");
/// assert_eq!(d, "Line 1: mfn 16.5% on 36 USD = 5.94 USD");
/// assert!(d.text().starts_with("Line 1"));
/// assert_eq!(serde_json::to_string(&d).unwrap(), "\"Line 1: mfn 16.5% on 36 USD = 5.94 USD\"");
/// ```
#[derive(Clone)]
pub struct Detail(DetailRepr);

#[derive(Clone)]
enum DetailRepr {
    Written(String),
    Deferred(Arc<dyn Fn() -> String + Send + Sync>),
    /// Sentence `k` of several that one writer holds the numbers of (one allocation for a run of
    /// like steps, such as every duty of a quote).
    Part(Arc<dyn Fn(usize) -> String + Send + Sync>, usize),
}

impl Detail {
    /// A detail whose sentence `write` writes when it is read.
    pub(crate) fn deferred(write: impl Fn() -> String + Send + Sync + 'static) -> Detail {
        Detail(DetailRepr::Deferred(Arc::new(write)))
    }

    /// Sentence `k` of the ones `write` writes when they are read (share `write` among them).
    pub(crate) fn part(write: &Arc<dyn Fn(usize) -> String + Send + Sync>, k: usize) -> Detail {
        Detail(DetailRepr::Part(Arc::clone(write), k))
    }

    /// The sentence (written now if it was deferred).
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::Detail::from("x").text(), "x");
    /// ```
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            DetailRepr::Written(s) => Cow::Borrowed(s),
            DetailRepr::Deferred(write) => Cow::Owned(write()),
            DetailRepr::Part(write, k) => Cow::Owned(write(*k)),
        }
    }
}

impl From<String> for Detail {
    fn from(s: String) -> Self {
        Detail(DetailRepr::Written(s))
    }
}

impl From<&str> for Detail {
    fn from(s: &str) -> Self {
        Detail(DetailRepr::Written(s.to_string()))
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text(), f)
    }
}

impl PartialEq for Detail {
    fn eq(&self, other: &Detail) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Detail {}

impl PartialEq<str> for Detail {
    fn eq(&self, other: &str) -> bool {
        self.text() == other
    }
}

impl PartialEq<&str> for Detail {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl Serialize for Detail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Detail {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Detail::from)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Detail {
    fn schema_name() -> Cow<'static, str> {
        "String".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
    fn inline_schema() -> bool {
        true
    }
}

/// One step of the computation, in order, with its legal basis.
///
/// # Example
/// ```
/// let t = deminimis::TraceStep { step: "regime".into(), rule_id: None, detail: "…".into(), legal_basis: "…".into() };
/// assert_eq!(t.step, "regime");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TraceStep {
    /// Step name.
    pub step: Text,
    /// Id of the rule row applied, if any.
    pub rule_id: Option<Text>,
    /// What was decided, with the numbers (written when read).
    pub detail: Detail,
    /// Legal basis.
    pub legal_basis: Text,
}

/// A caveat on the quote.
///
/// # Example
/// ```
/// let w = deminimis::Warning { code: "fx_not_certified".into(), message: "…".into() };
/// assert_eq!(w.code, "fx_not_certified");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Stable snake_case code.
    pub code: Text,
    /// Explanation.
    pub message: String,
}

/// What a parcel costs on a date, with the reason for every amount.
///
/// # Example
/// ```
/// let s = deminimis::Shipment::from_json(r#"{"date":"2025-06-01","destination":"US","currency":"USD",
///   "items":[{"hs_code":"6109.10.00","origin":"CN","unit_price":"12.00","quantity":"2","duty_rate":"16.5%"}]}"#).unwrap();
/// let q = deminimis::quote(&s).unwrap();
/// assert_eq!(q.duty.to_string(), "12.96"); // 16.5% MFN + 7.5% 301 + 20% fentanyl + 10% reciprocal on $24
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// Destination (normalized country code).
    pub destination: Text,
    /// Date of importation.
    #[serde(with = "crate::shipment::date_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub date: Date,
    /// Currency of every amount in the quote (the destination's on the date).
    pub currency: Text,
    /// Version of the rules used.
    pub rules_version: Text,
    /// The regime in force.
    pub regime: RegimeInfo,
    /// The low-value exemption test.
    pub de_minimis: DeMinimis,
    /// Goods value (sum of converted line values).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub goods_value: Decimal,
    /// Shipping charged, converted.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub shipping: Decimal,
    /// Insurance charged, converted.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub insurance: Decimal,
    /// Customs value of the consignment.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub customs_value: Decimal,
    /// Per item.
    pub lines: Vec<QuoteLine>,
    /// Total duty (sum of the lines' rounded duties).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub duty: Decimal,
    /// VAT.
    pub vat: VatSummary,
    /// Fees.
    pub fees: Vec<FeeLine>,
    /// Sum of the fees.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub fees_total: Decimal,
    /// Duty + VAT + fees.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub taxes_and_fees: Decimal,
    /// What the border collects (excludes VAT collected at sale).
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub due_at_import: Decimal,
    /// Goods + shipping + insurance + taxes and fees.
    #[serde(with = "serde_str")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub landed_cost: Decimal,
    /// Every conversion made.
    pub fx: Vec<FxUse>,
    /// The computation, step by step.
    pub trace: Vec<TraceStep>,
    /// Caveats.
    pub warnings: Vec<Warning>,
}

impl Quote {
    /// The quote as JSON (the contract's output document).
    ///
    /// # Example
    /// ```
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap();
    /// assert!(deminimis::quote(&s).unwrap().to_json().contains("\"landed_cost\":\"20.00\""));
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The quote as indented JSON.
    ///
    /// # Example
    /// ```
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"USD",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap();
    /// assert!(deminimis::quote(&s).unwrap().to_json_pretty().starts_with("{\n"));
    /// ```
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Whether a warning with `code` was emitted.
    ///
    /// # Example
    /// ```
    /// let s = deminimis::Shipment::from_json(r#"{"date":"2024-06-01","destination":"US","currency":"EUR",
    ///   "items":[{"hs_code":"610910","origin":"CN","unit_price":"20.00"}]}"#).unwrap();
    /// assert!(deminimis::quote(&s).unwrap().has_warning("fx_not_certified"));
    /// ```
    pub fn has_warning(&self, code: &str) -> bool {
        self.warnings.iter().any(|w| w.code == code)
    }
}
