"""Word documents (.docx, Office Open XML): the text of the body, and of its headers, footers, notes and
comments, read as a plain-text file is (lines, paragraphs or key-value rows, as its start shows: see
``readers.read_lines``; an empty paragraph is a blank line), and every table of the body read as a sheet is
(``report.docx#table1``: title rows, column groups, header; a cell spanning columns leaves the cells it
covers empty, as does a cell merged down). A table inside a table's cell is read as that cell's text.

The parts are opened read-only inside the zip; none may hold more than ``MAX_PART`` bytes uncompressed
(a zip bomb is an error naming the part, not a hung scan).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Iterator

from piguard.scan.readers import BATCH, ReadError, read_text
from piguard.scan.records import Batch, Source
from piguard.scan.tables import sheet_batches

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 256 << 20
# the parts that hold a document's text, in the order they are read
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")


def _part_order(name: str) -> tuple[int, str]:
    kind = _PARTS.fullmatch(name).group(1)
    return (0 if kind == "document" else 1, name)


def _parse(fh, part: str, src: Source) -> tuple[list[str], list[list[list[str | None]]]]:
    """The lines of a part's text outside tables (a paragraph a line, an empty one blank) and its tables."""
    lines: list[str] = []
    tables: list[list[list[str | None]]] = []
    depth = 0                               # tables open around the parse position
    para: list[str] = []                    # text of the paragraph outside tables being read
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    cell: list[str] = []
    span = 1
    merged_on = False                       # the cell continues a vertical merge (w:vMerge without restart)
    try:
        for event, elem in ET.iterparse(fh, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == W + "tbl":
                    depth += 1
                    if depth == 1:
                        rows = []
                elif depth == 1 and tag == W + "tr":
                    row = []
                elif depth == 1 and tag == W + "tc":
                    cell, span, merged_on = [], 1, False
                continue
            if tag == W + "t":
                (cell if depth else para).append(elem.text or "")
            elif tag in (W + "tab", W + "br", W + "cr"):
                (cell if depth else para).append("\t" if tag == W + "tab" else " ")
            elif tag == W + "p":
                if depth:
                    cell.append(" ")
                else:
                    lines.append("".join(para).strip())
                    para = []
                elem.clear()
            elif depth == 1 and tag == W + "gridSpan":
                try:
                    span = max(1, min(int(elem.get(W + "val", "1")), 1000))
                except ValueError:
                    span = 1
            elif depth == 1 and tag == W + "vMerge":
                merged_on = elem.get(W + "val", "continue") != "restart"
            elif depth == 1 and tag == W + "tc":
                text = re.sub(r"\s+", " ", "".join(cell)).strip()
                row.append(None if merged_on or not text else text)
                row.extend([None] * (span - 1))
            elif depth == 1 and tag == W + "tr":
                rows.append(row)
                elem.clear()
            elif tag == W + "tbl":
                if depth == 1:
                    tables.append(rows)
                    lines.append("")                # a table ends the text before it
                depth -= 1
    except ET.ParseError as exc:
        raise ReadError(f"{src.path}: {part} is not well-formed XML ({exc})") from None
    return lines, tables


def read_docx(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every text part and every body table of a .docx (see the module's description)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(f"{source.path}: not a readable Word document ({exc})") from None
    with zf:
        parts = sorted((i for i in zf.infolist() if _PARTS.fullmatch(i.filename)), key=lambda i: _part_order(i.filename))
        if not any(i.filename == "word/document.xml" for i in parts):
            raise ReadError(f"{source.path}: a zip without word/document.xml is no Word document")
        for info in parts:
            if info.file_size > MAX_PART:
                raise ReadError(f"{source.path}: {info.filename} would expand to {info.file_size:,} bytes "
                                f"(more than {MAX_PART:,}): not read")
            kind = _PARTS.fullmatch(info.filename).group(1)
            try:
                with zf.open(info) as fh:
                    lines, tables = _parse(fh, info.filename, source)
            except (zipfile.BadZipFile, RuntimeError, OSError) as exc:     # encrypted or damaged members
                raise ReadError(f"{source.path}: {info.filename} cannot be read ({exc})") from None
            yield from document_batches(source, kind, lines, tables, batch)


def document_batches(source: Source, kind: str, lines: list[str], tables: list[list[list[str | None]]],
                     batch: int = BATCH) -> Iterator[Batch]:
    """A part of a word-processor document: its lines read as a plain-text file is (``report.docx#document``),
    then each table as a sheet (``report.docx#table1``; a table of another part ``#header1-table1``)."""
    text = "\n".join(lines).strip("\n")
    if text.strip():
        yield from read_text(text, source.part(kind))
    for n, rows in enumerate(tables, 1):
        name = "table" if kind == "document" else f"{kind}-table"
        yield from sheet_batches(source.part(f"{name}{n}"), iter(rows), batch)
