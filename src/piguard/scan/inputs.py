"""From paths to batches of records: discover inputs, hash them, sniff formats, dispatch to readers.

Every input — a file, or a member of an archive — gets an :class:`InputReport` with its SHA-256, size,
format, encoding, record count and any errors. An unreadable input is reported and the scan goes on;
nothing is skipped silently. Inputs are opened read-only; members that a reader needs as a file
(SQLite, Parquet, XLSX inside an archive) are copied to a private temporary file, never next to the
evidence.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Sequence

from piguard.scan.archives import ARCHIVES, ArchiveError, Limits, members
from piguard.scan.docx import read_docx
from piguard.scan.encodings import recording
from piguard.scan.formats import OLE2_FORMATS, ole2_kind, sniff
from piguard.scan.hashing import sha256_file
from piguard.scan.htmltables import read_html
from piguard.scan.msword import read_doc
from piguard.scan.odf import read_odp, read_ods, read_odt
from piguard.scan.ofd import read_ofd
from piguard.scan.pdf import read_pdf
from piguard.scan.readers import READERS, ReadError, open_text
from piguard.scan.records import TEXT_RECORDS, Batch, Source
from piguard.scan.slides import read_ppt, read_pptx
from piguard.scan.spreadsheetml import read_spreadsheetml
from piguard.scan.sqldump import read_mysql_dump, read_pg_dump
from piguard.scan.tables import read_parquet, read_sqlite, read_xls, read_xlsx
from piguard.scan.vcard import read_vcard
from piguard.scan.xmlrecords import read_xml

FILE_READERS = {"sqlite": read_sqlite, "parquet": read_parquet, "xlsx": read_xlsx, "xls": read_xls, "docx": read_docx,
                "pdf": read_pdf, "doc": read_doc, "pptx": read_pptx, "ppt": read_ppt, "ofd": read_ofd,
                "odt": read_odt, "ods": read_ods, "odp": read_odp, "odg": read_odp}
UNSUPPORTED = {"ole2": "an OLE2 file that is neither a Word, Excel or PowerPoint document nor an Outlook message "
                       "(Visio, an MSI package …): not read; save it as a document or export its content",
               "msg": "an Outlook message inside an archive under another name: read as one only when named .msg"}


@dataclass
class InputReport:
    path: str
    format: str = "unknown"
    encoding: str | None = None
    bytes: int = 0
    sha256: str = ""
    records: int = 0
    unit: str | None = None           # what a record is: row, object, line or paragraph
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class HashingReader(io.RawIOBase):
    """Passes bytes through while hashing and counting them; :meth:`finish` drains and returns the digest."""

    def __init__(self, inner: BinaryIO):
        self._inner, self._hash, self.count = inner, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        into = getattr(self._inner, "readinto", None)
        if into is None:                         # a stream that only reads
            data = self._inner.read(len(b))
            b[:len(data)] = data
            n = len(data)
        else:                                    # read where the caller wants it, hashed there: no copy
            n = into(b) or 0
        if n:
            self._hash.update(memoryview(b)[:n])
            self.count += n
        return n

    def finish(self) -> str:
        while chunk := self._inner.read(1 << 20):
            self._hash.update(chunk)
            self.count += len(chunk)
        return self._hash.hexdigest()


class Meter:
    """How far a scan is through its inputs, in bytes of the files given (archives by their compressed
    size): the files finished plus the read position in the file being read."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self._current: BinaryIO | None = None
        self._high = 0

    def track(self, fh: BinaryIO) -> BinaryIO:
        self._current = fh
        return fh

    def finished(self, size: int) -> None:
        self.done += size
        self._current = None

    @property
    def position(self) -> int:
        fh = self._current
        try:
            here = self.done + (fh.tell() if fh is not None and not fh.closed else 0)
        except (OSError, ValueError):
            here = self.done
        # never backwards: a file read twice (an e-mail's parts, read whole, then its members) or closed
        # before its last records are counted stays where it got to
        self._high = max(self._high, here)
        return self._high


def discover(paths: Sequence[str | os.PathLike]) -> tuple[list[Path], list[InputReport]]:
    """Files under ``paths`` (recursively, sorted, so the order never depends on the file system), and a
    report for every path that cannot be used (missing, unreadable, special files)."""
    files: list[Path] = []
    problems: list[InputReport] = []
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            for root, dirs, names in os.walk(p, onerror=lambda e: problems.append(
                    InputReport(str(e.filename), errors=[f"cannot list directory: {e.strerror}"]))):
                dirs.sort()
                for name in sorted(names):
                    f = Path(root) / name
                    (files.append(f) if f.is_file() else problems.append(
                        InputReport(str(f), errors=["not a regular file (link target missing or special file)"])))
        else:
            problems.append(InputReport(str(p), errors=["no such file or directory"]))
    return files, problems


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None          # overrides the detected encoding of text inputs
    text_records: str = "auto"           # line | paragraph | auto


def _read_stream(display: str, fmt: str, opener: Callable[[], BinaryIO], options: ReadOptions,
                 report: InputReport, path: Path | None = None) -> Iterator[Batch]:
    """Read one non-archive input, hashing it on the way. Formats that need a file (SQLite, Parquet, XLSX)
    read the evidence file itself when there is one (read-only), else a private copy of the member."""
    if fmt in FILE_READERS and path is not None:
        report.sha256, report.bytes = sha256_file(path)
        yield from _count(FILE_READERS[fmt](path, Source(display, fmt)), report)
        return
    with opener() as raw:
        hashing = HashingReader(raw)
        try:
            if fmt in FILE_READERS:
                with tempfile.TemporaryDirectory(prefix="piguard-") as tmp:
                    copy = Path(tmp) / ("member" + Path(display.rsplit("!", 1)[-1]).suffix)
                    with open(copy, "wb") as out:
                        shutil.copyfileobj(io.BufferedReader(hashing), out)
                    if fmt in OLE2_FORMATS:                 # told by its streams now that it is a file
                        fmt = report.format = ole2_kind(copy)
                        if fmt in UNSUPPORTED:
                            raise ReadError(UNSUPPORTED[fmt])
                    yield from _count(FILE_READERS[fmt](copy, Source(display, fmt)), report)
            else:
                yield from _count(_text_reader(fmt, hashing, Source(display, fmt, options.encoding,
                                                                     text_records=options.text_records)), report)
        finally:
            report.sha256 = hashing.finish()
            report.bytes = hashing.count


def _text_reader(fmt: str, raw: BinaryIO, source: Source) -> Iterator[Batch]:
    if fmt == "html":
        return read_html(raw, source)
    if fmt == "spreadsheetml":
        return read_spreadsheetml(raw, source)
    if fmt == "xml":
        return read_xml(raw, source)
    if fmt == "vcard":
        return read_vcard(raw, source)
    if fmt in ("mysql_dump", "pg_dump"):
        stream, src = open_text(raw, source)
        return (read_mysql_dump if fmt == "mysql_dump" else read_pg_dump)(stream, src)
    return READERS[fmt](raw, source)


def _count(batches: Iterator[Batch], report: InputReport) -> Iterator[Batch]:
    for b in batches:
        report.warnings.extend(n for n in b.notes if n not in report.warnings)
        report.records += len(b)
        report.unit = report.unit or b.locator
        if report.encoding is None and b.source.encoding:
            report.encoding = b.source.encoding
        yield b


def _sizes(files: Sequence[Path]) -> dict[Path, int]:
    sizes = {}
    for path in files:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    return sizes


def input_bytes(paths: Sequence[str | os.PathLike]) -> int:
    """Total size of the files under ``paths`` (missing or unreadable ones count 0)."""
    return sum(_sizes(discover(paths)[0]).values())


def read_inputs(paths: Sequence[str | os.PathLike], encoding: str | None = None, limits: Limits = Limits(),
                meter: Meter | None = None, text_records: str = "auto") -> Iterator[Batch | InputReport]:
    """Batches of records from every input, each input followed by its finished :class:`InputReport`.
    ``meter`` (optional) follows the bytes read, for a progress bar. ``encoding`` overrides the detected
    encoding of text inputs; ``text_records`` says what a record of a plain-text file is (``line``,
    ``paragraph``, or ``auto``: see :func:`piguard.scan.readers.text_unit`)."""
    if text_records not in TEXT_RECORDS:
        raise ValueError(f"text records: expected one of {', '.join(TEXT_RECORDS)}, not {text_records!r}")
    options = ReadOptions(encoding, text_records)
    files, problems = discover(paths)
    meter = meter or Meter()
    sizes = _sizes(files)
    meter.total = sum(sizes.values())
    yield from problems
    for path in files:
        display = str(path)
        try:
            with open(path, "rb") as fh:
                head = fh.read(8192)
        except OSError as exc:
            yield InputReport(display, errors=[f"cannot open: {exc.strerror}"])
            meter.finished(sizes[path])
            continue
        fmt = sniff(head, path.name)
        if fmt in OLE2_FORMATS:
            fmt = ole2_kind(path)
        if fmt in ARCHIVES:
            yield from _read_archive(path, display, fmt, options, limits, meter)
        else:
            yield from _read_one(display, fmt, lambda path=path: meter.track(open(path, "rb")), options, path=path)
        meter.finished(sizes[path])


def _read_one(display: str, fmt: str, opener: Callable[[], BinaryIO], options: ReadOptions,
              warning: str | None = None, path: Path | None = None) -> Iterator[Batch | InputReport]:
    report = InputReport(display, fmt, warnings=[warning] if warning else [])
    if fmt in UNSUPPORTED:
        report.errors.append(UNSUPPORTED[fmt])
        with opener() as raw:
            h = HashingReader(raw)
            report.sha256, report.bytes = h.finish(), h.count
        yield report
        return
    with recording() as mixed:                  # lines not in the input's encoding, read all the same
        try:
            yield from _read_stream(display, fmt, opener, options, report, path)
        except (ReadError, ArchiveError, OSError) as exc:
            report.errors.append(str(exc))
        except MemoryError:
            raise
        except Exception as exc:                # a damage no reader foresaw: this input's error, not the scan's end
            report.errors.append(damaged(display, fmt, exc))
    mixed.encoding = report.encoding or ""
    if note := mixed.note():
        report.warnings.append(note)
    yield report


def damaged(display: str, fmt: str, exc: Exception) -> str:
    """What an input's report says when its reader failed in a way it does not name itself (a damaged file
    the format's library chokes on): the file, its format and the failure as the library put it, a long number
    in it masked (a library may quote the value it choked on: ``invalid literal for int(): '13812345678'``).

    >>> damaged("a.xls", "xls", ValueError("invalid literal for int(): '13812345678'"))
    "a.xls: cannot be read as xls, damaged or not what it seems (ValueError: invalid literal for int(): '138****5678')"
    """
    said = _LONG_NUMBER.sub(_masked_number, str(exc))
    return f"{display}: cannot be read as {fmt}, damaged or not what it seems ({type(exc).__name__}: {said})"


_LONG_NUMBER = re.compile(r"[0-9]{7,}")         # a phone, an ID, a card or a local number: never shown whole


def _masked_number(m: re.Match) -> str:
    value = m.group()
    head, tail = (3, 4) if len(value) >= 11 else (2, 2)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def _read_archive(path: Path, display: str, fmt: str, options: ReadOptions, limits: Limits,
                  meter: Meter | None = None) -> Iterator[Batch | InputReport]:
    report = InputReport(display, fmt)
    with open(path, "rb") as fh:
        h = HashingReader(fh)
        report.sha256, report.bytes = h.finish(), h.count
    try:
        for m in members(display, fmt, lambda: (meter.track if meter else (lambda f: f))(open(path, "rb")), limits):
            yield from _read_one(m.path, m.format, m.open, options, m.warning)
    except ArchiveError as exc:
        report.errors.append(str(exc))
    except MemoryError:
        raise
    except Exception as exc:                    # as in _read_one: the archive's error, the scan goes on
        report.errors.append(damaged(display, fmt, exc))
    yield report
