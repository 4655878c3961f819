"""Which text encoding a file is in: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern) or
GB18030 (the superset of GBK and GB2312). Detected per file from a sample; always overridable.

Seized Chinese data is often GBK. A GBK file almost never decodes as UTF-8 by accident, while GB18030
decodes nearly any byte string, so the order of tests matters: BOMs, then UTF-16 by its zero bytes, then
strict UTF-8, then GB18030; a sample that is none of them is reported, never guessed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

SAMPLE = 1 << 20          # 1 MiB is enough to decide for real files


class EncodingError(ValueError):
    """The bytes are not text in any supported encoding (or are binary)."""


@dataclass(frozen=True)
class Detected:
    encoding: str         # a Python codec name: utf-8-sig, utf-8, utf-16, gb18030
    reason: str


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
    if sample and b"\x00" in sample:
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
    raise EncodingError("neither UTF-8, UTF-16 nor GB18030")


def read_text(data: bytes, encoding: str | None = None) -> tuple[str, Detected]:
    """Decode a whole small file, detecting the encoding unless one is given."""
    found = Detected(encoding, "given") if encoding else detect_encoding(data[:SAMPLE], truncated=len(data) > SAMPLE)
    try:
        return data.decode(found.encoding), found
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not {found.encoding} at byte {exc.start}: {exc.reason}") from None
