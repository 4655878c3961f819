"""PowerPoint presentations: .pptx slides, tables and notes; .ppt text atoms (fixtures written by LibreOffice,
tests/data/make_slide_fixtures.py; synthetic people)."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from piguard.count.run import scan
from piguard.scan.formats import sniff
from piguard.scan.readers import ReadError
from piguard.scan.records import Source
from piguard.scan.slides import PPT_NOTE, ppt_text, read_ppt, read_pptx
from piguard.synth.evidence import compound_file

DATA = Path(__file__).parent / "data"
PEOPLE = json.loads((DATA / "名单-slides.json").read_text(encoding="utf-8"))


def _by_part(batches) -> dict:
    out: dict = {}
    for b in batches:
        out.setdefault(b.source.path, []).append(b)
    return out


def test_pptx_slides_tables_and_notes():
    by = _by_part(read_pptx(DATA / "名单.pptx", Source("名单.pptx", "pptx")))
    assert list(by) == ["名单.pptx#slide1", "名单.pptx#slide2-table1", "名单.pptx#notes2"]
    (tbl,) = by["名单.pptx#slide2-table1"]
    assert tbl.columns == ("姓名", "手机号", "身份证号")
    assert tbl.table_rows() == [(p["name"], p["mobile"], p["resident_id"]) for p in PEOPLE[1:5]]
    lead, noted = PEOPLE[0], PEOPLE[5]
    assert [t for b in by["名单.pptx#slide1"] for t in b.texts] == ["客户资料汇总", f"经办人{lead['name']}，联系电话{lead['mobile']}"]
    assert [t for b in by["名单.pptx#notes2"] for t in b.texts] == [f"备注：核实{noted['name']}，身份证号{noted['resident_id']}"]


def test_a_scan_counts_a_presentation_and_says_how_a_ppt_was_read(tmp_path):
    (tmp_path / "名单.pptx").write_bytes((DATA / "名单.pptx").read_bytes())
    r = scan([str(tmp_path / "名单.pptx")])
    assert r["inputs"][0]["format"] == "pptx" and r["inputs"][0]["errors"] == []
    assert r["pieces_total"] == 6                      # the contact, four rows, the person in the notes
    (tmp_path / "old.ppt").write_bytes((DATA / "名单.ppt").read_bytes())
    r = scan([str(tmp_path / "old.ppt")])
    report = r["inputs"][0]
    assert report["format"] == "ppt" and report["errors"] == [] and PPT_NOTE in report["warnings"]
    found = {f.split("/")[0] for f in r["types"]}
    assert {"mobile", "resident_id"} <= found and r["pieces_total"] == 6       # as the .pptx: a row is one record


def test_ppt_text_atoms_in_stream_order_and_a_table_as_a_sheet():
    by = _by_part(read_ppt(DATA / "名单.ppt", Source("名单.ppt", "ppt")))
    assert list(by) == ["名单.ppt#text", "名单.ppt#table1"]
    lines = [t for b in by["名单.ppt#text"] for t in b.texts]
    assert f"经办人{PEOPLE[0]['name']}，联系电话{PEOPLE[0]['mobile']}" in lines
    assert f"备注：核实{PEOPLE[5]['name']}，身份证号{PEOPLE[5]['resident_id']}" in lines
    assert not any(p["mobile"] in line for p in PEOPLE[1:5] for line in lines)      # the table's cells are not lines
    (table,) = by["名单.ppt#table1"]                  # a group of cell shapes marked as a table, put back in rows
    assert table.columns == ("姓名", "手机号", "身份证号")
    assert table.table_rows() == [(p["name"], p["mobile"], p["resident_id"]) for p in PEOPLE[1:5]]


def _record(kind: int, body: bytes, container: bool = False) -> bytes:
    return struct.pack("<HHI", 0x000F if container else 0, kind, len(body)) + body


def test_ppt_records_by_hand_8_bit_and_utf16_damaged_and_encrypted(tmp_path):
    text = _record(0x0FA0, "客户李娜\r手机\x0b13912345678".encode("utf-16-le"))
    latin = _record(0x0FA8, b"Tel 13812345678")
    stream = _record(0x03E8, _record(0x0FF0, text + latin, container=True), container=True)
    assert ppt_text(stream, "x.ppt") == (["客户李娜", "手机 13912345678", "Tel 13812345678"], [])
    (tmp_path / "hand.dat").write_bytes(compound_file({"PowerPoint Document": stream, "Current User": b"\x00" * 20}))
    r = scan([str(tmp_path / "hand.dat")])
    assert r["inputs"][0]["format"] == "ppt" and r["pieces_total"] == 2       # told by its streams, not its name
    with pytest.raises(ReadError, match="x.ppt: a record at byte 0 runs past"):
        ppt_text(stream[:40], "x.ppt")
    (tmp_path / "locked.ppt").write_bytes(compound_file({"PowerPoint Document": stream, "EncryptedSummary": b"\x00" * 8}))
    with pytest.raises(ReadError, match="locked.ppt: an encrypted PowerPoint presentation"):
        list(read_ppt(tmp_path / "locked.ppt", Source("locked.ppt", "ppt")))


def test_a_pptx_is_sniffed_inside_an_archive_and_a_broken_one_names_itself(tmp_path):
    data = (DATA / "名单.pptx").read_bytes()
    assert sniff(data[:8192], "export.dat") == "pptx" and sniff(data[:8192], "名单.pptx") == "pptx"
    with zipfile.ZipFile(tmp_path / "case.zip", "w") as z:
        z.writestr("slides/汇报.pptx", data)
    r = scan([str(tmp_path / "case.zip")])
    inner = [i for i in r["inputs"] if i["path"].endswith("汇报.pptx")]
    assert inner and inner[0]["format"] == "pptx" and r["pieces_total"] == 6
    (tmp_path / "bad.pptx").write_bytes(data[:5000])
    r = scan([str(tmp_path / "bad.pptx")])
    assert r["partial"] and "bad.pptx" in r["inputs"][0]["errors"][0]
    with zipfile.ZipFile(tmp_path / "other.pptx", "w") as z:
        z.writestr("ppt/slides/slide1.xml", "<x/>")
    with pytest.raises(ReadError, match="no PowerPoint presentation"):
        list(read_pptx(tmp_path / "other.pptx", Source("other.pptx", "pptx")))


def test_a_slide_table_with_merged_cells_keeps_its_columns(tmp_path):
    from piguard.synth.evidence import _PML, ooxml

    def tc(text: str, attrs: str = "") -> str:
        return f"<a:tc {attrs}><a:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></a:txBody></a:tc>"

    rows = ("<a:tr>" + tc("客户名单", 'gridSpan="3"') + tc("", 'hMerge="1"') + tc("", 'hMerge="1"') + "</a:tr>"
            "<a:tr>" + tc("姓名") + tc("手机") + tc("备注") + "</a:tr>"
            "<a:tr>" + tc("李娜", 'rowSpan="2"') + tc("13912345678") + tc("老客户") + "</a:tr>"
            "<a:tr>" + tc("", 'vMerge="1"') + tc("13812345678") + tc("") + "</a:tr>")
    slide = f"<p:sld {_PML}><p:cSld><p:spTree><a:tbl>{rows}</a:tbl></p:spTree></p:cSld></p:sld>"
    (tmp_path / "m.pptx").write_bytes(ooxml({"ppt/presentation.xml": f"<p:presentation {_PML}/>", "ppt/slides/slide1.xml": slide}))
    (tbl,) = read_pptx(tmp_path / "m.pptx", Source("m.pptx", "pptx"))
    assert tbl.columns == ("姓名", "手机", "备注") and tbl.table_rows() == [("李娜", "13912345678", "老客户"),
                                                                          (None, "13812345678", None)]


def test_a_ppt_table_is_told_by_its_flag_and_placed_by_its_cells_corners():
    """A group of shapes is a table only when its own shape says so (tableProperties, fIsTable); its cells go
    into rows and columns by their top-left corners, a cell merged over two columns leaving the second empty.
    A group without the flag (shapes grouped on a slide) is read as lines."""
    def shape(anchor: tuple[int, int, int, int] | None, text: str | None = None, props: bytes = b"") -> bytes:
        body = _record(0xF00A, struct.pack("<II", 1, 0))
        if props:
            body += struct.pack("<HHI", 0x0003 | (1 << 4), 0xF122, len(props)) + props     # one property
        if anchor:
            body += _record(0xF00F, struct.pack("<iiii", *anchor))
        if text is not None:
            body += _record(0xF00D, _record(0x0FA0, text.encode("utf-16-le")), container=True)
        return _record(0xF004, body, container=True)

    def group(cells: list, table: bool) -> bytes:
        own = shape(None, props=struct.pack("<HI", 0x039F, 1) if table else struct.pack("<HI", 0x0100, 0))
        return _record(0xF003, own + b"".join(shape(*c) for c in cells), container=True)

    cells = [((0, 0, 100, 50), "姓名"), ((100, 0, 200, 50), "手机号"), ((200, 0, 300, 50), "备注"),
             ((0, 50, 100, 100), "李娜"), ((100, 50, 300, 100), "13912345678（两列合并）"),
             ((0, 100, 100, 150), "王伟"), ((101, 102, 200, 150), "13812345678"), ((200, 100, 300, 150), None)]
    slide = _record(0xF002, _record(0xF003, shape(None) + group(cells, True) + group(cells[:2], False), container=True),
                    container=True)
    lines, tables = ppt_text(slide, "x.ppt")
    assert tables == [[["姓名", "手机号", "备注"], ["李娜", "13912345678（两列合并）", None], ["王伟", "13812345678", None]]]
    assert lines == ["", "姓名", "手机号"]           # the table's end, then the group that is no table
