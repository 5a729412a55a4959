//! Carrying CN2020 rates onto CN2026 codes.
//!
//! * CN2020 → CN2022 by composing Eurostat's CN8 changes 2020→2021 and 2021→2022 (a code not in
//!   the change list of a year survives when it is in the next year's code list).
//! * CN2022 → CN2026: a code valid in every year 2022–2026 is taken to be unchanged (there is no
//!   correspondence table for 2023–2026 in the data); any other 2026 code has no mapping.
//!
//! Each 2026 code then resolves as:
//! * `exact`: its only source is the same 2020 code;
//! * `mapped`: every source (one or more 2020 codes) has the same rate;
//! * `ambiguous`: the sources disagree (also a 2020 CN8 whose rate varies by CN10);
//! * `fallback`: no mapping, but every 2020 code under the HS2017 subheading(s) that the HS2022
//!   subheading correlates with (or, failing that, under the 4-digit heading) has one rate;
//! * `unresolved`: none of the above.

use std::collections::{BTreeMap, BTreeSet};

/// The 2020 erga omnes rate of a CN8 code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate2020 {
    /// One rate for the code.
    Single(String),
    /// The code has no CN8 row and its CN10 rows disagree: `(cn10, rate)`.
    PerCn10(Vec<(String, String)>),
}

/// How a 2026 code got its rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    /// Same code, sole source.
    Exact,
    /// Split or merged codes that agree.
    Mapped,
    /// The rate common to the subheading or heading.
    Fallback,
    /// Sources disagree.
    Ambiguous,
    /// No rate.
    Unresolved,
}

impl How {
    /// Every variant, in report order.
    pub const ALL: [How; 5] = [
        How::Exact,
        How::Mapped,
        How::Fallback,
        How::Ambiguous,
        How::Unresolved,
    ];

    /// One-letter code used in the table.
    pub fn letter(self) -> char {
        match self {
            How::Exact => 'e',
            How::Mapped => 'm',
            How::Fallback => 'f',
            How::Ambiguous => 'a',
            How::Unresolved => 'u',
        }
    }

    /// The word used in reports.
    pub fn word(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Mapped => "mapped",
            How::Fallback => "fallback",
            How::Ambiguous => "ambiguous",
            How::Unresolved => "unresolved",
        }
    }
}

/// One resolved 2026 code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// CN2026 code (8 digits).
    pub code: String,
    /// How it resolved.
    pub how: How,
    /// The rate (none for ambiguous and unresolved).
    pub rate: Option<String>,
    /// Mapped: the 2020 source codes. Fallback: the HS2017 subheadings or the heading used.
    /// Ambiguous: the candidate codes with their rates.
    pub sources: Vec<(String, Option<String>)>,
}

/// The inputs of the mapping.
#[derive(Debug, Default)]
pub struct Inputs {
    /// CN2020 code → rate.
    pub rates: BTreeMap<String, Rate2020>,
    /// Year → valid CN8 codes (2020 to 2026).
    pub years: BTreeMap<u16, BTreeSet<String>>,
    /// `(from year, obsolete code, new code)` for 2020→2021 and 2021→2022.
    pub changes: Vec<(u16, String, String)>,
    /// HS2022 subheading → HS2017 subheadings.
    pub correlation: BTreeMap<String, BTreeSet<String>>,
}

/// The result and what was noticed on the way.
#[derive(Debug, Default)]
pub struct Mapping {
    /// One entry per 2026 code, sorted.
    pub codes: Vec<Resolved>,
    /// 2020 codes that vanished without a change row (`code year`).
    pub dropped: Vec<String>,
    /// 2026 codes valid in 2022 but missing in a year between (treated as unmapped).
    pub gaps: Vec<String>,
    /// Ambiguous codes whose own 2020 code is among the sources.
    pub ambiguous_survivors: usize,
}

/// HS2022 headings created by sweeping slivers out of hundreds of HS2017 codes (their
/// correlation rows are all n:n and carry no usable rate).
const SWEEP_HEADINGS: [&str; 2] = ["8524", "8549"];

/// Run the mapping.
pub fn map(inputs: &Inputs) -> Result<Mapping, String> {
    let year = |y: u16| {
        inputs
            .years
            .get(&y)
            .ok_or_else(|| format!("no CN8 code list for {y}"))
    };
    let codes2020 = year(2020)?;
    let missing: Vec<&String> = codes2020
        .iter()
        .filter(|c| !inputs.rates.contains_key(*c))
        .collect();
    if let Some(first) = missing.first() {
        return Err(format!(
            "{} CN2020 codes have no rate (e.g. {first})",
            missing.len()
        ));
    }

    let mut out = Mapping::default();
    // 2020 code → its 2022 images.
    let mut images: BTreeMap<&String, BTreeSet<String>> = codes2020
        .iter()
        .map(|c| (c, BTreeSet::from([c.clone()])))
        .collect();
    for from in [2020u16, 2021] {
        let next = year(from + 1)?;
        let mut step: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (y, old, new) in &inputs.changes {
            if *y == from {
                step.entry(old.as_str()).or_default().push(new.as_str());
            }
        }
        for (src, imgs) in images.iter_mut() {
            let mut moved = BTreeSet::new();
            for img in imgs.iter() {
                if let Some(news) = step.get(img.as_str()) {
                    moved.extend(news.iter().map(|n| (*n).to_owned()));
                } else if next.contains(img) {
                    moved.insert(img.clone());
                } else {
                    out.dropped.push(format!("{img} {} (from {src})", from + 1));
                }
            }
            *imgs = moved;
        }
    }
    let mut sources: BTreeMap<&str, BTreeSet<&String>> = BTreeMap::new();
    for (src, imgs) in &images {
        for img in imgs {
            sources.entry(img.as_str()).or_default().insert(*src);
        }
    }

    let codes2026 = year(2026)?;
    let mut middle = Vec::new();
    for y in 2022u16..=2025 {
        middle.push(year(y)?);
    }
    for code in codes2026 {
        let in2022 = middle.first().is_some_and(|s| s.contains(code));
        let continuous = middle.iter().all(|s| s.contains(code));
        if in2022 && !continuous {
            out.gaps.push(code.clone());
        }
        let srcs = sources.get(code.as_str()).filter(|_| continuous);
        let resolved = match srcs {
            Some(srcs) if !srcs.is_empty() => resolve_mapped(code, srcs, &inputs.rates),
            _ => fallback(code, inputs),
        };
        if resolved.how == How::Ambiguous
            && resolved
                .sources
                .iter()
                .any(|(s, _)| s.get(..8) == Some(code.as_str()))
        {
            out.ambiguous_survivors += 1;
        }
        out.codes.push(resolved);
    }
    Ok(out)
}

/// Resolve a code that has 2020 sources.
fn resolve_mapped(
    code: &str,
    srcs: &BTreeSet<&String>,
    rates: &BTreeMap<String, Rate2020>,
) -> Resolved {
    let mut candidates: Vec<(String, String)> = Vec::new();
    for s in srcs {
        match rates.get(*s) {
            Some(Rate2020::Single(r)) => candidates.push(((*s).clone(), r.clone())),
            Some(Rate2020::PerCn10(list)) => candidates.extend(list.iter().cloned()),
            None => {}
        }
    }
    let distinct: BTreeSet<&String> = candidates.iter().map(|(_, r)| r).collect();
    let sole_self = srcs.len() == 1 && srcs.iter().all(|s| s.as_str() == code);
    match (distinct.len(), distinct.first()) {
        (1, Some(rate)) if sole_self && candidates.len() == 1 => Resolved {
            code: code.to_owned(),
            how: How::Exact,
            rate: Some((*rate).clone()),
            sources: Vec::new(),
        },
        (1, Some(rate)) => Resolved {
            code: code.to_owned(),
            how: How::Mapped,
            rate: Some((*rate).clone()),
            sources: srcs.iter().map(|s| ((*s).clone(), None)).collect(),
        },
        _ => Resolved {
            code: code.to_owned(),
            how: How::Ambiguous,
            rate: None,
            sources: candidates.into_iter().map(|(c, r)| (c, Some(r))).collect(),
        },
    }
}

/// Resolve a code without a mapping from the rates under its subheading or heading.
fn fallback(code: &str, inputs: &Inputs) -> Resolved {
    let h6 = code.get(..6).unwrap_or(code);
    let h4 = code.get(..4).unwrap_or(code);
    let empty = BTreeSet::new();
    let hs2017 = if SWEEP_HEADINGS.contains(&h4) {
        &empty
    } else {
        inputs.correlation.get(h6).unwrap_or(&empty)
    };
    let common = |keep: &dyn Fn(&str) -> bool| -> Option<String> {
        let mut rates = BTreeSet::new();
        for (c, r) in &inputs.rates {
            if keep(c) {
                match r {
                    Rate2020::Single(r) => {
                        rates.insert(r.clone());
                    }
                    Rate2020::PerCn10(list) => rates.extend(list.iter().map(|(_, r)| r.clone())),
                }
            }
        }
        match (rates.len(), rates.into_iter().next()) {
            (1, Some(r)) => Some(r),
            _ => None,
        }
    };
    let by_subheading = (!hs2017.is_empty())
        .then(|| common(&|c: &str| c.get(..6).is_some_and(|p| hs2017.contains(p))))
        .flatten();
    if let Some(rate) = by_subheading {
        return Resolved {
            code: code.to_owned(),
            how: How::Fallback,
            rate: Some(rate),
            sources: hs2017.iter().map(|h| (h.clone(), None)).collect(),
        };
    }
    if let Some(rate) = common(&|c: &str| c.starts_with(h4)) {
        return Resolved {
            code: code.to_owned(),
            how: How::Fallback,
            rate: Some(rate),
            sources: vec![(h4.to_owned(), None)],
        };
    }
    Resolved {
        code: code.to_owned(),
        how: How::Unresolved,
        rate: None,
        sources: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(codes: &[&str]) -> BTreeSet<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    fn single(r: &str) -> Rate2020 {
        Rate2020::Single(r.to_owned())
    }

    fn inputs() -> Inputs {
        let mut i = Inputs::default();
        for (c, r) in [
            ("61091000", "12.0%"),
            ("85171200", "0.0%"),
            ("39269097", "6.5%"),
            ("21069092", "9.0%"),
            ("03028110", "2.0%"),
            ("03028190", "8.0%"),
            ("03039210", "15.0%"),
            ("03039290", "15.0%"),
        ] {
            i.rates.insert(c.to_owned(), single(r));
        }
        i.rates.insert(
            "10019120".to_owned(),
            Rate2020::PerCn10(vec![
                ("1001912010".to_owned(), "95.00 EUR / tonne".to_owned()),
                ("1001912020".to_owned(), "0.00 EUR / tonne".to_owned()),
            ]),
        );
        let y2020: Vec<&str> = i.rates.keys().map(String::as_str).collect();
        i.years.insert(2020, set(&y2020));
        i.years.insert(2021, set(&y2020));
        let y22 = [
            "61091000", "85171300", "85171400", "39269097", "10019120", "03028110", "03028190",
            "03039210", "03039290",
        ];
        for y in 2022..=2025 {
            i.years.insert(y, set(&y22));
        }
        i.years.insert(
            2026,
            set(&[
                "61091000", "85171300", "85171400", "39269097", "10019120", "03028150", "03039215",
                "85241100",
            ]),
        );
        i.changes = vec![
            (2021, "85171200".into(), "85171300".into()),
            (2021, "85171200".into(), "85171400".into()),
            (2021, "39269097".into(), "39269097".into()),
            (2021, "21069092".into(), "39269097".into()),
        ];
        i.correlation.insert("030281".into(), set(&["030281"]));
        i.correlation.insert("030392".into(), set(&["030392"]));
        i
    }

    #[test]
    fn categories() {
        let m = map(&inputs()).unwrap();
        let get = |c: &str| m.codes.iter().find(|r| r.code == c).unwrap();
        assert_eq!(get("61091000").how, How::Exact);
        assert_eq!(get("61091000").rate.as_deref(), Some("12.0%"));
        let split = get("85171300");
        assert_eq!(split.how, How::Mapped);
        assert_eq!(split.sources, [("85171200".to_owned(), None)]);
        let merged = get("39269097");
        assert_eq!(merged.how, How::Ambiguous);
        assert_eq!(merged.sources.len(), 2);
        assert_eq!(m.ambiguous_survivors, 2);
        assert_eq!(get("10019120").how, How::Ambiguous);
        assert_eq!(get("10019120").sources[0].0, "1001912010");
        let fb = get("03039215");
        assert_eq!((fb.how, fb.rate.as_deref()), (How::Fallback, Some("15.0%")));
        assert_eq!(fb.sources, [("030392".to_owned(), None)]);
        assert_eq!(get("03028150").how, How::Unresolved);
        assert_eq!(get("85241100").how, How::Unresolved);
        assert_eq!(m.dropped.len(), 0);
    }

    #[test]
    fn heading_fallback_and_gaps() {
        let mut i = inputs();
        // Same heading, one rate: 4-digit fallback when the subheading is unknown.
        i.years.get_mut(&2026).unwrap().insert("03039900".into());
        // Valid in 2022 and 2026 but not in 2024: no mapping.
        i.years.get_mut(&2024).unwrap().remove("61091000");
        let m = map(&i).unwrap();
        let get = |c: &str| m.codes.iter().find(|r| r.code == c).unwrap();
        assert_eq!(get("03039900").how, How::Fallback);
        assert_eq!(get("03039900").sources, [("0303".to_owned(), None)]);
        assert_eq!(m.gaps, ["61091000"]);
        assert_eq!(get("61091000").how, How::Fallback);
    }

    #[test]
    fn missing_rate_is_an_error() {
        let mut i = inputs();
        i.years.get_mut(&2020).unwrap().insert("99999999".into());
        assert!(map(&i).is_err());
        i.years.remove(&2023);
        assert!(map(&i).is_err());
    }

    #[test]
    fn letters() {
        let letters: String = How::ALL.iter().map(|h| h.letter()).collect();
        assert_eq!(letters, "emfau");
    }
}
