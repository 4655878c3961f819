"""The CJK font piguard writes Chinese with: Noto Sans CJK (SIL Open Font License), installed from PyPI with
piguard (package ``noto-cjk-sans-otc``), so a PDF renders Chinese on a machine without Chinese system fonts.
Shared by the reports and by the synthetic evidence (a list printed to PDF); it imports no layer.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

FAMILY = "Noto Sans CJK SC"


class FontError(RuntimeError):
    """The bundled CJK font is missing (piguard installed without its dependencies)."""


def collection() -> Path:
    try:
        path = Path(str(resources.files("noto_cjk_sans_otc").joinpath("NotoSansCJK-Regular.ttc")))
    except ModuleNotFoundError:
        raise FontError("the CJK font package noto-cjk-sans-otc is not installed; reinstall piguard") from None
    if not path.is_file():
        raise FontError(f"the CJK font file is missing: {path}")
    return path


@lru_cache(maxsize=1)
def sc_index() -> int:
    """The collection member for Simplified Chinese (its family name is ``Noto Sans CJK SC``)."""
    from fontTools.ttLib import TTCollection

    with TTCollection(str(collection()), lazy=True) as ttc:
        for i, font in enumerate(ttc.fonts):
            if font["name"].getDebugName(1) == FAMILY:
                return i
    raise FontError(f"{collection()}: no member named {FAMILY!r}")
