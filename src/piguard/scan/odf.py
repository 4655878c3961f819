"""OpenDocument files (ODF, ISO/IEC 26300: what LibreOffice, OpenOffice and WPS save in the open format, and
what many public bodies exchange): text documents (.odt), spreadsheets (.ods), presentations (.odp) and
drawings (.odg), zipped or as one flat XML file (.fodt, .fods, .fodp, .fodg).

* A text document is read as a .docx is: its paragraphs and headings, a paragraph a line, read as a
  plain-text file is (``report.odt#document``), every table as a sheet (``#table1``; a cell spanning columns
  or rows leaves the cells it covers empty, as ODF writes them), then the page headers and footers of its
  master pages (``#header``, ``#footer``), its footnotes and endnotes (``#notes``) and comments
  (``#comments``). A text box anchored in a paragraph is read after that paragraph. Text deleted with changes
  tracked is read as a part of its own (``#deleted``), as in a .docx: the file still holds it.
* A spreadsheet's sheets are read as an XLSX workbook's are (``book.ods#客户``), streamed row by row: a row or
  a cell that ODF writes once with a repeat count is read as often as it repeats (row numbers stay those the
  spreadsheet shows), empty rows and cells at a sheet's end are not read, and a number cell is its stored
  value (so a long ID stored as a number is noted as having lost digits, as in an XLSX).
* A presentation or drawing is read slide by slide as a .pptx is (``deck.odp#slide2``, ``#slide2-table1``,
  ``#notes2``).

No part may hold more than ``docx.MAX_PART`` bytes uncompressed, no sheet more than ``MAX_ROWS`` rows or a row
more than ``MAX_COLUMNS`` cells (a repeat count is no way round it). An encrypted file (a password set in
LibreOffice) or a damaged one is an error naming the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from piguard.scan.docx import MAX_PART, document_batches
from piguard.scan.readers import BATCH, DAMAGED_ZIP, ReadError
from piguard.scan.records import Batch, Source
from piguard.scan.tables import sheet_batches

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"

# what the XML parser raises for a declaration that names no encoding it knows (<?xml encoding="UTxF-8"?>); only
# the parser's own calls are guarded with it (a KeyError is a LookupError too)
_UnknownEncoding = LookupError
MAX_ROWS = 1 << 20              # a sheet's rows, as far as LibreOffice shows them
MAX_COLUMNS = 1 << 14           # a row's cells

_P = TEXT + "p"
_BLOCKS = (_P, TEXT + "h")
# a comment: ODF's, and the one LibreOffice writes on a slide (its own namespace)
_ANNOTATIONS = (OFFICE + "annotation", "{http://openoffice.org/2009/office}annotation")
_ROW_GROUPS = (TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group")
_HEADERS = {STYLE + "header": "header", STYLE + "header-left": "header", STYLE + "header-first": "header",
            STYLE + "footer": "footer", STYLE + "footer-left": "footer", STYLE + "footer-first": "footer"}


# -- opening ---------------------------------------------------------------------------------------------------

class _Package:
    """The XML parts of an ODF file: ``content.xml`` and ``styles.xml`` of a zip, or the one flat document."""

    def __init__(self, path: Path, source: Source, what: str):
        self.path, self.source, self.what = path, source, what
        with open(path, "rb") as fh:
            self.zipped = fh.read(4) == b"PK\x03\x04"
        self.zip: zipfile.ZipFile | None = None
        if not self.zipped:
            return
        try:
            self.zip = zipfile.ZipFile(path)
        except DAMAGED_ZIP as exc:
            raise ReadError(f"{source.path}: not a readable {what} ({exc})") from None
        names = set(self.zip.namelist())
        if "content.xml" not in names:
            self.zip.close()
            raise ReadError(f"{source.path}: a zip without content.xml is no {what}")
        if "META-INF/manifest.xml" in names and self._encrypted():
            self.zip.close()
            raise ReadError(f"{source.path}: an encrypted {what} (a password protects it): not read")

    def _encrypted(self) -> bool:
        try:
            with self.open("META-INF/manifest.xml") as fh:
                return any(e.tag == MANIFEST + "encryption-data" for _, e in ET.iterparse(fh))
        except (ET.ParseError, ReadError, _UnknownEncoding, *DAMAGED_ZIP):
            return False            # the content tells: a damaged manifest alone stops nothing

    def open(self, part: str) -> BinaryIO:
        """A part of the zip (``content.xml``, ``styles.xml``), or the flat file whatever ``part`` is."""
        if self.zip is None:
            return open(self.path, "rb")
        info = self.zip.getinfo(part)
        if info.file_size > MAX_PART:
            raise ReadError(f"{self.source.path}: {part} would expand to {info.file_size:,} bytes (more than {MAX_PART:,}): not read")
        try:
            return self.zip.open(info)
        except DAMAGED_ZIP as exc:
            raise ReadError(f"{self.source.path}: {part} cannot be read ({exc})") from None

    def has(self, part: str) -> bool:
        return self.zip is None or part in self.zip.namelist()

    def tree(self, part: str) -> ET.Element:
        """A part parsed whole (a text document's, a presentation's: a flat file no larger than ``MAX_PART``)."""
        if self.zip is None and self.path.stat().st_size > MAX_PART:
            raise ReadError(f"{self.source.path}: a flat {self.what} of more than {MAX_PART:,} bytes: not read")
        try:
            with self.open(part) as fh:
                return ET.parse(fh).getroot()
        except (ET.ParseError, _UnknownEncoding) as exc:
            raise ReadError(f"{self.source.path}: {part if self.zipped else 'the document'} is not well-formed XML ({exc})") from None
        except DAMAGED_ZIP as exc:
            raise ReadError(f"{self.source.path}: {part} cannot be read ({exc})") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


# -- text ------------------------------------------------------------------------------------------------------

@dataclass
class _Aside:
    """What a walk over a document collects apart from the running text (notes, comments, the text of deletions
    with changes tracked), and those deletions: their ids, and those whose range the walk is in (a deletion's
    text may stand between ``text:change-start`` and ``text:change-end`` rather than in its changed region: it
    is then read from there, a paragraph's a line)."""

    notes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    deleted: frozenset[str] = frozenset()
    hiding: set[str] = field(default_factory=set)
    removed: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


@dataclass
class _Text:
    """What a walk over ODF text collects: lines (a paragraph a line, a blank one after each table) and tables
    (rows of cells); ``aside`` is shared by every walk over one document."""

    aside: _Aside = field(default_factory=_Aside)
    lines: list[str] = field(default_factory=list)
    tables: list[list[list[str | None]]] = field(default_factory=list)

    def side(self) -> "_Text":
        """A walk of its own (a cell, a note, a text box) that shares this one's ``aside``."""
        return _Text(self.aside)


def _deletions(root: ET.Element) -> frozenset[str]:
    """The ids of a document's tracked changes that are deletions."""
    return frozenset(region.get(TEXT + "id", "") for region in root.iter(TEXT + "changed-region")
                     if region.find(TEXT + "deletion") is not None)


def _count(elem: ET.Element, attr: str, most: int) -> int:
    try:
        return max(1, min(int(elem.get(attr, "1")), most))
    except ValueError:
        return 1


def _inline(elem: ET.Element, out: list[str], into: _Text, later: list[str]) -> None:
    """The text of a paragraph's content into ``out``: ``text:s`` its spaces, a tab, a line break as a space;
    notes and comments into ``into.aside``, the paragraphs of a text box or shape anchored in it into ``later``;
    the text of a tracked deletion is left out."""
    aside = into.aside
    if elem.text:
        (aside.pending if aside.hiding else out).append(elem.text)
    for child in elem:
        tag = child.tag
        if tag == TEXT + "change-start" and child.get(TEXT + "change-id") in aside.deleted:
            aside.hiding.add(child.get(TEXT + "change-id"))
        elif tag == TEXT + "change-end":
            aside.hiding.discard(child.get(TEXT + "change-id"))
        elif aside.hiding:
            aside.pending.append("".join(child.itertext()))
        elif tag == TEXT + "s":
            out.append(" " * _count(child, TEXT + "c", 1000))
        elif tag == TEXT + "tab":
            out.append("\t")
        elif tag == TEXT + "line-break":
            out.append(" ")
        elif tag == TEXT + "note":
            body = child.find(TEXT + "note-body")
            if body is not None:
                aside.notes.extend(_lines_of(body, into))
        elif tag in _ANNOTATIONS:
            aside.comments.extend(_lines_of(child, into))
        elif tag.startswith(DRAW):
            side = into.side()
            _blocks(child, side)
            later.extend(side.lines)
            into.tables.extend(side.tables)
        else:                           # spans, links, fields, bookmarks: their text
            _inline(child, out, into, later)
        if child.tail:
            (aside.pending if aside.hiding else out).append(child.tail)


def _removed(aside: _Aside, text: str) -> None:
    """A line of deleted text, white space folded (none if it is only white space; none twice, where a deletion's
    text stands both in its range and in its changed region)."""
    line = re.sub(r"\s+", " ", text).strip()
    if line and line not in aside.removed:
        aside.removed.append(line)


def _lines_of(elem: ET.Element, into: _Text) -> list[str]:
    """The paragraphs of a note's body or a comment, a line each (its tables as their text)."""
    side = into.side()
    _blocks(elem, side, tables_as_text=True)
    return [line for line in side.lines if line]


def _blocks(elem: ET.Element, into: _Text, tables_as_text: bool = False) -> None:
    """The paragraphs, headings, lists, sections and tables inside ``elem``, in document order."""
    for child in elem:
        tag = child.tag
        if tag in _BLOCKS:
            out: list[str] = []
            later: list[str] = []
            _inline(child, out, into, later)
            into.lines.append("".join(out).strip())
            into.lines.extend(later)
            if into.aside.pending:
                _removed(into.aside, "".join(into.aside.pending))
                into.aside.pending.clear()
        elif tag == TABLE + "table":
            rows = _table(child, into)
            if tables_as_text:
                into.lines.extend(" ".join(c for c in row if c) for row in rows)
            else:
                into.tables.append(rows)
                into.lines.append("")               # a table ends the text before it
        elif tag in _ANNOTATIONS:
            into.aside.comments.extend(_lines_of(child, into))
        elif tag == TEXT + "tracked-changes":
            for region in child.iter(TEXT + "changed-region"):
                deletion = region.find(TEXT + "deletion")
                if deletion is not None:
                    for line in _lines_of(deletion, into):
                        _removed(into.aside, line)
        elif tag == PRESENTATION + "notes":
            continue                # a slide's notes are read apart
        else:
            _blocks(child, into, tables_as_text)


def _rows(elem: ET.Element) -> Iterator[ET.Element]:
    """A table's rows, inside header rows and row groups too (not those of a table in a cell)."""
    for child in elem:
        if child.tag == TABLE + "table-row":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _table(elem: ET.Element, into: _Text) -> list[list[str | None]]:
    """A table of a text document or a slide, cell by cell: a cell's paragraphs joined by spaces (a table in
    it as its text), a covered cell empty; repeated rows and cells read as often as they repeat, those empty
    at the end not at all."""
    rows: list[list[str | None]] = []
    blank = 0
    for row in _rows(elem):
        cells: list[str | None] = []
        for cell in row:
            if cell.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                continue
            text = None
            if cell.tag == TABLE + "table-cell":
                side = into.side()
                _blocks(cell, side, tables_as_text=True)
                text = re.sub(r"\s+", " ", " ".join(side.lines)).strip() or None
            cells.extend([text] * _count(cell, TABLE + "number-columns-repeated", MAX_COLUMNS - len(cells)))
        while cells and cells[-1] is None:
            cells.pop()
        times = _count(row, TABLE + "number-rows-repeated", MAX_ROWS)
        if not cells:
            blank += times
            continue
        rows.extend([[]] * min(blank, MAX_ROWS - len(rows)))
        blank = 0
        rows.extend([list(cells) for _ in range(min(times, MAX_ROWS - len(rows)))])
    return rows


def _part_batches(source: Source, kind: str, text: _Text, batch: int) -> Iterator[Batch]:
    yield from document_batches(source, kind, text.lines, text.tables, batch)


def read_odt(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """A text document's body, its tables, headers and footers, notes and comments (see the module's description)."""
    pkg = _Package(path, source, "OpenDocument text")
    try:
        root = pkg.tree("content.xml")
        body = root.find(f"{OFFICE}body/{OFFICE}text")
        if body is None:
            raise ReadError(f"{source.path}: no office:text body: not an OpenDocument text")
        main = _Text(_Aside(deleted=_deletions(root)))
        _blocks(body, main)
        margins = {"header": main.side(), "footer": main.side()}
        styles = pkg.tree("styles.xml") if pkg.zipped and pkg.has("styles.xml") else root
        for master in styles.iter(STYLE + "master-page"):
            for child in master:
                if child.tag in _HEADERS:
                    _blocks(child, margins[_HEADERS[child.tag]])
    finally:
        pkg.close()
    yield from _part_batches(source, "document", main, batch)
    for kind, text in margins.items():
        yield from _part_batches(source, kind, text, batch)
    for kind, lines in (("notes", main.aside.notes), ("comments", main.aside.comments), ("deleted", main.aside.removed)):
        yield from document_batches(source, kind, lines, [], batch)


def read_odp(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """A presentation's (or drawing's) slides, their tables and notes, and the comments (see the module's description)."""
    pkg = _Package(path, source, "OpenDocument presentation")
    try:
        root = pkg.tree("content.xml")
    finally:
        pkg.close()
    body = root.find(f"{OFFICE}body")
    aside = _Aside(deleted=_deletions(root))
    for k, page in enumerate([] if body is None else body.iter(DRAW + "page"), 1):
        slide = _Text(aside)
        _blocks(page, slide)
        yield from _part_batches(source, f"slide{k}", slide, batch)
        notes = _Text(aside)
        for part in page.iter(PRESENTATION + "notes"):
            _blocks(part, notes)
        yield from _part_batches(source, f"notes{k}", notes, batch)
    yield from document_batches(source, "comments", aside.notes + aside.comments, [], batch)
    yield from document_batches(source, "deleted", aside.removed, [], batch)


# -- spreadsheets ------------------------------------------------------------------------------------------------

def _cell_value(cell: ET.Element, aside: _Aside) -> object:
    """A spreadsheet cell's value: a number cell's stored number (a float, as an XLSX reader gives it), else
    the text it shows (its paragraphs, a line each); its comment into ``aside``."""
    if len(cell) == 1 and cell[0].tag == _P and not len(cell[0]):      # one paragraph of plain text: most cells
        if cell.get(OFFICE + "value-type") == "float":
            try:
                return float(cell.get(OFFICE + "value", ""))
            except ValueError:
                pass
        return (cell[0].text or "").strip() or None
    side = _Text(aside)
    _blocks(cell, side, tables_as_text=True)
    if cell.get(OFFICE + "value-type") == "float":
        try:
            return float(cell.get(OFFICE + "value", ""))
        except ValueError:
            pass
    return "\n".join(side.lines).strip("\n") or None


class _Sheets:
    """The sheets of a spreadsheet streamed from its XML: ``(name, rows)`` in order, ``rows`` an iterator of
    each row's values (to be read through before the next sheet is taken)."""

    def __init__(self, fh: BinaryIO, source: Source):
        self.events = ET.iterparse(fh, events=("start", "end"))
        self.source = source
        self.stack: list[ET.Element] = []
        self.aside = _Aside()

    def _next(self) -> tuple[str, ET.Element] | None:
        try:
            event, elem = next(self.events)
        except StopIteration:
            return None
        except (ET.ParseError, _UnknownEncoding) as exc:
            raise ReadError(f"{self.source.path}: the spreadsheet is not well-formed XML ({exc})") from None
        except DAMAGED_ZIP as exc:
            raise ReadError(f"{self.source.path}: content.xml cannot be read ({exc})") from None
        if event == "start":
            self.stack.append(elem)
        else:
            self.stack.pop()
        return event, elem

    def __iter__(self) -> Iterator[tuple[str, Iterator[tuple]]]:
        number = 0
        while (step := self._next()) is not None:
            event, elem = step
            if event == "start" and elem.tag == TABLE + "table" and len(self.stack) >= 2 \
                    and self.stack[-2].tag == OFFICE + "spreadsheet":
                number += 1
                rows = self._rows(elem)
                yield elem.get(TABLE + "name") or f"sheet{number}", rows
                for _ in rows:              # whatever the caller left unread
                    pass

    def _repeat(self, elem: ET.Element, attr: str) -> int:
        value = elem.get(attr)
        if value is None:
            return 1
        if not value.isdigit() or int(value) < 1:
            raise ReadError(f"{self.source.path}: a damaged spreadsheet (a repeat count of {value!r})")
        return int(value)

    def _rows(self, sheet: ET.Element) -> Iterator[tuple]:
        """The rows of ``sheet`` as the parse meets them (the events taken here directly: a sheet has millions)."""
        blank = done = 0
        name = sheet.get(TABLE + "name", "")
        stack, aside, repeat = self.stack, self.aside, self._repeat
        try:
            for event, elem in self.events:
                if event == "start":
                    stack.append(elem)
                    continue
                stack.pop()
                if elem.tag != _ROW:
                    if elem is sheet:
                        sheet.clear()
                        return
                    continue
                values: list[object] = []
                for cell in elem:
                    tag = cell.tag
                    if tag == _CELL:
                        value = _cell_value(cell, aside)
                    elif tag == _COVERED:
                        value = None
                    else:
                        continue
                    times = repeat(cell, _COLUMNS_REPEATED)
                    if times == 1:
                        values.append(value)
                        continue
                    if len(values) + times > MAX_COLUMNS and value is not None:
                        raise ReadError(f"{self.source.path}#{name}: row {done + blank + 1} has more than {MAX_COLUMNS:,} cells: not read")
                    values.extend([value] * min(times, MAX_COLUMNS - len(values)))
                while values and values[-1] is None:
                    values.pop()
                times = repeat(elem, _ROWS_REPEATED)
                if stack:
                    stack[-1].remove(elem)      # the row is read: the tree keeps nothing of the sheet behind
                if not values:
                    blank += times
                    continue
                if done + blank + times > MAX_ROWS:
                    raise ReadError(f"{self.source.path}#{name}: more than {MAX_ROWS:,} rows: not read further")
                for _ in range(blank):
                    yield ()
                done += blank
                blank = 0
                row = tuple(values)
                for _ in range(times):
                    yield row
                done += times
        except (ET.ParseError, _UnknownEncoding) as exc:
            raise ReadError(f"{self.source.path}: the spreadsheet is not well-formed XML ({exc})") from None
        except DAMAGED_ZIP as exc:
            raise ReadError(f"{self.source.path}: content.xml cannot be read ({exc})") from None


_ROW, _CELL, _COVERED = TABLE + "table-row", TABLE + "table-cell", TABLE + "covered-table-cell"
_ROWS_REPEATED, _COLUMNS_REPEATED = TABLE + "number-rows-repeated", TABLE + "number-columns-repeated"


def read_ods(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every sheet of a spreadsheet, streamed (see the module's description), then its cells' comments."""
    pkg = _Package(path, source, "OpenDocument spreadsheet")
    try:
        with pkg.open("content.xml") as fh:
            sheets = _Sheets(fh, source)
            for name, rows in sheets:
                yield from sheet_batches(source.part(name), rows, batch)
    finally:
        pkg.close()
    yield from document_batches(source, "comments", sheets.aside.notes + sheets.aside.comments, [], batch)
