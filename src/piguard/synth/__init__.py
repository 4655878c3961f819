"""Synthetic labelled data for tests and benchmarks of the detector — never real people.

>>> g = Generator(seed=1)
>>> doc = g.document("kv")
>>> all(doc.text[s.start:s.end] for s in doc.spans)
True
>>> Generator(seed=1).document("kv") == doc
True

``Generator`` gives values of every PI type (valid by construction, check characters from the identifier
modules), masked values, person records, documents (kv / paragraph / chat) with exact spans, tables with
labelled cells, and hard negatives (text that looks like PI but is not).
"""

from piguard.synth.documents import EMPTY_CELL_RATE, FULL_WIDTH_RATE, HARD_NEGATIVE_RATE, INVALID_RATE, KEYWORD_REQUIRED, MASKED_RATE, Generator
from piguard.synth.model import IDENTIFIER_TYPES, INVALID, KINDS, MASKED, STATUSES, TYPES, UNVERIFIED, VALID, LabelledTable, LabelledText, Span
from piguard.synth.values import MODULES

__all__ = ["EMPTY_CELL_RATE", "FULL_WIDTH_RATE", "HARD_NEGATIVE_RATE", "IDENTIFIER_TYPES", "INVALID", "INVALID_RATE",
           "KEYWORD_REQUIRED", "KINDS", "MASKED", "MASKED_RATE", "MODULES", "STATUSES", "TYPES", "UNVERIFIED", "VALID",
           "Generator", "LabelledTable", "LabelledText", "Span"]
