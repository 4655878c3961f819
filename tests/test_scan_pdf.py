"""PDF documents: every page's text, read as plain text is, a page at a time."""

from __future__ import annotations

import doctest

import pytest

from piguard.count.run import scan
from piguard.scan import pdf as pdf_reader
from piguard.scan.pdf import read_pdf
from piguard.scan.readers import ReadError
from piguard.scan.records import Source
from piguard.synth import Generator


def write_pdf(path, pages: list[list[str]]):
    from fpdf import FPDF

    from piguard.fonts import collection, sc_index
    doc = FPDF()
    doc.add_font("cjk", fname=str(collection()), collection_font_number=sc_index())
    doc.set_font("cjk", size=10)
    for lines in pages:
        doc.add_page()
        for line in lines:
            doc.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    doc.output(str(path))
    return path


def test_doctests():
    assert doctest.testmod(pdf_reader).failed == 0


def test_a_list_printed_to_pdf_counts_each_line_and_a_page_without_text_is_noted(tmp_path):
    g = Generator(41)
    people = [g.record() for _ in range(25)]
    lines = [f"{p['name']}  {p['mobile']}  {p['resident_id']}" for p in people]
    path = write_pdf(tmp_path / "名单.pdf", [lines[:15], [], lines[15:]])
    out = list(read_pdf(path, Source("名单.pdf", "pdf")))
    assert [b.source.path for b in out if b.texts] == ["名单.pdf#page1", "名单.pdf#page3"]
    assert out[0].texts[0] == lines[0] and out[0].first == 1
    result = scan([str(path)])
    (report,) = result["inputs"]
    assert report["format"] == "pdf" and report["records"] == 25 and report["errors"] == []
    assert result["pieces_total"] == 25 and result["types"]["resident_id/valid"] == 25
    (note,) = report["warnings"]
    assert note.startswith("1 page(s) hold no text (pages 2)")


def test_an_encrypted_or_broken_pdf_is_an_error_naming_it(tmp_path):
    from pypdf import PdfReader, PdfWriter
    plain = write_pdf(tmp_path / "a.pdf", [["张三 13812345678"]])
    w = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        w.add_page(page)
    w.encrypt(user_password="secret", owner_password="owner")
    with open(tmp_path / "locked.pdf", "wb") as f:
        w.write(f)
    with pytest.raises(ReadError, match="locked.pdf: an encrypted PDF that needs a password"):
        list(read_pdf(tmp_path / "locked.pdf", Source("locked.pdf", "pdf")))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    result = scan([str(tmp_path / "broken.pdf")])
    assert result["partial"] and "broken.pdf" in result["inputs"][0]["errors"][0]
