"""How tests/data/名单.doc was made (synthetic people, piguard's generator; run
once by hand, LibreOffice needed): an HTML page of paragraphs and a table converted to Word 97-2003 by
LibreOffice. The tests read the .doc files and compare with the people listed here.

    .venv/bin/python tests/data/make_doc_fixtures.py
"""

import json
import subprocess
import tempfile
from pathlib import Path

from piguard.synth import Generator

HERE = Path(__file__).parent


def people(n: int = 6, seed: int = 31) -> list[dict]:
    g = Generator(seed)
    return [{k: p[k] for k in ("name", "mobile", "resident_id", "address")} for p in (g.record() for _ in range(n))]


def page(ps: list[dict]) -> str:
    rows = "".join(f"<tr><td>{p['name']}</td><td>{p['mobile']}</td><td>{p['resident_id'] if i != 2 else ''}</td>"
                   f"<td>{p['address']}<p>（备注：第{i + 1}位）</p></td></tr>" for i, p in enumerate(ps[:4]))
    lead = ps[4]
    tail = ps[5]
    return (f"<html><head><meta charset='utf-8'></head><body><p>关于客户资料的情况说明</p>"
            f"<p>经办人{lead['name']}，联系电话{lead['mobile']}。</p>"
            f"<table border='1'><tr><th>姓名</th><th>手机号</th><th>身份证号</th><th>地址</th></tr>{rows}</table>"
            f"<p>另：{tail['name']}，身份证号{tail['resident_id']}，住{tail['address']}。</p></body></html>")


def write_converted(name: str, text: str, targets: dict[str, str], listed: str, people_: list[dict]) -> None:
    """``text`` saved as ``name`` and converted by LibreOffice to each target (suffix → filter), each written
    here under ``name``'s stem; the people it holds written to ``listed``."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / name
        src.write_text(text, encoding="utf-8")
        for suffix, target in targets.items():
            subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", tmp, str(src)],
                           check=True, capture_output=True)
            out = src.with_suffix("." + suffix).name
            (HERE / out).write_bytes((Path(tmp) / out).read_bytes())
    (HERE / listed).write_text(json.dumps(people_, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    ps = people()
    write_converted("名单.html", page(ps), {"doc": "doc:MS Word 97"}, "名单.json", ps)


if __name__ == "__main__":
    main()
