"""From findings and field names to the legal category of a record (Interp. Art. 5 ¶1 items (3)-(5)).

The rules are data (``data/categories.yaml``); each result says which rule fired and, where courts
disagree, the alternative category, so the law engine can weigh both readings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable

import yaml

from piguard.detect.findings import Finding
from piguard.detect.identifiers import resident_id
from piguard.detect.identifiers._base import Status

CACHED_WORDS = 512          # longer word strings (a text record's whole text) are decided without the cache


@dataclass(frozen=True)
class Categorization:
    category: str
    alternative: str | None
    reasons: tuple[str, ...]
    sensitive: tuple[str, ...] = ()          # PIPL Art. 28 kinds involved
    minor_under_14: bool = False
    contested: tuple[str, ...] = field(default=())


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(resources.files("piguard.detect.data").joinpath("categories.yaml").read_text(encoding="utf-8"))


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def minor_under(findings: Iterable[Finding], age: int, on: dt.date) -> bool:
    """True when a valid resident ID shows a birth date less than ``age`` years before ``on``."""
    for f in findings:
        if f.type == "resident_id" and f.status is Status.VALID:
            try:
                if _age(resident_id.birth_date(f.value), on) < age:
                    return True
            except ValueError:
                continue
    return False


def categorize(findings: Iterable[Finding], words: Iterable[str] = (), on: dt.date | None = None) -> Categorization:
    """The category of one record: its identifying findings plus its field names or surrounding words.

    >>> from piguard.detect.detector import detect
    >>> c = categorize(detect('姓名：张三 手机：13812345678'), ['入住时间', '房号'])
    >>> c.category, c.reasons[0]
    ('accommodation', '住宿信息 (Interp. Art. 5 ¶1(4)): 入住')
    """
    # masked values and values that fail their own check (untrue information, Interp. Art. 11 ¶3) say
    # nothing of what the record is: an ID number with a wrong check character does not make it ¶1(4)
    findings = [f for f in findings if f.identifying]
    kinds = frozenset(f.type for f in findings)
    text = " ".join(words)
    # field names (a table's headers) repeat, and are cached; a text record's own text is not kept
    decide = _by_kinds_and_words if len(text) <= CACHED_WORDS else _by_kinds_and_words.__wrapped__
    category, alternative, reasons, sensitive, contested = decide(kinds, text)
    minor = "resident_id" in kinds and minor_under(findings, rules()["pipl28"]["minor_age"], on or dt.date.today())
    if minor:
        sensitive = sensitive + ("不满十四周岁未成年人",)
    return Categorization(category, alternative, reasons, sensitive, minor, contested)


@lru_cache(maxsize=65536)
def _by_kinds_and_words(kinds: frozenset, text: str) -> tuple:
    """The part of a categorisation that depends only on the kinds present and the words (cached: the
    rows of one table share their field names)."""
    r = rules()
    severity = _severity()
    fired: list[tuple[str, str | None, str]] = []
    for kind in sorted(kinds):
        rule = r["types"].get(kind)
        if rule:
            fired.append((rule["category"], rule.get("alternative"), f"{rule['basis']}: {kind}"))
    context, any_word = _context_rules()
    if any_word.search(text):
        for rule, words in context:
            if words.search(text):                  # some word of the rule occurs; the reason names its first
                hit = next(w for w in rule["words"] if w in text)
                fired.append((rule["category"], rule.get("alternative"), f"{rule['basis']}: {hit}"))
    if not fired:
        fired.append(("general", None, "other personal information (Interp. Art. 5 ¶1(5))"))
    category = min((c for c, _, _ in fired), key=severity.__getitem__)
    # the other reading: every contested rule read the lenient way; it matters only if the result differs
    lenient = min((a or c for c, a, _ in fired), key=severity.__getitem__)
    alternative = lenient if lenient != category else None
    p = r["pipl28"]
    sensitive = tuple(sorted({p["categories"][c] for c, _, _ in fired if c in p["categories"]}
                             | {p["types"][k] for k in kinds if k in p["types"]}))
    contested = tuple(reason for c, a, reason in fired if a)
    return category, alternative, tuple(reason for _, _, reason in fired), sensitive, contested


@lru_cache(maxsize=1)
def _context_rules() -> tuple[list[tuple[dict, re.Pattern]], re.Pattern]:
    """The context rules, each with a pattern that finds any of its words (one search in C instead of a
    search per word: a search finds a match exactly when some word occurs), and one pattern for the
    words of every rule, which most records' texts do not hold at all."""
    escaped = [(rule, [re.escape(w) for w in rule["words"]]) for rule in rules()["contexts"]]
    return ([(rule, re.compile("|".join(words))) for rule, words in escaped],
            re.compile("|".join(w for _, words in escaped for w in words)))


@lru_cache(maxsize=1)
def _severity() -> dict[str, int]:
    return {c: i for i, c in enumerate(rules()["severity"])}
