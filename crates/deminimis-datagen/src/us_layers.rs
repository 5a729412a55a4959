//! US additional-duty layers that depend on the HS code: `us_layers.tsv`.
//!
//! * **Product lists** are generated from the shared files: the Section 301 China lists
//!   (`us/s301_product_lists.csv`, one list per chapter 99 heading; List 4B, `9903.88.16`, is
//!   suspended and dropped), the Section 232 lists and the IEEPA Annex II exemptions
//!   (`us/budgetlab_resources/`). A list may have a membership window (`since`, `until`) when its
//!   source dates its rows; lists are split so that every list has one window.
//! * **Section 301 additions** (`data/us/s301_additions.csv`, authored): codes the shared
//!   Section 301 file lacks although the HTS says they are under a heading (its footnotes), each
//!   with its source. Each must add a new prefix to a list the shared file has, under a code of
//!   the HTS.
//! * **Layers** (dated rates) are authored in `data/us/hs_layers.csv`: measure, chapter 99
//!   heading, origins, method, rate, product lists, metal, dates, legal basis. Each heading must
//!   exist in HTS 2025 rev 32 or 2026 rev 10; a rate that the heading's text does not show must be
//!   explained in `note`. A row naming several lists is written once per list, its dates clipped
//!   to the list's window.

use crate::csvfile::{cell, CsvTable};
use crate::hts::Ch99;
use crate::json::Json;
use crate::values::is_date;
use std::collections::{BTreeMap, BTreeSet};

/// The authored layer file, relative to the data directory.
pub const LAYERS_FILE: &str = "us/hs_layers.csv";
/// Section 301 lists.
pub const S301_FILE: &str = "us/s301_product_lists.csv";
/// Authored additions to the Section 301 lists, relative to the data directory.
pub const S301_ADDITIONS_FILE: &str = "us/s301_additions.csv";
/// Budget Lab resources directory.
pub const BUDGETLAB_DIR: &str = "us/budgetlab_resources";
/// Suspended Section 301 heading (List 4B), never charged.
const LIST_4B: &str = "9903.88.16";
/// Start of the reciprocal duty, for Annex II rows without a start date.
const RECIPROCAL_START: &str = "2025-04-05";

/// A product list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// Id (`s301-9903.88.15`).
    pub id: String,
    /// What it is.
    pub name: String,
    /// Source file and selection.
    pub source: String,
    /// Metal of a Section 232 metal list.
    pub metal: Option<String>,
    /// First day of membership (none = as the layer says).
    pub since: Option<String>,
    /// First day no longer a member (exclusive; none = open).
    pub until: Option<String>,
    /// HS prefixes (digits).
    pub prefixes: BTreeSet<String>,
}

/// An authored layer row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layer {
    /// Id.
    id: String,
    /// Measure.
    measure: String,
    /// Chapter 99 heading.
    heading: String,
    /// Origins (space-separated).
    origins: String,
    /// Origins excluded from `*`.
    except_origins: String,
    /// `add`, `top_up_to` or `exempt`.
    method: String,
    /// `N%` (empty for `exempt`).
    rate: String,
    /// List ids.
    products: Vec<String>,
    /// Metal.
    metal: String,
    /// First day.
    valid_from: String,
    /// End (exclusive, may be empty).
    valid_to: String,
    /// H, M or L.
    confidence: String,
    /// Legal basis.
    legal_basis: String,
    /// Note.
    note: String,
}

/// The generated rows and their report.
#[derive(Debug, Default)]
pub struct Layers {
    /// `duty_layers` rows for rules.json.
    pub layer_rows: Vec<Json>,
    /// `product_lists` entries for rules.json.
    pub list_rows: Vec<Json>,
    /// Report lines.
    pub report: Vec<String>,
    /// Rows written to `@layers`.
    pub rows: usize,
    /// Lists written.
    pub lists: usize,
    /// Distinct prefixes written.
    pub prefixes: usize,
}

/// The shared inputs of the lists.
#[derive(Debug)]
pub struct Sources<'a> {
    /// `us/s301_product_lists.csv`.
    pub s301: &'a CsvTable,
    /// `data/us/s301_additions.csv` (authored).
    pub s301_additions: &'a CsvTable,
    /// `s232_derivative_products.csv`.
    pub derivatives: &'a CsvTable,
    /// `s232_copper_products.csv`.
    pub copper: &'a CsvTable,
    /// `s232_auto_parts.txt`.
    pub auto_parts: &'a str,
    /// `s232_mhd_parts.txt`.
    pub mhd_parts: &'a str,
    /// `s232_metal_chapter_products.csv`.
    pub metal_chapters: &'a CsvTable,
    /// `s232_semi_products.csv`.
    pub semis: &'a CsvTable,
    /// `s232_annex_products.csv`.
    pub annex: &'a CsvTable,
    /// `ieepa_exempt_products.csv`.
    pub annex2: &'a CsvTable,
}

/// Known HTS lines (8 and 10 digits, both revisions) for prefix checks.
#[derive(Debug, Default)]
pub struct KnownCodes(pub BTreeSet<String>);

impl KnownCodes {
    /// Whether some HTS line starts with `prefix`.
    fn covers(&self, prefix: &str) -> bool {
        self.0
            .range(prefix.to_owned()..)
            .next()
            .is_some_and(|c| c.starts_with(prefix))
    }
}

/// Lists being built, by id.
type ListMap = BTreeMap<String, List>;

/// Add `prefix` to list `id`, creating it from `template` when new.
fn push(lists: &mut ListMap, template: List, prefix: String) {
    lists
        .entry(template.id.clone())
        .or_insert(template)
        .prefixes
        .insert(prefix);
}

/// A list template.
fn list(id: String, name: String, source: String) -> List {
    List {
        id,
        name,
        source,
        metal: None,
        since: None,
        until: None,
        prefixes: BTreeSet::new(),
    }
}

/// HS digits of a prefix (dots removed); 4 to 10 digits.
fn digits(file: &str, raw: &str) -> Result<String, String> {
    let d: String = raw.trim().chars().filter(|c| *c != '.').collect();
    if (4..=10).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) {
        Ok(d)
    } else {
        Err(format!("{file}: bad HS prefix {raw:?}"))
    }
}

/// An optional date cell (`NA` and empty are none).
fn opt_date(file: &str, raw: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "NA" {
        return Ok(None);
    }
    if is_date(raw) {
        Ok(Some(raw.to_owned()))
    } else {
        Err(format!("{file}: bad date {raw:?}"))
    }
}

/// The day after a `YYYY-MM-DD` date.
pub fn next_day(date: &str) -> Result<String, String> {
    let bad = || format!("bad date {date:?}");
    if !is_date(date) {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Result<u32, String> {
        date.get(r).and_then(|s| s.parse().ok()).ok_or_else(bad)
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d > days {
        return Err(bad());
    }
    let (y, m, d) = if d < days {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    };
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Build every product list. `notes` collects report lines.
pub fn build_lists(
    src: &Sources<'_>,
    known: &KnownCodes,
    notes: &mut Vec<String>,
) -> Result<ListMap, String> {
    let mut lists = ListMap::new();
    let bl = |f: &str| format!("us/budgetlab_resources/{f}");

    // Section 301.
    let (ch, cl, cc) = (
        src.s301.column("hts8")?,
        src.s301.column("list")?,
        src.s301.column("ch99_code")?,
    );
    let mut dropped_4b = 0usize;
    for row in src.s301.rows() {
        let heading = cell(row, cc).trim();
        let name = cell(row, cl).trim();
        if heading == LIST_4B {
            dropped_4b += 1;
            continue;
        }
        let t = list(
            format!("s301-{heading}"),
            format!("Section 301 China list {name} ({heading})"),
            format!("{S301_FILE} list {name}"),
        );
        push(&mut lists, t, digits(S301_FILE, cell(row, ch))?);
    }
    notes.push(format!(
        "{S301_FILE}: {dropped_4b} List 4B rows ({LIST_4B}, suspended, never charged) dropped"
    ));

    // Authored additions: codes the HTS footnotes put under a heading the shared file has.
    let add = src.s301_additions;
    let (cp, cc, cs) = (
        add.column("prefix")?,
        add.column("ch99_code")?,
        add.column("source")?,
    );
    let file = S301_ADDITIONS_FILE;
    for row in add.rows() {
        let heading = cell(row, cc).trim();
        let prefix = digits(file, cell(row, cp))?;
        if cell(row, cs).trim().is_empty() {
            return Err(format!("{file}: {prefix} under {heading} has no source"));
        }
        // An addition names a line of the HTS (as its footnote does), not a prefix.
        if !known.0.contains(&prefix) {
            return Err(format!("{file}: {prefix} is not a code of the HTS"));
        }
        let Some(l) = lists.get_mut(&format!("s301-{heading}")) else {
            return Err(format!(
                "{file}: {heading} is not a heading of {S301_FILE} (an addition joins a list it has)"
            ));
        };
        if l.prefixes.iter().any(|p| prefix.starts_with(p.as_str())) {
            return Err(format!(
                "{file}: {prefix} is already on s301-{heading} (remove the addition)"
            ));
        }
        l.prefixes.insert(prefix);
        if !l.source.contains(file) {
            l.source.push_str(&format!(" and {file}"));
        }
    }

    // Section 232 derivatives (2025 lists).
    let f = bl("s232_derivative_products.csv");
    let t = src.derivatives;
    let (cp, cc, ct, cd) = (
        t.column("hts_prefix")?,
        t.column("ch99_code")?,
        t.column("derivative_type")?,
        t.column("effective_date")?,
    );
    for row in t.rows() {
        let heading = cell(row, cc).trim();
        let since = opt_date(&f, cell(row, cd))?;
        let metal = cell(row, ct).trim();
        let mut l = list(
            match &since {
                Some(d) => format!("s232-{heading}-{d}"),
                None => format!("s232-{heading}"),
            },
            format!(
                "Section 232 {metal} derivatives ({heading}){}",
                since
                    .as_deref()
                    .map(|d| format!(", included from {d}"))
                    .unwrap_or_default()
            ),
            format!("{f} ch99_code {heading}"),
        );
        l.metal = Some(metal.to_owned());
        l.since = since;
        push(&mut lists, l, digits(&f, cell(row, cp))?);
    }

    // Section 232 metal chapters (mill products and derivatives by heading).
    let f = bl("s232_metal_chapter_products.csv");
    let t = src.metal_chapters;
    let (cp, cm, ck, cd) = (
        t.column("hts_prefix")?,
        t.column("metal_type")?,
        t.column("kind")?,
        t.column("effective_date")?,
    );
    for row in t.rows() {
        let (metal, kind) = (cell(row, cm).trim(), cell(row, ck).trim());
        let since = opt_date(&f, cell(row, cd))?;
        let mut l = list(
            match &since {
                Some(d) => format!("s232-{metal}-{kind}-{d}"),
                None => format!("s232-{metal}-{kind}"),
            },
            format!(
                "Section 232 {metal} {kind} products{}",
                since
                    .as_deref()
                    .map(|d| format!(" listed from {d}"))
                    .unwrap_or_default()
            ),
            format!("{f} metal_type {metal}, kind {kind}"),
        );
        l.metal = Some(metal.to_owned());
        l.since = since;
        push(&mut lists, l, digits(&f, cell(row, cp))?);
    }

    // Section 232 copper.
    let f = bl("s232_copper_products.csv");
    let (cp, cc) = (src.copper.column("hts10")?, src.copper.column("ch99_code")?);
    for row in src.copper.rows() {
        let heading = cell(row, cc).trim();
        let mut l = list(
            format!("s232-{heading}"),
            format!("Section 232 copper ({heading})"),
            f.clone(),
        );
        l.metal = Some("copper".to_owned());
        push(&mut lists, l, digits(&f, cell(row, cp))?);
    }

    // Section 232 vehicle parts (plain prefix lists).
    for (file, text, heading, name) in [
        (
            "s232_auto_parts.txt",
            src.auto_parts,
            "9903.94.05",
            "Section 232 automobile parts (9903.94.05)",
        ),
        (
            "s232_mhd_parts.txt",
            src.mhd_parts,
            "9903.74.08",
            "Section 232 medium- and heavy-duty vehicle parts (9903.74.08)",
        ),
    ] {
        let f = bl(file);
        let mut dropped = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            // The tracker writes some dual-use goods as broad 4- or 6-digit prefixes (computers
            // 8471, batteries 8507, motors 8501…) that it scales down with its own shares; applied
            // by classification they would charge every such good. Only chapter 87 parts and
            // codes of 8 or more digits are kept.
            if line.len() < 8 && !line.starts_with("87") {
                dropped.push(line.to_owned());
                continue;
            }
            let t = list(format!("s232-{heading}"), name.to_owned(), f.clone());
            push(&mut lists, t, digits(&f, line)?);
        }
        if !dropped.is_empty() {
            notes.push(format!(
                "{file}: broad dual-use prefixes left out of {heading}: {}",
                dropped.join(" ")
            ));
        }
    }

    // Section 232 semiconductors.
    let f = bl("s232_semi_products.csv");
    let (cp, cc) = (src.semis.column("hts10")?, src.semis.column("ch99_code")?);
    for row in src.semis.rows() {
        let heading = cell(row, cc).trim();
        let t = list(
            format!("s232-{heading}"),
            format!("Section 232 semiconductors ({heading})"),
            f.clone(),
        );
        push(&mut lists, t, digits(&f, cell(row, cp))?);
    }

    // Section 232 annex regime (April 2026).
    let f = bl("s232_annex_products.csv");
    let t = src.annex;
    let (cp, ca, cm, cd) = (
        t.column("hts_prefix")?,
        t.column("annex")?,
        t.column("metal_type")?,
        t.column("effective_date")?,
    );
    let mut dates = BTreeSet::new();
    for row in t.rows() {
        let date = opt_date(&f, cell(row, cd))?
            .ok_or_else(|| format!("{f}: a row without effective_date"))?;
        dates.insert(date);
    }
    let base = dates.first().cloned().unwrap_or_default();
    for row in t.rows() {
        let (annex, metal) = (cell(row, ca).trim(), cell(row, cm).trim());
        let date = opt_date(&f, cell(row, cd))?.unwrap_or_default();
        let later = date > base;
        let mut l = list(
            if later {
                format!("s232-annex-{annex}-{metal}-{date}")
            } else {
                format!("s232-annex-{annex}-{metal}")
            },
            format!("Section 232 metals annex {annex}, {metal}, listed from {date}"),
            format!("{f} annex {annex}, metal_type {metal}"),
        );
        l.metal = Some(metal.to_owned());
        l.since = Some(date);
        push(&mut lists, l, digits(&f, cell(row, cp))?);
    }

    // IEEPA Annex II exemptions.
    annex2_lists(src.annex2, known, &mut lists, notes)?;

    // Report prefixes that no HTS line of either revision starts with.
    for l in lists.values() {
        let unknown: Vec<&String> = l.prefixes.iter().filter(|p| !known.covers(p)).collect();
        if !unknown.is_empty() {
            let shown: Vec<&str> = unknown.iter().take(5).map(|s| s.as_str()).collect();
            notes.push(format!(
                "{}: {} of {} prefixes match no HTS line of either revision (e.g. {})",
                l.id,
                unknown.len(),
                l.prefixes.len(),
                shown.join(" ")
            ));
        }
    }
    Ok(lists)
}

/// The Annex II lists, one per `(start, end)` window. A 10-digit code ending in `00` that is not
/// an HTS line is an 8-digit line padded (it matches on 8 digits); a 12-digit code is cut to 10.
fn annex2_lists(
    t: &CsvTable,
    known: &KnownCodes,
    lists: &mut ListMap,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let f = format!("{BUDGETLAB_DIR}/ieepa_exempt_products.csv");
    let (cc, cs, ce) = (
        t.column("hts10")?,
        t.column("effective_date_start")?,
        t.column("effective_date_end")?,
    );
    let mut padded = 0usize;
    for row in t.rows() {
        let mut code: String = cell(row, cc).trim().to_owned();
        if code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit()) {
            notes.push(format!("{f}: 12-digit code {code} cut to 10 digits"));
            code.truncate(10);
        }
        let mut code = digits(&f, &code)?;
        if code.len() == 10 && code.ends_with("00") && !known.0.contains(&code) {
            code.truncate(8);
            padded += 1;
        }
        let start = opt_date(&f, cell(row, cs))?;
        let end = opt_date(&f, cell(row, ce))?;
        let mut id = "ieepa-annex2".to_owned();
        if let Some(s) = &start {
            id.push_str(&format!("-from-{s}"));
        }
        if let Some(e) = &end {
            id.push_str(&format!("-to-{e}"));
        }
        let mut l = list(
            id,
            format!(
                "IEEPA reciprocal Annex II exemptions (9903.01.32), from {} to {}",
                start.as_deref().unwrap_or(RECIPROCAL_START),
                end.as_deref().map_or("the end of the duty", |e| e)
            ),
            f.clone(),
        );
        l.since = start;
        l.until = match &end {
            Some(e) => Some(next_day(e)?),
            None => None,
        };
        push(lists, l, code);
    }
    notes.push(format!(
        "{f}: {padded} 10-digit codes padded with 00 matched on 8 digits"
    ));
    Ok(())
}

/// Read the authored layers.
fn read_layers(table: &CsvTable) -> Result<Vec<Layer>, String> {
    let col = |h: &str| table.column(h);
    let cols = [
        col("id")?,
        col("measure")?,
        col("heading")?,
        col("origins")?,
        col("except_origins")?,
        col("method")?,
        col("rate")?,
        col("products")?,
        col("metal")?,
        col("valid_from")?,
        col("valid_to")?,
        col("confidence")?,
        col("legal_basis")?,
        col("note")?,
    ];
    let mut out = Vec::new();
    for row in table.rows() {
        let [id, measure, heading, origins, except_origins, method, rate, products, metal, valid_from, valid_to, confidence, legal_basis, note] =
            cols.map(|c| crate::texts::normalize_space(cell(row, c)));
        out.push(Layer {
            id,
            measure,
            heading,
            origins,
            except_origins,
            method,
            rate,
            products: products
                .split(' ')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            metal,
            valid_from,
            valid_to,
            confidence,
            legal_basis,
            note,
        });
    }
    Ok(out)
}

/// Check one layer against the lists and the chapter 99 texts; returns the heading's text.
fn check_layer(
    l: &Layer,
    lists: &ListMap,
    ch99: &[(&str, &BTreeMap<String, Ch99>)],
) -> Result<String, String> {
    let ctx = format!("data/{LAYERS_FILE}: {}", l.id);
    if l.id.is_empty() || l.measure.is_empty() || l.legal_basis.is_empty() {
        return Err(format!("{ctx}: id, measure and legal_basis are required"));
    }
    if !is_date(&l.valid_from) || !(l.valid_to.is_empty() || is_date(&l.valid_to)) {
        return Err(format!("{ctx}: bad valid_from or valid_to"));
    }
    if !l.valid_to.is_empty() && l.valid_to <= l.valid_from {
        return Err(format!("{ctx}: valid_to must be after valid_from"));
    }
    if !["H", "M", "L"].contains(&l.confidence.as_str()) {
        return Err(format!("{ctx}: confidence must be H, M or L"));
    }
    let rate_ok = l
        .rate
        .strip_suffix('%')
        .is_some_and(|n| crate::values::normalize_decimal(n).is_some());
    match l.method.as_str() {
        "add" | "top_up_to" if rate_ok => {}
        "exempt" if l.rate.is_empty() => {}
        _ => {
            return Err(format!(
                "{ctx}: method must be add or top_up_to with a rate N%, or exempt without a rate"
            ))
        }
    }
    if l.products.is_empty() {
        return Err(format!("{ctx}: no product list"));
    }
    for p in &l.products {
        let list = lists
            .get(p)
            .ok_or_else(|| format!("{ctx}: unknown product list {p}"))?;
        if let Some(m) = &list.metal {
            if !l.metal.is_empty() && *m != l.metal {
                return Err(format!("{ctx}: list {p} is {m}, the row says {}", l.metal));
            }
        }
    }
    let text = ch99
        .iter()
        .rev()
        .find_map(|(rev, map)| map.get(&l.heading).map(|c| format!("{rev}: {}", c.general)))
        .ok_or_else(|| format!("{ctx}: heading {} is in neither HTS revision", l.heading))?;
    if !l.rate.is_empty() && !text.contains(&l.rate) && l.note.is_empty() {
        return Err(format!(
            "{ctx}: the rate {} is not in the text of {} ({text}); explain it in `note`",
            l.rate, l.heading
        ));
    }
    Ok(text)
}

/// Generate `us_layers.tsv`. `ch99` holds `(revision id, chapter 99 rows)`, oldest first.
pub fn generate(
    layers_table: &CsvTable,
    sources: &Sources<'_>,
    known: &KnownCodes,
    ch99: &[(&str, &BTreeMap<String, Ch99>)],
) -> Result<Layers, String> {
    let mut out = Layers::default();
    let lists = build_lists(sources, known, &mut out.report)?;
    let layers = read_layers(layers_table)?;
    let mut ids = BTreeSet::new();
    let mut used = BTreeSet::new();
    let mut rows = Vec::new();
    for l in &layers {
        if !ids.insert(l.id.clone()) {
            return Err(format!("data/{LAYERS_FILE}: duplicate id {}", l.id));
        }
        let text = check_layer(l, &lists, ch99)?;
        if !l.rate.is_empty() && !text.contains(&l.rate) {
            out.report.push(format!(
                "{} {}: rate {} differs from the current text ({text}): {}",
                l.id, l.heading, l.rate, l.note
            ));
        }
        for p in &l.products {
            let list = lists
                .get(p)
                .ok_or_else(|| format!("unknown product list {p}"))?;
            used.insert(p.clone());
            let from = match &list.since {
                Some(s) if *s > l.valid_from => s.clone(),
                _ => l.valid_from.clone(),
            };
            let to = match (&list.until, l.valid_to.as_str()) {
                (Some(u), "") => u.clone(),
                (Some(u), t) if u.as_str() < t => u.clone(),
                (_, t) => t.to_owned(),
            };
            if !to.is_empty() && to <= from {
                out.report.push(format!(
                    "{} × {p}: the list's window does not meet the row's dates; no row",
                    l.id
                ));
                continue;
            }
            let id = if l.products.len() == 1 {
                l.id.clone()
            } else {
                format!("{}/{p}", l.id)
            };
            let cells = [
                id,
                l.measure.clone(),
                l.heading.clone(),
                l.origins.clone(),
                l.except_origins.clone(),
                l.method.clone(),
                l.rate.clone(),
                p.clone(),
                l.metal.clone(),
                from,
                to,
                l.confidence.clone(),
                l.legal_basis.clone(),
                l.note.clone(),
                text.clone(),
            ];
            out.layer_rows.push(layer_json(l, &cells)?);
            rows.push(cells.join("\t"));
        }
    }
    for id in lists.keys().filter(|id| !used.contains(*id)) {
        out.report.push(format!(
            "list {id}: no layer row (listed only, for information)"
        ));
    }

    let distinct: BTreeSet<&String> = lists.values().flat_map(|l| &l.prefixes).collect();
    for l in lists.values() {
        let mut fields = vec![
            ("id", Json::str(&l.id)),
            ("name", Json::str(&l.name)),
            ("source", Json::str(&l.source)),
        ];
        if let Some(since) = &l.since {
            fields.push(("valid_from", Json::str(since)));
        }
        if let Some(until) = &l.until {
            fields.push(("valid_to", Json::str(until)));
        }
        // Mill products are all metal: their Section 232 duty is on the whole value. Every other
        // metal list holds derivatives, whose duty needs the declared metal content.
        if l.id.ends_with("-mill") {
            fields.push(("whole_value", Json::Bool(true)));
        }
        // The April-2026 annexes mix mill products (all metal) with derivatives.
        if l.id.starts_with("s232-annex-") {
            fields.push(("whole_value_prefixes", Json::strs(&["72", "74", "76"])));
        }
        let prefixes: Vec<&str> = l.prefixes.iter().map(String::as_str).collect();
        fields.push(("prefixes", Json::strs(&prefixes)));
        out.list_rows.push(Json::obj(fields));
    }
    out.rows = rows.len();
    out.lists = lists.len();
    out.prefixes = distinct.len();
    Ok(out)
}

/// A `duty_layers` row of rules.json (fields in model order) from an authored row and its
/// per-list cells (`id, measure, heading, origins, except_origins, method, rate, products, metal,
/// valid_from, valid_to, confidence, legal_basis, note, hts_text`).
fn layer_json(l: &Layer, cells: &[String; 15]) -> Result<Json, String> {
    let [id, measure, heading, origins, except, method, rate, products, metal, from, to, confidence, basis, note, _] =
        cells;
    // The April-2026 annex rows name the metal; the engine's stacking rules speak of
    // section_232_<metal>, so the measure carries the metal.
    let measure = match (measure.as_str(), metal.as_str()) {
        ("section_232_metals", m) if !m.is_empty() => format!("section_232_{m}"),
        ("section_232_metals", _) => {
            return Err(format!(
                "data/{LAYERS_FILE}: {}: section_232_metals without a metal",
                l.id
            ))
        }
        (m, _) => m.to_owned(),
    };
    let split = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_owned).collect() };
    let mut fields = vec![
        ("id", Json::str(id)),
        ("territory", Json::str("US")),
        ("measure", Json::str(&measure)),
        ("ieepa", Json::Bool(measure.starts_with("ieepa_"))),
        ("heading", Json::str(heading)),
        ("origins", Json::strs(&split(origins))),
    ];
    if !except.is_empty() {
        fields.push(("except_origins", Json::strs(&split(except))));
    }
    fields.push(("method", Json::str(method)));
    fields.push((
        "rate",
        Json::str(if rate.is_empty() { "0%" } else { rate.as_str() }),
    ));
    fields.push(("products", Json::str(products)));
    if !metal.is_empty() {
        fields.push(("metal", Json::str(metal)));
    }
    fields.push(("valid_from", Json::str(from)));
    if !to.is_empty() {
        fields.push(("valid_to", Json::str(to)));
    }
    fields.push(("legal_basis", Json::str(basis)));
    if confidence == "L" {
        let message = if note.is_empty() {
            format!("{id}: the dates or scope of this measure come from a single or inferred source (grade L).")
        } else {
            format!("{id}: {note}")
        };
        fields.push((
            "warning",
            Json::obj([
                ("code", Json::str("rule_low_confidence")),
                ("message", Json::str(message)),
            ]),
        ));
    }
    Ok(Json::obj(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> CsvTable {
        CsvTable::parse("t", text).unwrap()
    }

    #[test]
    fn days() {
        assert_eq!(next_day("2025-07-31").unwrap(), "2025-08-01");
        assert_eq!(next_day("2025-12-31").unwrap(), "2026-01-01");
        assert_eq!(next_day("2024-02-28").unwrap(), "2024-02-29");
        assert_eq!(next_day("2025-02-28").unwrap(), "2025-03-01");
        assert_eq!(next_day("2025-09-07").unwrap(), "2025-09-08");
        assert!(next_day("2025-02-30").is_err());
        assert!(next_day("x").is_err());
    }

    /// The default additions of the tests: a 10-digit code under a 2026 review heading.
    const ADDITIONS: &str = "prefix,ch99_code,source\n6109100010,9903.91.06,HTS footnote\n";

    fn sources_and_generate(layers: &str) -> Result<Layers, String> {
        generate_with_additions(layers, ADDITIONS)
    }

    fn generate_with_additions(layers: &str, additions: &str) -> Result<Layers, String> {
        let s301 = table(
            "hts8,list,ch99_code\n61091000,4A,9903.88.15\n85076000,4B,9903.88.16\n85076000,biden_jan26,9903.91.06\n",
        );
        let deriv = table("hts_prefix,ch99_code,derivative_type,effective_date\n94032000,9903.85.08,aluminum,\n73269086,9903.81.91,steel,2025-08-18\n");
        let copper = table("hts10,ch99_code\n74081130,9903.78.01\n");
        let chapters =
            table("hts_prefix,metal_type,kind,effective_date,source\n7206,steel,mill,,x\n");
        let semis = table("hts10,ch99_code,heading,description\n8471500110,9903.79.01,8471,x\n");
        let annex = table("hts_prefix,annex,metal_type,source,effective_date\n76101000,1a,aluminum,p,2026-04-06\n73239300,1b,steel,p,2026-06-08\n");
        let annex2 = table("hts10,effective_date_start,effective_date_end\n8517130000,2025-04-05,NA\n0901110000,2025-11-13,NA\n7408110000,NA,2025-07-31\n");
        let known = KnownCodes(
            [
                "61091000",
                "6109100010",
                "85076000",
                "8517130000",
                "09011100",
                "0901110010",
                "74081130",
                "7206100000",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        );
        let mut rev = BTreeMap::new();
        rev.insert(
            "9903.88.15".to_owned(),
            Ch99 {
                general: "The duty provided in the applicable subheading + 7.5%".into(),
                description: String::new(),
            },
        );
        rev.insert(
            "9903.01.32".to_owned(),
            Ch99 {
                general: "The duty provided in the applicable subheading".into(),
                description: String::new(),
            },
        );
        let additions = table(additions);
        let sources = Sources {
            s301: &s301,
            s301_additions: &additions,
            derivatives: &deriv,
            copper: &copper,
            auto_parts: "8471\n850760\n",
            mhd_parts: "4009120020\n",
            metal_chapters: &chapters,
            semis: &semis,
            annex: &annex,
            annex2: &annex2,
        };
        generate(&table(layers), &sources, &known, &[("2026-rev10", &rev)])
    }

    const HEADER: &str = "id,measure,heading,origins,except_origins,method,rate,products,metal,valid_from,valid_to,confidence,legal_basis,note\n";

    #[test]
    fn generates_lists_and_rows() {
        let out = sources_and_generate(&format!(
            "{HEADER}S301-4A,section_301,9903.88.15,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,,H,USTR 85 FR 3741,\n\
             S301-4A-15,section_301,9903.88.15,CN,,add,15%,s301-9903.88.15,,2019-09-01,2020-02-14,H,USTR,past rate\n\
             IE,ieepa_reciprocal,9903.01.32,*,,exempt,,ieepa-annex2-from-2025-04-05 ieepa-annex2-to-2025-07-31 ieepa-annex2-from-2025-11-13,,2025-04-05,2026-02-24,M,EO 14257,\n"
        ))
        .unwrap();
        let rows: Vec<String> = out
            .layer_rows
            .iter()
            .map(|r| crate::json::to_pretty(r).unwrap().replace(['\n', ' '], ""))
            .collect();
        let lists: Vec<String> = out
            .list_rows
            .iter()
            .map(|r| crate::json::to_pretty(r).unwrap().replace(['\n', ' '], ""))
            .collect();
        let row = |id: &str| {
            rows.iter()
                .find(|r| r.contains(&format!("\"id\":\"{id}\"")))
                .cloned()
                .unwrap_or_default()
        };
        let list = |id: &str| {
            lists
                .iter()
                .find(|r| r.contains(&format!("\"id\":\"{id}\"")))
                .cloned()
                .unwrap_or_default()
        };
        assert!(row("S301-4A").contains("\"measure\":\"section_301\",\"ieepa\":false,\"heading\":\"9903.88.15\",\"origins\":[\"CN\"],\"method\":\"add\",\"rate\":\"7.5%\",\"products\":\"s301-9903.88.15\",\"valid_from\":\"2020-02-14\""));
        // Windows are clipped to each list; exemptions carry method "exempt".
        assert!(row("IE/ieepa-annex2-to-2025-07-31").contains("\"method\":\"exempt\",\"rate\":\"0%\",\"products\":\"ieepa-annex2-to-2025-07-31\",\"valid_from\":\"2025-04-05\",\"valid_to\":\"2025-08-01\""));
        assert!(row("IE/ieepa-annex2-from-2025-11-13")
            .contains("\"valid_from\":\"2025-11-13\",\"valid_to\":\"2026-02-24\""));
        // 4B dropped; padded codes matched on 8 digits; the later annex rows get their own list.
        assert!(!rows.iter().any(|r| r.contains("9903.88.16")));
        assert!(list("ieepa-annex2-from-2025-04-05").contains("\"valid_from\":\"2025-04-05\""));
        assert!(lists.iter().any(|l| l.contains("\"09011100\"")));
        assert!(lists.iter().any(|l| l.contains("\"8517130000\"")));
        // The authored addition joins the shared file's list, and the list names both sources.
        assert!(list("s301-9903.91.06").contains("\"prefixes\":[\"6109100010\",\"85076000\"]"));
        assert!(list("s301-9903.91.06").contains("biden_jan26andus/s301_additions.csv"));
        assert!(list("s232-annex-1b-steel-2026-06-08").contains("\"valid_from\":\"2026-06-08\""));
        // Broad dual-use auto-part prefixes are left out.
        assert!(!lists
            .iter()
            .any(|l| l.contains("\"8471\"") || l.contains("\"850760\"")));
        assert!(out
            .report
            .iter()
            .any(|r| r.contains("broad dual-use prefixes")));
        assert_eq!(out.rows, 5);
        assert!(out.report.iter().any(|r| r.contains("rate 15% differs")));
    }

    #[test]
    fn rejects_bad_additions() {
        let layers = format!("{HEADER}S301-4A,section_301,9903.88.15,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,,H,USTR,\n");
        assert!(generate_with_additions(&layers, ADDITIONS).is_ok());
        for (row, why) in [
            ("6109100010,9903.91.99,HTS", "not a heading of"),
            ("6109100010,9903.91.06,", "has no source"),
            ("6110100010,9903.91.06,HTS", "not a code of the HTS"),
            ("85076000,9903.91.06,HTS", "already on"),
            ("610910001,9903.91.06,HTS", "not a code of the HTS"),
            ("61a9,9903.91.06,HTS", "bad HS prefix"),
        ] {
            let err =
                generate_with_additions(&layers, &format!("prefix,ch99_code,source\n{row}\n"));
            assert!(
                err.as_ref().is_err_and(|e| e.contains(why)),
                "{row}: {err:?}"
            );
        }
    }

    #[test]
    fn rejects_bad_layers() {
        let bad = [
            // Rate not in the heading text and no note.
            "X,section_301,9903.88.15,CN,,add,25%,s301-9903.88.15,,2020-02-14,,H,USTR,\n",
            // Unknown list.
            "X,section_301,9903.88.15,CN,,add,7.5%,nope,,2020-02-14,,H,USTR,\n",
            // Unknown heading.
            "X,section_301,9903.88.99,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,,H,USTR,\n",
            // Dates.
            "X,section_301,9903.88.15,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,2020-01-01,H,USTR,\n",
            // Method and rate.
            "X,section_301,9903.88.15,CN,,exempt,7.5%,s301-9903.88.15,,2020-02-14,,H,USTR,\n",
            // Metal mismatch.
            "X,section_301,9903.88.15,CN,,add,7.5%,s232-9903.78.01,steel,2020-02-14,,H,USTR,note\n",
            // Confidence.
            "X,section_301,9903.88.15,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,,Q,USTR,\n",
        ];
        for row in bad {
            assert!(
                sources_and_generate(&format!("{HEADER}{row}")).is_err(),
                "{row}"
            );
        }
        let dup = format!(
            "{HEADER}X,section_301,9903.88.15,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,,H,USTR,\n\
             X,section_301,9903.88.15,CN,,add,7.5%,s301-9903.88.15,,2020-02-14,,H,USTR,\n"
        );
        assert!(sources_and_generate(&dup).is_err());
    }
}
