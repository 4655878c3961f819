from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from piguard import assess, parse_facts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "facts"


def facts(**kw: Any):
    """Facts for a test: acts default to selling; nested dicts for offender/pieces/conduct."""
    data: dict[str, Any] = {"acts": ["sell"]}
    data.update(kw)
    return parse_facts(data, "<test>")


def run(**kw: Any):
    return assess(facts(**kw))


def tier(**kw: Any) -> str:
    return run(**kw).circumstance


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(params=["native", "fallback"])
def kernels(request, monkeypatch):
    """Run a test with the compiled kernels (piguard._native) and again with their fall-backs."""
    from piguard import native
    if request.param == "native":
        if not native.available():
            pytest.skip("piguard._native not built")
    else:
        monkeypatch.setattr(native, "_native", None)
    return request.param
