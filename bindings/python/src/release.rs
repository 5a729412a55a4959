//! Freeing quotes off the interpreter's thread.
//!
//! A `Quote` object owns the core's quote: a dozen heap blocks (its lines, duties, fees, texts,
//! the deferred sentences of its trace). Python frees the object on the thread that drops the
//! last reference, holding the interpreter: for a batch, right after `quote_many` returned or
//! when its list goes, 100,000 quotes in a row, which kept the interpreter's thread busy about
//! 0.5-1 µs per quote while the worker threads stood idle (BENCHMARKS.md, "Python"). Freed
//! quotes are set aside here and freed by the rayon pool in bundles of [`BUNDLE`].
//!
//! At most `BUNDLE - 1` quotes per thread wait for the next bundle; a thread that ends frees
//! its own. Nothing here touches a Python object: what is set aside is plain Rust data.

use crate::types::Held;
use crate::workers::workers;
use std::cell::RefCell;

/// Quotes freed per job of the pool: large enough that a spawn is cheap beside the freeing,
/// small enough that little memory waits.
pub(crate) const BUNDLE: usize = 256;

thread_local! {
    static WAITING: RefCell<Vec<Held>> = const { RefCell::new(Vec::new()) };
}

/// Free `value` later, on the pool (or now, when this thread is ending).
pub(crate) fn release(value: Held) {
    let _ = WAITING.try_with(|waiting| {
        let Ok(mut waiting) = waiting.try_borrow_mut() else {
            return;
        };
        if waiting.capacity() == 0 {
            waiting.reserve_exact(BUNDLE);
        }
        waiting.push(value);
        if waiting.len() >= BUNDLE {
            let bundle = std::mem::replace(&mut *waiting, Vec::with_capacity(BUNDLE));
            // Without worker threads (they could not be started), the bundle is freed here.
            if let Ok(w) = workers() {
                w.spawn_counted(move || drop(bundle));
            }
        }
    });
}

/// Free what this thread set aside, then wait until the pool has freed every bundle (for
/// benchmarks, which must count the freeing of what they made, and tests).
pub(crate) fn settle() {
    let _ = WAITING.try_with(|waiting| {
        if let Ok(mut waiting) = waiting.try_borrow_mut() {
            waiting.clear();
        }
    });
    if let Ok(w) = workers() {
        w.wait_counted();
    }
}

/// Quotes this thread has set aside, waiting for a bundle (for tests).
pub(crate) fn waiting() -> usize {
    WAITING
        .try_with(|waiting| waiting.try_borrow().map_or(0, |w| w.len()))
        .unwrap_or(0)
}
