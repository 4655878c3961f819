"""End-to-end: the piguard command on files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from piguard.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_assess_text_leads_with_conclusion(examples):
    r = invoke("assess", str(examples / "xiuning-mobile-agent.yaml"))
    assert r.exit_code == 0, r.output
    first = r.output.strip().splitlines()[1]
    assert "情节严重" in first and "serious" in first
    assert "Interp. Art. 5¶1(8)" in r.output
    assert "将在履行职责或者提供服务过程中获得的公民个人信息" in r.output   # the verbatim text of the met ground


def test_assess_zh(examples):
    r = invoke("assess", str(examples / "shanghai-maternal-infant.yaml"), "--lang", "zh")
    assert r.exit_code == 0
    assert "情节特别严重" in r.output and "《解释》第五条第二款第三项" in r.output
    assert "稳定" in r.output or "robust" in r.output


def test_assess_json_schema(examples):
    r = invoke("assess", str(examples / "shanghai-maternal-infant.yaml"), "--json")
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert d["schema"] == "piguard.assessment/1"
    for key in ("circumstance", "statutory_range", "possible_range", "suspension", "fine", "grounds", "contested",
                "flags", "trace"):
        assert key in d
    assert set(d["statutory_range"]) >= {"min_months", "max_months", "detention_possible", "fine"}
    assert set(d["possible_range"]) >= {"min_months", "max_months", "exemption_possible"}
    assert set(d["suspension"]) >= {"eligible", "probation_min_months", "probation_max_months"}
    assert all({"provision", "text_zh", "met"} <= set(g) for g in d["grounds"])
    assert d["circumstance"] == "especially_serious"


def test_assess_guideline(examples):
    r = invoke("assess", str(examples / "xiuning-mobile-agent.yaml"), "--guideline", "jiangxi-2025")
    assert r.exit_code == 0 and "PROVISIONAL" in r.output
    bad = invoke("assess", str(examples / "xiuning-mobile-agent.yaml"), "--guideline", "nowhere")
    assert bad.exit_code == 2 and "unknown guideline profile" in bad.output


def test_bad_facts_exit_2_naming_file_and_key(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("acts: [sell]\npieces: {general: -3}\nfoo: 1\n", encoding="utf-8")
    r = invoke("assess", str(p))
    assert r.exit_code == 2
    assert "bad.yaml" in r.output and "pieces.general" in r.output and "foo: unknown key" in r.output


def test_missing_facts_file_exit_2(tmp_path):
    r = invoke("assess", str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2 and "cannot read facts file" in r.output


def test_law_show_and_search():
    r = invoke("law", "interp2017.art5.p1.i3")
    assert r.exit_code == 0
    assert "五十条以上" in r.output and "50 or more pieces" in r.output and "interp2017.pieces.item3" in r.output
    r = invoke("law", "--search", "验证码")
    assert r.exit_code == 0 and "gc.195" in r.output
    r = invoke("law", "cl.art253-1")
    assert r.output.count("cl.art253-1.p") == 4
    assert invoke("law", "cl.art9999").exit_code == 2
    assert invoke("law", "--search", "火星").exit_code == 1
    assert "interp2017" in invoke("law").output


def test_console_script_runs_as_installed(examples):
    exe = os.path.join(os.path.dirname(sys.executable), "piguard")
    if not os.path.exists(exe):
        pytest.skip("console script not installed in this environment")
    p = subprocess.run([exe, "assess", str(examples / "real-estate-owner-list.yaml"), "--json"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["circumstance"] == "especially_serious"
    assert d["contested"]["verdict"].startswith("depends on")
