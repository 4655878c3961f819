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


@pytest.fixture
def eager_workers(monkeypatch):
    """Worker processes detect every new text, from the first batch (waited for while they start)."""
    from piguard.count import workers as w
    real_ready = w._Processes.ready

    def ready(self):
        real_ready(self)
        self._warming.result()
        return True

    monkeypatch.setattr(w._Processes, "ready", ready)
    monkeypatch.setattr(w, "WORKERS_AFTER_CHARS", 0)


def test_workers_give_the_same_result_and_evidence(evidence, eager_workers):
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
    """A table needs no worker process; text that takes less time to detect than workers take to start
    needs none either; more text starts them, and they give the same result."""
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
    one, ev_one = _run(text, 1)
    two, ev_two = _run(text, 2)
    assert one == two and ev_one == ev_two and one["pieces_total"] == 200
    assert started == []                          # 200 lines are detected sooner than workers start
    monkeypatch.setattr(w, "WORKERS_AFTER_CHARS", 0)
    real_ready = w._Processes.ready
    monkeypatch.setattr(w._Processes, "ready", lambda self: real_ready(self) or self._warming.result() or True)
    two, ev_two = _run(text, 2)
    assert one == two and ev_one == ev_two
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


@pytest.mark.parametrize("up", [True, False])
def test_only_texts_the_memory_does_not_hold_go_to_the_worker_processes(monkeypatch, tmp_path, up):
    """A dump that repeats its records: each distinct text is sent to a worker once at most (none that an
    earlier batch sent and has not brought back), the rest are judged from the memory, and the counts are
    those of one worker. Workers still starting get nothing: the scan detects in its own process."""
    from concurrent.futures import ThreadPoolExecutor

    from piguard.count import workers
    from piguard.scan import readers
    sent: list[list[str]] = []

    class Pool(ThreadPoolExecutor):           # in this process, so the texts sent can be counted
        def submit(self, fn, *args):
            if fn is workers._prepare_job:
                sent.append(list(args[0]))
            return super().submit(fn, *args)

    monkeypatch.setattr(workers._Processes, "pool", lambda self: self.__dict__.setdefault("_p", Pool(2)))
    monkeypatch.setattr(workers._Processes, "ready", lambda self: up)
    monkeypatch.setattr(workers, "WORKERS_AFTER_CHARS", 0)
    monkeypatch.setattr(readers, "TEXT_BATCH_CHARS", 1000)
    lines = [f"客户{i}，手机1391234{i:04d}，住址北京市朝阳区建国路{i}号" for i in range(60)] + ["无", ""]
    path = tmp_path / "dump.txt"
    path.write_text("\n".join(lines * 8) + "\n", encoding="utf-8")
    two, one = scan([str(path)], workers=2), scan([str(path)], workers=1)
    texts = [t for batch in sent for t in batch]
    assert sorted(texts) == (sorted(set(lines)) if up else []) and len(sent) >= (2 if up else 0)
    for key in ("records", "pieces", "persons", "excluded", "types"):
        assert two[key] == one[key], key
    assert one["records"] == 8 * len(lines) and one["excluded"]["duplicate"] == 7 * 60


def test_records_cross_from_a_worker_packed_and_are_judged_the_same(monkeypatch):
    """A worker packs its records in its own codes and says what they stand for: the scan's process puts them
    in its codes and judges them as the records themselves are; their findings come back as plain tuples,
    made Finding objects only when asked for, crowded worked out there."""
    import pickle

    from piguard.count import pieces
    from piguard.count import workers as w
    from piguard.count.pieces import PackedFindings, crowded, judged_records, judged_rows
    from piguard.detect.detector import default_detector
    texts = ["客户王伟，手机13912340001，身份证11010519491231002X", "无", "收件人：李娜 地址：北京市朝阳区建国路88号 电话138****5678",
             "，".join(f"1381234567{i}" for i in range(7)),
             "，".join(f"{k}：{v}" for k, v in (("姓名", "赵敏"), ("手机", "13912340002"), ("邮箱", "zm@example.com"), ("QQ", "12345678"),
                                               ("微信", "zhaomin_88"), ("车牌", "京A12345"), ("IP", "10.1.2.3"), ("邮编", "100020"),
                                               ("银行卡", "6222021234567890128"), ("出生日期", "1990年1月2日")))]
    here = w.prepare_texts(default_detector(), texts)
    # the worker's codes are not this process's: another order of first use
    worker_codes = [pieces._Codes() for _ in range(4)]
    for codes in worker_codes:
        codes("a value this process never met")
    with monkeypatch.context() as mp:
        for name, codes in zip(("_CATS", "_BASES", "_EXCLUSIONS", "_KINDS"), worker_codes):
            mp.setattr(pieces, name, codes)
        mp.setattr(pieces, "_KIND_INDEX", pieces._KindIndex())
        packed = pickle.dumps(w._prepare_job(texts))
    rows, found, more = w._unpacked(pickle.loads(packed))
    assert more and all(isinstance(f, PackedFindings) and f._made is None for f in found)
    assert [crowded(f) for f in found] == [crowded(p.findings) for p in here] and crowded(found[3]) == ("mobile", 7)
    a, b = judged_records(here), judged_rows(rows, found, more.__getitem__)
    for field in ("identifying", "content", "cat", "basis", "exclusion"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert a.types == b.types and a.crowded == b.crowded and (a.cats, a.bases, a.exclusions) == (b.cats, b.bases, b.exclusions)
    assert all(f._made is None for f in found)            # kinds and crowding read without making them
    assert [list(f) for f in found] == [list(p.findings) for p in here] and found[0] == here[0].findings
    assert found[0][0].status is here[0].findings[0].status and len(found[1]) == 0


def test_repeated_texts_are_detected_once_with_the_same_verdicts():
    import random

    from piguard.count.memo import TextMemo
    from piguard.count.pieces import judged_records, prepare
    from piguard.count.workers import prepare_texts
    from piguard.detect.detector import default_detector
    from piguard.synth import Generator
    lines = [line for doc in Generator(99).corpus(120) for line in doc.text.split("\n")]
    rnd = random.Random(1)
    texts = lines + [rnd.choice(lines) for _ in range(len(lines))]
    rnd.shuffle(texts)
    d = default_detector()
    one_by_one = [prepare(found, (t,), t) for found, t in zip(d.detect_cells(texts), texts)]
    asked: list[str] = []

    def once(todo):
        asked.extend(todo)
        return prepare_texts(d, todo)

    memo = TextMemo()
    a = judged_records(one_by_one)
    for b in (memo.judged(texts, once), memo.judged(texts, once)):          # the second time from the memory
        for field in ("identifying", "content", "cat", "basis", "exclusion", "first", "inverse"):
            assert np.array_equal(getattr(a, field), getattr(b, field)), field
        assert sorted(map(bytes, a.persons)) == sorted(map(bytes, b.persons))          # the batch's persons, a set
        assert a.types == b.types and a.crowded == b.crowded
        assert (a.cats, a.bases, a.exclusions) == (b.cats, b.bases, b.exclusions)
        assert [list(b.findings[i]) for i in range(len(texts))] == [list(p.findings) for p in one_by_one]
    assert sorted(asked) == sorted(set(texts))                  # each distinct text prepared once, not again


def test_the_memory_of_records_is_bounded_and_keeps_what_recurs(monkeypatch):
    from piguard.count import memo as m
    from piguard.count.workers import prepare_texts
    from piguard.detect.detector import default_detector
    monkeypatch.setattr(m, "MEMO_CHARS", 300)
    d = default_detector()
    memo = m.TextMemo()
    asked: list[str] = []

    def prepare(todo):
        asked.extend(todo)
        return prepare_texts(d, todo)

    keep = "客户王伟的电话是13912340001"
    for k in range(30):
        batch = [keep] + [f"其他{k}_{i}的电话是1391234{i:04d}" for i in range(8)]
        judged = memo.judged(batch, prepare)
        assert judged.identifying.all() and len(judged) == 9
        # at most the limit and one batch more; the slots of forgotten records are used again
        assert sum(map(len, memo.texts())) <= 300 + sum(map(len, batch)) and len(memo.findings) <= 60
    assert asked.count(keep) == 1 and len(asked) == 1 + 30 * 8       # the record that recurs is never forgotten
    forgotten = "其他0_0的电话是13912340000"
    assert forgotten not in memo.texts() and memo.judged([forgotten], prepare).identifying.all() and asked[-1] == forgotten


def test_what_a_look_up_found_stands_until_the_memory_forgets(monkeypatch):
    """The slots TextMemo.unknown found are used by judged() of the same batch while no slot was given to
    another text; after the memory forgot, the batch is looked up again: the verdicts are the same."""
    from piguard.count import memo as m
    from piguard.count.workers import prepare_texts
    from piguard.detect.detector import default_detector
    monkeypatch.setattr(m, "MEMO_RECORDS", 12)
    d = default_detector()
    batch = [f"客户{i}的电话是1391234{i:04d}" for i in range(4)] + ["无"]
    memo = m.TextMemo()
    memo.judged(batch, lambda ts: prepare_texts(d, ts))
    todo, found = memo.unknown(batch)
    assert todo == [] and (found[1] >= 0).all()
    expected = memo.judged(batch, lambda ts: prepare_texts(d, ts), found)
    for k in range(3):                                # other records: the memory forgets, slots are reused
        memo.judged([f"其他{k}_{i}的电话是1381234{i:04d}" for i in range(6)], lambda ts: prepare_texts(d, ts))
    assert memo.generation > found[0]
    again = memo.judged(batch, lambda ts: prepare_texts(d, ts), found)
    for field in ("identifying", "content", "cat", "exclusion"):
        assert np.array_equal(getattr(again, field), getattr(expected, field)), field
    assert [list(again.findings[i]) for i in range(5)] == [list(expected.findings[i]) for i in range(5)]
