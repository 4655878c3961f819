"""Case reports (HTML and PDF): content and order, gauges from the assessment, masking, both languages,
scan-only and with facts, rendered in headless Chromium and by poppler (skipped, saying so, where the
tools are missing: the CI script installs them)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piguard.cli import app
from piguard.count.run import scan
from piguard.detect.detector import default_detector
from piguard.law.provisions import load_law
from piguard.report.case import make_report, write_report
from piguard.report.html import render_html
from piguard.report.model import law_version
from piguard.synth.evidence import write_evidence

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "examples" / "facts" / "demo-case.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM, PDFTOTEXT, PDFFONTS = shutil.which("pdftoppm"), shutil.which("pdftotext"), shutil.which("pdffonts")
REQUIRED = os.environ.get("PIGUARD_REQUIRE_RENDERERS") == "1"       # set by .ci/run: CI must render
SECTIONS = ["conclusion", "gauges", "contested", "inputs", "counts", "exclusions", "samples", "reasoning", "versions"]


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("case")
    write_evidence(folder, seed=5, rows=40)
    result = scan([str(folder / "evidence")], reveal=True)
    (folder / "scan.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    raw = sorted({v for items in result["samples"].values() for s in items for v in s["revealed"]})
    return {"folder": folder, "scan": result, "raw": raw}


def _visible_pi(text: str) -> list:
    """Unmasked, valid identifiers the detector finds in a rendered report."""
    return [f for f in default_detector().detect(text)
            if f.type in ("mobile", "resident_id", "bank_card") and f.status.value == "valid"]


def test_model_gauges_follow_the_assessment(case):
    r = make_report(case["scan"], FACTS, "zh")
    by = {g.key: g for g in r.gauges}
    # demo-case.yaml: information from duty or service → item (8) halves every standard
    assert all(g.halved for g in r.gauges)
    assert by["i4"].value == sum(n for k, n in case["scan"]["pieces"].items()
                                 if k in ("accommodation", "communication_records", "health", "transaction", "other_safety"))
    assert by["i4"].serious == 250 and by["i4"].especially == 2500
    # bank accounts, vehicles and location tracks
    assert by["i3"].value == case["scan"]["pieces"]["property"] + case["scan"]["pieces"]["whereabouts"]
    assert by["i3"].serious == 25 and dict(by["i3"].parts) == {"行踪轨迹信息": case["scan"]["pieces"]["whereabouts"],
                                                             "财产信息": case["scan"]["pieces"]["property"]}
    assert by["i7"].value == 12000 and by["i7"].serious == 2500 and by["i7"].level == "serious"
    assert r.circumstance == "serious" and r.headline.startswith("情节严重")
    plain = make_report(case["scan"], None, "en")
    assert not any(g.halved for g in plain.gauges)
    income = next(g for g in plain.gauges if g.key == "i7")
    assert income.value is None and income.level == "unknown"          # not alleged, not "0 yuan"
    assert {g.key for g in plain.gauges if g.unit == "pieces"} == {"i3", "i4", "i5"}
    assert any("No facts file" in n for n in plain.notes)


def test_html_is_self_contained_ordered_and_masked(case):
    for lang, facts in (("zh", FACTS), ("en", None)):
        html = render_html(make_report(case["scan"], facts, lang))
        positions = [html.index(f'id="{s}"') for s in SECTIONS]
        assert positions == sorted(positions)
        assert "<script" not in html and "<link" not in html
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
        assert "@font-face" in html and "data:font/woff;base64," in html
        for i in case["scan"]["inputs"]:
            if i["sha256"]:
                assert i["sha256"] in html
        assert law_version() in html
        leaked = [v for v in case["raw"] if v in html]
        assert not leaked, leaked
        text = re.sub(r"data:font/woff;base64,[A-Za-z0-9+/=]+", "", html)
        visible = _visible_pi(text)
        assert not visible, [(f.type, f.start, text[f.start - 80:f.end + 40]) for f in visible]
        assert 'id="revealed"' not in html
        assert re.search(r"[0-9,]+ (段|paragraphs)</td>", html)                      # the card file's unit
        assert ("侵犯公民个人信息案件分析报告" if lang == "zh" else "Personal information case report") in html
        assert load_law().provision("interp2017.art5.p1.i4").text_zh in html          # the verbatim text


def test_reveal_only_when_asked_and_kept(case, tmp_path):
    shown = render_html(make_report(case["scan"], FACTS, "zh", reveal=True))
    assert 'id="revealed"' in shown and shown.index('id="revealed"') < shown.index('id="conclusion"')
    assert [v for v in case["raw"] if v in shown]
    masked_scan = scan([str(case["folder"] / "evidence" / "dump.txt")])          # a scan without --reveal
    r = make_report(masked_scan, None, "en", reveal=True)
    assert not r.revealed and any("masked values only" in n for n in r.notes)


def test_pdf_has_chinese_text_embedded_font_and_no_unmasked_value(case, tmp_path, caplog):
    out = tmp_path / "r.pdf"
    with caplog.at_level(logging.WARNING):
        write_report(make_report(case["scan"], FACTS, "zh"), out)
    assert not [r for r in caplog.records if "missing" in r.getMessage()]          # no glyph fell back to tofu
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    if not (PDFTOTEXT and PDFFONTS and PDFTOPPM):
        _missing("poppler-utils (pdftotext, pdffonts, pdftoppm)")
    text = subprocess.run([PDFTOTEXT, "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "侵犯公民个人信息案件分析报告" in text and "情节严重" in text and "《解释》第五条第一款第四项" in text
    leaked = [v for v in case["raw"] if v in text.replace(" ", "").replace("\n", "")]
    assert not leaked, leaked
    fonts = subprocess.run([PDFFONTS, str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"NotoSansCJK\S*\s.*\byes\s+yes\s+yes\b", fonts), fonts
    subprocess.run([PDFTOPPM, "-r", "40", "-png", "-f", "1", "-l", "2", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for page in pages:
        assert _ink(page) > 0.01
    # not tofu: the glyphs of the title line (the Chinese title) are distinct shapes, not one repeated box
    subprocess.run([PDFTOPPM, "-r", "100", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "title")], check=True)
    groups, distinct = _title_glyphs(next(tmp_path.glob("title-*.png")))
    assert groups >= 10 and distinct >= 0.8 * groups, (groups, distinct)


def test_pdf_in_english(case, tmp_path):
    out = write_report(make_report(case["scan"], None, "en"), tmp_path / "r.pdf")
    if not PDFTOTEXT:
        _missing("pdftotext (poppler-utils)")
    text = subprocess.run([PDFTOTEXT, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Personal information case report" in text and "Interp. Art. 5" in text


def _missing(tool: str) -> None:
    message = f"{tool} not installed: scripts/test-tools.sh installs it (make test runs it)"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def _title_glyphs(png: Path) -> tuple[int, int]:
    """The first line of ink on a page split at blank columns: how many shapes, how many distinct."""
    import numpy as np
    from PIL import Image

    ink = np.array(Image.open(png).convert("L")) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    end = rows[0]
    while end + 1 < ink.shape[0] and ink[end + 1].any():
        end += 1
    band = ink[rows[0]:end + 1]
    cols = np.flatnonzero(band.any(axis=0))
    breaks = np.flatnonzero(np.diff(cols) > 1) + 1
    shapes = [band[:, c[0]:c[-1] + 1] for c in np.split(cols, breaks)]
    return len(shapes), len({s.tobytes() + bytes(str(s.shape), "ascii") for s in shapes})


def _ink(png: Path) -> float:
    """Share of non-white pixels of a PNG page."""
    from PIL import Image

    im = Image.open(png).convert("L")
    hist = im.histogram()
    return 1 - sum(hist[245:]) / sum(hist)


def _chromium_shot(html: Path, shot: Path, width: int) -> str:
    run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                          f"--screenshot={shot}", f"--window-size={width},1600", html.as_uri()],
                         capture_output=True, text=True, timeout=120)
    return run.stderr


def test_html_renders_in_headless_chromium_without_console_errors(case, tmp_path):
    if not CHROMIUM:
        _missing("chromium")
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><script>undefinedFunction()</script></body></html>", encoding="utf-8")
    assert "CONSOLE" in _chromium_shot(broken, tmp_path / "broken.png", 400)         # the check can fail
    for lang, width in (("zh", 1000), ("en", 400)):                                 # desktop and phone widths
        page = write_report(make_report(case["scan"], FACTS, lang), tmp_path / f"r-{lang}.html")
        shot = tmp_path / f"r-{lang}.png"
        log = _chromium_shot(page, shot, width)
        assert "CONSOLE" not in log, log
        assert shot.is_file() and _ink(shot) > 0.05


def test_cli_report_and_scan_shortcut(case, tmp_path):
    runner = CliRunner()
    scan_json = case["folder"] / "scan.json"
    res = runner.invoke(app, ["report", "--scan", str(scan_json), "--out", str(tmp_path / "a.html"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Personal information case report" in (tmp_path / "a.html").read_text(encoding="utf-8")
    res = runner.invoke(app, ["report", "--scan", str(scan_json), "--facts", str(FACTS), "--out", str(tmp_path / "a.pdf")])
    assert res.exit_code == 0, res.output and (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    res = runner.invoke(app, ["report", "--scan", str(scan_json), "--out", str(tmp_path / "a.docx")])
    assert res.exit_code == 2 and ".html or .pdf" in res.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other"}', encoding="utf-8")
    res = runner.invoke(app, ["report", "--scan", str(bad), "--out", str(tmp_path / "b.html")])
    assert res.exit_code == 2 and "bad.json" in res.output
    with_pieces = tmp_path / "f.yaml"
    with_pieces.write_text("schema: piguard.facts/1\nacts: [sell]\npieces: {general: 10}\n", encoding="utf-8")
    res = runner.invoke(app, ["report", "--scan", str(scan_json), "--facts", str(with_pieces), "--out", str(tmp_path / "c.html")])
    assert res.exit_code == 2 and "already give pieces" in res.output
    out = tmp_path / "s.html"
    res = runner.invoke(app, ["scan", str(case["folder"] / "evidence"), "--quiet", "--report", str(out),
                              "--facts", str(FACTS), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "情节严重" in html and not [v for v in case["raw"] if v in html]
    res = runner.invoke(app, ["scan", str(case["folder"] / "evidence"), "--quiet", "--report", str(tmp_path / "x.txt")])
    assert res.exit_code == 2


def test_gauge_values_are_exact_fractions(case):
    r = make_report(case["scan"], FACTS, "en")
    combined = [g for g in r.gauges if g.key == "i6"]
    assert combined and isinstance(combined[0].value, Fraction) and combined[0].serious == 1
