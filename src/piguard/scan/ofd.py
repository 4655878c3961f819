"""OFD documents (开放版式文档, GB/T 33190-2016: electronic invoices, official documents, court papers).

An OFD is a zip of XML: each page's content (``Doc_0/Pages/Page_0/Content.xml``) places text objects
(``TextObject`` with a ``Boundary``, its ``TextCode`` runs at offsets ``X``/``Y`` from it). A page's text is
put back into lines as it stands on the page: runs whose baselines lie within ``LINE_TOLERANCE`` of each
other are one line, left to right (an invoice writes 名称： and the name as two objects side by side), and the
lines are read as a plain-text file is (``invoice.ofd#page1``); a page without text (an image) is noted, as
in a PDF. No page may hold more than
``docx.MAX_PART`` bytes uncompressed; a document without ``OFD.xml``, an encrypted or damaged part is an error
naming the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

from piguard.scan.docx import package_parts
from piguard.scan.pdf import empty_pages
from piguard.scan.readers import BATCH, ReadError, read_text
from piguard.scan.records import Batch, Source

OFD = "{http://www.ofdspec.org/2016}"
_PAGE = re.compile(r"Doc_(\d+)/Pages/Page_(\d+)/Content\.xml")
LINE_TOLERANCE = 1.5            # millimetres between two runs' baselines on one line


def _numbers(text: str | None, n: int) -> list[float]:
    try:
        values = [float(v) for v in (text or "").split()]
    except ValueError:
        values = []
    return (values + [0.0] * n)[:n]


def page_lines(data: bytes, part: str, src: Source) -> list[str]:
    """The lines of one page's content, top to bottom, each run of a line left to right."""
    runs: list[tuple[float, float, str]] = []           # (baseline, left, text)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ReadError(f"{src.path}: {part} is not well-formed XML ({exc})") from None
    for obj in root.iter(OFD + "TextObject"):
        bx, by = _numbers(obj.get("Boundary"), 2)
        for code in obj.iter(OFD + "TextCode"):
            if code.text and code.text.strip():
                x, y = _numbers(f"{code.get('X', '0')} {code.get('Y', '0')}", 2)
                runs.append((by + y, bx + x, code.text.strip()))
    lines: list[list[tuple[float, str]]] = []
    base = None
    for y, x, text in sorted(runs):
        if base is None or y - base > LINE_TOLERANCE:
            lines.append([])
            base = y
        lines[-1].append((x, text))
    return [" ".join(t for _, t in sorted(line)) for line in lines]


def read_ofd(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every page of an OFD document, in order (see the module's description)."""
    empty: list[int] = []
    pages = package_parts(path, source, "OFD document", "OFD.xml", _PAGE,
                          lambda name: tuple(int(n) for n in _PAGE.fullmatch(name).groups()),
                          lambda fh, part, src: page_lines(fh.read(), part, src))
    for k, (_, lines) in enumerate(pages, 1):
        text = "\n".join(lines)
        if text.strip():
            yield from read_text(text, source.part(f"page{k}"))
        else:
            empty.append(k)
    if empty:                   # noted as for a PDF
        yield empty_pages(source, empty)
