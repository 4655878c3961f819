"""Vectorised validation of whole table columns (the fast path for tables).

When a column is known to hold one kind of identifier (from its header and a sample, see
``columns.profile_column``), each cell is usually the value and nothing else. Then validation need not
go through the text detector cell by cell: the cells become one ``(rows, width)`` array of code points
and the structure, the check digit (MOD 11-2, Luhn), the allocated prefixes and the dates are computed
for all rows at once with numpy. Cells that are not a clean value of the kind are left for the text
detector (``None`` status here).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Sequence

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from piguard import native
from piguard.detect import addresses
from piguard.detect.identifiers import bank_card, mobile, resident_id
from piguard.detect.identifiers._base import Status
from piguard.detect.normalize import FOLD_BASE, FOLD_LUT, PY_WHITESPACE, SPACE_TABLE, TABLE

_ZERO, _NINE, _X, _STAR = ord("0"), ord("9"), ord("X"), ord("*")
STATUS_OF = {1: Status.VALID, 2: Status.INVALID, 3: Status.MASKED}
_HAN_RANGE = "\u4e00-\u9fff"
_FOLD_FROM = [chr(c) for c in sorted(TABLE)]
_FOLD_TO = [chr(TABLE[c]) for c in sorted(TABLE)]
_FOLDABLE = "[" + "".join(re.escape(c) for c in _FOLD_FROM) + "]"
_ALLOCATED = np.zeros(1000, dtype=bool)
_ALLOCATED[[int(b) for b in mobile.BLOCKS]] = True
_PROVINCES = np.zeros(100, dtype=bool)
_PROVINCES[[int(p) for p in resident_id.PROVINCES]] = True
_ISSUERS = tuple(p.encode("ascii") for p in bank_card.ISSUER_PREFIXES)


class ColumnValues:
    """Per cell: status code (0 = not a clean value of the kind, left to the text detector;
    1 valid, 2 invalid, 3 masked) and the normalised value, as a polars Series (``values``), built on
    first use where a compiled kernel gave the values in Arrow form (``arrow``): most batches need
    only a few of them (``value(i)``), their digests (``column()``) and placeholder tests (``is_in``)."""

    __slots__ = ("kind", "status", "repeated", "arrow", "_values")

    def __init__(self, kind: str, status: np.ndarray, values: pl.Series | None = None, repeated: np.ndarray | None = None,
                 arrow: tuple | None = None):
        if values is None and arrow is None:
            raise ValueError("ColumnValues needs the values, as a Series or in Arrow form")
        self.kind, self.status, self.repeated, self.arrow, self._values = kind, status, repeated, arrow, values

    def __getstate__(self) -> tuple:
        return self.kind, self.status, self.repeated, self.arrow, self._values

    def __setstate__(self, state: tuple) -> None:
        self.kind, self.status, self.repeated, self.arrow, self._values = state

    @property
    def values(self) -> pl.Series:
        if self._values is None:
            off, data = self.arrow
            self._values = native.strings_from_arrow(off, data, len(off) - 1)
        return self._values

    def value(self, i: int) -> str:
        """The normalised value of cell ``i``."""
        return native.string_at(self.arrow, i) if self._values is None else self._values[i]

    def is_in(self, listed: Sequence[str]) -> np.ndarray:
        """Per cell: is its value one of ``listed``?"""
        if self._values is None and len(self.status):
            off, data = self.arrow
            arr = native.arrow_array(off, data, len(off) - 1)
            return pc.is_in(arr, value_set=pa.array(list(listed), type=pa.large_string())).to_numpy(zero_copy_only=False)
        return self.values.is_in(list(listed)).fill_null(False).to_numpy()

    def column(self):
        """The values as :func:`piguard.native.key_digests` reads them fastest."""
        return self.arrow if self.arrow is not None and native.available() else native.column(self.values)

    def status_of(self, i: int) -> Status | None:
        return STATUS_OF.get(int(self.status[i]))


def as_series(cells: Sequence[str | None] | pl.Series) -> pl.Series:
    """A column's cells as a polars Series of strings (None stays None; other values as ``str``)."""
    if isinstance(cells, pl.Series):
        return cells
    return pl.Series([c if c is None or type(c) is str else str(c) for c in cells], dtype=pl.String)


def fold(cells: Sequence[str | None] | pl.Series) -> pl.Series:
    """Full-width forms folded (``normalize.TABLE``), character for character, for the whole column;
    empty cells become empty strings. A column with nothing to fold (ASCII, or Chinese without full-width
    forms: most columns) is returned as it is, without the replacement pass."""
    s = as_series(cells).fill_null("")
    if (s.str.len_bytes() == s.str.len_chars()).all() or not s.str.contains(_FOLDABLE).any():
        return s
    return s.str.replace_many(_FOLD_FROM, _FOLD_TO)


def _clean(cells: Sequence[str | None] | pl.Series) -> pl.Series:
    """Folded, without separators (space, dash, tab), upper case: how an identifier column's cell is read
    (the passes are skipped for a column with no separator and no lower-case letter)."""
    s = fold(cells)
    if s.str.contains(r"[ \t\-\p{Lowercase}]").any():
        s = s.str.replace_all("[ \t-]", "").str.to_uppercase()
    return s


def _grid(cells: pl.Series, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Code points of each cell, left-aligned and zero-padded to ``width``, and each cell's length: the
    column padded in polars, joined into one string and viewed as UTF-32."""
    lengths = cells.str.len_chars().to_numpy().astype(np.int64)
    if not len(cells):
        return np.zeros((0, width), dtype=np.uint32), lengths
    joined = cells.fill_null("").str.slice(0, width).str.pad_end(width, "\x00").str.join("").item()
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).reshape(len(cells), width), lengths


def _repeats(grid: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Cells of six or more characters that repeat one character, from the grid (exact for every cell
    that fits its width: all that a validator can call valid)."""
    return ((grid == grid[:, :1]) | (grid == 0)).all(axis=1) & (lengths >= 6)


def _digits(grid: np.ndarray) -> np.ndarray:
    return (grid >= _ZERO) & (grid <= _NINE)


def _compiled(kind: str, cells: Sequence[str | None] | pl.Series, by_polars, table: np.ndarray, strings: tuple | None = None,
              **extra) -> ColumnValues:
    """An identifier column through the compiled kernel (``piguard._native``), which decides each cell as
    ``by_polars`` does; the cells it hands back (a character whose upper case is Unicode's) and every
    cell where the kernel is missing are decided by ``by_polars``. ``strings``: the cells in Arrow layout
    (``native.arrow_strings``), when the caller has them."""
    s = as_series(cells)
    if not native.available():
        return by_polars(s, **extra)
    code = {"mobile": 0, "resident_id": 1, "bank_card": 2}[kind]
    status, rep, python, arrow = native.identifier_column(
        code, s, FOLD_LUT, FOLD_BASE, table, prefixes=_ISSUERS if kind == "bank_card" else (),
        today=_yyyymmdd(extra.get("today")) if kind == "resident_id" else 0, earliest=resident_id.EARLIEST_YEAR,
        strings=strings)
    redo = np.flatnonzero(python)
    if len(redo):
        part = by_polars(s.gather(redo), **extra)
        status[redo] = part.status
        rep[redo] = part.repeated
        values = native.strings_from_arrow(*arrow, len(s)).scatter(redo, part.values)
        return ColumnValues(kind, status, values, rep)
    return ColumnValues(kind, status, None, rep, arrow)


def _yyyymmdd(today: dt.date | None) -> int:
    today = today or dt.date.today()
    return today.year * 10000 + today.month * 100 + today.day


def mobiles(cells: Sequence[str | None], strings: tuple | None = None) -> ColumnValues:
    return _compiled("mobile", cells, _mobiles_by_polars, _ALLOCATED, strings)


def resident_ids(cells: Sequence[str | None], today: dt.date | None = None, strings: tuple | None = None) -> ColumnValues:
    return _compiled("resident_id", cells, _resident_ids_by_polars, _PROVINCES, strings, today=today)


def bank_cards(cells: Sequence[str | None], strings: tuple | None = None) -> ColumnValues:
    return _compiled("bank_card", cells, _bank_cards_by_polars, np.zeros(0, np.uint8), strings)


def _mobiles_by_polars(cells: Sequence[str | None]) -> ColumnValues:
    # in a cell longer than eleven characters, (+86) anywhere, then a +86 / 0086 / 86 prefix before
    # exactly eleven characters
    cleaned = _clean(cells)
    longer = cleaned.str.len_chars() > 11
    if longer.any():        # (+86) folded to ASCII by _clean
        stripped = cleaned.str.replace_all("(+86)", "", literal=True).str.replace(r"^(?:\+86|0086|86)(.{11})$", "$1")
        cleaned = pl.select(pl.when(longer).then(stripped).otherwise(cleaned)).to_series()
    grid, lengths = _grid(cleaned, 11)
    digit = _digits(grid)
    shaped = (lengths == 11) & digit.all(axis=1)
    block = block_of(grid)
    allocated = _ALLOCATED
    status = np.where(shaped, np.where(allocated[block], 1, 2), 0)      # unallocated block: untrue (invalid)
    stars = (grid[:, 3:7] == _STAR).all(axis=1) & digit[:, :3].all(axis=1) & digit[:, 7:].all(axis=1)
    status = np.where((status == 0) & (lengths == 11) & stars & allocated[block], 3, status)
    return ColumnValues("mobile", status.astype(np.int8), cleaned, _repeats(grid, lengths))


def block_of(grid: np.ndarray) -> np.ndarray:
    head = np.clip(grid[:, :3].astype(np.int64) - _ZERO, 0, 9)
    return head[:, 0] * 100 + head[:, 1] * 10 + head[:, 2]


_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _resident_ids_by_polars(cells: Sequence[str | None], today: dt.date | None = None) -> ColumnValues:
    cleaned = _clean(cells)
    grid, lengths = _grid(cleaned, 18)
    digit = _digits(grid)
    last_ok = digit[:, 17] | (grid[:, 17] == _X)
    shaped = (lengths == 18) & digit[:, :17].all(axis=1) & last_ok
    d = np.where(digit, grid.astype(np.int64) - _ZERO, 0)
    province = d[:, 0] * 10 + d[:, 1]
    provinces = _PROVINCES
    year = d[:, 6] * 1000 + d[:, 7] * 100 + d[:, 8] * 10 + d[:, 9]
    month = d[:, 10] * 10 + d[:, 11]
    day = d[:, 12] * 10 + d[:, 13]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_ok = (month >= 1) & (month <= 12)
    limit = np.where((month == 2) & ~leap, 28, _DAYS[np.clip(month, 0, 12)])
    today = today or dt.date.today()
    born = year * 10000 + month * 100 + day
    date_ok = month_ok & (day >= 1) & (day <= limit) & (year >= resident_id.EARLIEST_YEAR) & (
        born <= today.year * 10000 + today.month * 100 + today.day)
    region_ok = provinces[province] | (d[:, 0] == 9)
    weights = np.array(resident_id.WEIGHTS, dtype=np.int64)
    expected = np.frombuffer(resident_id.CHECK_CHARS.encode(), dtype=np.uint8)[(d[:, :17] @ weights) % 11]
    structured = shaped & date_ok & region_ok
    status = np.where(structured, np.where(expected == grid[:, 17], 1, 2), 0)
    masked = ((lengths == 18) | (lengths == 15)) & (grid == _STAR).any(axis=1) & region_ok
    status = np.where((status == 0) & masked, 3, status)
    return ColumnValues("resident_id", status.astype(np.int8), cleaned, _repeats(grid, lengths))


def _bank_cards_by_polars(cells: Sequence[str | None]) -> ColumnValues:
    cleaned = _clean(cells)
    grid, lengths = _grid(cleaned, 19)
    digit = _digits(grid)
    valid_len = (lengths >= 13) & (lengths <= 19)
    inside = np.arange(19)[None, :] < lengths[:, None]
    all_digits = np.where(inside, digit, True).all(axis=1) & valid_len
    d = np.where(digit & inside, grid.astype(np.int64) - _ZERO, 0)
    # Luhn from the right: position from the end of each number
    from_right = lengths[:, None] - 1 - np.arange(19)[None, :]
    doubled = np.where((from_right % 2 == 1) & inside, d * 2, d)
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    luhn_ok = doubled.sum(axis=1) % 10 == 0
    issuer = cleaned.str.contains("^(?:" + "|".join(map(re.escape, bank_card.ISSUER_PREFIXES)) + ")").to_numpy()
    status = np.where(all_digits & issuer, np.where(luhn_ok, 1, 2), 0)
    masked = valid_len & (grid == _STAR).any(axis=1) & issuer
    status = np.where((status == 0) & masked, 3, status)
    return ColumnValues("bank_card", status.astype(np.int8), cleaned, _repeats(grid, lengths))


VALIDATORS = {"mobile": mobiles, "resident_id": resident_ids, "bank_card": bank_cards}


def _folded(cells: Sequence[str | None] | pl.Series) -> pl.Series:
    return fold(cells).str.strip_chars(PY_WHITESPACE)


def person_names(cells: Sequence[str | None], strings: tuple | None = None) -> ColumnValues:
    """Name columns: a cell that is exactly a name (surname + 1-2 characters, as ``names.split_name``
    reads it) or a masked name (as ``names.masked_name``), decided for the whole column by the compiled
    kernel, else in polars."""
    return _text_kernel("name", cells, _person_names_by_polars, _name_tables, strings)


def _text_kernel(kind: str, cells: Sequence[str | None] | pl.Series, by_polars, tables, strings: tuple | None = None) -> ColumnValues:
    """A name or address column through the compiled kernel, else ``by_polars`` (the same rules)."""
    s = as_series(cells)
    if not native.available():
        return by_polars(s)
    status, rep, arrow = native.text_column({"name": 0, "address": 1}[kind], s, FOLD_LUT, FOLD_BASE, SPACE_TABLE, tables(),
                                            strings=strings)
    return ColumnValues(kind, status, None, rep, arrow)


@lru_cache(maxsize=1)
def _name_tables() -> tuple[np.ndarray, ...]:
    """Single and compound surnames, the single characters that follow a name, the mask characters: sorted
    code points (uint64) for the kernel (a compound surname as first << 32 | second)."""
    from piguard.detect import names
    from piguard.detect.gazetteer import surnames

    single, compound = surnames()
    return (np.array(sorted(ord(c) for c in single), dtype=np.uint64),
            np.array(sorted((ord(c[0]) << 32) | ord(c[1]) for c in compound), dtype=np.uint64),
            np.array(sorted(ord(c) for c in names.SINGLE_FOLLOWERS), dtype=np.uint64),
            np.array(sorted(ord(c) for c in names.MASK_CHARS), dtype=np.uint64))


def _person_names_by_polars(cells: Sequence[str | None]) -> ColumnValues:
    from piguard.detect import names
    from piguard.detect.gazetteer import surnames

    single, compound = (list(x) for x in surnames())
    cleaned = col = _folded(cells)
    frame = pl.DataFrame({"c": col}).select(
        n=pl.col("c").str.len_chars(),
        han=pl.col("c").str.contains(f"^[{_HAN_RANGE}]+$"),
        two=pl.col("c").str.slice(0, 2).is_in(compound),
        one=pl.col("c").str.slice(0, 1).is_in(single),
        last_follows=pl.col("c").str.slice(-1, 1).is_in(list(names.SINGLE_FOLLOWERS)),
        tail2=pl.col("c").str.slice(2).str.contains(f"^[{re.escape(names.MASK_CHARS)}]{{1,2}}$"),
        tail1=pl.col("c").str.slice(1).str.contains(f"^[{re.escape(names.MASK_CHARS)}]{{1,2}}$"),
    )
    n = frame["n"].to_numpy()
    two, one = frame["two"].to_numpy(), frame["one"].to_numpy()
    surname = np.where(two, 2, np.where(one, 1, 0))
    sized = (n >= 2) & (n <= 4)
    masked = sized & ((two & frame["tail2"].to_numpy()) | (one & frame["tail1"].to_numpy()))
    whole = (n == surname + 1) | ((n == surname + 2) & ~frame["last_follows"].to_numpy())
    valid = sized & frame["han"].to_numpy() & (surname > 0) & whole
    # a valid name has at most four characters, so never six of one
    return ColumnValues("name", np.where(masked, 3, np.where(valid, 1, 0)).astype(np.int8), cleaned,
                        np.zeros(len(cleaned), dtype=bool))


def emails(cells: Sequence[str | None], strings: tuple | None = None) -> ColumnValues:
    """E-mail columns: a cell that is one address as ``email_address.FORMAT`` reads it, for the whole column
    in polars (``strings`` is not read). Its look-arounds are spelled out, as polars' regular expressions
    have none: not starting with a dot, no two dots in a row, no dot just before the @."""
    cleaned = _folded(cells)
    c = pl.col("c")
    shaped = pl.DataFrame({"c": cleaned}).select(
        c.str.contains(_EMAIL_SHAPE) & ~c.str.starts_with(".") & ~c.str.contains("..", literal=True)
        & ~c.str.contains(".@", literal=True)).to_series().fill_null(False).to_numpy()
    return ColumnValues("email", shaped.astype(np.int8), cleaned)


# email_address.FORMAT without its look-arounds, anchored (see emails)
_EMAIL_SHAPE = r"^[A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$"


VALIDATORS.update({"name": person_names, "email": emails})


def street_addresses(cells: Sequence[str | None], strings: tuple | None = None) -> ColumnValues:
    """Address columns: a cell that is one address reaching a door (the column header is its context):
    ``addresses.extent`` covers it whole and ``addresses.is_street_level`` holds, for the whole column by
    the compiled kernel, else in polars."""
    return _text_kernel("address", cells, _street_addresses_by_polars, _address_tables, strings)


@lru_cache(maxsize=1)
def _address_tables() -> tuple:
    """The address shape's length bound and its stop, street and strong street words, for the kernel (the same
    tuples each time: the kernel keeps the tables it builds of them)."""
    return addresses.MAX_LEN, addresses.words(addresses.STOPS), addresses.words(addresses.STREET), addresses.words(addresses.STRONG)


_BODY_CHAR = f"[{_HAN_RANGE}0-9A-Za-z#()（）-]"
_SPACED_LEVEL = f"([{addresses.LEVEL_ENDS}]|街道)[ \u3000]({_BODY_CHAR})"
_SPACED_ROAD = f"([{addresses.ROAD_ENDS}])[ \u3000]([0-9])"


def _without_part_spaces(col: pl.Series) -> pl.Series:
    """The spaces between an address's parts dropped as ``addresses.spaced_end`` reads them (浙江省 杭州市 西湖区
    文三路 478号): after an administrative level or 街道 before an address character, after a road before its
    number (twice, as a replacement consumes the character after the space: 省 市 区). A cell keeps its spaces
    unless all of them go, or when its length is out of an address's bounds (as the compiled kernel)."""
    if not col.str.contains("[ \u3000]").any():
        return col
    compact = col
    for _ in range(2):
        compact = compact.str.replace_all(_SPACED_LEVEL, "${1}${2}").str.replace_all(_SPACED_ROAD, "${1}${2}")
    n = col.str.len_chars()
    ok = ~compact.str.contains("[ \u3000]") & (n >= 4) & (n <= addresses.MAX_LEN)
    return pl.select(pl.when(ok).then(compact).otherwise(col)).to_series()


def _street_addresses_by_polars(cells: Sequence[str | None]) -> ColumnValues:
    folded = _folded(cells)
    cleaned = col = _without_part_spaces(folded)
    c, n = pl.col("c"), pl.col("n")
    frame = pl.DataFrame({"c": col, "n": folded.str.len_chars()}).select(
        shaped=(n >= 4) & (n <= addresses.MAX_LEN)
        & c.str.contains(f"^{_BODY_CHAR}+$") & ~c.str.contains("的", literal=True)
        & ~c.str.slice(2).str.contains(addresses.STOPS.pattern),
        digit=c.str.contains("[0-9]"),
    )
    shaped, digit = frame["shaped"].to_numpy(), frame["digit"].to_numpy()
    # street level: a strong street part, or a street part with a number; every strong part is a street
    # part too, so a cell with a digit needs a street part and one without needs a strong part: each
    # shaped cell goes through one of the two patterns
    level = np.zeros(len(col), dtype=bool)
    with_digit, without = np.flatnonzero(shaped & digit), np.flatnonzero(shaped & ~digit)
    level[with_digit] = col.gather(with_digit).str.contains(addresses.STREET.pattern).to_numpy()
    level[without] = col.gather(without).str.contains(addresses.STRONG.pattern).to_numpy()
    status = level.astype(np.int8)
    # a template or pseudonymised address (XX省XX市…, 某某小区) is masked (addresses.is_masked; * and × are no
    # address characters, so a shaped cell can hold only these two)
    status[level & col.str.contains("[Xx]{2}|某").fill_null(False).to_numpy()] = 3
    return ColumnValues("address", status, cleaned)


VALIDATORS["address"] = street_addresses
