//! "In force on date D", indexed: for each family of dated rows, the dates at which its set of
//! rows in force changes, and that set between one such date and the next. A quote finds its
//! rows with one binary search instead of testing every row of the family; the rows come in the
//! family's order, exactly as [`super::in_force`] gives them (a test checks both agree).

use super::{Dated, RuleData};
use jiff::civil::Date;

/// The rows of one family in force between consecutive change dates.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateIndex {
    /// Every date a row of the family starts or stops being in force, sorted.
    changes: Vec<Date>,
    /// `sets[k]`: the rows in force from `changes[k - 1]` until `changes[k]` (`sets[0]`: before
    /// the first change, when no row is in force).
    sets: Vec<Vec<usize>>,
}

impl DateIndex {
    fn new<T: Dated>(rows: &[T]) -> DateIndex {
        let mut changes: Vec<Date> = rows
            .iter()
            .flat_map(|r| std::iter::once(r.valid_from()).chain(r.valid_to()))
            .collect();
        changes.sort_unstable();
        changes.dedup();
        let mut sets = vec![Vec::new()];
        for &from in &changes {
            sets.push(
                rows.iter()
                    .enumerate()
                    .filter(|(_, r)| r.in_force(from))
                    .map(|(i, _)| i)
                    .collect(),
            );
        }
        DateIndex { changes, sets }
    }

    /// The rows of `rows` (the family this index was built from) in force on `date`.
    fn rows<'a, T>(&'a self, rows: &'a [T], date: Date) -> impl Iterator<Item = &'a T> + 'a {
        let k = self.changes.partition_point(|d| *d <= date);
        self.sets
            .get(k)
            .into_iter()
            .flatten()
            .filter_map(|&i| rows.get(i))
    }
}

macro_rules! dated_families {
    ($($field:ident: $ty:ty => $on:ident),* $(,)?) => {
        /// The date index of every family a quote looks up by date.
        #[derive(Debug, Clone, Default)]
        pub(crate) struct DatedFamilies {
            $($field: DateIndex,)*
        }

        impl DatedFamilies {
            pub fn new(d: &RuleData) -> Self {
                DatedFamilies {
                    $($field: DateIndex::new(&d.$field),)*
                }
            }
        }

        impl super::RuleSet {
            $(
                #[doc = concat!("The `", stringify!($field), "` rows in force on `date`, in the rules' order.")]
                pub(crate) fn $on(&self, date: Date) -> impl Iterator<Item = &$ty> + '_ {
                    self.dated.$field.rows(&self.data.$field, date)
                }
            )*
        }

        #[cfg(test)]
        mod tests {
            use crate::rules::{in_force, Dated};
            use crate::RuleSet;

            /// Every change date of every family, the day before and the day itself.
            #[test]
            fn the_index_gives_what_a_scan_gives() {
                let rules = RuleSet::bundled();
                assert!(rules.is_ok());
                let Ok(rules) = rules else { return };
                let d = rules.data();
                $(
                    for row in &d.$field {
                        for date in std::iter::once(row.valid_from()).chain(row.valid_to()) {
                            for day in [date.yesterday().unwrap_or(date), date] {
                                let indexed: Vec<&str> = rules.$on(day).map(|r| r.id()).collect();
                                let scanned: Vec<&str> = in_force(&d.$field, day).map(|r| r.id()).collect();
                                assert_eq!(indexed, scanned, "{} on {day}", stringify!($field));
                            }
                        }
                    }
                )*
            }
        }
    };
}

dated_families! {
    regimes: super::RegimeRule => regimes_on,
    thresholds: super::ThresholdRule => thresholds_on,
    suspensions: super::SuspensionRule => suspensions_on,
    postal_duties: super::PostalRule => postal_duties_on,
    flat_duties: super::FlatDutyRule => flat_duties_on,
    fixed_rates: super::FixedRateRule => fixed_rates_on,
}
