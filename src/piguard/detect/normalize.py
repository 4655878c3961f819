"""Text normalisation that keeps character offsets: full-width → half-width, one character for one.

NFKC would also fold full-width forms but can change the length of a string (ligatures, ㈠), which
would break the offsets findings report; this table maps U+FF01-U+FF5E and the ideographic space only.
"""

from __future__ import annotations

from piguard.detect.identifiers._base import FULL_TO_HALF

# also fold the common look-alikes of the masking star and of separators
_EXTRA = {ord("＊"): ord("*"), ord("×"): ord("*"), ord("●"): ord("*"), ord("－"): ord("-"), ord("—"): ord("-"),
          ord("–"): ord("-"), ord("．"): ord(".")}
TABLE = {**FULL_TO_HALF, **_EXTRA}


def normalize(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII; the result has the same length.

    >>> normalize('电话：１３８－１２３４－５６７８')
    '电话:138-1234-5678'
    >>> len(normalize('ＡＢＣ　１２３')) == len('ＡＢＣ　１２３')
    True
    """
    return text.translate(TABLE)
