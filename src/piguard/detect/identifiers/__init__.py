"""Identifier modules, one per kind (python-stdnum shape). ``RECOGNIZERS`` collects every module's.

Each module offers ``compact``, ``validate`` (raising a specific :class:`ValidationError`),
``is_valid``, ``format`` and ``mask``; see its doctests. Adding a module here is all it takes to
teach the detector a new identifier.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

from piguard.detect.identifiers._base import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, Recognizer, Status, ValidationError
from piguard.detect.identifiers._base import compact as _base_compact

MODULES = tuple(importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
                if not m.name.startswith("_"))
# a recognizer normalises its values with its own module's compact() unless it names another function
RECOGNIZERS: tuple[Recognizer, ...] = tuple(
    replace(r, normalize=m.compact) if r.normalize is _base_compact else r
    for m in MODULES for r in getattr(m, "RECOGNIZERS", ()))
BY_TYPE = {m.__name__.rsplit(".", 1)[1]: m for m in MODULES}

__all__ = ["BY_TYPE", "MODULES", "RECOGNIZERS", "InvalidChecksum", "InvalidComponent", "InvalidFormat",
           "InvalidLength", "Recognizer", "Status", "ValidationError"]
