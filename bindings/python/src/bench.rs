//! Timing aids for `bench/bench_python.py`: the core alone, run inside the same process and under
//! the same load as the Python calls it is compared with (the script times them with its own
//! clocks, wall and CPU). Not part of the package's API.

use crate::errors::{core_error, input_error};
use crate::types::{rules_handle, Job, PyRuleSet};
use pyo3::prelude::*;
use rayon::prelude::*;

/// Parse one shipment, then quote it `calls` times in the core (the GIL released).
#[pyfunction]
#[pyo3(signature = (shipment, calls, *, rules=None, trace=true))]
pub(crate) fn _run_quotes(
    py: Python<'_>,
    shipment: &Bound<'_, PyAny>,
    calls: u32,
    rules: Option<&Bound<'_, PyRuleSet>>,
    trace: bool,
) -> PyResult<()> {
    let rules = rules_handle(py, rules)?;
    let job = Job::from_py(shipment).map_err(|e| input_error(py, e, None))?;
    let job = Job::Ready(job.shipment().map_err(|e| core_error(py, &e, None))?);
    py.detach(|| {
        for _ in 0..calls {
            drop(std::hint::black_box(job.quote(rules.get(), trace)));
        }
    });
    Ok(())
}

/// Read a batch as `quote_many` does (dicts as JSON text), then quote it `runs` times in the
/// core alone, on every core with rayon (the GIL released). `runs=0` only reads.
#[pyfunction]
#[pyo3(signature = (shipments, runs, *, rules=None, trace=true))]
pub(crate) fn _run_batch(
    py: Python<'_>,
    shipments: &Bound<'_, PyAny>,
    runs: u32,
    rules: Option<&Bound<'_, PyRuleSet>>,
    trace: bool,
) -> PyResult<()> {
    let rules = rules_handle(py, rules)?;
    let jobs = shipments
        .try_iter()?
        .map(|obj| Job::from_py(&obj?).map_err(|e| input_error(py, e, None)))
        .collect::<PyResult<Vec<Job>>>()?;
    let workers = crate::workers::workers().map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
    py.detach(|| {
        for _ in 0..runs {
            let out: Vec<_> = workers.install(|| {
                jobs.par_iter()
                    .map(|j| j.quote(rules.get(), trace))
                    .collect()
            });
            drop(std::hint::black_box(out));
        }
    });
    Ok(())
}

/// Free now every quote set aside for freeing ([`crate::release`]) and wait until the pool has
/// freed them; returns how many this thread had set aside. Benchmarks call it inside their
/// clocks, so that the freeing of the quotes they made is counted.
#[pyfunction]
pub(crate) fn _settle_releases(py: Python<'_>) -> usize {
    let waiting = crate::release::waiting();
    py.detach(crate::release::settle);
    waiting
}
