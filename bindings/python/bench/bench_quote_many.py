"""The quick loop of `quote_many` alone (BENCHMARKS.md, "Python", batches).

    python bindings/python/bench/bench_quote_many.py                 # 100,000 parcels, 5 rounds
    python bindings/python/bench/bench_quote_many.py --n 20000 --rounds 3

The benchmark parcels of `parcels.py`, quoted with the default call and with `trace=False`, in
alternating rounds; each round is timed by the wall clock and the process's CPU time, from the
call until its result is freed and the pool has freed the quotes (`_settle_releases`). Prints
the best round of each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Dict, Tuple

import deminimis
from deminimis import _native

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parcels  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    docs = parcels.parcels(args.n)
    deminimis.quote_many(docs[:1000])  # parse the bundled rules, start the pool
    best: Dict[str, Tuple[float, float]] = {}
    for _ in range(args.rounds):
        for label, trace in (("quote_many(dicts)", True), ("quote_many(dicts, trace=False)", False)):
            w, c = time.perf_counter(), time.process_time()
            out = deminimis.quote_many(docs, trace=trace)
            del out
            _native._settle_releases()
            w, c = time.perf_counter() - w, time.process_time() - c
            old = best.get(label, (float("inf"), float("inf")))
            best[label] = (min(old[0], w), min(old[1], c))
    for label, (w, c) in best.items():
        print(f"{label}: {args.n / w:,.0f} parcels/s, {c * 1e6 / args.n:.2f} CPU µs per parcel")


if __name__ == "__main__":
    main()
