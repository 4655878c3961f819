"""piguard — find, count and weigh citizens' personal information under Chinese law.

Pipeline: scan → detect → count → law → report. The public Python API starts with::

    from piguard import assess, load_facts
    result = assess(load_facts("examples/facts/xiuning-mobile-agent.yaml"))
    result.circumstance        # 'serious'
"""

from piguard.law.assess import Assessment, assess
from piguard.law.facts import Facts, FactsError, load_facts, parse_facts

__all__ = ["Assessment", "Facts", "FactsError", "assess", "load_facts", "parse_facts"]
__version__ = "0.1.0"
