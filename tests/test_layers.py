"""Data flows one way: scan → detect → count → law → report. A layer imports only from layers to its
left, and law imports nothing of the others (it is pure: facts in, assessment out)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "piguard"
# native (the compiled kernels, piguard/native.py) sits under every layer but law and imports none; fonts
# (piguard/fonts.py, the CJK font) under report and synth
ALLOWED = {
    "scan": {"native"},
    "detect": {"scan", "native"},
    "count": {"scan", "detect", "native"},
    "law": set(),
    "report": {"scan", "detect", "count", "law", "native", "fonts"},
    "synth": {"detect", "native", "fonts"},
}


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for n in names:
            parts = n.split(".")
            if parts[0] == "piguard" and len(parts) > 1:
                out.add(parts[1])
    return out


def test_native_kernels_import_no_layer():
    assert imported_layers(SRC / "native.py") <= {"_native"}


def test_the_font_imports_no_layer():
    assert imported_layers(SRC / "fonts.py") == set()


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports(layer):
    for f in (SRC / layer).rglob("*.py"):
        bad = imported_layers(f) - ALLOWED[layer] - {layer}
        assert not bad, f"{f.relative_to(SRC)} imports {bad}"
