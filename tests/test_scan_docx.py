"""Word documents (.docx): paragraphs as text, tables as sheets, headers and comments too."""

from __future__ import annotations

import zipfile

import pytest

from piguard.count.run import scan
from piguard.scan.docx import read_docx
from piguard.scan.formats import sniff
from piguard.scan.readers import ReadError
from piguard.scan.records import Source

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" if text else "<w:p/>"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{para(text)}</w:tc>"


def write(path, body: str, **parts: str):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>')
        for name, xml in parts.items():
            z.writestr(f"word/{name}.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:root {NS}>{xml}</w:root>')
    return path


def test_person_cards_paragraphs_and_a_table_with_merged_cells(tmp_path):
    cards = "".join(para(x) for x in ("客户档案", "姓名：李娜", "住址：北京市朝阳区建国路88号", "",
                                      "客户档案", "姓名：王伟", "住址：上海市浦东新区世纪大道100号", ""))
    table = ("<w:tbl>"
             "<w:tr>" + tc("客户名单", '<w:gridSpan w:val="3"/>') + "</w:tr>"
             "<w:tr>" + tc("姓名") + tc("手机") + tc("身份证号") + "</w:tr>"
             "<w:tr>" + tc("张三", '<w:vMerge w:val="restart"/>') + tc("13812345678") + tc("") + "</w:tr>"
             "<w:tr>" + tc("", "<w:vMerge/>") + tc("13912345678") + tc("") + "</w:tr>"
             "</w:tbl>")
    p = write(tmp_path / "案情报告.docx", cards + table + para("附：联系人赵敏，电话13612345678"),
              header1=para("机密 经办人：孙丽 13512345678"), comments='<w:comment><w:p><w:r><w:t>核实钱多多 13412345678</w:t></w:r></w:p></w:comment>')
    out = list(read_docx(p, Source("案情报告.docx", "docx")))
    by = {}
    for b in out:
        by.setdefault(b.source.path, []).append(b)
    (tbl,) = by["案情报告.docx#table1"]
    assert tbl.columns == ("姓名", "手机", "身份证号") and tbl.rows == [("张三", "13812345678", None), (None, "13912345678", None)]
    assert "title" in tbl.notes[0]
    text = [t for b in by["案情报告.docx#document"] for t in b.texts]
    assert text[0] == "客户档案\n姓名：李娜\n住址：北京市朝阳区建国路88号" and text[-1] == "附：联系人赵敏，电话13612345678"
    assert [t for b in by["案情报告.docx#header1"] for t in b.texts] == ["机密 经办人：孙丽 13512345678"]
    assert [t for b in by["案情报告.docx#comments"] for t in b.texts] == ["核实钱多多 13412345678"]
    result = scan([str(p)])
    # two cards (name + address in one paragraph), two table rows, the appendix line, the header and the comment
    assert result["inputs"][0]["format"] == "docx" and result["pieces_total"] == 7 and result["inputs"][0]["errors"] == []


def test_a_docx_is_sniffed_and_a_broken_one_names_itself(tmp_path):
    p = write(tmp_path / "a.docx", para("x"))
    assert sniff(p.read_bytes()[:8192], "renamed.zip") == "docx"
    with zipfile.ZipFile(tmp_path / "b.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(ReadError, match="b.docx: word/document.xml is not well-formed XML"):
        list(read_docx(tmp_path / "b.docx", Source("b.docx", "docx")))
    with zipfile.ZipFile(tmp_path / "c.docx", "w") as z:
        z.writestr("other.txt", "x")
    with pytest.raises(ReadError, match="no Word document"):
        list(read_docx(tmp_path / "c.docx", Source("c.docx", "docx")))


def test_text_deleted_with_changes_tracked_is_read_apart(tmp_path):
    """w:delText is still in the file: each paragraph's deleted text is a line of the part's #deleted (the body's,
    a header's), in a table's cell too; the running text keeps only what was not deleted."""
    deleted = ('<w:p><w:r><w:t>联系人：</w:t></w:r><w:del w:id="1" w:author="审核"><w:r><w:delText>张晓明 </w:delText></w:r>'
               '<w:r><w:delText>13812345678</w:delText></w:r></w:del><w:r><w:t>李华</w:t></w:r></w:p>')
    cell = ('<w:tbl><w:tr>' + tc("姓名") + tc("手机") + '</w:tr><w:tr>' + tc("王芳") +
            '<w:tc><w:p><w:del w:id="2"><w:r><w:delText>13912345678</w:delText></w:r></w:del></w:p></w:tc></w:tr></w:tbl>')
    header = '<w:p><w:del w:id="3"><w:r><w:delText>经办人孙丽 13512345678</w:delText></w:r></w:del></w:p>'
    p = write(tmp_path / "改过.docx", deleted + cell, header1=header)
    by = {}
    for b in read_docx(p, Source("改过.docx", "docx")):
        by.setdefault(b.source.path, []).append(b)
    assert list(by) == ["改过.docx#document", "改过.docx#table1", "改过.docx#deleted", "改过.docx#header1-deleted"]
    assert [t for b in by["改过.docx#document"] for t in b.texts] == ["联系人：李华"]
    assert [t for b in by["改过.docx#deleted"] for t in b.texts] == ["张晓明 13812345678", "13912345678"]
    assert [t for b in by["改过.docx#header1-deleted"] for t in b.texts] == ["经办人孙丽 13512345678"]
    result = scan([str(p)])
    # the three deleted phones count (a name alone, 李华 or 王芳, identifies no one)
    assert result["pieces_total"] == 3 and result["inputs"][0]["errors"] == []
