"""Records as readers deliver them: batches of rows (tables) or of text records (lines, paragraphs).

A record is the unit Interp. Art. 11 counts from: a row, an object, a line or a paragraph. Every
record keeps its locator (row or line number in its input) so a court can check it against the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """One input: a file, or a member of an archive (``outer.zip!dir/inner.csv``)."""

    path: str
    format: str
    encoding: str | None = None
    size: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Batch:
    """Consecutive records of one source. Tabular batches carry ``columns`` and ``rows``; text batches
    carry ``texts``. ``first`` is the 1-based number of the first record (data row or line)."""

    source: Source
    first: int
    columns: tuple[str, ...] | None = None
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    locator: str = "row"            # row | line | object | paragraph

    def __len__(self) -> int:
        return len(self.rows) if self.columns is not None else len(self.texts)

    def where(self, i: int) -> str:
        """Human-readable place of record ``i`` of this batch: ``data.csv row 12``."""
        return f"{self.source.path} {self.locator} {self.first + i}"
