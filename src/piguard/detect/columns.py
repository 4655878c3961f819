"""Column classification: what kind of personal information a table column holds.

The header is the strongest context (手机号, sfzh, 收货地址); values are sampled (up to 1,000 by
default) and scanned in one pass; the column takes the kind found in at least ``threshold`` of its
non-empty sampled cells. Prevalence, null share and uniqueness are reported so a reviewer can judge.
"""

from __future__ import annotations

import random
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from piguard import native
from piguard.detect import addresses, names
from piguard.detect.detector import Detector, default_detector
from piguard.detect.findings import HIGH, LOW, MEDIUM, Finding
from piguard.detect.identifiers import BY_TYPE, Status
from piguard.detect.normalize import SPACE_TABLE
from piguard.detect.prefilter import CellFilter
from piguard.detect.vectorized import VALIDATORS, ColumnValues, fold

DEFAULT_SAMPLE = 1000
# a character that is not white space as Python's str.isspace() sees it (Unicode White_Space and the
# information separators U+001C-U+001F): a cell without one is blank
_NOT_BLANK = r"[^\s\x1c-\x1f]"
THRESHOLD = 0.8


@dataclass(frozen=True)
class ColumnProfile:
    header: str
    type: str | None                 # the kind of PI the column holds, or None
    confidence: str | None
    prevalence: float                # share of non-empty sampled cells holding that kind
    null_share: float                # share of empty cells in the sample
    uniqueness: float                # distinct non-empty values / non-empty values, in the sample
    sampled: int
    header_types: tuple[str, ...]    # kinds the header names
    type_shares: dict[str, float] = field(default_factory=dict)
    invalid_share: float = 0.0       # of the cells holding the kind, the share failing its check
    masked_share: float = 0.0
    reasons: tuple[str, ...] = ()


def _is_empty(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip() == ""


def _cells(values: Sequence[object]) -> list[str | None]:
    """Cell texts, None for empty cells (None, NaN, blank); a column of strings (the usual case) in polars."""
    return _cell_series(values).to_list()


def _cell_series(values: Sequence[object] | pl.Series) -> pl.Series:
    """The cells as a polars Series of strings, None for empty cells (None, NaN, blank)."""
    return _cells_and_strings(values)[0]


def _cells_and_strings(values: Sequence[object] | pl.Series) -> tuple[pl.Series, tuple | None]:
    """:func:`_cell_series`, and the cells in Arrow layout for the compiled kernels (``native.arrow_strings``)
    when they are in use: a column of strings is converted once, its blank cells found by the kernel, and
    the one conversion serves every kernel of the column (a blank cell reads as empty to all of them)."""
    if native.available() and isinstance(values, pl.Series) and values.dtype == pl.String:
        strings = native.arrow_strings(values)
        blank = native.blank_cells(strings, SPACE_TABLE)
        if not blank.any() or values.null_count() == int(blank.sum()):
            return values, strings          # no blank cell (nulls stay null): the column as it is, not a copy
        return pl.select(pl.when(pl.Series(~blank)).then(values)).to_series(), strings
    return _polars_cells(values), None


def _polars_cells(values: Sequence[object] | pl.Series) -> pl.Series:
    if isinstance(values, pl.Series) or set(map(type, values)) <= {str, type(None)}:
        s = values if isinstance(values, pl.Series) else pl.Series(values, dtype=pl.String)
        keep = s.str.contains(_NOT_BLANK)
        if keep.all():                  # no blank cell (nulls stay null): the column as it is, not a copy
            return s
        return pl.select(pl.when(keep).then(s)).to_series()
    return pl.Series([v if type(v) is str and v and not v.isspace() else None if _is_empty(v) else str(v) for v in values],
                     dtype=pl.String)


def profile_column(header: str, values: Sequence[object], detector: Detector | None = None,
                   sample: int = DEFAULT_SAMPLE, seed: int = 0, threshold: float = THRESHOLD) -> ColumnProfile:
    """Classify one column from its header and a reproducible sample of its values."""
    d = detector or default_detector()
    if len(values) > sample:
        idx = sorted(random.Random(seed).sample(range(len(values)), sample))
        values = values.gather(idx) if isinstance(values, pl.Series) else [values[i] for i in idx]
    series = _cell_series(values)               # every cell when the column is no longer than the sample
    cells = series.to_list()
    non_empty = [c for c in cells if c is not None]
    n = len(cells)
    null_share = (n - len(non_empty)) / n if n else 0.0
    uniqueness = len(set(non_empty)) / len(non_empty) if non_empty else 0.0
    header_types = tuple(sorted(d.column_types(header)))
    settled = _settled_by_validator(header_types, series.drop_nulls() if len(non_empty) < len(cells) else series, threshold)
    if settled is not None:
        kind, share, codes = settled
        found = int((codes != 0).sum())
        return ColumnProfile(header=header, type=kind, confidence=HIGH, prevalence=round(share, 4), null_share=round(null_share, 4),
                             uniqueness=round(uniqueness, 4), sampled=n, header_types=header_types, type_shares={kind: round(share, 4)},
                             invalid_share=round(int((codes == 2).sum()) / found, 4), masked_share=round(int((codes == 3).sum()) / found, 4),
                             reasons=(f"header '{header}' names {', '.join(header_types)}",
                                      f"{share:.0%} of non-empty sampled cells are {kind} values as its column validator reads them"))
    per_cell = d.detect_cells(cells, header)
    kinds: Counter[str] = Counter()
    status: dict[str, Counter] = {}
    for found in per_cell:
        seen = set()
        for f in found:
            if f.type not in seen:
                seen.add(f.type)
                kinds[f.type] += 1
                status.setdefault(f.type, Counter())[f.status] += 1
    denom = max(len(non_empty), 1)
    shares = {k: round(v / denom, 4) for k, v in kinds.most_common()}
    best = next(iter(shares), None)
    reasons = []
    if header_types:
        reasons.append(f"header '{header}' names {', '.join(header_types)}")
    kind, conf = None, None
    if best and shares[best] >= threshold:
        kind = best
        conf = HIGH if best in header_types else MEDIUM
        reasons.append(f"{shares[best]:.0%} of non-empty sampled cells hold {best}")
    elif best and best in header_types and shares[best] >= threshold / 2:
        kind, conf = best, MEDIUM
        reasons.append(f"header agrees; {shares[best]:.0%} of non-empty sampled cells hold {best}")
    elif header_types and not non_empty:
        kind, conf = header_types[0], LOW
        reasons.append("header only: no non-empty values sampled")
    elif not header_types and (shaped := _name_shapes(non_empty)) is not None and (share := float((shaped != 0).mean())) >= threshold:
        # a bare name carries no context in its cell: a column of them (no header, or one such as 员工) is known by its shape
        kind, conf = "name", MEDIUM
        shares = {"name": round(share, 4), **shares}
        reasons.append(f"{share:.0%} of non-empty sampled cells are shaped like names (surname + 1-2 characters), "
                       f"{uniqueness:.0%} of them distinct")
        status["name"] = Counter({Status.VALID: int((shaped == 1).sum()), Status.MASKED: int((shaped == 3).sum())})
    st = status.get(kind, Counter()) if kind else Counter()
    total = sum(st.values()) or 1
    return ColumnProfile(header=header, type=kind, confidence=conf, prevalence=shares.get(kind, 0.0) if kind else 0.0,
                         null_share=round(null_share, 4), uniqueness=round(uniqueness, 4), sampled=n,
                         header_types=header_types, type_shares=shares,
                         invalid_share=round(st[Status.INVALID] / total, 4),
                         masked_share=round(st[Status.MASKED] / total, 4), reasons=tuple(reasons))


def _settled_by_validator(header_types: tuple[str, ...], non_empty: pl.Series,
                         threshold: float) -> tuple[str, float, np.ndarray] | None:
    """A column whose header names a kind with a column validator (mobile, resident ID, bank card, name,
    e-mail, address) and whose sampled cells are, at least ``threshold`` of them, clean values of it as the
    validator reads them, is of that kind without the text detector reading the sample (a cell that is a
    value of one kind holds no other, so the text detector could only find the kind in more cells): its
    kind, the share and the status codes. None when no such kind settles it."""
    if not len(non_empty):
        return None
    for kind in header_types:
        if kind in VALIDATORS:
            codes = VALIDATORS[kind](non_empty).status
            share = float((codes != 0).mean())
            if share >= threshold:
                return kind, share, codes
    return None


NAME_SHAPE_MIN_CELLS = 20          # fewer sampled cells say too little about a column without a name header
NAME_SHAPE_MIN_UNIQUE = 0.3         # a column of a few repeated words (状态, 部门) is a category, not people
NAME_SHAPE_MAX_COMMON = 0.05        # nor is a column where ordinary words (信息, 管理) are more than a few cells


def _name_shapes(non_empty: list[str]) -> np.ndarray | None:
    """Per cell, the name column's status code (1 a name, 3 a masked name, 0 neither), or None when the
    column is too small, too repetitive or holds ordinary words to be judged by the shape of its cells."""
    if len(non_empty) < NAME_SHAPE_MIN_CELLS or len(set(non_empty)) < NAME_SHAPE_MIN_UNIQUE * len(non_empty):
        return None
    if sum(names.is_common_word(c.strip()) for c in non_empty) > NAME_SHAPE_MAX_COMMON * len(non_empty):
        return None
    return VALIDATORS["name"](non_empty).status


@dataclass(frozen=True)
class ColumnScan:
    """A whole column: its profile, vectorised results for its kind, and text-detector findings for the
    cells the fast path could not settle (mixed content, other kinds, free text)."""

    header: str
    profile: ColumnProfile
    fast: ColumnValues | None
    fallback: dict[int, list[Finding]]
    size: int
    strings: tuple | None = None     # the cells in Arrow layout, when the compiled kernels read them (a blank reads as empty)
    filled: np.ndarray | None = None  # per cell: does it hold anything (not null, not blank)?

    def findings(self, i: int) -> list[Finding]:
        """The findings of cell ``i`` (materialised on demand; values masked in any repr)."""
        if i in self.fallback:
            return self.fallback[i]
        if self.fast is None:
            return []
        status = self.fast.status_of(i)
        if status is None:
            return []
        value = self.fast.value(i)
        masked = value if status is Status.MASKED else MASKS[self.fast.kind](value)
        return [Finding(self.fast.kind, 0, len(value), value, masked, status, HIGH,
                        ("column", f"column '{self.header}'", f"validator: {status.value}", "vectorised"))]



MASKS = {"mobile": BY_TYPE["mobile"].mask, "resident_id": BY_TYPE["resident_id"].mask,
         "bank_card": BY_TYPE["bank_card"].mask, "email": BY_TYPE["email_address"].mask, "name": names.mask,
         "address": addresses.mask}


def scan_column(header: str, values: Sequence[object], detector: Detector | None = None,
                sample: int = DEFAULT_SAMPLE, profile: ColumnProfile | None = None) -> ColumnScan:
    """Scan every cell of a column: a column fast path when the column holds one kind (mobile, resident
    ID, bank card vectorised with numpy; names, e-mail and addresses cell by cell without the text scan);
    the text detector for the other cells, after a whole-column filter (polars) has set aside the cells
    that cannot hold anything."""
    d = detector or default_detector()
    profile = profile or profile_column(header, values, d, sample=sample)      # later batches reuse the first's
    cells, strings = _cells_and_strings(values)
    fast = None
    filled = cells.is_not_null().to_numpy() if cells.null_count() else np.ones(len(cells), dtype=bool)   # (an expression: 40 µs)
    todo = filled.copy()
    if profile.type in VALIDATORS and profile.prevalence >= THRESHOLD:
        fast = VALIDATORS[profile.type](cells, strings=strings)
        todo &= fast.status == 0
    rows = np.flatnonzero(todo)
    if profile.uniqueness <= REPEATED and len(rows) >= REPEATED_MIN:
        # a column of a few values repeated (a status, a product, a city): each distinct value read once
        distinct, inverse = _distinct(cells.gather(rows))
        hold = np.ones(len(distinct), dtype=bool)
        if not profile.header_types:
            hold = _cell_filter(d).may_hold(fold(distinct))
        held = np.flatnonzero(hold)
        found = d.detect_cells(distinct.gather(held).to_list(), header) if len(held) else []
        per_value = {int(v): f for v, f in zip(held, found) if f}
        hit = np.isin(inverse, np.fromiter(per_value, dtype=np.int64, count=len(per_value)))
        fallback = {i: list(per_value[v]) for i, v in zip(rows[hit].tolist(), inverse[hit].tolist())}
        return ColumnScan(header, profile, fast, fallback, len(values), strings, filled)
    if not profile.header_types and len(rows):
        # the header gives no context, so a cell can only hold what the filter can see in its text
        todo &= _cell_filter(d).may_hold(fold(cells))
    todo_idx = np.flatnonzero(todo).tolist()
    found = d.detect_cells(cells.gather(todo_idx).to_list(), header) if todo_idx else []
    fallback = {i: f for i, f in zip(todo_idx, found) if f}
    return ColumnScan(header, profile, fast, fallback, len(values), strings, filled)


REPEATED = 0.5          # a column whose sampled values are at most this share distinct is read value by value
REPEATED_MIN = 64       # ... when it has at least this many cells left to read


def _distinct(cells: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """The distinct values of ``cells`` (no nulls) and, per cell, the index of its value (Arrow's hash
    encoding: one pass)."""
    encoded = pc.dictionary_encode(cells.to_arrow())
    if isinstance(encoded, pa.ChunkedArray):            # pragma: no cover - one chunk from one Series
        encoded = encoded.combine_chunks()
    return pl.Series(encoded.dictionary).cast(pl.String), encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


_FILTERS: "weakref.WeakKeyDictionary[Detector, CellFilter]" = weakref.WeakKeyDictionary()


def _cell_filter(detector: Detector) -> CellFilter:
    """The detector's cell filter, built once per detector (keyed by the detector itself, not its id,
    which a later detector may reuse once this one is gone)."""
    if detector not in _FILTERS:
        _FILTERS[detector] = CellFilter(detector)
    return _FILTERS[detector]
