//! A deduplicated text table for the compact tariff files.
//!
//! Every distinct text gets an index; the most frequent texts get the smallest indexes (ties in
//! text order), so the table and the references to it are deterministic and short. The table is
//! written as a `@texts N` section: text `i` is the `i`-th line after the section line (0-based).

use std::collections::{BTreeMap, HashMap};

/// Texts counted while the rows are built, then frozen into indexes.
#[derive(Debug, Default)]
pub struct TextCounter {
    /// Occurrences per text.
    counts: BTreeMap<String, usize>,
}

/// The frozen table.
#[derive(Debug)]
pub struct TextTable {
    /// Texts in index order.
    texts: Vec<String>,
    /// Text → index.
    index: HashMap<String, usize>,
}

impl TextCounter {
    /// Count one use of `text` (empty texts are not stored).
    pub fn add(&mut self, text: &str) {
        if !text.is_empty() {
            *self.counts.entry(text.to_owned()).or_insert(0) += 1;
        }
    }

    /// Freeze: most frequent first, ties by text.
    pub fn freeze(self) -> TextTable {
        let mut by_freq: Vec<(String, usize)> = self.counts.into_iter().collect();
        by_freq.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let texts: Vec<String> = by_freq.into_iter().map(|(t, _)| t).collect();
        let index = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        TextTable { texts, index }
    }
}

impl TextTable {
    /// The reference to `text`: its index as decimal text, or empty for an empty text.
    pub fn reference(&self, text: &str) -> Result<String, String> {
        if text.is_empty() {
            return Ok(String::new());
        }
        self.index
            .get(text)
            .map(|i| i.to_string())
            .ok_or_else(|| format!("text {text:?} was not counted"))
    }

    /// Append the `@texts N` section to `out`. Texts must not contain a line break or a tab.
    pub fn render(&self, out: &mut String) -> Result<(), String> {
        out.push_str(&format!("@texts\t{}\n", self.texts.len()));
        for text in &self.texts {
            if text.contains(['\n', '\r', '\t']) {
                return Err(format!("text {text:?} contains a tab or a line break"));
            }
            out.push_str(text);
            out.push('\n');
        }
        Ok(())
    }
}

/// Collapse every run of white space (including no-break spaces) into one space and trim.
pub fn normalize_space(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_frequent_first() {
        let mut c = TextCounter::default();
        for t in ["b", "a", "b", "c", "", "a", "b"] {
            c.add(t);
        }
        let table = c.freeze();
        assert_eq!(table.reference("b").unwrap(), "0");
        assert_eq!(table.reference("a").unwrap(), "1");
        assert_eq!(table.reference("c").unwrap(), "2");
        assert_eq!(table.reference("").unwrap(), "");
        assert!(table.reference("zzz").is_err());
        let mut out = String::new();
        table.render(&mut out).unwrap();
        assert_eq!(out, "@texts\t3\nb\na\nc\n");
    }

    #[test]
    fn rejects_tabs() {
        let mut c = TextCounter::default();
        c.add("a\tb");
        assert!(c.freeze().render(&mut String::new()).is_err());
    }

    #[test]
    fn spaces() {
        assert_eq!(normalize_space("  20%\u{a0} "), "20%");
        assert_eq!(normalize_space("9.00% +  EA\nMAX"), "9.00% + EA MAX");
        assert_eq!(normalize_space(""), "");
    }
}
