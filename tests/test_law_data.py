"""The law data: every quoted text is verbatim from the sources, every citation resolves, no number in code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from piguard.law.provisions import load_law, source_corpus

LAW = load_law()
SRC = Path(__file__).resolve().parent.parent / "src" / "piguard"


def _normalise(text: str) -> str:
    # the corpus is Markdown: drop block-quote markers and all whitespace so line wrapping cannot matter
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    return re.sub(r"\s+", "", text)


CORPUS = _normalise(source_corpus())


@pytest.mark.parametrize("pid", sorted(LAW.provisions))
def test_provision_text_is_verbatim_in_sources(pid):
    assert _normalise(LAW.provisions[pid].text_zh) in CORPUS, f"{pid} text is not verbatim in the bundled sources"


@pytest.mark.parametrize("pid", sorted(LAW.parameters))
def test_parameter_quote_is_in_its_provision(pid):
    p = LAW.parameters[pid]
    assert p.quote in p.provision.text_zh
    assert p.provision.id in LAW.provisions


def test_required_coverage():
    required = [f"interp2017.art{n}" for n in range(1, 14)]
    required += [f"cl.art253-1.p{n}" for n in range(1, 5)]
    required += [f"cl.art{n}" for n in (25, 26, 27, 28, 29, 37, "37-1", 42, 45, 52, 53, 61, 62, 63, 64, 65, 66, 67,
                                        68, 72, 73, 74, 99, "286-1", "287-1")]
    required += ["cpl.art15"] + [f"pipl.art{n}" for n in (4, 28, 29, 31, 51, 57, 66, 69, 70)]
    required += [f"cc.art{n}" for n in (111, 1034, 1035, 1038)] + [f"gc.{n}" for n in (192, 193, 194, 195)]
    missing = [r for r in required if not LAW.children(r)]
    assert not missing


def test_every_provision_has_gloss_and_date():
    for p in LAW.provisions.values():
        assert p.en.strip() and p.effective and p.instrument.source


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


ID_LIKE = re.compile(r"^(interp2017|cl|cl9|cpl|pipl|cc|gc)\.[a-z0-9.\-_]+$")


def test_every_citation_in_code_resolves():
    cited = {s for f in (SRC / "law").glob("*.py") for s in _string_literals(f) if ID_LIKE.match(s)}
    assert len(cited) > 60
    unknown = [s for s in cited if s not in LAW.provisions and s not in LAW.parameters]
    assert not unknown, f"code cites ids that are not in the law data: {unknown}"


LEGAL_NUMBERS = {2, 3, 5, 6, 7, 10, 12, 14, 16, 18, 24, 25, 36, 50, 60, 75, 84, 250, 500, 2500, 5000, 25000, 50000,
                 100000, 1000000, 50000000}


@pytest.mark.parametrize("module", ["circumstance.py", "sentence.py", "consequences.py", "assess.py"])
def test_rules_hold_no_legal_number(module):
    tree = ast.parse((SRC / "law" / module).read_text(encoding="utf-8"))
    numbers = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)]
    assert not set(numbers) & LEGAL_NUMBERS, f"{module} holds legal numbers {set(numbers) & LEGAL_NUMBERS}"


def test_citations_render():
    assert LAW.provision("interp2017.art5.p1.i3").cite_zh == "《解释》第五条第一款第三项"
    assert LAW.provision("cl.art253-1.p2").cite_zh == "《刑法》第二百五十三条之一第二款"
    assert LAW.provision("cc.art1038.p1").cite_zh == "《民法典》第一千零三十八条第一款"
    assert LAW.provision("interp2017.art5.p2.i3").cite_en == "Interp. Art. 5¶2(3)"


def test_search_finds_verification_codes():
    assert "gc.195" in [p.id for p in LAW.search("验证码")]


def test_numerals_doctest():
    import doctest

    import piguard.law.numerals as numerals
    assert doctest.testmod(numerals).failed == 0
