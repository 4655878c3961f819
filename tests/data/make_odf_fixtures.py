"""How the OpenDocument fixtures were made (synthetic people, piguard's generator; run once by hand, LibreOffice
needed): flat OpenDocument sources written here, saved by LibreOffice both as a zipped file and as a flat one,
so that the tests read what LibreOffice itself writes:

* 名单.odt / 名单.fodt: a heading, paragraphs with spans and spaces, a footnote, a comment, a list, a table
  with a cell spanning two columns, a deletion with changes tracked (not to be read), a page header and footer;
* 名单.ods / 名单.fods: a sheet with a long ID stored as a number, a row repeated three times, a comment, a
  merged cell and a blank row, an empty sheet, and a second sheet of contacts;
* 名单.odp: the slides of make_slide_fixtures.py (a slide of text, a slide with a table and speaker notes).

The people each holds are written to 名单-odf.json.

    .venv/bin/python tests/data/make_odf_fixtures.py
"""

import json
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from make_slide_fixtures import deck
from make_slide_fixtures import people as slide_people

from piguard.synth import Generator

HERE = Path(__file__).parent
NS = " ".join(f'xmlns:{k}="{v}"' for k, v in {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
}.items())


def people(n: int = 16, seed: int = 53) -> list[dict]:
    g = Generator(seed)
    return [{k: p[k] for k in ("name", "mobile", "resident_id")} for p in (g.record() for _ in range(n))]


def document(kind: str, body: str, styles: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.3" '
            f'office:mimetype="application/vnd.oasis.opendocument.{kind}">{styles}<office:body>{body}</office:body>'
            "</office:document>")


def p(text: str, tag: str = "text:p") -> str:
    return f"<{tag}>{text}</{tag.split()[0]}>"


def cell(text: str = "", attrs: str = "") -> str:
    return f"<table:table-cell{attrs} office:value-type=\"string\"><text:p>{escape(text)}</text:p></table:table-cell>"


def text_document(ps: list[dict]) -> str:
    styles = ('<office:automatic-styles><style:page-layout style:name="pm1"/></office:automatic-styles>'
              '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
              f'<style:header>{p("经办人" + ps[0]["name"] + "，电话" + ps[0]["mobile"])}</style:header>'
              f'<style:footer>{p("第1页")}</style:footer></style:master-page></office:master-styles>')
    deleted = ('<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
               '<dc:creator>审核</dc:creator><dc:date>2024-03-01T09:30:00</dc:date></office:change-info>'
               f'{p("已删除：" + ps[9]["name"] + "，" + ps[9]["mobile"])}</text:deletion></text:changed-region></text:tracked-changes>')
    rows = "".join("<table:table-row>" + cell(x["name"]) + cell(x["mobile"]) + cell(x["resident_id"]) + "</table:table-row>"
                   for x in ps[5:8])
    merged = ("<table:table-row>" + cell(ps[8]["name"]) + cell("（未登记）", ' table:number-columns-spanned="2"')
              + "<table:covered-table-cell/></table:table-row>")
    table = ('<table:table table:name="表格1"><table:table-column table:number-columns-repeated="3"/>'
             "<table:table-header-rows><table:table-row>" + cell("姓名") + cell("手机号") + cell("身份证号")
             + "</table:table-row></table:table-header-rows>" + rows + merged + "</table:table>")
    body = ("<office:text>" + deleted
            + p("客户资料情况说明", 'text:h text:outline-level="1"')
            + p(f"联系人<text:span>{ps[1]['name']}</text:span>，手机<text:s text:c=\"2\"/>{ps[1]['mobile']}")
            + p('见附表<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                f'<text:note-body>{p("附注：" + ps[2]["name"] + "，身份证号" + ps[2]["resident_id"])}</text:note-body></text:note>。')
            + p('<office:annotation><dc:creator>审核</dc:creator><dc:date>2024-03-01T09:30:00</dc:date>'
                f'{p("核实" + ps[3]["name"] + "，" + ps[3]["mobile"])}</office:annotation>资料已核实')
            + '<text:change-start text:change-id="ct1"/><text:change-end text:change-id="ct1"/>'
            + f'<text:list><text:list-item>{p(ps[4]["name"] + "，" + ps[4]["mobile"])}</text:list-item></text:list>'
            + table + p("以上情况属实。") + "</office:text>")
    return document("text", body, styles)


def spreadsheet(ps: list[dict]) -> str:
    def row(*cells: str, attrs: str = "") -> str:
        return f"<table:table-row{attrs}>" + "".join(cells) + "</table:table-row>"

    long_id = ps[13]["resident_id"]
    number = (f'<table:table-cell office:value-type="float" office:value="{long_id[:17]}0">'
              f"<text:p>{long_id[:17]}0</text:p></table:table-cell>")
    comment = ('<table:table-cell office:value-type="string"><office:annotation><dc:creator>审核</dc:creator>'
               f'{p("另一号码" + ps[14]["mobile"])}</office:annotation><text:p>{ps[12]["mobile"]}</text:p></table:table-cell>')
    customers = ('<table:table table:name="客户"><table:table-column table:number-columns-repeated="4"/>'
                 + row(cell("姓名"), cell("手机号"), cell("身份证号"), cell("备注"))
                 + row(cell(ps[10]["name"]), cell(ps[10]["mobile"]), cell(ps[10]["resident_id"]), cell("老客户"))
                 + row(cell(ps[11]["name"]), cell(ps[11]["mobile"]), cell(ps[11]["resident_id"]), cell(),
                       attrs=' table:number-rows-repeated="3"')
                 + row(cell(ps[12]["name"]), comment, cell(ps[12]["resident_id"]), cell("已回访", ' table:number-columns-spanned="2"'))
                 + row(cell(), attrs=' table:number-rows-repeated="2"')
                 + row(cell(ps[13]["name"]), cell(ps[13]["mobile"]), number, cell("身份证号按数字存"))
                 + row('<table:table-cell table:number-columns-repeated="1024"/>', attrs=' table:number-rows-repeated="1048000"')
                 + "</table:table>")
    empty = '<table:table table:name="空表"><table:table-row><table:table-cell/></table:table-row></table:table>'
    contacts = ('<table:table table:name="联系人">' + row(cell("联系人"), cell("电话"))
                + row(cell(ps[15]["name"]), cell(ps[15]["mobile"])) + "</table:table>")
    return document("spreadsheet", "<office:spreadsheet>" + customers + empty + contacts + "</office:spreadsheet>")


def convert(name: str, text: str, targets: dict[str, str]) -> None:
    """``text`` (a flat OpenDocument file) saved by LibreOffice as each target (suffix → filter), here as 名单.<suffix>."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / name
        src.write_text(text, encoding="utf-8")
        for suffix, target in targets.items():
            out = Path(tmp) / "out"
            subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(out), str(src)],
                           check=True, capture_output=True)
            (HERE / f"名单.{suffix}").write_bytes((out / src.with_suffix("." + suffix).name).read_bytes())


def main() -> None:
    ps = people()
    convert("源.fodt", text_document(ps), {"odt": "odt", "fodt": "fodt"})
    convert("源.fods", spreadsheet(ps), {"ods": "ods", "fods": "fods"})
    slides = slide_people()
    convert("源.fodp", deck(slides), {"odp": "odp"})
    (HERE / "名单-odf.json").write_text(json.dumps({"text_and_sheets": ps, "slides": slides}, ensure_ascii=False, indent=1),
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
