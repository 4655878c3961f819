"""OpenDocument files: text documents, spreadsheets and presentations, zipped and flat (fixtures saved by
LibreOffice, tests/data/make_odf_fixtures.py; synthetic people), and what can go wrong with them."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from piguard.count.run import scan
from piguard.scan import odf
from piguard.scan.formats import odf_kind, sniff
from piguard.scan.odf import read_odp, read_ods, read_odt
from piguard.scan.readers import ReadError
from piguard.scan.records import Source

DATA = Path(__file__).parent / "data"
LISTED = json.loads((DATA / "名单-odf.json").read_text(encoding="utf-8"))
PEOPLE, SLIDES = LISTED["text_and_sheets"], LISTED["slides"]
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def by_part(batches) -> dict:
    out: dict = {}
    for b in batches:
        out.setdefault(b.source.path, []).append(b)
    return out


def texts(batches) -> list[str]:
    return [t for b in batches for t in b.texts]


def rows(batches) -> list[tuple]:
    return [r for b in batches for r in b.table_rows()]


@pytest.mark.parametrize("name", ["名单.odt", "名单.fodt"])
def test_a_text_document_is_read_as_a_word_document_is(name):
    by = by_part(read_odt(DATA / name, Source(name, "odt")))
    assert list(by) == [f"{name}#{k}" for k in ("document", "table1", "header", "footer", "notes", "comments", "deleted")]
    p = PEOPLE
    assert texts(by[f"{name}#document"]) == [
        "客户资料情况说明", f"联系人{p[1]['name']}，手机  {p[1]['mobile']}",     # text:s c=2: two spaces
        "见附表。",                     # the footnote is read with the notes, its citation mark not at all
        "资料已核实",                    # the comment is read with the comments
        f"{p[4]['name']}，{p[4]['mobile']}", "", "以上情况属实。"]              # the list item; the table's end
    (table,) = by[f"{name}#table1"]
    assert table.columns == ("姓名", "手机号", "身份证号") and table.first == 2
    assert rows([table]) == [(x["name"], x["mobile"], x["resident_id"]) for x in p[5:8]] + [(p[8]["name"], "（未登记）", None)]
    assert texts(by[f"{name}#header"]) == [f"经办人{p[0]['name']}，电话{p[0]['mobile']}"]
    assert texts(by[f"{name}#notes"]) == [f"附注：{p[2]['name']}，身份证号{p[2]['resident_id']}"]
    assert texts(by[f"{name}#comments"]) == [f"核实{p[3]['name']}，{p[3]['mobile']}"]
    # the deletion tracked as a change is still in the file: read apart, not in the running text
    running = " ".join(texts(b for k, bs in by.items() for b in bs if b.columns is None and not k.endswith("#deleted")))
    assert p[9]["mobile"] not in running and "已删除" not in running
    assert texts(by[f"{name}#deleted"]) == [f"已删除：{p[9]['name']}，{p[9]['mobile']}"]


@pytest.mark.parametrize("name", ["名单.ods", "名单.fods"])
def test_a_spreadsheet_is_read_sheet_by_sheet_with_its_repeats(name):
    by = by_part(read_ods(DATA / name, Source(name, "ods")))
    parts = [f"{name}#客户", f"{name}#联系人"] + ([f"{name}#comments"] if name == "名单.ods" else [])
    assert list(by) == parts            # the empty sheet gives nothing; LibreOffice's flat file keeps no comment
    p = PEOPLE
    (customers,) = by[f"{name}#客户"]
    assert customers.columns == ("姓名", "手机号", "身份证号", "备注") and customers.first == 2
    # stored as the number …970 (make_odf_fixtures.py), shown with a spreadsheet's 15 significant digits
    lost = str(int(Decimal(format(float(p[13]["resident_id"][:17] + "0"), ".14e"))))
    assert rows([customers]) == [
        (p[10]["name"], p[10]["mobile"], p[10]["resident_id"], "老客户"),
        *[(p[11]["name"], p[11]["mobile"], p[11]["resident_id"], None)] * 3,   # one row repeated three times
        (p[12]["name"], p[12]["mobile"], p[12]["resident_id"], "已回访"),
        (None,) * 4, (None,) * 4,                                               # two blank rows (7, 8)
        (p[13]["name"], p[13]["mobile"], lost, "身份证号按数字存")]             # row 9; the 1,048,000 empty rows after it: none
    assert [customers.locate(i) for i in (0, 3, 7)] == ["row 2", "row 5", "row 9"]
    assert any("rows 9" in n and "16 digits or more" in n for n in customers.notes)
    assert rows(by[f"{name}#联系人"]) == [(p[15]["name"], p[15]["mobile"])]
    if name == "名单.ods":
        assert texts(by[f"{name}#comments"]) == [f"另一号码{p[14]['mobile']}"]


def test_a_presentation_is_read_as_a_pptx_is():
    by = by_part(read_odp(DATA / "名单.odp", Source("名单.odp", "odp")))
    assert list(by) == ["名单.odp#slide1", "名单.odp#slide2-table1", "名单.odp#notes2"]
    lead, noted = SLIDES[0], SLIDES[5]
    assert texts(by["名单.odp#slide1"]) == ["客户资料汇总", f"经办人{lead['name']}，联系电话{lead['mobile']}"]
    (table,) = by["名单.odp#slide2-table1"]
    assert table.columns == ("姓名", "手机号", "身份证号")
    assert rows([table]) == [(x["name"], x["mobile"], x["resident_id"]) for x in SLIDES[1:5]]
    assert texts(by["名单.odp#notes2"]) == [f"备注：核实{noted['name']}，身份证号{noted['resident_id']}"]


def test_formats_are_told_by_content_not_name():
    for name, kind in (("名单.odt", "odt"), ("名单.fodt", "odt"), ("名单.ods", "ods"), ("名单.fods", "ods"), ("名单.odp", "odp")):
        head = (DATA / name).read_bytes()[:8192]
        assert sniff(head, name) == kind and sniff(head, "导出.dat") == kind and odf_kind(head) == kind
    # a zip without the mimetype member is an OpenDocument file only by its name and its content.xml
    bare = _zip({"content.xml": b"<x/>"}, mimetype=None)
    assert sniff(bare[:8192], "a.ods") == "ods" and sniff(bare[:8192], "a.zip") == "zip"
    assert sniff(_zip({"a.csv": b"x"}, mimetype=None)[:8192], "a.odt") == "zip"
    assert odf_kind(b"<?xml version='1.0'?><root office:mimetype='x'/>") is None


def _zip(parts: dict[str, bytes], mimetype: str | None = "application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        for name, data in parts.items():
            z.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _sheet(rows_xml: str) -> bytes:
    return (f'<?xml version="1.0"?><office:document-content {NS}><office:body><office:spreadsheet>'
            f'<table:table table:name="表1">{rows_xml}</table:table></office:spreadsheet></office:body>'
            "</office:document-content>").encode()


def _row(*cells: str, attrs: str = "") -> str:
    return f"<table:table-row{attrs}>" + "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in cells) + "</table:table-row>"


def test_encrypted_damaged_and_oversized_spreadsheets_are_errors_naming_the_file(tmp_path):
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum="x"/>'
                "</manifest:file-entry></manifest:manifest>").encode()
    cases = {
        "locked.ods": (_zip({"META-INF/manifest.xml": manifest, "content.xml": b"\x8f\x01 not xml"}), "encrypted"),
        "broken.ods": (_zip({"content.xml": b"<office:document-content><unclosed>"}), "not well-formed"),
        "empty.ods": (_zip({"styles.xml": b"<x/>"}), "without content.xml"),
        "wide.ods": (_zip({"content.xml": _sheet(_row("姓名", "电话")
                                                  + '<table:table-row><table:table-cell table:number-columns-repeated="20000">'
                                                    "<text:p>张伟</text:p></table:table-cell></table:table-row>")}), "more than 16,384 cells"),
        "long.ods": (_zip({"content.xml": _sheet(_row("姓名") + _row("张伟", attrs=' table:number-rows-repeated="2000000"'))}),
                     "more than 1,048,576 rows"),
        "odd.ods": (_zip({"content.xml": _sheet(_row("姓名", attrs=' table:number-rows-repeated="x"'))}), "repeat count"),
        "cut.ods": (_zip({"content.xml": b"x"})[:-40], "not a readable"),
    }
    for name, (data, said) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ReadError, match=said) as err:
            list(read_ods(path, Source(name, "ods")))
        assert name in str(err.value)
        report = scan([str(path)])["inputs"][0]          # the scan goes on and says why, naming the file
        assert report["format"] == "ods" and report["errors"] and said in report["errors"][0]
    text = tmp_path / "locked.odt"
    text.write_bytes(_zip({"META-INF/manifest.xml": manifest, "content.xml": b"x"}, "application/vnd.oasis.opendocument.text"))
    with pytest.raises(ReadError, match="encrypted OpenDocument text"):
        list(read_odt(text, Source("locked.odt", "odt")))


def test_a_sheet_is_streamed_row_by_row(tmp_path, monkeypatch):
    """The tree keeps no row once it is read: a sheet of many rows costs the memory of the rows the parser
    has read ahead (a block of the file), not of the sheet."""
    n = 20_000
    path = tmp_path / "big.ods"
    path.write_bytes(_zip({"content.xml": _sheet(_row("姓名", "手机号") + "".join(_row(f"张{i}", f"138{i:08d}") for i in range(n)))}))
    held = []
    real = odf._Sheets._rows

    def watched(self, sheet):
        for k, row in enumerate(real(self, sheet)):
            if k % 5000 == 0:
                held.append(len(sheet))
            yield row

    monkeypatch.setattr(odf._Sheets, "_rows", watched)
    got = rows(read_ods(path, Source("big.ods", "ods")))
    assert len(got) == n and got[-1] == (f"张{n - 1}", f"138{n - 1:08d}")
    assert max(held) < 500                 # of 20,000


def test_a_scan_counts_opendocument_files_and_archived_ones(tmp_path):
    for name in ("名单.odt", "名单.ods", "名单.odp"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    r = scan([str(tmp_path / n) for n in ("名单.odt", "名单.ods", "名单.odp")])
    assert [(Path(i["path"]).name, i["format"], i["errors"]) for i in r["inputs"]] == [
        ("名单.odt", "odt", []), ("名单.ods", "ods", []), ("名单.odp", "odp", [])]
    # odt: the contact, the list item, three table rows, the header, the footnote, the comment, the tracked
    # deletion; ods: five people and the comment's phone (the repeated row twice a duplicate); odp: the contact,
    # four rows, the notes
    assert r["pieces_total"] == 9 + 6 + 6 and r["excluded"]["duplicate"] == 2
    archive = tmp_path / "导出.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(tmp_path / "名单.ods", "资料/名单.ods")
    inner = scan([str(archive)])["inputs"][0]
    assert inner["path"].endswith("!资料/名单.ods") and inner["format"] == "ods" and inner["errors"] == []


def test_a_deletion_written_in_its_range_is_read_apart_once(tmp_path):
    """A deletion's text between text:change-start and text:change-end (rather than in its changed region) is read
    with the deleted text, not the running text; written in both places, once."""
    region = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>删去：{inside}</text:p>'
              '</text:deletion></text:changed-region></text:tracked-changes>')
    for inside, deleted in (("", ["删去：", "删去：张晓明 13812345678"]), ("张晓明 13812345678", ["删去：张晓明 13812345678"])):
        body = (region.format(inside=inside) + '<text:p>联系人<text:change-start text:change-id="c1"/>删去：张晓明 '
                '<text:span>13812345678</text:span><text:change-end text:change-id="c1"/>李华</text:p>')
        doc = (f'<?xml version="1.0"?><office:document-content {NS}><office:body><office:text>{body}</office:text>'
               "</office:body></office:document-content>").encode()
        path = tmp_path / "改过.odt"
        path.write_bytes(_zip({"content.xml": doc}, mimetype="application/vnd.oasis.opendocument.text"))
        by = by_part(read_odt(path, Source("改过.odt", "odt")))
        assert texts(by["改过.odt#document"]) == ["联系人李华"]
        assert texts(by["改过.odt#deleted"]) == deleted
