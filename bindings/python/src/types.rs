//! The Python classes: `Shipment` (a validated input document), `Quote` (the core's output,
//! converted field by field on access) and `RuleSet` (bundled or loaded rules).

use crate::errors::{core_error, input_error};
use crate::input::{document_json, InputError};
use crate::output::{pick, py_date, to_py, Doc, Scalar};
use deminimis::RuleSet;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

static RECORDS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `deminimis._records._build(name, value)`: the record objects of the Quote's nested fields.
fn build_record<'py>(
    py: Python<'py>,
    name: &str,
    value: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    RECORDS
        .import(py, "deminimis._records", "_build")?
        .call1((name, value))
}

// ---------------------------------------------------------------------------------------------

/// A shipment parsed against the JSON contract once, to quote again without parsing.
///
/// Build it from a dict of the contract (`Shipment({...})`), from keyword arguments
/// (`Shipment(date=..., destination="US", currency="USD", items=[...])`) or from JSON text
/// (`Shipment.from_json(text)`). Amounts are `Decimal`, `str` or `int`, never `float`.
/// Parsing checks the document's shape (fields, types, amounts, dates); values that need the
/// rules (countries, currencies, HS codes) are checked when it is quoted.
#[pyclass(frozen, eq, module = "deminimis", name = "Shipment")]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PyShipment {
    pub inner: Arc<deminimis::Shipment>,
}

/// A shipment argument: already validated, or JSON text still to parse.
#[derive(Debug)]
pub(crate) enum Job {
    /// A `Shipment` object.
    Ready(Arc<deminimis::Shipment>),
    /// A dict, written as JSON.
    Json(String),
}

impl Job {
    /// Read a shipment argument: a `Shipment` or a dict of the contract.
    pub fn from_py(obj: &Bound<'_, PyAny>) -> Result<Job, InputError> {
        if let Ok(s) = obj.cast::<PyShipment>() {
            return Ok(Job::Ready(s.get().inner.clone()));
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return Ok(Job::Json(document_json(d)?));
        }
        Err(InputError::not_a_shipment(obj))
    }

    /// Parse (if needed) and quote; without `trace`, the core skips building the trace (the
    /// amounts, fees, warnings and conversions are the same).
    pub fn quote(
        &self,
        rules: &RuleSet,
        trace: bool,
    ) -> Result<deminimis::Quote, deminimis::Errors> {
        let parsed;
        let s = match self {
            Job::Ready(s) => s.as_ref(),
            Job::Json(text) => {
                parsed = deminimis::Shipment::from_json(text)?;
                &parsed
            }
        };
        if trace {
            rules.quote(s)
        } else {
            rules.quote_lean(s)
        }
    }

    /// The validated shipment.
    pub fn shipment(self) -> Result<Arc<deminimis::Shipment>, deminimis::Errors> {
        match self {
            Job::Ready(s) => Ok(s),
            Job::Json(text) => deminimis::Shipment::from_json(&text).map(Arc::new),
        }
    }
}

/// Validate a shipment argument, raising the package's exceptions.
pub(crate) fn shipment_arg(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
) -> PyResult<Arc<deminimis::Shipment>> {
    let job = Job::from_py(obj).map_err(|e| input_error(py, e, None))?;
    job.shipment().map_err(|e| core_error(py, &e, None))
}

fn shipment_from_dict(py: Python<'_>, d: &Bound<'_, PyDict>) -> PyResult<PyShipment> {
    let text = document_json(d).map_err(|e| input_error(py, e, None))?;
    let inner = deminimis::Shipment::from_json(&text).map_err(|e| core_error(py, &e, None))?;
    Ok(PyShipment {
        inner: Arc::new(inner),
    })
}

#[pymethods]
impl PyShipment {
    #[new]
    #[pyo3(signature = (document=None, /, **fields))]
    fn new(
        py: Python<'_>,
        document: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let merged = PyDict::new(py);
        if let Some(doc) = document {
            let Ok(doc) = doc.cast::<PyDict>() else {
                return Err(input_error(py, InputError::not_a_shipment(doc), None));
            };
            merged.update(doc.as_mapping())?;
        }
        if let Some(f) = fields {
            merged.update(f.as_mapping())?;
        }
        shipment_from_dict(py, &merged)
    }

    /// Parse a shipment from JSON text of the contract (amounts as strings).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = deminimis::Shipment::from_json(text).map_err(|e| core_error(py, &e, None))?;
        Ok(PyShipment {
            inner: Arc::new(inner),
        })
    }

    /// The shipment as compact JSON text of the contract (as the core writes it).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The shipment as a dict of the contract: amounts as `Decimal`, dates as `datetime.date`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, Doc::Shipment, &*self.inner, None)
    }

    /// A new shipment with some fields replaced, validated again (e.g. `s.replace(date=...)`).
    #[pyo3(signature = (**changes))]
    fn replace(&self, py: Python<'_>, changes: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let current = to_py(py, Doc::Shipment, &*self.inner, None)?;
        let merged = current.cast_into::<PyDict>()?;
        if let Some(c) = changes {
            merged.update(c.as_mapping())?;
        }
        shipment_from_dict(py, &merged)
    }

    /// Date of importation.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, Doc::Shipment, &*self.inner, Some("date"))
    }

    /// Destination: `US` or an EU member state.
    #[getter]
    fn destination<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, Doc::Shipment, &*self.inner, Some("destination"))
    }

    /// Currency of every amount in the shipment.
    #[getter]
    fn currency<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, Doc::Shipment, &*self.inner, Some("currency"))
    }

    /// The items, as dicts of the contract.
    #[getter]
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, Doc::Shipment, &*self.inner, Some("items"))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let json = PyString::new(py, &self.inner.to_json()).repr()?;
        Ok(format!("deminimis.Shipment.from_json({})", json.to_cow()?))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py
            .get_type::<PyShipment>()
            .getattr(pyo3::intern!(py, "from_json"))?;
        PyTuple::new(
            py,
            [
                from_json,
                PyTuple::new(py, [self.inner.to_json()])?.into_any(),
            ],
        )
    }
}

// ---------------------------------------------------------------------------------------------

/// What a parcel costs on a date, with the reason for every amount.
///
/// Every field of the Quote document is an attribute: amounts are `decimal.Decimal`, dates
/// `datetime.date`, nested objects are records (`Regime`, `DeMinimis`, `QuoteLine`, ...).
/// Attributes are converted from the core's quote when read. `to_dict()` gives the whole
/// document as plain dicts and lists, `to_json()` the core's JSON text exactly.
#[pyclass(frozen, eq, module = "deminimis", name = "Quote")]
#[derive(Debug)]
pub(crate) struct PyQuote {
    /// `None` only while the object is freed: its contents go to [`crate::release`].
    held: Option<Held>,
}

/// What a `Quote` object owns.
#[derive(Debug)]
pub(crate) struct Held {
    /// Boxed: the object stays small, and a batch moves pointers, not quotes. Without its trace
    /// when `later` is set (every other field is the same: the core's `quote_lean`).
    quote: Box<deminimis::Quote>,
    /// For a quote of `quote_many`: how to write its trace when it is first read.
    later: Option<Later>,
}

/// What a batch's quote needs to write its trace when first read: the rules and the shipment it
/// was quoted from, and the quote with its trace once written. The core is deterministic (the
/// same rules and shipment give the same quote, which the golden tests check for lean and full
/// quotes alike), so the trace written later is the one the batch would have written.
#[derive(Debug)]
pub(crate) struct Later {
    rules: Rules,
    job: Job,
    full: OnceLock<Box<deminimis::Quote>>,
}

impl PartialEq for PyQuote {
    /// Equal documents (a batch's quote writes its trace first; one that cannot is unequal).
    fn eq(&self, other: &Self) -> bool {
        match (self.document(), other.document()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

impl Drop for PyQuote {
    /// The quote is freed on the rayon pool, not on the interpreter's thread ([`crate::release`]).
    fn drop(&mut self) {
        if let Some(held) = self.held.take() {
            crate::release::release(held);
        }
    }
}

/// Why a quote could not be read.
enum Unreadable {
    /// The object is being freed (never seen by Python code).
    Freed,
    /// Writing a batch quote's trace failed: the core quoted the same shipment differently twice.
    Core(deminimis::Errors),
}

impl PyQuote {
    /// A quote with its trace (or without one, as the caller asked).
    pub fn complete(quote: Box<deminimis::Quote>) -> PyQuote {
        PyQuote {
            held: Some(Held { quote, later: None }),
        }
    }

    /// A quote made without its trace (`RuleSet::quote_lean`) that writes it when first read,
    /// by quoting `job` again under `rules` with the explanation.
    pub fn trace_later(quote: Box<deminimis::Quote>, rules: Rules, job: Job) -> PyQuote {
        let full = OnceLock::new();
        PyQuote {
            held: Some(Held {
                quote,
                later: Some(Later { rules, job, full }),
            }),
        }
    }

    /// The quote as held: every field but a batch quote's `trace`.
    fn lean(&self) -> PyResult<&deminimis::Quote> {
        match &self.held {
            Some(h) => Ok(&h.quote),
            None => Err(freed()),
        }
    }

    /// The whole document, trace included (written now for a batch quote that has not yet).
    fn document(&self) -> Result<&deminimis::Quote, Unreadable> {
        let held = self.held.as_ref().ok_or(Unreadable::Freed)?;
        let Some(later) = &held.later else {
            return Ok(&held.quote);
        };
        if let Some(q) = later.full.get() {
            return Ok(q);
        }
        let q = later
            .job
            .quote(later.rules.get(), true)
            .map_err(Unreadable::Core)?;
        Ok(later.full.get_or_init(|| Box::new(q)))
    }

    /// [`Self::document`], a failure raised as an exception.
    fn whole(&self, py: Python<'_>) -> PyResult<&deminimis::Quote> {
        self.document().map_err(|e| match e {
            Unreadable::Freed => freed(),
            Unreadable::Core(e) => core_error(py, &e, None),
        })
    }

    /// The `Quote` object, left out of the cyclic garbage collector.
    ///
    /// pyo3 gives every class the collector's flag, so each `Quote` would join its lists: a batch
    /// of 100,000 quotes set off about 140 collections, the last ones walking every object of the
    /// program (the input dicts too), and every later full collection walked the quotes again
    /// (BENCHMARKS.md: about 0.3 µs of wall time per quote of `quote_many`). A `Quote` holds only
    /// Rust data (no Python object), cannot be subclassed and has no `__dict__`, so it can never
    /// be part of a reference cycle: the collector has nothing to find in it.
    pub fn into_object(self, py: Python<'_>) -> PyResult<Bound<'_, PyQuote>> {
        let object = Bound::new(py, self)?;
        #[allow(
            unsafe_code,
            reason = "the one unsafe call of the workspace: the limited API has no safe form of it"
        )]
        // SAFETY: `object` is a live object of a class with Py_TPFLAGS_HAVE_GC (pyo3 sets it on
        // every class) and we hold a strong reference to it; `PyObject_GC_UnTrack` accepts such
        // an object whether tracked or not, and pyo3's deallocator untracks it again safely.
        // The object refers to no Python object, so the collector never needs to see it.
        unsafe {
            pyo3::ffi::PyObject_GC_UnTrack(object.as_ptr().cast());
        }
        Ok(object)
    }

    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let quote = if name == "trace" {
            self.whole(py)?
        } else {
            self.lean()?
        };
        to_py(py, Doc::Quote, quote, Some(name))
    }
    fn record<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        build_record(py, name, self.field(py, name)?)
    }
}

#[pymethods]
impl PyQuote {
    /// Rebuild a quote from the JSON text of the contract (as `to_json()` writes it).
    #[staticmethod]
    fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyQuote>> {
        let inner = serde_json::from_str(text)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("not a Quote: {e}")))?;
        PyQuote::complete(Box::new(inner)).into_object(py)
    }

    /// The core's JSON text of the quote; `pretty=True` gives the indented form that
    /// `deminimis quote --json` prints.
    #[pyo3(signature = (*, pretty=false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        let quote = self.whole(py)?;
        Ok(if pretty {
            quote.to_json_pretty()
        } else {
            quote.to_json()
        })
    }

    /// The whole quote as nested dicts and lists in the contract's field order: amounts as
    /// `Decimal`, dates as `datetime.date`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, Doc::Quote, self.whole(py)?, None)
    }

    /// Whether a warning with this code was emitted.
    fn has_warning(&self, code: &str) -> PyResult<bool> {
        Ok(self.lean()?.has_warning(code))
    }

    /// Destination (normalized country code).
    #[getter]
    fn destination<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "destination")
    }
    /// Date of importation.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "date")
    }
    /// Currency of every amount in the quote (the destination's on the date).
    #[getter]
    fn currency<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "currency")
    }
    /// Version of the rules used.
    #[getter]
    fn rules_version<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "rules_version")
    }
    /// The regime in force.
    #[getter]
    fn regime<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "regime")
    }
    /// The low-value exemption test and its outcome.
    #[getter]
    fn de_minimis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "de_minimis")
    }
    /// Goods value (sum of converted line values).
    #[getter]
    fn goods_value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "goods_value")
    }
    /// Shipping charged, converted.
    #[getter]
    fn shipping<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "shipping")
    }
    /// Insurance charged, converted.
    #[getter]
    fn insurance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "insurance")
    }
    /// Customs value of the consignment.
    #[getter]
    fn customs_value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "customs_value")
    }
    /// Per item: values, every duty measure, duty and VAT.
    #[getter]
    fn lines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "lines")
    }
    /// Total duty (sum of the lines' rounded duties).
    #[getter]
    fn duty<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "duty")
    }
    /// VAT of the whole parcel.
    #[getter]
    fn vat<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "vat")
    }
    /// Fees other than duty and VAT.
    #[getter]
    fn fees<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "fees")
    }
    /// Sum of the fees.
    #[getter]
    fn fees_total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "fees_total")
    }
    /// Duty + VAT + fees.
    #[getter]
    fn taxes_and_fees<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "taxes_and_fees")
    }
    /// What the border collects (excludes VAT collected at sale).
    #[getter]
    fn due_at_import<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "due_at_import")
    }
    /// Goods + shipping + insurance + taxes and fees.
    #[getter]
    fn landed_cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "landed_cost")
    }
    /// Every currency conversion made.
    #[getter]
    fn fx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "fx")
    }
    /// The computation, step by step, each with its legal basis.
    #[getter]
    fn trace<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "trace")
    }
    /// Caveats (each reading that is not certain, with a stable code).
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.record(py, "warnings")
    }

    fn __repr__(&self) -> PyResult<String> {
        const WANTED: &[&[&str]] = &[
            &["destination"],
            &["date"],
            &["regime", "id"],
            &["de_minimis", "applies"],
            &["duty"],
            &["vat", "amount"],
            &["fees", "id"],
            &["fees", "amount"],
            &["taxes_and_fees"],
            &["landed_cost"],
            &["currency"],
        ];
        let p = pick(self.lean()?, WANTED);
        let one = |i: usize| {
            p.get(i)
                .and_then(|v| v.first())
                .map(Scalar::as_str)
                .unwrap_or_default()
        };
        let applies = matches!(p.get(3).and_then(|v| v.first()), Some(Scalar::Bool(true)));
        let fees: Vec<String> = match (p.get(6), p.get(7)) {
            (Some(ids), Some(amounts)) => ids
                .iter()
                .zip(amounts)
                .map(|(i, a)| format!("{} {}", i.as_str(), a.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        Ok(format!(
            "<Quote {} {} regime={} de_minimis={} duty={} vat={} fees=[{}] taxes_and_fees={} \
             landed_cost={} {}>",
            one(0),
            one(1),
            one(2),
            if applies { "True" } else { "False" },
            one(4),
            one(5),
            fees.join(", "),
            one(8),
            one(9),
            one(10),
        ))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py
            .get_type::<PyQuote>()
            .getattr(pyo3::intern!(py, "from_json"))?;
        PyTuple::new(
            py,
            [
                from_json,
                PyTuple::new(py, [self.whole(py)?.to_json()])?.into_any(),
            ],
        )
    }
}

// ---------------------------------------------------------------------------------------------

/// The error of a quote read while it is freed (Python code never holds such an object).
fn freed() -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err("this Quote has been freed")
}

/// The rules bundled with this build, or a newer rule document loaded at run time; cheap to
/// clone and `'static`, so that batch workers can hold it.
#[derive(Debug, Clone)]
pub(crate) enum Rules {
    /// `RuleSet::bundled()`.
    Bundled(&'static RuleSet),
    /// Loaded from a rule document.
    Loaded(Arc<RuleSet>),
}

impl Rules {
    /// The core rule set.
    pub fn get(&self) -> &RuleSet {
        match self {
            Rules::Bundled(r) => r,
            Rules::Loaded(r) => r,
        }
    }
}

/// A validated set of rules (and exchange rates) that quotes are computed against.
///
/// `RuleSet.bundled()` is what every function uses by default; `RuleSet.from_path(path)` and
/// `RuleSet.from_json(text)` load a newer rule document (the format of the bundled
/// `rules.json`) through the core's validator.
#[pyclass(frozen, module = "deminimis", name = "RuleSet")]
#[derive(Debug, Clone)]
pub(crate) struct PyRuleSet {
    rules: Rules,
}

impl PyRuleSet {
    /// The core rule set.
    pub fn get(&self) -> &RuleSet {
        self.rules.get()
    }
}

/// The rules an argument names, or the bundled ones, as a handle workers can keep.
pub(crate) fn rules_handle(
    py: Python<'_>,
    rules: Option<&Bound<'_, PyRuleSet>>,
) -> PyResult<Rules> {
    match rules {
        Some(r) => Ok(r.get().rules.clone()),
        None => RuleSet::bundled()
            .map(Rules::Bundled)
            .map_err(|e| core_error(py, &e, None)),
    }
}

/// The rules an argument names, or the bundled ones.
pub(crate) fn rules_arg<'a>(
    py: Python<'_>,
    rules: Option<&'a Bound<'_, PyRuleSet>>,
) -> PyResult<&'a RuleSet> {
    match rules {
        Some(r) => Ok(r.get().get()),
        None => RuleSet::bundled().map_err(|e| core_error(py, &e, None)),
    }
}

#[pymethods]
impl PyRuleSet {
    /// The rules bundled with this build (parsed and validated once, on first use).
    #[staticmethod]
    fn bundled(py: Python<'_>) -> PyResult<Self> {
        let rules = RuleSet::bundled().map_err(|e| core_error(py, &e, None))?;
        Ok(PyRuleSet {
            rules: Rules::Bundled(rules),
        })
    }

    /// Load a rule document (JSON text in the format of the bundled `rules.json`), with the
    /// bundled exchange rates, through the core's validator.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let rules = RuleSet::from_json(text).map_err(|e| core_error(py, &e, None))?;
        Ok(PyRuleSet {
            rules: Rules::Loaded(Arc::new(rules)),
        })
    }

    /// Read a rule document from a file and load it as `from_json` does.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path)?;
        Self::from_json(py, &text)
    }

    /// The rule data version, carried by every quote as `rules_version`.
    #[getter]
    fn version(&self) -> &str {
        self.get().version()
    }

    /// The first date the rule data covers.
    #[getter]
    fn data_starts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, &self.get().data_starts().to_string())
    }

    /// Whether these are the bundled rules.
    #[getter]
    fn is_bundled(&self) -> bool {
        matches!(self.rules, Rules::Bundled(_))
    }

    fn __repr__(&self) -> String {
        let kind = if self.is_bundled() {
            "bundled"
        } else {
            "loaded"
        };
        format!("<RuleSet {kind} version={}>", self.get().version())
    }
}
