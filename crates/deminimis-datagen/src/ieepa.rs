//! US IEEPA reciprocal country rates (`duty_layers`) from the HTS 2025 rev 32 chapter 99 extract.
//!
//! * `9903.01.43`–`9903.01.76` (except China, `9903.01.63`, authored by hand): the Annex I rates of
//!   EO 14257, in force for one day (2025-04-09) before EO 14266 suspended them.
//! * `9903.02.02`–`9903.02.73` "+ N%": the EO 14326 country rates, 2025-08-07 to 2026-02-24.
//! * The EU (`9903.02.20`) and Japan (`9903.02.73`) 15% floors ("15% including the Column 1
//!   rate") as `top_up_to` rows. Other floor rows (South Korea `9903.02.80`, added later at a date
//!   the file does not give) are skipped and reported.

use crate::csvfile::{cell, CsvTable};
use crate::iso::{split_country_names, Countries};
use crate::json::Json;
use crate::values::normalize_decimal;

/// China's Annex I heading, authored by hand in `data/us/`.
const CHINA_HEADING: &str = "9903.01.63";
/// The Annex I (April 2025) heading range.
const RC1: (&str, &str) = ("9903.01.43", "9903.01.76");
/// The EO 14326 (August 2025) heading range.
const RC2: (&str, &str) = ("9903.02.02", "9903.02.73");
/// Floor headings generated, with their origin.
const FLOORS: [(&str, &str); 2] = [("9903.02.20", "EU"), ("9903.02.73", "JP")];
/// The only floor rate generated.
const FLOOR_PCT: &str = "15";

/// `derived_rate_kind` of "+ N%" rows.
const KIND_ADD: &str = "added_to_ordinary_duty";
/// `derived_rate_kind` of bare "N%" rows.
const KIND_FLOOR: &str = "total_rate_floor_or_flat";

/// A heading that was not turned into a row, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The chapter 99 heading.
    pub heading: String,
    /// Why it was skipped.
    pub reason: String,
}

/// The generated rows and what was left out.
#[derive(Debug, Default)]
pub struct Ieepa {
    /// `duty_layers` rows.
    pub rows: Vec<Json>,
    /// Headings in scope that were not generated.
    pub skipped: Vec<Skipped>,
    /// Things worth a look (compiler's notes on generated EO 14326 rows).
    pub notes: Vec<String>,
}

/// Which generated family a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    /// EO 14257 Annex I, one day.
    Annex1,
    /// EO 14326 country rate.
    Eo14326,
    /// EO 14326 15% floor.
    Floor,
}

/// A parsed candidate row.
#[derive(Debug)]
struct Candidate {
    /// Series.
    series: Series,
    /// Heading.
    heading: String,
    /// Origins (ISO alpha-2 or `EU`).
    origins: Vec<String>,
    /// Rate in percent.
    pct: String,
    /// The heading's compiler's note (EO 14326 rows only), for the report.
    note: Option<String>,
    /// The date a compiler's note says the heading was terminated on (it ends the row).
    terminated_on: Option<String>,
}

/// Generate the rows from `hts_2025_rev32_ch99_9903_01_02.csv`.
pub fn generate(table: &CsvTable, countries: &Countries) -> Result<Ieepa, String> {
    let col_heading = table.column("htsno")?;
    let col_general = table.column("general")?;
    let col_desc = table.column("description")?;
    let col_named = table.column("derived_countries_named")?;
    let col_pct = table.column("derived_added_pct")?;
    let col_kind = table.column("derived_rate_kind")?;

    let mut out = Ieepa::default();
    let mut candidates = Vec::new();
    for row in table.rows() {
        let heading = cell(row, col_heading).trim();
        let kind = cell(row, col_kind).trim();
        let named = cell(row, col_named).trim();
        let general = cell(row, col_general);
        let in_rc1 = in_range(heading, RC1);
        let in_rc2 = in_range(heading, RC2);
        let floor_origin = FLOORS.iter().find(|(h, _)| *h == heading).map(|(_, o)| *o);
        let skip = |reason: &str| Skipped {
            heading: heading.to_owned(),
            reason: reason.to_owned(),
        };

        if kind == KIND_FLOOR {
            let Some(origin) = floor_origin else {
                out.skipped.push(skip(&format!(
                    "15% floor for {:?}: start date not in the data, not generated",
                    before_with(named)
                )));
                continue;
            };
            let pct = percent(heading, cell(row, col_pct))?;
            if pct != FLOOR_PCT || general.trim() != format!("{FLOOR_PCT}%") {
                return Err(format!(
                    "{heading}: expected a bare {FLOOR_PCT}% floor, found general {general:?}"
                ));
            }
            let found = resolve_all(heading, before_with(named), countries)?;
            if found != [origin] {
                return Err(format!(
                    "{heading}: expected the floor for {origin}, the row names {found:?}"
                ));
            }
            candidates.push(Candidate {
                series: Series::Floor,
                heading: heading.to_owned(),
                origins: found,
                pct,
                note: None,
                terminated_on: None,
            });
            continue;
        }
        if floor_origin.is_some() {
            return Err(format!(
                "{heading}: expected a {KIND_FLOOR} row, found {kind:?}"
            ));
        }
        if !(in_rc1 || in_rc2) {
            continue;
        }
        if heading == CHINA_HEADING {
            out.skipped.push(skip("China: authored by hand in data/us"));
            continue;
        }
        if kind != KIND_ADD {
            out.skipped
                .push(skip(&format!("{kind}: no additional duty")));
            continue;
        }
        let pct = percent(heading, cell(row, col_pct))?;
        if !general.replace(' ', "").contains(&format!("+{pct}%")) {
            return Err(format!(
                "{heading}: derived_added_pct {pct} not in general {general:?}"
            ));
        }
        let origins = resolve_all(heading, named, countries)?;
        let series = if in_rc1 {
            Series::Annex1
        } else {
            Series::Eo14326
        };
        let note = match series {
            Series::Eo14326 => compiler_note(cell(row, col_desc)),
            _ => None,
        };
        let terminated_on = note.as_deref().and_then(terminated_on);
        candidates.push(Candidate {
            series,
            heading: heading.to_owned(),
            origins,
            pct,
            note,
            terminated_on,
        });
    }

    // A floor replaces the same origin's "+ N%" row over the same dates (Japan: 9903.02.30 is
    // marked terminated in favour of 9903.02.72/.73); keeping both would double-charge.
    let floors: Vec<(Vec<String>, String)> = candidates
        .iter()
        .filter(|c| c.series == Series::Floor)
        .map(|c| (c.origins.clone(), c.heading.clone()))
        .collect();
    for c in candidates {
        let superseded = floors
            .iter()
            .find(|(origins, _)| c.series == Series::Eo14326 && *origins == c.origins);
        if let Some((_, floor)) = superseded {
            out.skipped.push(Skipped {
                heading: c.heading,
                reason: format!(
                    "+{}% for {} superseded by the 15% floor {floor} over the same dates",
                    c.pct,
                    c.origins.join(",")
                ),
            });
            continue;
        }
        if let Some(note) = &c.note {
            out.notes
                .push(format!("{} ({}): {note}", c.heading, c.origins.join(",")));
        }
        out.rows.push(row(&c));
    }
    Ok(out)
}

/// Whether `heading` is within the inclusive range (same `9903.0N.NN` shape, so text order works).
fn in_range(heading: &str, (lo, hi): (&str, &str)) -> bool {
    heading.len() == lo.len() && lo <= heading && heading <= hi
}

/// The country part before ", with an ad valorem …" in floor rows.
fn before_with(named: &str) -> &str {
    named.split(", with ").next().unwrap_or(named).trim()
}

/// The rate as normalised decimal text.
fn percent(heading: &str, pct: &str) -> Result<String, String> {
    normalize_decimal(pct).ok_or_else(|| format!("{heading}: bad derived_added_pct {pct:?}"))
}

/// The bracketed compiler's note of a description, if any.
fn compiler_note(description: &str) -> Option<String> {
    let start = description.find("[Compiler")?;
    let note = description.get(start..)?;
    let end = note.find(']').map_or(note.len(), |i| i + 1);
    note.get(..end)
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The ISO date in a note such as "terminated on November 14, 2025".
fn terminated_on(note: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let rest = note.split("terminated on ").nth(1)?;
    let mut words = rest.split_whitespace();
    let month = words.next()?;
    let day: u32 = words.next()?.trim_end_matches(',').parse().ok()?;
    let year: u32 = words.next()?.get(..4)?.parse().ok()?;
    let m = MONTHS.iter().position(|x| *x == month)? + 1;
    Some(format!("{year:04}-{m:02}-{day:02}"))
}

/// Resolve every country in an HTS list; an unknown name is an error.
fn resolve_all(heading: &str, list: &str, countries: &Countries) -> Result<Vec<String>, String> {
    let names = split_country_names(list);
    if names.is_empty() {
        return Err(format!("{heading}: no country named"));
    }
    let mut codes: Vec<String> = Vec::new();
    for name in names {
        let code = countries.resolve(&name).ok_or_else(|| {
            format!(
                "{heading}: unmatched country name {name:?}; add it to `aliases` in \
                 data/reference/country_names.toml"
            )
        })?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// Shared tail of the EO 14326 legal bases.
const EO14326_END: &str =
    "ended for entries on or after 2026-02-24 (Learning Resources v. Trump, CSMS #67834313)";

/// A `DutyLayerRule` row, fields in model order.
fn row(c: &Candidate) -> Json {
    let h = &c.heading;
    let (prefix, method, from, to, legal_basis) = match c.series {
        Series::Annex1 => (
            "IE-RC-1",
            "add",
            "2025-04-09",
            "2025-04-10",
            format!(
                "EO 14257 Annex I (90 FR 15041), in force 2025-04-09 and suspended for all but China \
                 from 2025-04-10 by EO 14266; HTS 2025 rev 32 heading {h}"
            ),
        ),
        Series::Eo14326 => match &c.terminated_on {
            Some(end) => (
                "IE-RC-2",
                "add",
                "2025-08-07",
                end.as_str(),
                format!(
                    "EO 14326 Annex I (90 FR 37963), effective 2025-08-07; terminated on {end} per the \
                     compiler's note of HTS 2025 rev 32 heading {h}"
                ),
            ),
            None => (
                "IE-RC-2",
                "add",
                "2025-08-07",
                "2026-02-24",
                format!("EO 14326 Annex I (90 FR 37963), effective 2025-08-07; {EO14326_END}; HTS 2025 rev 32 heading {h}"),
            ),
        },
        Series::Floor => {
            let japan = if c.origins.iter().any(|o| o == "JP") {
                " (for Japan as amended by 90 FR 44638, which terminated the +15% heading 9903.02.30)"
            } else {
                ""
            };
            (
                "IE-RC-2",
                "top_up_to",
                "2025-08-07",
                "2026-02-24",
                format!(
                    "EO 14326 Annex I (90 FR 37963){japan}, effective 2025-08-07: 15% including the Column 1 \
                     rate; {EO14326_END}; HTS 2025 rev 32 heading {h}"
                ),
            )
        }
    };
    let rate = Json::str(format!("{}%", c.pct));
    let mut fields = vec![
        ("id", Json::str(format!("{prefix}-{h}"))),
        ("territory", Json::str("US")),
        ("measure", Json::str("ieepa_reciprocal")),
        ("ieepa", Json::Bool(true)),
        ("heading", Json::str(h)),
        ("origins", Json::strs(&c.origins)),
        ("method", Json::str(method)),
        ("rate", rate.clone()),
    ];
    if c.series == Series::Floor {
        fields.push(("postal_rate", rate));
    }
    fields.extend([
        ("valid_from", Json::str(from)),
        ("valid_to", Json::str(to)),
        ("legal_basis", Json::str(legal_basis)),
    ]);
    Json::obj(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries() -> Countries {
        let iso = CsvTable::parse(
            "iso",
            "alpha_2,alpha_3,numeric,name,official_name,common_name\n\
             CM,CMR,120,Cameroon,Republic of Cameroon,\n\
             CD,COD,180,\"Congo, The Democratic Republic of the\",,\n\
             JO,JOR,400,Jordan,Hashemite Kingdom of Jordan,\n\
             JP,JPN,392,Japan,,\n\
             KR,KOR,410,\"Korea, Republic of\",,South Korea\n\
             CN,CHN,156,China,,\n",
        )
        .unwrap();
        let mut c = Countries::from_table(&iso).unwrap();
        c.add_aliases(
            &[("Democratic Republic of the Congo".into(), "CD".into())],
            "t",
        )
        .unwrap();
        c
    }

    const HEAD: &str =
        "htsno,general,description,derived_countries_named,derived_added_pct,derived_rate_kind\n";

    #[test]
    fn generates_rows() {
        let csv = format!(
            "{HEAD}\
             9903.01.25,The duty provided in the applicable subheading + 10%,x,any country,10,added_to_ordinary_duty\n\
             9903.01.43,The duty provided in the applicable subheading + 11%,\"a\nb\",Cameroon or the Democratic Republic of the Congo,11,added_to_ordinary_duty\n\
             9903.01.50,The duty provided in the applicable subheading + 20%,x,the European Union or Jordan,20,added_to_ordinary_duty\n\
             9903.01.63,The duty provided in the applicable subheading + 34%,x,\"China, including Hong Kong and Macau\",34,added_to_ordinary_duty\n\
             9903.02.19,The duty provided in the applicable subheading,x,\"the European Union, with more\",,no_additional\n\
             9903.02.20,15%,x,\"the European Union, with an ad valorem rate less than 15 percent\",15,total_rate_floor_or_flat\n\
             9903.02.30,The duty provided in the applicable subheading + 15%,x [Compiler's note: provision terminated.],Japan,15,added_to_ordinary_duty\n\
             9903.02.56,The duty provided in the applicable subheading + 15%,x [Compiler's note: gone.],South Korea,15,added_to_ordinary_duty\n\
             9903.02.73,15%,x,\"Japan, with an ad valorem rate less than 15 percent\",15,total_rate_floor_or_flat\n\
             9903.02.80,15%,x,\"South Korea, with an ad valorem rate\",15,total_rate_floor_or_flat\n"
        );
        let out = generate(&CsvTable::parse("t", &csv).unwrap(), &countries()).unwrap();
        let ids: Vec<&str> = out
            .rows
            .iter()
            .filter_map(|r| r.get("id").and_then(Json::as_str))
            .collect();
        assert_eq!(
            ids,
            [
                "IE-RC-1-9903.01.43",
                "IE-RC-1-9903.01.50",
                "IE-RC-2-9903.02.20",
                "IE-RC-2-9903.02.56",
                "IE-RC-2-9903.02.73"
            ]
        );
        let first = &out.rows[0];
        assert_eq!(first.get("origins"), Some(&Json::strs(&["CM", "CD"])));
        assert_eq!(first.get("rate").and_then(Json::as_str), Some("11%"));
        assert_eq!(out.rows[1].get("origins"), Some(&Json::strs(&["EU", "JO"])));
        let floor = &out.rows[2];
        assert_eq!(
            floor.get("method").and_then(Json::as_str),
            Some("top_up_to")
        );
        assert_eq!(floor.get("postal_rate").and_then(Json::as_str), Some("15%"));
        assert_eq!(floor.get("origins"), Some(&Json::strs(&["EU"])));
        let skipped: Vec<&str> = out.skipped.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            skipped,
            ["9903.01.63", "9903.02.19", "9903.02.80", "9903.02.30"]
        );
        assert_eq!(out.notes.len(), 1);
        assert!(out.notes[0].starts_with("9903.02.56 (KR)"));
    }

    #[test]
    fn unknown_country_is_an_error() {
        let csv = format!("{HEAD}9903.01.44,+ 13%,x,Atlantis,13,added_to_ordinary_duty\n");
        let err = generate(&CsvTable::parse("t", &csv).unwrap(), &countries()).unwrap_err();
        assert!(err.contains("Atlantis"), "{err}");
    }

    #[test]
    fn termination_dates() {
        assert_eq!(
            terminated_on("[Compiler's note: This provision was terminated on November 14, 2025. See 90 Fed. Reg. 55964]").as_deref(),
            Some("2025-11-14")
        );
        assert_eq!(
            terminated_on("[Compiler's note: provision terminated.]"),
            None
        );
    }

    #[test]
    fn compiler_notes() {
        assert_eq!(
            compiler_note("text [Compiler's note: This provision\nwas terminated.] more")
                .as_deref(),
            Some("[Compiler's note: This provision was terminated.]")
        );
        assert_eq!(compiler_note("none"), None);
    }
}
