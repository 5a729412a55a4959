//! Short human labels of rule rows, made from the rows' own fields (for timelines: what started
//! or ended on a date).

use super::model::{Dated, LayerMethod, RuleData};

impl RuleData {
    /// A short label of the row with this id, from its fields: a duty layer's measure and rate,
    /// a threshold's test and amount, a fee's name and amount, a VAT rate, a regime's name...
    /// `None` for an id no row has.
    ///
    /// # Example
    /// ```
    /// let r = deminimis::RuleSet::bundled().unwrap();
    /// assert_eq!(r.data().label("US-DM-02").as_deref(), Some("us_de_minimis 800.00 USD"));
    /// assert_eq!(r.data().label("IE-CN-F2").as_deref(), Some("ieepa_fentanyl 20%"));
    /// assert_eq!(r.data().label("VAT-DE-2020-07-01").as_deref(), Some("VAT 16%"));
    /// assert_eq!(r.data().label("no such row"), None);
    /// ```
    pub fn label(&self, id: &str) -> Option<String> {
        fn find<'a, T: Dated>(rows: &'a [T], id: &str) -> Option<&'a T> {
            rows.iter().find(|r| r.id() == id)
        }
        if let Some(r) = find(&self.regimes, id) {
            return Some(format!("regime: {}", r.name));
        }
        if let Some(t) = find(&self.thresholds, id) {
            let rate = t.rate.map(|r| format!(" at {r}")).unwrap_or_default();
            return Some(format!("{} {} {}{rate}", t.test, t.amount, t.currency));
        }
        if let Some(s) = find(&self.suspensions, id) {
            return Some(format!("{} suspended", s.test));
        }
        if let Some(e) = find(&self.exclusions, id) {
            return Some(format!(
                "{} excluded from {}",
                e.category,
                e.tests.join(", ")
            ));
        }
        if let Some(l) = find(&self.duty_layers, id) {
            return Some(match l.method {
                LayerMethod::Add => format!("{} {}", l.measure, l.rate),
                LayerMethod::TopUpTo => format!("{} up to {}", l.measure, l.rate),
                LayerMethod::Exempt => format!("{} exemption", l.measure),
            });
        }
        if let Some(p) = find(&self.postal_duties, id) {
            return Some(format!("postal duties ({})", p.heading));
        }
        if let Some(f) = find(&self.flat_duties, id) {
            return Some(format!(
                "flat duty {} {} per item up to {} {}",
                f.amount, f.currency, f.max_value, f.currency
            ));
        }
        if let Some(f) = find(&self.fees, id) {
            return Some(match (f.amount, f.rate) {
                (Some(a), _) => format!("{} {} {}", f.name, a, f.currency),
                (None, Some(r)) => format!("{} {}", f.name, r),
                (None, None) => f.name.to_string(),
            });
        }
        if let Some(v) = find(&self.vat_rates, id) {
            return Some(format!("VAT {}", v.rate));
        }
        if let Some(s) = find(&self.stacking, id) {
            return Some(format!("{} stacking exception", s.measure));
        }
        if let Some(f) = find(&self.fixed_rates, id) {
            return Some(format!("1 EUR = {} {}", f.per_eur, f.currency));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::Dated;
    use crate::RuleSet;

    fn ids<T: Dated>(rows: &[T]) -> impl Iterator<Item = &str> {
        rows.iter().map(|r| r.id())
    }

    /// Every row of the bundled rules has a label, and no label is empty.
    #[test]
    fn every_bundled_row_has_a_label() {
        let rules = RuleSet::bundled().unwrap();
        let d = rules.data();
        let all: Vec<&str> = ids(&d.regimes)
            .chain(ids(&d.thresholds))
            .chain(ids(&d.suspensions))
            .chain(ids(&d.exclusions))
            .chain(ids(&d.duty_layers))
            .chain(ids(&d.postal_duties))
            .chain(ids(&d.flat_duties))
            .chain(ids(&d.fees))
            .chain(ids(&d.vat_rates))
            .chain(ids(&d.stacking))
            .chain(ids(&d.fixed_rates))
            .collect();
        assert!(all.len() > 100, "{}", all.len());
        for id in all {
            let label = d.label(id).unwrap_or_default();
            assert!(!label.trim().is_empty(), "{id}");
        }
    }

    #[test]
    fn labels_name_the_rows_numbers() {
        let rules = RuleSet::bundled().unwrap();
        let d = rules.data();
        let label = |id: &str| d.label(id).unwrap();
        assert_eq!(label("US-DM-07"), "us_de_minimis suspended");
        assert_eq!(label("EU-F-01"), "eu_gift_flat_rate 700.00 EUR at 2.5%");
        assert_eq!(
            label("EU-D-03"),
            "flat duty 3.00 EUR per item up to 150.00 EUR"
        );
        assert_eq!(
            label("STACK-RECIP-2"),
            "ieepa_reciprocal stacking exception"
        );
        assert_eq!(label("US-PO-03"), "postal duties (EO 14324 postal duty)");
        assert_eq!(
            label("HF-IT"),
            "Italy: contributo for customs administrative costs 2.00 EUR"
        );
        assert_eq!(
            label("us-s321-800"),
            format!(
                "regime: {}",
                d.regimes
                    .iter()
                    .find(|r| r.id == "us-s321-800")
                    .unwrap()
                    .name
            )
        );
        let top_up = d
            .duty_layers
            .iter()
            .find(|l| l.method == super::LayerMethod::TopUpTo)
            .unwrap();
        assert!(
            label(&top_up.id).contains(" up to "),
            "{}",
            label(&top_up.id)
        );
    }
}
