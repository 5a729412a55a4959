//! The duty-layer index, built once per rule set: for every origin, the layer rows that may apply
//! to its goods (rows naming it, `*` rows, and `EU` rows for a member state), with the origin test
//! already made and the rows with a product list filed under that list; and for every row, what a
//! quote needs of it in a form that is cheap to compare (its measure and lists as numbers, its rate
//! as the quote shows it).
//!
//! A quote then looks at the rows without a product list plus the rows of the lists its HS code is
//! on, instead of every row that names the origin. An origin's candidates are filed the first
//! time a quote asks for them (most rule sets quote goods of a few origins, and the rules load
//! faster without filing all 250); threads quoting at once share the result.

use super::{DutyLayerRule, ProductList, StackingRule};
use crate::engine::origin_matches;
use crate::text::Text;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// A layer row that may apply to goods of an origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Index of the row in `duty_layers`.
    pub index: usize,
    /// Whether the row names the origin (or the EU, for a member state) rather than `*`.
    pub specific: bool,
}

/// The candidate rows of one origin, in row order.
#[derive(Debug, Clone, Default)]
pub(crate) struct OriginLayers {
    /// Rows without a product list.
    pub general: Vec<Candidate>,
    /// Product list index → the rows with that list.
    pub by_list: FxHashMap<usize, Vec<Candidate>>,
}

/// What a quote needs of a layer row, precomputed.
#[derive(Debug, Clone)]
pub(crate) struct LayerMeta {
    /// The row is a US measure.
    pub us: bool,
    /// The row's measure, as a number shared by every row of that measure.
    pub measure: usize,
    /// Indexes of the product lists whose goods the row leaves out.
    pub except_lists: Vec<usize>,
    /// The row's rate as quotes show it (e.g. `"7.5%"`).
    pub rate_text: Text,
}

/// The duty-layer index of a rule set.
#[derive(Debug, Clone, Default)]
pub(crate) struct LayerIndex {
    meta: Vec<LayerMeta>,
    /// Measure → indexes of the stacking rows about it.
    stacking: Vec<Vec<usize>>,
    /// Stacking row → the measures (as numbers) it gives way to, and those whose part of the
    /// value it spares (`usize::MAX` for a measure no layer row has: never present).
    stacking_measures: Vec<(Vec<usize>, Vec<usize>)>,
    /// Origin → its candidates when it is not, and when it is, an EU member on the date (filed
    /// on first use).
    by_origin: FxHashMap<String, [OnceLock<OriginLayers>; 2]>,
    /// Origin (or `*`, `EU`) → the rows naming it.
    naming: FxHashMap<String, Vec<usize>>,
    /// Per row: its product list (`None`: no list; `Some(None)`: a list that is unknown).
    list_of: Vec<Option<Option<usize>>>,
}

impl LayerIndex {
    /// Index `layers` for every country in `countries`, and the `stacking` rows by measure.
    pub fn new(
        layers: &[DutyLayerRule],
        lists: &[ProductList],
        stacking: &[StackingRule],
        countries: &[String],
    ) -> Self {
        let list_index: FxHashMap<&str, usize> = lists
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        let mut measures: Vec<&str> = Vec::new();
        let mut meta = Vec::with_capacity(layers.len());
        // A row whose product list is unknown can cover no goods (the validator reports it).
        let mut list_of: Vec<Option<Option<usize>>> = Vec::with_capacity(layers.len());
        for l in layers {
            let measure = match measures.iter().position(|m| *m == &*l.measure) {
                Some(p) => p,
                None => {
                    measures.push(&l.measure);
                    measures.len() - 1
                }
            };
            meta.push(LayerMeta {
                us: l.territory == "US",
                measure,
                except_lists: l
                    .except_products
                    .iter()
                    .filter_map(|p| list_index.get(p.as_str()).copied())
                    .collect(),
                rate_text: Text::of_rules(l.rate.to_string()),
            });
            list_of.push(l.products.as_deref().map(|p| list_index.get(p).copied()));
        }
        let mut naming: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, l) in layers.iter().enumerate() {
            for o in &l.origins {
                naming.entry(o.clone()).or_default().push(i);
            }
        }
        let by_origin = countries
            .iter()
            .map(|c| (c.clone(), [OnceLock::new(), OnceLock::new()]))
            .collect();
        let id = |name: &str| {
            measures
                .iter()
                .position(|m| *m == name)
                .unwrap_or(usize::MAX)
        };
        let stacking_measures = stacking
            .iter()
            .map(|r| {
                (
                    r.excluded_by.iter().map(|m| id(m)).collect(),
                    r.not_on_portion_of.iter().map(|m| id(m)).collect(),
                )
            })
            .collect();
        let stacking = measures
            .iter()
            .map(|m| {
                stacking
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.measure == *m)
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        LayerIndex {
            meta,
            stacking,
            stacking_measures,
            by_origin,
            naming,
            list_of,
        }
    }

    /// File the candidates of `country` among `layers` (the rows this index was built from).
    fn file(&self, layers: &[DutyLayerRule], country: &str, eu: bool) -> OriginLayers {
        let parts: &[&str] = if eu {
            &[country, "*", "EU"]
        } else {
            &[country, "*"]
        };
        let mut rows: Vec<usize> = parts
            .iter()
            .flat_map(|p| self.naming.get(*p).into_iter().flatten().copied())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let mut out = OriginLayers::default();
        for index in rows {
            let Some(l) = layers.get(index) else {
                continue;
            };
            let Some(specific) = origin_matches(&l.origins, &l.except_origins, country, eu) else {
                continue;
            };
            let c = Candidate { index, specific };
            match self.list_of.get(index).copied().flatten() {
                None => out.general.push(c),
                Some(Some(list)) => out.by_list.entry(list).or_default().push(c),
                Some(None) => {}
            }
        }
        out
    }

    /// The measures (numbers) stacking row `row` gives way to, and those whose part it spares.
    pub fn stacking_measures(&self, row: usize) -> (&[usize], &[usize]) {
        self.stacking_measures
            .get(row)
            .map_or((&[], &[]), |(by, spare)| (by.as_slice(), spare.as_slice()))
    }

    /// Indexes of the stacking rows about `measure` (a [`LayerMeta::measure`]).
    pub fn stacking_rows(&self, measure: usize) -> &[usize] {
        self.stacking.get(measure).map_or(&[], Vec::as_slice)
    }

    /// The candidates of `origin` among `layers`, the rows this index was built from
    /// (`eu_member`: the origin is an EU member on the quote's date).
    pub fn origin(
        &self,
        layers: &[DutyLayerRule],
        origin: &str,
        eu_member: bool,
    ) -> Option<&OriginLayers> {
        let [plain, eu] = self.by_origin.get(origin)?;
        let cell = if eu_member { eu } else { plain };
        Some(cell.get_or_init(|| self.file(layers, origin, eu_member)))
    }

    /// What a quote needs of the row at `index`.
    pub fn meta(&self, index: usize) -> Option<&LayerMeta> {
        self.meta.get(index)
    }
}

#[cfg(test)]
mod tests {
    use crate::RuleSet;

    #[test]
    fn every_row_naming_an_origin_is_filed_once_and_in_row_order() {
        let rules = RuleSet::bundled();
        assert!(rules.is_ok());
        let Ok(rules) = rules else { return };
        let layers = &rules.data().duty_layers;
        for (origin, eu) in [("CN", false), ("DE", true), ("CA", false), ("BR", false)] {
            let ol = rules.layers.origin(layers, origin, eu);
            assert!(ol.is_some(), "{origin} is indexed");
            let Some(ol) = ol else { return };
            let mut seen: Vec<usize> = ol.general.iter().map(|c| c.index).collect();
            assert!(seen.is_sorted());
            for rows in ol.by_list.values() {
                assert!(rows.is_sorted_by_key(|c| c.index));
                seen.extend(rows.iter().map(|c| c.index));
            }
            let mut expected: Vec<usize> = layers
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    crate::engine::origin_matches(&l.origins, &l.except_origins, origin, eu)
                        .is_some()
                })
                .map(|(i, _)| i)
                .collect();
            seen.sort_unstable();
            expected.sort_unstable();
            assert_eq!(seen, expected, "{origin}");
        }
    }
}
