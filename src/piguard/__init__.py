"""piguard — find, count and weigh citizens' personal information under Chinese law.

Pipeline: scan → detect → count → law → report. The public Python API starts with::

    from piguard import assess, load_facts
    result = assess(load_facts("examples/facts/xiuning-mobile-agent.yaml"))
    result.circumstance        # 'serious'

The names are imported when first asked for: a scan's worker processes, which only detect, do not load the
law layer.
"""

from __future__ import annotations

import importlib

_API = {"Assessment": "piguard.law.assess", "assess": "piguard.law.assess", "Facts": "piguard.law.facts",
        "FactsError": "piguard.law.facts", "load_facts": "piguard.law.facts", "parse_facts": "piguard.law.facts"}

__all__ = sorted(_API)
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'piguard' has no attribute {name!r}")
