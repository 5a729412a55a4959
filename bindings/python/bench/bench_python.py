"""Python benchmarks of the `deminimis` package (numbers in BENCHMARKS.md, "## Python").

    python bindings/python/bench/bench_python.py                  # 100,000 parcels, 3 rounds
    python bindings/python/bench/bench_python.py --n 20000 --rounds 1

Each Python figure is set beside the same work done by the core alone inside the same process
(`deminimis._native._run_quotes` / `_run_batch`), so that both share the machine's load: the
difference is what the binding adds. Every figure is timed twice, by the wall clock and by the
process's CPU time (all threads); rounds alternate and each figure keeps its best round. On a
machine shared with other work, CPU time per parcel is the steadier figure, and two cores' worth
of it (2 / CPU time) bounds what the two cores could give. Also measured: `quote_frame` on pandas
and polars, and the pure-Python baseline (`pure_python.py`) after checking that it gives the
engine's amounts on the benchmark parcels. For the Rust numbers outside Python:
`cargo bench -p deminimis --bench quote` (criterion) and
`cargo bench --profile release -p deminimis-python --bench batch`.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

import deminimis
from deminimis import _native

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parcels  # noqa: E402
import pure_python  # noqa: E402

ONE_LINE_US = {
    # The Rust benchmark `quote_us_1_line` (crates/deminimis/benches/quote.rs).
    "date": "2025-09-15",
    "destination": "US",
    "currency": "USD",
    "shipping": "8.00",
    "items": [
        {
            "hs_code": "6109.10.00",
            "origin": "CN",
            "quantity": "3",
            "unit_price": "12.00",
            "duty_rate": "16.5%",
        }
    ],
}

CALLS = 20_000


def clocks(f: Callable[[], Any]) -> Tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process) of one call of f, the freeing of what
    it made included: a freed `Quote` is freed on the rayon pool, in bundles, so the clocks stop
    only once the pool has freed them all (`_settle_releases`)."""
    w, c = time.perf_counter(), time.process_time()
    f()
    _native._settle_releases()
    return time.perf_counter() - w, time.process_time() - c


def kept(f: Callable[[], Any]) -> Tuple[float, float]:
    """clocks(f), with the result freed after the clocks stop (the other batch figures include
    freeing it: the list is dropped as the timed call returns)."""
    held: List[Any] = []
    t = clocks(lambda: held.append(f()))
    held.clear()
    _native._settle_releases()
    return t


def per_call(f: Callable[[], Any], number: int = CALLS) -> Tuple[float, float]:
    def loop() -> None:
        for _ in range(number):
            f()

    w, c = clocks(loop)
    return w / number, c / number


def core_batch(items: List[Any], trace: bool = True) -> Tuple[float, float]:
    """The core alone on a batch: a run that quotes once, less a run that only reads."""
    w1, c1 = clocks(lambda: _native._run_batch(items, 1, trace=trace))
    w0, c0 = clocks(lambda: _native._run_batch(items, 0, trace=trace))
    return max(w1 - w0, 0.0), max(c1 - c0, 0.0)


def check_baseline(docs: List[Dict[str, Any]]) -> None:
    """The baseline must give the engine's amounts on every parcel, or the ratio means nothing."""
    for doc, q in zip(docs, deminimis.quote_many(docs)):
        b = pure_python.quote(doc)
        fees = sum((f.amount for f in q.fees), q.duty * 0)
        got = (b["de_minimis"], b["duty"], b["vat"], b["fees"], b["landed_cost"])
        want = (q.de_minimis.applies, q.duty, q.vat.amount, fees, q.landed_cost)
        if got != want:
            raise SystemExit(f"baseline differs from the engine on {doc}: {got} != {want}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    n = args.n

    deminimis.quote(ONE_LINE_US)  # parse the bundled rules once
    shipment = deminimis.Shipment(ONE_LINE_US)
    docs = parcels.parcels(n)
    check_baseline(docs[: min(n, 20_000)])
    validated = [deminimis.Shipment(d) for d in docs]
    cols = parcels.columns(n)
    frames: Dict[str, Any] = {}
    try:
        import pandas as pd

        frames["pandas"] = pd.DataFrame(cols)
    except ImportError:
        print("pandas not installed: skipped")
    try:
        import polars as pl

        frames["polars"] = pl.DataFrame(cols)
    except ImportError:
        print("polars not installed: skipped")

    one: Dict[str, Callable[[], Tuple[float, float]]] = {
        "core: `RuleSet::quote`, parsed shipment": lambda: tuple(  # type: ignore[return-value]
            x / CALLS for x in clocks(lambda: _native._run_quotes(shipment, CALLS))
        ),
        "core: `RuleSet::quote_lean`, parsed shipment": lambda: tuple(  # type: ignore[return-value]
            x / CALLS for x in clocks(lambda: _native._run_quotes(shipment, CALLS, trace=False))
        ),
        "`quote(Shipment)`": lambda: per_call(lambda: deminimis.quote(shipment)),
        "`quote(dict)`": lambda: per_call(lambda: deminimis.quote(ONE_LINE_US)),
        "`quote(dict).landed_cost` (one amount read)": lambda: per_call(
            lambda: deminimis.quote(ONE_LINE_US).landed_cost
        ),
        "`Shipment(dict)` (parse only)": lambda: per_call(lambda: deminimis.Shipment(ONE_LINE_US)),
        "`Quote.to_dict()` (whole document)": lambda: per_call(
            deminimis.quote(ONE_LINE_US).to_dict, 5_000
        ),
    }
    batch: Dict[str, Callable[[], Tuple[float, float]]] = {
        "core alone, dicts read as JSON text": lambda: core_batch(docs),
        "`quote_many(dicts)`": lambda: clocks(lambda: deminimis.quote_many(docs)),
        "`quote_many(dicts)`, results freed untimed": lambda: kept(
            lambda: deminimis.quote_many(docs)
        ),
        "`quote_many(dicts)`, then every quote's `trace` read": lambda: clocks(
            lambda: [q.trace for q in deminimis.quote_many(docs)]
        ),
        "core alone, dicts read as JSON text, lean": lambda: core_batch(docs, trace=False),
        "`quote_many(dicts, trace=False)`": lambda: clocks(
            lambda: deminimis.quote_many(docs, trace=False)
        ),
        "`quote_many(dicts, trace=False)`, results freed untimed": lambda: kept(
            lambda: deminimis.quote_many(docs, trace=False)
        ),
        "core alone, parsed `Shipment`s": lambda: core_batch(validated),
        "`quote_many(Shipments)`": lambda: clocks(lambda: deminimis.quote_many(validated)),
    }
    for name, df in frames.items():
        batch[f"`quote_frame` ({name}, one parcel per row)"] = lambda df=df: clocks(
            lambda: deminimis.quote_frame(df)
        )
    batch["pure-Python baseline (one thread)"] = lambda: clocks(
        lambda: [pure_python.quote(d) for d in docs]
    )

    best: Dict[str, List[float]] = {}
    for r in range(args.rounds):
        for label, f in list(one.items()) + list(batch.items()):
            wall, cpu = f()
            old = best.get(label, [float("inf"), float("inf")])
            best[label] = [min(old[0], wall), min(old[1], cpu)]
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"deminimis {deminimis.__version__} (rules {deminimis.RuleSet.bundled().version}), "
        f"n={n:,}, best of {args.rounds} rounds, load average {load:.1f} at the end\n"
    )
    print("| one 1-line US quote | wall µs | CPU µs |\n|---|---:|---:|")
    for label in one:
        wall, cpu = best[label]
        print(f"| {label} | {wall * 1e6:.2f} | {cpu * 1e6:.2f} |")
    print(
        f"\n| {n:,} one-line parcels | parcels/s (wall) | CPU µs per parcel | "
        "2 cores' worth of CPU: parcels/s |\n|---|---:|---:|---:|"
    )
    for label in batch:
        wall, cpu = best[label]
        print(
            f"| {label} | {n / wall:,.0f} | {cpu * 1e6 / n:.2f} | {2 * n / cpu:,.0f} |"
        )
    base = best["pure-Python baseline (one thread)"]
    for label in ("`quote_many(dicts)`", "`quote_many(dicts, trace=False)`"):
        wall, cpu = best[label]
        print(
            f"\n{label} against the pure-Python baseline: {base[0] / wall:.2f}x its throughput "
            f"(wall clock), {cpu / base[1]:.2f}x its CPU time per parcel"
        )


if __name__ == "__main__":
    main()
