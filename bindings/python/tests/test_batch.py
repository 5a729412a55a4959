"""quote_many: input order, per-row errors, the GIL released while the core works."""

from __future__ import annotations

import copy
import gc
import json
import multiprocessing
import os
import pickle
import threading
import time
import warnings
from decimal import Decimal
from typing import Any, Dict, Iterator, List

import pytest

import deminimis

from .conftest import REPO, golden_files

RULES_JSON = REPO / "crates" / "deminimis" / "data" / "rules.json"


def parcels(base: Dict[str, Any], n: int) -> List[Dict[str, Any]]:
    """n parcels of different prices (so that order mistakes show)."""
    out = []
    for i in range(n):
        d = copy.deepcopy(base)
        d["items"][0]["unit_price"] = Decimal(5 + i) / 4
        out.append(d)
    return out


def test_order_kept(us_tshirts: Dict[str, Any], de_blouse: Dict[str, Any]) -> None:
    docs = [x for pair in zip(parcels(us_tshirts, 300), parcels(de_blouse, 300)) for x in pair]
    batch = deminimis.quote_many(docs)
    assert len(batch) == len(docs)
    for doc, q in zip(docs, batch):
        assert q == deminimis.quote(doc)
    assert [q.destination for q in batch[:4]] == ["US", "DE", "US", "DE"]


def test_mixed_inputs_and_iterables(us_tshirts: Dict[str, Any]) -> None:
    s = deminimis.Shipment(us_tshirts)

    def gen() -> Iterator[Any]:
        yield us_tshirts
        yield s

    batch = deminimis.quote_many(gen())
    assert batch[0] == batch[1] == deminimis.quote(s)
    assert deminimis.quote_many([]) == []
    assert deminimis.quote_many((s,)) == [deminimis.quote(s)]


def test_collect_errors_in_place(us_tshirts: Dict[str, Any]) -> None:
    docs: List[Any] = parcels(us_tshirts, 6)
    docs[1]["items"][0]["unit_price"] = 1.5  # float, refused before the core
    docs[3]["destination"] = "XX"  # refused by the core
    docs[4] = "not a shipment"
    out = deminimis.quote_many(docs, errors="collect")
    assert [type(x).__name__ for x in out] == [
        "Quote",
        "FloatAmountError",
        "Quote",
        "UnknownCountryError",
        "InvalidTypeError",
        "Quote",
    ]
    errs = [x for x in out if isinstance(x, deminimis.Error)]
    assert [(e.index, e.code, e.path) for e in errs] == [
        (1, "float_amount", "$.items[0].unit_price"),
        (3, "unknown_country", "$.destination"),
        (4, "invalid_value", "$"),
    ]
    assert str(errs[1]).startswith("shipment 3: $.destination")
    assert out[5] == deminimis.quote(docs[5])


def test_raise_mode_raises_the_first_failing_shipment(us_tshirts: Dict[str, Any]) -> None:
    docs = parcels(us_tshirts, 6)
    docs[2]["destination"] = "XX"
    docs[4]["items"][0]["unit_price"] = 2.5
    with pytest.raises(deminimis.UnknownCountryError) as info:
        deminimis.quote_many(docs)
    assert info.value.index == 2
    docs[2]["destination"] = "US"
    with pytest.raises(deminimis.FloatAmountError) as info2:
        deminimis.quote_many(docs)
    assert info2.value.index == 4


def test_bad_errors_argument(us_tshirts: Dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="errors"):
        deminimis.quote_many([us_tshirts], errors="ignore")  # type: ignore[call-overload]


def test_rules_argument(us_tshirts: Dict[str, Any]) -> None:
    rules = deminimis.RuleSet.bundled()
    assert deminimis.quote_many([us_tshirts], rules=rules) == [deminimis.quote(us_tshirts)]


def test_a_batch_quote_writes_its_trace_when_first_read(
    us_tshirts: Dict[str, Any], de_blouse: Dict[str, Any]
) -> None:
    # quote_many quotes without the explanation and keeps the shipment; the trace is written
    # when first read (pickling, to_json and == read it too), the same as quote() writes it.
    docs: List[Any] = [us_tshirts, deminimis.Shipment(de_blouse)]
    wants = [deminimis.quote(d) for d in docs]
    for read in ("pickle", "to_json", "to_dict", "eq", "trace"):
        batch = deminimis.quote_many(docs)
        for q, want in zip(batch, wants):
            assert q.landed_cost == want.landed_cost and q.warnings == want.warnings
            if read == "pickle":
                assert pickle.loads(pickle.dumps(q)).to_json() == want.to_json()
            elif read == "to_json":
                assert q.to_json() == want.to_json()
            elif read == "to_dict":
                assert q.to_dict() == want.to_dict()
            elif read == "eq":
                assert q == want
            else:
                assert q.trace == want.trace
            assert q.trace == want.trace and q.to_json() == want.to_json()
    assert all(not q.trace for q in deminimis.quote_many(docs, trace=False))


def test_a_batch_quote_writes_its_trace_under_the_batch_rules(us_tshirts: Dict[str, Any]) -> None:
    # The trace written later comes from the rules the batch used, not the bundled ones.
    rules = json.loads(RULES_JSON.read_text())
    for regime in rules["regimes"]:
        regime["name"] = "Renamed " + regime["name"]
    renamed = deminimis.RuleSet.from_json(json.dumps(rules))
    (q,) = deminimis.quote_many([us_tshirts], rules=renamed)
    assert q.regime.name.startswith("Renamed ")
    assert any("Renamed " in step.detail for step in q.trace)
    assert q == deminimis.quote(us_tshirts, rules=renamed)


def test_freed_quotes_are_freed_off_the_interpreters_thread(us_tshirts: Dict[str, Any]) -> None:
    # A freed Quote's contents are set aside and freed by the pool in bundles of 256 (at most
    # 255 wait per thread); settling frees what waits and waits for the pool.
    # The collector stays off meanwhile: it could free older quotes (held in cycles) in between.
    _native = deminimis._native
    docs = parcels(us_tshirts, 300)
    gc.collect()
    gc.disable()
    try:
        _native._settle_releases()
        batch = deminimis.quote_many(docs)
        assert _native._settle_releases() == 0
        del batch
        assert _native._settle_releases() == 300 - 256
        assert _native._settle_releases() == 0
        one = deminimis.quote(us_tshirts)
        del one
        assert _native._settle_releases() == 1
    finally:
        gc.enable()


def _batch_in_child(docs: List[Dict[str, Any]]) -> List[str]:
    """quote_many in a forked child: its landed costs, after freeing a batch there."""
    deminimis.quote_many(docs)  # freed at once, through the child's own pool
    deminimis._native._settle_releases()
    return [str(q.landed_cost) for q in deminimis.quote_many(docs)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX only")
def test_quote_many_in_a_forked_child(us_tshirts: Dict[str, Any]) -> None:
    # A child made by fork() has none of the parent's threads: the batch must start its own
    # (it used to wait forever on the parent's pool).
    docs = parcels(us_tshirts, 600)
    want = [str(q.landed_cost) for q in deminimis.quote_many(docs)]  # the parent's pool runs
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads may deadlock: this is the case.
        warnings.simplefilter("ignore", DeprecationWarning)
        with multiprocessing.get_context("fork").Pool(1) as pool:
            got = pool.apply_async(_batch_in_child, (docs,)).get(timeout=120)
    assert got == want


def test_gil_is_released_while_quoting(us_tshirts: Dict[str, Any]) -> None:
    """Another Python thread runs while the core quotes (it could not if the GIL were held)."""
    s = deminimis.Shipment(us_tshirts)
    docs = [s] * 50_000
    done = threading.Event()
    ticks = 0

    def work() -> None:
        deminimis.quote_many(docs)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    time.sleep(0.005)
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    t.join()
    assert ticks > 10


def test_quotes_stay_out_of_the_cyclic_collector(
    us_tshirts: Dict[str, Any], de_blouse: Dict[str, Any]
) -> None:
    # A Quote holds no Python object, so the collector is spared it (PyQuote::into_object); it is
    # freed by reference counting; it has no __dict__ and cannot be subclassed, so no Python
    # object can be attached to it.
    quotes = [
        deminimis.quote(us_tshirts),
        *deminimis.quote_many([us_tshirts, de_blouse]),
        *deminimis.compare(us_tshirts, ["2024-06-01", "2026-01-01"]),
        deminimis.timeline(de_blouse, "2026-06-01", "2026-08-01")[0].quote,
    ]
    quotes.append(deminimis.Quote.from_json(quotes[0].to_json()))
    quotes.append(pickle.loads(pickle.dumps(quotes[1])))
    assert quotes[-2] == quotes[0] and quotes[-1] == quotes[1]
    for q in quotes:
        assert isinstance(q, deminimis.Quote)
        assert not gc.is_tracked(q)
    assert not hasattr(quotes[0], "__dict__")
    with pytest.raises(TypeError):

        class Sub(deminimis.Quote):  # type: ignore[misc]
            pass
    gc.collect()
    assert quotes[1].duty == deminimis.quote(us_tshirts).duty


def test_trace_false_gives_the_same_quotes_without_their_trace() -> None:
    # Every golden case that quotes: the same document in every field but `trace`, which is
    # empty; refusals are the same errors.
    docs = [json.loads(f.read_text())["shipment"] for f in golden_files()]
    full = deminimis.quote_many(docs, errors="collect")
    lean = deminimis.quote_many(docs, errors="collect", trace=False)
    quoted = 0
    for f, q, q_lean in zip(golden_files(), full, lean):
        if isinstance(q, deminimis.Error):
            assert isinstance(q_lean, deminimis.Error) and q_lean.errors == q.errors, f.name
            continue
        assert isinstance(q_lean, deminimis.Quote), f.name
        want = q.to_dict()
        want["trace"] = []
        assert q_lean.to_dict() == want, f.name
        assert q.trace, f.name
        quoted += 1
    assert quoted > 100
