"""HTML tables: the "Excel" files many systems export (a .xls that is a web page of <table>s), saved web
pages and HTML reports. Every <table> is a table of its own (``page.xls#table1``, ``#table2`` …), read as a
sheet is: title rows, a row of column groups and the header found the same way, then its rows.

The page is parsed as it is read (the standard library's HTML parser, fed in blocks), so a large export is
not held in memory. A cell's text is its text with runs of white space made one space; a cell spanning
several columns or rows leaves the cells it covers empty, as a merged cell of a sheet does. The text outside
the tables (a saved web page, a report's paragraphs) is read too, one record per line (block) of it;
scripts and styles are not text.

>>> page = '<table><tr><th>姓名</th><th>手机</th></tr><tr><td>张三</td><td>138 1234 5678</td></tr></table>'
>>> [(b.source.path, b.columns, b.rows) for b in read_html(io.BytesIO(page.encode()), Source("a.xls", "html"))]
[('a.xls#table1', ('姓名', '手机'), [('张三', '138 1234 5678')])]
"""

from __future__ import annotations

import io
import itertools
import re
from html.parser import HTMLParser
from typing import BinaryIO, Iterator

from piguard.scan.readers import BATCH, TEXT_BATCH, open_text, text_blocks
from piguard.scan.records import Batch, Source
from piguard.scan.tables import sheet_batches

_SPACE = re.compile(r"\s+")
MAX_SPAN = 1000                 # a colspan or rowspan beyond this is a broken page, not a table


# tags that end a line of the text outside tables; what scripts and styles hold is not text
_BLOCKS = frozenset("p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 section article header footer table tr title "
                    "pre blockquote hr form address".split())
_HIDDEN = frozenset(("script", "style", "template", "noscript"))


class _Tables(HTMLParser):
    """Collects finished rows as ``(table number, cells)`` and the lines of text outside every table as
    ``(0, line)``; nested tables are tables of their own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[tuple[int, object]] = []
        self.count = 0
        self._stack: list[dict] = []            # open tables, innermost last
        self._loose: list[str] = []             # text outside tables since the last line end
        self._hidden = 0

    def _end_line(self) -> None:
        line = _SPACE.sub(" ", "".join(self._loose)).strip()
        self._loose.clear()
        if line:
            self.done.append((0, line))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
            return
        if not self._stack and tag in _BLOCKS:
            self._end_line()
        if tag == "table":
            self.count += 1
            # a table inside another one is kept until it ends, then given whole (the outer one goes on)
            self._stack.append({"n": self.count, "row": None, "cell": None, "spans": {},
                                "held": [] if self._stack else None})
            return
        if not self._stack:
            return
        t = self._stack[-1]
        if tag == "tr":
            self._end_row(t)
            t["row"] = []
        elif tag in ("td", "th"):
            if t["row"] is None:
                t["row"] = []                   # a cell outside any <tr>: a row of its own starts
            self._end_cell(t)
            a = dict(attrs)
            t["cell"] = ([], _span(a.get("colspan")), _span(a.get("rowspan")))
        elif tag == "br" and t["cell"] is not None:
            t["cell"][0].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
            return
        if not self._stack:
            if tag in _BLOCKS:
                self._end_line()
            return
        t = self._stack[-1]
        if tag in ("td", "th"):
            self._end_cell(t)
        elif tag == "tr":
            self._end_row(t)
        elif tag == "table":
            self._end_table()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if not self._stack:
            self._loose.append(data)
        elif self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"][0].append(data)

    def close(self) -> None:
        super().close()
        while self._stack:                      # a page cut short: what it held is still read
            self._end_table()
        self._end_line()

    def _end_table(self) -> None:
        """The innermost open table ends: its held rows (a nested table) and its end, ``(n, None)``."""
        t = self._stack[-1]
        self._end_row(t)
        self._stack.pop()
        if t["held"] is not None:
            self.done.extend(t["held"])
        self.done.append((t["n"], None))

    def _place(self, t: dict) -> None:
        """Skip the columns a cell of an earlier row still covers (rowspan): they stay empty."""
        row, spans = t["row"], t["spans"]
        while spans.get(len(row), 0) > 0:
            spans[len(row)] -= 1
            row.append(None)

    def _end_cell(self, t: dict) -> None:
        if t["cell"] is None:
            return
        parts, cols, rows = t["cell"]
        t["cell"] = None
        text = _SPACE.sub(" ", "".join(parts)).strip()
        self._place(t)
        for k in range(cols):
            if rows > 1:
                t["spans"][len(t["row"])] = rows - 1
            t["row"].append((text or None) if k == 0 else None)

    def _end_row(self, t: dict) -> None:
        self._end_cell(t)
        if t["row"] is None:
            return
        self._place(t)
        spans = t["spans"]
        last = max((j for j, left in spans.items() if left > 0), default=-1)
        for j in range(len(t["row"]), last + 1):          # cells an earlier row still covers at this one's end
            if spans.get(j, 0) > 0:
                spans[j] -= 1
            t["row"].append(None)
        (self.done if t["held"] is None else t["held"]).append((t["n"], t["row"]))
        t["row"] = None


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_SPAN)
    except ValueError:
        return 1


def _rows(stream, src: Source) -> Iterator[tuple[int, list[str | None]]]:
    parser = _Tables()
    for block in text_blocks(stream, src):
        parser.feed(block)
        yield from parser.done
        parser.done.clear()
    parser.close()
    yield from parser.done


def read_html(raw: BinaryIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every <table> of an HTML page, each read as a sheet (see the module's description), and the text
    outside them as lines (``page.html#text``, numbered in the order they stand)."""
    stream, src = open_text(raw, source)
    events = _rows(stream, src)
    text = src.part("text")
    line = 1
    pending = next(events, None)
    while pending is not None:
        if pending[0] == 0:
            lines = []
            while pending is not None and pending[0] == 0 and len(lines) < TEXT_BATCH:
                lines.append(pending[1])
                pending = next(events, None)
            yield Batch(text, line, None, texts=lines, locator="line")
            line += len(lines)
            continue
        nested: list[tuple[int, object]] = []
        rows = _table_rows(pending, events, nested)
        yield from _table(src, pending[0], rows, batch)
        for _ in rows:                      # what the sheet did not read of it
            pass
        for n, group in itertools.groupby(nested, key=lambda e: e[0]):
            yield from _table(src, n, (row for _, row in group if row is not None), batch)
        pending = next(events, None)


def _table_rows(first: tuple[int, object], events: Iterator, nested: list) -> Iterator[list[str | None]]:
    """The rows of the table ``first`` opens, up to its end; the tables nested in it (each whole, each with
    its end) go to ``nested``."""
    n, event = first[0], first
    while event is not None and event != (n, None):
        if event[0] == n:
            yield event[1]
        else:
            nested.append(event)
        event = next(events, None)


def _table(src: Source, n: int, rows: Iterator, batch: int) -> Iterator[Batch]:
    yield from sheet_batches(src.part(f"table{n}"), rows, batch)
