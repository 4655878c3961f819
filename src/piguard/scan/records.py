"""Records as readers deliver them: batches of rows (tables) or of text records (lines, paragraphs).

A record is the unit Interp. Art. 11 counts from: a row, an object, a line or a paragraph. Every
record keeps its locator (row or line number in its input) so a court can check it against the source.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Sequence

# what a record of a plain-text file is: a line, a paragraph, a row of a delimited table (auto: decided per file)
TEXT_RECORDS = ("auto", "line", "paragraph", "row")


@dataclass(frozen=True)
class Source:
    """One input: a file, or a member of an archive (``outer.zip!dir/inner.csv``)."""

    path: str
    format: str
    encoding: str | None = None
    size: int | None = None
    sha256: str | None = None
    text_records: str = "auto"      # plain text: line | paragraph | row | auto (decided from the file's start)

    def part(self, name: str, **changes) -> "Source":
        """A part of this input read on its own (a sheet, a table, a page: ``book.xlsx#客户``), with ``changes``."""
        return dataclasses.replace(self, path=f"{self.path}#{name}", **changes)


@dataclass(frozen=True)
class Batch:
    """Consecutive records of one source. Tabular batches carry ``columns`` and ``rows``; text batches
    carry ``texts``. ``first`` is the 1-based number of the first record (data row or line)."""

    source: Source
    first: int
    columns: tuple[str, ...] | None = None
    rows: list[tuple[str | None, ...]] = field(default_factory=list)      # each as long as ``columns``
    texts: list[str] = field(default_factory=list)
    locator: str = "row"            # row | line | object | paragraph
    lines: list[int] | None = None  # paragraphs: the line each starts at
    frame: object = None            # a table read column-wise: a polars DataFrame of strings, instead of ``rows``
    notes: tuple[str, ...] = ()     # what the reader decided about the input that a reviewer should know (a title row)

    def __len__(self) -> int:
        if self.columns is None:
            return len(self.texts)
        return self.frame.height if self.frame is not None else len(self.rows)

    def column(self, j: int) -> Sequence:
        """The cells of column ``j``: a polars Series of strings for a frame, else a list."""
        if self.frame is not None:
            return self.frame.to_series(j)
        return [r[j] for r in self.rows]

    def row(self, i: int) -> tuple:
        return self.frame.row(i) if self.frame is not None else self.rows[i]

    def table_rows(self) -> list[tuple]:
        """Every row as a tuple, whichever way the table was read."""
        return self.frame.rows() if self.frame is not None else self.rows

    def locate(self, i: int) -> str:
        """Place of record ``i`` in its input: ``row 12``, ``line 7``, ``paragraph 3 (line 9)``."""
        if self.lines is not None:
            return f"{self.locator} {self.first + i} (line {self.lines[i]})"
        return f"{self.locator} {self.first + i}"

    def where(self, i: int) -> str:
        """Human-readable place of record ``i`` of this batch: ``data.csv row 12``."""
        return f"{self.source.path} {self.locate(i)}"


def listed(values: Sequence[object], most: int) -> str:
    """``values`` written out for a note, the first ``most`` of them (``2, 3, 5, …``).

    >>> listed([2, 3, 5, 7], 3), listed([2], 3)
    ('2, 3, 5, …', '2')
    """
    return ", ".join(map(str, values[:most])) + (", …" if len(values) > most else "")


def filled(row: Sequence[object] | None) -> int:
    """How many cells of a row hold something."""
    return sum(1 for c in row or () if c is not None and str(c).strip())


def title_rows(rows: Sequence[Sequence[object] | None]) -> int:
    """How many of the first non-empty rows are a table's title (某公司客户名单, over merged cells, perhaps an
    export date under it): up to ``TITLE_ROWS`` rows of one cell each, then a row of several (the header).
    0 when there is none (a one-column table keeps its single-cell header).

    >>> title_rows([["客户名单", None, ""], ["导出时间：2023-01-01"], ["姓名", "手机号"]])
    2
    >>> title_rows([["手机号"], ["13812345678"], ["13912345678"], ["13712345678"]]), title_rows([["姓名", "手机号"]])
    (0, 0)
    """
    k = 0
    while k < len(rows) and k < TITLE_ROWS and filled(rows[k]) == 1:
        k += 1
    return k if k < len(rows) and filled(rows[k]) >= 2 else 0


TITLE_ROWS = 3       # single-cell rows above a header taken as its title (客户名单 / 导出时间：… / 单位：…)


def title_note(rows: Sequence[int], header: int) -> str:
    """What the input report says of title rows above the header (numbers as in the input)."""
    where = f"row {rows[0]} holds" if len(rows) == 1 else f"rows {', '.join(map(str, rows))} each hold"
    return f"{where} a single cell, the table's title: not a record (the header is row {header})"
