"""HTML tables: the .xls files many systems export as web pages, saved pages and HTML reports."""

from __future__ import annotations

import doctest
import io

import pytest

from piguard.count.run import scan
from piguard.scan import htmltables
from piguard.scan.formats import sniff
from piguard.scan.htmltables import read_html
from piguard.scan.records import Source
from piguard.synth import Generator


def read(page: str, encoding: str = "utf-8"):
    return list(read_html(io.BytesIO(page.encode(encoding)), Source("export.xls", "html")))


def test_doctests():
    assert doctest.testmod(htmltables).failed == 0


def test_an_excel_export_that_is_a_web_page_counts_every_row(tmp_path):
    """A .xls that is HTML was read as one line of text: 50 people counted as one piece."""
    g = Generator(8)
    rows = [g.record() for _ in range(50)]
    page = ("<html><head><meta charset='utf-8'><style>td {mso-number-format:'\\@'}</style></head><body>"
            "<table border=1><tr><th>姓名</th><th>手机号</th><th>身份证号</th></tr>"
            + "".join(f"<tr><td>{r['name']}</td><td>{r['mobile']}</td><td>{r['resident_id']}</td></tr>" for r in rows)
            + "</table></body></html>")
    (tmp_path / "export.xls").write_text(page, encoding="utf-8")
    result = scan([str(tmp_path / "export.xls")])
    (report,) = result["inputs"]
    assert report["format"] == "html" and report["records"] == 50 and report["errors"] == []
    assert result["pieces_total"] == 50 and result["types"]["resident_id/valid"] == 50


def test_spans_titles_groups_entities_and_breaks():
    page = ("<TABLE><TR><TD COLSPAN=3>客户名单</TD></TR>"
            "<tr><th colspan=2>客户信息</th><th>订单信息</th></tr>"
            "<tr><th>姓名</th><th>手机</th><th>订单号</th></tr>"
            "<tr><td rowspan=2>张&nbsp;伟</td><td>138<br>1234 5678</td><td>DD&amp;1</td></tr>"
            "<tr><td>13912345678</td><td>DD2</td></tr></table>")
    (b,) = read(page)
    assert b.source.path == "export.xls#table1" and b.columns == ("姓名", "手机", "订单号")
    # a cell spanning two rows leaves the one it covers empty, as a merged cell does
    assert b.rows == [("张 伟", "138 1234 5678", "DD&1"), (None, "13912345678", "DD2")] and b.first == 4
    assert len(b.notes) == 2 and "title" in b.notes[0] and "groups the columns" in b.notes[1]


def test_every_table_is_a_table_of_its_own_and_text_outside_them_is_read():
    page = ("<html><body><h1>导出报表</h1><script>var x = '13812345678';</script>"
            "<p>联系人：王芳，电话13712345678</p>"
            "<table><tr><td>姓名</td><td>手机</td></tr><tr><td>张三</td><td>13812345678</td></tr></table>"
            "<div>备注</div>"
            "<table><tr><td>卡号</td></tr><tr><td><table><tr><td>内层</td></tr></table>6222021234567890128</td></tr></table>"
            "</body></html>")
    out = read(page)
    text = [b for b in out if b.columns is None]
    assert [t for b in text for t in b.texts] == ["导出报表", "联系人：王芳，电话13712345678", "备注"]
    assert all(b.source.path == "export.xls#text" for b in text) and [b.first for b in text] == [1, 3]
    tables = {b.source.path: b for b in out if b.columns is not None}
    assert tables["export.xls#table1"].rows == [("张三", "13812345678")]
    assert tables["export.xls#table2"].rows == [("6222021234567890128",)]
    assert "export.xls#table3" in tables                  # the nested one


def test_a_gbk_page_and_a_page_cut_short():
    (b,) = read("<table><tr><td>姓名</td><td>手机</td></tr><tr><td>张三</td><td>13812345678</td></tr>", "gbk")
    assert b.rows == [("张三", "13812345678")] and b.source.encoding == "gb18030"
    (b,) = read("<table><tr><td>姓名</td><td>手机</td></tr><tr><td>李四</td><td>1391234")
    assert b.rows == [("李四", "1391234")]


def test_html_is_sniffed_from_its_content_whatever_its_name():
    assert sniff(b"<!DOCTYPE html><html><body>", "x.xls") == "html"
    assert sniff(b"  <table border=1><tr>", "report.txt") == "html"
    assert sniff(b"<note>not a page</note>", "a.txt") == "text"


@pytest.mark.parametrize("size", [1, 3, 7, 64])
def test_the_tokenizer_gives_the_same_rows_whatever_the_blocks(size):
    """Tags, comments, entities and scripts cut across the blocks the page is fed in."""
    page = ("<html><!-- a <table> in a comment --><script>if (a<b) { x = '<td>'; }</script>"
            "<TABLE class=\"t\" data-x='1>2'><tr><th>姓名</th><th>备注</th></tr>"
            "<tr><td>张&amp;伟</td><td>A&lt;B &#x4E00;</td></tr><tr><td colspan='2'>合计</td></tr></TABLE>"
            "<p>联系人：王芳<br/>电话13712345678</p></html>")

    def rows(blocks):
        parser = htmltables._Tables()
        for b in blocks:
            parser.feed(b)
        parser.close()
        return parser.done

    whole = rows([page])
    assert whole == rows([page[i:i + size] for i in range(0, len(page), size)])
    assert (1, ["张&伟", "A<B 一"]) in whole and (1, ["合计", None]) in whole
    assert [e for e in whole if e[0] == 0] == [(0, "联系人：王芳"), (0, "电话13712345678")]
