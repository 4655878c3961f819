"""PowerPoint presentations: .pptx (Office Open XML) and .ppt (PowerPoint 97-2003).

A .pptx is read slide by slide, in the slides' order (``deck.pptx#slide3``), then the speaker notes
(``#notes3``) and the comments (``#comments1``): a slide's text outside tables (a paragraph a line) is read
as a plain-text file is (lines, paragraphs or key-value rows, as its start shows: ``readers.read_lines``),
and every table on it as a sheet (``#slide3-table1``; a cell spanning columns or rows leaves the cells it
covers empty). No part may hold more than ``docx.MAX_PART`` bytes uncompressed.

A .ppt keeps its text in the records of its ``PowerPoint Document`` stream: every text atom (UTF-16 or
8-bit) is read in the order the stream holds them, a paragraph a line (``deck.ppt#text``). A table is a group
of shapes there, one per cell, the group marked as a table (``tableProperties``, [MS-ODRAW]): its cells are
put back into rows and columns by where they stand and the table is read as a sheet (``deck.ppt#table1``); a
cell merged over others leaves them empty. A file saved
"fast" keeps the text of earlier saves after the current text: it is evidence too, and is read with the
rest (the de-duplication of Art. 11 counts a piece found twice once). An encrypted presentation is an
error naming it.
"""

from __future__ import annotations

import dataclasses
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

from piguard.scan.docx import document_batches, package_parts, text_and_tables
from piguard.scan.readers import BATCH, ReadError
from piguard.scan.records import Batch, Source
from piguard.scan.tables import sheet_batches

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_PARTS = re.compile(r"ppt/(slides/slide|notesSlides/notesSlide|comments/comment)(\d+)\.xml")
_KIND = {"slides/slide": "slide", "notesSlides/notesSlide": "notes", "comments/comment": "comments"}


def _order(name: str) -> tuple[int, int]:
    m = _PARTS.fullmatch(name)
    return list(_KIND).index(m.group(1)), int(m.group(2))


def _parse(fh, part: str, src: Source) -> tuple[list[str], list[list[list[str | None]]]]:
    """The lines of a slide's (notes', comments') text outside tables and its tables."""
    return text_and_tables(fh, part, src, A, {A + "br": " "}, _slide_merge, line_tags=(P + "text",))


def _slide_merge(elem: ET.Element, span: int, covered: bool) -> tuple[int, bool]:
    """A slide's table writes every cell a spanning cell covers as a cell of its own (``hMerge`` /
    ``vMerge``): that one is empty, and the spanning cell takes one column."""
    if elem.tag == A + "tc":
        return 1, elem.get("hMerge") in ("1", "true") or elem.get("vMerge") in ("1", "true")
    return span, covered


def read_pptx(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every slide, its notes and the comments of a .pptx (see the module's description)."""
    for name, (lines, tables) in package_parts(path, source, "PowerPoint presentation", "ppt/presentation.xml", _PARTS,
                                               _order, _parse):
        m = _PARTS.fullmatch(name)
        yield from document_batches(source, f"{_KIND[m.group(1)]}{m.group(2)}", lines, tables, batch)


# .ppt: record types ([MS-PPT] 2.13.24, [MS-ODRAW] 2.2)
TEXT_CHARS, TEXT_BYTES = 0x0FA0, 0x0FA8        # TextCharsAtom (UTF-16LE), TextBytesAtom (8-bit: the low bytes)
GROUP, SHAPE, CHILD_ANCHOR = 0xF003, 0xF004, 0xF00F     # OfficeArtSpgrContainer, OfficeArtSpContainer, its anchor in the group
PROPERTIES = (0xF00B, 0xF121, 0xF122)           # OfficeArtFOPT, OfficeArtSecondaryFOPT, OfficeArtTertiaryFOPT
TABLE_PROPERTIES = 0x039F                       # tableProperties: bit 0, fIsTable
CONTAINER = 0xF                                # recVer of a container record: its body is records
MAX_DEPTH = 64
SAME_EDGE = 8                                  # master units (1/576 inch) within which two cells share a row or a column


def ppt_text(stream: bytes, name: str) -> tuple[list[str], list[list[list[str | None]]]]:
    """The paragraphs of every text atom of a ``PowerPoint Document`` stream, in stream order (a vertical tab,
    a line break inside a paragraph, becomes a space), and its tables, cell by cell. A record running past its
    container is an error naming the file."""
    tables: list[list[list[str | None]]] = []

    def records(start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
        return _records(stream, start, end, name)

    def texts(start: int, end: int, depth: int, out: list[str]) -> list[str]:
        for ver_inst, kind, body, nxt in records(start, end):
            if ver_inst & 0xF == CONTAINER and depth < MAX_DEPTH:
                if kind == GROUP and depth and _is_table(stream, body, nxt, name):
                    table(body, nxt, depth + 1, out)
                else:
                    texts(body, nxt, depth + 1, out)
            elif kind == TEXT_CHARS:
                out.extend(_paragraphs(stream[body:nxt].decode("utf-16-le", errors="replace")))
            elif kind == TEXT_BYTES:
                out.extend(_paragraphs(stream[body:nxt].decode("latin-1")))
        return out

    def table(start: int, end: int, depth: int, out: list[str]) -> None:
        cells: list[tuple[tuple[int, int], str]] = []          # ((left, top), text) of each cell shape
        for ver_inst, kind, body, nxt in records(start, end):
            if ver_inst & 0xF != CONTAINER:
                continue
            if kind != SHAPE:                       # a group inside the table: its text as lines
                texts(body, nxt, depth + 1, out)
                continue
            anchor = next((struct.unpack_from("<iiii", stream, b) for _, k, b, n in records(body, nxt)
                           if k == CHILD_ANCHOR and n - b >= 16), None)
            paragraphs = [p for p in texts(body, nxt, depth + 1, []) if p]
            if anchor is None:
                out.extend(paragraphs)              # the group's own shape, or a shape placed otherwise
            else:
                cells.append(((anchor[0], anchor[1]), " ".join(paragraphs)))
        if cells:
            tables.append(_grid(cells))
            out.append("")

    lines = texts(0, len(stream), 0, [])
    return lines, tables


def _records(stream: bytes, start: int, end: int, name: str) -> Iterator[tuple[int, int, int, int]]:
    """(recVer and recInstance, recType, where the body starts, where it ends) of each record in
    ``stream[start:end]``; a record running past its container is an error naming the file."""
    pos = start
    while pos + 8 <= end:
        ver_inst, kind, size = struct.unpack_from("<HHI", stream, pos)
        body, pos = pos + 8, pos + 8 + size
        if pos > end:
            raise ReadError(f"{name}: a record at byte {body - 8} runs past the end of its container: damaged")
        yield ver_inst, kind, body, pos


def _is_table(stream: bytes, start: int, end: int, name: str) -> bool:
    """Is the group (an OfficeArtSpgrContainer's body) a table: its own shape, the first, with fIsTable set? A
    property table's recInstance is the number of its properties."""
    for _, kind, body, nxt in _records(stream, start, end, name):
        if kind != SHAPE:
            continue
        for ver_inst, k, b, n in _records(stream, body, nxt, name):
            if k in PROPERTIES:
                for i in range(min(ver_inst >> 4, (n - b) // 6)):
                    pid, value = struct.unpack_from("<HI", stream, b + 6 * i)
                    if pid & 0x3FFF == TABLE_PROPERTIES:
                        return bool(value & 1)
        return False
    return False


def _grid(cells: list[tuple[tuple[int, int], str]]) -> list[list[str | None]]:
    """Cells placed by their top-left corners into rows and columns (edges within ``SAME_EDGE`` are one)."""
    def edges(values: list[int]) -> list[int]:
        out: list[int] = []
        for v in sorted(set(values)):
            if not out or v - out[-1] > SAME_EDGE:
                out.append(v)
        return out

    lefts, tops = edges([x for (x, _), _ in cells]), edges([y for (_, y), _ in cells])

    def index(edges_: list[int], v: int) -> int:
        return max(i for i, e in enumerate(edges_) if e <= v + SAME_EDGE)

    grid: list[list[str | None]] = [[None] * len(lefts) for _ in tops]
    for (x, y), text in cells:
        grid[index(tops, y)][index(lefts, x)] = text or None
    return grid


def _paragraphs(text: str) -> list[str]:
    return [p.replace("\x0b", " ").strip() for p in text.split("\r")]


def read_ppt(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """The text of a PowerPoint 97-2003 presentation (see the module's description)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedSummary"):
                raise ReadError(f"{source.path}: an encrypted PowerPoint presentation: not read")
            if not ole.exists("PowerPoint Document"):
                raise ReadError(f"{source.path}: an OLE2 file without a PowerPoint Document stream is no presentation")
            stream = ole.openstream("PowerPoint Document").read()
    except (OSError, ValueError) as exc:
        raise ReadError(f"{source.path}: not a readable PowerPoint presentation ({exc})") from None
    lines, tables = ppt_text(stream, source.path)
    for b in document_batches(source, "text", lines, [], batch):
        yield dataclasses.replace(b, notes=b.notes + (PPT_NOTE,))
    for n, rows in enumerate(tables, 1):
        yield from sheet_batches(source.part(f"table{n}"), iter(rows), batch)


PPT_NOTE = ("PowerPoint 97-2003: its text is read a paragraph a line, in the order the file keeps it, the masters' "
            "placeholder text included; its tables are read as sheets")
