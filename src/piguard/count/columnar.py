"""Judging a table batch column-wise: the same verdicts as :meth:`Tally.judge` row by row, without a
Python object per finding.

Rows whose every cell was settled by a column fast path (``ColumnScan.fast``) are grouped by their
*signature*, the status of each fast column (valid, invalid, masked, placeholder, none). Whether a
signature identifies a person, why it is excluded, its category and which value is its person key are
decided once per signature, on one representative row, by the very functions the row-by-row path uses.
Per row there remain only two 128-bit digests of keys given in pieces (a batch at once); the
de-duplication is the tally's, for the whole batch at once (:meth:`Tally.take`). Rows with any cell the
text detector had to read, or with two identifying values of one kind (whose order in the content key
depends on the values), take the row-by-row path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import polars as pl

from piguard import native
from piguard.count.pieces import (BLANK, IDENTIFYING, Judged, JudgedBuilder, TableFindings, Tally, Verdict, exclusion, identifies,
                                   prepare, rules)
from piguard.detect.categories import categorize
from piguard.detect.columns import ColumnScan
from piguard.detect.findings import Finding
from piguard.detect.normalize import PY_WHITESPACE, SPACE_TABLE
from piguard.native import key_digests
from piguard.scan.records import Batch

PLACEHOLDER = 4          # a valid value that is a listed test value or one repeated character


def status_codes(col: ColumnScan) -> np.ndarray:
    """Per cell of a fast column: 0 none, 1 valid, 2 invalid, 3 masked, 4 valid placeholder."""
    codes = col.fast.status.astype(np.int8)
    listed = rules()["placeholders"].get(col.fast.kind) or []
    hit = col.fast.repeated if col.fast.repeated is not None else repeated(col.fast.values)
    if listed:
        hit = hit | col.fast.is_in(listed)
    codes[(codes == 1) & hit] = PLACEHOLDER
    return codes


def repeated(values: pl.Series) -> np.ndarray:
    """Values of six or more characters that repeat one character (11111111111), for all rows at once."""
    v = pl.col("v")
    return pl.DataFrame({"v": values}).select(
        (v.str.len_chars() >= 6) & (v.str.strip_chars_start(v.str.slice(0, 1)) == "")
    ).to_series().fill_null(False).to_numpy()


def signatures(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``codes`` (status codes 0-4, a column each) and each row's index among them;
    up to 21 columns packed into one integer per row (3 bits a column), so the rows sort as numbers."""
    n, k = codes.shape
    if k > 21:
        sigs, inverse = np.unique(codes, axis=0, return_inverse=True)
        return sigs, inverse.reshape(-1)
    packed = (codes.astype(np.int64) << (3 * np.arange(k, dtype=np.int64))).sum(axis=1) if k else np.zeros(n, np.int64)
    keys, first, inverse = np.unique(packed, return_index=True, return_inverse=True)
    return codes[first], inverse.reshape(-1)


def record_texts(batch: Batch) -> pl.Series:
    """Every row's cells, stripped and joined by U+001F (as ``record_text``), built column-wise."""
    n = len(batch)
    if not batch.columns:
        return pl.Series([""] * n, dtype=pl.String)
    return _frame(batch).select(pl.concat_str(pl.all().str.strip_chars(PY_WHITESPACE).fill_null(""), separator="\x1f")).to_series()


def _frame(batch: Batch) -> pl.DataFrame:
    return batch.frame if batch.frame is not None else pl.DataFrame(
        [pl.Series(f"c{j}", col, dtype=pl.String) for j, col in enumerate(zip(*batch.rows))])


class _Texts:
    """A batch's record texts (:func:`record_texts`): joined by the compiled kernel and kept in Arrow form
    (a digest piece as they are; a row's text decoded when asked for), else a polars Series. The column
    scans' cells in Arrow layout are joined where they have them (no second conversion)."""

    def __init__(self, batch: Batch, scans: Sequence[ColumnScan] = ()):
        self.arrow, self.series = None, None
        if native.available() and batch.columns:
            have = len(scans) == len(batch.columns) and all(c.strings is not None for c in scans)
            columns = [c.strings for c in scans] if have else _frame(batch).get_columns()
            self.arrow = native.joined(columns, len(batch), SPACE_TABLE)
        else:
            self.series = record_texts(batch)

    def piece(self):
        return self.arrow if self.arrow is not None else native.column(self.series)

    def __getitem__(self, i: int) -> str:
        return self.series[i] if self.arrow is None else native.string_at(self.arrow, i)


@dataclass(frozen=True)
class _Plan:
    """What every row of one signature shares."""

    findings: tuple[Finding, ...]            # of the representative row
    identifying: bool
    reason: str | None                       # exclusion reason when not identifying
    why: tuple[str, ...]
    cat: object | None
    basis: tuple[str, ...]
    key: tuple[tuple[str, int], ...]        # (kind, fast column) of the person key, in key order
    values: tuple[tuple[str, int], ...]      # (kind, fast column) of the identifying values, sorted by kind


def _plan(findings: list[Finding], cols: list[int], words: Sequence[str]) -> _Plan | None:
    """Decide a signature from its representative's findings (``cols[k]``: the fast column of finding k)."""
    ok, basis = identifies(findings)
    if not ok:
        reason, why = exclusion(findings)
        return _Plan(tuple(findings), False, reason, why, None, (), (), ())
    ident = [(f.type, c) for f, c in zip(findings, cols) if f.status in IDENTIFYING]
    kinds = [k for k, _ in ident]
    if len(set(kinds)) != len(kinds):
        return None                       # two values of one kind: order by value, row by row
    by_type = dict(ident)
    order = next(([(k, by_type[k])] for k in rules()["key_order"] if k in by_type), None)
    key = tuple(order or sorted(ident))
    return _Plan(tuple(findings), True, None, (), categorize(findings, words), tuple(basis), key, tuple(sorted(ident)))


def prepare_table(batch: Batch, scans: Sequence[ColumnScan]) -> Judged:
    """Everything about a table batch that does not depend on earlier batches (so it can be computed in
    a worker process): per signature the decision of its representative row, and the digests of its
    rows, built column-wise; rows the signatures cannot settle are prepared one by one."""
    n = len(batch)
    words = list(batch.columns)
    fast = [j for j, c in enumerate(scans) if c.fast is not None]
    codes = np.stack([status_codes(scans[j]) for j in fast], axis=1) if fast else np.zeros((n, 0), np.int8)
    slow = np.zeros(n, dtype=bool)
    for c in scans:
        if c.fallback:
            slow[list(c.fallback)] = True
    sigs, inverse = signatures(codes)
    findings = TableFindings(scans)
    plans: list[tuple[_Plan, np.ndarray]] = []
    # each signature's rows in order, from one stable sort (a wide table has hundreds of signatures a batch)
    by_sig = np.argsort(inverse, kind="stable")
    edges = np.searchsorted(inverse[by_sig], np.arange(len(sigs) + 1))
    for s in range(len(sigs)):
        rows = by_sig[edges[s]:edges[s + 1]]
        rows = rows[~slow[rows]]
        if not len(rows):
            continue
        r = int(rows[0])
        found, cols = [], []
        for j in fast:
            for f in scans[j].findings(r):
                found.append(f)
                cols.append(j)
        plan = _plan(found, cols, words)
        if plan is None:
            slow[rows] = True
        else:
            plans.append((plan, rows))
    # record texts are part of the content key of records of a kind, and of the rows prepared one by one
    of_a_kind = any(p.identifying and p.cat.category != "general" for p, _ in plans)
    texts = _Texts(batch, scans) if of_a_kind or slow.any() else None
    keyed = {j for p, _ in plans if p.identifying for _, j in p.values}
    columns = {j: scans[j].fast.column() for j in keyed}
    text_column = texts.piece() if of_a_kind else None
    out = JudgedBuilder(n)
    blank = _blank_rows(batch, scans)
    for plan, rows in plans:
        if not plan.identifying:
            empty = blank[rows] if not plan.findings else None          # rows with no value at all
            if empty is not None and empty.any():
                out.put_many(rows[empty], (), reason=BLANK[0], why=BLANK[1])
                rows = rows[~empty]
            if len(rows):
                out.put_many(rows, plan.findings, reason=plan.reason, why=plan.why)
            continue
        contents, persons = _keys(plan, rows, columns, text_column)
        out.put_many(rows, plan.findings, plan.cat, plan.basis, contents, persons)
    for i in np.flatnonzero(slow).tolist():
        out.put(i, prepare(findings[i], words, texts[i]))
    return out.done(findings)


def judge_table(batch: Batch, scans: Sequence[ColumnScan], tally: Tally, buyer: str | None = None,
                emit: Callable[[int, Verdict, list[Finding]], None] | None = None) -> None:
    """Count (or exclude) every row of a table batch into ``tally``; ``emit(i, verdict, findings)`` is
    called for each row in order when given (for the evidence table)."""
    tally.take(prepare_table(batch, scans), batch.where, buyer, emit)


def _blank_rows(batch: Batch, scans: Sequence[ColumnScan]) -> np.ndarray:
    """Per row: is every cell of it empty or white space (see ``ColumnScan.filled``)?"""
    if not scans:
        return np.ones(len(batch), dtype=bool)
    return ~np.logical_or.reduce([c.filled for c in scans])


def _keys(plan: _Plan, rows: np.ndarray, columns: dict, texts) -> tuple[np.ndarray, np.ndarray]:
    """Content and person digests of the rows of one identifying signature, of the keys that
    :func:`content_key` and :func:`person_key` build, given in pieces: ``columns`` (fast column → its
    values) and ``texts`` (the record texts) in :func:`piguard.native.column` form, read at ``rows``."""
    content = [f"{plan.cat.category}\x1e", *_joined(plan.values, columns, "=", "\x1f")]
    if plan.cat.category != "general":
        content += ["\x1e", texts]
    person = _joined(plan.key, columns, ":", "|")
    return key_digests(content, len(rows), rows), key_digests(person, len(rows), rows)


def _joined(pairs: Sequence[tuple[str, int]], columns: dict, glue: str, separator: str) -> list:
    """Pieces of ``kind{glue}value`` for each (kind, fast column) pair, joined by ``separator``."""
    out: list = []
    for i, (k, j) in enumerate(pairs):
        out += [f"{separator if i else ''}{k}{glue}", columns[j]]
    return out
