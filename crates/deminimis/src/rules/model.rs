//! The rule document: every family of dated rules the engine interprets.
//!
//! Each row has an `id`, a half-open validity `[valid_from, valid_to)` (civil dates; US actions
//! "effective 12:01 a.m. ET on D" are encoded as `valid_from = D`), and a `legal_basis`. Rows that
//! encode a reading which is not certain name a `warning` the quote emits whenever it uses them.

use crate::money::serde_str;
use crate::percent::Percent;
use crate::shipment::{Kind, Mode};
use crate::strict::{object, read_by_name};
use crate::text::Text;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A row with a validity range (the shared "in force on date D" lookup works on these).
///
/// # Example
/// ```
/// use deminimis::rules::Dated;
/// let r = deminimis::RuleSet::bundled().unwrap();
/// let row = r.data().regimes.iter().find(|x| x.id.as_ref() == "us-s321-800").unwrap();
/// assert!(row.in_force("2020-01-01".parse().unwrap()));
/// ```
pub trait Dated {
    /// Row id.
    fn id(&self) -> &str;
    /// First day in force.
    fn valid_from(&self) -> Date;
    /// First day no longer in force (`None` = open-ended).
    fn valid_to(&self) -> Option<Date>;
    /// The key rows must not overlap within (rows with different keys may overlap).
    fn overlap_key(&self) -> String;
    /// Whether the row is in force on `date`.
    fn in_force(&self, date: Date) -> bool {
        self.valid_from() <= date && self.valid_to().is_none_or(|to| date < to)
    }
}

/// A warning attached to a rule row, emitted when the row is used.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().duty_layers.iter().filter_map(|l| l.warning.as_ref()).any(|w| w.code.as_ref() == "s122_rate_disputed"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleWarning {
    /// Stable snake_case code.
    pub code: Text,
    /// Explanation.
    pub message: Text,
}

macro_rules! dated {
    ($t:ty, |$s:ident| $key:expr) => {
        impl Dated for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn valid_from(&self) -> Date {
                self.valid_from
            }
            fn valid_to(&self) -> Option<Date> {
                self.valid_to
            }
            fn overlap_key(&self) -> String {
                let $s = self;
                $key
            }
        }
    };
}

/// Declares a rule-row struct: its own fields between the row `id` and the fields every dated row
/// carries (`valid_from`, `valid_to`, `legal_basis`, and `warning` when the family has one), with
/// the serde attributes of the rule document and its [`Dated`] implementation.
macro_rules! rule_row {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
        key: |$s:ident| $key:expr;
        $( warning: $w:ident; )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Row id.
            pub id: Text,
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// First day in force.
            #[serde(with = "crate::shipment::date_str")]
            pub valid_from: Date,
            /// First day no longer in force (`None`: open-ended).
            #[serde(
                default,
                with = "crate::shipment::date_str::option",
                skip_serializing_if = "Option::is_none"
            )]
            pub valid_to: Option<Date>,
            /// Legal basis.
            pub legal_basis: Text,
            $(
                /// Warning emitted when the row is used.
                #[serde(
                    default,
                    deserialize_with = "object::optional",
                    skip_serializing_if = "Option::is_none"
                )]
                pub $w: Option<RuleWarning>,
            )?
        }
        dated!($name, |$s| $key);
    };
}

/// ISO 4217 currency with its minor unit.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().currencies.iter().any(|c| c.code == "JPY" && c.minor_units == 0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyInfo {
    /// Alpha code.
    pub code: String,
    /// Digits after the decimal point.
    pub minor_units: u32,
}

rule_row! {
/// Membership of a country in a group (e.g. the EU customs union).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().memberships.iter().any(|m| m.country == "HR" && m.group == "EU"));
/// ```
pub struct Membership {
    /// Group, e.g. `EU`.
    pub group: String,
    /// Member (ISO alpha-2).
    pub country: String,
}
key: |s| format!("{}:{}", s.group, s.country);
}

rule_row! {
/// The currency a destination reports in (dated: Croatia adopted the euro in 2023, Bulgaria in 2026).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().currencies_in_use.iter().any(|c| c.country == "BG" && c.currency == "EUR"));
/// ```
pub struct CurrencyInUse {
    /// Country (ISO alpha-2).
    pub country: String,
    /// Currency (ISO 4217).
    pub currency: Text,
}
key: |s| s.country.clone();
}

rule_row! {
/// A customs regime period for a territory (`US` or `EU`), shown in every quote.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().regimes.iter().any(|x| x.id.as_ref() == "eu-flat-duty"));
/// ```
pub struct RegimeRule {
    /// `US` or `EU`.
    pub territory: String,
    /// Human name.
    pub name: Text,
}
key: |s| s.territory.clone();
warning: warning;
}

/// How a value is compared with a threshold.
///
/// # Example
/// ```
/// use deminimis::rules::Comparison;
/// assert_eq!(Comparison::default(), Comparison::NotExceeding);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// value ≤ threshold ("not exceeding", the default).
    #[default]
    NotExceeding,
    /// value < threshold ("below").
    Below,
}

read_by_name!(Comparison at "deminimis::rules::" { NotExceeding => "not_exceeding", Below => "below" });

impl Comparison {
    /// Whether `value` passes the test against `threshold`.
    ///
    /// # Example
    /// ```
    /// use deminimis::rules::Comparison;
    /// use rust_decimal::Decimal;
    /// assert!(Comparison::NotExceeding.passes(Decimal::from(800), Decimal::from(800)));
    /// assert!(!Comparison::Below.passes(Decimal::from(150), Decimal::from(150)));
    /// ```
    pub fn passes(self, value: Decimal, threshold: Decimal) -> bool {
        match self {
            Comparison::NotExceeding => value <= threshold,
            Comparison::Below => value < threshold,
        }
    }
    /// Words for the trace.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::rules::Comparison::Below.words(), "below");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            Comparison::NotExceeding => "not exceeding",
            Comparison::Below => "below",
        }
    }
}

rule_row! {
/// A value threshold (de minimis, gift, low-value consignment, informal entry…).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// let t = r.data().thresholds.iter().find(|t| t.id.as_ref() == "US-DM-02").unwrap();
/// assert_eq!(t.amount.to_string(), "800.00");
/// ```
pub struct ThresholdRule {
    /// Which test: `us_de_minimis`, `us_gift`, `us_informal_entry`, `eu_vat_low_value`,
    /// `eu_duty_relief`, `eu_low_value_consignment`, `eu_gift`, `eu_gift_flat_rate`.
    pub test: String,
    /// Countries it applies to (empty = every country of the territory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// The amount.
    #[serde(with = "serde_str")]
    pub amount: Decimal,
    /// Its currency.
    pub currency: Text,
    /// How the value is compared.
    #[serde(default)]
    pub comparison: Comparison,
    /// A rate that goes with the threshold (the EU 2.5% flat rate for gifts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Percent>,
}
key: |s| format!(
    "{}:{}",
    s.test,
    s.countries.join(",")
);
warning: warning;
}

rule_row! {
/// A period in which a threshold test is unavailable for goods of some origins.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().suspensions.iter().any(|s| s.origins.iter().any(|o| o == "*")));
/// ```
pub struct SuspensionRule {
/// The threshold test suspended.
pub test: String,
/// Origins concerned (`*` = all).
pub origins: Vec<String>,
}
key: |s| format!(
    "{}:{}",
    s.test,
    s.origins.join(",")
);
}

rule_row! {
/// Goods a threshold test excludes (alcohol, perfume, tobacco), by HS prefix.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().exclusions.iter().any(|e| e.category == "tobacco"));
/// ```
pub struct ExclusionRule {
/// Tests this exclusion applies to.
pub tests: Vec<String>,
/// Category name (`alcohol`, `perfume`, `tobacco`).
pub category: String,
/// HS prefixes (2 to 10 digits).
pub hs_prefixes: Vec<String>,
/// The exclusion does not bite when the whole shipment's value is not above this amount.
#[serde(
    default,
    with = "serde_str::option",
    skip_serializing_if = "Option::is_none"
)]
pub unless_not_exceeding: Option<Decimal>,
/// Currency of `unless_not_exceeding`.
#[serde(default, skip_serializing_if = "Option::is_none")]
pub currency: Option<String>,
/// Excise goods: the engine warns that excise is not computed.
#[serde(default)]
pub excise: bool,
}
key: |s| format!(
    "{}:{}",
    s.tests.join(","),
    s.category
);
}

/// How an additional duty layer combines with the ordinary rate.
///
/// # Example
/// ```
/// let m: deminimis::rules::LayerMethod = serde_json::from_str("\"top_up_to\"").unwrap();
/// assert_eq!(m, deminimis::rules::LayerMethod::TopUpTo);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerMethod {
    /// `rate` is added to the ordinary duty.
    Add,
    /// The layer tops the ordinary rate up to a total of `rate` (0 if the ordinary rate is higher).
    TopUpTo,
    /// Goods in the row's product list are exempt from the measure (e.g. IEEPA Annex II).
    Exempt,
}

read_by_name!(LayerMethod at "deminimis::rules::" { Add => "add", TopUpTo => "top_up_to", Exempt => "exempt" });

rule_row! {
/// An origin-level additional duty (US IEEPA, Section 122…). HS-dependent layers (301, 232,
/// product exemptions) plug in here with an HS scope once tariff tables exist.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().duty_layers.iter().any(|l| l.measure == "section_301" && l.heading == "9903.88.15"));
/// ```
pub struct DutyLayerRule {
    /// Territory (`US`).
    pub territory: String,
    /// Measure name, e.g. `ieepa_fentanyl`, `ieepa_reciprocal`, `section_122`.
    pub measure: Text,
    /// Whether the measure counts toward the "effective IEEPA rate" of the postal regime.
    #[serde(default)]
    pub ieepa: bool,
    /// Chapter 99 heading.
    pub heading: Text,
    /// Origins (`*` = every origin not listed in `except_origins`; `EU` = EU member states).
    pub origins: Vec<String>,
    /// Origins excluded from a `*` row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_origins: Vec<String>,
    /// How the rate combines.
    pub method: LayerMethod,
    /// The rate.
    pub rate: Percent,
    /// The rate that counts for the postal tiers/ad valorem method where it differs
    /// (EU and Japan "count as 15%").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_rate: Option<Percent>,
    /// Claimed preferences that exempt the goods (e.g. `USMCA`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exempt_preferences: Vec<String>,
    /// Only goods in this product list (by HS prefix); none = every good of the origins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<String>,
    /// Goods in these product lists are exempt (e.g. IEEPA Annex II).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_products: Vec<String>,
    /// A Section 232 metal measure: it applies to the metal content declared for this metal (or to
    /// the whole value of goods in its product list when no content is declared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metal: Option<crate::shipment::Metal>,
}
key: |s| format!(
    "{}:{}:{}:{}",
    s.measure,
    s.origins.join(","),
    s.exempt_preferences.join(","),
    s.products.as_deref().unwrap_or("")
);
warning: warning;
}

/// How a postal regime's ad valorem rate is set.
///
/// # Example
/// ```
/// let a: deminimis::rules::PostalAdValorem = serde_json::from_str("\"ieepa_effective\"").unwrap();
/// assert_eq!(a, deminimis::rules::PostalAdValorem::IeepaEffective);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostalAdValorem {
    /// A fixed rate.
    Fixed {
        /// The rate.
        rate: Percent,
    },
    /// The origin's effective IEEPA rate (every IEEPA layer in force for that origin).
    IeepaEffective,
}

impl<'de> Deserialize<'de> for PostalAdValorem {
    /// `"ieepa_effective"` or `{"fixed": {"rate": "10%"}}`, the rate's object read from a JSON
    /// object only (serde's derived struct variant also takes `{"fixed": ["10%"]}`), and any
    /// other JSON value reported as what it is (the derived reader calls a number a syntax
    /// error).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        const FIXED: &[&str] = &["fixed"];
        const FORMS: &[&str] = &["fixed", "ieepa_effective"];
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FixedRate {
            rate: Percent,
        }
        struct Form;
        impl<'de> Visitor<'de> for Form {
            type Value = PostalAdValorem;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`ieepa_effective` or an object {\"fixed\": {\"rate\": ...}}")
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<PostalAdValorem, E> {
                match v {
                    "ieepa_effective" => Ok(PostalAdValorem::IeepaEffective),
                    other => Err(E::unknown_variant(other, FORMS)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PostalAdValorem, A::Error> {
                match map.next_key::<String>()? {
                    Some(form) if form == "fixed" => {}
                    Some(form) => return Err(A::Error::unknown_variant(&form, FIXED)),
                    None => return Err(A::Error::invalid_length(0, &"one member, `fixed`")),
                }
                let object::Object(fixed) = map.next_value::<object::Object<FixedRate>>()?;
                if map.next_key::<String>()?.is_some() {
                    return Err(A::Error::invalid_length(2, &"one member, `fixed`"));
                }
                Ok(PostalAdValorem::Fixed { rate: fixed.rate })
            }
        }
        d.deserialize_any(Form)
    }
}

/// One tier of a per-package specific postal duty, chosen by the highest origin rate.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// let p = r.data().postal_duties.iter().find(|p| p.id.as_ref() == "US-PO-03").unwrap();
/// assert_eq!(p.specific.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostalTier {
    /// The tier applies when the highest rate is below this (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_below: Option<Percent>,
    /// The tier applies when the highest rate does not exceed this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_not_exceeding: Option<Percent>,
    /// Duty per package.
    #[serde(with = "serde_str")]
    pub amount: Decimal,
}

rule_row! {
/// A US international-mail duty regime, in lieu of all other duties for the goods it covers.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().postal_duties.iter().any(|p| p.ordinary));
/// ```
pub struct PostalRule {
    /// Origins (`*` = all).
    pub origins: Vec<String>,
    /// `true`: postal parcels pay the ordinary duties (no special regime).
    #[serde(default)]
    pub ordinary: bool,
    /// The ad valorem method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_valorem: Option<PostalAdValorem>,
    /// The specific (per package) method, first matching tier.
    #[serde(
        default,
        deserialize_with = "object::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub specific: Vec<PostalTier>,
    /// Currency of the specific amounts.
    pub currency: String,
    /// Chapter 99 heading or measure label.
    pub heading: Text,
}
key: |s| s.origins.join(",");
warning: warning;
}

impl PostalRule {
    /// Whether the per-package amount follows the highest origin rate of the package (a tier
    /// names a rate bound, as EO 14324's $80/$160/$200) rather than being one amount (EO 14298's
    /// $100).
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let tiered = |id: &str| r.data().postal_duties.iter().any(|p| p.id == id && p.tiered());
    /// assert!(tiered("US-PO-03") && !tiered("US-PO-01"));
    /// ```
    pub fn tiered(&self) -> bool {
        (self.specific.iter()).any(|t| t.rate_below.is_some() || t.rate_not_exceeding.is_some())
    }
}

rule_row! {
/// A flat customs duty per item (the EU EUR 3 from 2026-07-01).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert_eq!(r.data().flat_duties[0].amount.to_string(), "3.00");
/// ```
pub struct FlatDutyRule {
    /// Territory (`EU`).
    pub territory: String,
    /// Amount per item.
    #[serde(with = "serde_str")]
    pub amount: Decimal,
    /// Currency of the amount.
    pub currency: String,
    /// Kinds of consignment it applies to.
    pub kinds: Vec<Kind>,
    /// Consignments of intrinsic value up to this (compared `not_exceeding`).
    #[serde(with = "serde_str")]
    pub max_value: Decimal,
}
key: |s| s.territory.clone();
warning: warning;
}

/// What a fee is computed on.
///
/// # Example
/// ```
/// let b: deminimis::rules::FeeBasis = serde_json::from_str("\"per_subheading\"").unwrap();
/// assert_eq!(b, deminimis::rules::FeeBasis::PerSubheading);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeBasis {
    /// A fixed amount per consignment / entry / parcel.
    Flat,
    /// A rate of the customs value, within optional bounds.
    AdValorem,
    /// A fixed amount per distinct 6-digit subheading.
    PerSubheading,
}

read_by_name!(FeeBasis at "deminimis::rules::" { Flat => "flat", AdValorem => "ad_valorem", PerSubheading => "per_subheading" });

/// When a fee applies, relative to the duty outcome.
///
/// # Example
/// ```
/// assert_eq!(deminimis::rules::FeeWhen::default(), deminimis::rules::FeeWhen::Always);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeWhen {
    /// Whenever the other conditions hold (the default).
    #[default]
    Always,
    /// Only when the goods are not exempt under a de minimis test.
    NotExempt,
    /// Only for an informal entry (value within the informal-entry limit), not exempt.
    InformalEntry,
    /// Only for a formal entry (value above the informal-entry limit).
    FormalEntry,
    /// Only when the parcel pays ordinary duties (not a special postal regime).
    OrdinaryDuty,
}

read_by_name!(FeeWhen at "deminimis::rules::" { Always => "always", NotExempt => "not_exempt", InformalEntry => "informal_entry", FormalEntry => "formal_entry", OrdinaryDuty => "ordinary_duty" });

rule_row! {
/// A fee or charge that is not a duty or VAT (MPF, HMF, mail fee, national parcel fees).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().fees.iter().any(|f| f.fee.as_ref() == "us_mpf_informal"));
/// ```
pub struct FeeRule {
    /// Fee id (stable, shown in quotes), e.g. `us_mpf_informal`.
    pub fee: Text,
    /// Human name.
    pub name: Text,
    /// Territory (`US` or `EU`).
    pub territory: String,
    /// Destination countries (empty = all of the territory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Modes it applies to (empty = all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<Mode>,
    /// Modes it never applies to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_modes: Vec<Mode>,
    /// Kinds it applies to (empty = all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// When it applies.
    #[serde(default)]
    pub when: FeeWhen,
    /// The basis.
    pub basis: FeeBasis,
    /// Amount (flat, per subheading).
    #[serde(
        default,
        with = "serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<Decimal>,
    /// Rate (ad valorem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Percent>,
    /// Minimum (ad valorem).
    #[serde(
        default,
        with = "serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub min: Option<Decimal>,
    /// Maximum (ad valorem).
    #[serde(
        default,
        with = "serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<Decimal>,
    /// Currency of amounts and bounds.
    pub currency: String,
    /// Only consignments whose value passes this test (intrinsic value in the EU).
    #[serde(
        default,
        with = "serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_value: Option<Decimal>,
    /// Comparison for `max_value`.
    #[serde(default)]
    pub comparison: Comparison,
    /// Currency of `max_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value_currency: Option<String>,
    /// Claimed preferences whose goods are exempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exempt_preferences: Vec<String>,
    /// When no later row of this fee is in force, keep using this one (with a warning).
    #[serde(default)]
    pub carry_forward: bool,
    /// The unit of a per-subheading fee is disputed: the shipment option `fr_parcel_fee_unit`
    /// switches it to per article, and the default warns `fr_fee_unit_disputed`.
    #[serde(default)]
    pub disputed_unit: bool,
}
key: |s| format!("{}:{}", s.fee, s.countries.join(","));
warning: warning;
}

impl FeeRule {
    /// Whether the fee can apply to a parcel sent by `mode` in a shipment of `kind` (its
    /// `modes`, `except_modes` and `kinds`; the other conditions are the engine's).
    ///
    /// # Example
    /// ```
    /// use deminimis::{Kind, Mode};
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let hmf = r.data().fees.iter().find(|f| f.fee.as_ref() == "us_hmf").unwrap();
    /// assert!(hmf.applies_to(Mode::Ocean, Kind::Sale));
    /// assert!(!hmf.applies_to(Mode::Air, Kind::Sale));
    /// let mpf = r.data().fees.iter().find(|f| f.fee.as_ref() == "us_mpf_informal").unwrap();
    /// assert!(!mpf.applies_to(Mode::Postal, Kind::Sale));
    /// ```
    pub fn applies_to(&self, mode: Mode, kind: Kind) -> bool {
        (self.modes.is_empty() || self.modes.contains(&mode))
            && !self.except_modes.contains(&mode)
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
    }
}

rule_row! {
/// A member state's standard VAT rate for a period.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().vat_rates.iter().any(|v| v.country == "FI" && v.rate.to_string() == "25.5%"));
/// ```
pub struct VatRateRule {
    /// Country (ISO alpha-2).
    pub country: String,
    /// Standard rate.
    pub rate: Percent,
}
key: |s| s.country.clone();
}

rule_row! {
/// The irrevocably fixed conversion rate of a legacy currency after its member state adopted
/// the euro (the ECB stops quoting it; conversions of old amounts use this rate).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().fixed_rates.iter().any(|f| f.currency == "BGN" && f.per_eur.to_string() == "1.95583"));
/// ```
pub struct FixedRateRule {
    /// The legacy currency.
    pub currency: String,
    /// Units of the legacy currency per EUR.
    #[serde(with = "serde_str")]
    pub per_eur: Decimal,
}
key: |s| s.currency.clone();
}

rule_row! {
/// How one duty measure gives way to others on the same line (EO 14289 and the Section 122
/// proclamation): it does not apply where an excluding measure applies, and it spares the part of
/// the value another measure covers.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().stacking.iter().any(|s| s.measure == "section_122"));
/// ```
pub struct StackingRule {
/// The measure that gives way.
pub measure: String,
/// Origins the rule is limited to (empty = all).
#[serde(default, skip_serializing_if = "Vec::is_empty")]
pub origins: Vec<String>,
/// The measure does not apply to a line on which one of these measures applies.
#[serde(default, skip_serializing_if = "Vec::is_empty")]
pub excluded_by: Vec<String>,
/// The measure does not apply to the part of the value these measures cover.
#[serde(default, skip_serializing_if = "Vec::is_empty")]
pub not_on_portion_of: Vec<String>,
}
key: |s| format!(
    "{}:{}",
    s.measure,
    s.origins.join(",")
);
}

/// A named list of HS code prefixes (a product scope such as a Section 301 list).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().product_lists.iter().any(|l| l.id == "s301-9903.88.15"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductList {
    /// List id, referenced by `duty_layers.products` and `except_products`.
    pub id: String,
    /// What the list is.
    pub name: String,
    /// Where the list comes from.
    pub source: String,
    /// First day the list's goods are in it (none = always).
    #[serde(
        default,
        with = "crate::shipment::date_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_from: Option<Date>,
    /// First day they no longer are (none = open-ended).
    #[serde(
        default,
        with = "crate::shipment::date_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_to: Option<Date>,
    /// A Section 232 metal list whose goods are all metal (mill products): the duty applies to
    /// the whole value. Otherwise the goods are derivatives and the metal content must be declared.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole_value: bool,
    /// HS prefixes (chapters) of the list whose goods are all metal even when the list holds
    /// derivatives too (steel, copper and aluminium mill products of chapters 72, 74 and 76).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub whole_value_prefixes: Vec<String>,
    /// HS prefixes (2 to 10 digits); an HS code belongs to the list when one is its prefix.
    pub prefixes: Vec<String>,
}

/// The whole rule document (bundled, or loaded at run time with [`crate::RuleSet::from_json`]).
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// assert!(r.data().version.starts_with("2026-11-26+"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleData {
    /// Provenance note (the generated file says it is generated and how to regenerate it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notice: String,
    /// Version string, carried by every quote as `rules_version`.
    pub version: Text,
    /// First date the rules cover.
    #[serde(with = "crate::shipment::date_str")]
    pub data_starts: Date,
    /// ISO 4217 currencies.
    #[serde(deserialize_with = "object::list")]
    pub currencies: Vec<CurrencyInfo>,
    /// ISO 3166-1 alpha-2 countries.
    pub countries: Vec<String>,
    /// Accepted aliases (`EL` → `GR`).
    pub country_aliases: Vec<(String, String)>,
    /// Group memberships (EU).
    #[serde(deserialize_with = "object::list")]
    pub memberships: Vec<Membership>,
    /// Destination currencies.
    #[serde(deserialize_with = "object::list")]
    pub currencies_in_use: Vec<CurrencyInUse>,
    /// Regime periods.
    #[serde(deserialize_with = "object::list")]
    pub regimes: Vec<RegimeRule>,
    /// Thresholds.
    #[serde(deserialize_with = "object::list")]
    pub thresholds: Vec<ThresholdRule>,
    /// Threshold suspensions.
    #[serde(deserialize_with = "object::list")]
    pub suspensions: Vec<SuspensionRule>,
    /// Threshold exclusions.
    #[serde(deserialize_with = "object::list")]
    pub exclusions: Vec<ExclusionRule>,
    /// Additional duty layers.
    #[serde(deserialize_with = "object::list")]
    pub duty_layers: Vec<DutyLayerRule>,
    /// Postal regimes.
    #[serde(deserialize_with = "object::list")]
    pub postal_duties: Vec<PostalRule>,
    /// Flat duties.
    #[serde(deserialize_with = "object::list")]
    pub flat_duties: Vec<FlatDutyRule>,
    /// Fees.
    #[serde(deserialize_with = "object::list")]
    pub fees: Vec<FeeRule>,
    /// VAT rates.
    #[serde(deserialize_with = "object::list")]
    pub vat_rates: Vec<VatRateRule>,
    /// Fixed conversion rates of legacy currencies.
    #[serde(deserialize_with = "object::list")]
    pub fixed_rates: Vec<FixedRateRule>,
    /// How measures give way to each other.
    #[serde(
        default,
        deserialize_with = "object::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub stacking: Vec<StackingRule>,
    /// Product scopes referenced by duty layers.
    #[serde(
        default,
        deserialize_with = "object::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub product_lists: Vec<ProductList>,
}
