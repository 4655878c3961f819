"""Text normalisation that keeps character offsets: full-width → half-width, one character for one.

NFKC would also fold full-width forms but can change the length of a string (ligatures, ㈠), which
would break the offsets findings report; this table maps U+FF01-U+FF5E and the ideographic space only.
"""

from __future__ import annotations

import re

import numpy as np

from piguard import native
from piguard.detect.identifiers._base import FULL_TO_HALF

# also fold the common look-alikes of the masking star and of separators
_EXTRA = {ord("＊"): ord("*"), ord("×"): ord("*"), ord("●"): ord("*"), ord("－"): ord("-"), ord("—"): ord("-"),
          ord("–"): ord("-"), ord("．"): ord(".")}
TABLE = {**FULL_TO_HALF, **_EXTRA}


_FROM = np.array(sorted(TABLE), dtype=np.uint32)
_TO = np.array([TABLE[k] for k in sorted(TABLE)], dtype=np.uint32)
FOLD_BASE = int(_FROM.min())           # code points FOLD_BASE.. → their fold (the compiled kernels take it too)
FOLD_LUT = np.arange(FOLD_BASE, int(_FROM.max()) + 1, dtype=np.uint32)
FOLD_LUT[_FROM - FOLD_BASE] = _TO
_VECTOR_MIN = 4096          # below this, str.translate is faster than the round trip through numpy
# Chinese punctuation that every pattern and separator already accepts as it is (：，（）；！？): a text
# whose only full-width characters are these needs no folding, and most Chinese text is such a text
_HARMLESS = "，：（）；！？"
_NEEDS_FOLDING = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(TABLE) if chr(c) not in _HARMLESS) + "]")


# white space as Python's str.isspace() sees it: for polars' strip_chars, and as a table for the kernels
PY_WHITESPACE, SPACE_TABLE = native.PY_WHITESPACE, native.SPACE_TABLE


def normalize(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII; the result has the same length.

    Long texts are folded in one pass of the compiled kernel, else as one vector operation over their code
    points (UTF-32), not per character.

    >>> normalize('电话：１３８－１２３４－５６７８')
    '电话:138-1234-5678'
    >>> len(normalize('ＡＢＣ　１２３')) == len('ＡＢＣ　１２３')
    True
    >>> s = '身份证１１０１０５' * 1000
    >>> normalize(s) == s.translate(TABLE)
    True
    >>> t = '姓名：张三，电话13812345678。' * 500
    >>> normalize(t) is t          # only harmless punctuation: returned as it is
    True
    """
    if text.isascii():
        return text
    if len(text) < _VECTOR_MIN:
        return text.translate(TABLE)
    if native.available():
        return native.fold_text(text, FOLD_LUT, FOLD_BASE, _HARMLESS)
    if not _NEEDS_FOLDING.search(text):
        return text
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    inside = (cps >= FOLD_BASE) & (cps <= FOLD_BASE + len(FOLD_LUT) - 1)
    cps[inside] = FOLD_LUT[cps[inside] - FOLD_BASE]
    return cps.tobytes().decode("utf-32-le")
