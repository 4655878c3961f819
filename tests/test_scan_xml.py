"""XML exports: the repeating element is the record."""

from __future__ import annotations

import doctest
import io

import pytest

from piguard.count.run import scan
from piguard.scan import xmlrecords
from piguard.scan.readers import ReadError
from piguard.scan.records import Source
from piguard.scan.xmlrecords import read_xml, record_tag
from piguard.synth import Generator


def read(text: str, encoding="utf-8"):
    return list(read_xml(io.BytesIO(text.encode(encoding)), Source("export.xml", "xml")))


def test_doctests():
    assert doctest.testmod(xmlrecords).failed == 0


def test_a_gbk_export_of_many_people_counts_each(tmp_path):
    g = Generator(31)
    people = [g.record() for _ in range(40)]
    body = ('<?xml version="1.0" encoding="GBK"?>\n<export xmlns="urn:example:crm" operator="孙丽">\n'
            '<header><exported>2023-06-01</exported><contact>13512345678</contact></header>\n<customers>\n'
            + "".join(f'  <customer id="{i}"><name>{p["name"]}</name><contact><mobile>{p["mobile"]}</mobile>'
                      f'<idno>{p["resident_id"]}</idno></contact></customer>\n' for i, p in enumerate(people))
            + "</customers></export>\n")
    (tmp_path / "crm.xml").write_bytes(body.encode("gbk"))
    result = scan([str(tmp_path / "crm.xml")])
    (report,) = result["inputs"]
    assert report["format"] == "xml" and report["records"] == 41 and report["errors"] == []
    assert result["pieces_total"] == 41 and result["types"]["resident_id/valid"] == 40   # the header's phone too
    out = read(body)
    assert out[0].source.path == "export.xml#customer" and out[0].columns == ("@id", "name", "contact.mobile", "contact.idno")
    rest = out[-1]
    assert rest.source.path == "export.xml#" and dict(zip(rest.columns, rest.rows[0])) == {
        "export.header.exported": "2023-06-01", "export.header.contact": "13512345678", "export.@operator": "孙丽"}


def test_the_record_is_the_element_with_children_that_repeats_most():
    assert record_tag("<a><b><c>1</c></b><b><c>2</c></b></a>") == (2, "b")
    assert record_tag("<a><b>1</b><b>2</b></a>") is None               # leaves repeat, but hold no fields
    # a phone's SMS backup: messages as attributes
    assert record_tag('<smses><sms address="1" body="x"/><sms address="2" body="y"/></smses>') == (2, "sms")
    assert record_tag("<a><b><c>1</c></b></a>") is None


def test_xml_without_records_is_read_as_text_and_broken_xml_names_the_file():
    (b,) = read("<?xml version='1.0'?><note><to>张三 13812345678</to></note>")
    assert b.texts and "13812345678" in b.texts[0]
    with pytest.raises(ReadError, match="export.xml: not well-formed XML"):
        read("<a><b><c>1</c></b><b><c>2</c></b>" + "<b><c>3</c></b" * 2)
    # a file cut short: the records before the cut are read, and the error says how many
    got = []
    with pytest.raises(ReadError, match="after 2 records"):
        for b in read_xml(io.BytesIO(b"<a><b><c>1</c></b><b><c>2</c></b><b><c>3"), Source("cut.xml", "xml")):
            got += b.rows
    assert got == [("1",), ("2",)]
