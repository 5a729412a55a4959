//! Batches: `quote_many` (a list of shipments → a list of quotes) and `quote_table` (columns of a
//! DataFrame → columns of results). Python values are read in chunks with the interpreter
//! attached; each chunk goes to the rayon pool as soon as it is read, so the core parses and
//! quotes on every core while the next chunk is read ([`pipelined`]); then the interpreter is
//! released until the last chunk is done. Results come back in input order.

use crate::errors::{core_error, exception, input_error, input_exception, problems, Problem3};
use crate::input::{member_prefix, write_value_at, InputError};

/// How many dicts and lists enclose a column's value in its shipment: an item column's sits in
/// the document, its `items` list and the item (a shipment column's, one fewer: counted alike, the
/// depth bound is two levels stricter there).
const CELL_DEPTH: usize = 3;
use crate::output::{pick, py_decimal, Scalar};
use crate::types::{rules_handle, Job, PyQuote, PyRuleSet};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::collections::BTreeMap;
use std::sync::{mpsc, Arc};

/// Jobs per chunk handed to the pool: large enough that spawning is negligible, small enough
/// that the pool starts while the interpreter still reads values.
const CHUNK: usize = 256;

/// Read jobs with `next_chunk` (interpreter attached) and run `work` on each chunk on the rayon
/// pool as soon as it is read; hand the results to `sink` in the order of the jobs, as soon as
/// they are done: between chunks while reading, then waiting with the interpreter released. The
/// interpreter builds the result objects of the first chunks while the pool quotes the last ones.
/// An error of `sink` stops the batch (chunks still running finish unseen).
fn pipelined<J, O, W>(
    py: Python<'_>,
    mut next_chunk: impl FnMut() -> PyResult<Option<Vec<J>>>,
    work: W,
    mut sink: impl FnMut(O) -> PyResult<()>,
) -> PyResult<()>
where
    J: Send + 'static,
    O: Send + 'static,
    W: Fn(J) -> O + Send + Sync + 'static,
{
    let workers = crate::workers::workers().map_err(PyRuntimeError::new_err)?;
    let work = Arc::new(work);
    let (tx, mut rx) = mpsc::channel::<(usize, Vec<O>)>();
    let mut sent = 0;
    let mut next = 0;
    let mut ready: BTreeMap<usize, Vec<O>> = BTreeMap::new();
    let mut flush = |ready: &mut BTreeMap<usize, Vec<O>>, next: &mut usize| -> PyResult<()> {
        while let Some(out) = ready.remove(next) {
            for o in out {
                sink(o)?;
            }
            *next += 1;
        }
        Ok(())
    };
    while let Some(chunk) = next_chunk()? {
        let (tx, work, k) = (tx.clone(), Arc::clone(&work), sent);
        workers.spawn(move || {
            let out: Vec<O> = chunk.into_iter().map(|j| work(j)).collect();
            // The receiver is gone only if the caller failed; the results are not needed then.
            let _ = tx.send((k, out));
        });
        sent += 1;
        while let Ok((k, out)) = rx.try_recv() {
            ready.insert(k, out);
        }
        flush(&mut ready, &mut next)?;
    }
    drop(tx);
    while next < sent {
        if !ready.contains_key(&next) {
            // The receiver cannot be shared with the detached closure, only moved in and back.
            let (message, back) = py.detach(move || (rx.recv(), rx));
            rx = back;
            match message {
                Ok((k, out)) => {
                    ready.insert(k, out);
                }
                Err(_) => return Err(PyRuntimeError::new_err("a worker thread stopped early")),
            }
            continue;
        }
        flush(&mut ready, &mut next)?;
    }
    Ok(())
}

/// `errors="raise"` (false) or `errors="collect"` (true).
fn collect_mode(errors: &str) -> PyResult<bool> {
    match errors {
        "raise" => Ok(false),
        "collect" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "errors: expected \"raise\" or \"collect\", found {other:?}"
        ))),
    }
}

/// Quote every shipment (dicts of the contract or `Shipment` objects) on all cores; results in
/// input order. With `errors="raise"` the first failing shipment raises its `deminimis.Error`
/// (its `index` is the shipment's position); with `errors="collect"` a failing shipment's place
/// in the result holds its exception object instead of a `Quote`. The quotes are made without
/// their trace, which each writes when it is first read (the core quotes that shipment again
/// with the explanation, under the same rules: the same document as `quote()` gives); with
/// `trace=False` their `trace` is empty.
#[pyfunction]
#[pyo3(signature = (shipments, *, rules=None, errors="raise", trace=true))]
pub(crate) fn quote_many<'py>(
    py: Python<'py>,
    shipments: &Bound<'py, PyAny>,
    rules: Option<&Bound<'py, PyRuleSet>>,
    errors: &str,
    trace: bool,
) -> PyResult<Bound<'py, PyList>> {
    let collect = collect_mode(errors)?;
    let rules = rules_handle(py, rules)?;
    let mut input = shipments.try_iter()?;
    let mut done = false;
    let next_chunk = || -> PyResult<Option<Vec<Result<Job, InputError>>>> {
        let mut chunk = Vec::with_capacity(CHUNK);
        while !done && chunk.len() < CHUNK {
            let Some(obj) = input.next() else {
                done = true;
                break;
            };
            let job = Job::from_py(&obj?);
            // In raise mode, nothing after the first bad shipment is needed.
            done = job.is_err() && !collect;
            chunk.push(job);
        }
        Ok((!chunk.is_empty()).then_some(chunk))
    };
    let out = PyList::empty(py);
    let mut i = 0;
    let sink = |result: Outcome| -> PyResult<()> {
        let item = match result {
            Outcome::Quoted(Ok(q)) => q.into_object(py)?.into_any(),
            Outcome::Quoted(Err(e)) if !collect => return Err(core_error(py, &e, Some(i))),
            Outcome::Quoted(Err(e)) => exception(py, problems(&e), false, Some(i))?,
            Outcome::Input(e) if !collect => return Err(input_error(py, e, Some(i))),
            Outcome::Input(e) => input_exception(py, e, Some(i))?,
        };
        i += 1;
        out.append(item)
    };
    pipelined(
        py,
        next_chunk,
        move |job| match job {
            // Lean: a batch's trace is written when first read (`PyQuote::trace_later`).
            Ok(job) => Outcome::Quoted(match job.quote(rules.get(), false) {
                Ok(q) if trace => Ok(PyQuote::trace_later(Box::new(q), rules.clone(), job)),
                Ok(q) => Ok(PyQuote::complete(Box::new(q))),
                Err(e) => Err(e),
            }),
            Err(e) => Outcome::Input(e),
        },
        sink,
    )?;
    Ok(out)
}

/// What became of one shipment of a batch.
enum Outcome {
    /// Quoted, or refused by the core.
    Quoted(Result<PyQuote, deminimis::Errors>),
    /// Refused before the core: a Python value with no JSON form.
    Input(InputError),
}

// ---------------------------------------------------------------------------------------------

/// One input column: a field of the contract and its values (one per row, or one for all rows).
struct Column<'py> {
    field: String,
    /// The field as a JSON member prefix (`"field":`), written once for every row.
    prefix: String,
    values: Values<'py>,
}

enum Values<'py> {
    /// One value per row (`None` = absent: the contract's default applies).
    Rows(Bound<'py, PyList>),
    /// The same JSON for every row.
    Constant(String),
}

impl<'py> Column<'py> {
    fn read(
        fields: &Bound<'py, PyDict>,
        constants: &Bound<'py, PyDict>,
    ) -> Result<Vec<Column<'py>>, InputError> {
        let mut out = Vec::with_capacity(fields.len() + constants.len());
        for (k, v) in fields.iter() {
            let field = k.str()?.to_cow()?.into_owned();
            let values = Values::Rows(v.cast_into::<PyList>().map_err(PyErr::from)?);
            out.push(Column::new(field, values));
        }
        for (k, v) in constants.iter() {
            let field = k.str()?.to_cow()?.into_owned();
            let mut json = String::new();
            write_value_at(&v, &mut json, CELL_DEPTH).map_err(|e| e.at_key(&field))?;
            out.push(Column::new(field, Values::Constant(json)));
        }
        Ok(out)
    }

    fn new(field: String, values: Values<'py>) -> Self {
        Column {
            prefix: member_prefix(&field),
            field,
            values,
        }
    }

    /// Append `"field":value` for `row` (and a leading comma unless `first`); nothing when the
    /// value is absent. Returns whether something was written.
    fn write(&self, row: usize, out: &mut String, first: bool) -> Result<bool, InputError> {
        let json_start = |out: &mut String| {
            if !first {
                out.push(',');
            }
            out.push_str(&self.prefix);
        };
        match &self.values {
            Values::Constant(json) => {
                json_start(out);
                out.push_str(json);
            }
            Values::Rows(list) => {
                let v = list.get_item(row)?;
                if v.is_none() {
                    return Ok(false);
                }
                json_start(out);
                write_value_at(&v, out, CELL_DEPTH).map_err(|e| e.at_key(&self.field))?;
            }
        }
        Ok(true)
    }

    /// The JSON of the value on `row` (for comparing rows of one parcel), `None` when absent.
    fn value_json(&self, row: usize) -> Result<Option<String>, InputError> {
        let mut s = String::new();
        Ok(self.write(row, &mut s, true)?.then_some(s))
    }
}

/// A problem of one parcel found while reading its rows.
enum RowProblem {
    Input(InputError),
    Mixed(Problem3),
}

/// The JSON document of one parcel made of `rows`.
fn parcel_json(
    shipment: &[Column<'_>],
    items: &[Column<'_>],
    rows: &[usize],
) -> Result<String, RowProblem> {
    let Some(&first_row) = rows.first() else {
        return Ok(r#"{"items":[]}"#.to_string());
    };
    let mut out = String::with_capacity(128 + 96 * rows.len());
    out.push('{');
    let mut first = true;
    for c in shipment {
        if c.write(first_row, &mut out, first)
            .map_err(RowProblem::Input)?
        {
            first = false;
        }
        if let Values::Rows(_) = c.values {
            // Every row of a parcel must agree on the parcel's own fields.
            let want = c.value_json(first_row).map_err(RowProblem::Input)?;
            for &r in rows.iter().skip(1) {
                let got = c.value_json(r).map_err(RowProblem::Input)?;
                if got != want {
                    let path = format!("$.{}", c.field);
                    let show = |v: &Option<String>| {
                        v.as_deref()
                            .and_then(|s| s.split_once(':').map(|(_, v)| v.to_string()))
                            .unwrap_or_else(|| "nothing".to_string())
                    };
                    let message = format!(
                        "{path}: expected one value for the whole parcel, found {} on row \
                         {first_row} and {} on row {r}",
                        show(&want),
                        show(&got)
                    );
                    return Err(RowProblem::Mixed(("invalid_value".into(), path, message)));
                }
            }
        }
    }
    if !first {
        out.push(',');
    }
    out.push_str("\"items\":[");
    for (k, &r) in rows.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push('{');
        let mut first = true;
        for c in items {
            if c.write(r, &mut out, first)
                .map_err(|e| RowProblem::Input(e.at_index(k).at_key("items")))?
            {
                first = false;
            }
        }
        out.push('}');
    }
    out.push_str("]}");
    Ok(out)
}

/// The values of a quote that a result table shows (in the order of [`COLUMNS`]).
const PICKED: &[&[&str]] = &[
    &["regime", "id"],
    &["de_minimis", "applies"],
    &["currency"],
    &["duty"],
    &["vat", "amount"],
    &["vat", "collected"],
    &["fees_total"],
    &["taxes_and_fees"],
    &["due_at_import"],
    &["landed_cost"],
    &["warnings", "code"],
];

/// The result columns: name, and whether it is an amount.
const COLUMNS: &[(&str, bool)] = &[
    ("regime", false),
    ("de_minimis", false),
    ("currency", false),
    ("duty", true),
    ("vat", true),
    ("vat_collected", false),
    ("fees", true),
    ("taxes_and_fees", true),
    ("due_at_import", true),
    ("landed_cost", true),
    ("warnings", false),
];

/// Result values already made into Python objects, by text and kind (`Decimal` or `str`).
/// Values repeat down a result column ("0.00", a regime id, a currency) and both kinds are
/// immutable, so the rows share one object, as Python shares small ints; making a `Decimal`
/// from text costs far more than looking one up. Holds at most [`SharedValues::MAX`] values.
#[derive(Default)]
struct SharedValues<'py> {
    map: std::collections::HashMap<(bool, String), Bound<'py, PyAny>>,
}

impl<'py> SharedValues<'py> {
    /// The most values kept (a column of all-different amounts stops filling it here).
    const MAX: usize = 4096;

    /// The object for `text`, made with `make` the first time.
    fn get(
        &mut self,
        text: String,
        decimal: bool,
        make: impl FnOnce(&str) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = (decimal, text);
        if let Some(v) = self.map.get(&key) {
            return Ok(v.clone());
        }
        let v = make(&key.1)?;
        if self.map.len() < Self::MAX {
            self.map.insert(key, v.clone());
        }
        Ok(v)
    }
}

/// One parcel's row of results, as text.
type Summary = Vec<Scalar>;

fn summarize(q: &deminimis::Quote) -> Summary {
    let picked = pick(q, PICKED);
    let all = |i: usize| picked.get(i).map(Vec::as_slice).unwrap_or_default();
    let one = |i: usize| all(i).first().cloned().unwrap_or(Scalar::Null);
    let warnings: Vec<&str> = all(10).iter().map(Scalar::as_str).collect();
    vec![
        one(0),
        one(1),
        one(2),
        one(3),
        one(4),
        one(5),
        one(6),
        one(7),
        one(8),
        one(9),
        Scalar::Str(warnings.join(",")),
    ]
}

/// Quote a table: the columns of a DataFrame, already read into lists by the package
/// (`deminimis.quote_frame`). `shipment_fields` and `item_fields` map contract fields to one value
/// per row; `shipment_constants` and `item_constants` to one value for every row; `groups` lists
/// the rows of each parcel (default: one parcel per row). Returns result columns, one value per
/// parcel.
#[pyfunction]
#[pyo3(signature = (
    n_rows, shipment_fields, item_fields, shipment_constants, item_constants, groups=None, *,
    rules=None, errors="raise", money="decimal"
))]
#[expect(clippy::too_many_arguments, reason = "mirrors a private Python call")]
pub(crate) fn quote_table<'py>(
    py: Python<'py>,
    n_rows: usize,
    shipment_fields: &Bound<'py, PyDict>,
    item_fields: &Bound<'py, PyDict>,
    shipment_constants: &Bound<'py, PyDict>,
    item_constants: &Bound<'py, PyDict>,
    groups: Option<Vec<Vec<usize>>>,
    rules: Option<&Bound<'py, PyRuleSet>>,
    errors: &str,
    money: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let collect = collect_mode(errors)?;
    let as_decimal = match money {
        "decimal" => true,
        "str" => false,
        other => {
            return Err(PyValueError::new_err(format!(
                "money: expected \"decimal\" or \"str\", found {other:?}"
            )))
        }
    };
    let rules = rules_handle(py, rules)?;
    let shipment =
        Column::read(shipment_fields, shipment_constants).map_err(|e| input_error(py, e, None))?;
    let items = Column::read(item_fields, item_constants).map_err(|e| input_error(py, e, None))?;
    for c in shipment.iter().chain(&items) {
        if let Values::Rows(list) = &c.values {
            if list.len() != n_rows {
                return Err(PyValueError::new_err(format!(
                    "column for {}: expected {n_rows} values, found {}",
                    c.field,
                    list.len()
                )));
            }
        }
    }
    let groups: Vec<Vec<usize>> = match groups {
        Some(g) => g,
        None => (0..n_rows).map(|r| vec![r]).collect(),
    };
    if let Some(&r) = groups.iter().flatten().find(|&&r| r >= n_rows) {
        return Err(PyValueError::new_err(format!(
            "groups: row {r} is out of range"
        )));
    }
    let mut parcels = groups.iter();
    let mut done = false;
    let next_chunk = || -> PyResult<Option<Vec<Result<String, RowProblem>>>> {
        let mut chunk = Vec::with_capacity(CHUNK);
        while !done && chunk.len() < CHUNK {
            let Some(rows) = parcels.next() else {
                done = true;
                break;
            };
            let job = parcel_json(&shipment, &items, rows);
            done = job.is_err() && !collect;
            chunk.push(job);
        }
        Ok((!chunk.is_empty()).then_some(chunk))
    };
    let mut cols: Vec<Vec<Bound<'py, PyAny>>> = COLUMNS
        .iter()
        .map(|_| Vec::with_capacity(groups.len()))
        .collect();
    let mut error_col: Vec<Bound<'py, PyAny>> = Vec::new();
    let none = || py.None().into_bound(py);
    let mut shared = SharedValues::default();
    let mut i = 0;
    let sink = |result: Result<Result<Summary, deminimis::Errors>, RowProblem>| -> PyResult<()> {
        let failure: Option<Bound<'py, PyAny>> = match result {
            Ok(Ok(summary)) => {
                for ((col, (_, is_money)), value) in cols.iter_mut().zip(COLUMNS).zip(summary) {
                    col.push(match value {
                        Scalar::Str(s) if *is_money && as_decimal => {
                            shared.get(s, true, |t| py_decimal(py, t))?
                        }
                        Scalar::Str(s) => {
                            shared.get(s, false, |t| Ok(PyString::new(py, t).into_any()))?
                        }
                        Scalar::Bool(b) => pyo3::types::PyBool::new(py, b).to_owned().into_any(),
                        Scalar::Null => none(),
                    });
                }
                None
            }
            Ok(Err(e)) if !collect => return Err(core_error(py, &e, Some(i))),
            Ok(Err(e)) => Some(exception(py, problems(&e), false, Some(i))?),
            Err(RowProblem::Input(e)) if !collect => return Err(input_error(py, e, Some(i))),
            Err(RowProblem::Input(e)) => Some(input_exception(py, e, Some(i))?),
            Err(RowProblem::Mixed(p)) => {
                let exc = exception(py, vec![p], false, Some(i))?;
                if !collect {
                    return Err(PyErr::from_value(exc));
                }
                Some(exc)
            }
        };
        i += 1;
        match failure {
            None => error_col.push(none()),
            Some(exc) => {
                for col in &mut cols {
                    col.push(none());
                }
                error_col.push(exc.str()?.into_any());
            }
        }
        Ok(())
    };
    pipelined(
        py,
        next_chunk,
        move |job| {
            job.map(|text| {
                deminimis::Shipment::from_json(&text)
                    .and_then(|s| rules.get().quote_lean(&s))
                    .map(|q| summarize(&q))
            })
        },
        sink,
    )?;
    let out = PyDict::new(py);
    for ((name, _), col) in COLUMNS.iter().zip(cols) {
        out.set_item(*name, PyList::new(py, col)?)?;
    }
    if collect {
        out.set_item("error", PyList::new(py, error_col)?)?;
    }
    Ok(out)
}
