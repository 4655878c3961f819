"""The same scan result whatever the number of worker processes; progress in bytes."""

from __future__ import annotations

import io

import pytest

from piguard.count.run import scan
from piguard.synth.evidence import write_evidence


@pytest.fixture(scope="module")
def evidence(tmp_path_factory):
    folder = tmp_path_factory.mktemp("w")
    write_evidence(folder, seed=9, rows=60)
    return folder / "evidence"


def _run(path, workers):
    out = io.StringIO()
    result = scan([str(path)], evidence=out, workers=workers)
    result.pop("created")
    return result, out.getvalue()


def test_workers_give_the_same_result_and_evidence(evidence):
    one, ev_one = _run(evidence, 1)
    two, ev_two = _run(evidence, 2)
    assert one == two
    assert ev_one == ev_two and ev_one.count("\n") > one["records"]
    assert one["pieces_total"] > 0


def test_progress_reports_bytes_up_to_the_total(evidence):
    seen = []
    scan([str(evidence)], progress=lambda n, done, total: seen.append((n, done, total)))
    assert seen
    records = [n for n, _, _ in seen]
    done = [d for _, d, _ in seen]
    total = seen[-1][2]
    assert records == sorted(records) and done == sorted(done)
    assert total == sum(p.stat().st_size for p in evidence.rglob("*") if p.is_file())
    assert 0 < done[-1] <= total


def test_workers_start_with_one_polars_thread_each(monkeypatch):
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from piguard.count.workers import _one_thread_each
    monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
    with _one_thread_each():
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            assert pool.submit(_polars_threads).result() == 1
    assert "POLARS_MAX_THREADS" not in os.environ


def _polars_threads() -> int:
    import polars as pl
    return pl.thread_pool_size()
