//! `deminimis._native`: the extension module inside the Python package `deminimis`.
//!
//! It converts and calls the core (`crates/deminimis`); it holds no rule and no arithmetic.
//! Python values go in through the JSON contract: a dict is written as JSON text ([`input`]) and
//! parsed by `Shipment::from_json`, so validation, error codes and paths are the core's own. Quotes
//! come out through the core's `Serialize` implementations ([`output`]), so the binding depends on
//! the contract's field names, not on the core's struct layout.

mod batch;
mod bench;

/// Every Rust allocation of the extension (quotes, their strings and vectors, on every worker
/// thread) goes through mimalloc; Python objects keep Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod errors;
mod input;
mod output;
mod release;
mod types;
mod workers;

use crate::errors::{binding_error, core_error};
use crate::output::py_date;
use crate::types::{rules_arg, shipment_arg, PyQuote, PyRuleSet, PyShipment};
use jiff::civil::Date;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

/// Read a date argument: a `datetime.date` or a `YYYY-MM-DD` string.
fn date_arg(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Date> {
    let text = obj.str()?;
    let text = text.to_cow()?;
    let well_formed = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
    let is_date_like = obj.is_instance_of::<PyString>()
        || (obj.is_instance_of::<pyo3::types::PyDate>()
            && !obj.is_instance_of::<pyo3::types::PyDateTime>());
    match text.parse::<Date>() {
        Ok(d) if well_formed && is_date_like => Ok(d),
        _ => Err(binding_error(
            py,
            "invalid_date",
            name,
            format!(
                "{name}: expected a date written YYYY-MM-DD, found {}",
                obj.repr()?.to_cow()?
            ),
        )),
    }
}

/// Today's date in UTC, the default end of a timeline (as the CLI's `--to`).
fn today() -> Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// Quote one shipment (a dict of the JSON contract or a `Shipment`) with the bundled rules, or
/// with `rules`.
#[pyfunction]
#[pyo3(signature = (shipment, *, rules=None))]
fn quote<'py>(
    py: Python<'py>,
    shipment: &Bound<'py, PyAny>,
    rules: Option<&Bound<'py, PyRuleSet>>,
) -> PyResult<Bound<'py, PyQuote>> {
    let rules = rules_arg(py, rules)?;
    let s = shipment_arg(py, shipment)?;
    let q = rules.quote(&s).map_err(|e| core_error(py, &e, None))?;
    PyQuote::complete(Box::new(q)).into_object(py)
}

/// Quote one shipment at each of `dates` (`datetime.date` or `YYYY-MM-DD`); explicit export and
/// sale dates move with the date.
#[pyfunction]
#[pyo3(signature = (shipment, dates, *, rules=None))]
fn compare<'py>(
    py: Python<'py>,
    shipment: &Bound<'py, PyAny>,
    dates: &Bound<'py, PyAny>,
    rules: Option<&Bound<'py, PyRuleSet>>,
) -> PyResult<Bound<'py, PyList>> {
    let rules = rules_arg(py, rules)?;
    let s = shipment_arg(py, shipment)?;
    // A string is iterable too: one date given alone would be read character by character.
    if dates.is_instance_of::<pyo3::types::PyString>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "dates: expected a list of dates, found the str {}",
            dates.repr()?
        )));
    }
    let dates = dates
        .try_iter()?
        .enumerate()
        .map(|(i, d)| date_arg(py, &d?, &format!("dates[{i}]")))
        .collect::<PyResult<Vec<Date>>>()?;
    let quotes = rules
        .compare(&s, &dates)
        .map_err(|e| core_error(py, &e, None))?;
    let objects = quotes
        .into_iter()
        .map(|q| PyQuote::complete(Box::new(q)).into_object(py))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, objects)
}

/// Every date in `[start, end]` at which a rule touching this shipment changes, each with the
/// quote from then on. `start` defaults to where the rule data starts, `end` to today (UTC).
#[pyfunction]
#[pyo3(signature = (shipment, start=None, end=None, *, rules=None))]
fn timeline<'py>(
    py: Python<'py>,
    shipment: &Bound<'py, PyAny>,
    start: Option<&Bound<'py, PyAny>>,
    end: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyRuleSet>>,
) -> PyResult<Bound<'py, PyList>> {
    let rules = rules_arg(py, rules)?;
    let s = shipment_arg(py, shipment)?;
    let from = match start {
        Some(d) => date_arg(py, d, "start")?,
        None => rules.data_starts(),
    };
    let to = match end {
        Some(d) => date_arg(py, d, "end")?,
        None => today(),
    };
    let entries = rules
        .timeline(&s, from, to)
        .map_err(|e| core_error(py, &e, None))?;
    let entry_type = py.import("deminimis._records")?.getattr("TimelineEntry")?;
    let out = PyList::empty(py);
    for e in entries {
        let date = py_date(py, &e.date.to_string())?;
        let changes = PyList::new(py, &e.changes)?;
        let quote = PyQuote::complete(Box::new(e.quote)).into_object(py)?;
        out.append(entry_type.call1((date, changes, quote))?)?;
    }
    Ok(out)
}

/// The ordinary duty rate of `hs_code` in the bundled tariff of `destination` on `date` (the US
/// HTS column 1 general rate; the EU erga omnes rate), with the schedule revision it comes from.
#[pyfunction]
#[pyo3(signature = (destination, hs_code, date, *, rules=None))]
fn tariff<'py>(
    py: Python<'py>,
    destination: &str,
    hs_code: &str,
    date: &Bound<'py, PyAny>,
    rules: Option<&Bound<'py, PyRuleSet>>,
) -> PyResult<Bound<'py, PyAny>> {
    let rules = rules_arg(py, rules)?;
    let date = date_arg(py, date, "date")?;
    let t = rules
        .tariff(destination, hs_code, date)
        .map_err(|e| core_error(py, &e, None))?;
    // The core's TariffRate has no serde form: its public fields are read one by one here.
    let mapping = match t.mapping {
        deminimis::tariff::schedule::Mapping::Exact => "exact",
        deminimis::tariff::schedule::Mapping::Mapped => "mapped",
        deminimis::tariff::schedule::Mapping::Fallback => "fallback",
        deminimis::tariff::schedule::Mapping::Ambiguous => "ambiguous",
        deminimis::tariff::schedule::Mapping::Unresolved => "unresolved",
    };
    let records = py.import("deminimis._records")?;
    let warning = records.getattr("QuoteWarning")?;
    let warnings = PyList::empty(py);
    for (code, message) in &t.warnings {
        warnings.append(warning.call1((code, message))?)?;
    }
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("territory", &t.territory)?;
    kwargs.set_item("code", &t.code)?;
    kwargs.set_item("rate", t.rate.text())?;
    kwargs.set_item("is_free", t.rate.is_free())?;
    kwargs.set_item("revision", &t.revision)?;
    kwargs.set_item("valid_from", py_date(py, &t.valid_from.to_string())?)?;
    kwargs.set_item("source", &t.source)?;
    kwargs.set_item("mapping", mapping)?;
    kwargs.set_item("mapped_from", &t.mapped_from)?;
    kwargs.set_item("inherited", t.inherited)?;
    kwargs.set_item("column2", &t.column2)?;
    kwargs.set_item("special", &t.special)?;
    kwargs.set_item("units", &t.units)?;
    kwargs.set_item("ch99", PyList::new(py, &t.ch99)?)?;
    kwargs.set_item("warnings", warnings)?;
    records.getattr("TariffRate")?.call((), Some(&kwargs))
}

/// The extension module. Its public face is the `deminimis` package, which re-exports it.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyShipment>()?;
    m.add_class::<PyQuote>()?;
    m.add_class::<PyRuleSet>()?;
    m.add_function(wrap_pyfunction!(quote, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(timeline, m)?)?;
    m.add_function(wrap_pyfunction!(tariff, m)?)?;
    m.add_function(wrap_pyfunction!(batch::quote_many, m)?)?;
    m.add_function(wrap_pyfunction!(batch::quote_table, m)?)?;
    m.add_function(wrap_pyfunction!(bench::_run_quotes, m)?)?;
    m.add_function(wrap_pyfunction!(bench::_run_batch, m)?)?;
    m.add_function(wrap_pyfunction!(bench::_settle_releases, m)?)?;
    m.add("ERROR_CODES", deminimis::Error::ALL_CODES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
