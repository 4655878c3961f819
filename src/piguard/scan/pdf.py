"""PDF documents: the text of every page (pypdf), read as a plain-text file is, a page at a time
(``list.pdf#page3``, its lines numbered within the page, so a court finds a record on its page).

Some writers place every glyph on its own, and the extracted text has a space after each character
(``张 伟   手 机 1 3 8 …``): such a line is closed up, a run of spaces between words kept as one. A page with
no text (a scanned image) is noted, never skipped silently: its content needs OCR before piguard can read
it. An encrypted PDF opens when it needs no password to read, else it is an error naming it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterator

from piguard.scan.readers import BATCH, ReadError, read_text
from piguard.scan.records import Batch, Source, listed

_SPACED = re.compile(r"(?:\S ){4,}\S")          # five characters or more each followed by one space
_GAP = re.compile(r" {2,}")


def closed_up(line: str) -> str:
    """A line whose characters are spaced one by one, closed up; any other line as it is.

    >>> closed_up("客 户 0 ： 张 伟   手 机 1 3 8 1 2 3 4 5 6 7 8"), closed_up("Name: Zhang Wei")
    ('客户0：张伟 手机13812345678', 'Name: Zhang Wei')
    """
    body = line.strip()
    if not _SPACED.search(body):
        return line
    words = _GAP.split(body)
    spaced = sum(len(w) for w in words if _SPACED.fullmatch(w) or len(w) == 1)
    if spaced < 0.8 * sum(len(w) for w in words):
        return line
    return " ".join(w.replace(" ", "") for w in words)


def read_pdf(path: Path, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every page's text (see the module's description)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs (a missing EOF marker …) to stderr; piguard reports what it cannot read itself
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(f"{source.path}: an encrypted PDF that needs a password to read")
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"{source.path}: not a readable PDF ({exc})") from None
    empty = []
    for n, page in enumerate(pages, 1):
        try:
            # a NUL between characters is how some fonts' codes come out (never text): dropped
            text = (page.extract_text() or "").replace("\x00", "")
        except Exception as exc:  # pypdf raises many kinds on damaged content streams
            raise ReadError(f"{source.path}: page {n} cannot be read ({type(exc).__name__}: {exc})") from None
        text = "\n".join(closed_up(line) for line in text.splitlines()).strip()
        if not text:
            empty.append(n)
            continue
        yield from read_text(text, source.part(f"page{n}"))
    if empty:
        yield empty_pages(source, empty)


def empty_pages(source: Source, pages: list[int]) -> Batch:
    """Pages without text, said with an empty batch (it holds no record) that carries the note."""
    return Batch(source.part(f"page{pages[0]}", encoding="utf-8"), 1, None, texts=[], locator="line",
                 notes=(empty_note(pages),))


def empty_note(pages: list[int]) -> str:
    return (f"{len(pages)} page(s) hold no text (pages {listed(pages, 10)}): a scanned image, most likely; piguard reads text, "
            f"so OCR these pages first, or count them by hand")

