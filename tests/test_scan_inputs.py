"""Inputs: discovery, hashes of files and archive members, dispatch, errors that never stop the scan."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import zipfile

from piguard.scan.inputs import InputReport, read_inputs
from piguard.scan.records import Batch

CSV = "姓名,手机号\n张伟,13812345678\n李娜,13912345678\n".encode("gbk")
TXT = "姓名：王芳 电话：13712345678\n".encode("utf-8")


def run(*paths):
    out = list(read_inputs(paths))
    reports = {r.path: r for r in out if isinstance(r, InputReport)}
    batches = [b for b in out if isinstance(b, Batch)]
    return reports, batches


def test_folder_with_every_kind(tmp_path):
    (tmp_path / "a.csv").write_bytes(CSV)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "dump.txt").write_bytes(TXT)
    con = sqlite3.connect(tmp_path / "sub" / "x.db")
    con.execute("CREATE TABLE t (phone TEXT)")
    con.execute("INSERT INTO t VALUES ('13612345678')")
    con.commit()
    con.close()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("inner.csv", CSV)
        zf.writestr("inner.db", (tmp_path / "sub" / "x.db").read_bytes())
    (tmp_path / "case.zip").write_bytes(buf.getvalue())
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    reports, batches = run(tmp_path)
    r = reports[str(tmp_path / "a.csv")]
    assert (r.format, r.encoding, r.records, r.bytes) == ("csv", "gb18030", 2, len(CSV))
    assert r.sha256 == hashlib.sha256(CSV).hexdigest() and r.ok
    member = reports[f"{tmp_path / 'case.zip'}!inner.csv"]
    assert member.sha256 == hashlib.sha256(CSV).hexdigest() and member.records == 2
    assert reports[f"{tmp_path / 'case.zip'}!inner.db"].records == 1
    assert reports[str(tmp_path / "case.zip")].sha256 == hashlib.sha256(buf.getvalue()).hexdigest()
    assert reports[str(tmp_path / "sub" / "dump.txt")].records == 1
    assert not reports[str(tmp_path / "old.xls")].ok and "XLS" in reports[str(tmp_path / "old.xls")].errors[0]    # damaged
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before    # evidence untouched


def test_bad_inputs_are_reported_and_the_scan_goes_on(tmp_path):
    (tmp_path / "bad.jsonl").write_bytes(b'{"a": 1}\n{oops\n')
    (tmp_path / "good.csv").write_bytes(CSV)
    reports, batches = run(tmp_path, tmp_path / "missing")
    assert "line 2: not JSON" in reports[str(tmp_path / "bad.jsonl")].errors[0]
    assert reports[str(tmp_path / "missing")].errors == ["no such file or directory"]
    assert reports[str(tmp_path / "good.csv")].records == 2
    assert any(b.source.path.endswith("good.csv") for b in batches)


def test_order_is_deterministic(tmp_path):
    for name in ("b.csv", "a.csv", "c.txt"):
        (tmp_path / name).write_bytes(CSV if name.endswith("csv") else TXT)
    order = [r.path for r in run(tmp_path)[0].values()]
    assert order == sorted(order)


def _damaged_member(parts: dict[str, bytes], member: str) -> bytes:
    """A zip of ``parts`` whose ``member``'s compressed bytes are damaged in their middle (headers intact)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 2, start + info.compress_size - 2, 7):
        data[k] ^= 0x5A
    return bytes(data)


def test_damaged_compressed_documents_are_errors_naming_them_and_the_scan_goes_on(tmp_path):
    """A damaged deflate stream (zlib.error) or CRC (BadZipFile) inside a .docx, an .ods or a zip used to end
    the scan with a traceback; it is the input's error now, and the other inputs are read."""
    body = "".join(f"<w:p><w:r><w:t>客户{i}，电话1391234{i:04d}</w:t></w:r></w:p>" for i in range(200))
    docx = {"[Content_Types].xml": b"<Types/>", "word/document.xml": (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"{body}</w:body></w:document>").encode()}
    (tmp_path / "a.docx").write_bytes(_damaged_member(docx, "word/document.xml"))
    (tmp_path / "b.zip").write_bytes(_damaged_member({"名单.csv": CSV * 200}, "名单.csv"))
    (tmp_path / "c.csv").write_bytes(CSV)
    reports, batches = run(str(tmp_path))
    assert reports[str(tmp_path / "a.docx")].errors[0].startswith(f"{tmp_path / 'a.docx'}: word/document.xml cannot be read")
    assert reports[str(tmp_path / "b.zip")].errors[0].startswith(f"{tmp_path / 'b.zip'}: corrupt or unreadable zip archive (")
    assert reports[str(tmp_path / "c.csv")].errors == [] and any(b.source.path.endswith("c.csv") for b in batches)


def test_a_reader_failing_in_a_way_it_does_not_name_fails_its_input_only(tmp_path, monkeypatch):
    """A library choking on a damaged file (xlrd's IndexError, pyarrow's ArrowInvalid …) is the input's error,
    said with the file, the format and the failure; the scan reads on."""
    import lzma

    from piguard.scan import inputs

    def choking(path, source, batch=0):
        yield from ()
        raise IndexError("list index out of range")

    monkeypatch.setitem(inputs.FILE_READERS, "parquet", choking)
    (tmp_path / "a.parquet").write_bytes(b"PAR1" + b"\x00" * 64)
    records = ",".join(f'{{"订单": "{i:08d}", "手机": "1391234{i % 10000:04d}"}}' for i in range(20000))
    (tmp_path / "b.json.xz").write_bytes(lzma.compress(f"[{records}]".encode())[:-64])      # cut short after its start
    (tmp_path / "c.csv").write_bytes(CSV)
    reports, batches = run(str(tmp_path))
    (error,) = reports[str(tmp_path / "a.parquet")].errors
    assert error == f"{tmp_path / 'a.parquet'}: cannot be read as parquet, damaged or not what it seems (IndexError: list index out of range)"
    cut = [e for p, r in reports.items() if "b.json.xz" in p for e in r.errors]
    assert cut == [f"{tmp_path / 'b.json.xz'}!b.json: cannot be read as json, damaged or not what it seems (EOFError: Compressed "
                   "file ended before the end-of-stream marker was reached)"]
    assert any(b.source.path.endswith("c.csv") for b in batches)


def test_a_dump_of_two_encodings_and_a_damaged_byte_is_read_whole_and_said_so(tmp_path):
    """A GBK dump with lines of UTF-8 in it (two files concatenated) and a damaged byte: every line is read, the
    UTF-8 ones as UTF-8, also one that GB18030 would read as nonsense (刘伟 → 鍒樹紵), the damaged one with U+FFFD
    (its phone number intact), and the input's report says which lines."""
    from piguard.count.run import scan
    lines = [f"客户{i}，电话1391{i:07d}".encode("gbk") for i in range(3000)]
    lines[99] = "客户王五，电话13712345678".encode("utf-8")              # not GB18030: found in the detection sample
    lines[1999] = "刘伟 19581697853".encode("utf-8")                    # valid GB18030 as well
    lines[2499] = b"\xff\xfe 13612345678"                               # no encoding reads it
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\n".join(lines) + b"\n")
    r = scan([str(path)], evidence=(out := io.StringIO()))
    report = r["inputs"][0]
    assert report["encoding"] == "gb18030" and report["errors"] == [] and report["records"] == 3000
    assert ("not all gb18030: 2 line(s) read as utf-8 (lines 100, 2,000); 1 line(s) with bytes no encoding reads, read with "
            "U+FFFD in their place (line 2,500)") in report["warnings"][-1]
    rows = {row.split(",")[1]: row for row in out.getvalue().splitlines()[1:]}
    assert "刘*" in rows["line 2000"] and "137****5678" in rows["line 100"] and "136****5678" in rows["line 2500"]
    assert r["pieces_total"] == 3000


def test_a_library_quoting_a_value_it_choked_on_is_masked_in_the_report(tmp_path, monkeypatch):
    import doctest

    from piguard.scan import inputs
    assert doctest.testmod(inputs).failed == 0

    def choking(path, source, batch=0):
        yield from ()
        raise ValueError("invalid literal for int() with base 10: '110101199003071234', near 8765432")

    monkeypatch.setitem(inputs.FILE_READERS, "parquet", choking)
    (tmp_path / "a.parquet").write_bytes(b"PAR1" + b"\x00" * 64)
    reports, _ = run(str(tmp_path))
    (error,) = reports[str(tmp_path / "a.parquet")].errors
    assert "110*" + "*" * 10 + "1234" in error and "87***32" in error
    assert "110101199003071234" not in error and "8765432" not in error
