//! Rows filed by the HS-code prefixes they name (product lists, exclusions): the rows whose
//! prefixes begin a code are found by one lookup per length of the code's prefixes, each keyed
//! by a number rather than a string (the key tariff lines are searched on,
//! [`code_key`]).

use crate::tariff::schedule::code_key;
use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

/// Rows (indexes into their family) by the digit prefixes they name.
#[derive(Debug, Clone, Default)]
pub(crate) struct PrefixIndex {
    rows: HashMap<u64, SmallVec<[usize; 2]>>,
    /// The shortest and longest prefix filed: lengths outside are not looked up.
    lengths: (usize, usize),
}

impl PrefixIndex {
    /// File each row under each of its prefixes. A prefix that has no key (not 1-10 digits) is
    /// not filed: no code (always 6-10 digits) could begin with it.
    pub fn new<'a>(rows: impl IntoIterator<Item = (usize, &'a [String])>) -> PrefixIndex {
        let mut index = PrefixIndex {
            rows: HashMap::default(),
            lengths: (usize::MAX, 0),
        };
        for (row, prefixes) in rows {
            for p in prefixes {
                let Some(k) = code_key(p) else { continue };
                let filed = index.rows.entry(k).or_default();
                if !filed.contains(&row) {
                    filed.push(row);
                }
                index.lengths = (index.lengths.0.min(p.len()), index.lengths.1.max(p.len()));
            }
        }
        index
    }

    /// The rows with a prefix that begins `code`, shortest prefix first (a row may come more
    /// than once, under several of its prefixes).
    pub fn matching<'a>(&'a self, code: &'a str) -> impl Iterator<Item = usize> + 'a {
        let (shortest, longest) = self.lengths;
        (shortest..=longest.min(code.len()))
            .filter_map(move |n| code.get(..n))
            .filter_map(code_key)
            .filter_map(|k| self.rows.get(&k))
            .flatten()
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{code_key, PrefixIndex};

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_the_rows_whose_prefixes_begin_the_code() {
        let a = strings(&["61", "6205"]);
        let b = strings(&["610910", "x1"]);
        let c = strings(&["0610"]);
        let index = PrefixIndex::new([(0, a.as_slice()), (1, b.as_slice()), (2, c.as_slice())]);
        assert_eq!(index.matching("6109100010").collect::<Vec<_>>(), [0, 1]);
        assert_eq!(index.matching("62052000").collect::<Vec<_>>(), [0]);
        // Leading zeros count: "0610" is not "610".
        assert_eq!(index.matching("061010").collect::<Vec<_>>(), [2]);
        assert_eq!(
            index.matching("710000").collect::<Vec<_>>(),
            Vec::<usize>::new()
        );
        assert!(index.matching("").next().is_none());
        assert!(index.matching("6x09").next().is_none());
    }

    #[test]
    fn keys_tell_lengths_apart_and_refuse_non_digits() {
        assert_ne!(code_key("06"), code_key("6"));
        assert_eq!(code_key("12a"), None);
        assert_eq!(code_key(""), None);
        assert_eq!(code_key(&"9".repeat(40)), None);
    }

    proptest::proptest! {
        /// The index gives exactly the rows a scan with `starts_with` gives.
        #[test]
        fn agrees_with_a_scan(
            lists in proptest::collection::vec(proptest::collection::vec("[0-9]{1,10}", 0..4), 0..8),
            code in "[0-9]{6,10}",
        ) {
            let index = PrefixIndex::new(lists.iter().enumerate().map(|(i, l)| (i, l.as_slice())));
            let mut found: Vec<usize> = index.matching(&code).collect();
            found.sort_unstable();
            found.dedup();
            let scanned: Vec<usize> = lists
                .iter()
                .enumerate()
                .filter(|(_, l)| l.iter().any(|p| code.starts_with(p.as_str())))
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(found, scanned);
        }
    }
}
