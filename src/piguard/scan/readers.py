"""Streaming readers for delimited text, JSON / JSON Lines and plain text, in any supported encoding.

Each reader takes a binary stream (opened read-only by the caller, or an archive member) and yields
:class:`Batch` objects of bounded size, so memory does not grow with the input. Malformed content is
reported with its place (``ReadError``), never skipped silently.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import itertools
import json
import operator
import re
import zipfile
import zlib
from typing import BinaryIO, Callable, Iterator, Sequence

import numpy as np
import polars as pl

from piguard import native
from piguard.native import SPACE_TABLE
from piguard.scan.encodings import MIXED, SAMPLE, EncodingError, decode_line, detect_encoding, is_suspect, record, suspect
from piguard.scan.records import TITLE_ROWS, Batch, Source, filled, listed, title_note, title_rows

BATCH = 50_000                  # rows per batch of a table: amortises the per-batch polars calls
TEXT_BATCH = 10_000             # lines or paragraphs per batch: text costs more a record, so smaller batches spread
TEXT_BATCH_CHARS = 1 << 18      # ... and at most about this many characters, so a dump of long records spreads too
csv.field_size_limit(1 << 24)


class ReadError(ValueError):
    """The input cannot be read as its format; the message names the input and the place."""


# what reading a damaged zip (an Office or OpenDocument file, an archive) raises, besides what its format
# reader makes a ReadError of: its structures (BadZipFile; an unknown method or version, NotImplementedError;
# a name that is no UTF-8 under the UTF-8 flag, UnicodeDecodeError), a damaged deflate stream (zlib.error),
# data cut short (EOFError), an encrypted member (RuntimeError), the file itself (OSError)
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, NotImplementedError, UnicodeDecodeError, EOFError, RuntimeError, OSError)


def text_stream(raw: BinaryIO, name: str, encoding: str | None = None) -> tuple[io.TextIOBase, str]:
    """A decoding text stream over ``raw``, with the encoding detected from its first MiB unless given."""
    buffered = io.BufferedReader(raw, buffer_size=SAMPLE)      # peek() sees as much as the buffer holds
    head = buffered.peek(SAMPLE)[:SAMPLE]
    if encoding is None:
        try:
            found = detect_encoding(head, truncated=len(head) >= SAMPLE)
        except EncodingError as exc:
            raise ReadError(f"{name}: {exc}") from None
        encoding = found.encoding
        if found.mostly:
            suspect()               # lines of another encoding in its start: each line is tried in it first (see below)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(f"{name}: unknown encoding {encoding!r}") from None
    return decoding(buffered, encoding), encoding


def decoding(buffered: io.BufferedReader, encoding: str) -> io.TextIOBase:
    """The text of ``buffered``: a :class:`TolerantText` for an encoding whose line ends are bytes of their own
    (UTF-8, GB18030/GBK, Big5), else a text stream whose decoding errors are read as ``MIXED`` reads them."""
    codec = _LINE_CODECS.get(codecs.lookup(encoding).name)
    if codec is None:
        return io.TextIOWrapper(buffered, encoding=encoding, errors=MIXED, newline="")
    return TolerantText(buffered, encoding)


class TolerantText(io.TextIOBase):
    """A text stream over bytes in an encoding of :data:`_LINE_CODECS`, decoded ``TEXT_BLOCK`` bytes of whole
    lines at a time (\\n and \\r are never part of a character there), as ``io.TextIOWrapper(newline="")`` reads
    them (line ends as they are). A block that does not decode whole is decoded line by line: a line that is not
    in the encoding is read as :func:`piguard.scan.encodings.decode_line` reads it, its number known; once the
    input showed lines of the other encoding, a line valid in it is read in it first (a UTF-8 line can be valid
    GB18030 too, read as nonsense). ``buffer`` and :meth:`detach` give the bytes, before any is read."""

    def __init__(self, buffered: io.BufferedReader, encoding: str):
        super().__init__()
        self.buffer, self._encoding = buffered, encoding
        self._codec = _LINE_CODECS[codecs.lookup(encoding).name]
        self._bom = codecs.lookup(encoding).name == "utf-8-sig"
        self._text = ""                     # decoded; handed out up to _at
        self._at = 0
        self._lines: list[str] = []         # lines split for iteration, handed out up to _li
        self._li = 0
        self._carry = b""                   # bytes after the last line end read
        self._line = 1                      # the number of the next block's first line
        self._done = False

    @property
    def encoding(self) -> str:
        return self._encoding

    def readable(self) -> bool:
        return True

    def detach(self) -> io.BufferedReader:
        buffered, self.buffer = self.buffer, None
        return buffered

    def _fill(self) -> bool:
        """Decode the next block into the text not handed out; False at the end."""
        block = self._block()
        if block is None:
            return False
        if self._at:                                # what was handed out is dropped before more comes
            self._text, self._at = self._text[self._at:], 0
        self._text += block
        return True

    def _block(self) -> str | None:
        """The text of the next block of whole lines ("" when nothing could be decoded yet), None at the end. A
        block without a line end (a long line: minified JSON, an XML file of one line) is cut between two
        characters, so that a line is never read twice over as it grows."""
        if self._done:
            return None
        more = self.buffer.read(TEXT_BLOCK)
        if self._bom:                               # a byte-order mark to drop: its three bytes first
            while len(more) < len(codecs.BOM_UTF8) and (extra := self.buffer.read(TEXT_BLOCK)):
                more += extra
            self._bom = False
            if more.startswith(codecs.BOM_UTF8):
                more = more[len(codecs.BOM_UTF8):]
                if not more:
                    return ""                       # the mark alone so far: read on
        if not more:                                # the end: the last line, without its end
            self._done = True
            last, self._carry = self._carry, b""
            return self._decode(last) if last else None
        data = self._carry + more
        cut = max(data.rfind(b"\n", len(self._carry)), data.rfind(b"\r", len(self._carry)))    # (the carry holds none)
        if cut < 0:
            cut = _character_end(data, self._codec)
        if cut < 0:
            self._carry = data
            return ""
        self._carry = data[cut + 1:]
        return self._decode(data[:cut + 1])

    def _decode(self, block: bytes) -> str:
        if not is_suspect():
            try:
                text = block.decode(self._codec)
                self._line += block.count(b"\n")
                return text
            except UnicodeDecodeError:
                pass
        lines = block.split(b"\n")
        out = [_line_text(line, self._codec, self._line + k) for k, line in enumerate(lines)]
        self._line += len(lines) - 1
        return "\n".join(out)

    def read(self, size: int | None = -1) -> str:
        self._unsplit()
        pieces, have = [self._text[self._at:]], len(self._text) - self._at
        self._text, self._at = "", 0
        while size is None or size < 0 or have < size:          # blocks gathered, joined once
            block = self._block()
            if block is None:
                break
            pieces.append(block)
            have += len(block)
        text = "".join(pieces)
        if size is None or size < 0 or len(text) <= size:
            return text
        self._text = text[size:]
        return text[:size]

    def readline(self, size: int | None = -1) -> str:
        """A line with its end (\\n, \\r\\n or \\r), as a text stream with ``newline=""`` reads it: the next of
        the lines iteration gives (one way of cutting lines, :meth:`_split`)."""
        return next(self, "")

    def __next__(self) -> str:
        if self._li >= len(self._lines):
            self._split()
            if not self._lines:
                raise StopIteration
        line = self._lines[self._li]
        self._li += 1
        return line

    def _split(self) -> None:
        """The next lines, split from a block at once (what :meth:`readline` gives one by one); a last line
        ending in a \\r that may be half of a \\r\\n waits for the next block."""
        self._lines, self._li = [], 0
        while True:
            while not self._done and self._at == len(self._text):
                self._fill()
            text = self._text[self._at:]
            self._text, self._at = "", 0
            if not text:
                return
            if "\r" not in text:
                parts = text.split("\n")
                lines = [p + "\n" for p in parts[:-1]]
                if parts[-1]:
                    lines.append(parts[-1])
            else:
                lines = _LINES.findall(text)
            if not self._done and not lines[-1].endswith("\n"):
                self._text = lines.pop()            # a \r (or no end yet): what follows decides
            if lines:
                self._lines = lines
                return
            self._fill()                            # the held line alone: read on (at the end it is the last)

    def _unsplit(self) -> None:
        """Lines split but not handed out go back to the text (for read())."""
        if self._li < len(self._lines):
            self._text = "".join(self._lines[self._li:]) + self._text[self._at:]
            self._at = 0
        self._lines, self._li = [], 0

    def __iter__(self) -> "TolerantText":
        return self


TEXT_BLOCK = 1 << 20            # bytes a TolerantText decodes at a time
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _character_end(data: bytes, codec: str) -> int:
    """The offset of a byte that ends a character, near the end of ``data`` (-1 when none is found; the caller
    then waits for more): in UTF-8 the
    last byte before one that starts a character; in GB18030, GBK and Big5 the first of two ASCII bytes in a row
    (the byte after a lead byte is never ASCII but in a four-byte GB18030 character, whose next byte is not)."""
    tail = max(0, len(data) - (1 << 20))
    if codec.startswith("utf-8"):
        for i in range(len(data) - 1, max(tail, len(data) - 5), -1):
            if data[i] < 0x80 or data[i] >= 0xC0:
                return i - 1
        return -1
    ends = [m.start() for m in re.finditer(rb"[\x00-\x7f](?=[\x00-\x7f])", data[tail:])]
    return tail + ends[-1] if ends else -1


def open_text(raw: BinaryIO, source: Source) -> tuple[io.TextIOBase, Source]:
    """The decoding stream of an input and its source, now with the encoding actually used."""
    stream, encoding = text_stream(raw, source.path, source.encoding)
    return stream, dataclasses.replace(source, encoding=encoding)


HEADER_HINT = re.compile(r"姓名|名字|电话|手机|身份证|证件|地址|住址|邮箱|银行|卡号|账号|日期|时间|编号|金额|name|phone|mobile|"
                         r"email|address|id|xm|sjh|sfzh|dz", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]{5,}")


def looks_like_header(first: list[str], second: list[str] | None) -> bool:
    """A first row is a header when its cells name fields and hold no long numbers, unlike the rows after it.

    >>> looks_like_header(['姓名', '手机号'], ['张三', '13812345678'])
    True
    >>> looks_like_header(['张三', '13812345678'], ['李四', '13912345678'])
    False
    """
    if not first or any(_DIGITS.search(c or "") for c in first):
        return False
    if any(HEADER_HINT.search(c or "") for c in first):
        return True
    return second is not None and any(_DIGITS.search(c or "") for c in second)


def group_row(rows: Sequence[Sequence[object] | None], k: int) -> bool:
    """Is ``rows[k]`` a row that groups the columns of the header under it (客户信息 over 姓名 / 手机号 /
    身份证号, in merged cells): a few field-group names, no long number, fewer cells than the row under it,
    which is a header?

    >>> group_row([["客户信息", None, None, "订单信息", None], ["姓名", "手机号", "身份证号", "订单号", "金额"],
    ...            ["张三", "13812345678", "110105199003071234", "DD001", "9.5"]], 0)
    True
    >>> group_row([["姓名", None, "手机"], ["张三", "男", "13812345678"], ["李四", "女", "13912345678"]], 0)
    False
    """
    if k + 1 >= len(rows) or not 2 <= filled(rows[k]) < filled(rows[k + 1]):
        return False
    def texts(row: Sequence[object]) -> list[str]:
        return [str(c).strip() if c is not None else "" for c in row]
    after = texts(rows[k + 2]) if k + 2 < len(rows) else None
    return not any(_DIGITS.search(c) for c in texts(rows[k])) and looks_like_header(texts(rows[k + 1]), after)


# a cell quoted in the note of a group row: a name of a group of fields; any other cell (a data row read as
# groups would hold a person's name) is only counted, since notes are printed unmasked
_GROUP_NAME = re.compile(r"(?:信息|资料|情况|明细|数据|记录|内容|属性|详情|概况|状态|类别)$|(?i:\b(?:info|information|details|data|records?)$)")


def group_note(row: int, groups: Sequence[object], header: int) -> str:
    """What the input report says of a row of column groups above the header (numbers as in the input).
    Only cells that read as names of field groups are quoted.

    >>> group_note(1, ["客户信息", None, "张三"], 2)
    'row 1 groups the columns under it (客户信息, and 1 other cell not quoted): not a record (the header is row 2)'
    """
    cells = [str(g).strip() for g in groups if g is not None and str(g).strip()]
    shown = [c for c in cells if _GROUP_NAME.search(c)]
    hidden = len(cells) - len(shown)
    rest = f"{hidden} {'other ' if shown else ''}cell{'s' if hidden > 1 else ''} not quoted"
    names = ", ".join(shown + ([("and " if shown else "") + rest] if hidden else []))
    return f"row {row} groups the columns under it ({names}): not a record (the header is row {header})"


SNIFFED_DELIMITERS = ",\t;|"     # the delimiters csv's sniffer chooses among


def _plain_delimiter(sample: str, delimiters: str) -> str | None:
    r"""The delimiter of a sample that leaves no doubt, without the sniffer (whose cost dominates a small
    file): no quote, only one of ``delimiters`` in it, never followed by a space, as often on every line of
    two or more; else None (the sniffer decides).

    >>> _plain_delimiter("姓名,手机\n张三,138\n", ",;\t|"), _plain_delimiter('a,"b"\n1,2\n', ",;"), _plain_delimiter("a, b\n1, 2\n", ",")
    (',', None, None)
    """
    if '"' in sample or "'" in sample:
        return None
    present = [d for d in delimiters if d in sample]
    if len(present) != 1 or f"{present[0]} " in sample:
        return None
    lines = [ln for ln in sample.splitlines() if ln.strip()]
    if len(sample) >= 1 << 16 and lines:
        lines = lines[:-1]                      # the sample may end inside a line
    counts = {ln.count(present[0]) for ln in lines}
    return present[0] if len(lines) >= 2 and len(counts) == 1 and counts != {0} else None


def sniff_dialect(sample: str, name: str, delimiters: str = SNIFFED_DELIMITERS) -> type[csv.Dialect] | csv.Dialect:
    """The sample's delimiter (one of ``delimiters``) and quoting. Quotes inside quoted fields are taken as
    doubled (RFC 4180) unless the sample shows an escape character: the sniffer says "not doubled" merely
    when the sample has no doubled quote, and a later one would then split its field."""
    plain = _plain_delimiter(sample, delimiters)
    if plain is not None:
        return type("Sniffed", (csv.excel,), {"delimiter": plain, "doublequote": True, "skipinitialspace": False})
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=delimiters)
        if not dialect.doublequote and not dialect.escapechar:
            dialect.doublequote = True
        return dialect
    except csv.Error:
        if len(delimiters) == 1:        # the delimiter is known (a plain-text table's): only the quoting was in doubt
            return type("Delimited", (csv.excel,), {"delimiter": delimiters})
        if "\t" in sample.split("\n", 1)[0]:
            return csv.excel_tab
        return csv.excel


def read_delimited(raw: BinaryIO, source: Source, header: bool | None = None, batch: int = BATCH) -> Iterator[Batch]:
    """CSV, TSV and other delimited text. The delimiter is sniffed, the header detected unless ``header``
    says; rows shorter or longer than the header are kept (padded or with extra columns named ``_n``).

    Text is cut into chunks at record ends (a line end outside quotes) and each chunk is parsed whole by
    polars, column-wise, into a batch's ``frame``. A chunk polars cannot parse as it stands (a row wider
    than the columns so far, a stray quote, a bare CR line end, an undecodable byte) is parsed by Python's
    ``csv`` module instead, as every chunk was before, so the rows and the errors are the same."""
    stream, src = open_text(raw, source)
    yield from _read_delimited(stream, src, header, batch)


def _read_delimited(stream: io.TextIOWrapper, src: Source, header: bool | None, batch: int,
                    delimiters: str = SNIFFED_DELIMITERS) -> Iterator[Batch]:
    encoding = src.encoding
    sample = _sample(stream, encoding)
    dialect = sniff_dialect(_first_lines(sample, SNIFF_LINES), src.path, delimiters)
    head_rows = csv.reader(io.StringIO(sample, newline=""), dialect)
    try:
        head = list(itertools.islice(head_rows, TITLE_ROWS + 3))
    except csv.Error as exc:
        raise ReadError(f"{src.path}: malformed delimited text at line {head_rows.line_num}: {exc}") from None
    if not head:
        return
    notes: tuple[str, ...] = ()
    k = title_rows(head) if header is not False else 0          # 某公司客户名单 above the header
    if k and looks_like_header(head[k], head[k + 1] if k + 1 < len(head) else None):
        notes = (title_note(range(1, k + 1), k + 1),)
    else:
        k = 0
    if header is not False and group_row(head, k):             # 客户信息 | 订单信息 over the header's cells
        notes += (group_note(k + 1, head[k], k + 2),)
        k += 1
    head = head[k:]
    first, second = head[0], head[1] if len(head) > 1 else None
    is_header = looks_like_header(first, second) if header is None else header
    columns = tuple(c.strip() for c in first) if is_header else tuple(f"_{i + 1}" for i in range(len(first)))
    quote = getattr(dialect, "quotechar", None) or '"'
    skip = k + int(is_header)                  # rows before the data: the title and the header
    # a record is numbered as the row it is in the input (the header is row 1, as a spreadsheet shows it)
    number, lines = skip + 1, 0
    pending = None                  # rows parsed but not yet sent: batches are whole, whatever the chunks hold

    def send(frame, final: bool):
        nonlocal number
        full = frame.height if final else frame.height - frame.height % batch
        for start in range(0, full, batch):
            part = frame.slice(start, batch)
            lost = _scientific_note(columns, [part.to_series(j) for j in range(part.width)], number) if look else ()
            yield Batch(src, number, columns, locator="row", frame=part, notes=notes + lost)
            number += part.height
        return frame.slice(full) if full < frame.height else None

    def with_csv(text_lines):
        nonlocal number, columns, skip
        for rows, wide in _row_lists(text_lines, src, dialect, columns, skip, batch, lines):
            skip, columns = 0, wide
            lost = _scientific_note(columns, [pl.Series([r[j] for r in rows], dtype=pl.String)
                                              for j in range(len(columns))], number)
            yield Batch(src, number, columns, rows, locator="row", notes=notes + lost)
            number += len(rows)

    if not (dialect.doublequote and not dialect.escapechar and not dialect.skipinitialspace and len(quote) == 1
            and len(dialect.delimiter) == 1):
        yield from with_csv(stream)                 # quoting polars does not read: csv reads the whole file
        return
    quote_byte = quote.encode()
    chunks = _RecordChunks(_utf8_blocks(stream, src), quote_byte)
    look = False                    # whether a chunk so far held E+ (a long number in scientific notation)
    for chunk in chunks:
        look = look or _exponent_in(chunk)
        frame = _frame(chunk, dialect.delimiter, quote, len(columns))
        if frame is None and pending is not None:
            pending = yield from send(pending, final=True)
        if frame is not None:
            if skip:
                frame, skip = frame.slice(skip), 0
            pending = yield from send(frame if pending is None else pl.concat([pending, frame]), final=False)
        elif quote_byte in chunk:
            # quoting polars cannot follow (a stray quote may also have misplaced the chunk's end): from here
            # on csv reads the text as one stream, as it read every file before
            yield from with_csv(io.TextIOWrapper(io.BufferedReader(_BytesReader(itertools.chain([chunk], chunks.rest()))),
                                                 encoding="utf-8", errors=MIXED, newline=""))
            return
        else:                                        # no quoting: the chunk's end is a record end
            yield from with_csv(io.StringIO(_decoded(chunk, src, lines), newline=""))
        lines += _occurrences(chunk, b"\n")
    if pending is not None:
        yield from send(pending, final=True)


SNIFF_LINES = 100             # lines of the sample the delimiter is sniffed from (its cost grows with the text)


def _first_lines(text: str, n: int) -> str:
    """The first ``n`` lines of ``text`` (all of it when it has fewer)."""
    at = -1
    for _ in range(n):
        at = text.find("\n", at + 1)
        if at < 0:
            return text
    return text[:at + 1]


def _sample(stream: io.TextIOWrapper, encoding: str) -> str:
    """The first characters of a text stream, for sniffing, without consuming them."""
    head = stream.buffer.peek(SAMPLE)[:SAMPLE]
    return head.decode(encoding, errors="ignore")[:1 << 16]


CHUNK = 8 << 20                 # bytes of delimited text parsed at once
_UTF8 = ("utf-8", "utf-8-sig")


def _utf8_blocks(stream: io.TextIOWrapper, src: Source) -> Iterator[bytes]:
    """The input as UTF-8 blocks: read as it is when it is UTF-8 (polars checks it), else decoded and
    encoded again (a decoding error names the place)."""
    if codecs.lookup(src.encoding).name in _UTF8:
        buffered = stream.buffer
        block = buffered.read(CHUNK)
        if block.startswith(codecs.BOM_UTF8):
            block = block[len(codecs.BOM_UTF8):]
        while block:
            yield block
            block = buffered.read(CHUNK)
        return
    done = 0
    while True:
        try:
            text = stream.read(CHUNK // 2)
        except UnicodeDecodeError as exc:
            raise ReadError(f"{src.path}: not {src.encoding} after character {done:,}: {exc.reason}") from None
        if not text:
            return
        done += len(text)
        yield text.encode("utf-8")


MAX_CARRY = 4 * CHUNK           # text without a record end in sight: handed over whole (and read on with csv)


class _RecordChunks:
    """Consecutive pieces of the text, each ending at a record end: a line end outside quotes (quotes are
    balanced in every record, doubled quotes included, so an even count of them before a line end means
    it is outside). A stray quote (5" inch) upsets the count: then polars cannot parse the piece, and the
    caller reads the rest (:meth:`rest`) with csv, which takes such a quote as it is."""

    def __init__(self, blocks: Iterator[bytes], quote: bytes):
        self._blocks = iter(blocks)
        self._quote = quote
        self._carry = b""

    def __iter__(self) -> Iterator[bytes]:
        for block in self._blocks:
            data = self._carry + block
            cut = _last_record_end(data, self._quote)
            if cut < 0 and len(data) <= MAX_CARRY:
                self._carry = data
                continue
            if cut < 0:
                cut = len(data) - 1
            self._carry = data[cut + 1:]
            yield data[:cut + 1]
        if self._carry:
            last, self._carry = self._carry, b""
            yield last

    def rest(self) -> Iterator[bytes]:
        """The text not yet handed out, when the caller stops iterating."""
        if self._carry:
            yield self._carry
        yield from self._blocks


class _Replacing(io.RawIOBase):
    """A readable stream over ``raw`` with every ``old`` (one byte repeated, such as ----) replaced by
    ``new``, as ``bytes.replace`` replaces them in the whole input: a run of that byte at the end of a block
    waits for the next block, so a run is replaced from its start whatever the block sizes."""

    BLOCK = 1 << 20
    MAX_RUN = 16 << 20

    def __init__(self, raw: BinaryIO, old: bytes, new: bytes):
        if len(set(old)) != 1:
            raise ValueError("replaces one byte repeated")
        self._raw, self._old, self._new = raw, old, new
        self._carry = self._out = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._out and not self._eof:
            block = self._raw.read(self.BLOCK)
            data = self._carry + block
            self._carry = b""
            if not block:
                self._eof = True
            else:
                body = data.rstrip(self._old[:1])
                if len(body) < len(data) and len(data) - len(body) <= self.MAX_RUN:
                    data, self._carry = body, data[len(body):]
            self._out = data.replace(self._old, self._new)
        n = min(len(b), len(self._out))
        b[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


class _BytesReader(io.RawIOBase):
    """A readable stream over an iterator of byte blocks."""

    def __init__(self, blocks: Iterator[bytes]):
        self._blocks = iter(blocks)
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._left:
            self._left = next(self._blocks, b"")
            if not self._left:
                return 0
        n = min(len(b), len(self._left))
        b[:n] = self._left[:n]
        self._left = self._left[n:]
        return n


def _last_record_end(data: bytes, quote: bytes) -> int:
    """The offset of the last line end outside quotes (LF; CR in text that has no LF at all, old Mac
    line ends, but never a final CR whose LF may begin the next block), or -1."""
    end = b"\n" if b"\n" in data else b"\r"
    pos = data.rfind(end, 0, len(data) - (end == b"\r"))
    if pos < 0 or quote not in data:
        return pos
    inside = _occurrences(data, quote, pos) % 2
    while pos >= 0 and inside:
        before = data.rfind(end, 0, pos)
        inside ^= data.count(quote, before + 1, pos) % 2
        pos = before
    return pos


# a long number as a spreadsheet writes it when it exports a cell that holds one (1.10105E+17): an ID or a
# card number typed in as a number, of which only the first digits are left
_SCIENTIFIC = r"^\s*[0-9](?:\.[0-9]+)?[Ee]\+(?:1[5-9])\s*$"


def _scientific_note(columns: Sequence[str], series: Sequence, first: int) -> tuple[str, ...]:
    """The note for a batch whose cells hold long numbers in scientific notation (rows numbered from
    ``first``), or nothing. Only a column with a + in it is searched with the regular expression."""
    cols, rows = [], set()
    for name, col in zip(columns, series):
        if not col.str.contains("+", literal=True).any():
            continue
        hit = col.str.contains(_SCIENTIFIC).fill_null(False)
        if hit.any():
            cols.append(name)
            rows.update((first + np.flatnonzero(hit.to_numpy())).tolist())
    if not cols:
        return ()
    return (f"column(s) {', '.join(cols)} (rows {listed(sorted(rows), 5)}) hold long numbers in scientific notation (1.10105E+17), as a "
            f"spreadsheet exports a number it kept to 15 significant digits: their other digits are lost, and no ID or "
            f"card number can be read from them",)


def text_blocks(stream: io.TextIOBase, src: Source, head: str = "") -> Iterator[str]:
    """A decoded text input in blocks of ``SAMPLE_CHARS`` (after ``head``, already read), for the parsers that
    are fed as they read (HTML, XML); bytes that are not of the input's encoding are an error naming it."""
    if head:
        yield head
    while True:
        try:
            block = stream.read(SAMPLE_CHARS)
        except UnicodeDecodeError as exc:
            raise ReadError(f"{src.path}: not {src.encoding}: {exc.reason}") from None
        if not block:
            return
        yield block


def _exponent_in(chunk: bytes) -> bool:
    """Whether ``chunk`` holds E+ or e+ (the sign of a number in scientific notation). ``b"E+" in chunk``
    reads about 1 GB/s; the + found with numpy and the byte before it looked at, several times that.

    >>> _exponent_in(b"a,1.10105E+17\\n"), _exponent_in(b"+86 138,x\\n")
    (True, False)
    """
    data = np.frombuffer(chunk, dtype=np.uint8)
    plus = np.flatnonzero(data[1:] == ord("+"))
    return bool(plus.size) and bool(np.isin(data[plus], (ord("E"), ord("e"))).any())


def _occurrences(data: bytes, byte: bytes, end: int | None = None) -> int:
    """How often one byte occurs in ``data[:end]`` (numpy: several times faster than ``bytes.count`` for
    one byte, and no copy of the slice)."""
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8)[:end] == ord(byte)))


def _frame(chunk: bytes, delimiter: str, quote: str, width: int):
    """A chunk parsed by polars into ``width`` string columns (short rows padded with nulls), or None when
    polars cannot parse it the way ``csv`` would (see :func:`read_delimited`)."""
    if b"\r" in chunk:
        byte = np.frombuffer(chunk, dtype=np.uint8)
        cr = np.flatnonzero(byte == 13)
        if cr[-1] == len(byte) - 1 or not (byte[cr + 1] == 10).all():
            return None             # bare CR line ends: csv reads them as line ends, polars does not
    try:
        return pl.read_csv(chunk, has_header=False, separator=delimiter, quote_char=quote,
                           schema={f"c{i}": pl.String for i in range(width)}, raise_if_empty=False)
    except pl.exceptions.PolarsError:
        return None


def _decoded(chunk: bytes, src: Source, lines: int) -> str:
    """A chunk of UTF-8 text after ``lines`` lines; a line that is not UTF-8 read as :func:`decode_line` reads it."""
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(_line_text(line, "utf-8", lines + k) for k, line in enumerate(chunk.split(b"\n"), 1))


def _row_lists(lines, src: Source, dialect, columns: tuple, skip: int, batch: int,
               lines_before: int) -> Iterator[tuple[list, tuple]]:
    """Rows parsed by ``csv`` in batches (after the first ``skip`` rows), padded to the columns (widened by
    any wider row), with the columns."""
    reader = csv.reader(lines, dialect)
    try:
        for _ in range(skip):
            next(reader, None)
        while rows := list(itertools.islice(reader, batch)):        # a batch of rows parsed in C
            widths = set(map(len, rows))
            if max(widths) > len(columns):
                columns = columns + tuple(f"_{i + 1}" for i in range(len(columns), max(widths)))
            if widths == {len(columns)}:
                rows = list(map(tuple, rows))
            else:                                                      # ragged rows: pad to the columns
                width = len(columns)
                rows = [tuple(r) + (None,) * (width - len(r)) for r in rows]
            yield rows, columns
    except UnicodeDecodeError as exc:
        raise ReadError(f"{src.path}: not {src.encoding} after line {lines_before + reader.line_num}: {exc.reason}") from None
    except csv.Error as exc:
        raise ReadError(f"{src.path}: malformed delimited text at line {lines_before + reader.line_num}: {exc}") from None


SAMPLE_CHARS = 65_536
PARAGRAPH_LINES = (2, 12)       # the usual lines of a paragraph record (a person's card in a dump)


def text_unit(sample: str) -> str:
    r"""What a record of a plain-text file is, from its first characters: ``paragraph`` when blank lines
    divide it into blocks of a few lines each (姓名：… / 电话：… / 地址：… / blank line), else ``line`` (one
    record per line: key-value dumps, chat logs, prose whose paragraphs are single lines).

    >>> text_unit("姓名：张三\n电话：13812345678\n\n姓名：李四\n电话：13912345678\n\n")
    'paragraph'
    >>> text_unit("姓名：张三 电话：13812345678\n姓名：李四 电话：13912345678\n")
    'line'
    """
    lines = sample.splitlines()[:-1] or sample.splitlines()     # the last line may be cut short
    sizes, run = [], 0
    for line in lines:
        if line.strip():
            run += 1
        elif run:
            sizes.append(run)
            run = 0
    if run:
        sizes.append(run)
    if len(sizes) < 2:
        return "line"
    median = sorted(sizes)[len(sizes) // 2]
    return "paragraph" if PARAGRAPH_LINES[0] <= median <= PARAGRAPH_LINES[1] else "line"


TABLE_DELIMITERS = ("\t", ",", "|", ";", "----")      # ---- as in 13812345678----张三----… dumps
TABLE_MIN_LINES = 5             # fewer lines say too little about a file's shape
TABLE_SHARE = 0.95              # of the sampled lines with about the same number of delimiters (RAGGED of it)
TABLE_MODAL_SHARE = 0.6         # and of them with exactly the most common number
RAGGED = (1, 2)                 # a row may lack one field or hold two more (a remark filled on some rows)
# a cell that begins with a field key (姓名：张三, QQ:123): key-value text, which is not a table's row
_KEY_PREFIX = re.compile(r"^\s*[\u4e00-\u9fffA-Za-z ]{1,12}[：:=]")


def _sampled_lines(sample: str) -> list[str]:
    """The non-blank lines of a file's start that are whole (the last may be cut short), at most 200."""
    return [ln for ln in (sample.splitlines()[:-1] or sample.splitlines()) if ln.strip()][:200]


def table_delimiter(sample: str) -> str | None:
    r"""The delimiter of a plain-text file whose lines are the rows of a table (a dump written as
    张三,13812345678,… or with tabs, bars, semicolons), or None: the same number of one delimiter on
    nearly every sampled line, no field keys in the cells (姓名：张三 is key-value text), and no column
    that holds one value on every line (手机,138… is a key and its value).

    >>> table_delimiter("张三,13812345678,北京\n李四,13912345678,上海\n" * 3)
    ','
    >>> table_delimiter("姓名：张三\t电话：13812345678\n" * 6) is None, table_delimiter("手机,13812345678\n" * 6) is None
    (True, True)
    >>> table_delimiter("今天, 我们去了公园\n天气很好\n" * 4) is None
    True

    Rows may be ragged: a field missing at the end, or a remark filled on some rows only.

    >>> rows = "".join(f"人{i}\t1381234567{i}\t{c}\n" for i, c in enumerate("京沪津渝冀晋"))
    >>> table_delimiter(rows + "李四\t13912345678\t上海\t已核实\n")
    '\t'
    """
    lines = _sampled_lines(sample)
    if len(lines) < TABLE_MIN_LINES:
        return None
    for d in TABLE_DELIMITERS:
        if d == "----" and any("-----" in ln for ln in lines):
            continue                    # a rule of dashes (-----) is not a delimiter
        counts = [ln.count(d) for ln in lines]
        k = max(set(counts), key=counts.count)
        near = sum(1 for c in counts if max(1, k - RAGGED[0]) <= c <= k + RAGGED[1])
        if k < 1 or counts.count(k) < TABLE_MODAL_SHARE * len(lines) or near < TABLE_SHARE * len(lines):
            continue
        rows = [ln.split(d) for ln, c in zip(lines, counts) if c == k]
        if sum(bool(_KEY_PREFIX.match(cell)) for row in rows for cell in row) > 0.2 * len(rows) * (k + 1):
            return None
        if any(len({row[j].strip() for row in rows}) == 1 and rows[0][j].strip() for j in range(k + 1)):
            return None
        return d
    return None


# a field key in a key-value line: after the line's start or a separator, Han characters or a word, then a colon
_KV_KEY = re.compile(r"(?:^|[,，;；|\t ])\s*([\u4e00-\u9fffA-Za-z_][\u4e00-\u9fffA-Za-z0-9_]{0,11})\s*[:：]")
KV_MIN_KEYS = 2


def kv_keys(sample: str) -> tuple[str, ...] | None:
    r"""The field keys of a plain-text file whose every line holds the same fields in the same order
    (姓名：张三，手机：138…，身份证：… — a table written as key-value lines), or None. Nearly every sampled
    line (as :func:`table_delimiter` counts) must hold the same keys, at least two, none twice.

    >>> kv_keys("姓名：张三，手机：13812345678，地址：北京市朝阳区建国路1号\n" * 6)
    ('姓名', '手机', '地址')
    >>> kv_keys("张三：你好\n李四：收到\n" * 3) is None, kv_keys("姓名：张三\n电话：13812345678\n\n" * 3) is None
    (True, True)
    """
    lines = _sampled_lines(sample)
    if len(lines) < TABLE_MIN_LINES:
        return None
    keys = [tuple(_KV_KEY.findall(ln)) for ln in lines]
    common = max(set(keys), key=keys.count)
    if len(common) < KV_MIN_KEYS or len(set(common)) != len(common) or keys.count(common) < TABLE_SHARE * len(lines):
        return None
    return common


def _kv_pattern(keys: Sequence[str]) -> str:
    """A line of ``keys``' fields, each value a group (lazy: a value ends where the next key begins)."""
    sep = r"(?:\s*[,，;；|\t]\s*|\s+)"
    body = sep.join(rf"{re.escape(k)}\s*[:：]\s*(?P<c{i}>.*?)" for i, k in enumerate(keys))
    return rf"^\s*{body}\s*$"


def _kv_literals(sample: str, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """How most sampled lines write ``keys``: the text before the first value (订单号：) and the exact texts
    between values (，姓名：…), when one way covers at least half of them; the compiled cut of
    :func:`_kv_values` reads lines written so."""
    rx = re.compile(_kv_pattern(keys))
    ways = []
    for line in sample.splitlines()[:200]:
        m = rx.match(line)
        if m:
            ways.append((line[:m.start(1)], tuple(line[m.end(i):m.start(i + 1)] for i in range(1, len(keys)))))
    if not ways:
        return None
    best = max(set(ways), key=ways.count)
    ok = ways.count(best) * 2 >= len(ways) and all(best[1]) and all(g.rstrip()[-1:] in ":：" for g in best[1])
    return best if ok else None


def _kv_values(texts: pl.Series, keys: tuple[str, ...], literals: tuple[str, tuple[str, ...]] | None) -> pl.DataFrame:
    """The values of each line (columns c0 …, null where a line is not written that way). Lines written the
    common way (``literals``) with no colon in a value are cut by the compiled kernel (``native.kv_cut``: the
    same values, as a key and its colon can then stand only in the texts between values); the others by
    the full expression in polars."""
    pattern = _kv_pattern(keys)
    names = [f"c{i}" for i in range(len(keys))]
    if literals is None or not native.available():
        return texts.str.extract_groups(pattern).struct.unnest().select(names)
    ok, fields = native.kv_cut(texts, literals[0], literals[1], SPACE_TABLE)
    cut = pl.DataFrame({n: f for n, f in zip(names, fields)})
    rest = np.flatnonzero(~ok)
    if not len(rest):
        return cut
    slow = texts.gather(rest).str.extract_groups(pattern).struct.unnest().select(names)
    cut = cut.select([pl.when(pl.Series(ok)).then(pl.col(n)).alias(n) for n in names])
    return cut.with_row_index("_i").update(slow.with_columns(pl.Series("_i", rest, dtype=pl.UInt32)), on="_i",
                                           include_nulls=True).drop("_i")


def _kv_batches(lines: Iterator[str], src: Source, keys: tuple[str, ...], batch: int,
                literals: tuple[str, tuple[str, ...]] | None = None) -> Iterator[Batch]:
    """Key-value lines (without their ends, from :func:`_line_chunks` or :func:`_byte_line_chunks`) as a table: a column per key (values cut
    all lines at once: :func:`_kv_values`) and ``_line`` holding, whole, each line that is not written that
    way (its cells empty), so nothing is dropped. Lines are numbered from 1, a batch at a time."""
    columns = keys + ("_line",)
    note = (f"read as key-value records: a line's fields {', '.join(keys)} are a table's columns "
            f"(--text-records line reads each line as free text)",)
    first = 1
    read = itertools.count(1)                   # lines read whole, counted in C (zip asks it after each line)
    counted = map(operator.itemgetter(0), zip(lines, read))
    while True:
        try:
            chunk = list(itertools.islice(counted, batch))
        except UnicodeDecodeError as exc:
            raise ReadError(f"{src.path}: not {src.encoding} after line {next(read) - 1}: {exc.reason}") from None
        if not chunk:
            return
        texts = pl.Series("t", chunk, dtype=pl.String).str.strip_chars_end("\r\n")
        cells = _kv_values(texts, keys, literals)
        matched = cells.get_column("c0").is_not_null()
        frame = cells.with_columns(pl.when(matched).then(pl.lit(None, dtype=pl.String)).otherwise(texts).alias(f"c{len(keys)}"))
        yield Batch(src, first, columns, locator="line", frame=frame, notes=note)
        first += len(chunk)


def read_text(text: str, source: Source) -> Iterator[Batch]:
    """Text already decoded (a document's paragraphs, a PDF page's lines) read as a plain-text file is."""
    return read_lines(io.BytesIO(text.encode("utf-8")), dataclasses.replace(source, encoding="utf-8"))


def read_lines(raw: BinaryIO, source: Source, batch: int = TEXT_BATCH) -> Iterator[Batch]:
    """Plain text: one record per line (key-value dumps such as 姓名：张三 电话：…), one per paragraph
    (lines between blank lines), or one per row when the lines are the rows of a delimited table
    (:func:`table_delimiter`, read as delimited text is) — as ``source.text_records`` says, or as the
    file's start shows (:func:`table_delimiter`, :func:`text_unit`)."""
    stream, src = open_text(raw, source)
    if src.text_records in ("auto", "row"):
        delimiter = table_delimiter(_sample(stream, src.encoding))
        if delimiter and len(delimiter) > 1:
            # csv and polars split at one character: the delimiter becomes U+001F as the bytes are read (the
            # input is not touched, its hash is of what it holds), where the encoding keeps ASCII as ASCII
            if codecs.lookup(src.encoding).name.startswith(("utf-16", "utf-32")):
                delimiter = None
            else:
                stream = decoding(io.BufferedReader(_Replacing(stream.detach(), delimiter.encode(), b"\x1f"), SAMPLE), src.encoding)
                delimiter = "\x1f"
        if delimiter or src.text_records == "row":
            yield from _read_delimited(stream, src, None, BATCH, delimiter or SNIFFED_DELIMITERS)
            return
    buffered = stream.detach()
    head, read = _read_head(buffered, src)
    unit = src.text_records if src.text_records != "auto" else text_unit(head)
    codec = _LINE_CODECS.get(codecs.lookup(src.encoding).name)
    chunks = (_byte_line_chunks(read, buffered, src, codec) if codec else
              _line_chunks(_text_from(read, buffered, src), src))
    if src.text_records == "auto" and unit == "line" and (keys := kv_keys(head)):
        lines = itertools.chain.from_iterable(map(operator.itemgetter(1), chunks))
        yield from _kv_batches(lines, src, keys, BATCH, _kv_literals(head, keys))
        return
    if unit == "paragraph":
        yield from _paragraphs(chunks, src, batch)
        return
    texts: list[str] = []
    first = chars = 0
    for start, lines in chunks:
        sizes = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        i = 0
        while i < len(lines):
            if not texts:
                first = start + i
            # the lines that fit: the batch ends at its ``batch``-th line or the line that reaches the characters
            ends = chars + np.cumsum(sizes[i:i + batch - len(texts)])
            take = min(int(np.searchsorted(ends, TEXT_BATCH_CHARS)) + 1, len(ends))
            texts += lines[i:i + take]
            chars, i = int(ends[take - 1]), i + take
            if len(texts) >= batch or chars >= TEXT_BATCH_CHARS:
                yield Batch(src, first, texts=texts, locator="line")
                texts, chars = [], 0
    if texts:
        yield Batch(src, first, texts=texts, locator="line")


LINE_CHUNK = 1 << 16            # characters decoded at a time when a text is read line by line
LINE_BLOCK = 1 << 20            # bytes read at a time when its lines are cut as bytes (_byte_line_chunks)
# encodings in which a byte 0x0A or 0x0D is always that character (never part of another), so lines are cut
# as bytes, and the codec that decodes one line (a BOM is only at the start of the input)
_LINE_CODECS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "gb18030": "gb18030", "gbk": "gbk", "gb2312": "gb2312",
                "big5": "big5", "ascii": "ascii"}
DECODED_LINES = 100_000         # distinct lines whose decoded text is kept (per generation, see _DecodedLines)
DECODED_BYTES = 8 << 20         # ... and bytes of them


HEAD_BLOCK = 8192               # bytes decoded at a time for the start (a bad byte further on is met later)


def _read_head(buffered: io.BufferedReader, src: Source) -> tuple[str, bytes]:
    """The first ``SAMPLE_CHARS`` characters of a text input (fewer if it is shorter), a bad byte as U+FFFD (the
    start only tells how to read the rest, which is read from these bytes again), and the bytes read for them."""
    decoder = codecs.getincrementaldecoder(src.encoding)(errors="replace")
    text: list[str] = []
    blocks: list[bytes] = []
    got = 0
    while got < SAMPLE_CHARS:
        block = buffered.read1(HEAD_BLOCK)
        blocks.append(block)
        text.append(decoder.decode(block, final=not block))
        got += len(text[-1])
        if not block:
            break
    return "".join(text)[:SAMPLE_CHARS], b"".join(blocks)


def _text_from(read: bytes, buffered: io.BufferedReader, src: Source) -> io.TextIOWrapper:
    """The input as a text stream from its start: the bytes already ``read``, then the rest of ``buffered``."""
    return io.TextIOWrapper(io.BufferedReader(_Prefixed(read, buffered), SAMPLE), encoding=src.encoding,
                            errors=MIXED, newline="")


class _Prefixed(io.RawIOBase):
    """A readable stream of ``prefix`` followed by what ``rest`` holds."""

    def __init__(self, prefix: bytes, rest: BinaryIO):
        self._prefix, self._rest = memoryview(prefix), rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if len(self._prefix):
            n = min(len(b), len(self._prefix))
            b[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(b))
        b[:len(data)] = data
        return len(data)


class _DecodedLines(dict):
    """Lines (bytes) → their text, decoded once: a dump repeats its lines, and a line met again is the same
    string object as before, whose hash is already known (the records' memory looks it up at once). Two
    generations: a line found in ``old`` is kept in this one."""

    __slots__ = ("old", "codec", "size")

    def __init__(self, codec: str, old: dict | None = None):
        super().__init__()
        self.codec, self.old, self.size = codec, old or {}, 0

    def __missing__(self, raw: bytes) -> str:
        text = self.old.get(raw)
        if text is None:
            text = raw.decode(self.codec)       # (a line that is not in it is read by _decoded_lines, each time met)
        self[raw] = text
        self.size += len(raw)
        return text


def _byte_line_chunks(read: bytes, buffered: io.BufferedReader, src: Source, codec: str) -> Iterator[tuple[int, list[str]]]:
    """:func:`_line_chunks` for an encoding of :data:`_LINE_CODECS`: lines cut as bytes, ``LINE_BLOCK`` bytes
    at a time, and each distinct line decoded once while it recurs (:class:`_DecodedLines`). Where the
    lines of a block were nearly all new, the next seven blocks are decoded whole (faster for text that
    does not repeat), then the memory is tried again. A line that is not in the encoding is read as
    :func:`_line_text` reads it, its number known."""
    decoded = _DecodedLines(codec)
    skip = 0                           # blocks to decode whole (see above)
    sig = codecs.lookup(src.encoding).name == "utf-8-sig" and read.startswith(codecs.BOM_UTF8)
    for number, body, raw in _cut_lines(read[len(codecs.BOM_UTF8):] if sig else read, lambda n, _: buffered.read(n),
                                        b"\n", b"\r", _BYTE_LINE_END, LINE_BLOCK):
        if skip and not is_suspect():      # lines seldom recur: decoded with the block, once in a while the memory tried again
            skip -= 1
            lines = _block_lines(body, raw, codec, decoded, src, number)
        else:
            held = len(decoded)
            lines = _decoded_lines(raw, decoded, src, number)
            if len(decoded) - held > 0.8 * len(raw):
                skip = 7
        yield number, lines
        if len(decoded) > DECODED_LINES or decoded.size > DECODED_BYTES:
            decoded.old = None
            decoded = _DecodedLines(codec, decoded)


def _block_lines(body: bytes, raw: list[bytes], codec: str, decoded: _DecodedLines, src: Source, number: int) -> list[str]:
    """The lines ``raw`` of ``body`` decoded with it in one call (a bad byte is looked for line by line)."""
    if len(raw) and b"\r" not in body:
        try:
            return body.decode(codec).split("\n")[:len(raw)]
        except UnicodeDecodeError:
            pass
    return _decoded_lines(raw, decoded, src, number)


def _decoded_lines(raw: list[bytes], decoded: _DecodedLines, src: Source, number: int) -> list[str]:
    """The lines ``raw`` (the first is line ``number``) decoded, each distinct one once while it recurs; a line
    that is not in the input's encoding, or any line not yet held once lines of another encoding were met, is
    read by :func:`_line_text` (each time it is met, so that each is counted)."""
    if not is_suspect():
        try:
            return list(map(decoded.__getitem__, raw))
        except UnicodeDecodeError:
            pass
    out = []
    for k, line in enumerate(raw):
        if is_suspect() and not line.isascii() and line not in decoded:
            out.append(_line_text(line, decoded.codec, number + k))
            continue
        try:
            out.append(decoded[line])
        except UnicodeDecodeError:
            out.append(_line_text(line, decoded.codec, number + k))
    return out


def _line_text(raw: bytes, codec: str, number: int) -> str:
    """One line (line ``number``) of an input in ``codec``: once lines of another encoding were met, in that one
    first when it is valid there (a UTF-8 line can be valid GB18030 too, read as nonsense); else in ``codec``;
    else as :func:`piguard.scan.encodings.decode_line` reads a line that is not in it."""
    other = _OTHER_FIRST.get(codec)
    if other and is_suspect() and not raw.isascii():
        try:
            text = raw.decode(other)
            record(other, number)
            return text
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return decode_line(raw, codec, number)


# the encoding a line of a GB file is tried in first once lines of it were met (a GBK line is almost never UTF-8)
_OTHER_FIRST = {"gb18030": "utf-8", "gbk": "utf-8", "gb2312": "utf-8"}


_LINE_END, _BYTE_LINE_END = re.compile(r"\r\n|\r|\n"), re.compile(rb"\r\n|\r|\n")


def _line_chunks(stream: io.TextIOBase, src: Source) -> Iterator[tuple[int, list[str]]]:
    """The lines of ``stream`` without their ends, a chunk of ``LINE_CHUNK`` characters at a time:
    ``(number of the chunk's first line, its lines)`` (see :func:`_cut_lines`). A decoding error names
    the last line of the chunks before it, read whole."""
    for number, _, lines in _cut_lines("", lambda n, number: _read(stream, src, n, number), "\n", "\r", _LINE_END, LINE_CHUNK):
        yield number, lines


def _cut_lines(first, read: Callable, nl, cr, line_end: re.Pattern, block: int) -> Iterator[tuple[int, object, list]]:
    """The lines of an input (text or bytes alike), without their ends, a block at a time: ``(number of
    the block's first line, the block up to its last line end, its lines)``; ``first`` is what was read
    already, ``read(size, number)`` reads on (nothing at the end). A line ends at \\n, \\r\\n or \\r (as
    Python's streams read lines); a line longer than a block is put together once it ends, and the last
    line, without an end, comes alone."""
    number = 1
    parts: list = []                    # the start of a line that has not ended yet
    data = first or read(block, number)
    while True:
        if not data:
            if parts:
                last = data[:0].join(parts)
                yield number, last, [last]
            return
        while data.endswith(cr):        # the half of a \r\n, or a line end of its own: what follows says
            more = read(1, number)
            if not more:
                break
            data += more
        cut = max(data.rfind(nl), data.rfind(cr)) + 1
        if cut:
            body = data[:cut] if not parts else data[:0].join(parts) + data[:cut]
            parts = [data[cut:]] if cut < len(data) else []
            lines = body.split(nl) if cr not in body else line_end.split(body)
            lines.pop()                                                   # after the last line end
            yield number, body, lines
            number += len(lines)
        else:
            parts.append(data)
        data = read(block, number)


def _read(stream: io.TextIOBase, src: Source, chars: int, number: int) -> str:
    try:
        return stream.read(chars)
    except UnicodeDecodeError as exc:
        raise ReadError(f"{src.path}: not {src.encoding} after line {number - 1}: {exc.reason}") from None


def _paragraphs(chunks: Iterator[tuple[int, list[str]]], src: Source, batch: int) -> Iterator[Batch]:
    """Records of the lines between blank lines (``chunks``: the number of a chunk's first line and its
    lines), numbered from 1, each with the line it starts at. The blank lines of a chunk are found at once;
    what is left per paragraph is joining its lines."""
    texts: list[str] = []
    starts: list[int] = []
    current: list[str] = []             # the lines of a paragraph that a chunk's end left open
    start = first = 1
    chars = 0
    for number, lines in chunks:
        n = len(lines)
        if not n:
            continue
        full = np.fromiter(map(bool, map(str.strip, lines)), dtype=bool, count=n)
        change = np.flatnonzero(full[1:] != full[:-1]) + 1
        bounds = np.concatenate(([0], change, [n])).tolist()
        # runs of lines alike: filled runs alternate with blank ones, starting as the chunk starts
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if bool(full[0]) != (k % 2 == 0):
                if current:                  # a blank run ends the paragraph left open
                    texts.append("\n".join(current))
                    starts.append(start)
                    chars += len(texts[-1])
                    current = []
                    if len(texts) >= batch or chars >= TEXT_BATCH_CHARS:
                        yield Batch(src, first, texts=texts, locator="paragraph", lines=starts)
                        first += len(texts)
                        texts, starts, chars = [], [], 0
                continue
            if not current:
                start = number + a
            current.extend(lines[a:b])
    if current:
        texts.append("\n".join(current))
        starts.append(start)
    if texts:
        yield Batch(src, first, texts=texts, locator="paragraph", lines=starts)


def _flatten(obj: object, prefix: str = "") -> dict[str, str | None]:
    """Nested objects become dotted field names: {"user": {"phone": …}} → user.phone."""
    if isinstance(obj, dict):
        out: dict[str, str | None] = {}
        for k, v in obj.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(obj, list):
        out = {}
        for i, v in enumerate(obj):
            out.update(_flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix or "value": None if obj is None else str(obj)}


def _objects_to_batch(src: Source, first: int, objects: list[dict[str, str | None]]) -> Batch:
    columns: list[str] = []
    seen = set()
    for o in objects:
        for k in o:
            if k not in seen:
                seen.add(k)
                columns.append(k)
    rows = [tuple(o.get(c) for c in columns) for o in objects]
    return Batch(src, first, tuple(columns), rows, locator="object")


def read_jsonl(raw: BinaryIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """JSON Lines: one object per line; nested fields flattened; a bad line is an error naming it."""
    stream, src = open_text(raw, source)
    objects: list[dict[str, str | None]] = []
    first = 1
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(f"{source.path}: line {number}: not JSON ({exc.msg} at column {exc.colno})") from None
        if not objects:
            first = number
        objects.append(_flatten(obj))
        if len(objects) >= batch:
            yield _objects_to_batch(src, first, objects)
            objects = []
    if objects:
        yield _objects_to_batch(src, first, objects)


def read_json(raw: BinaryIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """A JSON document: an array of records, or an object holding arrays of records anywhere in it (each its
    own table, ``doc.json#data.list``; see :func:`_record_arrays`), and what stands outside them as one record."""
    stream, src = open_text(raw, source)
    head = stream.read(JSON_WHOLE)
    if len(head) == JSON_WHOLE and head.lstrip("\ufeff \t\r\n").startswith("["):
        # a large array of records, the way exports are written: decoded an item at a time, never the whole
        # document (a smaller one is decoded whole, below: faster, and its memory is small)
        objects: list = []
        first = 1
        for item in _array_items(head, stream, source.path):
            objects.append(_flatten(item))
            if len(objects) >= batch:
                yield _objects_to_batch(src, first, objects)
                first, objects = first + len(objects), []
        if objects:
            yield _objects_to_batch(src, first, objects)
        return
    try:
        doc = json.loads(head + stream.read())
    except json.JSONDecodeError as exc:
        raise ReadError(f"{source.path}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(doc, dict):
        items = doc if isinstance(doc, list) else [doc]
        for start in range(0, len(items), batch):
            yield _objects_to_batch(src, start + 1, [_flatten(o) for o in items[start:start + batch]])
        return
    rest = dict(doc)
    for path, items, names in _record_arrays(doc, "", rest):
        part = src.part(path)
        for start in range(0, len(items), batch):
            objects = [_flatten(dict(zip(names, o)) if names else o) for o in items[start:start + batch]]
            yield _objects_to_batch(part, start + 1, objects)
    # what stands outside the arrays of records (the owner of a list, a message) is a record of its own, when
    # it holds any text: nothing of the document is left unread
    if _holds_text(rest):
        yield _objects_to_batch(src.part(""), 1, [_flatten(rest)])


JSON_WHOLE = 1 << 25             # characters of JSON decoded whole, at most: a longer array is read an item at a time
JSON_BLOCK = 1 << 22             # characters of such an array read at a time
MAX_JSON_ITEM = 1 << 26         # an item of an array may be this long at most (a longer one is a damaged file)
_JSON_SPACE = re.compile(r"[ \t\r\n\ufeff]*")


def _array_items(text: str, stream: io.TextIOBase, name: str) -> Iterator[object]:
    """The items of a JSON array, ``text`` being its start and ``stream`` the rest: each decoded alone (the C
    scanner of ``json``) from a window of the text, which moves on, so memory holds an item, not the array. An
    item is taken only when the window holds the delimiter after it (a number at its end may go on in the next
    block: -500. then 0)."""
    scan = json.JSONDecoder().scan_once
    lines = 0                                   # line ends in the text the window has moved past
    pos = _JSON_SPACE.match(text).end() + 1     # after the [
    done = False

    def more() -> bool:
        nonlocal text, pos, lines, done
        if done:
            return False
        block = stream.read(JSON_BLOCK)
        if not block:
            done = True
            return False
        lines += text.count("\n", 0, pos)
        text, pos = text[pos:] + block, 0
        return True

    def error(msg: str, at: int) -> ReadError:
        line = lines + text.count("\n", 0, at) + 1
        return ReadError(f"{name}: not JSON ({msg} at line {line}, column {at - text.rfind(chr(10), 0, at)})")

    after_comma = False
    while True:
        c = text[pos:pos + 1]
        if c in (" ", "\t", "\r", "\n", "\ufeff"):
            pos = _JSON_SPACE.match(text, pos).end()
            c = text[pos:pos + 1]
        if not c:
            if more():
                continue
            raise error("the array does not end", pos)
        if c == "]" and not after_comma:        # (a comma before it is an error: [1, ])
            rest = text[pos + 1:]
            while not rest.strip() and more():
                rest = text[pos + 1:]
            if rest.strip():
                raise error("extra data after the array", pos + 1 + (len(rest) - len(rest.lstrip())))
            return
        try:
            item, end = scan(text, pos)
        except (StopIteration, json.JSONDecodeError) as exc:
            if len(text) - pos < MAX_JSON_ITEM and more():
                continue                        # the item goes on in the next block
            at = exc.value if isinstance(exc, StopIteration) else exc.pos
            raise error("expecting value" if isinstance(exc, StopIteration) else exc.msg, at) from None
        after = end
        d = text[after:after + 1]
        if d in (" ", "\t", "\r", "\n"):
            after = _JSON_SPACE.match(text, end).end()
            d = text[after:after + 1]
        if d not in (",", "]"):
            if len(text) - pos < MAX_JSON_ITEM and more():
                continue                        # no delimiter yet: it may go on (a number cut by the block's end)
            raise error("expecting ',' delimiter", after)
        yield item
        pos, after_comma = (after + 1, True) if d == "," else (after, False)


def _holds_text(node: object, depth: int = 0) -> bool:
    """Does a JSON value hold a non-blank string or a long number (13812345678 written as a number) anywhere,
    not only counts, flags and nulls ({"code": 0, "total": 2})?"""
    if isinstance(node, str):
        return bool(node.strip())
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return abs(node) >= 10_000
    if depth < 32 and isinstance(node, dict):
        return any(_holds_text(v, depth + 1) for v in node.values())
    if depth < 32 and isinstance(node, list):
        return any(_holds_text(v, depth + 1) for v in node)
    return False


def _record_arrays(node: dict, prefix: str, rest: dict, depth: int = 0) -> Iterator[tuple[str, list, list | None]]:
    """The arrays of records anywhere in an object (``{"data": {"list": [{…}, {…}]}}``, ``{"users": […],
    "orders": […]}``): lists of objects, or lists of rows with a sibling list of as many field names
    (``{"columns": ["姓名", "手机"], "rows": [[…], …]}``), each with its path and the field names; every one
    is removed from ``rest`` (a copy of ``node``, and of the objects on the way) as it is found.

    >>> doc = {"code": 0, "data": {"list": [{"n": 1}], "cols": ["a", "b"], "rows": [[1, 2]]}}
    >>> rest = dict(doc)
    >>> [(p, len(items), names) for p, items, names in _record_arrays(doc, "", rest)], rest
    ([('data.list', 1, None), ('data.rows', 1, ['a', 'b'])], {'code': 0, 'data': {'cols': ['a', 'b']}})
    """
    if depth > 32:
        return
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            del rest[key]
            yield path, value, None
        elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            width = len(value[0])
            names = next((v for k, v in node.items() if k != key and isinstance(v, list) and len(v) == width
                          and width and all(isinstance(c, str) for c in v)), None)
            del rest[key]
            yield path, value, names
        elif isinstance(value, dict):
            inner = rest[key] = dict(value)
            yield from _record_arrays(value, path, inner, depth + 1)
            if not inner:
                del rest[key]


READERS = {"csv": read_delimited, "tsv": read_delimited, "text": read_lines, "jsonl": read_jsonl, "json": read_json}
