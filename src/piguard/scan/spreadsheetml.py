"""XML Spreadsheet 2003 (SpreadsheetML): the .xls that older systems write as XML, one <Worksheet> per sheet,
each read as a sheet is (title rows, column groups, header; see ``tables.sheet_batches``).

Parsed as it is read (the standard library's pull parser, fed in decoded blocks: the encoding is found as
for any text input, whatever the XML declaration says), rows dropped once read, so a large export is not
held in memory. ``ss:Index`` on a row or cell skips rows or cells, which stay empty; ``ss:MergeAcross``
leaves the cells a merged cell covers empty, as a sheet does. A Number cell is read as a spreadsheet number
(13812345678, not 13812345678.0; a long one noted as having lost digits). No entity or external resource is
fetched.

>>> page = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
...         'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="客户"><Table>'
...         '<Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">手机</Data></Cell></Row>'
...         '<Row><Cell><Data ss:Type="String">张三</Data></Cell><Cell><Data ss:Type="Number">13812345678</Data></Cell>'
...         '</Row></Table></Worksheet></Workbook>')
>>> [(b.source.path, b.columns, b.rows) for b in read_spreadsheetml(io.BytesIO(page.encode()), Source("a.xls", "xml"))]
[('a.xls#客户', ('姓名', '手机'), [('张三', '13812345678')])]
"""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET
from typing import BinaryIO, Iterator

from piguard.scan.readers import BATCH, ReadError, open_text, text_blocks
from piguard.scan.records import Batch, Source
from piguard.scan.tables import sheet_batches

NS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MAX_SKIP = 1_000_000            # an ss:Index further than this beyond the last row or cell is a broken file


def _index(elem: ET.Element, after: int, what: str, src: Source) -> int:
    """The 1-based position ``ss:Index`` gives ``elem``, else the next one after ``after``."""
    raw = elem.get(NS + "Index")
    if raw is None:
        return after + 1
    try:
        at = int(raw)
    except ValueError:
        raise ReadError(f"{src.path}: {what} has ss:Index {raw!r}, not a number") from None
    if not after < at <= after + MAX_SKIP:
        raise ReadError(f"{src.path}: {what} has ss:Index {at} after {after}: not a readable spreadsheet")
    return at


def _value(cell: ET.Element) -> object:
    data = cell.find(NS + "Data")
    if data is None:
        return None
    text = "".join(data.itertext())
    if data.get(NS + "Type") == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    return text if text != "" else None


def _events(stream, src: Source) -> Iterator[tuple[int, str, list]]:
    """``(sheet number, sheet name, cells)`` for every row of every worksheet, rows skipped by ss:Index
    given as empty rows so that row numbers are the sheet's."""
    parser = ET.XMLPullParser(events=("start", "end"))
    sheet, name, table, last_row = 0, "", None, 0
    row: list = []
    for block in itertools.chain(text_blocks(stream, src), [""]):        # "" closes the parser
        try:
            if block:
                parser.feed(block)
            else:
                parser.close()
            for event, elem in parser.read_events():
                tag = elem.tag
                if event == "start":
                    if tag == NS + "Worksheet":
                        sheet, name, last_row = sheet + 1, elem.get(NS + "Name") or f"Sheet{sheet + 1}", 0
                    elif tag == NS + "Table":
                        table = elem
                    elif tag == NS + "Row":
                        row = []
                    continue
                if tag == NS + "Cell":
                    at = _index(elem, len(row), f"sheet {name} row {last_row + 1}: a cell", src)
                    row.extend([None] * (at - 1 - len(row)))
                    row.append(_value(elem))
                    merged = elem.get(NS + "MergeAcross")
                    if merged and merged.isdigit():
                        row.extend([None] * min(int(merged), MAX_SKIP))
                    elem.clear()
                elif tag == NS + "Row":
                    at = _index(elem, last_row, f"sheet {name}: a row", src)
                    for _ in range(at - 1 - last_row):
                        yield sheet, name, []
                    last_row = at
                    yield sheet, name, row
                    if table is not None:
                        try:
                            table.remove(elem)      # read: the parser need not keep it
                        except ValueError:
                            pass                    # a row outside its table (a damaged file): left where it is
                elif tag == NS + "Table":
                    table = None
        except ET.ParseError as exc:
            raise ReadError(f"{src.path}: not well-formed XML ({exc})") from None
        if not block:
            return


def read_spreadsheetml(raw: BinaryIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every worksheet of an XML Spreadsheet 2003 file (see the module's description)."""
    stream, src = open_text(raw, source)
    for (_, name), rows in itertools.groupby(_events(stream, src), key=lambda e: (e[0], e[1])):
        yield from sheet_batches(src.part(name), (cells for _, _, cells in rows), batch)
