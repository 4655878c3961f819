"""Detection on several cores, judging in one place.

Reading and judging (the Art. 11 de-duplication) stay in the calling process, in input order; only the
detection of each batch goes elsewhere: a table's column scans to a thread (polars, numpy and Hyperscan
do the work and release the GIL), a text batch's findings (Python) to a worker process.
Results come back in the order the batches were read, so counts, samples and the evidence table are the
same whatever the number of workers. A table's column profiles come from the first batch of its source
and are computed here, before any batch of that source is sent out, for the same reason.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import weakref
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Iterable, Iterator

from piguard.count.columnar import prepare_table
from piguard.count.pieces import Judged, Prepared, column_scans, judged_records, prepare
from piguard.detect.columns import profile_column
from piguard.detect.detector import Detector, default_detector
from piguard.scan.records import Batch


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                      # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def detect_batch(batch: Batch, d: Detector, profiles: dict) -> Judged:
    """A batch's records prepared for the tally (see :class:`piguard.count.pieces.Judged`)."""
    if batch.columns is None:
        return judged_records(prepare_distinct(d, batch.texts))
    return prepare_table(batch, column_scans(batch, d, profiles))


def prepare_distinct(d: Detector, texts: list[str]) -> list[Prepared]:
    """Each text record detected and prepared (:func:`piguard.count.pieces.prepare`), each distinct text
    once: a dump repeats its records (the data resold, lists merged), and what a record is depends on its
    own text only. Records of one text share one :class:`Prepared` (which ``judged_records`` takes
    together). The latest distinct records, up to ``MEMO_RECORDS`` of them and ``MEMO_CHARS`` characters in
    all, are kept for the next batches of the scan, per detector (so per thread and per worker process)."""
    memo = _MEMOS.get(d)
    if memo is None:
        memo = _MEMOS[d] = _Memo()
    out = list(map(memo.new.get, texts))                  # most records of a dump that repeats: one look-up in C
    if all(out):                # (a Prepared is true; ``None in out`` would call its __eq__ for every record)
        return out
    todo: dict[str, list[int]] = {}
    for i, p in enumerate(out):
        if p is None:
            t = texts[i]
            p = memo.old.get(t)
            if p is None:
                todo.setdefault(t, []).append(i)
                continue
            memo.put(t, p)                                  # seen again: kept another generation
            out[i] = p
    for (t, at), found in zip(todo.items(), d.detect_cells(list(todo))):
        p = prepare(found, (t,), t)
        memo.put(t, p)
        for i in at:
            out[i] = p
    return out


MEMO_RECORDS = 100_000          # distinct record texts whose verdicts are kept between batches, at most
MEMO_CHARS = 8_000_000          # ... and characters of them in all (with their findings some tens of MB)


class _Memo:
    """Prepared records by their text, in two generations: ``new`` takes what is prepared or looked up
    again; when it holds half the limits it becomes ``old`` and the ``old`` before it is dropped. A record
    is remembered as long as it recurs (about as a least-recently-used memo, without moving an entry on
    every look-up)."""

    def __init__(self) -> None:
        self.new: dict[str, Prepared] = {}
        self.old: dict[str, Prepared] = {}
        self.chars = 0                  # characters of the texts in ``new``

    def put(self, text: str, p: Prepared) -> None:
        if text in self.new:
            return
        self.new[text] = p
        self.chars += len(text)
        if 2 * len(self.new) > MEMO_RECORDS or 2 * self.chars > MEMO_CHARS:
            self.old, self.new, self.chars = self.new, {}, 0


_MEMOS: "weakref.WeakKeyDictionary[Detector, _Memo]" = weakref.WeakKeyDictionary()


def _job(batch: Batch, profiles: dict) -> Judged:
    return detect_batch(batch, default_detector(), profiles)


def _warm() -> None:
    default_detector()          # build (or load the cached pattern database) once per worker, at start


def _profiles_for(batch: Batch, d: Detector, profiles: dict) -> dict:
    """The profiles of a table batch's columns, from the first batch of its source (computed once)."""
    if batch.columns is None:
        return {}
    own = {}
    for j, header in enumerate(batch.columns):
        key = (batch.source.path, j, header)
        if key not in profiles:
            profiles[key] = profile_column(header, batch.column(j), d)
        own[key] = profiles[key]
    return own


def detected(items: Iterable, d: Detector, profiles: dict, workers: int = 1) -> Iterator[tuple[object, object]]:
    """``(item, detection)`` for each item of ``read_inputs`` in order; ``detection`` is None for the
    input reports. With ``workers`` > 1 the detection runs a few batches ahead: a table batch in one of
    ``workers`` threads (its column scans run in polars, numpy and Hyperscan, which let go of the GIL,
    so threads share the cores without copying the batch to another process and its result back), a
    text batch (detection in Python) in one of ``workers`` processes, started when the first comes."""
    _MEMOS.clear()                  # records seen by an earlier scan are not this scan's: nothing carries over
    if workers > 1 and d is not default_detector():
        workers = 1                 # a custom detector (NER, other engine) is not rebuilt in workers
    if workers <= 1:
        for item in items:
            yield (item, detect_batch(item, d, profiles) if isinstance(item, Batch) else None)
        return
    pending: deque[tuple[object, Future | None]] = deque()
    with _one_thread_each(), ThreadPoolExecutor(max_workers=workers) as threads, _Processes(workers) as processes:
        for item in items:
            if not isinstance(item, Batch):
                pending.append((item, None))
            elif item.columns is None:
                pending.append((item, processes.pool().submit(_job, item, {})))
            else:
                pending.append((item, threads.submit(_thread_job, item, _profiles_for(item, d, profiles))))
            while len(pending) > 2 * workers:
                yield _ready(pending.popleft())
        while pending:
            yield _ready(pending.popleft())


_local = threading.local()


def _thread_job(batch: Batch, profiles: dict) -> Judged:
    """A table batch in a thread, with the thread's own detector: a Hyperscan scan lets go of the GIL,
    and two scans must not share one database's scratch space."""
    return detect_batch(batch, _thread_detector(), profiles)


def _thread_detector() -> Detector:
    """The calling thread's detector (the default configuration, built once per thread)."""
    if not hasattr(_local, "detector"):
        _local.detector = Detector()
    return _local.detector


class _Processes:
    """A pool of worker processes, started only when first asked for (a scan of tables needs none)."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: polars' and Hyperscan's threads and state must not be copied mid-flight
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_warm)
        return self._pool

    def __enter__(self) -> "_Processes":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=exc[0] is not None)


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """Workers are one per core: their polars must not start a thread per core each as well. The setting
    is read when a worker imports polars, so it is in the environment while workers may start."""
    before = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = before


def _ready(entry: tuple[object, Future | None]) -> tuple[object, list | None]:
    item, future = entry
    return item, (None if future is None else future.result())
