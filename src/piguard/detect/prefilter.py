"""Which cells of a column could hold personal information at all, decided for the whole column at once.

Every finding of the text detector starts from a candidate pattern (with its boundaries), a context
keyword, a place name or a chat speaker label; the OCR variants of a pattern (stray spaces) only from a
match with a space in it, and an address from a place name only with a street part after it. One Rust regex over the boundary-wrapped patterns and
one Aho-Corasick pass over the keywords and place names (polars, multi-threaded) mark the cells where
any of these occur; only those cells go through the text detector. The filter may pass cells that hold
nothing, never the reverse (tested against the detector on synthetic tables).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from piguard.detect import addresses
from piguard.detect.detector import Detector

_GLUE = {"digit": "0-9", "alnum": "0-9A-Za-z"}
SPEAKER = r"(?m)^[ \t]*[\u4e00-\u9fff]{2,4}[:：]"
_DIGITS = "^[0-9]+$"


class CellFilter:
    def __init__(self, detector: Detector):
        parts, spaced, whole = [], [], []
        for r in detector.recognizers:
            if r.keyword_required:
                continue
            for p in r.patterns:
                g = _GLUE.get(r.boundary)
                # the OCR variants (stray spaces) find a value only where it has a space: tested apart
                (spaced if getattr(r.check, "needs_space", False) else parts).append(
                    f"(?:^|[^{g}])(?:{p})(?:[^{g}]|$)" if g else f"(?:{p})")
                if not getattr(r.check, "needs_space", False):
                    whole.append(p if g else f".*(?:{p}).*")
        self.pattern = "|".join(parts + [SPEAKER])
        self.spaced_pattern = "|".join(spaced)
        # in a cell of digits alone a value glued to no digit is the whole cell: one anchored expression
        # settles such cells (order numbers, times, codes) faster than the search for values anywhere
        self.digits_pattern = f"^(?:{'|'.join(whole)})$"
        # a place name only ever starts an address, and an address has a street part: the street words
        # stand in for the thousands of place names
        self.literals = [w for w, roles in zip(detector._literals, detector._roles) if any(r != "place" for r, _ in roles)]
        self.literals += [w for w in addresses.words(addresses.STREET) if w not in self.literals]
        self.ascii_literals = [w for w in self.literals if w.isascii()]

    def may_hold(self, cells: pl.Series) -> np.ndarray:
        """True for every cell (already full-width folded) where the detector could find something. In a
        column of ASCII text (order numbers, amounts, times) only the ASCII keywords can occur."""
        ascii_only = bool((cells.str.len_bytes() == cells.str.len_chars()).all())
        if ascii_only:
            pure = cells.str.contains(_DIGITS).fill_null(False).to_numpy()
            if pure.any():
                hit = np.zeros(len(cells), dtype=bool)
                hit[pure] = self._digits_hold(cells.filter(pure))
                rest = np.flatnonzero(~pure)
                if len(rest):
                    hit[rest] = self._may_hold(cells.gather(rest), self.ascii_literals)
                return hit
        return self._may_hold(cells, self.ascii_literals if ascii_only else self.literals)

    def _digits_hold(self, cells: pl.Series) -> np.ndarray:
        """:meth:`may_hold` for cells of digits alone: a whole-cell value, or a keyword of digits (none yet)."""
        hit = cells.str.contains(self.digits_pattern)
        digit_words = [w for w in self.ascii_literals if w.isdigit()]
        if digit_words:
            hit = hit | cells.str.contains_any(digit_words)
        return hit.fill_null(False).to_numpy()

    def _may_hold(self, cells: pl.Series, literals: list[str]) -> np.ndarray:
        hit = cells.str.contains(self.pattern)
        if self.spaced_pattern:
            hit = hit | (cells.str.contains(" ", literal=True) & cells.str.contains(self.spaced_pattern))
        if literals:
            hit = hit | cells.str.contains_any(literals, ascii_case_insensitive=True)
        return hit.fill_null(False).to_numpy()
