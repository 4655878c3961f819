"""XML Spreadsheet 2003: the .xls older systems write as XML."""

from __future__ import annotations

import doctest
import io

import pytest

from piguard.count.run import scan
from piguard.scan import spreadsheetml
from piguard.scan.readers import ReadError
from piguard.scan.records import Source
from piguard.scan.spreadsheetml import read_spreadsheetml
from piguard.synth import Generator

HEAD = ('<?xml version="1.0" encoding="{enc}"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">\n')


def cell(v, kind="String", **attrs):
    extra = "".join(f' ss:{k}="{a}"' for k, a in attrs.items())
    return f'<Cell{extra}><Data ss:Type="{kind}">{v}</Data></Cell>'


def sheet(name, rows):
    return f'<Worksheet ss:Name="{name}"><Table>' + "".join(f"<Row>{r}</Row>" for r in rows) + "</Table></Worksheet>"


def read(text: str, encoding="utf-8"):
    return list(read_spreadsheetml(io.BytesIO(text.encode(encoding)), Source("export.xls", "spreadsheetml")))


def test_doctests():
    assert doctest.testmod(spreadsheetml).failed == 0


def test_a_gbk_export_of_two_sheets_counts_every_row(tmp_path):
    g = Generator(21)
    people = [g.record() for _ in range(30)]
    rows = [cell("姓名") + cell("手机号") + cell("身份证号")] + [
        cell(p["name"]) + cell(p["mobile"].replace(" ", "").replace("-", ""), "Number") + cell(p["resident_id"]) for p in people]
    text = HEAD.format(enc="GB2312") + sheet("客户", rows[:21]) + sheet("客户2", rows[:1] + rows[21:]) + "</Workbook>"
    (tmp_path / "export.xls").write_bytes(text.encode("gbk"))
    result = scan([str(tmp_path / "export.xls")])
    (report,) = result["inputs"]
    assert report["format"] == "spreadsheetml" and report["records"] == 30 and report["errors"] == []
    assert result["pieces_total"] == 30 and result["types"]["resident_id/valid"] == 30


def test_skipped_cells_and_rows_merged_cells_rich_text_and_long_numbers():
    rows = ['<Cell ss:MergeAcross="1"><Data ss:Type="String">客户信息</Data></Cell>' + cell("订单信息"),
            cell("姓名") + cell("身份证号") + cell("订单号"),
            cell("张伟") + cell("1.10105199003071E+17", "Number") + cell("DD1"),
            cell("李娜") + cell("DD2", Index=3)]
    text = (HEAD.format(enc="UTF-8") + '<Worksheet ss:Name="S"><Table>' + "".join(f"<Row>{r}</Row>" for r in rows)
            + '<Row ss:Index="7"><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40">'
              '<Font>王</Font><B>芳</B></ss:Data></Cell></Row></Table></Worksheet></Workbook>')
    (b,) = read(text)
    assert b.columns == ("姓名", "身份证号", "订单号") and b.first == 3
    # rows 5 and 6, skipped by ss:Index, are empty rows: the next one is the sheet's row 7
    assert b.rows == [("张伟", "110105199003071000", "DD1"), ("李娜", None, "DD2"), (None, None, None),
                      (None, None, None), ("王芳", None, None)]
    assert any("groups the columns" in n for n in b.notes) and any("15 significant digits" in n for n in b.notes)


def test_broken_xml_names_the_file():
    with pytest.raises(ReadError, match="export.xls: not well-formed XML"):
        read(HEAD.format(enc="UTF-8") + '<Worksheet ss:Name="S"><Table><Row><Cell>')
    # cut short after two rows under the header: those rows are read, then the error
    got = []
    with pytest.raises(ReadError, match="not well-formed XML"):
        for b in read_spreadsheetml(io.BytesIO((HEAD.format(enc="UTF-8") + '<Worksheet ss:Name="S"><Table>'
                                                + "".join(f"<Row>{cell(v)}</Row>" for v in ("姓名", "张三", "李四"))
                                                + "<Row><Cell>").encode()), Source("cut.xls", "spreadsheetml")):
            got += b.rows
    assert got == [("张三",), ("李四",)]
    with pytest.raises(ReadError, match="ss:Index"):
        read(HEAD.format(enc="UTF-8") + sheet("S", [cell("x", Index="zz")]) + "</Workbook>")
