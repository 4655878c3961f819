"""Detection on several cores, judging in one place.

Reading and judging (the Art. 11 de-duplication) stay in the calling process, in input order; only the
detection of each batch (a table's column scans, or a text batch's findings) goes to worker processes.
Results come back in the order the batches were read, so counts, samples and the evidence table are the
same whatever the number of workers. A table's column profiles come from the first batch of its source
and are computed here, before any batch of that source is sent out, for the same reason.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterable, Iterator

from piguard.count.columnar import prepare_table
from piguard.count.pieces import Judged, column_scans, judged_records, prepare
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
        return judged_records([prepare(found, (text,), text)
                               for found, text in zip(d.detect_cells(batch.texts), batch.texts)])
    return prepare_table(batch, column_scans(batch, d, profiles))


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
    input reports. With ``workers`` > 1 the detection runs in that many processes, a few batches ahead."""
    if workers > 1 and d is not default_detector():
        workers = 1                 # a custom detector (NER, other engine) is not rebuilt in workers
    if workers <= 1:
        for item in items:
            yield (item, detect_batch(item, d, profiles) if isinstance(item, Batch) else None)
        return
    # spawn, not fork: polars' and Hyperscan's threads and state must not be copied mid-flight
    ctx = multiprocessing.get_context("spawn")
    pending: deque[tuple[object, Future | None]] = deque()
    with _one_thread_each(), ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm) as pool:
        for item in items:
            if isinstance(item, Batch):
                pending.append((item, pool.submit(_job, item, _profiles_for(item, d, profiles))))
            else:
                pending.append((item, None))
            while len(pending) > 2 * workers:
                yield _ready(pending.popleft())
        while pending:
            yield _ready(pending.popleft())


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
