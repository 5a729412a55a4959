//! Rule data: the bundled rule set, run-time loading and the shared "in force on date D" lookup.

mod date_index;
mod label;
mod layer_index;
mod model;
mod prefix_index;
mod validate;

pub use model::*;

use crate::error::{Error, Errors};
use crate::fx::FxTable;
use crate::tariff::schedule::{LookupError, Schedule, TariffRate};
use crate::text::Text;
use jiff::civil::Date;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;
use std::sync::LazyLock;

/// The rule document bundled with the library (generated; see DATA.md).
///
/// # Example
/// ```
/// assert!(deminimis::rules::BUNDLED_RULES_JSON.contains("\"regimes\""));
/// ```
pub const BUNDLED_RULES_JSON: &str = include_str!("../../data/rules.json");
/// The ECB reference-rate table bundled with the library (generated; see DATA.md).
///
/// # Example
/// ```
/// assert!(deminimis::rules::BUNDLED_ECB_CSV.starts_with("date,"));
/// ```
pub const BUNDLED_ECB_CSV: &str = include_str!("../../data/ecb_rates.csv");

/// The bundled tariff schedules' index (generated; see DATA.md).
///
/// # Example
/// ```
/// assert!(deminimis::rules::BUNDLED_TARIFF_INDEX.contains("hts_2026_rev10.tsv"));
/// ```
pub const BUNDLED_TARIFF_INDEX: &str = include_str!("../../data/tariff_index.tsv");

/// The bundled tariff files by name.
fn bundled_tariff_file(name: &str) -> Option<&'static str> {
    match name {
        "hts_2025_rev32.tsv" => Some(include_str!("../../data/hts_2025_rev32.tsv")),
        "hts_2026_rev10.tsv" => Some(include_str!("../../data/hts_2026_rev10.tsv")),
        "eu_cet.tsv" => Some(include_str!("../../data/eu_cet.tsv")),
        _ => None,
    }
}

static TARIFFS: LazyLock<Result<Arc<Vec<Schedule>>, Errors>> = LazyLock::new(|| {
    crate::text::bundled(|| {
        crate::tariff::schedule::parse_index(BUNDLED_TARIFF_INDEX, bundled_tariff_file)
    })
    .map(Arc::new)
    .map_err(|message| {
        Errors::from(Error::InvalidRules {
            path: "tariff_index.tsv".into(),
            message,
        })
    })
});

static BUNDLED: LazyLock<Result<RuleSet, Errors>> = LazyLock::new(|| {
    crate::text::bundled(|| RuleSet::from_parts(BUNDLED_RULES_JSON, BUNDLED_ECB_CSV))
});

/// Indexes into `product_lists` (a code is on few lists).
pub(crate) type ListIndexes = smallvec::SmallVec<[usize; 4]>;

/// Warnings of a tariff lookup: (code, message).
type Caveats = Vec<(&'static str, String)>;

/// A validated set of rules plus exchange rates: what every quote is computed against.
///
/// # Example
/// ```
/// let rules = deminimis::RuleSet::bundled().unwrap();
/// assert!(!rules.version().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) data: RuleData,
    pub(crate) fx: FxTable,
    minor_units: HashMap<String, u32>,
    /// ISO code or alias → the canonical code (shared into every quote).
    countries: HashMap<String, Text>,
    /// country → (group, validity) of its memberships.
    members: HashMap<String, Vec<(String, Date, Option<Date>)>>,
    /// The duty layers that may apply to each origin's goods, by product list.
    pub(crate) layers: layer_index::LayerIndex,
    /// The rows of the other dated families in force between their change dates.
    dated: date_index::DatedFamilies,
    /// The product lists by their HS prefixes (one pass over a code's prefixes finds every list
    /// it belongs to).
    lists_by_prefix: prefix_index::PrefixIndex,
    /// The exclusion rows by their HS prefixes.
    exclusions_by_prefix: prefix_index::PrefixIndex,
    /// The 6- and 8-digit codes that some list prefix extends (a longer prefix starts with them).
    extended_codes: HashSet<String>,
    /// The tariff schedules (bundled).
    tariffs: Arc<Vec<Schedule>>,
    /// Territory → (fee id, indexes into `fees`), fee ids in order of first appearance.
    fees_by_territory: HashMap<String, Vec<(String, Vec<usize>)>>,
    /// Country → its rows of the per-country families, in the rules' order.
    country_rows: HashMap<String, CountryRows>,
}

/// The first of the rows at `indexes` (into `rows`) in force on `date`.
fn first_in_force<'a, T: Dated>(rows: &'a [T], indexes: &[usize], date: Date) -> Option<&'a T> {
    indexes
        .iter()
        .filter_map(|&i| rows.get(i))
        .find(|r| r.in_force(date))
}

/// The rows of one country in the families a quote looks up by destination.
#[derive(Debug, Clone, Default)]
struct CountryRows {
    /// Indexes into `vat_rates`.
    vat_rates: Vec<usize>,
    /// Indexes into `currencies_in_use`.
    currencies_in_use: Vec<usize>,
}

impl RuleSet {
    /// The rules bundled with this build, parsed and validated once on first use.
    ///
    /// # Example
    /// ```
    /// let v = deminimis::RuleSet::bundled().unwrap().version().to_string();
    /// assert!(v.starts_with("20"));
    /// ```
    pub fn bundled() -> Result<&'static RuleSet, Errors> {
        BUNDLED.as_ref().map_err(Clone::clone)
    }

    /// Load a newer rule document (the JSON format of `data/rules.json`) with the bundled exchange
    /// rates. It goes through the same validator as the bundled rules.
    ///
    /// # Example
    /// ```
    /// let err = deminimis::RuleSet::from_json("{}").unwrap_err();
    /// assert_eq!(err.first().unwrap().code(), "invalid_rules");
    /// ```
    pub fn from_json(rules_json: &str) -> Result<RuleSet, Errors> {
        Self::from_parts(rules_json, BUNDLED_ECB_CSV)
    }

    /// Load a rule document and an exchange-rate table (the CSV format of `data/ecb_rates.csv`).
    ///
    /// # Example
    /// ```
    /// let rules = deminimis::RuleSet::from_parts(
    ///     deminimis::rules::BUNDLED_RULES_JSON, deminimis::rules::BUNDLED_ECB_CSV).unwrap();
    /// assert_eq!(rules.version(), deminimis::RuleSet::bundled().unwrap().version());
    /// ```
    pub fn from_parts(rules_json: &str, ecb_csv: &str) -> Result<RuleSet, Errors> {
        let data: RuleData = crate::strict::document(rules_json).map_err(|(path, e)| {
            Errors::from(Error::InvalidRules {
                path,
                message: document_message(&e.to_string()),
            })
        })?;
        let fx = FxTable::from_csv(ecb_csv)?;
        Self::new(data, fx)
    }

    /// Build from already-parsed parts, validating them.
    ///
    /// # Example
    /// ```
    /// let b = deminimis::RuleSet::bundled().unwrap();
    /// let copy = deminimis::RuleSet::new(b.data().clone(), b.fx().clone()).unwrap();
    /// assert_eq!(copy.version(), b.version());
    /// ```
    pub fn new(data: RuleData, fx: FxTable) -> Result<RuleSet, Errors> {
        validate::validate(&data)?;
        let minor_units = data
            .currencies
            .iter()
            .map(|c| (c.code.clone(), c.minor_units))
            .collect();
        let mut countries: HashMap<String, Text> = data
            .countries
            .iter()
            .map(|c| (c.clone(), Text::of_rules(c.clone())))
            .collect();
        for (alias, to) in &data.country_aliases {
            if let Some(t) = countries.get(to).cloned() {
                countries.insert(alias.clone(), t);
            }
        }
        let mut members: HashMap<String, Vec<(String, Date, Option<Date>)>> = HashMap::default();
        for m in &data.memberships {
            members.entry(m.country.clone()).or_default().push((
                m.group.clone(),
                m.valid_from,
                m.valid_to,
            ));
        }
        let lists_by_prefix = prefix_index::PrefixIndex::new(
            data.product_lists
                .iter()
                .enumerate()
                .map(|(i, l)| (i, l.prefixes.as_slice())),
        );
        let exclusions_by_prefix = prefix_index::PrefixIndex::new(
            data.exclusions
                .iter()
                .enumerate()
                .map(|(i, e)| (i, e.hs_prefixes.as_slice())),
        );
        let extended_codes: HashSet<String> = data
            .product_lists
            .iter()
            .flat_map(|l| &l.prefixes)
            .flat_map(|p| {
                [6, 8]
                    .into_iter()
                    .filter(|&n| p.len() > n)
                    .filter_map(|n| p.get(..n))
            })
            .map(str::to_string)
            .collect();
        let layers = layer_index::LayerIndex::new(
            &data.duty_layers,
            &data.product_lists,
            &data.stacking,
            &data.countries,
        );
        let mut fees_by_territory: HashMap<String, Vec<(String, Vec<usize>)>> = HashMap::default();
        for (i, f) in data.fees.iter().enumerate() {
            let list = fees_by_territory.entry(f.territory.clone()).or_default();
            match list.iter_mut().find(|(id, _)| **id == *f.fee) {
                Some((_, rows)) => rows.push(i),
                None => list.push((f.fee.to_string(), vec![i])),
            }
        }
        let mut country_rows: HashMap<String, CountryRows> = HashMap::default();
        for (i, v) in data.vat_rates.iter().enumerate() {
            let rows = country_rows.entry(v.country.clone()).or_default();
            rows.vat_rates.push(i);
        }
        for (i, c) in data.currencies_in_use.iter().enumerate() {
            let rows = country_rows.entry(c.country.clone()).or_default();
            rows.currencies_in_use.push(i);
        }
        let dated = date_index::DatedFamilies::new(&data);
        Ok(RuleSet {
            dated,
            data,
            fx,
            minor_units,
            countries,
            members,
            layers,
            lists_by_prefix,
            exclusions_by_prefix,
            extended_codes,
            tariffs: TARIFFS.as_ref().map_err(Clone::clone)?.clone(),
            fees_by_territory,
            country_rows,
        })
    }

    /// The rule data version, carried by every quote as `rules_version`.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::RuleSet::bundled().unwrap().version().contains('+'));
    /// ```
    pub fn version(&self) -> &str {
        &self.data.version
    }

    /// The rule document.
    ///
    /// # Example
    /// ```
    /// assert!(!deminimis::RuleSet::bundled().unwrap().data().regimes.is_empty());
    /// ```
    pub fn data(&self) -> &RuleData {
        &self.data
    }

    /// The exchange-rate table.
    ///
    /// # Example
    /// ```
    /// assert!(deminimis::RuleSet::bundled().unwrap().fx().range().is_some());
    /// ```
    pub fn fx(&self) -> &FxTable {
        &self.fx
    }

    /// First date the rules cover.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::RuleSet::bundled().unwrap().data_starts().to_string(), "2015-01-01");
    /// ```
    pub fn data_starts(&self) -> Date {
        self.data.data_starts
    }

    /// Minor units of an ISO 4217 currency, if known.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::RuleSet::bundled().unwrap().minor_units("JPY"), Some(0));
    /// ```
    pub fn minor_units(&self, currency: &str) -> Option<u32> {
        self.minor_units.get(currency).copied()
    }

    /// Normalize a country code (aliases such as `EL` → `GR`); `None` if not ISO 3166-1.
    ///
    /// # Example
    /// ```
    /// assert_eq!(deminimis::RuleSet::bundled().unwrap().country("EL"), Some("GR"));
    /// ```
    pub fn country<'a>(&'a self, code: &str) -> Option<&'a str> {
        self.countries.get(code).map(Text::as_str)
    }

    /// The canonical code of a country code or alias, as shared text.
    pub(crate) fn country_text(&self, code: &str) -> Option<&Text> {
        self.countries.get(code)
    }

    /// The rule data version, as shared text.
    pub(crate) fn version_text(&self) -> &Text {
        &self.data.version
    }

    /// Whether `country` belongs to `group` (e.g. `EU`) on `date`.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// assert!(r.is_member("EU", "HR", "2024-01-01".parse().unwrap()));
    /// assert!(!r.is_member("EU", "GB", "2024-01-01".parse().unwrap()));
    /// ```
    pub fn is_member(&self, group: &str, country: &str, date: Date) -> bool {
        self.members.get(country).is_some_and(|ranges| {
            ranges
                .iter()
                .any(|(g, from, to)| g == group && *from <= date && to.is_none_or(|t| date < t))
        })
    }

    /// The tariff schedules, by territory and date.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// assert!(r.tariffs().iter().any(|s| s.territory == "EU"));
    /// ```
    pub fn tariffs(&self) -> &[Schedule] {
        &self.tariffs
    }

    /// The ordinary duty rate of an HS code in the destination's tariff on a date: the US HTS
    /// column 1 general rate, or the EU erga omnes rate.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let t = r.tariff("DE", "6109 10 00", "2026-08-01".parse().unwrap()).unwrap();
    /// assert_eq!(t.rate.text(), "12.0%");
    /// ```
    pub fn tariff(
        &self,
        destination: &str,
        hs_code: &str,
        date: Date,
    ) -> Result<TariffRate, Errors> {
        let path = "$.hs_code";
        let territory = match self.country(destination) {
            Some("US") => "US",
            Some(c) if self.is_member("EU", c, date) => "EU",
            Some(_) => {
                return Err(Error::UnsupportedDestination {
                    path: "$.destination".into(),
                    found: destination.into(),
                    date: date.to_string(),
                }
                .into())
            }
            None => {
                return Err(Error::UnknownCountry {
                    path: "$.destination".into(),
                    found: destination.into(),
                }
                .into())
            }
        };
        let Some(hs) = crate::tariff::schedule::hs_digits(hs_code) else {
            return Err(Error::InvalidHsCode {
                path: path.into(),
                found: hs_code.into(),
            }
            .into());
        };
        let (found, warnings) = self.tariff_found(territory, &hs, date, || path.to_string())?;
        let mut t = found.tariff_rate();
        t.warnings.extend(
            warnings
                .into_iter()
                .map(|(code, message)| (code.to_string(), message)),
        );
        Ok(t)
    }

    /// The schedule line of a validated digits-only code on `date`, borrowed, and the caveats
    /// of its schedule (a stand-in or assumed revision) and line (a mapped code).
    pub(crate) fn tariff_found(
        &self,
        territory: &str,
        hs: &str,
        date: Date,
        path: impl Fn() -> String,
    ) -> Result<(crate::tariff::schedule::Found<'_>, Caveats), Error> {
        let Some((schedule, assumed)) =
            crate::tariff::schedule::in_force(&self.tariffs, territory, date)
        else {
            return Err(Error::HsCodeNotFound {
                path: path(),
                found: hs.into(),
                schedule: format!("{territory} (none bundled)"),
            });
        };
        let found = schedule
            .find(hs)
            .map_err(|e| lookup_error(e, &path(), hs, &schedule.revision))?;
        let mut warnings = Vec::new();
        if let Some(from) = schedule.stand_in_from.filter(|from| date >= *from) {
            warnings.push((
                "tariff_revision_assumed",
                format!("{territory} tariff: the bundled {} table states the rates in force before {from}; it stands in for the rates of {date} (no newer table is bundled).", schedule.revision),
            ));
        }
        if assumed {
            warnings.push((
                "tariff_revision_assumed",
                format!("{territory} tariff: no bundled revision is in force on {date}; the earliest, {} (from {}), is used.", schedule.revision, schedule.valid_from),
            ));
        }
        Ok((found, warnings))
    }

    /// A product list by id.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// assert!(r.product_list("s232-steel-mill").is_some_and(|l| l.whole_value));
    /// ```
    pub fn product_list(&self, id: &str) -> Option<&ProductList> {
        self.data.product_lists.iter().find(|l| l.id == id)
    }

    /// The ids of every product list an HS code (digits) belongs to on `date`.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let lists = r.lists_containing("6109100004", "2025-06-01".parse().unwrap());
    /// assert!(lists.contains(&"s301-9903.88.15"));
    /// ```
    pub fn lists_containing(&self, hs: &str, date: Date) -> Vec<&str> {
        self.list_indexes_containing(hs, date)
            .into_iter()
            .filter_map(|i| self.data.product_lists.get(i))
            .map(|l| l.id.as_str())
            .collect()
    }

    /// The exclusion rows in force on `date` with a prefix that begins `hs` (indexes into
    /// `exclusions`, sorted, once each).
    pub(crate) fn exclusions_of(&self, hs: &str, date: Date) -> smallvec::SmallVec<[usize; 2]> {
        let mut out: smallvec::SmallVec<[usize; 2]> = self
            .exclusions_by_prefix
            .matching(hs)
            .filter(|&i| {
                self.data
                    .exclusions
                    .get(i)
                    .is_some_and(|e| e.in_force(date))
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// [`Self::lists_containing`] as indexes into `product_lists`.
    fn list_indexes_containing(&self, hs: &str, date: Date) -> ListIndexes {
        let mut out = ListIndexes::new();
        for i in self.lists_by_prefix.matching(hs) {
            let Some(l) = self.data.product_lists.get(i) else {
                continue;
            };
            let in_force =
                l.valid_from.is_none_or(|f| f <= date) && l.valid_to.is_none_or(|t| date < t);
            if in_force && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// The product lists (indexes into `product_lists`) of goods declared under a code shorter
    /// than the lists' lines: the lists holding every 10-digit line under it (the code is on
    /// them), and those holding only some (the code is partly on them). Codes of 10 digits, or
    /// with no lines in the US schedule in force, are looked up directly.
    pub(crate) fn lists_of_code(&self, hs: &str, date: Date) -> (ListIndexes, ListIndexes) {
        let mut full = self.list_indexes_containing(hs, date);
        let mut partial = ListIndexes::new();
        // Only a list prefix longer than the code can add lists through its lines; most codes
        // have none, and skip the walk over their statistical lines.
        if hs.len() >= 10 || !self.extended_codes.contains(hs) {
            return (full, partial);
        }
        let Some((schedule, _)) = crate::tariff::schedule::in_force(&self.tariffs, "US", date)
        else {
            return (full, partial);
        };
        let per_leaf: Vec<ListIndexes> = schedule
            .leaves_under(hs)
            .map(|c| self.list_indexes_containing(c, date))
            .collect();
        for lists in &per_leaf {
            for l in lists {
                if full.contains(l) || partial.contains(l) {
                    continue;
                }
                if per_leaf.iter().all(|v| v.contains(l)) {
                    full.push(*l);
                } else {
                    partial.push(*l);
                }
            }
        }
        (full, partial)
    }

    /// Whether an HS code (digits) belongs to a product list on `date`: the list is in force and
    /// one of its prefixes is a prefix of the code.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let date = "2025-06-01".parse().unwrap();
    /// assert!(!r.in_product_list("no-such-list", "61091000", date));
    /// assert!(r.in_product_list("s301-9903.88.15", "6109100004", date));
    /// ```
    pub fn in_product_list(&self, list: &str, hs: &str, date: Date) -> bool {
        self.list_indexes_containing(hs, date)
            .iter()
            .any(|&i| self.data.product_lists.get(i).is_some_and(|l| l.id == list))
    }

    /// The standard VAT rate row of a country in force on `date` (the first in the rules' order).
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let v = r.vat_rate_of("DE", "2020-08-01".parse().unwrap()).unwrap();
    /// assert_eq!(v.rate.to_string(), "16%");
    /// assert!(r.vat_rate_of("US", "2020-08-01".parse().unwrap()).is_none());
    /// ```
    pub fn vat_rate_of(&self, country: &str, date: Date) -> Option<&VatRateRule> {
        let rows = self.country_rows.get(country)?;
        first_in_force(&self.data.vat_rates, &rows.vat_rates, date)
    }

    /// The currency row of a country in force on `date` (the first in the rules' order).
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// let hr = |d: &str| r.currency_in_use_of("HR", d.parse().unwrap()).unwrap().currency.to_string();
    /// assert_eq!(hr("2022-12-31"), "HRK");
    /// assert_eq!(hr("2023-01-01"), "EUR");
    /// ```
    pub fn currency_in_use_of(&self, country: &str, date: Date) -> Option<&CurrencyInUse> {
        let rows = self.country_rows.get(country)?;
        first_in_force(&self.data.currencies_in_use, &rows.currencies_in_use, date)
    }

    /// The fees of a territory: each fee id with the indexes of its rows in `fees`.
    pub(crate) fn fees_of(&self, territory: &str) -> &[(String, Vec<usize>)] {
        self.fees_by_territory
            .get(territory)
            .map_or(&[], Vec::as_slice)
    }

    /// Every date at which some row of the rule document starts or stops being in force, sorted.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// assert!(r.change_dates().contains(&"2025-08-29".parse().unwrap()));
    /// ```
    pub fn change_dates(&self) -> Vec<Date> {
        let d = &self.data;
        let mut out = Vec::new();
        collect_bounds(&d.memberships, &mut out);
        collect_bounds(&d.currencies_in_use, &mut out);
        collect_bounds(&d.regimes, &mut out);
        collect_bounds(&d.thresholds, &mut out);
        collect_bounds(&d.suspensions, &mut out);
        collect_bounds(&d.exclusions, &mut out);
        collect_bounds(&d.duty_layers, &mut out);
        collect_bounds(&d.postal_duties, &mut out);
        collect_bounds(&d.flat_duties, &mut out);
        collect_bounds(&d.fees, &mut out);
        collect_bounds(&d.vat_rates, &mut out);
        collect_bounds(&d.fixed_rates, &mut out);
        collect_bounds(&d.stacking, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn lookup_error(e: LookupError, path: &str, hs: &str, revision: &str) -> Error {
    match e {
        LookupError::NoSchedule | LookupError::NotFound { .. } => Error::HsCodeNotFound {
            path: path.into(),
            found: hs.into(),
            schedule: revision.into(),
        },
        LookupError::Ambiguous { candidates } => Error::AmbiguousCode {
            path: path.into(),
            found: hs.into(),
            candidates: candidates.join("; "),
        },
        LookupError::Rate(e) => crate::engine::rate_error(e, path),
    }
}

fn collect_bounds<T: Dated>(rows: &[T], out: &mut Vec<Date>) {
    for r in rows {
        out.push(r.valid_from());
        if let Some(to) = r.valid_to() {
            out.push(to);
        }
    }
}

/// A serde error of a rule document, without its position, in the words of the shipment's
/// errors where serde's are its own: a value of the wrong JSON type, or a name that is not one
/// of the choices, reads "expected ..., found ..." (serde's "sequence" and "map" read "a list"
/// and "an object"). Other messages stay as serde wrote them (an unknown field's lists the
/// fields).
fn document_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message),
        None => message,
    };
    if message.starts_with("invalid type: ") || message.starts_with("unknown variant `") {
        if let Error::InvalidValue {
            expected, found, ..
        } = Error::from_serde(String::new(), message)
        {
            return format!("expected {expected}, found {found}");
        }
    }
    message.to_string()
}

/// The shared "in force on date D" lookup: every row of `rows` whose validity contains `date`.
///
/// # Example
/// ```
/// let r = deminimis::RuleSet::bundled().unwrap();
/// let d = "2025-06-01".parse().unwrap();
/// let regimes: Vec<_> = deminimis::rules::in_force(&r.data().regimes, d).map(|r| r.id.to_string()).collect();
/// assert!(regimes.contains(&"us-s321-800".to_string()));
/// ```
pub fn in_force<T: Dated>(rows: &[T], date: Date) -> impl Iterator<Item = &T> {
    rows.iter().filter(move |r| r.in_force(date))
}

#[cfg(test)]
mod tests {
    use super::{in_force, Dated, RuleSet};

    /// The per-country lookups give the first row a scan of the rows in force gives, for every
    /// country, on every date a row starts or ends and the day before.
    #[test]
    fn country_lookups_give_what_a_scan_gives() {
        let rules = RuleSet::bundled().unwrap();
        let d = rules.data();
        let dates: Vec<_> = d
            .vat_rates
            .iter()
            .map(|r| (r.valid_from(), r.valid_to()))
            .chain(
                d.currencies_in_use
                    .iter()
                    .map(|r| (r.valid_from(), r.valid_to())),
            )
            .flat_map(|(from, to)| std::iter::once(from).chain(to))
            .flat_map(|day| [day.yesterday().unwrap_or(day), day])
            .collect();
        let mut checked = 0;
        for country in &d.countries {
            for &day in &dates {
                let vat = in_force(&d.vat_rates, day).find(|v| v.country == *country);
                assert_eq!(rules.vat_rate_of(country, day), vat, "{country} {day}");
                let cur = in_force(&d.currencies_in_use, day).find(|c| c.country == *country);
                assert_eq!(
                    rules.currency_in_use_of(country, day),
                    cur,
                    "{country} {day}"
                );
                checked += usize::from(vat.is_some());
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
