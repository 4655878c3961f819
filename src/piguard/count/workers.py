"""Detection on several cores, judging in one place.

Reading and judging (the Art. 11 de-duplication) stay in the calling process, in input order; only the
detection of each batch goes elsewhere: a table's column scans to a thread (polars, numpy and Hyperscan
do the work and release the GIL), the detection of a text batch's new texts (Python) to a worker process
(its other records are judged here, from the scan's memory of records).
Results come back in the order the batches were read, so counts, samples and the evidence table are the
same whatever the number of workers. A table's column profiles come from the first batch of its source
and are computed here, before any batch of that source is sent out, for the same reason.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Iterable, Iterator, NamedTuple

import numpy as np

from piguard.count.columnar import prepare_table
from piguard.count.memo import TextMemo
from piguard.count.pieces import Judged, PackedFindings, Prepared, code_tables, column_scans, crowded, more_kinds, pack, prepare, recode
from piguard.detect import lexicon
from piguard.detect.columns import profile_column
from piguard.detect.detector import Detector, default_detector
from piguard.scan.records import Batch


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                      # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def detect_batch(batch: Batch, d: Detector, profiles: dict, memo: TextMemo | None = None) -> Judged:
    """A batch's records prepared for the tally (see :class:`piguard.count.pieces.Judged`); a text batch's
    through the scan's ``memo`` (:class:`piguard.count.memo.TextMemo`): each distinct text detected once."""
    if batch.columns is None:
        return (memo if memo is not None else TextMemo()).judged(batch.texts, lambda texts: prepare_texts(d, texts))
    return prepare_table(batch, column_scans(batch, d, profiles))


def prepare_texts(d: Detector, texts: list[str]) -> list[Prepared]:
    """Text records detected (in one pass, :meth:`Detector.detect_cells`) and prepared
    (:func:`piguard.count.pieces.prepare`)."""
    return [prepare(found, (t,), t) for t, found in zip(texts, d.detect_cells(texts))]


def _prepare_job(texts: list[str]) -> tuple:
    """:func:`prepare_texts` in a worker process, its records packed here (:func:`piguard.count.pieces.pack`, in
    this process's codes, with the values they stand for) to cross back (:func:`_unpacked`): the scan's process
    is left only to hold them. Their findings cross as plain tuples (:class:`PackedFindings`), with whether
    they are crowded."""
    prepared = prepare_texts(default_detector(), texts)
    rows = pack(prepared)
    more = {i: more_kinds(p) for i, p in enumerate(prepared) if rows["more"][i]}
    return (rows, code_tables(), more, [PackedFindings.of(p.findings) for p in prepared],
            [crowded(p.findings) for p in prepared])


def _unpacked(packed: tuple) -> tuple[np.ndarray, list[PackedFindings], dict[int, tuple[int, ...]]]:
    """The records of :func:`_prepare_job` for :meth:`TextMemo.add_rows`: their rows in this process's codes,
    their findings (made Finding objects only if asked for) and their kinds beyond a row's room."""
    rows, tables, more, found, crowds = packed
    more = recode(rows, tables, more)
    return rows, [PackedFindings(f, c) for f, c in zip(found, crowds)], more


def _warm() -> None:
    default_detector()          # build (or load the cached pattern database) once per worker, at start
    lexicon.words()             # and read the word list names are told by (a quarter of a second)


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
    so threads share the cores without copying the batch to another process and its result back); of a
    text batch, only the texts that the scan's memory of records (:class:`piguard.count.memo.TextMemo`,
    kept here) does not hold and that no earlier batch sent, to one of ``workers`` processes (detection
    is Python), started once ``WORKERS_AFTER_CHARS`` of new text have been met (until they are up, the
    texts are detected here). A dump that repeats its records sends little: its batches are judged here
    from the memory, and the result does not depend on what was sent where."""
    memo = TextMemo()               # records seen by an earlier scan are not this scan's: nothing carries over
    if workers > 1 and d is not default_detector():
        workers = 1                 # a custom detector (NER, other engine) is not rebuilt in workers
    if workers <= 1:
        for item in items:
            yield (item, detect_batch(item, d, profiles, memo) if isinstance(item, Batch) else None)
        return
    pending: deque[tuple[object, object]] = deque()
    sent: dict[str, None] = {}      # new texts a batch waiting here takes (to a worker or detected here)
    here = 0                        # characters of new texts met

    def ready(entry: tuple[object, object]) -> tuple[object, object]:
        item, job = entry
        if not isinstance(job, _TextJob):
            return item, (None if job is None else job.result())
        if job.future is not None:
            memo.add_rows(job.texts, *_unpacked(job.future.result()))
        elif job.texts and processes.started() and processes.ready():
            # detected here after all, but the batches behind it that were kept here while the workers
            # started go to them first, so that they work meanwhile
            for k, (later, kept) in enumerate(pending):
                if isinstance(kept, _TextJob) and kept.future is None and kept.texts:
                    pending[k] = (later, kept._replace(future=processes.pool().submit(_prepare_job, kept.texts)))
        # the texts kept for this process, and any the memory forgot since, are detected here
        judged = memo.judged(item.texts, lambda texts: prepare_texts(d, texts), job.found)
        for t in job.texts:
            sent.pop(t, None)
        return item, judged

    with _one_thread_each(), ThreadPoolExecutor(max_workers=workers) as threads, _Processes(workers) as processes:
        for item in items:
            if not isinstance(item, Batch):
                pending.append((item, None))
            elif item.columns is None:
                todo, found = memo.unknown(item.texts, sent)
                sent.update(dict.fromkeys(todo))
                if todo and (here := here + sum(map(len, todo))) > WORKERS_AFTER_CHARS and processes.ready():
                    pending.append((item, _TextJob(todo, processes.pool().submit(_prepare_job, todo), found)))
                else:               # nothing new, or workers not needed yet or still starting: detected here
                    pending.append((item, _TextJob(todo, None, found)))
            else:
                pending.append((item, threads.submit(_thread_job, item, _profiles_for(item, d, profiles))))
            while len(pending) > 2 * workers:
                yield ready(pending.popleft())
        while pending:
            yield ready(pending.popleft())


# characters of new text (not held by the memory) that the scan detects in its own process before it
# starts worker processes, which take a second or so to start: about as long as this takes to detect. A
# dump that repeats a few documents, or a folder of small text files, never needs them.
WORKERS_AFTER_CHARS = 500_000


class _TextJob(NamedTuple):
    """The new texts of a text batch, and the future of their prepared records when a worker process
    prepares them (None: they are detected in this process)."""

    texts: list[str]
    future: Future | None
    found: tuple | None = None          # what the memory's look-up of the batch found (TextMemo.unknown)


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
        self._warming: Future | None = None

    def started(self) -> bool:
        return self._warming is not None

    def ready(self) -> bool:
        """Are the workers up? Asked first, it starts them (a second or so: each imports piguard and loads
        the pattern database), and until they are up the caller detects in its own process instead of
        waiting: a dump that repeats its records may need no worker at all after its first batches."""
        if self._warming is None:
            self._warming = self.pool().submit(_warm)
        return self._warming.done()

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
