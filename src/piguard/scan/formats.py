"""What kind of file an input is, from its first bytes and its name — never from the name alone.

>>> sniff(b'PK\\x03\\x04' + bytes(26), 'dump.zip')
'zip'
>>> sniff(b'SQLite format 3\\x00', 'x.db')
'sqlite'
>>> sniff('姓名,电话\\n张三,13812345678\\n'.encode(), 'a.csv')
'csv'
>>> sniff(b'INSERT INTO `users` VALUES (1,"a");', 'dump.sql')
'mysql_dump'
>>> sniff(b'{"name": "x"}\\n{"name": "y"}\\n', 'a.json')
'jsonl'
>>> sniff(b'<html><body><table><tr><td>x</td></tr></table>', 'export.xls')
'html'
>>> sniff(b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">', 'a.xls')
'spreadsheetml'
>>> sniff(b'<?xml version="1.0"?><records><r><name>x</name></r></records>', 'export.dat')
'xml'
>>> sniff(b'BEGIN:VCARD\\r\\nVERSION:2.1\\r\\n', '00001.vcf')
'vcard'
>>> sniff(b'From: a@b.cn\\nTo: c@d.cn\\nSubject: x\\n\\nbody', 'msg'), sniff(b'From a@b Mon\\nFrom: a@b\\nTo: c\\nDate: x\\n\\n', 'inbox')
('eml', 'mbox')
>>> sniff(b'Name: Zhang Wei\\nPhone: 13812345678\\n', 'a.txt')
'text'
"""

from __future__ import annotations

import re
import struct

MAGIC = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"), (b"SQLite format 3\x00", "sqlite"), (b"PAR1", "parquet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!", "rar"),
    (b"%PDF", "pdf"),
)
TEXT_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".txt": "text", ".log": "text", ".json": "json", ".jsonl": "jsonl",
                   ".ndjson": "jsonl"}
_MYSQL = re.compile(rb"INSERT\s+INTO\s+[`\"\w.]+", re.IGNORECASE)
_HTML = re.compile(rb"<(?:html|table|body)[\s>]", re.IGNORECASE)
_PG_COPY = re.compile(rb"^COPY\s+[\w.\"]+\s*(\([^)]*\))?\s+FROM\s+stdin", re.IGNORECASE | re.MULTILINE)


_MAIL_HEADER = re.compile(rb"^(?:From|To|Cc|Subject|Date|Message-ID|MIME-Version|Received|Return-Path|Delivered-To): ",
                          re.IGNORECASE | re.MULTILINE)


def _is_mail(head: bytes, lower: str) -> bool:
    """An e-mail message (.eml) or an mbox: a block of header lines first, at least three of them the
    headers a message has (From, To, Subject, Date …); an mbox starts with its ``From `` line."""
    body = head[head.index(b"\n") + 1:] if head.startswith(b"From ") and b"\n" in head else head
    if not re.match(rb"[A-Za-z][\w-]*: ", body):
        return False
    block = re.split(rb"\r?\n\r?\n", body, maxsplit=1)[0]
    return len(set(m.group().lower() for m in _MAIL_HEADER.finditer(block))) >= 3 or (
        lower.endswith(".eml") and len(_MAIL_HEADER.findall(block)) >= 1)


# the mimetype an ODF file declares (its zip's first member, or a flat file's office:mimetype) → its format
MIMETYPES = {f"application/vnd.oasis.opendocument.{kind}{template}": fmt
             for kind, fmt in (("text", "odt"), ("spreadsheet", "ods"), ("presentation", "odp"), ("graphics", "odg"))
             for template in ("", "-template")}
ODF_EXTENSIONS = {".odt": "odt", ".ott": "odt", ".fodt": "odt", ".ods": "ods", ".ots": "ods", ".fods": "ods",
                  ".odp": "odp", ".otp": "odp", ".fodp": "odp", ".odg": "odg", ".otg": "odg", ".fodg": "odg"}


def odf_kind(head: bytes) -> str | None:
    """The format an ODF file declares in its first bytes: the stored ``mimetype`` member that opens the zip,
    or the ``office:mimetype`` of a flat file's root; None for anything else.

    >>> odf_kind(b'<?xml version="1.0"?><office:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet">')
    'ods'
    """
    if head.startswith(b"PK\x03\x04"):
        first = _local_header(head, 0)
        if first is None or first[0] != "mimetype" or first[2] != 0:          # stored, as the standard wants
            return None
        _, _, _, start, size = first
        return MIMETYPES.get(head[start:start + size].decode("ascii", "replace").strip())
    m = re.search(rb'office:mimetype="([^"]+)"', head[:4096])
    return MIMETYPES.get(m.group(1).decode("ascii", "replace")) if m and b"<office:document" in head[:4096] else None


OLE2_FORMATS = {"xls", "doc", "msg", "ppt", "ole2"}


def ole2_kind(path) -> str:
    """What an OLE2 compound file holds, from its streams: ``doc`` (a WordDocument stream: Word 97-2003, WPS),
    ``xls`` (Workbook or Book: Excel), ``ppt`` (PowerPoint Document: PowerPoint 97-2003), ``msg`` (MAPI
    properties: an Outlook message), else ``ole2`` (Visio …); ``xls`` when the directory cannot be read (the
    Excel reader then names the damage)."""
    import olefile

    from piguard.scan.outlook import holds_message

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
            if ole.exists("PowerPoint Document"):
                return "ppt"
            if holds_message(ole):
                return "msg"
            return "ole2"
    except (OSError, ValueError):
        return "xls"


_OFFICE_ZIPS = (("xl/", (".xlsx", ".xlsm"), "xlsx"), ("word/", (".docx", ".docm"), "docx"),
                ("ppt/", (".pptx", ".pptm", ".ppsx"), "pptx"))


def _office_zip(head: bytes, lower: str) -> str:
    """An Office Open XML file or an OFD document (by the names of its first members, or its own name) or a zip. The names
    are read from the members' headers, not searched for in the bytes: a zip of stored .docx files holds
    ``word/`` in its first bytes too."""
    kind = odf_kind(head)
    if kind:
        return kind                 # OpenDocument: its mimetype member opens the zip
    names = zip_names(head)
    if lower.endswith(tuple(ODF_EXTENSIONS)) and ("content.xml" in names or "mimetype" in names):
        return ODF_EXTENSIONS[lower[lower.rindex("."):]]
    if lower.endswith(".ofd") or "OFD.xml" in names:
        return "ofd"                # GB/T 33190: an e-invoice, an official document
    for folder, suffixes, kind in _OFFICE_ZIPS:
        if lower.endswith(suffixes) or any(n.startswith(folder) for n in names):
            return kind
    return "zip"


def zip_names(head: bytes) -> list[str]:
    """The names of the members whose local headers the first bytes of a zip hold, in order. A member
    written with its sizes after it (a data descriptor) ends where the next header's signature is found.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("[Content_Types].xml", "<Types/>"); z.writestr("ppt/presentation.xml", "<p/>")
    >>> zip_names(buf.getvalue())
    ['[Content_Types].xml', 'ppt/presentation.xml']
    """
    names: list[str] = []
    pos = 0
    while (header := _local_header(head, pos)) is not None:
        name, flags, _, start, size = header
        names.append(name)
        pos = start + size if not (flags & 0x08 and size == 0) else head.find(b"PK\x03\x04", start)
        if pos < 0:
            break
    return names


def _local_header(head: bytes, pos: int) -> tuple[str, int, int, int, int] | None:
    """The zip local header at ``pos`` of ``head``: (member name, flags, method, where its data starts, its
    compressed size), or None when no whole header starts there."""
    if not head.startswith(b"PK\x03\x04", pos) or pos + 30 > len(head):
        return None
    flags, method = struct.unpack_from("<HH", head, pos + 6)
    size, = struct.unpack_from("<I", head, pos + 18)
    name_len, extra_len = struct.unpack_from("<HH", head, pos + 26)
    return (head[pos + 30:pos + 30 + name_len].decode("utf-8", "replace"), flags, method, pos + 30 + name_len + extra_len,
            size)


def _is_tar(head: bytes) -> bool:
    return len(head) > 262 and head[257:262] == b"ustar"


def sniff(head: bytes, name: str = "") -> str:
    """The format of a file from its first bytes (a few KiB) and its name."""
    lower = name.lower()
    for magic, kind in MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                return _office_zip(head, lower)
            if kind == "ole2":          # what an OLE2 file holds is told by its streams (ole2_kind), its name a first guess
                return ("doc" if lower.endswith((".doc", ".dot", ".wps")) else "msg" if lower.endswith(".msg")
                        else "ppt" if lower.endswith((".ppt", ".pps")) else "xls")
            return kind
    if _is_tar(head):
        return "tar"
    if _PG_COPY.search(head):
        return "pg_dump"
    if _MYSQL.search(head):
        return "mysql_dump"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _is_mail(head, lower):
        return "mbox" if head.startswith(b"From ") else "eml"
    if stripped[:11].upper() == b"BEGIN:VCARD":
        return "vcard"              # a phone's contacts
    if stripped[:1] == b"<" and (kind := odf_kind(stripped)):
        return kind                 # a flat OpenDocument file (.fodt, .fods …): one XML document
    if stripped[:1] == b"<" and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "spreadsheetml"      # XML Spreadsheet 2003, often named .xls
    if stripped[:1] == b"<" and _HTML.search(head):
        return "html"               # a web page of tables, also when it is named .xls (many systems' "Excel" export)
    if stripped[:5] == b"<?xml" or lower.endswith(".xml") and stripped[:1] == b"<":
        return "xml"
    if stripped[:1] in (b"{", b"["):
        lines = [ln for ln in stripped.splitlines() if ln.strip()]
        if stripped[:1] == b"{" and len(lines) > 1 and all(ln.strip().startswith(b"{") for ln in lines[:-1][:20]):
            return "jsonl"
        return "json"
    for ext, kind in TEXT_EXTENSIONS.items():
        if lower.endswith(ext):
            return kind
    return "text"
