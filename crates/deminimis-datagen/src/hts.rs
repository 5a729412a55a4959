//! The US Harmonized Tariff Schedule tables `hts_<year>_rev<N>.tsv`.
//!
//! Input: a USITC HTS JSON export (`us/hts_*.json.gz`, an array of row objects with `htsno`,
//! `indent`, `general`, `special`, `other`, `units` and `footnotes`). Output: one line per 8- and
//! 10-digit code of chapters 01–98, with the rate texts, units and chapter 99 references
//! deduplicated through a text table. Ten-digit statistical lines that state no rate inherit the
//! rate of their nearest ancestor line that states one, and are marked. Chapter 99 rows are kept
//! apart ([`Hts::ch99`]) for the additional-duty layers.

use crate::texts::{normalize_space, TextCounter};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// One HTS revision to tabulate.
#[derive(Debug, Clone, Copy)]
pub struct Revision {
    /// Revision id used in the index (`2025-rev32`).
    pub id: &'static str,
    /// Human name (`2025 Revision 32`).
    pub name: &'static str,
    /// Input file, relative to the shared data directory.
    pub source: &'static str,
    /// Output file name.
    pub file: &'static str,
    /// First day the revision is used for.
    pub valid_from: &'static str,
    /// Where `valid_from` comes from.
    pub date_source: &'static str,
}

/// A tabulated line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 8 or 10 digits.
    pub code: String,
    /// Column 1 general rate text.
    pub general: String,
    /// Column 1 special text (programmes).
    pub special: String,
    /// Column 2 rate text.
    pub other: String,
    /// Units of quantity, comma-joined.
    pub units: String,
    /// Chapter 99 headings referenced by the footnotes of the line and its ancestors, sorted.
    pub refs: Vec<String>,
    /// The rate was taken from an ancestor line.
    pub inherited: bool,
}

/// A chapter 99 row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ch99 {
    /// Column 1 general text (white space collapsed).
    pub general: String,
    /// Description (white space collapsed).
    pub description: String,
}

/// A parsed revision.
#[derive(Debug, Default)]
pub struct Hts {
    /// Lines of chapters 01–98 in source order.
    pub lines: Vec<Line>,
    /// Chapter 99 rows by dotted heading (`9903.88.15`).
    pub ch99: BTreeMap<String, Ch99>,
    /// Lines with no rate on the line or any ancestor (chapter 98 provisions).
    pub no_rate: usize,
}

/// A coded or description row on the ancestor stack.
#[derive(Debug)]
struct Frame {
    /// Indent.
    indent: u32,
    /// Code digits (empty for description rows).
    code: String,
    /// General, special and other texts (normalised).
    rates: Option<(String, String, String)>,
    /// Chapter 99 references of the row's own footnotes.
    refs: Vec<String>,
}

/// Read a gzipped JSON file.
pub fn read_json_gz(path: &Path) -> Result<Value, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A string field of a row (null and missing are empty).
fn field<'a>(row: &'a Value, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Parse the rows of a USITC JSON export (`name` is used in messages).
pub fn parse(name: &str, doc: &Value) -> Result<Hts, String> {
    let rows = doc
        .as_array()
        .ok_or_else(|| format!("{name}: expected a JSON array of rows"))?;
    let mut out = Hts::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let dotted = field(row, "htsno").trim();
        let code: String = dotted.chars().filter(|c| *c != '.').collect();
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{name}: row {i}: bad htsno {dotted:?}"));
        }
        let indent: u32 = field(row, "indent")
            .trim()
            .parse()
            .map_err(|_| format!("{name}: row {i} ({dotted}): bad indent"))?;
        while stack.last().is_some_and(|f| f.indent >= indent) {
            stack.pop();
        }
        let general = normalize_space(field(row, "general"));
        let own_refs = footnote_refs(row);
        if code.starts_with("99") {
            if !code.is_empty() {
                out.ch99.insert(
                    dotted.to_owned(),
                    Ch99 {
                        general: general.clone(),
                        description: normalize_space(field(row, "description")),
                    },
                );
            }
        } else if code.len() == 8 || code.len() == 10 {
            if !seen.insert(code.clone()) {
                return Err(format!("{name}: code {dotted} appears twice"));
            }
            let other = normalize_space(field(row, "other"));
            let mut line = Line {
                code: code.clone(),
                general: general.clone(),
                special: normalize_special(field(row, "special")),
                other: other.clone(),
                units: units(row),
                refs: Vec::new(),
                inherited: false,
            };
            if general.is_empty() {
                let ancestor = stack.iter().rev().find(|f| f.rates.is_some());
                match ancestor {
                    Some(Frame {
                        code: anc,
                        rates: Some((g, s, o)),
                        ..
                    }) => {
                        if !code.starts_with(anc.as_str()) {
                            return Err(format!(
                                "{name}: {dotted} would inherit the rate of {anc}, which is not its ancestor code"
                            ));
                        }
                        line.general = g.clone();
                        line.special = s.clone();
                        if other.is_empty() {
                            line.other = o.clone();
                        }
                        line.inherited = true;
                    }
                    _ => out.no_rate += 1,
                }
            }
            let mut refs: BTreeSet<String> = stack.iter().flat_map(|f| f.refs.clone()).collect();
            refs.extend(own_refs.iter().cloned());
            line.refs = refs.into_iter().collect();
            out.lines.push(line);
        }
        let rates = (!general.is_empty() && !code.is_empty()).then(|| {
            (
                general.clone(),
                normalize_special(field(row, "special")),
                normalize_space(field(row, "other")),
            )
        });
        stack.push(Frame {
            indent,
            code,
            rates,
            refs: own_refs,
        });
    }
    Ok(out)
}

/// Units of quantity, each with white space collapsed, empty ones dropped, comma-joined.
fn units(row: &Value) -> String {
    row.get("units")
        .and_then(Value::as_array)
        .map(|u| {
            u.iter()
                .filter_map(Value::as_str)
                .map(normalize_space)
                .filter(|u| !u.is_empty())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// The chapter 99 headings (`99NN.NN.NN`) named in a row's footnotes, in order, without repeats.
fn footnote_refs(row: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for note in row
        .get("footnotes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for heading in chapter99_headings(field(note, "value")) {
            if !out.contains(&heading) {
                out.push(heading);
            }
        }
    }
    out
}

/// Every `99NN.NN.NN` in `text` that is not part of a longer number.
pub fn chapter99_headings(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let dot = |i: usize| b.get(i) == Some(&b'.');
    let mut out = Vec::new();
    for i in 0..b.len() {
        let starts =
            b.get(i..i + 2) == Some(b"99".as_slice()) && (i == 0 || !(digit(i - 1) || dot(i - 1)));
        if starts
            && digit(i + 2)
            && digit(i + 3)
            && dot(i + 4)
            && digit(i + 5)
            && digit(i + 6)
            && dot(i + 7)
            && digit(i + 8)
            && digit(i + 9)
            && !digit(i + 10)
        {
            if let Some(h) = text.get(i..i + 10) {
                out.push(h.to_owned());
            }
        }
    }
    out
}

/// Special-programme text: white space collapsed, no space after a comma or an opening
/// parenthesis or before a closing one, one space before an opening parenthesis.
pub fn normalize_special(s: &str) -> String {
    let s = normalize_space(s);
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                depth += 1;
                out.push(c);
            }
            ')' => {
                while depth > 0 && out.ends_with(' ') {
                    out.pop();
                }
                depth = depth.saturating_sub(1);
                out.push(c);
            }
            ' ' if depth > 0 && (out.ends_with(',') || out.ends_with('(')) => {}
            ' ' if depth > 0 && chars.peek() == Some(&')') => {}
            _ => out.push(c),
        }
    }
    out
}

/// Render the table (`rev` names the source in the header).
pub fn render(rev: &Revision, hts: &Hts) -> Result<String, String> {
    let mut counter = TextCounter::default();
    let refs_text = |l: &Line| l.refs.join(" ");
    for l in &hts.lines {
        for t in [&l.general, &l.special, &l.other, &l.units, &refs_text(l)] {
            counter.add(t);
        }
    }
    let table = counter.freeze();
    let mut out = format!(
        "# @generated by deminimis-datagen from ../shared/data/{} (USITC HTS {}); do not edit. \
Regenerate: cargo run -p deminimis-datagen\n",
        rev.source, rev.name
    );
    out.push_str(
        "# @texts: text i is the i-th line after the section line (0-based).\n\
# @codes: every 8- and 10-digit code of chapters 01-98, in schedule order, one per line:\n\
#   code<TAB>general<TAB>special<TAB>other<TAB>units<TAB>ch99<TAB>inherited\n\
# general (column 1), special (column 1 programmes), other (column 2), units (comma-joined) and ch99\n\
# (space-separated chapter 99 headings cited by the footnotes of the line or an ancestor) are indexes\n\
# into @texts; empty = none. inherited '^': the line states no general rate; general and special\n\
# are those of the nearest ancestor line stating one (its code is a prefix), other too unless stated.\n\
# Texts have white space collapsed; special lists have no space after commas.\n",
    );
    table.render(&mut out)?;
    out.push_str(&format!("@codes\t{}\n", hts.lines.len()));
    for l in &hts.lines {
        let cells = [
            table.reference(&l.general)?,
            table.reference(&l.special)?,
            table.reference(&l.other)?,
            table.reference(&l.units)?,
            table.reference(&refs_text(l))?,
        ];
        out.push_str(&l.code);
        for c in &cells {
            out.push('\t');
            out.push_str(c);
        }
        out.push('\t');
        if l.inherited {
            out.push('^');
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, indent: &str, general: &str, other: &str, notes: &[&str]) -> Value {
        serde_json::json!({
            "htsno": code, "indent": indent, "description": "d", "superior": null,
            "units": ["doz.", "kg"], "general": general, "special": " Free(AU, BH,\u{a0}CL) ",
            "other": other,
            "footnotes": notes.iter().map(|v| serde_json::json!({"columns": ["general"], "value": v, "type": "endnote"})).collect::<Vec<_>>(),
        })
    }

    #[test]
    fn inherits_and_references() {
        let doc = Value::Array(vec![
            row("6109", "0", "", "", &["See 9903.52.00 through 9903.52.26."]),
            row("6109.10.00", "1", "16.5%", "90%", &["See 9903.88.15. "]),
            row("", "2", "", "", &[]),
            row("6109.10.00.04", "3", "", "", &[]),
            row("6109.10.00.07", "2", "", "45%", &[]),
            row("6109.90", "1", "", "", &[]),
            row("6109.90.10.00", "2", "32%", "", &[]),
            row(
                "9903.88.15",
                "0",
                "The duty provided in the applicable subheading + 7.5%",
                "",
                &[],
            ),
        ]);
        let hts = parse("t", &doc).unwrap();
        assert_eq!(hts.lines.len(), 4);
        let l = &hts.lines[1];
        assert_eq!(l.code, "6109100004");
        assert_eq!((l.general.as_str(), l.other.as_str()), ("16.5%", "90%"));
        assert_eq!(l.special, "Free (AU,BH,CL)");
        assert_eq!(l.units, "doz.,kg");
        assert!(l.inherited);
        assert_eq!(l.refs, ["9903.52.00", "9903.52.26", "9903.88.15"]);
        // Own column 2 kept, general inherited.
        assert_eq!(hts.lines[2].other, "45%");
        assert_eq!(hts.lines[2].general, "16.5%");
        // The 6-digit line 6109.90 states nothing: its child states its own rate.
        assert!(!hts.lines[3].inherited);
        assert_eq!(hts.lines[3].refs, ["9903.52.00", "9903.52.26"]);
        assert_eq!(
            hts.ch99.get("9903.88.15").map(|c| c.general.as_str()),
            Some("The duty provided in the applicable subheading + 7.5%")
        );
        let text = render(
            &Revision {
                id: "x",
                name: "X",
                source: "us/x.json.gz",
                file: "x.tsv",
                valid_from: "2026-01-01",
                date_source: "test",
            },
            &hts,
        )
        .unwrap();
        assert!(text.starts_with("# @generated by deminimis-datagen"));
        assert!(text.contains("@codes\t4\n"));
        assert!(text.ends_with("\t^\n") || text.ends_with("\t\n"));
    }

    #[test]
    fn rejects_duplicates_and_bad_codes() {
        let dup = Value::Array(vec![
            row("0101.21.00", "0", "Free", "", &[]),
            row("0101.21.00", "0", "Free", "", &[]),
        ]);
        assert!(parse("t", &dup).is_err());
        let bad = Value::Array(vec![row("01a1", "0", "", "", &[])]);
        assert!(parse("t", &bad).is_err());
        assert!(parse("t", &serde_json::json!({})).is_err());
    }

    #[test]
    fn no_ancestor_rate() {
        let doc = Value::Array(vec![row("9817.22.05", "0", "", "", &[])]);
        let hts = parse("t", &doc).unwrap();
        assert_eq!(hts.no_rate, 1);
        assert!(!hts.lines[0].inherited);
    }

    #[test]
    fn headings_in_text() {
        assert_eq!(
            chapter99_headings("See 9903.88.03 and\u{a0}9903.90.08."),
            ["9903.88.03", "9903.90.08"]
        );
        assert!(chapter99_headings("See 9903.88. or 19903.88.150 or 9903.88.150").is_empty());
        assert!(chapter99_headings("").is_empty());
    }

    #[test]
    fn special_text() {
        assert_eq!(
            normalize_special("Free(A+,AU,BH, CL,CO) 2.75% ( JP )"),
            "Free (A+,AU,BH,CL,CO) 2.75% (JP)"
        );
        assert_eq!(normalize_special(""), "");
        assert_eq!(
            normalize_special("See 9822.04.35 (AU)"),
            "See 9822.04.35 (AU)"
        );
    }
}
