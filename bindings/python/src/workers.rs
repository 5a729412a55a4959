//! The worker threads of the process: one rayon pool, made on first use, and made again in a
//! child process made by `fork` (`multiprocessing`'s default on Linux before Python 3.14).
//!
//! A forked child has only the thread that called `fork`: a pool made before the fork has no
//! threads there, and a job handed to it never runs (`quote_many` in a `multiprocessing` worker
//! waited forever). So the pool is kept with the id of the process that made it; a process that
//! finds another's makes its own, and leaves the inherited one alone (its threads do not exist
//! in this process, so there is nothing to stop or join).

use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// A rayon pool and the count of its jobs still running that someone may wait for.
pub(crate) struct Workers {
    threads: rayon::ThreadPool,
    /// Jobs handed to the pool with [`Workers::spawn_counted`] and not yet finished.
    counted: Mutex<usize>,
    /// Signalled when `counted` falls to zero.
    all_done: Condvar,
}

/// The pool of this process, with the id of the process that made it.
static POOL: Mutex<Option<(u32, Arc<Workers>)>> = Mutex::new(None);

/// The pool of this process (made now if there is none, or if it was made by a parent before
/// a fork). `Err` when the threads cannot be started.
pub(crate) fn workers() -> Result<Arc<Workers>, String> {
    let pid = std::process::id();
    let mut pool = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((owner, w)) = pool.as_ref() {
        if *owner == pid {
            return Ok(Arc::clone(w));
        }
    }
    let threads = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("deminimis-{i}"))
        .build()
        .map_err(|e| format!("could not start the worker threads: {e}"))?;
    let w = Arc::new(Workers {
        threads,
        counted: Mutex::new(0),
        all_done: Condvar::new(),
    });
    if let Some(inherited) = pool.replace((pid, Arc::clone(&w))) {
        // Made by the parent: its threads are not in this process; dropping it would ask them
        // to stop and wait for nothing. Its memory is the parent's copy; leave it.
        std::mem::forget(inherited);
    }
    Ok(w)
}

impl Workers {
    /// Run `job` on the pool.
    pub fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        self.threads.spawn(job);
    }

    /// Run `job` on the pool, counted until it finishes ([`Workers::wait_counted`]).
    pub fn spawn_counted(self: &Arc<Self>, job: impl FnOnce() + Send + 'static) {
        *self.count() += 1;
        let me = Arc::clone(self);
        self.threads.spawn(move || {
            job();
            let mut counted = me.count();
            *counted = counted.saturating_sub(1);
            if *counted == 0 {
                me.all_done.notify_all();
            }
        });
    }

    /// Wait (asleep) until every counted job has finished.
    pub fn wait_counted(&self) {
        let mut counted = self.count();
        while *counted > 0 {
            counted = self
                .all_done
                .wait(counted)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The count of running counted jobs, locked (a poisoned lock still holds a good count: the
    /// jobs only free memory).
    fn count(&self) -> std::sync::MutexGuard<'_, usize> {
        self.counted.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Run `f` inside the pool (for `par_iter` in benchmarks).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.threads.install(f)
    }
}
