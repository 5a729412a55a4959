//! Small validators and normalisers for dates and decimal text.

/// Whether `s` looks like a civil date `YYYY-MM-DD` (month 01-12, day 01-31).
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    matches!(m.parse::<u32>(), Ok(1..=12)) && matches!(d.parse::<u32>(), Ok(1..=31))
}

/// Normalise a non-negative decimal number written as text: `"20.0"` → `"20"`, `"19.60"` →
/// `"19.6"`, `"025"` → `"25"`. `None` if `s` is not plain decimal text.
pub fn normalize_decimal(s: &str) -> Option<String> {
    let s = s.trim();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !all_digits(int)
        || !all_digits(frac)
        || (s.contains('.') && frac.is_empty())
    {
        return None;
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2025-04-09"));
        assert!(is_date("0000-01-01"));
        assert!(!is_date("2025-4-09"));
        assert!(!is_date("2025-13-01"));
        assert!(!is_date("2025-04-09T00:00"));
        assert!(!is_date(""));
    }

    #[test]
    fn decimals() {
        assert_eq!(normalize_decimal("20").as_deref(), Some("20"));
        assert_eq!(normalize_decimal("20.0").as_deref(), Some("20"));
        assert_eq!(normalize_decimal("19.60").as_deref(), Some("19.6"));
        assert_eq!(normalize_decimal("025.5").as_deref(), Some("25.5"));
        assert_eq!(normalize_decimal("0").as_deref(), Some("0"));
        assert_eq!(normalize_decimal("0.5").as_deref(), Some("0.5"));
        assert_eq!(normalize_decimal("1e3"), None);
        assert_eq!(normalize_decimal("-1"), None);
        assert_eq!(normalize_decimal("1."), None);
        assert_eq!(normalize_decimal(".5"), None);
        assert_eq!(normalize_decimal(""), None);
    }
}
