"""The evidence table: one row per record with its verdict, so a court can sample-check the counts.

Written as CSV (UTF-8, a header row) or as Parquet (the same columns, all strings, written a row group
at a time so memory stays bounded on a scan of millions of records). Values are masked; the person
column is the SHA-256 of the record's person key (see :func:`piguard.count.pieces.key_digest`).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence, TextIO

EVIDENCE_COLUMNS = ("input", "locator", "verdict", "category", "alternative", "person", "values", "reasons")
ROW_GROUP = 100_000


class CsvEvidence:
    """Evidence rows to a text stream as CSV; :meth:`close` closes the stream only when ``owned``."""

    def __init__(self, stream: TextIO, owned: bool = False):
        self._stream, self._owned = stream, owned
        self._writer = csv.writer(stream)
        self._writer.writerow(EVIDENCE_COLUMNS)

    def writerow(self, row: Sequence[str]) -> None:
        self._writer.writerow(row)

    def close(self) -> None:
        if self._owned:
            self._stream.close()


class ParquetEvidence:
    """Evidence rows to a Parquet file, a row group of ``ROW_GROUP`` rows at a time."""

    def __init__(self, path: str | Path, row_group: int | None = None):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._schema = pa.schema([(c, pa.string()) for c in EVIDENCE_COLUMNS])
        self._out = pq.ParquetWriter(str(path), self._schema, compression="zstd")
        self._rows: list[Sequence[str]] = []
        self._row_group = row_group or ROW_GROUP

    def writerow(self, row: Sequence[str]) -> None:
        self._rows.append(row)
        if len(self._rows) >= self._row_group:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = [self._pa.array(list(col), type=self._pa.string()) for col in zip(*self._rows)]
            self._out.write_table(self._pa.Table.from_arrays(columns, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._out.close()


def open_evidence(path: str | Path) -> CsvEvidence | ParquetEvidence:
    """The evidence table for ``path`` by its suffix (``.parquet``, else CSV); close it when done."""
    if str(path).lower().endswith(".parquet"):
        return ParquetEvidence(path)
    return CsvEvidence(open(path, "w", encoding="utf-8", newline=""), owned=True)
