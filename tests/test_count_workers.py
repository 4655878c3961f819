"""The same scan result whatever the number of worker processes; progress in bytes."""

from __future__ import annotations

import io

import numpy as np
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


def test_tables_go_to_threads_and_text_to_processes_started_only_when_needed(tmp_path, monkeypatch):
    from piguard.count import workers as w

    started = []
    real_pool = w._Processes.pool

    def pool(self):
        started.append(self._pool is None)
        return real_pool(self)

    monkeypatch.setattr(w._Processes, "pool", pool)
    table = tmp_path / "t.csv"
    table.write_text("姓名,手机号\n" + "".join(f"张{'伟芳娜敏静'[i % 5]},1381234{i:04d}\n" for i in range(300)), encoding="utf-8")
    one, _ = _run(table, 1)
    two, _ = _run(table, 2)
    assert one == two and one["pieces_total"] == 300
    assert started == []                          # a table needs no worker process
    text = tmp_path / "t.txt"
    text.write_text("".join(f"客户王{'伟芳娜敏静'[i % 5]}，手机1391234{i:04d}\n" for i in range(200)), encoding="utf-8")
    one, _ = _run(text, 1)
    two, _ = _run(text, 2)
    assert one == two and one["pieces_total"] == 200
    assert started and started[0] is True


def test_each_thread_detects_with_its_own_detector():
    from concurrent.futures import ThreadPoolExecutor

    from piguard.count import workers as w

    def mine(_):
        w._thread_detector()
        return id(w._local.detector)

    with ThreadPoolExecutor(2) as pool:
        ids = set(pool.map(mine, range(50)))
    assert 1 <= len(ids) <= 2 and w._thread_detector() is not w.default_detector()


def test_a_text_batch_crosses_to_another_process_packed_and_unpacks_the_same():
    import pickle

    from piguard.count.pieces import PackedFindings
    from piguard.count.workers import detect_batch
    from piguard.detect.detector import default_detector
    from piguard.scan.records import Batch, Source
    texts = ["客户王伟，手机13912340001，身份证11010519491231002X", "无", "收件人：李娜 地址：北京市朝阳区建国路88号 电话138****5678"]
    judged = detect_batch(Batch(Source("t.txt", "text"), 0, texts=texts), default_detector(), {})
    assert isinstance(judged.findings, PackedFindings) and judged.findings._packed is None
    copy = pickle.loads(pickle.dumps(judged))
    assert copy.findings._found is None and len(copy.findings) == 3
    assert copy.findings._packed is None                        # unpacked only when asked for
    again = pickle.loads(pickle.dumps(copy))                    # passed on still packed
    assert [again.findings[i] for i in range(3)] == [judged.findings[i] for i in range(3)]
    for i in range(3):
        assert copy.findings[i] == judged.findings[i]
    assert len(judged.findings[0]) >= 3 and judged.findings[1] == []


def test_repeated_texts_are_detected_once_with_the_same_verdicts():
    import random

    from piguard.count.pieces import judged_records, prepare
    from piguard.count.workers import prepare_distinct
    from piguard.detect.detector import default_detector
    from piguard.synth import Generator
    lines = [line for doc in Generator(99).corpus(120) for line in doc.text.split("\n")]
    rnd = random.Random(1)
    texts = lines + [rnd.choice(lines) for _ in range(len(lines))]
    rnd.shuffle(texts)
    d = default_detector()
    one_by_one = [prepare(found, (t,), t) for found, t in zip(d.detect_cells(texts), texts)]
    shared = prepare_distinct(d, texts)
    assert shared == one_by_one and len({id(p) for p in shared}) == len(set(texts))
    a, b = judged_records(one_by_one), judged_records(shared)
    for field in ("identifying", "content", "cat", "basis", "exclusion", "first", "inverse"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert sorted(map(bytes, a.persons)) == sorted(map(bytes, b.persons))          # the batch's persons, a set
    assert a.types == b.types and a.crowded == b.crowded and (a.cats, a.bases, a.exclusions) == (b.cats, b.bases, b.exclusions)


def test_the_memory_of_records_is_bounded_and_forgotten_between_scans(monkeypatch, tmp_path):
    from piguard.count import workers
    from piguard.detect.detector import default_detector
    monkeypatch.setattr(workers, "MEMO_CHARS", 300)
    d = default_detector()
    workers._MEMOS.clear()
    texts = [f"客户{i}的电话是1381234{i:04d}" for i in range(100)]
    assert len(workers.prepare_distinct(d, texts)) == 100
    memo = workers._MEMOS[d]
    held = {**memo.old, **memo.new}
    assert 0 < sum(map(len, held)) <= 300 and memo.chars == sum(map(len, memo.new)) and list(memo.new)[-1] == texts[-1]
    # a record that keeps coming back is kept, whatever passes between: looked up again, it moves to ``new``
    keep = texts[-1]
    for k in range(5):
        again = workers.prepare_distinct(d, [keep] + [f"其他{k}_{i}的电话是1391234{i:04d}" for i in range(6)])
        assert again[0] is held[keep]
    (tmp_path / "a.txt").write_text("\n".join(texts), encoding="utf-8")
    memo.new["旧的记录"] = "from an earlier scan"
    scan([str(tmp_path / "a.txt")])
    memo = workers._MEMOS.get(d)
    assert memo is None or "旧的记录" not in {**memo.old, **memo.new}          # a scan starts afresh
