//! Sharing amounts out over lines, and the whole-dollar values of 19 CFR 159.3.

use crate::money::to_minor;
use crate::percent::Percent;
use rust_decimal::Decimal;
use smallvec::SmallVec;
use std::cmp::Ordering;

/// Amounts per group or line (inline up to four: most parcels have few lines).
pub(crate) type Amounts = SmallVec<[Decimal; 4]>;

/// Index of the line with the largest value (the first on a tie).
pub(crate) fn largest(values: &[Decimal]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(best).is_some_and(|b| v > b) {
            best = i;
        }
    }
    best
}

/// Share `total` over lines pro rata to `values`, each share rounded half up to `minor` places;
/// any difference left by rounding goes to the line of largest value.
pub(crate) fn pro_rata(total: Decimal, values: &[Decimal], minor: u32) -> Amounts {
    // One line takes the whole amount (the general path gives the same: its share and the
    // rounding difference add up to `total`), without a decimal division.
    if let [_] = values {
        return smallvec::smallvec![total];
    }
    let sum: Decimal = values.iter().sum();
    let mut shares: Amounts = if sum.is_zero() {
        values.iter().map(|_| Decimal::ZERO).collect()
    } else {
        // `total × value / sum`; where the product of two large amounts would leave `Decimal`'s
        // range, `total × (value / sum)` (a share of at most 1, so it cannot).
        values
            .iter()
            .map(|v| {
                let share = total
                    .checked_mul(*v)
                    .map_or_else(|| total * (*v / sum), |p| p / sum);
                to_minor(share, minor)
            })
            .collect()
    };
    let diff = total - shares.iter().sum::<Decimal>();
    if let Some(s) = shares.get_mut(largest(values)) {
        *s += diff;
    }
    shares
}

/// Whole-dollar dutiable values per 19 CFR 159.3(a).
///
/// `groups` holds each rate group's value (all lines on the invoice with the same rate stack form
/// one group) and its total rate. Every group starts from its value with the cents dropped; then
/// fractions are taken up, largest first (on a tie, the group with the lower rate first), until the
/// sum equals the invoice total rounded half up to whole dollars.
pub(crate) fn whole_dollar_groups(groups: &[(Decimal, Percent)]) -> Amounts {
    // One group (most parcels): its value rounded half up, which the general path also gives.
    if let [(value, _)] = groups {
        return smallvec::smallvec![to_minor(*value, 0)];
    }
    let total: Decimal = groups.iter().map(|(v, _)| *v).sum();
    let target = to_minor(total, 0);
    let mut out: Amounts = groups.iter().map(|(v, _)| v.trunc()).collect();
    let mut order: SmallVec<[usize; 4]> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (va, ra) = groups.get(a).copied().unwrap_or_default();
        let (vb, rb) = groups.get(b).copied().unwrap_or_default();
        vb.fract()
            .cmp(&va.fract())
            .then(ra.cmp(&rb))
            .then(a.cmp(&b))
    });
    let mut missing = target - out.iter().sum::<Decimal>();
    for i in order {
        if missing <= Decimal::ZERO {
            break;
        }
        let has_fraction = groups.get(i).is_some_and(|(v, _)| !v.fract().is_zero());
        if has_fraction {
            if let Some(o) = out.get_mut(i) {
                *o += Decimal::ONE;
                missing -= Decimal::ONE;
            }
        }
    }
    out
}

/// Share a group's whole-dollar value over its lines: each line's value with cents dropped, then
/// the remaining dollars to the lines with the largest fractions (then the larger value, then the
/// earlier line).
pub(crate) fn whole_dollar_lines(group_dollars: Decimal, values: &[Decimal]) -> Amounts {
    // A group of one line: the line has the group's dollars, as the general path gives it.
    if values.len() == 1 {
        return smallvec::smallvec![group_dollars];
    }
    let mut out: Amounts = values.iter().map(|v| v.trunc()).collect();
    let mut order: SmallVec<[usize; 4]> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let va = values.get(a).copied().unwrap_or_default();
        let vb = values.get(b).copied().unwrap_or_default();
        match vb.fract().cmp(&va.fract()) {
            Ordering::Equal => vb.cmp(&va).then(a.cmp(&b)),
            o => o,
        }
    });
    let mut missing = group_dollars - out.iter().sum::<Decimal>();
    let mut k = 0;
    while missing > Decimal::ZERO && !order.is_empty() {
        let i = order.get(k % order.len()).copied().unwrap_or(0);
        if let Some(o) = out.get_mut(i) {
            *o += Decimal::ONE;
        }
        missing -= Decimal::ONE;
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn p(s: &str) -> Percent {
        s.parse().unwrap()
    }

    #[test]
    fn pro_rata_of_one_line_is_the_whole_amount() {
        // What the general path gives: the rounded share plus the difference left.
        for (total, value) in [
            ("4.99", "25.99"),
            ("10.00", "0"),
            ("0.005", "3"),
            ("7", "0.01"),
        ] {
            let (total, value) = (d(total), d(value));
            let general = {
                let share = if value.is_zero() {
                    Decimal::ZERO
                } else {
                    to_minor(total * value / value, 2)
                };
                share + (total - share)
            };
            assert_eq!(*pro_rata(total, &[value], 2), vec![general]);
            assert_eq!(general, total);
        }
    }

    #[test]
    fn pro_rata_gives_the_rounding_cent_to_the_largest_line() {
        let shares = pro_rata(d("10.00"), &[d("1"), d("1"), d("1")], 2);
        assert_eq!(*shares, vec![d("3.34"), d("3.33"), d("3.33")]);
        let shares = pro_rata(d("10.00"), &[d("1"), d("5"), d("1")], 2);
        assert_eq!(shares.iter().sum::<Decimal>(), d("10.00"));
        assert_eq!(shares[1], d("7.14"));
    }

    #[test]
    fn whole_dollars_follow_159_3() {
        // 10.60 + 20.60 = 31.20 -> 31: from 10 + 20, one dollar is taken up; the fractions tie,
        // so the group at the lower rate (5%) takes it.
        assert_eq!(
            *whole_dollar_groups(&[(d("10.60"), p("5%")), (d("20.60"), p("10%"))]),
            vec![d("11"), d("20")]
        );
        // 10.20 + 20.30 = 30.50 -> 31: the larger fraction (0.30) is taken up.
        assert_eq!(
            *whole_dollar_groups(&[(d("10.20"), p("5%")), (d("20.30"), p("10%"))]),
            vec![d("10"), d("21")]
        );
        // 10.40 + 20.90 = 31.30 -> 31: only the larger fraction (0.90) is taken up.
        assert_eq!(
            *whole_dollar_groups(&[(d("10.40"), p("5%")), (d("20.90"), p("10%"))]),
            vec![d("10"), d("21")]
        );
        // 10.70 + 20.90 = 31.60 -> 32: both are taken up.
        assert_eq!(
            *whole_dollar_groups(&[(d("10.70"), p("5%")), (d("20.90"), p("10%"))]),
            vec![d("11"), d("21")]
        );
        // tie on fraction: the lower rate is taken up first.
        assert_eq!(
            *whole_dollar_groups(&[(d("10.80"), p("10%")), (d("20.80"), p("5%"))]),
            vec![d("11"), d("21")]
        );
        assert_eq!(
            *whole_dollar_groups(&[(d("10.50"), p("10%")), (d("20.50"), p("5%"))]),
            vec![d("10"), d("21")]
        );
        // a single group rounds half up.
        assert_eq!(
            *whole_dollar_groups(&[(d("12.50"), p("5%"))]),
            vec![d("13")]
        );
        assert_eq!(
            *whole_dollar_groups(&[(d("12.49"), p("5%"))]),
            vec![d("12")]
        );
    }

    #[test]
    fn group_dollars_are_shared_by_fraction() {
        assert_eq!(
            *whole_dollar_lines(d("31"), &[d("10.60"), d("20.70")]),
            vec![d("10"), d("21")]
        );
    }
}
