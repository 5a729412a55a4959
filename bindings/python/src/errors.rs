//! Core errors → Python exceptions.
//!
//! The exception classes are plain Python (`deminimis/_errors.py`): one base `deminimis.Error`
//! (a `ValueError`) and one subclass per core error code. This module hands every problem, as
//! `(code, path, message)`, to the package's factory, which picks the class of the first one.

use crate::input::{InputError, Problem};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn factory(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    FACTORY.import(py, "deminimis._errors", "_from_native")
}

/// One problem: code, JSON path, message.
pub(crate) type Problem3 = (String, String, String);

/// The problems of a core `Errors` value, in the order the core found them.
pub(crate) fn problems(errors: &deminimis::Errors) -> Vec<Problem3> {
    errors
        .iter()
        .map(|e| (e.code().to_string(), e.path().to_string(), e.to_string()))
        .collect()
}

/// The exception object (not raised) for `problems`; `type_error` picks the class that is also a
/// `TypeError` for a Python value of the wrong type; `index` is the row of a batch.
pub(crate) fn exception<'py>(
    py: Python<'py>,
    problems: Vec<Problem3>,
    type_error: bool,
    index: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    factory(py)?.call1((problems, type_error, index))
}

/// Turn an exception object into a `PyErr` to raise; a failure to build it is raised instead.
fn raise(made: PyResult<Bound<'_, PyAny>>) -> PyErr {
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// The Python exception for core errors.
pub(crate) fn core_error(
    py: Python<'_>,
    errors: &deminimis::Errors,
    index: Option<usize>,
) -> PyErr {
    raise(exception(py, problems(errors), false, index))
}

/// The exception object for a Python value that has no JSON form.
pub(crate) fn input_exception<'py>(
    py: Python<'py>,
    e: InputError,
    index: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let message = e.message();
    let (path, code) = (e.path(), e.code());
    let type_error = matches!(e.problem, Problem::Type(_));
    match e.problem {
        Problem::Python(err) => Err(err),
        Problem::Float | Problem::Type(_) | Problem::Unencodable | Problem::TooDeep => exception(
            py,
            vec![(code.to_string(), path, message)],
            type_error,
            index,
        ),
    }
}

/// The Python exception for a Python value that has no JSON form.
pub(crate) fn input_error(py: Python<'_>, e: InputError, index: Option<usize>) -> PyErr {
    raise(input_exception(py, e, index))
}

/// The exception for one problem the binding itself found (a bad argument), with a core code.
pub(crate) fn binding_error(py: Python<'_>, code: &str, path: &str, message: String) -> PyErr {
    raise(exception(
        py,
        vec![(code.to_string(), path.to_string(), message)],
        false,
        None,
    ))
}
