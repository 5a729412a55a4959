//! The EU Common Customs Tariff table `eu_cet.tsv`: the erga omnes third-country duty of 2020
//! (`cet_duty_rate` of `uk/global_uk_tariff_2021.csv`) carried onto the CN2026 codes
//! (`cn_map`).

use crate::cn_map::{self, How, Inputs, Mapping, Rate2020};
use crate::csvfile::{cell, CsvTable};
use crate::texts::{normalize_space, TextCounter};
use std::collections::{BTreeMap, BTreeSet};

/// Input files, relative to the shared data directory.
pub const TARIFF_FILE: &str = "uk/global_uk_tariff_2021.csv";
/// CN8 changes 2019–2022.
pub const CHANGES_FILE: &str = "ref/cn/cn8_changes_2019_2022.csv";
/// Valid CN8 codes 2019–2022.
pub const CODES_2019_FILE: &str = "ref/cn/cn8_codes_2019_2022_harmonizer.csv";
/// Valid CN8 codes 2023–2026.
pub const CODES_2023_FILE: &str = "ref/cn/cn8_codes_2023_2026_xterr.csv";
/// HS2022 ↔ HS2017 correlation.
pub const CORRELATION_FILE: &str = "ref/hs_correlation/hs2022_hs2017_correlations.csv";

/// The 2020 rates per CN8 code: the CN8 row's rate; a code with only CN10 rows takes their
/// common rate, or keeps them all when they disagree.
pub fn rates_2020(table: &CsvTable) -> Result<BTreeMap<String, Rate2020>, String> {
    let col_code = table.column("commodity")?;
    let col_rate = table.column("cet_duty_rate")?;
    let mut cn8: BTreeMap<String, String> = BTreeMap::new();
    let mut cn10: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for row in table.rows() {
        let code = cell(row, col_code).trim();
        let rate = normalize_space(cell(row, col_rate));
        if rate.is_empty() {
            return Err(format!("{}: {code}: empty cet_duty_rate", table.name()));
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{}: bad commodity code {code:?}", table.name()));
        }
        match (code.len(), code.get(..8)) {
            (8, _) => {
                if cn8.insert(code.to_owned(), rate).is_some() {
                    return Err(format!("{}: {code} appears twice", table.name()));
                }
            }
            (10, Some(parent)) => cn10
                .entry(parent.to_owned())
                .or_default()
                .push((code.to_owned(), rate)),
            _ => return Err(format!("{}: bad commodity code {code:?}", table.name())),
        }
    }
    let mut out: BTreeMap<String, Rate2020> = cn8
        .into_iter()
        .map(|(c, r)| (c, Rate2020::Single(r)))
        .collect();
    for (parent, mut lines) in cn10 {
        if out.contains_key(&parent) {
            continue;
        }
        lines.sort();
        let distinct: BTreeSet<&String> = lines.iter().map(|(_, r)| r).collect();
        let rate = match (distinct.len(), distinct.first()) {
            (1, Some(r)) => Rate2020::Single((*r).clone()),
            _ => Rate2020::PerCn10(lines.clone()),
        };
        out.insert(parent, rate);
    }
    Ok(out)
}

/// Valid codes per year from a table with a year column and a code column.
pub fn code_lists(
    table: &CsvTable,
    year_col: &str,
    code_col: &str,
    into: &mut BTreeMap<u16, BTreeSet<String>>,
) -> Result<(), String> {
    let cy = table.column(year_col)?;
    let cc = table.column(code_col)?;
    for row in table.rows() {
        let year: u16 = cell(row, cy)
            .trim()
            .parse()
            .map_err(|_| format!("{}: bad year {:?}", table.name(), cell(row, cy)))?;
        let code = cell(row, cc).trim();
        if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{}: bad CN8 code {code:?}", table.name()));
        }
        into.entry(year).or_default().insert(code.to_owned());
    }
    Ok(())
}

/// The CN8 changes out of 2020 and 2021.
pub fn changes(table: &CsvTable) -> Result<Vec<(u16, String, String)>, String> {
    let cf = table.column("from")?;
    let co = table.column("derived_obsolete_cn8")?;
    let cn = table.column("derived_new_cn8")?;
    let mut out = Vec::new();
    for row in table.rows() {
        let from: u16 = cell(row, cf)
            .trim()
            .parse()
            .map_err(|_| format!("{}: bad year {:?}", table.name(), cell(row, cf)))?;
        if from == 2020 || from == 2021 {
            out.push((
                from,
                cell(row, co).trim().to_owned(),
                cell(row, cn).trim().to_owned(),
            ));
        }
    }
    Ok(out)
}

/// HS2022 subheading → HS2017 subheadings (the `999999` filler dropped).
pub fn correlation(table: &CsvTable) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let c22 = table.column("hs2022")?;
    let c17 = table.column("hs2017")?;
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in table.rows() {
        let (a, b) = (cell(row, c22).trim(), cell(row, c17).trim());
        if a == "999999" || b == "999999" {
            continue;
        }
        out.entry(a.to_owned()).or_default().insert(b.to_owned());
    }
    Ok(out)
}

/// Build the mapping from the tables.
pub fn build(
    tariff: &CsvTable,
    changes_table: &CsvTable,
    codes_2019: &CsvTable,
    codes_2023: &CsvTable,
    correlation_table: &CsvTable,
) -> Result<Mapping, String> {
    let mut years = BTreeMap::new();
    code_lists(codes_2019, "year", "cn8", &mut years)?;
    code_lists(codes_2023, "version", "code", &mut years)?;
    cn_map::map(&Inputs {
        rates: rates_2020(tariff)?,
        years,
        changes: changes(changes_table)?,
        correlation: correlation(correlation_table)?,
    })
}

/// Counts per category, in [`How::ALL`] order.
pub fn counts(mapping: &Mapping) -> Vec<(How, usize)> {
    How::ALL
        .iter()
        .map(|h| (*h, mapping.codes.iter().filter(|r| r.how == *h).count()))
        .collect()
}

/// Render `eu_cet.tsv`.
pub fn render(mapping: &Mapping) -> Result<String, String> {
    let mut counter = TextCounter::default();
    for r in &mapping.codes {
        counter.add(r.rate.as_deref().unwrap_or(""));
        for (_, rate) in &r.sources {
            counter.add(rate.as_deref().unwrap_or(""));
        }
    }
    let table = counter.freeze();
    let summary: Vec<String> = counts(mapping)
        .iter()
        .map(|(h, n)| format!("{} {n}", h.word()))
        .collect();
    let mut out = format!(
        "# @generated by deminimis-datagen from ../shared/data/{TARIFF_FILE} (cet_duty_rate: EU CET erga omnes \
duty of 2020, CN2020) carried onto CN2026 with ../shared/data/ref/cn and ref/hs_correlation; do not edit. \
Regenerate: cargo run -p deminimis-datagen\n"
    );
    out.push_str(&format!(
        "# {} CN2026 codes: {}.\n",
        mapping.codes.len(),
        summary.join(", ")
    ));
    out.push_str(
        "# @texts: text i is the i-th line after the section line (0-based).\n\
# @codes: one line per CN2026 code: cn8<TAB>how<TAB>rate<TAB>sources; rate is an index into @texts.\n\
# how: e exact (same CN2020 code, sole source), m mapped (split/merged CN2020 codes that agree;\n\
#   sources = those codes), f fallback (no mapping; the one rate of every CN2020 code under the HS2017\n\
#   subheadings that its HS2022 subheading correlates with, or under its 4-digit heading; sources =\n\
#   those subheadings or the heading), a ambiguous (no rate; sources = candidate CN2020 codes, or\n\
#   CN10 codes where a CN8 varied, as code=text index), u unresolved (no rate).\n\
# Sources are space-separated. Rates are the 2020 texts with white space collapsed.\n",
    );
    table.render(&mut out)?;
    out.push_str(&format!("@codes\t{}\n", mapping.codes.len()));
    for r in &mapping.codes {
        let rate = table.reference(r.rate.as_deref().unwrap_or(""))?;
        let mut sources = Vec::with_capacity(r.sources.len());
        for (code, rate) in &r.sources {
            sources.push(match rate {
                Some(rate) => format!("{code}={}", table.reference(rate)?),
                None => code.clone(),
            });
        }
        out.push_str(&format!(
            "{}\t{}\t{rate}\t{}\n",
            r.code,
            r.how.letter(),
            sources.join(" ")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> CsvTable {
        CsvTable::parse("t", text).unwrap()
    }

    #[test]
    fn rates_from_cn8_and_cn10_rows() {
        let t = table(
            "commodity,description,cet_duty_rate\n\
             61091000,\"T-shirts\nof cotton\",12.0%\n\
             10019120,w,x\n\
             1001912010,w,95.00 EUR / tonne\n\
             1001912020,w,0.00 EUR / tonne\n\
             2924297005,w,0.0%\n\
             2924297012,w,0.0%\n\
             38170050,a,6.3%\n\
             3817005010,a,0.0%\n",
        );
        // 10019120 has a CN8 row here, so it is single; drop it to test the CN10-only path.
        let rates = rates_2020(&t).unwrap();
        assert_eq!(
            rates.get("61091000"),
            Some(&Rate2020::Single("12.0%".into()))
        );
        assert_eq!(
            rates.get("29242970"),
            Some(&Rate2020::Single("0.0%".into()))
        );
        assert_eq!(
            rates.get("38170050"),
            Some(&Rate2020::Single("6.3%".into()))
        );
        let t = table(
            "commodity,cet_duty_rate\n1001912010,95.00 EUR / tonne\n1001912020,0.00  EUR / tonne\n",
        );
        let rates = rates_2020(&t).unwrap();
        assert!(matches!(rates.get("10019120"), Some(Rate2020::PerCn10(v)) if v.len() == 2));
        assert!(rates_2020(&table("commodity,cet_duty_rate\n123,1%\n")).is_err());
        assert!(rates_2020(&table("commodity,cet_duty_rate\n12345678,\n")).is_err());
    }

    #[test]
    fn renders() {
        let mapping = Mapping {
            codes: vec![
                cn_map::Resolved {
                    code: "61091000".into(),
                    how: How::Exact,
                    rate: Some("12.0%".into()),
                    sources: vec![],
                },
                cn_map::Resolved {
                    code: "39269097".into(),
                    how: How::Ambiguous,
                    rate: None,
                    sources: vec![
                        ("21069092".into(), Some("9.0%".into())),
                        ("39269097".into(), Some("12.0%".into())),
                    ],
                },
            ],
            ..Mapping::default()
        };
        let text = render(&mapping).unwrap();
        assert!(text.starts_with("# @generated by deminimis-datagen"));
        assert!(text.contains(
            "# 2 CN2026 codes: exact 1, mapped 0, fallback 0, ambiguous 1, unresolved 0.\n"
        ));
        assert!(text.contains("@texts\t2\n12.0%\n9.0%\n@codes\t2\n"));
        assert!(text.ends_with("61091000\te\t0\t\n39269097\ta\t\t21069092=1 39269097=0\n"));
    }

    #[test]
    fn correlation_drops_filler() {
        let t = table("hs2022,hs2017,relationship\n851713,851712,n:1\n999999,999999,1:1\n");
        let c = correlation(&t).unwrap();
        assert_eq!(c.len(), 1);
    }
}
