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
