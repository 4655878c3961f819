"""The CJK font of the reports: Noto Sans CJK (SIL Open Font License), installed from PyPI with piguard
(package ``noto-cjk-sans-otc``), so a PDF renders Chinese on a machine without Chinese system fonts.

The PDF embeds the glyphs it uses (fpdf2 subsets the font); the HTML carries a WOFF subset of the
characters it contains in an ``@font-face`` rule, so it stays one self-contained file that shows Chinese
even where the browser has no Chinese font.
"""

from __future__ import annotations

import base64
import io

from piguard.fonts import FAMILY, FontError, collection, sc_index  # noqa: F401 (the reports' font)


def woff_subset(text: str) -> str:
    """A base64 WOFF font holding the glyphs of ``text`` (for an inline ``@font-face``)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(collection()), fontNumber=sc_index(), lazy=False)
    options = subset.Options()
    options.flavor = "woff"
    sub = subset.Subsetter(options)
    sub.populate(unicodes={ord(c) for c in set(text)} | set(range(0x20, 0x7F)))
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    return base64.b64encode(buf.getvalue()).decode("ascii")
