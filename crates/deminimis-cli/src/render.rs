//! Human-readable text for quotes, comparisons and timelines.

use deminimis::{Quote, Shipment, TimelineEntry, VatCollected};
use std::fmt::Write;

fn vat_words(q: &Quote) -> String {
    match q.vat.collected {
        VatCollected::AtSale => format!("{} (collected at sale, IOSS)", q.vat.amount),
        VatCollected::AtImport => format!("{} (collected at import)", q.vat.amount),
        VatCollected::None => format!("{} (none)", q.vat.amount),
    }
}

/// A quote as text.
pub fn quote(q: &Quote) -> String {
    let mut o = String::new();
    let c = &q.currency;
    let _ = writeln!(
        o,
        "Landed cost into {} on {} (rules {})",
        q.destination, q.date, q.rules_version
    );
    let _ = writeln!(o, "Regime      {}: {}", q.regime.id, q.regime.name);
    let _ = writeln!(o, "            {}", q.regime.legal_basis);
    let dm = &q.de_minimis;
    let threshold = match (&dm.threshold, &dm.threshold_currency) {
        (Some(t), Some(cur)) => format!("{t} {cur}"),
        _ => "none".to_string(),
    };
    let _ = writeln!(
        o,
        "De minimis  {} (threshold {threshold}, tested {})",
        if dm.applies {
            "APPLIES"
        } else {
            "does not apply"
        },
        dm.tested_value
    );
    let _ = writeln!(o, "            {}", dm.reason);
    let _ = writeln!(o, "Lines");
    for (i, l) in q.lines.iter().enumerate() {
        let _ = writeln!(
            o,
            "  {}. HS {} from {}: value {} {c}, customs value {} {c}",
            i + 1,
            l.hs_code,
            l.origin,
            l.value,
            l.customs_value
        );
        for d in &l.duties {
            let heading = d
                .heading
                .as_deref()
                .map(|h| format!(" [{h}]"))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "       {:<18} {:>10} on {:>10} = {:>10}{heading}",
                d.measure, d.rate, d.base, d.amount
            );
            let _ = writeln!(o, "         {}", d.legal_basis);
        }
        if let Some(r) = l.vat_rate {
            let _ = writeln!(
                o,
                "       {:<18} {:>10} = {:>10}",
                "vat",
                r.to_string(),
                l.vat
            );
        }
    }
    let _ = writeln!(o, "Goods       {} {c}", q.goods_value);
    let _ = writeln!(o, "Shipping    {} {c}", q.shipping);
    if !q.insurance.is_zero() {
        let _ = writeln!(o, "Insurance   {} {c}", q.insurance);
    }
    let _ = writeln!(o, "Duty        {} {c}", q.duty);
    let _ = writeln!(o, "VAT         {} {c}", vat_words(q));
    for f in &q.fees {
        let _ = writeln!(
            o,
            "Fee         {} {c}  {} ({})",
            f.amount, f.name, f.legal_basis
        );
    }
    let _ = writeln!(
        o,
        "Taxes+fees  {} {c}   due at import {} {c}",
        q.taxes_and_fees, q.due_at_import
    );
    let _ = writeln!(o, "LANDED COST {} {c}", q.landed_cost);
    for f in &q.fx {
        let date = f.rate_date.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(
            o,
            "FX          1 {} = {} {} ({date}; {})",
            f.from, f.rate, f.to, f.source
        );
    }
    for w in &q.warnings {
        let _ = writeln!(o, "Warning     [{}] {}", w.code, w.message);
    }
    o
}

/// One row; `currency` names the row's currency after the landed cost (when the rows' currencies
/// differ, e.g. across a euro changeover).
fn row(o: &mut String, q: &Quote, changes: &str, currency: bool) {
    let fees =
        deminimis::money::with_scale(q.fees.iter().map(|f| f.amount).sum(), q.landed_cost.scale());
    let landed = match currency {
        true => format!("{} {}", q.landed_cost, q.currency),
        false => q.landed_cost.to_string(),
    };
    let _ = writeln!(
        o,
        "{}  {:<26} {:>6} {:>9} {:>9} {:>7} {:>11}  {}",
        q.date,
        q.regime.id,
        if q.de_minimis.applies { "yes" } else { "no" },
        q.duty,
        q.vat.amount,
        fees,
        landed,
        changes
    );
}

/// The header, and whether the rows name their currency: the landed-cost column names the
/// currency when every row has the same one.
fn header<'q>(o: &mut String, mut quotes: impl Iterator<Item = &'q Quote>) -> bool {
    let first = quotes.next().map(|q| q.currency.as_str()).unwrap_or("");
    let mixed = quotes.any(|q| q.currency != first);
    let landed = match mixed {
        true => "landed".to_string(),
        false => format!("landed {first}"),
    };
    let _ = writeln!(
        o,
        "{:<10}  {:<26} {:>6} {:>9} {:>9} {:>7} {:>11}  what changed (- ended, + started)",
        "date", "regime", "exempt", "duty", "VAT", "fees", landed
    );
    mixed
}

/// Quotes at several dates as a table.
pub fn compare(qs: &[Quote]) -> String {
    let mut o = String::new();
    let mixed = header(&mut o, qs.iter());
    for q in qs {
        row(&mut o, q, "", mixed);
    }
    o
}

/// A timeline as a table.
pub fn timeline(s: &Shipment, t: &[TimelineEntry]) -> String {
    let mut o = String::new();
    let items: Vec<String> = s
        .items
        .iter()
        .map(|i| {
            format!(
                "{} × HS {} from {} at {} {}",
                i.quantity, i.hs_code, i.origin, i.unit_price, s.currency
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "Timeline into {} ({}, {}): {}",
        s.destination,
        s.mode.as_str(),
        s.kind.as_str(),
        items.join("; ")
    );
    let mixed = header(&mut o, t.iter().map(|e| &e.quote));
    for e in t {
        row(&mut o, &e.quote, &e.changes.join(", "), mixed);
    }
    o
}

/// A tariff lookup as text.
pub fn tariff(t: &deminimis::TariffRate, date: jiff::civil::Date) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} tariff, HS {} on {date}: {}",
        t.territory,
        t.code,
        t.rate.text()
    );
    let _ = writeln!(
        o,
        "Schedule    {} (from {}): {}",
        t.revision, t.valid_from, t.source
    );
    if let Some(c) = &t.column2 {
        let _ = writeln!(o, "Column 2    {c}");
    }
    if let Some(sp) = &t.special {
        let _ = writeln!(o, "Special     {sp}");
    }
    if let Some(u) = &t.units {
        let _ = writeln!(o, "Units       {u}");
    }
    if !t.ch99.is_empty() {
        let _ = writeln!(o, "Chapter 99  {}", t.ch99.join(", "));
    }
    if t.inherited {
        let _ = writeln!(
            o,
            "Inherited   the line states no rate; its parent's applies"
        );
    }
    for (code, message) in &t.warnings {
        let _ = writeln!(o, "Warning     [{code}] {message}");
    }
    o
}
