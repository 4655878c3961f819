"""A synthetic case folder (``piguard synth evidence DIR``): files in every supported format and
encoding, with duplicates, untrue and masked entries, and a manifest of the counts Interp. Art. 11 gives.

The manifest is written from what the generator put in, not from scanning; ``piguard scan`` must reach
it exactly (tested).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import json
import re
import sqlite3
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

from piguard.synth.documents import Generator

SCHEMA = "piguard.synth.evidence/1"
# the time written into every file that records one (zip members, an XLSX's properties, a PDF's creation
# date), so that a seed gives the same bytes on every run: the inputs' SHA-256 in a report are reproducible
WRITTEN = (2024, 3, 1, 9, 30, 0)


_PML = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
_WML = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xml_zip(parts: dict[str, str], stored: dict[str, str] | None = None) -> bytes:
    """A zip of XML ``parts`` (name → XML, without its declaration), in order, deflated, its members dated
    ``WRITTEN``; ``stored``: members written before them as they are, uncompressed (an ODF's mimetype)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (stored or {}).items():
            z.writestr(zipfile.ZipInfo(name, date_time=WRITTEN), data, zipfile.ZIP_STORED)
        for name, xml in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=WRITTEN), '<?xml version="1.0" encoding="UTF-8"?>' + xml,
                       zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ooxml(parts: dict[str, str]) -> bytes:
    """An Office Open XML package (a .docx, a .pptx) of ``parts`` (:func:`xml_zip`)."""
    return xml_zip({"[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
                    **parts})


def odf_package(kind: str, body: str) -> bytes:
    """An OpenDocument file (``kind``: text, spreadsheet, presentation) whose ``office:body`` holds ``body``: its
    mimetype first and stored, as the standard wants, then its content and manifest (members dated ``WRITTEN``)."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    ns = " ".join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{k}:1.0"' for k in ("office", "table", "text"))
    return xml_zip({"content.xml": f'<office:document-content {ns} office:version="1.3"><office:body>{body}</office:body>'
                                   "</office:document-content>",
                    "META-INF/manifest.xml": '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                                             'manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                                             f'manifest:media-type="{mimetype}"/><manifest:file-entry manifest:full-path='
                                             '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>'},
                   stored={"mimetype": mimetype})


def ofd_document(pages: list[list[tuple[str, ...]]]) -> bytes:
    """An OFD document (GB/T 33190) of ``pages``, each a list of lines, each line's pieces (keys and values)
    written as text objects side by side on one baseline, as invoices are."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    parts = {"OFD.xml": f'<ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                        "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
             "Doc_0/Document.xml": f"<ofd:Document {ns}><ofd:Pages>" + "".join(
                 f'<ofd:Page ID="{k + 1}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(pages)))
             + "</ofd:Pages></ofd:Document>"}
    for k, lines in enumerate(pages):
        objects = "".join(f'<ofd:TextObject ID="{10 * n + j}" Boundary="{15 + 30 * j} {20 + 8 * n} 60 5" Font="1" Size="3.5">'
                          f'<ofd:TextCode X="0" Y="3.5">{html.escape(text)}</ofd:TextCode></ofd:TextObject>'
                          for n, line in enumerate(lines) for j, text in enumerate(line))
        parts[f"Doc_0/Pages/Page_{k}/Content.xml"] = (f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="1">{objects}'
                                                      "</ofd:Layer></ofd:Content></ofd:Page>")
    return xml_zip(parts)


def _dml_table(rows: list[tuple]) -> str:
    """A slide's table (DrawingML) of ``rows``, the first its header."""
    cells = "".join("<a:tr>" + "".join(f"<a:tc><a:txBody><a:p><a:r><a:t>{html.escape(v)}</a:t></a:r></a:p></a:txBody></a:tc>"
                                       for v in r) + "</a:tr>" for r in rows)
    return f"<p:graphicFrame><a:graphic><a:graphicData><a:tbl>{cells}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"


def fixed_zip(data: bytes) -> bytes:
    """A zip archive (an XLSX, a DOCX) written again with every member dated ``WRITTEN``, in the same
    order and compression, and the document's modification time (``docProps/core.xml``) ``WRITTEN`` too:
    the writers put in the time of writing."""
    out = io.BytesIO()
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % WRITTEN
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=WRITTEN)
            member.compress_type, member.external_attr = info.compress_type, info.external_attr
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), body)
            dst.writestr(member, body)
    return out.getvalue()


class _Case:
    def __init__(self, seed: int):
        self.g = Generator(seed)
        self.pieces: Counter = Counter()
        self.excluded: Counter = Counter()
        self.records = 0

    def person(self) -> dict[str, str]:
        return self.g.record()

    def rows(self, n: int, make, category: str) -> list[tuple]:
        """``n`` counted rows, then 5% exact duplicates, an untrue row and a masked row (for tables)."""
        out = [make(self.person()) for _ in range(n)]
        self.pieces[category] += n
        dups = out[: max(1, n // 20)]
        out += dups
        self.excluded["duplicate"] += len(dups)
        self.records += len(out)
        return out


def _table_rows(case: _Case, n: int, header: tuple[str, ...], make, category: str, untrue, masked) -> list[tuple]:
    rows = case.rows(n, make, category)
    rows.append(untrue(case.person()))
    rows.append(masked(case.person()))
    case.excluded["invalid"] += 1
    case.excluded["masked"] += 1
    case.records += 2
    return [header] + rows


def seven_zip(entries: dict[str, bytes]) -> bytes:
    """A 7z archive of ``entries`` (LZMA, solid), written by libarchive."""
    import libarchive

    buf = io.BytesIO()
    with libarchive.custom_writer(buf.write, "7zip") as archive:
        for name, data in entries.items():
            archive.add_file_from_memory(name, len(data), data)
    return buf.getvalue()


def stored_rar(entries: dict[str, bytes]) -> bytes:
    """A RAR 4 archive with its members stored (method 0x30), built from the format's blocks, since no free
    tool writes RAR: the marker, the archive header, per member a file header and its data, the end of the
    archive. A block's CRC is the low half of the CRC-32 of the block after it; a name that is not ASCII is
    UTF-8 under the Unicode flag (0x200), a file header always has its data size (0x8000)."""
    import struct
    import zlib

    def block(kind: int, flags: int, body: bytes) -> bytes:
        rest = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
        return struct.pack("<H", zlib.crc32(rest) & 0xFFFF) + rest

    out = b"Rar!\x1a\x07\x00" + block(0x73, 0, bytes(6))
    dos_time = (2024 - 1980) << 25 | 1 << 21 | 1 << 16              # 2024-01-01 00:00
    for name, data in entries.items():
        raw = name.encode("utf-8")
        # packed and unpacked size, host OS (Windows), CRC-32, time, version 2.0, stored, name length, attributes
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), dos_time, 20, 0x30, len(raw), 0x20) + raw
        out += block(0x74, 0x8000 | (0 if name.isascii() else 0x200), body) + data
    return out + block(0x7B, 0x4000, b"")


def compound_file(tree: dict) -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) holding ``tree``: a name maps to bytes (a stream)
    or to a dict (a storage). Streams under 4096 bytes are kept in the mini stream (64-byte sectors, in
    the root entry's stream, chained by the mini FAT), larger ones in the file's sectors, as Office does.
    Siblings are chained through their right pointers, all black: a valid tree, not a balanced one."""
    import struct

    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    entries: list[list] = []            # [name, type, data, child, right, start]

    def add(name: str, node) -> int:
        k = len(entries)
        entries.append([name, 1 if isinstance(node, dict) else 2, b"" if isinstance(node, dict) else node, -1, -1, end])
        if isinstance(node, dict):
            kids = [add(n, v) for n, v in node.items()]
            for x, y in zip(kids, kids[1:]):
                entries[x][4] = y
            entries[k][3] = kids[0] if kids else -1
        return k

    add("Root Entry", tree)
    entries[0][1] = 5
    mini, minifat = b"", []
    for e in entries:
        if e[1] == 2 and 0 < len(e[2]) < 4096:
            n = -(-len(e[2]) // 64)
            e[5] = len(minifat)
            minifat += list(range(len(minifat) + 1, len(minifat) + n)) + [end]
            mini += e[2] + bytes(n * 64 - len(e[2]))
    entries[0][2] = mini                 # the root entry's stream is the mini stream
    minifat_raw = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    minifat_raw += b"\xff" * (-len(minifat_raw) % 512)
    directory_sectors = -(-len(entries) * 128 // 512)
    # what goes into the file's sectors, in order: the directory, the mini FAT, the mini stream, big streams
    blobs = [("dir", directory_sectors * 512), ("minifat", len(minifat_raw))]
    blobs += [(k, len(e[2])) for k, e in enumerate(entries) if k == 0 or (e[1] == 2 and len(e[2]) >= 4096)]
    sectors = sum(-(-n // 512) for _, n in blobs)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("compound_file: too large for the header's FAT list")
    fat = [fat_mark] * fat_sectors
    first = {}
    for key, n in blobs:
        count = -(-n // 512)
        first[key] = len(fat) if count else end
        fat += list(range(len(fat) + 1, len(fat) + count)) + ([end] if count else [])
    fat += [free] * (fat_sectors * 128 - len(fat))
    for k, e in enumerate(entries):
        if k in first:
            e[5] = first[k]
    directory = b""
    for name, kind, data, child, right, start in entries:
        raw = name.encode("utf-16-le")[:62] + b"\x00\x00"
        link = lambda i: free if i < 0 else i
        directory += struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, free, link(right), link(child),
                                 bytes(16), 0, 0, 0, start, len(data))
    directory += bytes(directory_sectors * 512 - len(directory))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
                         bytes(6), 0, fat_sectors, first["dir"], 0, 4096, first["minifat"], len(minifat_raw) // 512, end, 0)
    header += struct.pack("<109I", *(list(range(fat_sectors)) + [free] * (109 - fat_sectors)))
    body = struct.pack(f"<{len(fat)}I", *fat)
    for key, n in blobs:
        data = directory if key == "dir" else minifat_raw if key == "minifat" else entries[key][2]
        body += data + bytes(-len(data) % 512)
    return header + body


def message_tree(sender: tuple[str, str], to: list[tuple[str, str]], subject: str, body: str,
                 attachments: dict | None = None) -> dict:
    """An Outlook message's storages and streams (see :func:`outlook_message`): its MAPI properties as Unicode
    string streams (``__substg1.0_<tag>001F``), a storage per recipient and per attachment. An attachment is
    bytes (a file: data ``37010102``, long file name ``3707001F``), a message tree (a message attached, as
    forwarded mail is: ``3701000D``) or None (an OLE object, which holds no file)."""
    text = lambda s: s.encode("utf-16-le")
    tree: dict = {"__substg1.0_001A001F": text("IPM.Note"), "__substg1.0_0037001F": text(subject),
                  "__substg1.0_1000001F": text(body), "__substg1.0_0C1A001F": text(sender[0]),
                  "__substg1.0_0C1F001F": text(sender[1]), "__substg1.0_0E04001F": text("; ".join(n for n, _ in to)),
                  "__properties_version1.0": bytes(32)}
    for k, (name, mail) in enumerate(to):
        tree[f"__recip_version1.0_#{k:08X}"] = {"__substg1.0_3001001F": text(name), "__substg1.0_39FE001F": text(mail),
                                               "__properties_version1.0": bytes(8)}
    for k, (name, data) in enumerate((attachments or {}).items()):
        part: dict = {"__substg1.0_3707001F": text(name), "__properties_version1.0": bytes(8)}
        if isinstance(data, dict):
            part["__substg1.0_3701000D"] = data
        elif data is not None:
            part["__substg1.0_37010102"] = data
        tree[f"__attach_version1.0_#{k:08X}"] = part
    return tree


def outlook_message(sender: tuple[str, str], to: list[tuple[str, str]], subject: str, body: str,
                    attachments: dict | None = None) -> bytes:
    """An Outlook message (.msg): :func:`message_tree` in a compound file."""
    return compound_file(message_tree(sender, to, subject, body, attachments))


def _clear_earlier(top: Path, root: Path) -> None:
    """Written again into a folder it wrote before, the generator first removes the files its manifest
    lists (a database would otherwise be added to); it never touches a folder it did not write."""
    if not root.exists() or not any(root.iterdir()):
        return
    try:
        earlier = json.loads((top / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = None
    if not isinstance(earlier, dict) or earlier.get("schema") != SCHEMA:
        raise ValueError(f"{root} holds files and {top / 'manifest.json'} is not a manifest of piguard's synthetic "
                         f"evidence: choose an empty folder")
    for name in earlier.get("files", []):
        path = root / name
        if path.parent == root and path.is_file():
            path.unlink()


def write_evidence(folder: str | Path, seed: int = 1, rows: int = 200) -> dict:
    """Write the evidence into ``folder/evidence/`` and the true counts into ``folder/manifest.json``."""
    top = Path(folder)
    root = top / "evidence"
    _clear_earlier(top, root)
    root.mkdir(parents=True, exist_ok=True)
    case = _Case(seed)
    g = case.g
    files: list[str] = []

    # customers: GBK CSV — an ID number makes them other_safety (contested: general)
    cust = _table_rows(case, rows, ("姓名", "手机号", "身份证号"),
                       lambda p: (p["name"], p["mobile"], p["resident_id"]), "other_safety",
                       lambda p: (p["name"], g.masked("mobile"), g.resident_id(valid=False)),
                       lambda p: (g.masked("name"), g.masked("mobile"), g.masked("resident_id")))
    with open(root / "客户信息.csv", "w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(cust)
    files.append("客户信息.csv")

    # hotel stays: XLSX — accommodation
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "入住登记"
    ws.append(["某酒店入住登记表（导出）"])          # a title over the header, as exported sheets have
    ws.merge_cells("A1:D1")
    for r in _table_rows(case, rows, ("姓名", "手机", "入住时间", "房间号"),
                         lambda p: (p["name"], p["mobile"], f"2023-0{1 + len(p['name']) % 9}-1{len(p['mobile']) % 9}",
                                    f"{len(p['address']) % 9 + 1}0{len(p['name'])}"),
                         "accommodation",
                         lambda p: (g.masked("name"), "13800000000", "2023-05-01", "301"),
                         lambda p: (g.masked("name"), g.masked("mobile"), "2023-05-02", "302")):
        ws.append(list(r))
    wb.properties.created = wb.properties.modified = dt.datetime(*WRITTEN)
    book = io.BytesIO()
    wb.save(book)
    (root / "酒店入住.xlsx").write_bytes(fixed_zip(book.getvalue()))
    files.append("酒店入住.xlsx")

    # patients: SQLite — health
    con = sqlite3.connect(root / "clinic.db")
    con.execute("CREATE TABLE patients (姓名 TEXT, 手机 TEXT, 诊断 TEXT)")
    body = _table_rows(case, rows, ("姓名", "手机", "诊断"), lambda p: (p["name"], p["mobile"], "高血压复诊"), "health",
                       lambda p: (g.masked("name"), "13900000000", "感冒"), lambda p: (g.masked("name"), g.masked("mobile"), "感冒"))
    con.executemany("INSERT INTO patients VALUES (?, ?, ?)", body[1:])
    con.commit()
    con.close()
    files.append("clinic.db")

    # call records: MySQL dump — communication_records
    calls = case.rows(rows, lambda p: (p["name"], p["mobile"], "95" + str(len(p["name"])) + "88", "120"),
                      "communication_records")
    with open(root / "calls.sql", "w", encoding="utf-8") as f:
        f.write("CREATE TABLE `calls` (\n  `机主` varchar(20),\n  `主叫` varchar(20),\n  `被叫` varchar(20),\n"
                "  `通话时长` int\n);\n")
        for r in calls:
            vals = ",".join("'" + str(v).replace("'", "''") + "'" for v in r)
            f.write(f"INSERT INTO `calls` VALUES ({vals});\n")
    files.append("calls.sql")

    # a text dump in UTF-16, one person per line — general
    lines = case.rows(rows, lambda p: (f"姓名：{p['name']} 手机：{p['mobile']}",), "general")
    (root / "dump.txt").write_bytes("\n".join(r[0] for r in lines).encode("utf-16"))
    files.append("dump.txt")

    # a GB18030 text export of person cards, one paragraph each (name and address on separate lines
    # identify someone only together, so only a paragraph record counts them) — general
    cards = case.rows(rows, lambda p: (f"客户档案\n姓名：{p['name']}\n住址：{p['address']}",), "general")
    (root / "档案卡片.txt").write_bytes(("\n\n".join(r[0] for r in cards) + "\n").encode("gb18030"))
    files.append("档案卡片.txt")

    # a leaked list in plain text, fields divided by ---- and no header, GB18030 (read as a table) — an ID
    # number makes them other_safety (contested: general)
    leaked = _table_rows(case, rows, (), lambda p: (p["mobile"], p["name"], p["resident_id"]), "other_safety",
                         lambda p: (g.masked("mobile"), p["name"], g.resident_id(valid=False)),
                         lambda p: (g.masked("mobile"), g.masked("name"), g.masked("resident_id")))[1:]
    (root / "社工库导出.txt").write_bytes("".join("----".join(r) + "\n" for r in leaked).encode("gb18030"))
    files.append("社工库导出.txt")

    # newsletter subscribers: Parquet — general (an e-mail address with a name)
    import pyarrow as pa
    import pyarrow.parquet as pq
    subs = case.rows(rows, lambda p: (p["name"], p["email"]), "general")
    pq.write_table(pa.table({"姓名": [r[0] for r in subs], "邮箱": [r[1] for r in subs]}), root / "subscribers.parquet")
    files.append("subscribers.parquet")

    # bank accounts: TSV in UTF-8 with a BOM — property (contested: other_safety)
    accounts = _table_rows(case, rows, ("户名", "银行卡号", "开户行"), lambda p: (p["name"], p["bank_card"], "工商银行"),
                           "property", lambda p: (p["name"], g.bank_card(valid=False), "建设银行"),
                           lambda p: (g.masked("name"), g.masked("bank_card"), "农业银行"))
    with open(root / "银行账户.tsv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter="\t").writerows(accounts)
    files.append("银行账户.tsv")

    # members of an old system: legacy XLS — general (name with a mobile)
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("会员")
    members = _table_rows(case, rows, ("会员姓名", "手机号码"), lambda p: (p["name"], p["mobile"]), "general",
                          lambda p: (p["name"], "13800000000"), lambda p: (g.masked("name"), g.masked("mobile")))
    for r, values in enumerate(members):
        for c, v in enumerate(values):
            sheet.write(r, c, v)
    book.save(str(root / "旧系统会员.xls"))
    files.append("旧系统会员.xls")

    # vehicle owners: an "Excel" export that is a web page (a .xls of HTML, GBK), a title over the header — property
    # (contested: general); a plate identifies alone, so the untrue and the masked row have it masked
    owners = _table_rows(case, rows, ("车主", "联系电话", "车牌号"), lambda p: (p["name"], p["mobile"], g.plate()), "property",
                         lambda p: (p["name"], "13800000000", g.masked("plate")),
                         lambda p: (g.masked("name"), g.masked("mobile"), g.masked("plate")))
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            '<table border="1"><tr><td colspan="3">车辆登记信息导出</td></tr>'
            + "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>" for r in owners)
            + "</table></body></html>")
    (root / "车辆登记.xls").write_bytes(page.encode("gbk"))
    files.append("车辆登记.xls")

    # staff: XML Spreadsheet 2003 (a .xls of XML, as older systems write it) — other_safety (contested: general)
    staff = _table_rows(case, rows, ("员工姓名", "手机号", "身份证号"), lambda p: (p["name"], p["mobile"], p["resident_id"]),
                        "other_safety", lambda p: (p["name"], g.masked("mobile"), g.resident_id(valid=False)),
                        lambda p: (g.masked("name"), g.masked("mobile"), g.masked("resident_id")))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           '<Worksheet ss:Name="员工"><Table>'
           + "".join("<Row>" + "".join(f'<Cell><Data ss:Type="String">{html.escape(v)}</Data></Cell>' for v in r) + "</Row>"
                     for r in staff)
           + "</Table></Worksheet></Workbook>\n")
    (root / "员工名单.xls").write_text(xml, encoding="utf-8")
    files.append("员工名单.xls")

    # a phone's contacts: vCard 3.0 — general (a name with a mobile); the placeholder number is untrue, a
    # masked card masked
    contacts = _table_rows(case, rows, (), lambda p: (p["name"], p["mobile"]), "general",
                           lambda p: (p["name"], "13800000000"), lambda p: (g.masked("name"), g.masked("mobile")))[1:]
    (root / "通讯录.vcf").write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\nTEL;TYPE=CELL:{m}\r\nEND:VCARD\r\n"
                                             for n, m in contacts), encoding="utf-8")
    files.append("通讯录.vcf")

    # a list printed to PDF, a person a line — other_safety (contested: general); a second page that is a
    # scan (no text) is noted, not counted
    from fpdf import FPDF

    from piguard.fonts import collection, sc_index
    printed = _table_rows(case, rows, (), lambda p: (p["name"], p["mobile"], p["resident_id"]), "other_safety",
                          lambda p: (p["name"], g.masked("mobile"), g.resident_id(valid=False)),
                          lambda p: (g.masked("name"), g.masked("mobile"), g.masked("resident_id")))[1:]
    doc = FPDF()
    doc.set_creation_date(dt.datetime(*WRITTEN, tzinfo=dt.timezone.utc))
    doc.add_font("cjk", fname=str(collection()), collection_font_number=sc_index())
    doc.set_font("cjk", size=9)
    doc.add_page()
    for r in printed:
        doc.cell(0, 5, "  ".join(r), new_x="LMARGIN", new_y="NEXT")
    doc.add_page()
    doc.output(str(root / "打印名单.pdf"))
    files.append("打印名单.pdf")

    # a sale by e-mail with the list attached as a GBK CSV — general; the message is a record too, and its
    # addresses identify who sent and who received it (one piece, general)
    from email.message import EmailMessage
    sold = _table_rows(case, rows, ("姓名", "手机号"), lambda p: (p["name"], p["mobile"]), "general",
                       lambda p: (p["name"], "13800000000"), lambda p: (g.masked("name"), g.masked("mobile")))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "seller@example.com", "buyer@example.net", "资料"
    msg["Date"] = "Mon, 01 Jan 2024 10:00:00 +0800"
    msg.set_content("你要的资料在附件里，收到后付尾款。")
    buf = io.StringIO()
    csv.writer(buf).writerows(sold)
    msg.add_attachment(buf.getvalue().encode("gbk"), maintype="text", subtype="csv", filename="资料.csv")
    msg.set_boundary(f"piguard-synth-{seed}")         # (the library draws one at random)
    (root / "交易邮件.eml").write_bytes(msg.as_bytes())
    case.pieces["general"] += 1
    case.records += 1
    files.append("交易邮件.eml")

    # the same kind of sale from Outlook (.msg), the list attached as a CSV — general; the message is a record
    outlook_rows = _table_rows(case, rows, ("姓名", "手机号"), lambda p: (p["name"], p["mobile"]), "general",
                               lambda p: (p["name"], "13800000000"), lambda p: (g.masked("name"), g.masked("mobile")))
    buf = io.StringIO()
    csv.writer(buf).writerows(outlook_rows)
    (root / "外发邮件.msg").write_bytes(outlook_message(("销售部", "sales@example.org"), [("采购方", "agent@example.com")],
                                                        "客户名单", "名单见附件，按约定付款。",
                                                        {"名单.csv": buf.getvalue().encode("gbk")}))
    case.pieces["general"] += 1
    case.records += 1
    files.append("外发邮件.msg")

    # parcels: PostgreSQL dump (COPY) — transaction
    parcels = case.rows(rows, lambda p: (f"SF{len(p['name'])}{p['mobile'][-8:]}", p["name"], p["mobile"], "奶粉"), "transaction")
    with open(root / "快递.sql", "w", encoding="utf-8") as f:
        f.write("CREATE TABLE public.parcels (\n    运单号 text,\n    收件人 text,\n    电话 text,\n    商品 text\n);\n\n"
                "COPY public.parcels (运单号, 收件人, 电话, 商品) FROM stdin;\n")
        f.writelines("\t".join(r) + "\n" for r in parcels)
        f.write("\\.\n")
    files.append("快递.sql")

    # chat export: JSON array, xz-compressed — general (a name with a mobile in each message)
    import lzma
    chats = case.rows(rows, lambda p: {"发送人": "客服", "内容": f"客户{p['name']}的手机是{p['mobile']}，请回访"}, "general")
    (root / "聊天记录.json.xz").write_bytes(lzma.compress(json.dumps(chats, ensure_ascii=False).encode("utf-8")))
    files.append("聊天记录.json.xz")

    # orders in JSON Lines, inside a tar.gz inside a zip — transaction
    orders = case.rows(rows, lambda p: {"订单号": f"2024{len(p['mobile'])}{p['mobile'][-6:]}", "收货人": p["name"],
                                        "电话": p["mobile"], "商品": "奶粉"}, "transaction")
    jsonl = "\n".join(json.dumps(o, ensure_ascii=False) for o in orders).encode("utf-8")
    tar_buf = io.BytesIO()
    with tarfile.open(fileobj=tar_buf, mode="w") as tf:
        info = tarfile.TarInfo("export/orders.jsonl")
        info.size = len(jsonl)
        tf.addfile(info, io.BytesIO(jsonl))
    with zipfile.ZipFile(root / "网店导出.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("backup/orders.tar.gz", date_time=WRITTEN),
                    gzip.compress(tar_buf.getvalue(), mtime=0), zipfile.ZIP_DEFLATED)
    files.append("网店导出.zip")

    # location tracks, a CSV inside a 7z — whereabouts (a name and mobile with a position and its time); the
    # untrue and masked rows have no position (with one, a name tied to a place at a time would still count)
    when = lambda: f"2024-03-{g.rng.randint(1, 28):02d} {g.rng.randint(0, 23):02d}:{g.rng.randint(0, 59):02d}:00"
    tracks = _table_rows(case, rows, ("姓名", "手机号", "经纬度", "定位时间"), lambda p: (p["name"], p["mobile"], g.gps(), when()),
                         "whereabouts", lambda p: (p["name"], "13800000000", "", when()),
                         lambda p: (g.masked("name"), g.masked("mobile"), "", when()))
    buf = io.StringIO()
    csv.writer(buf).writerows(tracks)
    (root / "定位轨迹.7z").write_bytes(seven_zip({"轨迹/定位.csv": buf.getvalue().encode("utf-8")}))
    files.append("定位轨迹.7z")

    # an old backup as RAR (stored), a ---- dump inside — general (a name with a mobile and an address)
    backup = _table_rows(case, rows, (), lambda p: (p["name"], p["mobile"], p["address"]), "general",
                         lambda p: (p["name"], "13800000000", "某地"), lambda p: (g.masked("name"), g.masked("mobile"), "某地"))[1:]
    (root / "旧备份.rar").write_bytes(stored_rar({"backup/客户.txt": "".join("----".join(r) + "\n" for r in backup).encode("gb18030")}))
    files.append("旧备份.rar")

    # a sales deck: a slide with a table of customers and speaker notes naming one more — general
    deck = _table_rows(case, rows, ("客户姓名", "手机号"), lambda p: (p["name"], p["mobile"]), "general",
                       lambda p: (p["name"], "13800000000"), lambda p: (g.masked("name"), g.masked("mobile")))
    noted = case.person()
    remark = html.escape("下周回访" + noted["name"] + "，电话" + noted["mobile"])
    case.pieces["general"] += 1
    case.records += 1
    (root / "工作汇报.pptx").write_bytes(ooxml({
        "ppt/presentation.xml": f"<p:presentation {_PML}/>",
        "ppt/slides/slide1.xml": f"<p:sld {_PML}><p:cSld><p:spTree>{_dml_table(deck)}</p:spTree></p:cSld></p:sld>",
        "ppt/notesSlides/notesSlide1.xml": (f"<p:notes {_PML}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>"
                                            f"{remark}</a:t></a:r></a:p>"
                                            "</p:txBody></p:sp></p:spTree></p:cSld></p:notes>")}))
    files.append("工作汇报.pptx")

    # a written statement: a paragraph a line, a person in each, and a table of the people it names — general
    said = case.rows(rows, lambda p: f"经查，{p['name']}（手机号码{p['mobile']}）系本案知情人。", "general")
    named = _table_rows(case, rows, ("姓名", "联系电话"), lambda p: (p["name"], p["mobile"]), "general",
                        lambda p: (p["name"], "13800000000"), lambda p: (g.masked("name"), g.masked("mobile")))
    body = "".join(f"<w:p><w:r><w:t>{html.escape(t)}</w:t></w:r></w:p>" for t in said)
    body += "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{html.escape(v)}</w:t></w:r></w:p></w:tc>" for v in r)
                                + "</w:tr>" for r in named) + "</w:tbl>"
    (root / "情况说明.docx").write_bytes(ooxml({"word/document.xml": f"<w:document {_WML}><w:body>{body}</w:body></w:document>"}))
    files.append("情况说明.docx")

    # electronic invoices: an OFD of a page per invoice, the buyer's name and phone on one line, as two text
    # objects side by side (key and value) — transaction
    invoices = case.rows(max(2, rows // 20), lambda p: (p["name"], p["mobile"]), "transaction")
    (root / "电子发票.ofd").write_bytes(ofd_document([[("购买方：", buyer, "电话：", phone)] for buyer, phone in invoices]))
    files.append("电子发票.ofd")

    # a members' list kept in LibreOffice or WPS: an OpenDocument spreadsheet, the ID numbers as text — other_safety
    # (contested: general)
    members = _table_rows(case, rows, ("会员姓名", "手机号", "身份证号"), lambda p: (p["name"], p["mobile"], p["resident_id"]),
                          "other_safety",
                          lambda p: (p["name"], "13800000000", g.resident_id(valid=False)),
                          lambda p: (g.masked("name"), g.masked("mobile"), g.masked("resident_id")))
    cells = "".join("<table:table-row>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{html.escape(v)}</text:p>'
                                                  "</table:table-cell>" for v in r) + "</table:table-row>" for r in members)
    (root / "会员名单.ods").write_bytes(odf_package("spreadsheet", f'<office:spreadsheet><table:table table:name="会员">{cells}'
                                                                   "</table:table></office:spreadsheet>"))
    files.append("会员名单.ods")

    manifest = {"schema": SCHEMA, "seed": seed, "rows_per_file": rows, "files": files, "records": case.records,
                "pieces": dict(sorted(case.pieces.items())), "pieces_total": sum(case.pieces.values()),
                "excluded": dict(sorted(case.excluded.items())),
                "note": "synthetic data generated by piguard; no real person"}
    (top / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest
