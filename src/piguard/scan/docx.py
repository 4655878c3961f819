"""Word documents (.docx, Office Open XML): the text of the body, and of its headers, footers, notes and
comments, read as a plain-text file is (lines, paragraphs or key-value rows, as its start shows: see
``readers.read_lines``; an empty paragraph is a blank line), and every table of the body read as a sheet is
(``report.docx#table1``: title rows, column groups, header; a cell spanning columns leaves the cells it
covers empty, as does a cell merged down). A table inside a table's cell is read as that cell's text.

Text deleted with changes tracked (``w:delText``) is still in the file: it is read as a part of its own,
the deleted text of each paragraph a line (``report.docx#deleted``, ``#header1-deleted``), so that the
evidence says where it stood, and counted as the rest is.

The parts are opened read-only inside the zip; none may hold more than ``MAX_PART`` bytes uncompressed
(a zip bomb is an error naming the part, not a hung scan).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Callable, Iterator

from piguard.scan.readers import BATCH, DAMAGED_ZIP, ReadError, read_text
from piguard.scan.records import Batch, Source
from piguard.scan.tables import sheet_batches

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 256 << 20
# the parts that hold a document's text, in the order they are read
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")


def _part_order(name: str) -> tuple[int, str]:
    kind = _PARTS.fullmatch(name).group(1)
    return (0 if kind == "document" else 1, name)


def _parse(fh, part: str, src: Source) -> tuple[list[str], list[list[list[str | None]]], list[str]]:
    """The lines of a part's text outside tables (a paragraph a line, an empty one blank), its tables, and the
    text deleted with changes tracked (a paragraph's a line)."""
    deleted: list[str] = []
    lines, tables = text_and_tables(fh, part, src, W, {W + "tab": "\t", W + "br": " ", W + "cr": " "}, _word_merge,
                                    deleted=deleted)
    return lines, tables, deleted


def _word_merge(elem: ET.Element, span: int, covered: bool) -> tuple[int, bool]:
    """A Word cell spans the columns its ``w:gridSpan`` says; ``w:vMerge`` without restart continues the
    cell above (so this one is empty)."""
    if elem.tag == W + "gridSpan":
        try:
            return max(1, min(int(elem.get(W + "val", "1")), 1000)), covered
        except ValueError:
            return 1, covered
    if elem.tag == W + "vMerge":
        return span, elem.get(W + "val", "continue") != "restart"
    return span, covered


def text_and_tables(fh, part: str, src: Source, ns: str, breaks: dict[str, str],
                    merge: Callable[[ET.Element, int, bool], tuple[int, bool]],
                    line_tags: tuple[str, ...] = (),
                    deleted: list[str] | None = None) -> tuple[list[str], list[list[list[str | None]]]]:
    """An Office Open XML part's text outside tables, a paragraph (``ns`` p) a line (an empty one blank,
    and a blank line after each table), and its tables, cell by cell (a table inside a cell is that cell's
    text). ``breaks``: what a break element inside a paragraph becomes; ``merge(elem, span, covered)``:
    the columns the cell being read spans and whether another cell covers it, after ``elem`` (the cell
    itself at its start, then each element inside it); ``line_tags``: elements whose text is a line;
    ``deleted``: where the text of a tracked deletion (``delText``) goes, a paragraph's a line (else it is not
    read)."""
    lines: list[str] = []
    tables: list[list[list[str | None]]] = []
    depth = 0                               # tables open around the parse position
    para: list[str] = []                    # text of the paragraph outside tables being read
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    cell: list[str] = []
    span, covered = 1, False
    tbl, tr, tc, t, p, gone = ns + "tbl", ns + "tr", ns + "tc", ns + "t", ns + "p", ns + "delText"
    removed: list[str] = []                 # deleted text of the paragraph being read
    try:
        for event, elem in ET.iterparse(fh, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == tbl:
                    depth += 1
                    if depth == 1:
                        rows = []
                elif depth == 1 and tag == tr:
                    row = []
                elif depth == 1 and tag == tc:
                    cell = []
                    span, covered = merge(elem, 1, False)
                continue
            if tag == t:
                (cell if depth else para).append(elem.text or "")
            elif tag == gone:
                removed.append(elem.text or "")
            elif tag in breaks:
                (cell if depth else para).append(breaks[tag])
            elif tag == p:
                if removed:
                    line = re.sub(r"\s+", " ", "".join(removed)).strip()
                    if line and deleted is not None:
                        deleted.append(line)
                    removed = []
                if depth:
                    cell.append(" ")
                else:
                    lines.append("".join(para).strip())
                    para = []
                elem.clear()
            elif tag in line_tags and not depth:
                lines.append((elem.text or "").strip())
            elif depth == 1 and tag == tc:
                text = re.sub(r"\s+", " ", "".join(cell)).strip()
                row.append(None if covered or not text else text)
                row.extend([None] * (span - 1))
            elif depth == 1 and tag == tr:
                rows.append(row)
                elem.clear()
            elif tag == tbl:
                if depth == 1:
                    tables.append(rows)
                    lines.append("")                # a table ends the text before it
                depth -= 1
            elif depth == 1:
                span, covered = merge(elem, span, covered)
    except ET.ParseError as exc:
        raise ReadError(f"{src.path}: {part} is not well-formed XML ({exc})") from None
    return lines, tables


def read_docx(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every text part and every body table of a .docx (see the module's description)."""
    for name, (lines, tables, deleted) in package_parts(path, source, "Word document", "word/document.xml", _PARTS,
                                                         _part_order, _parse):
        kind = _PARTS.fullmatch(name).group(1)
        yield from document_batches(source, kind, lines, tables, batch)
        yield from document_batches(source, "deleted" if kind == "document" else f"{kind}-deleted", deleted, [], batch)


def package_parts(path: Path, source: Source, what: str, required: str, parts: re.Pattern, order: Callable[[str], object],
                  parse: Callable) -> Iterator[tuple[str, object]]:
    """``(name, parse(part, name, source))`` for each part of an Office Open XML package whose name
    ``parts`` matches, in ``order``; a package without ``required``, a part that would expand to more than
    ``MAX_PART`` bytes, an encrypted or damaged member is an error naming the file (``what`` it is not)."""
    try:
        zf = zipfile.ZipFile(path)
    except DAMAGED_ZIP as exc:
        raise ReadError(f"{source.path}: not a readable {what} ({exc})") from None
    with zf:
        if not any(i.filename == required for i in zf.infolist()):
            raise ReadError(f"{source.path}: a zip without {required} is no {what}")
        for info in sorted((i for i in zf.infolist() if parts.fullmatch(i.filename)), key=lambda i: order(i.filename)):
            if info.file_size > MAX_PART:
                raise ReadError(f"{source.path}: {info.filename} would expand to {info.file_size:,} bytes "
                                f"(more than {MAX_PART:,}): not read")
            try:
                with zf.open(info) as fh:
                    parsed = parse(fh, info.filename, source)
            except DAMAGED_ZIP as exc:     # encrypted or damaged members
                raise ReadError(f"{source.path}: {info.filename} cannot be read ({exc})") from None
            yield info.filename, parsed


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
