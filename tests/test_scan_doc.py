"""Word 97-2003 documents (.doc): the text through the piece table, tables from the paragraphs' properties,
and OLE2 files told apart by their streams (tests/data/名单.doc: synthetic people, made by
tests/data/make_doc_fixtures.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from piguard.count.run import scan
from piguard.scan.formats import ole2_kind, sniff
from piguard.scan.msword import parse
from piguard.scan.readers import ReadError
from piguard.scan.records import Source

DATA = Path(__file__).parent / "data"
DOC = DATA / "名单.doc"
PEOPLE = json.loads((DATA / "名单.json").read_text(encoding="utf-8"))


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def test_text_and_table_of_a_doc():
    lines, tables, rest = parse(DOC, Source("名单.doc", "doc"))
    assert lines[0] == "关于客户资料的情况说明"
    assert PEOPLE[4]["name"] in lines[1] and _digits(PEOPLE[4]["mobile"]) in _digits(lines[1])
    assert lines[-1] == f"另：{PEOPLE[5]['name']}，身份证号{PEOPLE[5]['resident_id']}，住{PEOPLE[5]['address']}。"
    (rows,) = tables
    assert rows[0] == ["姓名", "手机号", "身份证号", "地址"] and len(rows) == 5
    for i, (row, p) in enumerate(zip(rows[1:], PEOPLE)):
        assert row[0] == p["name"] and _digits(row[1]) == _digits(p["mobile"])
        assert row[2] == (None if i == 2 else p["resident_id"])                  # the third ID cell is empty
        assert row[3] == f"{p['address']} （备注：第{i + 1}位）"                # a cell of two paragraphs
    assert not any(line.strip() for line in rest)


def test_a_doc_is_scanned_and_counted(tmp_path):
    ev = tmp_path / "ev.csv"
    with open(ev, "w", encoding="utf-8", newline="") as out:
        r = scan([str(DOC)], evidence=out)
    (report,) = r["inputs"]
    assert report["format"] == "doc" and not report["errors"] and len(report["sha256"]) == 64
    assert r["pieces_total"] == 6 and r["persons"] == 6
    text = ev.read_text(encoding="utf-8")
    assert "名单.doc#table1,row 5,counted" in text and "名单.doc#document,line 2,counted" in text
    assert PEOPLE[0]["resident_id"] not in text and PEOPLE[0]["mobile"] not in text


def test_ole2_files_are_told_by_their_streams(tmp_path):
    renamed = tmp_path / "export.xls"                   # a Word document named as a spreadsheet
    renamed.write_bytes(DOC.read_bytes())
    assert sniff(DOC.read_bytes()[:8192], "export.xls") == "xls" and ole2_kind(renamed) == "doc"
    assert scan([str(renamed)])["pieces_total"] == 6
    with zipfile.ZipFile(tmp_path / "case.zip", "w") as zf:
        zf.write(DOC, "材料/名单.dat")
    r = scan([str(tmp_path / "case.zip")])
    member = next(i for i in r["inputs"] if i["path"].endswith("名单.dat"))
    assert member["format"] == "doc" and member["records"] == 8 and r["pieces_total"] == 6


def test_encrypted_damaged_and_other_ole2_files_are_errors_naming_them(tmp_path):
    raw = DOC.read_bytes()
    fib = raw.index(b"\xec\xa5")                        # the WordDocument stream begins with its FIB
    locked = bytearray(raw)
    locked[fib + 0x0B] |= 0x01                          # fEncrypted
    (tmp_path / "locked.doc").write_bytes(bytes(locked))
    with pytest.raises(ReadError, match="locked.doc: encrypted Word document"):
        parse(tmp_path / "locked.doc", Source("locked.doc", "doc"))
    (tmp_path / "cut.doc").write_bytes(raw[:3000])
    with pytest.raises(ReadError, match="cut.doc"):
        parse(tmp_path / "cut.doc", Source("cut.doc", "doc"))
    other = raw.replace("WordDocument".encode("utf-16-le"), "XordDocument".encode("utf-16-le"))
    (tmp_path / "slides.ppt").write_bytes(other)
    r = scan([str(tmp_path)])
    by = {Path(i["path"]).name: i for i in r["inputs"]}
    assert "encrypted" in by["locked.doc"]["errors"][0] and by["cut.doc"]["errors"]
    assert by["slides.ppt"]["format"] == "ole2" and "neither a Word, Excel or PowerPoint document" in by["slides.ppt"]["errors"][0]
    assert r["partial"] and r["pieces_total"] == 0


def test_msword_doctests():
    import doctest

    from piguard.scan import msword
    assert doctest.testmod(msword).failed == 0
