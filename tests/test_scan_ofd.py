"""OFD documents (GB/T 33190): a page's text objects put back into lines by where they stand."""

from __future__ import annotations

import zipfile

import pytest

from piguard.count.run import scan
from piguard.scan.formats import sniff
from piguard.scan.ofd import read_ofd
from piguard.scan.readers import ReadError
from piguard.scan.records import Source

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def text_object(x: float, y: float, text: str, dy: float = 3.5) -> str:
    """A text object whose one run stands ``dy`` below its boundary's top (as a font's baseline does)."""
    return (f'<ofd:TextObject ID="1" Boundary="{x} {y} 60 5" Font="1" Size="3.5">'
            f'<ofd:TextCode X="0" Y="{dy}">{text}</ofd:TextCode></ofd:TextObject>')


def page(*objects: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">'
            + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>")


def write(path, pages: list[str], ofd_xml: bool = True):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if ofd_xml:
            z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"/>')
        z.writestr("Doc_0/Document.xml", f"<ofd:Document {NS}/>")
        for k, xml in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{k}/Content.xml", xml)
    return path


def test_an_invoice_page_is_read_line_by_line_left_to_right(tmp_path):
    # objects written out of order, the value right of its key on the same baseline (a 0.3 mm jitter)
    first = page(text_object(40, 30, "张伟"), text_object(10, 20, "电子发票（普通发票）"), text_object(10, 30.3, "名称："),
                 text_object(40, 40, "13812345678"), text_object(10, 40, "电话："))
    second = page(text_object(10, 20, "身份证号：11010519491231002X"))
    path = write(tmp_path / "发票.ofd", [first, second, page()])
    out = list(read_ofd(path, Source("发票.ofd", "ofd")))
    by = {}
    for b in out:
        by.setdefault(b.source.path, []).extend(b.texts)
    assert by["发票.ofd#page1"] == ["电子发票（普通发票）", "名称： 张伟", "电话： 13812345678"]
    assert by["发票.ofd#page2"] == ["身份证号：11010519491231002X"]
    assert any("page(s) hold no text" in n for b in out for n in b.notes)          # the third, an image
    r = scan([str(path)])
    assert r["inputs"][0]["format"] == "ofd" and r["pieces_total"] == 2
    assert any("hold no text" in w for w in r["inputs"][0]["warnings"])


def test_an_ofd_is_sniffed_by_its_members_and_a_broken_one_names_itself(tmp_path):
    path = write(tmp_path / "x.bin", [page(text_object(10, 20, "联系人：李娜 13912345678"))])
    assert sniff(path.read_bytes()[:8192], "x.bin") == "ofd"
    assert scan([str(path)])["pieces_total"] == 1
    with pytest.raises(ReadError, match="no OFD document"):
        list(read_ofd(write(tmp_path / "no.ofd", [page()], ofd_xml=False), Source("no.ofd", "ofd")))
    bad = write(tmp_path / "bad.ofd", ["<ofd:Page"])
    with pytest.raises(ReadError, match="bad.ofd: Doc_0/Pages/Page_0/Content.xml is not well-formed XML"):
        list(read_ofd(bad, Source("bad.ofd", "ofd")))
