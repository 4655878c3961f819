"""Word 97-2003 documents (.doc, also WPS Office's .wps, which is the same format): an OLE2 compound file
whose ``WordDocument`` stream holds the text, read as a .docx is (see :mod:`piguard.scan.docx`): the main
text as plain text, a paragraph a line, every table as a sheet, and the rest of the text (footnotes,
headers and footers, comments, text boxes) as plain text of its own (``名单.doc#notes``).

The text is found through the piece table (the ``Clx`` in the table stream, ``0Table`` or ``1Table``):
each piece is a run of characters stored either as UTF-16 or "compressed" as 8-bit (Windows-1252).
Tables are told apart by the paragraphs' properties (the ``PlcBtePapx`` and its 512-byte pages): a
paragraph in a table, a cell's last paragraph (ending in U+0007) and a row's end mark (``sprmPFTtp``). A
field's instruction (HYPERLINK "…") is dropped and its result kept. An encrypted document, or one that
is not Word 97 or later, is an error naming the file.
"""

from __future__ import annotations

import bisect
import re
import struct
from pathlib import Path
from typing import Iterator

import olefile

from piguard.scan.docx import document_batches
from piguard.scan.readers import BATCH, ReadError
from piguard.scan.records import Batch, Source

MAGIC = 0xA5EC                  # wIdent of a Word 97+ FIB
_FIELD_CODE = re.compile(r"\x13[^\x13\x14\x15]*\x14")       # a field's instruction: begin … separator
_FIELD_WHOLE = re.compile(r"\x13[^\x13\x14\x15]*\x15")      # a field without a result
_DROPPED = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x08\x14\x15\x1f"), None)
_SPACED = {ord("\x0b"): " ", ord("\x0c"): "\n", ord("\x0e"): "\n", ord("\x1e"): "-", ord("\xa0"): " "}

SPRM_IN_TABLE, SPRM_TTP, SPRM_ITAP = 0x2416, 0x2417, 0x6649
SPRM_INNER_CELL, SPRM_INNER_TTP = 0x244B, 0x244C


def _u16(b: bytes, at: int) -> int:
    return struct.unpack_from("<H", b, at)[0]


def _u32(b: bytes, at: int) -> int:
    return struct.unpack_from("<I", b, at)[0]


class _Fib:
    """The parts of the File Information Block this reader needs."""

    def __init__(self, word: bytes, path: str):
        if len(word) < 0x40 or _u16(word, 0) != MAGIC:
            raise ReadError(f"{path}: not a Word 97-2003 document (an older Word or another program wrote it)")
        flags = _u16(word, 0x0A)
        if flags & 0x0100:
            raise ReadError(f"{path}: encrypted Word document, cannot be read without its password")
        self.table = "1Table" if flags & 0x0200 else "0Table"
        csw = _u16(word, 0x20)
        lw = 0x22 + 2 * csw + 2                          # fibRgLw, after fibRgW and its count
        cslw = _u16(word, lw - 2)
        fc_lcb = lw + 4 * cslw + 2                       # fibRgFcLcbBlob, after fibRgLw and its count
        if len(word) < fc_lcb + 34 * 8 or cslw < 11:
            raise ReadError(f"{path}: the Word document's header is cut short")
        self.ccp_text = _u32(word, lw + 12)              # characters of the main text
        self.papx = (_u32(word, fc_lcb + 13 * 8), _u32(word, fc_lcb + 13 * 8 + 4))      # fcPlcfBtePapx, lcb
        self.clx = (_u32(word, fc_lcb + 33 * 8), _u32(word, fc_lcb + 33 * 8 + 4))       # fcClx, lcb


def _pieces(clx: bytes, path: str) -> list[tuple[int, int, int, bool]]:
    """(first character, end character, byte offset in WordDocument, compressed) of every text piece."""
    i = 0
    while i < len(clx) and clx[i] == 0x01:              # Prc: property modifiers, skipped
        i += 3 + _u16(clx, i + 1)
    if i + 5 > len(clx) or clx[i] != 0x02:
        raise ReadError(f"{path}: the Word document's piece table is missing or damaged")
    lcb = _u32(clx, i + 1)
    plc = clx[i + 5:i + 5 + lcb]
    n = (lcb - 4) // 12
    if n < 1 or len(plc) < 4 * (n + 1) + 8 * n:
        raise ReadError(f"{path}: the Word document's piece table is cut short")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out = []
    for k in range(n):
        fc = _u32(plc, 4 * (n + 1) + 8 * k + 2)
        compressed = bool(fc & 0x40000000)
        out.append((cps[k], cps[k + 1], (fc & 0x3FFFFFFF) // 2 if compressed else fc, compressed))
    return out


def _sprms(grpprl: bytes) -> dict[int, int]:
    """The paragraph sprms this reader looks at (in table, row end, depth), with their operands."""
    found: dict[int, int] = {}
    i = 0
    while i + 2 <= len(grpprl):
        sprm = _u16(grpprl, i)
        i += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm == 0xD608:                            # sprmTDefTable: a two-byte count (plus one)
            if i + 2 > len(grpprl):
                break
            size = _u16(grpprl, i) + 1
        elif sprm == 0xC615 and i < len(grpprl) and grpprl[i] == 255:      # sprmPChgTabs, the long form
            break                                       # (never carries the table sprms: stop reading)
        else:
            if i >= len(grpprl):
                break
            size = 1 + grpprl[i]
        if sprm in (SPRM_IN_TABLE, SPRM_TTP, SPRM_INNER_CELL, SPRM_INNER_TTP) and i < len(grpprl):
            found[sprm] = grpprl[i]
        elif sprm == SPRM_ITAP and i + 4 <= len(grpprl):
            found[sprm] = _u32(grpprl, i)
        i += size
    return found


def _paragraphs(word: bytes, plc: bytes) -> tuple[list[int], list[dict[int, int]]]:
    """The paragraphs' properties by byte offset: sorted starts and, per run, its sprms of interest."""
    n = (len(plc) - 4) // 8
    runs: list[tuple[int, int, dict[int, int]]] = []
    for k in range(n):
        pn = _u32(plc, 4 * (n + 1) + 4 * k) & 0x3FFFFF
        page = word[pn * 512:pn * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        if 4 * (crun + 1) + 13 * crun > 511:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for r in range(crun):
            at = 2 * page[4 * (crun + 1) + 13 * r]
            props: dict[int, int] = {}
            if at:
                cb = page[at]
                body = page[at + 2:at + 2 + 2 * page[at + 1]] if cb == 0 else page[at + 1:at + 2 * cb]
                props = _sprms(body[2:])                 # after the style index
            runs.append((fcs[r], fcs[r + 1], props))
    runs.sort(key=lambda x: x[0])
    return [s for s, _, _ in runs], [p for _, _, p in runs]


def _text_and_marks(word: bytes, pieces, path: str) -> tuple[str, list[int]]:
    """The document's characters, and per piece (its first character in the text, its byte offset, bytes
    per character), from which any character's byte offset follows (:func:`_fc_of`)."""
    parts, offsets, length = [], [], 0
    for cp0, cp1, fc, compressed in pieces:
        count = cp1 - cp0
        width = 1 if compressed else 2
        raw = word[fc:fc + count * width]
        if len(raw) < count * width:
            raise ReadError(f"{path}: a text piece of the Word document lies past the end of its stream")
        text = raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace")
        parts.append(text)
        offsets.append((length, fc, width))
        length += len(text)
    return "".join(parts), offsets


def _fc_of(offsets, starts: list[int], i: int) -> int:
    """The byte offset of character ``i`` of the text."""
    k = bisect.bisect_right(starts, i) - 1
    first, fc, width = offsets[k]
    return fc + (i - first) * width


def _clean(text: str) -> str:
    """A paragraph's text without field instructions (a nested field's too), objects and marks of no meaning.

    >>> _clean('见\x13 HYPERLINK "mailto:a@b.cn" \x14a@b.cn\x15。'), _clean("\x13 A \x13 B \x14b\x15 \x14a\x15"), _clean("第\x13 PAGE \x15页")
    ('见a@b.cn。', ' a', '第页')
    """
    while True:
        shorter = _FIELD_CODE.sub("", text)
        shorter = _FIELD_WHOLE.sub("", shorter)
        if shorter == text:
            break
        text = shorter
    return text.replace("\x13", "").translate(_DROPPED).translate(_SPACED)


def parse(path: Path, source: Source) -> tuple[list[str], list[list[list[str | None]]], list[str]]:
    """The main text's lines outside tables, its tables (rows of cells), and the lines of the rest."""
    try:
        ole = olefile.OleFileIO(str(path))
    except (OSError, ValueError, struct.error) as exc:
        raise ReadError(f"{source.path}: not a readable OLE2 file ({exc})") from None
    with ole:
        if not ole.exists("WordDocument"):
            raise ReadError(f"{source.path}: an OLE2 file without a WordDocument stream is no Word document")
        word = ole.openstream("WordDocument").read()
        fib = _Fib(word, source.path)
        if not ole.exists(fib.table):
            raise ReadError(f"{source.path}: the Word document's {fib.table} stream is missing")
        table = ole.openstream(fib.table).read()
    pieces = _pieces(table[fib.clx[0]:fib.clx[0] + fib.clx[1]], source.path)
    text, offsets = _text_and_marks(word, pieces, source.path)
    piece_starts = [o[0] for o in offsets]
    para_starts, para_props = _paragraphs(word, table[fib.papx[0]:fib.papx[0] + fib.papx[1]])

    def props_at(i: int) -> dict[int, int]:
        k = bisect.bisect_right(para_starts, _fc_of(offsets, piece_starts, i)) - 1
        return para_props[k] if k >= 0 else {}

    main = text[:fib.ccp_text]
    lines: list[str] = []
    tables: list[list[list[str | None]]] = []
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    cell: list[str] = []
    start = 0
    for m in re.finditer("[\r\x07]", main):
        para = _clean(main[start:m.start()])
        start = m.end()
        props = props_at(m.start())
        depth = props.get(SPRM_ITAP, 1 if props.get(SPRM_IN_TABLE) else 0)
        if m.group() == "\x07" and depth <= 1 and not props.get(SPRM_INNER_CELL) and not props.get(SPRM_INNER_TTP):
            if props.get(SPRM_TTP):                     # the row's end mark
                rows.append(row)
                row = []
            else:                                       # a cell's last paragraph
                value = re.sub(r"\s+", " ", " ".join(cell + [para])).strip()
                row.append(value or None)
                cell = []
        elif depth >= 1:                                # a paragraph in a cell (or in a table inside it)
            cell.append(para)
        else:
            if rows or row:
                tables.append(rows + ([row] if row else []))
                rows, row = [], []
                lines.append("")                        # a table ends the text before it
            lines.append(para.strip())
    if rows or row:
        tables.append(rows + ([row] if row else []))
    tail = _clean(main[start:]).strip()
    if tail:
        lines.append(tail)
    rest = [line.strip() for line in _clean(text[fib.ccp_text:]).replace("\x07", "\t").split("\r")]
    return lines, tables, rest


def read_doc(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """The text and the tables of a Word 97-2003 document (see the module's description)."""
    lines, tables, rest = parse(path, source)
    yield from document_batches(source, "document", lines, tables, batch)
    yield from document_batches(source, "notes", rest, [], batch)
