"""Which text encoding a file is in: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern) or
GB18030 (the superset of GBK and GB2312). Detected per file from a sample; always overridable.

Seized Chinese data is often GBK. A GBK file almost never decodes as UTF-8 by accident, while GB18030
decodes nearly any byte string, so the order of tests matters: BOMs, then UTF-16 by its zero bytes, then
strict UTF-8, then GB18030; a sample that is none of them is reported, never guessed.

Dumps are also concatenated from files of both encodings, or carry a damaged byte. A sample that is nearly
all one of them (all but ``MIXED_LINES`` of its lines, at most) is read in it, and a line (or, in a stream
decoded as a whole, the rest of the line from the bad byte) that is not in it is read in the other encoding
a Chinese file mixes in (UTF-8 in a GBK file, GBK in a UTF-8 one), else with its bad bytes as U+FFFD: every
such line is counted, and the input's report says how many, where and how they were read (:class:`Mixed`),
instead of the rest of the file going unread.
"""

from __future__ import annotations

import codecs
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

SAMPLE = 1 << 20          # 1 MiB is enough to decide for real files


class EncodingError(ValueError):
    """The bytes are not text in any supported encoding (or are binary)."""


@dataclass(frozen=True)
class Detected:
    encoding: str         # a Python codec name: utf-8-sig, utf-8, utf-16, gb18030
    reason: str
    mostly: bool = False  # some lines of the sample are not in it (see _mostly)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 byte-order mark"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 little-endian byte-order mark"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 big-endian byte-order mark"))


def _decodes(sample: bytes, encoding: str, truncated: bool) -> bool:
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        dec.decode(sample, final=not truncated)
    except UnicodeDecodeError:
        return False
    return True


# a few zero bytes in text (a dump recovered from a damaged disk, a field padded with NULs) do not make it binary
SPARSE_NULS = 8


def detect_encoding(sample: bytes, truncated: bool = False) -> Detected:
    """Decide the encoding of ``sample`` (the start of a file; ``truncated`` when the file goes on,
    so a multi-byte character cut at the end is not an error).

    >>> detect_encoding('姓名：张三'.encode('utf-8')).encoding
    'utf-8'
    >>> detect_encoding('姓名：张三'.encode('gbk')).encoding
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + '张三'.encode('utf-8')).encoding
    'utf-8-sig'
    >>> detect_encoding('张三,13812345678'.encode('utf-16')).encoding
    'utf-16'
    """
    for bom, encoding, reason in _BOMS:
        if sample.startswith(bom):
            return Detected(encoding, reason)
    sparse = sample.count(0) <= max(SPARSE_NULS, len(sample) // 1000)
    if sample and b"\x00" in sample and sparse and not (_decodes(sample, "utf-8", truncated) or _decodes(sample, "gb18030", truncated)):
        raise EncodingError("binary data: zero bytes in what is not text")
    if sample and b"\x00" in sample and not sparse:
        even, odd = sample[0::2], sample[1::2]
        # UTF-16 without BOM: ASCII-heavy text has a zero in every other byte
        if odd.count(0) > len(odd) * 0.3 and _decodes(sample, "utf-16-le", truncated):
            return Detected("utf-16-le", "zero bytes in odd positions (UTF-16LE without BOM)")
        if even.count(0) > len(even) * 0.3 and _decodes(sample, "utf-16-be", truncated):
            return Detected("utf-16-be", "zero bytes in even positions (UTF-16BE without BOM)")
        raise EncodingError("binary data: zero bytes that are not UTF-16")
    if _decodes(sample, "utf-8", truncated):
        return Detected("utf-8", "valid UTF-8" if not sample.isascii() else "ASCII (read as UTF-8)")
    if _decodes(sample, "gb18030", truncated):
        return Detected("gb18030", "not UTF-8; valid GB18030 (GBK/GB2312 superset)")
    mostly = _mostly(sample, truncated)
    if mostly is not None:
        return mostly
    raise EncodingError("neither UTF-8, UTF-16 nor GB18030")


MIXED_LINES = 0.02              # of a sample's lines, at most, not in the encoding it is read in (and at least 3 allowed)


def _mostly(sample: bytes, truncated: bool) -> Detected | None:
    """The encoding all but a few lines of ``sample`` are in (UTF-8 first, as above), when there is one."""
    lines = sample.split(b"\n")
    if truncated and len(lines) > 1:
        lines.pop()                 # cut short by the sample's end
    allowed = max(3, int(MIXED_LINES * len(lines)))
    for encoding, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        bad = 0
        for line in lines:
            if not line.isascii():
                try:
                    line.decode(encoding)
                except UnicodeDecodeError:
                    bad += 1
                    if bad > allowed:
                        break
        if bad <= allowed:
            return Detected(encoding, f"{name} but for {bad} of the first {len(lines):,} lines (read in another encoding or "
                                      "with replacement characters, as the input's report says)", mostly=True)
    return None


# the encoding a Chinese file in one of these mixes in: a line that is not in the file's is tried in it
OTHER = {"gb18030": "utf-8", "gbk": "utf-8", "gb2312": "utf-8", "big5": "utf-8", "utf-8": "gb18030", "utf-8-sig": "gb18030",
         "ascii": "gb18030"}
SHOWN_LINES = 10                # line numbers the report lists of each kind


@dataclass(eq=False)            # one per input: told apart by identity (recording() removes its own)
class Mixed:
    """What reading one input met that is not in its encoding: lines (numbered where the reader knows them)
    read in the other encoding, and lines whose bad bytes no encoding reads, read as U+FFFD."""

    encoding: str = ""
    other: dict[str, int] = field(default_factory=dict)          # other encoding → lines read in it
    other_lines: list[int] = field(default_factory=list)
    replaced: int = 0
    replaced_lines: list[int] = field(default_factory=list)
    suspect: bool = False           # lines of another encoding are likely: a line valid in it is read in it

    def read_as(self, encoding: str | None, line: int | None) -> None:
        if encoding is None:
            self.replaced += 1
            if line is not None and len(self.replaced_lines) < SHOWN_LINES:
                self.replaced_lines.append(line)
        else:
            self.suspect = True
            self.other[encoding] = self.other.get(encoding, 0) + 1
            if line is not None and len(self.other_lines) < SHOWN_LINES:
                self.other_lines.append(line)

    def note(self) -> str | None:
        """What the input's report says, or None when every byte was of the input's encoding."""
        parts = []
        for encoding, n in self.other.items():
            parts.append(f"{n:,} line(s) read as {encoding}{_where(self.other_lines, n)}")
        if self.replaced:
            parts.append(f"{self.replaced:,} line(s) with bytes no encoding reads, read with U+FFFD in their place"
                         f"{_where(self.replaced_lines, self.replaced)}: a value in them may be cut")
        if not parts:
            return None
        return f"not all {self.encoding or 'of one encoding'}: " + "; ".join(parts) + " (the input is as it was; only its reading differs)"


def _where(lines: list[int], n: int) -> str:
    if not lines:
        return ""
    shown = ", ".join(f"{k:,}" for k in lines)
    return f" (line{'s' if len(lines) > 1 else ''} {shown}{', …' if n > len(lines) else ''})"


_RECORDING: list[Mixed] = []


@contextmanager
def recording(encoding: str = "") -> Iterator[Mixed]:
    """What the reading of one input meets that is not in its encoding, while it reads (inputs are read one at
    a time, an archive's members each on their own)."""
    mixed = Mixed(encoding)
    _RECORDING.append(mixed)
    try:
        yield mixed
    finally:
        _RECORDING.remove(mixed)


def decode_line(raw: bytes, encoding: str, line: int | None = None) -> str:
    """A line that is not in ``encoding`` (its strict decoding failed): read in the other encoding when it is
    that, else with its bad bytes as U+FFFD; recorded (:func:`recording`).

    >>> with recording("gb18030") as seen:
    ...     decode_line('王五'.encode(), "gb18030", 7), decode_line(b'\\xff13812345678', "gb18030", 9)
    ('王五', '\ufffd13812345678')
    >>> "1 line(s) read as utf-8 (line 7); 1 line(s) with bytes no encoding reads" in seen.note(), seen.replaced_lines
    (True, [9])
    """
    other = OTHER.get(codecs.lookup(encoding).name)
    if other:
        try:
            text = raw.decode(other)
            record(other, line)
            return text
        except UnicodeDecodeError:
            pass
    record(None, line)
    return raw.decode(encoding, "replace")


def record(encoding: str | None, line: int | None) -> None:
    """A line of the input being read read in ``encoding`` (None: with U+FFFD for bytes no encoding reads)."""
    if _RECORDING:
        _RECORDING[-1].read_as(encoding, line)


def suspect() -> None:
    """Lines of another encoding are likely in the input being read (its start holds some)."""
    if _RECORDING:
        _RECORDING[-1].suspect = True


def is_suspect() -> bool:
    """Are lines of another encoding likely in the input being read (see :func:`suspect`, :meth:`Mixed.read_as`)?"""
    return bool(_RECORDING) and _RECORDING[-1].suspect


def _mixed_handler(exc: UnicodeError) -> tuple[str, int]:
    """The codec error handler ``piguard-mixed`` of text decoded as a stream: the rest of the line from the bad
    byte read in the other encoding when it is that, else the bad bytes as U+FFFD; strict where nothing records."""
    if not isinstance(exc, UnicodeDecodeError) or not _RECORDING:
        raise exc
    data, start = exc.object, exc.start
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    if end > start:
        return decode_line(bytes(data[start:end]), exc.encoding), end
    record(None, None)
    return "\ufffd", exc.end


MIXED = "piguard-mixed"
codecs.register_error(MIXED, _mixed_handler)


def read_text(data: bytes, encoding: str | None = None) -> tuple[str, Detected]:
    """Decode a whole small file, detecting the encoding unless one is given."""
    found = Detected(encoding, "given") if encoding else detect_encoding(data[:SAMPLE], truncated=len(data) > SAMPLE)
    try:
        return data.decode(found.encoding), found
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not {found.encoding} at byte {exc.start}: {exc.reason}") from None
