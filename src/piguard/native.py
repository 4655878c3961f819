"""The compiled kernels (``piguard._native``, built from ``_native.c`` when the package is installed) and
their polars fall-backs, chosen once per process. A built module whose ``ABI`` is not this module's
(built from older sources) is not used: ``stale`` says so, and ``make`` rebuilds it.

The kernels release the GIL, so the threads that detect table batches (:mod:`piguard.count.workers`)
run them side by side. ``PIGUARD_NATIVE=off`` uses the fall-backs, which give the same results except
the de-duplication digests' bits (a scan's digests never leave it, and every thread and worker process
of a scan makes the same choice).
"""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np
import polars as pl
import pyarrow as pa

ABI = 8                             # the kernels' calling convention that this module speaks (_native.c)

try:
    from piguard import _native
except ImportError:                 # pragma: no cover - installed without a C compiler
    _native = None

# a module built from other sources (an installation not rebuilt after an update) is not used
stale = _native is not None and getattr(_native, "ABI", None) != ABI
if stale or os.environ.get("PIGUARD_NATIVE", "").lower() == "off":
    _native = None

_SEEDS = (0x7069677561726431, 0x636F6E74656E7432)

# every character Python's str.isspace() / str.strip() treat as white space, for polars' strip_chars
PY_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
# the same as a table for the kernels that strip cells: 1 at each white-space code point below U+3001
SPACE_TABLE = np.zeros(0x3001, dtype=np.uint8)
SPACE_TABLE[[ord(c) for c in PY_WHITESPACE]] = 1


def available() -> bool:
    """Are the compiled kernels in use in this process?"""
    return _native is not None


def arrow_strings(s: pl.Series) -> tuple[np.ndarray, object]:
    """A column of strings in Arrow layout: ``len(s) + 1`` int64 offsets into its UTF-8 data (a null is an
    empty string), without copying more than polars' own conversion does."""
    arr = s.cast(pl.String).rechunk().to_arrow()
    if isinstance(arr, pa.ChunkedArray):            # pragma: no cover - rechunked: one chunk
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    _, offsets, data = arr.buffers()
    n = len(arr)
    off = np.frombuffer(offsets, dtype=np.int64)[arr.offset:arr.offset + n + 1] if offsets is not None else np.zeros(n + 1, np.int64)
    return np.ascontiguousarray(off), (data if data is not None else b"")


def column(s: pl.Series) -> tuple[np.ndarray, object] | pl.Series:
    """A column of strings as :func:`key_digests` takes it fastest: in Arrow layout for the kernel (convert
    once, use for many keys), else as it is."""
    return arrow_strings(s) if _native is not None else s


def key_digests(pieces: Sequence[str | pl.Series | tuple], n: int, rows: np.ndarray | None = None) -> np.ndarray:
    """``(n, 16)`` uint8 digests of ``n`` keys, key ``i`` being the concatenation of the pieces: a string
    (the same in every key) or a column of strings (a Series, or :func:`column`'s form of one) whose
    value ``i`` it takes, or with ``rows`` its value ``rows[i]``. The digest depends on the key only, not
    on how it is cut into pieces; an empty list gives the digest of the empty key.

    Compiled: the keys are hashed without being built. Fall-back: two seeded polars hashes of the built
    key (the second of the key behind a NUL)."""
    if _native is not None:
        parts = [p.encode("utf-8") if isinstance(p, str) else p if isinstance(p, tuple) else arrow_strings(p) for p in pieces]
        at = None if rows is None else np.ascontiguousarray(rows, dtype=np.int64)
        return np.frombuffer(_native.digests(parts, n, at), dtype=np.uint8).reshape(n, 16)
    if rows is not None:
        pieces = [p if isinstance(p, str) else p.gather(rows) for p in pieces]
    columns: dict[str, pl.Series] = {}
    exprs = []
    for p in pieces:
        if isinstance(p, str):
            exprs.append(pl.lit(p, dtype=pl.String))
        else:
            name = f"p{len(columns)}"
            columns[name] = p.cast(pl.String).fill_null("")
            exprs.append(pl.col(name))
    if columns:
        keys = pl.DataFrame(columns).select(k=pl.concat_str(exprs)).to_series()
    else:
        keys = pl.Series("k", ["".join(pieces)] * n, dtype=pl.String)
    frame = pl.DataFrame({"k": keys}).select(
        a=pl.col("k").hash(_SEEDS[0]), b=pl.concat_str(pl.lit("\x00"), pl.col("k")).hash(_SEEDS[1]))
    words = np.column_stack([frame["a"].to_numpy(), frame["b"].to_numpy()]).astype("<u8")
    return np.ascontiguousarray(words).view(np.uint8).reshape(-1, 16)


def arrow_array(offsets, data, n: int) -> pa.Array:
    """A pyarrow array of ``n`` strings over Arrow offsets (int64) and UTF-8 data made by a kernel (not copied)."""
    return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def strings_from_arrow(offsets, data, n: int) -> pl.Series:
    """A polars Series of ``n`` strings from Arrow offsets (int64) and UTF-8 data made by a kernel."""
    return pl.Series(pl.from_arrow(arrow_array(offsets, data, n)), dtype=pl.String)


def string_at(strings: tuple, i: int) -> str:
    """String ``i`` of a column in :func:`column` form (offsets, data), decoded alone."""
    off, data = strings
    return bytes(memoryview(data)[int(off[i]):int(off[i + 1])]).decode("utf-8")


def identifier_column(kind: int, cells: pl.Series, lut: np.ndarray, lut_base: int, table: np.ndarray, today: int = 0,
                      earliest: int = 0, prefixes: tuple[bytes, ...] = (),
                      strings: tuple | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """The compiled identifier column kernel (see ``_native.c``): per cell the status code, whether it
    repeats one character, whether Python must decide it, and the cleaned values in :func:`column` form
    (:func:`strings_from_arrow` makes a Series of them). ``strings``: ``cells`` already in Arrow layout
    (:func:`arrow_strings`), if at hand. Only where :func:`available`."""
    off, data = strings if strings is not None else arrow_strings(cells)
    n = len(cells)
    status, rep, python, out_off, out_data = _native.identifier_column(
        kind, off, data, n, np.ascontiguousarray(lut, dtype=np.uint32), lut_base, np.ascontiguousarray(table, dtype=np.uint8),
        today, earliest, tuple(prefixes))
    return (np.frombuffer(status, dtype=np.int8).copy(), np.frombuffer(rep, dtype=np.bool_).copy(),
            np.frombuffer(python, dtype=np.bool_), (np.frombuffer(out_off, dtype=np.int64), out_data))


def text_column(kind: int, cells: pl.Series, lut: np.ndarray, lut_base: int, space: np.ndarray,
                tables: tuple, strings: tuple | None = None) -> tuple[np.ndarray, np.ndarray, tuple]:
    """The compiled name (0) and address (1) column kernel (see ``_native.c``): per cell the status code,
    whether it is six or more of one character, and the folded, stripped value in :func:`column` form.
    ``strings`` as for :func:`identifier_column`. Only where :func:`available`."""
    off, data = strings if strings is not None else arrow_strings(cells)
    n = len(cells)
    status, rep, out_off, out_data = _native.text_column(kind, off, data, n, np.ascontiguousarray(lut, dtype=np.uint32), lut_base,
                                                         np.ascontiguousarray(space, dtype=np.uint8), tables)
    return (np.frombuffer(status, dtype=np.int8).copy(), np.frombuffer(rep, dtype=np.bool_).copy(),
            (np.frombuffer(out_off, dtype=np.int64), out_data))


def table_merge(slots: np.ndarray, count: int, q_hi: np.ndarray, q_lo: np.ndarray, add: int) -> tuple[np.ndarray, np.ndarray, int]:
    """The compiled hash-table probe of :class:`piguard.count.keyindex._Table` (see ``_native.c``), in place
    on ``slots`` ((size, 4) uint64: hi, lo, mask, used): per key whether it was there and its mask before,
    and how many keys were added. Only where :func:`available`."""
    known, before, added = _native.table_merge(slots, count, np.ascontiguousarray(q_hi, dtype=np.uint64),
                                               np.ascontiguousarray(q_lo, dtype=np.uint64), int(add))
    return np.frombuffer(known, dtype=np.bool_).copy(), np.frombuffer(before, dtype=np.uint64).copy(), added


def table_rehash(old: np.ndarray, new: np.ndarray) -> int:
    """The compiled growth of :class:`piguard.count.keyindex._Table` (see ``_native.c``): every key and mask of
    the table ``old`` put into the larger, empty ``new`` in place; returns how many. Only where :func:`available`."""
    return _native.table_rehash(np.ascontiguousarray(old, dtype=np.uint64), new)


def distinct(digests: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The compiled :func:`piguard.count.keyindex.distinct` (see ``_native.c``): the first row of each distinct
    16-byte key, in the order the keys first occur, and per row the index of its key. Only where :func:`available`."""
    first, inverse = _native.distinct(np.ascontiguousarray(digests, dtype=np.uint8))
    return np.frombuffer(first, dtype=np.int64).copy(), np.frombuffer(inverse, dtype=np.int64).copy()


def joined(columns: Sequence[pl.Series | tuple], n: int, space: np.ndarray) -> tuple[np.ndarray, bytes]:
    """Each row's cells stripped of white space (``space``: 1 per white-space code point) and joined by
    U+001F, in :func:`column` form; a column is a Series or already in Arrow layout (:func:`arrow_strings`).
    Only where :func:`available`."""
    out_off, out_data = _native.joined([c if isinstance(c, tuple) else arrow_strings(c) for c in columns], n,
                                       np.ascontiguousarray(space, dtype=np.uint8))
    return np.frombuffer(out_off, dtype=np.int64), out_data


def blank_cells(strings: tuple, space: np.ndarray) -> np.ndarray:
    """Per cell of a column in Arrow layout (:func:`arrow_strings`; a null is empty): is it only white space
    (``space``: 1 per white-space code point)? Only where :func:`available`."""
    off, data = strings
    return np.frombuffer(_native.blank_cells(off, data, len(off) - 1, np.ascontiguousarray(space, dtype=np.uint8)),
                         dtype=np.bool_)


def kv_cut(lines: pl.Series, prefix: str, glues: Sequence[str], space: np.ndarray) -> tuple[np.ndarray, list[pl.Series]]:
    """Key-value lines written as ``prefix`` value ``glues[0]`` value … (see ``_native.c``): per line whether it
    is so written with no colon in a value, and each field's values (stripped; empty where not). Only where
    :func:`available`."""
    off, data = arrow_strings(lines)
    ok, fields = _native.kv_cut(off, data, len(lines), prefix.encode("utf-8"), tuple(g.encode("utf-8") for g in glues),
                                np.ascontiguousarray(space, dtype=np.uint8))
    n = len(lines)
    return np.frombuffer(ok, dtype=np.bool_), [strings_from_arrow(np.frombuffer(o, dtype=np.int64), d, n) for o, d in fields]


def char_offsets(data, marks: np.ndarray) -> np.ndarray:
    """Character offsets of ascending byte offsets ``marks`` into UTF-8 ``data``, in one pass. Only where
    :func:`available`."""
    return np.frombuffer(_native.char_offsets(data, np.ascontiguousarray(marks, dtype=np.int64)), dtype=np.int64)


def clause_names(text: str, flags: np.ndarray, times: tuple[str, ...]) -> np.ndarray:
    """The end of every surname and two given-name characters that open a clause before a Han character (int64
    character offsets; ``flags``: 65,536 bytes, see ``_native.c``). Only where :func:`available`."""
    return np.frombuffer(_native.clause_names(text, np.ascontiguousarray(flags, dtype=np.uint8), times), dtype=np.int64)


def street_within(text: str, starts: Sequence[int], max_len: int, words: tuple[str, ...]) -> np.ndarray:
    """Per start: does one of ``words`` occur in the run of address characters from it (at most
    ``max_len``, at least 4 characters)? See ``_native.c``. Only where :func:`available`."""
    out = _native.street_within(text, np.asarray(starts, dtype=np.int64), max_len, words)
    return np.frombuffer(out, dtype=np.bool_)


def fold_text(text: str, lut: np.ndarray, lut_base: int, harmless: str) -> str:
    """``text`` folded by the table ``lut`` (code points ``lut_base``.. → their fold), or ``text`` itself when
    it holds nothing to fold but the ``harmless`` characters. Only where :func:`available`."""
    return _native.fold_text(text, np.ascontiguousarray(lut, dtype=np.uint32), lut_base, harmless)
