//! Python values → JSON text of the contract, so that the core's own parser validates them.
//!
//! Amounts go in as JSON strings: a `decimal.Decimal` or an `int` becomes its exact decimal text,
//! and a `float` is refused here, with the JSON path of the field, before anything is converted (a
//! float cannot hold most decimal amounts exactly). Dates become `YYYY-MM-DD`. Everything else is
//! what JSON has: `str`, `bool`, `None`, dicts with string keys, lists and tuples.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use std::fmt::Write as _;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class, imported once.
pub(crate) fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// One step of a JSON path.
#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Why a Python value could not be written as JSON.
#[derive(Debug)]
pub(crate) enum Problem {
    /// A `float` (code `float_amount`).
    Float,
    /// A type with no place in the contract (code `invalid_value`, raised as a `TypeError` too);
    /// what was expected instead.
    Type(&'static str),
    /// A string with no UTF-8 form, i.e. with a lone surrogate (code `invalid_value`).
    Unencodable,
    /// Dicts and lists nested deeper than [`MAX_DEPTH`], as a dict or list that contains itself
    /// is (code `invalid_value`).
    TooDeep,
    /// Python raised while the value was read.
    Python(PyErr),
}

/// A Python value that has no exact JSON form in the contract, and where it was.
#[derive(Debug)]
pub(crate) struct InputError {
    /// What is wrong.
    pub problem: Problem,
    /// Innermost segment first (pushed while the recursion unwinds).
    segments: Vec<Segment>,
    /// What was found, for the message.
    found: String,
}

impl InputError {
    fn new(problem: Problem, found: String) -> Self {
        InputError {
            problem,
            segments: Vec::new(),
            found,
        }
    }

    fn at(mut self, segment: Segment) -> Self {
        self.segments.push(segment);
        self
    }

    /// The same problem, one level down under the field `key`.
    pub fn at_key(self, key: &str) -> Self {
        self.at(Segment::Key(key.to_string()))
    }

    /// The same problem, one level down at list index `index`.
    pub fn at_index(self, index: usize) -> Self {
        self.at(Segment::Index(index))
    }

    /// An argument that is neither a dict of the contract nor a `Shipment`.
    pub fn not_a_shipment(obj: &Bound<'_, PyAny>) -> Self {
        InputError::new(
            Problem::Type("a dict of the JSON contract or a deminimis.Shipment"),
            type_name(obj),
        )
    }

    /// The JSON path of the value, written as the core writes paths (`$.items[0].unit_price`).
    pub fn path(&self) -> String {
        let mut out = String::from("$");
        for s in self.segments.iter().rev() {
            match s {
                Segment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }

    /// The stable code of the problem.
    pub fn code(&self) -> &'static str {
        match self.problem {
            Problem::Float => "float_amount",
            Problem::Type(_) | Problem::Unencodable | Problem::TooDeep | Problem::Python(_) => {
                "invalid_value"
            }
        }
    }

    /// One line: the path, what was expected, what was found.
    pub fn message(&self) -> String {
        let path = self.path();
        match &self.problem {
            Problem::Float => format!(
                "{path}: expected a Decimal, str or int, found the float {f} (a float cannot hold \
                 most decimal amounts exactly: pass Decimal(\"{f}\") or \"{f}\")",
                f = self.found
            ),
            Problem::Type(expected) => format!("{path}: expected {expected}, found {}", self.found),
            Problem::Unencodable => format!(
                "{path}: expected text that UTF-8 can encode, found {} (a lone surrogate)",
                self.found
            ),
            Problem::TooDeep => format!(
                "{path}: expected dicts and lists nested at most {MAX_DEPTH} deep, found deeper \
                 nesting (a dict or list that contains itself, or a document no JSON reader takes)"
            ),
            Problem::Python(e) => format!("{path}: {e}"),
        }
    }
}

/// What a value in a document may be.
const VALUE: &str = "str, decimal.Decimal, int, bool, None, datetime.date, dict or list";

impl From<PyErr> for InputError {
    fn from(e: PyErr) -> Self {
        InputError::new(Problem::Python(e), String::new())
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .fully_qualified_name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an object of unknown type".to_string())
}

/// Write `s` as a JSON string literal. Runs of bytes that need no escape (most strings are one
/// such run) are copied whole.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    while let Some(i) = rest
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        // `i` is at an ASCII byte, so on a character boundary.
        let Some((head, tail)) = rest.split_at_checked(i) else {
            break;
        };
        out.push_str(head);
        let mut chars = tail.chars();
        match chars.next() {
            Some('"') => out.push_str("\\\""),
            Some('\\') => out.push_str("\\\\"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some('\t') => out.push_str("\\t"),
            Some(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            None => {}
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out.push('"');
}

/// `name` as the start of a JSON object member: `"name":`.
pub(crate) fn member_prefix(name: &str) -> String {
    let mut prefix = String::with_capacity(name.len() + 3);
    write_str(&mut prefix, name);
    prefix.push(':');
    prefix
}

/// Write a Python string as a JSON string literal. Its UTF-8 bytes are read in place (the
/// `abi3-py39` build has no borrowed view of a string's text, and `to_cow` would copy them once
/// more into a Rust `String`).
fn write_py_str(out: &mut String, s: &Bound<'_, PyString>) -> Result<(), InputError> {
    let bytes = s.encode_utf8().map_err(|_| unencodable(s))?;
    let text = std::str::from_utf8(bytes.as_bytes())
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    write_str(out, text);
    Ok(())
}

/// The problem of a string UTF-8 cannot encode (Python's `encode` refused it).
fn unencodable(s: &Bound<'_, PyString>) -> InputError {
    let found = s
        .repr()
        .and_then(|r| r.to_cow().map(|c| c.into_owned()))
        .unwrap_or_else(|_| "a str".to_string());
    InputError::new(Problem::Unencodable, found)
}

/// Write the decimal text of a `Decimal` (never in exponent form, which the contract does not
/// accept: `Decimal("1E+2")` is written `"100"`).
fn write_decimal(out: &mut String, obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let text = obj.str()?;
    let text = text.to_cow()?;
    if text.contains(['E', 'e']) {
        let plain = obj
            .py()
            .import("builtins")?
            .call_method1("format", (obj, "f"))?;
        write_str(out, &plain.str()?.to_cow()?);
    } else {
        write_str(out, &text);
    }
    Ok(())
}

/// How deep dicts and lists may nest: the depth the core's JSON reader takes (serde_json reads
/// 127 nested arrays and objects and refuses the 128th). The writer calls itself once per level,
/// so a dict or list that contains itself is refused here instead of exhausting the stack.
const MAX_DEPTH: usize = 127;

/// Append `obj`, a value inside `depth` dicts and lists, as JSON to `out`.
pub(crate) fn write_value_at(
    obj: &Bound<'_, PyAny>,
    out: &mut String,
    depth: usize,
) -> Result<(), InputError> {
    let py = obj.py();
    let nested = obj.is_instance_of::<PyDict>()
        || obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>();
    if nested && depth >= MAX_DEPTH {
        return Err(InputError::new(Problem::TooDeep, String::new()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        write_py_str(out, s)?;
    } else if let Ok(d) = obj.cast::<PyDict>() {
        write_dict_at(d, out, depth + 1)?;
    } else if let Ok(l) = obj.cast::<PyList>() {
        out.push('[');
        for (i, v) in l.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_value_at(&v, out, depth + 1).map_err(|e| e.at(Segment::Index(i)))?;
        }
        out.push(']');
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        out.push('[');
        for (i, v) in t.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_value_at(&v, out, depth + 1).map_err(|e| e.at(Segment::Index(i)))?;
        }
        out.push(']');
    } else if obj.is_instance(decimal_type(py)?)? {
        write_decimal(out, obj)?;
    } else if let Ok(b) = obj.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if obj.is_instance_of::<PyInt>() {
        write_py_str(out, &obj.str()?)?;
    } else if obj.is_none() {
        out.push_str("null");
    } else if obj.is_instance_of::<PyFloat>() {
        let found = obj.repr()?.to_cow()?.into_owned();
        return Err(InputError::new(Problem::Float, found));
    } else if obj.is_instance_of::<PyDateTime>() {
        let found = format!("the datetime {} (pass its .date())", obj.repr()?.to_cow()?);
        return Err(InputError::new(Problem::Type(VALUE), found));
    } else if obj.is_instance_of::<PyDate>() {
        write_str(out, &obj.str()?.to_cow()?);
    } else {
        return Err(InputError::new(Problem::Type(VALUE), type_name(obj)));
    }
    Ok(())
}

/// The contract's field names, as the package lists them for DataFrame columns
/// (`deminimis._frame.SHIPMENT_FIELDS` and `ITEM_FIELDS`), interned once. A key that is not among
/// them is read the ordinary way.
static KNOWN_KEYS: PyOnceLock<Vec<KnownKey>> = PyOnceLock::new();

/// A contract field's interned name, its text, and its JSON member prefix (`"name":`).
struct KnownKey {
    key: Py<PyString>,
    name: String,
    prefix: String,
}

/// The field `key` names when it is the interned string of a contract field (a pointer
/// comparison).
fn known_key(key: &Bound<'_, PyAny>) -> Option<&'static KnownKey> {
    let py = key.py();
    let known = KNOWN_KEYS
        .get_or_try_init(py, || -> PyResult<_> {
            let frame = py.import("deminimis._frame")?;
            let mut names = Vec::new();
            for list in ["SHIPMENT_FIELDS", "ITEM_FIELDS"] {
                for name in frame.getattr(list)?.try_iter()? {
                    let name = name?.str()?.to_cow()?.into_owned();
                    names.push(KnownKey {
                        key: PyString::intern(py, &name).unbind(),
                        prefix: member_prefix(&name),
                        name,
                    });
                }
            }
            Ok(names)
        })
        .ok()?;
    known.iter().find(|k| key.is(k.key.bind(py)))
}

/// Append a dict as a JSON object; keys must be strings.
pub(crate) fn write_dict(d: &Bound<'_, PyDict>, out: &mut String) -> Result<(), InputError> {
    write_dict_at(d, out, 1)
}

/// [`write_dict`] of a dict that is the `depth`th level of nesting.
fn write_dict_at(d: &Bound<'_, PyDict>, out: &mut String, depth: usize) -> Result<(), InputError> {
    out.push('{');
    for (i, (k, v)) in d.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Keys written as literals in Python are interned: the same object as ours, known
        // without copying their text out of Python.
        if let Some(known) = known_key(&k) {
            out.push_str(&known.prefix);
            write_value_at(&v, out, depth).map_err(|e| e.at(Segment::Key(known.name.clone())))?;
            continue;
        }
        let Ok(key) = k.cast::<PyString>() else {
            let found = format!("the key {} of type {}", k.repr()?.to_cow()?, type_name(&k));
            return Err(InputError::new(Problem::Type(VALUE), found));
        };
        let key = key.to_cow().map_err(|_| unencodable(key))?;
        write_str(out, &key);
        out.push(':');
        write_value_at(&v, out, depth).map_err(|e| e.at(Segment::Key(key.into_owned())))?;
    }
    out.push('}');
    Ok(())
}

/// The JSON text of `value`, which must be a dict (a shipment document).
pub(crate) fn document_json(value: &Bound<'_, PyDict>) -> Result<String, InputError> {
    let mut out = String::with_capacity(256);
    write_dict(value, &mut out)?;
    Ok(out)
}
