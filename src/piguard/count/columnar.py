"""Judging a table batch column-wise: the same verdicts as :meth:`Tally.judge` row by row, without a
Python object per finding.

Rows whose every cell was settled by a column fast path (``ColumnScan.fast``) are grouped by their
*signature*, the status of each fast column (valid, invalid, masked, placeholder, none). Whether a
signature identifies a person, why it is excluded, its category and which value is its person key are
decided once per signature, on one representative row, by the very functions the row-by-row path uses.
Per row there remain only string joins, two SHA-256 digests and the de-duplication lookup, in row order
so the evidence table is reproducible. Rows with any cell the text detector had to read, or with two
identifying values of one kind (whose order in the content key depends on the values), take the
row-by-row path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import polars as pl

from piguard.count.pieces import IDENTIFYING, Tally, Verdict, exclusion, identifies, rules, sample_of
from piguard.detect.categories import categorize
from piguard.detect.columns import ColumnScan
from piguard.detect.findings import Finding
from piguard.scan.records import Batch

PLACEHOLDER = 4          # a valid value that is a listed test value or one repeated character
# every character Python's str.strip() removes, so the vectorised record text equals record_text()
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def status_codes(col: ColumnScan) -> np.ndarray:
    """Per cell of a fast column: 0 none, 1 valid, 2 invalid, 3 masked, 4 valid placeholder."""
    codes = col.fast.status.astype(np.int8)
    listed = rules()["placeholders"].get(col.fast.kind)
    hit = _repeated(col.fast.values)
    if listed:
        hit |= pl.Series(col.fast.values, dtype=pl.String).is_in(listed).to_numpy()
    codes[(codes == 1) & hit] = PLACEHOLDER
    return codes


def _repeated(values: list[str]) -> np.ndarray:
    """Values of six or more characters that repeat one character (11111111111), for all rows at once."""
    if not values:
        return np.zeros(0, dtype=bool)
    arr = np.array(values, dtype=str)
    if arr.dtype.itemsize == 0:
        return np.zeros(len(values), dtype=bool)
    grid = arr.view(np.uint32).reshape(len(values), -1)
    same = ((grid == grid[:, :1]) | (grid == 0)).all(axis=1)
    return same & (np.char.str_len(arr) >= 6)


def record_texts(batch: Batch) -> list[str]:
    """Every row's cells, stripped and joined by U+001F (as ``record_text``), built column-wise."""
    n = len(batch.rows)
    cols = [pl.Series([r[j] for r in batch.rows], dtype=pl.String).str.strip_chars(_WHITESPACE).fill_null("")
            for j in range(len(batch.columns))]
    if not cols:
        return [""] * n
    return pl.DataFrame(cols).select(pl.concat_str(pl.all(), separator="\x1f")).to_series().to_list()


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
    single_key: bool                         # the key is one value (kind:value), not a joined set
    values: tuple[tuple[str, int], ...]      # (kind, fast column) of the identifying values, sorted by kind


def _plan(findings: list[Finding], cols: list[int], words: Sequence[str]) -> _Plan | None:
    """Decide a signature from its representative's findings (``cols[k]``: the fast column of finding k)."""
    ok, basis = identifies(findings)
    if not ok:
        reason, why = exclusion(findings)
        return _Plan(tuple(findings), False, reason, why, None, (), (), False, ())
    ident = [(f.type, c) for f, c in zip(findings, cols) if f.status in IDENTIFYING]
    kinds = [k for k, _ in ident]
    if len(set(kinds)) != len(kinds):
        return None                       # two values of one kind: order by value, row by row
    by_type = dict(ident)
    order = next(([(k, by_type[k])] for k in rules()["key_order"] if k in by_type), None)
    single = order is not None
    key = tuple(order or sorted(ident))
    return _Plan(tuple(findings), True, None, (), categorize(findings, words), tuple(basis), key, single,
                 tuple(sorted(ident)))


def _digest(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()[:16]


@dataclass(frozen=True)
class TablePlan:
    """Everything about a table batch that does not depend on earlier batches (so it can be computed in
    a worker process): the column scans, each row's signature, the decision per signature, and the
    digests of the fast identifying rows. Only the de-duplication is left to :func:`apply_table`."""

    scans: list
    fast: list[int]
    inverse: np.ndarray
    slow: np.ndarray
    plans: list
    sizes: list[int]                 # fast rows per signature
    contents: dict[int, bytes]
    persons: dict[int, bytes]
    texts: dict[int, str]            # record texts of the rows judged row by row


def prepare_table(batch: Batch, scans: Sequence[ColumnScan]) -> TablePlan:
    n = len(batch.rows)
    words = list(batch.columns)
    fast = [j for j, c in enumerate(scans) if c.fast is not None]
    codes = np.stack([status_codes(scans[j]) for j in fast], axis=1) if fast else np.zeros((n, 0), np.int8)
    slow = np.zeros(n, dtype=bool)
    for c in scans:
        if c.fallback:
            slow[list(c.fallback)] = True
    sigs, inverse = np.unique(codes, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    plans: list[_Plan | None] = []
    for s in range(len(sigs)):
        rows = np.flatnonzero((inverse == s) & ~slow)
        if not len(rows):
            plans.append(None)
            continue
        r = int(rows[0])
        found, cols = [], []
        for j in fast:
            for f in scans[j].findings(r):
                found.append(f)
                cols.append(j)
        plan = _plan(found, cols, words)
        plans.append(plan)
        if plan is None:
            slow[rows] = True
    texts = record_texts(batch)
    sizes = [int(np.count_nonzero((inverse == s) & ~slow)) if plan else 0 for s, plan in enumerate(plans)]
    contents, persons = _keys(plans, inverse, slow, {j: scans[j].fast.values for j in fast}, texts)
    return TablePlan(list(scans), fast, inverse, slow, plans, sizes, contents, persons,
                     {i: texts[i] for i in np.flatnonzero(slow).tolist()})


def judge_table(batch: Batch, scans: Sequence[ColumnScan], tally: Tally, buyer: str | None = None,
                emit: Callable[[int, Verdict, list[Finding]], None] | None = None) -> None:
    """Count (or exclude) every row of a table batch into ``tally``; ``emit(i, verdict, findings)`` is
    called for each row in order when given (for the evidence table)."""
    apply_table(batch, prepare_table(batch, scans), tally, buyer, emit)


def apply_table(batch: Batch, tp: TablePlan, tally: Tally, buyer: str | None = None,
                emit: Callable[[int, Verdict, list[Finding]], None] | None = None) -> None:
    """The stateful part: kinds and exclusions in bulk per signature, then each row in order through the
    de-duplication (row by row where the signatures could not settle a row)."""
    scans, fast, inverse, slow, plans = tp.scans, tp.fast, tp.inverse, tp.slow, tp.plans
    words = list(batch.columns)
    for plan, size in zip(plans, tp.sizes):
        if plan is None or not size:
            continue
        for f in plan.findings:
            tally.types[(f.type, f.status.value)] += size
        if not plan.identifying:
            tally.excluded[plan.reason] += size
    for i in range(len(batch.rows)):
        if slow[i]:
            found = [f for c in scans for f in c.findings(i)]
            v = tally.judge(found, words, batch.where(i), tp.texts[i], buyer)
        else:
            plan = plans[inverse[i]]
            if not plan.identifying:
                if emit:
                    emit(i, Verdict(False, plan.reason, why=plan.why), _row_findings(scans, fast, i))
                continue
            v = tally.admit(tp.contents[i], tp.persons[i], plan.cat, buyer, plan.basis,
                            lambda i=i: _sample(batch, scans, fast, i), quiet=emit is None)
            found = None
        if emit:
            emit(i, v, found if found is not None else _row_findings(scans, fast, i))


def _keys(plans: list, inverse: np.ndarray, slow: np.ndarray, values: dict, texts: list[str]
          ) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """Content and person digests of every fast identifying row, built per signature."""
    contents: dict[int, bytes] = {}
    persons: dict[int, bytes] = {}
    for s, plan in enumerate(plans):
        if plan is None or not plan.identifying:
            continue
        rows = np.flatnonzero((inverse == s) & ~slow).tolist()
        head = f"{plan.cat.category}\x1e"
        parts = [[f"{k}={values[j][i]}" for i in rows] for k, j in plan.values]
        joined = ["\x1f".join(p) for p in zip(*parts)] if parts else [""] * len(rows)
        if plan.cat.category == "general":
            keys = [head + v for v in joined]
        else:
            keys = [f"{head}{v}\x1e{texts[i]}" for v, i in zip(joined, rows)]
        if plan.single_key:
            (k, j), = plan.key
            pk = [f"{k}:{values[j][i]}" for i in rows]
        else:
            pk = ["|".join(p) for p in zip(*[[f"{k}:{values[j][i]}" for i in rows] for k, j in plan.key])]
        for i, c, p in zip(rows, keys, pk):
            contents[i] = _digest(c.encode("utf-8"))
            persons[i] = _digest(p.encode("utf-8"))
    return contents, persons


def _row_findings(scans: Sequence[ColumnScan], fast: list[int], i: int) -> list[Finding]:
    return [f for j in fast for f in scans[j].findings(i)]


def _sample(batch: Batch, scans: Sequence[ColumnScan], fast: list[int], i: int) -> dict:
    return sample_of(batch.where(i), _row_findings(scans, fast, i))
