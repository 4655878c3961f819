"""How tests/data/名单.pptx and 名单.ppt were made (synthetic people, piguard's generator; run once by
hand, LibreOffice needed): a flat OpenDocument presentation of a slide of text, a slide with a table and
speaker notes, converted by LibreOffice to PowerPoint 2007+ and to PowerPoint 97-2003. The tests read the
files and compare with the people listed in 名单-slides.json.

    .venv/bin/python tests/data/make_slide_fixtures.py
"""

from pathlib import Path
from xml.sax.saxutils import escape

from make_doc_fixtures import write_converted

from piguard.synth import Generator

HERE = Path(__file__).parent
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"')


def people(n: int = 6, seed: int = 47) -> list[dict]:
    g = Generator(seed)
    return [{k: p[k] for k in ("name", "mobile", "resident_id")} for p in (g.record() for _ in range(n))]


def frame(inner: str, height: int = 3) -> str:
    return f'<draw:frame svg:x="1cm" svg:y="1cm" svg:width="24cm" svg:height="{height}cm">{inner}</draw:frame>'


def paras(*texts: str) -> str:
    return frame("<draw:text-box>" + "".join(f"<text:p>{escape(t)}</text:p>" for t in texts) + "</draw:text-box>")


def cell(text: str) -> str:
    return f"<table:table-cell><text:p>{escape(text)}</text:p></table:table-cell>"


def deck(ps: list[dict]) -> str:
    lead, noted = ps[0], ps[5]
    contact = "经办人" + lead["name"] + "，联系电话" + lead["mobile"]
    rows = "".join("<table:table-row>" + cell(p["name"]) + cell(p["mobile"]) + cell(p["resident_id"]) + "</table:table-row>"
                   for p in ps[1:5])
    table = frame('<table:table><table:table-column table:number-columns-repeated="3"/><table:table-row>'
                  + cell("姓名") + cell("手机号") + cell("身份证号") + "</table:table-row>" + rows + "</table:table>", 10)
    remark = "备注：核实" + noted["name"] + "，身份证号" + noted["resident_id"]
    notes = f"<presentation:notes>{paras(remark)}</presentation:notes>"
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body><office:presentation>'
            f'<draw:page draw:name="p1">{paras("客户资料汇总", contact)}</draw:page>'
            f'<draw:page draw:name="p2">{table}{notes}</draw:page>'
            f"</office:presentation></office:body></office:document>")


def main() -> None:
    ps = people()
    write_converted("名单.fodp", deck(ps), {"pptx": "pptx", "ppt": "ppt"}, "名单-slides.json", ps)


if __name__ == "__main__":
    main()
