"""Labelled texts written by hand, in a light inline markup: ``[type:value]`` labels a span, the rest is plain
text, and ``[type/status:value]`` gives a status other than the usual (``[name/masked:王某某]``). For
corpora of sentences that piguard's generator did not write (``tests/data/handwritten.txt``), so
the detector is also measured outside its own templates.

A trailing ``?`` in a ``resident_id`` or ``bank_card`` value stands for its check character (MOD 11-2 or
Luhn over the digits before it), so a writer need not compute them. A label's status is ``unverified`` for
the kinds without a check (QQ, WeChat, password), else ``valid``.

>>> doc = parse("我叫[name:张伟]，身份证[resident_id:11010519491231002?]。")
>>> doc.text
'我叫张伟，身份证11010519491231002X。'
>>> [(s.type, doc.text[s.start:s.end], s.status) for s in doc.spans]
[('name', '张伟', 'valid'), ('resident_id', '11010519491231002X', 'valid')]
>>> parse("被告人[name/masked:王某某]").spans[0].status
'masked'
"""

from __future__ import annotations

import re
from pathlib import Path

from piguard.detect.identifiers import bank_card, resident_id
from piguard.detect.identifiers._base import FULL_TO_HALF
from piguard.synth.documents import UNVERIFIED_TYPES
from piguard.synth.model import STATUSES, TYPES, UNVERIFIED, VALID, LabelledText, Span

_LABEL = re.compile(r"\[([a-z_]+)(?:/([a-z]+))?:([^\[\]]+)\]")


def _with_check(type_: str, value: str) -> str:
    if not value.endswith("?"):
        return value
    digits = re.sub(r"[^0-9]", "", value[:-1].translate(FULL_TO_HALF))
    if type_ == "resident_id":
        return value[:-1] + resident_id.calc_check_digit(digits)
    if type_ == "bank_card":
        return value[:-1] + bank_card.calc_check_digit(digits)
    raise ValueError(f"a check character stands only in resident_id and bank_card values, not {type_}")


def parse(line: str, kind: str = "handwritten") -> LabelledText:
    """One labelled text from a line of markup."""
    out: list[str] = []
    spans: list[Span] = []
    pos = size = 0
    for m in _LABEL.finditer(line):
        type_, status, value = m.group(1), m.group(2), m.group(3)
        if type_ not in TYPES:
            raise ValueError(f"unknown type {type_!r} in {line!r}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r} in {line!r}")
        value = _with_check(type_, value)
        out.append(line[pos:m.start()])
        size += m.start() - pos
        spans.append(Span(size, size + len(value), type_, status or (UNVERIFIED if type_ in UNVERIFIED_TYPES else VALID)))
        out.append(value)
        size += len(value)
        pos = m.end()
    out.append(line[pos:])
    return LabelledText("".join(out), tuple(spans), kind)


def read(path: str | Path) -> list[LabelledText]:
    """The labelled texts of a markup file: one a line; blank lines and lines starting with # are skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [parse(ln) for ln in lines if ln.strip() and not ln.startswith("#")]
