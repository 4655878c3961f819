"""PowerPoint presentations: .pptx (Office Open XML) and .ppt (PowerPoint 97-2003).

A .pptx is read slide by slide, in the slides' order (``deck.pptx#slide3``), then the speaker notes
(``#notes3``) and the comments (``#comments1``): a slide's text outside tables (a paragraph a line) is read
as a plain-text file is (lines, paragraphs or key-value rows, as its start shows: ``readers.read_lines``),
and every table on it as a sheet (``#slide3-table1``; a cell spanning columns or rows leaves the cells it
covers empty). No part may hold more than ``docx.MAX_PART`` bytes uncompressed.

A .ppt keeps its text in the records of its ``PowerPoint Document`` stream: every text atom (UTF-16 or
8-bit) is read in the order the stream holds them, a paragraph a line (``deck.ppt#text``); the input's
report says that a table's cells are lines of their own there (``PPT_NOTE``). A file saved
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


# .ppt: record types ([MS-PPT] 2.13.24)
TEXT_CHARS, TEXT_BYTES = 0x0FA0, 0x0FA8        # TextCharsAtom (UTF-16LE), TextBytesAtom (8-bit: the low bytes)
CONTAINER = 0xF                                # recVer of a container record: its body is records
MAX_DEPTH = 64


def ppt_text(stream: bytes, name: str) -> list[str]:
    """The paragraphs of every text atom of a ``PowerPoint Document`` stream, in stream order; a vertical
    tab (a line break inside a paragraph) becomes a space. A record running past its container is an
    error naming the file."""
    out: list[str] = []

    def walk(start: int, end: int, depth: int) -> None:
        pos = start
        while pos + 8 <= end:
            ver_inst, kind, size = struct.unpack_from("<HHI", stream, pos)
            body, pos = pos + 8, pos + 8 + size
            if pos > end:
                raise ReadError(f"{name}: a record at byte {body - 8} runs past the end of its container: damaged")
            if ver_inst & 0xF == CONTAINER and depth < MAX_DEPTH:
                walk(body, pos, depth + 1)
            elif kind == TEXT_CHARS:
                out.extend(_paragraphs(stream[body:pos].decode("utf-16-le", errors="replace")))
            elif kind == TEXT_BYTES:
                out.extend(_paragraphs(stream[body:pos].decode("latin-1")))

    walk(0, len(stream), 0)
    return out


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
    for b in document_batches(source, "text", ppt_text(stream, source.path), [], batch):
        yield dataclasses.replace(b, notes=b.notes + (PPT_NOTE,))


PPT_NOTE = ("PowerPoint 97-2003: its text is read a paragraph a line, the masters' placeholder text included; a "
            "table's cells are lines of their own, so a row that holds two identifying values counts as two "
            "records (save it as .pptx to read its tables as tables)")
