"""Archives read in place: zip, tar (plain or compressed), gzip, bzip2 and xz, 7z and RAR (RAR 4 and 5,
through libarchive), nested up to a depth, and e-mail (.eml, mbox, Outlook's .msg: the messages and every
attachment are members, see ``piguard.scan.mail`` and ``piguard.scan.outlook``).

Nothing is extracted onto the evidence's file system. Limits stop zip bombs: members, depth, total and
per-member uncompressed bytes, and the expansion ratio are capped, and every member stream counts what it
really delivers (declared sizes can lie). Member names that climb out of the archive (``../``, absolute
paths) are reported; they cannot do harm here because nothing is written, but they are a sign of a
crafted archive. A 7z or RAR archive is read once, from start to end (a solid archive cannot be read
otherwise): each member is copied to a private spool (memory, then a temporary file) as it comes, under
the same limits, and read from there.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO, Callable, Iterator

from piguard.scan import mail, outlook
from piguard.scan.formats import sniff
from piguard.scan.readers import DAMAGED_ZIP

try:
    import libarchive
except (ImportError, OSError, AttributeError):      # pragma: no cover - the binding, or the C library it loads, missing
    libarchive = None

ARCHIVES = {"zip", "tar", "gzip", "bzip2", "xz", "7z", "rar", "eml", "mbox", "msg"}      # e-mail too: its attachments are members
READ_ONCE = {"7z", "rar"}          # read from start to end by libarchive, each member spooled as it comes
SNIFF_BYTES = 8192
SPOOL_IN_MEMORY = 64 << 20       # a nested archive is spooled (to memory, then a private temp file) to be seekable


@dataclass(frozen=True)
class Limits:
    max_depth: int = 4
    max_members: int = 100_000
    max_member_bytes: int = 8 << 30          # 8 GiB uncompressed per member
    max_total_bytes: int = 64 << 30          # 64 GiB uncompressed per top-level archive
    max_ratio: int = 200                     # uncompressed / compressed, per member (zip)


class ArchiveError(ValueError):
    """An archive is corrupt, encrypted or exceeds a safety limit; the message names the member and why."""


@dataclass
class Budget:
    """Bytes still allowed for one top-level archive, shared by all its members at every depth."""

    remaining: int
    members: int = 0


class CountingReader(io.RawIOBase):
    """A read-only stream that fails once more than ``limit`` bytes come out (of it or of the budget)."""

    def __init__(self, inner: BinaryIO, limit: int, budget: Budget, name: str):
        self._inner, self._limit, self._budget, self._name, self.count = inner, limit, budget, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._inner.read(len(b))
        n = len(data)
        self.count += n
        self._budget.remaining -= n
        if self.count > self._limit:
            raise ArchiveError(f"{self._name}: more than {self._limit:,} bytes uncompressed (member limit)")
        if self._budget.remaining < 0:
            raise ArchiveError(f"{self._name}: archive expands beyond its total byte limit")
        b[:n] = data
        return n


@dataclass(frozen=True)
class Member:
    """A file inside an archive: its display path (``outer.zip!dir/a.csv``), its format, an opener for a
    fresh counted stream, and any warning about its name."""

    path: str
    format: str
    open: Callable[[], BinaryIO]
    depth: int
    warning: str | None = None


class _Unclosed(io.RawIOBase):
    """A view of a spooled nested archive that callers may close without closing the spool itself."""

    def __init__(self, spool: BinaryIO):
        self._spool = spool
        spool.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._spool.read(len(b))
        b[:len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._spool.seek(offset, whence)

    def tell(self) -> int:
        return self._spool.tell()


def _spooled(open_member: Callable[[], BinaryIO]) -> Callable[[], BinaryIO]:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    with open_member() as fh:
        shutil.copyfileobj(fh, spool)
    return lambda: io.BufferedReader(_Unclosed(spool))


def legible(raw: bytes, as_read: str) -> str:
    """A member name whose writer recorded no encoding, as the writer meant it: its bytes as UTF-8 when they
    are that (Info-ZIP and tar on Linux, macOS), else as GB18030 when they are that (Chinese Windows writes
    names in GBK), else ``as_read`` (what the archive module made of them).

    >>> legible("客户名单.xlsx".encode("gbk"), "?"), legible("客户名单.xlsx".encode(), "?"), legible(b"a.txt", "a.txt")
    ('客户名单.xlsx', '客户名单.xlsx', 'a.txt')
    """
    if raw.isascii():
        return as_read
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return as_read


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name: as stored when the member says it is UTF-8 (flag bit 11), else :func:`legible`
    (Python reads such a name as cp437, the zip standard's old default, which no Chinese archive is in)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return legible(info.filename.encode("cp437"), info.filename)
    except UnicodeEncodeError:
        return info.filename


def tar_member_name(ti: tarfile.TarInfo) -> str:
    """A tar member's name: tarfile reads it as UTF-8, a byte it cannot read kept as a surrogate escape;
    such a name is :func:`legible`."""
    try:
        ti.name.encode("utf-8")
        return ti.name
    except UnicodeEncodeError:
        return legible(ti.name.encode("utf-8", "surrogateescape"), ti.name.encode("utf-8", "replace").decode("utf-8"))


def unsafe_name(name: str) -> str | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or name[1:3] == ":\\" or ".." in p.parts:
        return f"member name {name!r} points outside the archive (path traversal); read in place, not extracted"
    return None


def _counted(opener: Callable[[], BinaryIO], limits: Limits, budget: Budget, name: str) -> Callable[[], BinaryIO]:
    def open_counted() -> BinaryIO:
        return io.BufferedReader(CountingReader(opener(), limits.max_member_bytes, budget, name))
    return open_counted


def _entries(display: str, fmt: str, opener: Callable[[], BinaryIO], limits: Limits,
             budget: Budget) -> Iterator[tuple[str, Callable[[], BinaryIO], str | None]]:
    """(name, opener, warning) for the direct members of one archive."""
    if fmt == "zip":
        zf = zipfile.ZipFile(opener())
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = zip_member_name(info)
            if info.compress_size and info.file_size / max(info.compress_size, 1) > limits.max_ratio:
                raise ArchiveError(f"{display}!{name}: expands {info.file_size / info.compress_size:,.0f}×"
                                   f" (ratio limit {limits.max_ratio}×), a zip bomb")
            if info.flag_bits & 0x1:
                raise ArchiveError(f"{display}!{name}: encrypted member, cannot be read without its password")
            yield name, (lambda info=info: zf.open(info)), unsafe_name(name)
    elif fmt == "tar":
        tf = tarfile.open(fileobj=opener(), mode="r:*")
        for ti in tf:
            if not ti.isfile():
                continue
            name = tar_member_name(ti)
            yield name, (lambda ti=ti: tf.extractfile(ti)), unsafe_name(name)
    elif fmt in READ_ONCE:
        yield from _read_once(display, fmt, opener, limits, budget)
    elif fmt in ("eml", "mbox"):
        for name, open_part in mail.entries(opener, fmt):
            yield name, open_part, None
    elif fmt == "msg":
        try:
            for name, open_part in outlook.entries(opener):
                yield name, open_part, unsafe_name(name)
        except outlook.MsgError as exc:
            raise ArchiveError(f"{display}: {exc}") from None
    else:
        stem = display.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
        inner = stem.rsplit(".", 1)[0] if "." in stem else stem
        wrap = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[fmt]
        yield inner, (lambda: wrap(fileobj=opener()) if fmt == "gzip" else wrap(opener())), None


def _read_once(display: str, fmt: str, opener: Callable[[], BinaryIO], limits: Limits,
               budget: Budget) -> Iterator[tuple[str, Callable[[], BinaryIO], str | None]]:
    """The members of a 7z or RAR archive, each spooled as libarchive delivers it. The member and total
    limits hold while spooling; so does the expansion ratio, for the archive as a whole (libarchive gives
    no member's compressed size) once its members exceed what is spooled in memory."""
    if libarchive is None:
        raise ArchiveError(f"{display}: reading {fmt} archives needs the C library libarchive "
                           f"(Debian: apt-get install libarchive13)")
    with opener() as fh:
        size = fh.seek(0, io.SEEK_END)
        fh.seek(0)
        total = 0
        try:
            with libarchive.seekable_stream_reader(fh) as archive:
                for entry in archive:
                    if not entry.isfile:
                        continue
                    name = entry.pathname
                    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
                    held = 0
                    for block in entry.get_blocks():
                        held += len(block)
                        total += len(block)
                        if held > limits.max_member_bytes:
                            raise ArchiveError(f"{display}!{name}: more than {limits.max_member_bytes:,} bytes uncompressed "
                                               f"(member limit)")
                        if total > budget.remaining:
                            raise ArchiveError(f"{display}!{name}: archive expands beyond its total byte limit")
                        if total > SPOOL_IN_MEMORY and total > limits.max_ratio * max(size, 1):
                            raise ArchiveError(f"{display}!{name}: the archive expands more than {limits.max_ratio}× "
                                               f"(ratio limit), an archive bomb")
                        spool.write(block)
                    yield name, (lambda spool=spool: io.BufferedReader(_Unclosed(spool))), unsafe_name(name)
        except libarchive.ArchiveError as exc:
            why = str(getattr(exc, "msg", "") or exc)
            if "ncrypt" in why or "assword" in why:
                raise ArchiveError(f"{display}: encrypted {fmt} archive or member, cannot be read without its password "
                                   f"({why})") from None
            raise ArchiveError(f"{display}: corrupt or unreadable {fmt} archive ({why})") from None


def members(display: str, fmt: str, opener: Callable[[], BinaryIO], limits: Limits = Limits(),
            depth: int = 1, budget: Budget | None = None) -> Iterator[Member]:
    """Every non-archive member of an archive, recursively; nested archives are opened in place."""
    budget = budget or Budget(limits.max_total_bytes)
    if depth > limits.max_depth:
        raise ArchiveError(f"{display}: archives nested deeper than {limits.max_depth} levels")
    try:
        for name, open_raw, warning in _entries(display, fmt, opener, limits, budget):
            budget.members += 1
            if budget.members > limits.max_members:
                raise ArchiveError(f"{display}: more than {limits.max_members:,} members")
            path = f"{display}!{name}"
            open_member = _counted(open_raw, limits, budget, path)
            with open_member() as fh:
                head = fh.read(SNIFF_BYTES)
            kind = sniff(head, name)
            if kind in ARCHIVES:
                yield from members(path, kind, _spooled(open_member), limits, depth + 1, budget)
            else:
                yield Member(path, kind, open_member, depth, warning)
    except (tarfile.TarError, lzma.LZMAError, *DAMAGED_ZIP) as exc:
        raise ArchiveError(f"{display}: corrupt or unreadable {fmt} archive ({exc})") from None
