//! ISO 3166-1 countries (codes and name matching) and ISO 4217 currencies.

use crate::csvfile::{cell, CsvTable};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The origin code used for "the European Union" (the engine expands it to the member states).
pub const EU_ORIGIN: &str = "EU";

/// ISO 3166-1 countries with a case-insensitive name index.
#[derive(Debug, Default)]
pub struct Countries {
    /// Sorted alpha-2 codes.
    codes: BTreeSet<String>,
    /// Lower-cased ISO names (name, common and official name) → code; `None` if ambiguous.
    iso_names: HashMap<String, Option<String>>,
    /// Lower-cased authored aliases → code.
    aliases: HashMap<String, String>,
}

impl Countries {
    /// Build from `ref/iso3166-1.csv` (columns `alpha_2`, `name`, `official_name`, `common_name`).
    pub fn from_table(table: &CsvTable) -> Result<Countries, String> {
        let code_col = table.column("alpha_2")?;
        let name_cols = [
            table.column("name")?,
            table.column("official_name")?,
            table.column("common_name")?,
        ];
        let mut countries = Countries::default();
        for row in table.rows() {
            let code = cell(row, code_col);
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!("{}: bad alpha_2 code {code:?}", table.name()));
            }
            countries.codes.insert(code.to_owned());
            for col in name_cols {
                let name = cell(row, col).trim();
                if name.is_empty() {
                    continue;
                }
                let entry = countries
                    .iso_names
                    .entry(name.to_lowercase())
                    .or_insert_with(|| Some(code.to_owned()));
                if entry.as_deref() != Some(code) {
                    *entry = None;
                }
            }
        }
        Ok(countries)
    }

    /// Add authored `(name, code)` aliases; every code must be an ISO code.
    pub fn add_aliases(
        &mut self,
        aliases: &[(String, String)],
        source: &str,
    ) -> Result<(), String> {
        for (name, code) in aliases {
            if !self.codes.contains(code) {
                return Err(format!(
                    "{source}: alias {name:?} → {code:?}: {code:?} is not an ISO 3166-1 alpha-2 code"
                ));
            }
            let key = name.trim().to_lowercase();
            if let Some(prev) = self.aliases.insert(key, code.clone()) {
                if &prev != code {
                    return Err(format!(
                        "{source}: alias {name:?} is given twice ({prev}, {code})"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Sorted alpha-2 codes.
    pub fn codes(&self) -> Vec<String> {
        self.codes.iter().cloned().collect()
    }

    /// The ISO code (or [`EU_ORIGIN`]) for a country name as written in the HTS.
    pub fn resolve(&self, name: &str) -> Option<String> {
        let name = name.trim();
        let lower = name.to_lowercase();
        let lower = lower.strip_prefix("the ").unwrap_or(&lower).trim();
        if lower == "european union" {
            return Some(EU_ORIGIN.to_owned());
        }
        if let Some(code) = self.aliases.get(lower) {
            return Some(code.clone());
        }
        self.iso_names.get(lower).cloned().flatten()
    }
}

/// Split an HTS country list: `"A, B, or C"`, `"A or B"` → `["A", "B", "C"]`. Names that
/// themselves contain "and" (Bosnia and Herzegovina) stay whole.
pub fn split_country_names(list: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in list.split(',') {
        let part = part.trim();
        let part = part.strip_prefix("or ").unwrap_or(part);
        for name in part.split(" or ") {
            let name = name.trim();
            if !name.is_empty() {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// ISO 4217 currencies from `ref/iso4217.csv`: distinct `alpha_code` with numeric `minor_units`,
/// excluding funds (`is_fund` true) and empty codes.
pub fn currencies(table: &CsvTable) -> Result<BTreeMap<String, u32>, String> {
    let code_col = table.column("alpha_code")?;
    let minor_col = table.column("minor_units")?;
    let fund_col = table.column("is_fund")?;
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    for row in table.rows() {
        let code = cell(row, code_col).trim();
        if code.is_empty() || cell(row, fund_col).trim().eq_ignore_ascii_case("true") {
            continue;
        }
        let Ok(minor) = cell(row, minor_col).trim().parse::<u32>() else {
            continue; // "N.A." (gold, SDR, test codes…)
        };
        if let Some(prev) = out.insert(code.to_owned(), minor) {
            if prev != minor {
                return Err(format!(
                    "{}: currency {code} has minor units {prev} and {minor}",
                    table.name()
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lists() {
        assert_eq!(
            split_country_names("Angola, Fiji, Indonesia, or Taiwan"),
            ["Angola", "Fiji", "Indonesia", "Taiwan"]
        );
        assert_eq!(
            split_country_names("the European Union or Jordan"),
            ["the European Union", "Jordan"]
        );
        assert_eq!(
            split_country_names("Bosnia and Herzegovina"),
            ["Bosnia and Herzegovina"]
        );
        assert_eq!(
            split_country_names("Myanmar (Burma) or Sri Lanka"),
            ["Myanmar (Burma)", "Sri Lanka"]
        );
        assert_eq!(split_country_names("Lesotho"), ["Lesotho"]);
        assert_eq!(
            split_country_names("Cameroon or the Democratic Republic of the Congo"),
            ["Cameroon", "the Democratic Republic of the Congo"]
        );
    }

    fn sample() -> Countries {
        let table = CsvTable::parse(
            "iso",
            "alpha_2,alpha_3,numeric,name,official_name,common_name\n\
             PH,PHL,608,Philippines,Republic of the Philippines,\n\
             KR,KOR,410,\"Korea, Republic of\",,South Korea\n\
             CD,COD,180,\"Congo, The Democratic Republic of the\",,\n\
             GB,GBR,826,United Kingdom,United Kingdom of Great Britain and Northern Ireland,\n",
        )
        .unwrap();
        let mut c = Countries::from_table(&table).unwrap();
        c.add_aliases(
            &[("Democratic Republic of the Congo".into(), "CD".into())],
            "test",
        )
        .unwrap();
        c
    }

    #[test]
    fn resolves_names() {
        let c = sample();
        assert_eq!(c.resolve("the Philippines").as_deref(), Some("PH"));
        assert_eq!(c.resolve("south korea").as_deref(), Some("KR"));
        assert_eq!(c.resolve("the United Kingdom").as_deref(), Some("GB"));
        assert_eq!(
            c.resolve("the Democratic Republic of the Congo").as_deref(),
            Some("CD")
        );
        assert_eq!(c.resolve("the European Union").as_deref(), Some("EU"));
        assert_eq!(c.resolve("Atlantis"), None);
        assert_eq!(c.codes(), ["CD", "GB", "KR", "PH"]);
    }

    #[test]
    fn rejects_alias_to_unknown_code() {
        let mut c = sample();
        assert!(c
            .add_aliases(&[("Kosovo".into(), "XK".into())], "test")
            .is_err());
    }

    #[test]
    fn currency_filter() {
        let table = CsvTable::parse(
            "iso4217",
            "entity,currency_name,alpha_code,numeric_code,minor_units,is_fund\n\
             AFGHANISTAN,Afghani,AFN,971,2,\n\
             BOLIVIA,Mvdol,BOV,984,2,true\n\
             ZZ01,Gold,XAU,959,N.A.,\n\
             ANTARCTICA,No universal currency,,,,\n\
             JAPAN,Yen,JPY,392,0,\n\
             ÅLAND ISLANDS,Euro,EUR,978,2,\n\
             AUSTRIA,Euro,EUR,978,2,\n",
        )
        .unwrap();
        let cur = currencies(&table).unwrap();
        assert_eq!(
            cur.into_iter().collect::<Vec<_>>(),
            [
                ("AFN".to_owned(), 2),
                ("EUR".to_owned(), 2),
                ("JPY".to_owned(), 0)
            ]
        );
    }
}
