"""PowerPoint presentations: .pptx (Office Open XML) and .ppt (PowerPoint 97-2003).

A .pptx is read slide by slide, in the slides' order (``deck.pptx#slide3``), then the speaker notes
(``#notes3``) and the comments (``#comments1``): a slide's text outside tables (a paragraph a line) is read
as a plain-text file is (lines, paragraphs or key-value rows, as its start shows: ``readers.read_lines``),
and every table on it as a sheet (``#slide3-table1``; a cell spanning columns or rows leaves the cells it
covers empty). No part may hold more than ``MAX_PART`` bytes uncompressed.

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
import zipfile
from pathlib import Path
from typing import Iterator

from piguard.scan.docx import MAX_PART, document_batches
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
    lines: list[str] = []
    tables: list[list[list[str | None]]] = []
    depth = 0
    para: list[str] = []
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    cell: list[str] = []
    covered = False
    span = 1
    try:
        for event, elem in ET.iterparse(fh, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == A + "tbl":
                    depth += 1
                    if depth == 1:
                        rows = []
                elif depth == 1 and tag == A + "tr":
                    row = []
                elif depth == 1 and tag == A + "tc":
                    cell = []
                    covered = elem.get("hMerge") in ("1", "true") or elem.get("vMerge") in ("1", "true")
                    try:
                        span = max(1, min(int(elem.get("gridSpan", "1")), 1000))
                    except ValueError:
                        span = 1
                continue
            if tag == A + "t":
                (cell if depth else para).append(elem.text or "")
            elif tag == P + "text":                          # a comment's text
                lines.append((elem.text or "").strip())
            elif tag == A + "br":
                (cell if depth else para).append(" ")
            elif tag == A + "p":
                if depth:
                    cell.append(" ")
                else:
                    lines.append("".join(para).strip())
                    para = []
                elem.clear()
            elif depth == 1 and tag == A + "tc":
                # a cell that a spanning cell covers is written as a cell of its own (hMerge / vMerge): empty here
                text = re.sub(r"\s+", " ", "".join(cell)).strip()
                row.append(None if covered or not text else text)
                row.extend([None] * (span - 1 if not covered else 0))
            elif depth == 1 and tag == A + "tr":
                rows.append(row)
                elem.clear()
            elif tag == A + "tbl":
                if depth == 1:
                    tables.append(rows)
                    lines.append("")
                depth -= 1
    except ET.ParseError as exc:
        raise ReadError(f"{src.path}: {part} is not well-formed XML ({exc})") from None
    return lines, tables


def read_pptx(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every slide, its notes and the comments of a .pptx (see the module's description)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(f"{source.path}: not a readable PowerPoint presentation ({exc})") from None
    with zf:
        parts = sorted((i for i in zf.infolist() if _PARTS.fullmatch(i.filename)), key=lambda i: _order(i.filename))
        if not any(i.filename == "ppt/presentation.xml" for i in zf.infolist()):
            raise ReadError(f"{source.path}: a zip without ppt/presentation.xml is no PowerPoint presentation")
        for info in parts:
            if info.file_size > MAX_PART:
                raise ReadError(f"{source.path}: {info.filename} would expand to {info.file_size:,} bytes "
                                f"(more than {MAX_PART:,}): not read")
            m = _PARTS.fullmatch(info.filename)
            try:
                with zf.open(info) as fh:
                    lines, tables = _parse(fh, info.filename, source)
            except (zipfile.BadZipFile, RuntimeError, OSError) as exc:     # encrypted or damaged members
                raise ReadError(f"{source.path}: {info.filename} cannot be read ({exc})") from None
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
