"""Scoring the detector on a labelled corpus of one's own: ``piguard eval``.

A case handler who must rely on the counts, or a team that must choose a tool, can measure piguard on texts
they have labelled themselves (or on a public corpus) instead of taking the figures of its own synthetic
corpus on trust. Corpora are read in the formats labelling tools write:

* piguard's markup, one text a line (``[name:张三]的手机是[mobile:13812345678]``, ``tests/data/handwritten.txt``);
* JSON Lines, or a JSON array of objects, each with its text under ``text`` (or ``content``, ``sentence``,
  ``data``, ``source_text``) and its spans as:

  - ``label`` / ``labels`` / ``entities`` / ``spans`` / ``privacy_mask``: a list of ``[start, end, label]`` or of
    objects with ``start``/``end`` (or ``start_offset``/``end_offset``) and ``label`` (or ``type``,
    ``entity_type``, ``entity_group``): doccano, spaCy, Prodigy, ai4privacy;
  - ``label`` as a mapping ``{label: {surface: [[start, end], …]}}`` with inclusive ends: CLUENER 2020.

  Offsets are characters, ends exclusive (CLUENER's inclusive). A span outside its text, or one whose
  surface differs from the text there, is an error naming the file and line;
* character-tagged text in CoNLL columns, as Chinese NER corpora are written (MSRA, People's Daily, Weibo NER):
  a character and its tag a line (BIO, BIOES or BMES: ``张 B-PER``), a blank line between texts.

A corpus's labels are mapped to piguard's types by :data:`ALIASES` (PER, PHONE, ID_CARD …) and ``--map LABEL=TYPE``;
a label several types answer (PHONE: mobile and landline) is scored as one. Only the labels a corpus uses are
scored: a finding of a type no label maps to is counted apart (the corpus does not say whether it is right),
and a label no type maps to is reported, never dropped in silence. A finding is right when it has the
span's label and overlaps it by at least half of their union (``piguard.synth.scoring.match``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from piguard.synth import markup
from piguard.synth.model import TYPES, Span
from piguard.synth.scoring import match, rates

SCHEMA = "piguard.eval/1"
TEXT_KEYS = ("text", "content", "sentence", "data", "source_text")
SPAN_KEYS = ("label", "labels", "entities", "spans", "privacy_mask")
START_KEYS, END_KEYS = ("start", "start_offset"), ("end", "end_offset")
LABEL_KEYS = ("label", "type", "entity_type", "entity_group")

# labels other corpora use, lower-cased, and the piguard types that answer them (every type answers its own name)
ALIASES: dict[str, tuple[str, ...]] = {
    **{t: (t,) for t in TYPES},
    **dict.fromkeys(("per", "person", "person_name", "people", "name_person", "full_name", "fullname", "firstname_lastname",
                     "人名", "姓名", "nr"), ("name",)),
    **dict.fromkeys(("phone", "phone_number", "phonenumber", "tel", "telephone", "telephonenum", "电话", "电话号码", "contact"),
                    ("mobile", "landline")),
    **dict.fromkeys(("mobile_phone", "cell_phone", "cellphone", "mobile_number", "手机", "手机号", "手机号码"), ("mobile",)),
    **dict.fromkeys(("landline_phone", "固话", "座机"), ("landline",)),
    **dict.fromkeys(("id", "id_card", "idcard", "id_number", "idnumber", "id_num", "idcardnum", "national_id", "身份证",
                     "身份证号", "身份证号码", "证件号码"), ("resident_id", "hmt_id")),
    **dict.fromkeys(("bank", "bank_account", "bank_card_number", "bankcard", "credit_card", "credit_card_number",
                     "creditcardnumber", "card_number", "accountnum", "银行卡", "银行卡号"), ("bank_card",)),
    **dict.fromkeys(("mail", "email_address", "e-mail", "邮箱", "电子邮箱"), ("email",)),
    **dict.fromkeys(("addr", "street_address", "home_address", "地址", "住址"), ("address",)),
    **dict.fromkeys(("license_plate", "licence_plate", "car_plate", "车牌", "车牌号"), ("plate",)),
    **dict.fromkeys(("passport_number", "护照", "护照号"), ("passport",)),
    **dict.fromkeys(("ip", "ipv4", "ipv6"), ("ip_address",)),
    **dict.fromkeys(("mac",), ("mac_address",)),
    **dict.fromkeys(("dob", "date_of_birth", "birthday", "出生日期"), ("birth_date",)),
    **dict.fromkeys(("zip", "zipcode", "zip_code", "postcode", "邮编"), ("postal_code",)),
    **dict.fromkeys(("qq号",), ("qq",)),
    **dict.fromkeys(("wechat_id", "微信", "微信号"), ("wechat",)),
    **dict.fromkeys(("credit_code", "social_credit_code", "统一社会信用代码"), ("uscc",)),
}


class CorpusError(ValueError):
    """A labelled corpus that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Labelled:
    """A text of a corpus and its labelled spans (``Span.type`` is the corpus's label, lower-cased)."""

    text: str
    spans: tuple[Span, ...]
    where: str                      # file:line


@dataclass
class Score:
    """Per label: spans, true and false positives, false negatives; what was not scored and why; the first
    misses (masked unless revealed)."""

    types: dict[str, tuple[str, ...]]
    support: Counter = field(default_factory=Counter)
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    unmapped: Counter = field(default_factory=Counter)          # labels no piguard type answers: spans
    unscored: Counter = field(default_factory=Counter)          # findings of types no label asks for
    misses: list[dict] = field(default_factory=list)
    texts: int = 0

    def as_json(self) -> dict:
        labels = {}
        for label in sorted(self.types):
            p, r, f1 = rates(self.tp[label], self.fp[label], self.fn[label])
            labels[label] = {"types": list(self.types[label]), "support": self.support[label], "tp": self.tp[label],
                             "fp": self.fp[label], "fn": self.fn[label], "precision": round(p, 4), "recall": round(r, 4),
                             "f1": round(f1, 4)}
        p, r, f1 = rates(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return {"schema": SCHEMA, "texts": self.texts, "labels": labels,
                "all": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)},
                "unmapped_labels": dict(self.unmapped), "unscored_findings": dict(self.unscored), "misses": self.misses}


def parse_mapping(items: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``LABEL=TYPE[,TYPE]`` options into a mapping (labels lower-cased); an unknown type is an error.

    >>> parse_mapping(["ORG_PHONE=landline", "客户=name"])
    {'org_phone': ('landline',), '客户': ('name',)}
    """
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        label, sep, types = item.partition("=")
        wanted = tuple(t.strip() for t in types.split(",") if t.strip())
        if not sep or not label.strip() or not wanted:
            raise CorpusError(f"--map {item!r}: write LABEL=TYPE or LABEL=TYPE,TYPE")
        unknown = [t for t in wanted if t not in TYPES]
        if unknown:
            raise CorpusError(f"--map {item!r}: {', '.join(unknown)} is no piguard type (types: {', '.join(TYPES)})")
        out[label.strip().lower()] = wanted
    return out


def read_corpus(path: Path) -> list[Labelled]:
    """The labelled texts of a corpus file (see the module's description for the formats)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 (byte {exc.start}): save the corpus as UTF-8") from None
    except OSError as exc:
        raise CorpusError(f"{path}: {exc.strerror or exc}") from None
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return _conll(path, text) if _CONLL.fullmatch(text.lstrip().split("\n", 1)[0].rstrip("\r")) else _markup(path, text)
    if head == "[":
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}: line {exc.lineno}: not JSON ({exc.msg})") from None
        if not isinstance(items, list):
            raise CorpusError(f"{path}: a JSON corpus is an array of objects")
        return [_item(obj, f"{path}:item {k}") for k, obj in enumerate(items, 1)]
    return [_item(_json_line(line, f"{path}:{n}"), f"{path}:{n}") for n, line in enumerate(text.splitlines(), 1)
            if line.strip()]


def _json_line(line: str, where: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not a JSON object ({exc.msg})") from None


def _markup(path: Path, text: str) -> list[Labelled]:
    docs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            doc = markup.parse(line)
        except ValueError as exc:
            raise CorpusError(f"{path}:{n}: {exc}") from None
        docs.append(Labelled(doc.text, doc.spans, f"{path}:{n}"))
    return docs


# a line of character-tagged text: a character, white space, its tag
_CONLL = re.compile(r"\S[ \t]+(?:O|[BIMES]-\S+)")


def _conll(path: Path, text: str) -> list[Labelled]:
    """Texts tagged a character a line (BIO, BIOES, BMES), a blank line between texts."""
    docs: list[Labelled] = []
    chars: list[str] = []
    spans: list[Span] = []
    open_at, open_label, first = -1, "", 0

    def close() -> None:
        nonlocal open_at
        if open_at >= 0:
            spans.append(Span(open_at, len(chars), open_label, "valid"))
        open_at = -1

    def flush() -> None:
        nonlocal chars, spans
        close()
        if chars:
            docs.append(Labelled("".join(chars), tuple(spans), f"{path}:{first}"))
        chars, spans = [], []

    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            flush()
            continue
        if not chars:
            first = n
        if not _CONLL.fullmatch(line.strip()):
            raise CorpusError(f"{path}:{n}: not a character and its tag (张 B-PER, 的 O)")
        char, tag = line.strip()[0], line.split()[-1]
        prefix, _, label = tag.partition("-")
        label = label.lower()
        if prefix in ("B", "S") or prefix in ("I", "M", "E") and (open_at < 0 or label != open_label) or prefix == "O":
            close()
        if prefix in ("B", "S", "I", "M", "E") and open_at < 0:
            open_at, open_label = len(chars), label
        chars.append(char)
        if prefix in ("S", "E"):
            spans.append(Span(open_at, len(chars), open_label, "valid"))
            open_at = -1
    flush()
    return docs


def _first(obj: dict, keys: Sequence[str]):
    return next((obj[k] for k in keys if k in obj), None)


def _item(obj, where: str) -> Labelled:
    if not isinstance(obj, dict):
        raise CorpusError(f"{where}: not a JSON object")
    text = _first(obj, TEXT_KEYS)
    if not isinstance(text, str):
        raise CorpusError(f"{where}: no text (a string under {', '.join(TEXT_KEYS)})")
    raw = _first(obj, SPAN_KEYS)
    spans: list[Span] = []
    if isinstance(raw, dict):                                   # CLUENER: {label: {surface: [[start, end], …]}}
        for label, surfaces in raw.items():
            if not isinstance(surfaces, dict):
                raise CorpusError(f"{where}: label {label!r}: expected {{surface: [[start, end], …]}}")
            for surface, places in surfaces.items():
                for place in places if isinstance(places, list) else [None]:
                    if not (isinstance(place, list) and len(place) == 2 and all(isinstance(x, int) for x in place)):
                        raise CorpusError(f"{where}: label {label!r} {surface!r}: a place is [start, end]")
                    spans.append(_span(text, place[0], place[1] + 1, label, surface, where))
    elif isinstance(raw, list):
        for k, item in enumerate(raw, 1):
            if isinstance(item, (list, tuple)) and len(item) >= 3:
                start, end, label, surface = item[0], item[1], item[2], None
            elif isinstance(item, dict):
                start, end = _first(item, START_KEYS), _first(item, END_KEYS)
                label, surface = _first(item, LABEL_KEYS), item.get("value", item.get("text"))
            else:
                raise CorpusError(f"{where}: span {k}: expected [start, end, label] or an object with start, end, label")
            if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
                raise CorpusError(f"{where}: span {k}: start and end must be integers and the label a string")
            spans.append(_span(text, start, end, label, surface if isinstance(surface, str) else None, where))
    elif raw is not None:
        raise CorpusError(f"{where}: the spans under {', '.join(SPAN_KEYS)} must be a list (or CLUENER's mapping)")
    return Labelled(text, tuple(spans), where)


def _span(text: str, start: int, end: int, label: str, surface: str | None, where: str) -> Span:
    if not 0 <= start < end <= len(text):
        raise CorpusError(f"{where}: span {start}-{end} ({label}) lies outside the text ({len(text)} characters)")
    if surface is not None and text[start:end] != surface:
        raise CorpusError(f"{where}: span {start}-{end} ({label}) does not hold its value where the text says it is")
    return Span(start, end, label.strip().lower(), "valid")


def score(docs: Sequence[Labelled], detector, mapping: dict[str, tuple[str, ...]] | None = None,
          reveal: bool = False, show: int = 20) -> Score:
    """The detector's precision and recall per label of ``docs`` (labels mapped by ALIASES, then ``mapping``)."""
    aliases = {**ALIASES, **(mapping or {})}
    used = sorted({s.type for d in docs for s in d.spans})
    # labels that the same types answer are one row (PER and 人名: names); types may not straddle rows
    rows: dict[tuple[str, ...], list[str]] = {}
    for label in used:
        if label in aliases:
            rows.setdefault(aliases[label], []).append(label)
    row_of = {label: " / ".join(labels) for labels in rows.values() for label in labels}
    types = {" / ".join(labels): ts for ts, labels in rows.items()}
    label_of = {t: row for row, ts in types.items() for t in ts}
    if len(label_of) < sum(len(ts) for ts in types.values()):
        twice = sorted(t for t in TYPES if sum(t in ts for ts in types.values()) > 1)
        raise CorpusError(f"the corpus's labels map {', '.join(twice)} to rows of different types: map its labels to "
                          f"the same types with --map")
    result = Score(types)
    for doc in docs:
        result.texts += 1
        truth = []
        for s in doc.spans:
            if s.type in row_of:
                truth.append(Span(s.start, s.end, row_of[s.type], s.status))
                result.support[row_of[s.type]] += 1
            else:
                result.unmapped[s.type] += 1
        found = detector.detect(doc.text)
        result.unscored.update(f.type for f in found if f.type not in label_of)
        pairs, extra, missed = match(found, truth, label_of.get)
        for _, s in pairs:
            result.tp[s.type] += 1
        for f in extra:
            result.fp[label_of[f.type]] += 1
            _miss(result, "FP", label_of[f.type], doc, f.start, f.end, f.masked, reveal, show)
        for s in missed:
            result.fn[s.type] += 1
            _miss(result, "FN", s.type, doc, s.start, s.end, None, reveal, show)
    return result


def _miss(result: Score, kind: str, label: str, doc: Labelled, start: int, end: int, masked: str | None, reveal: bool,
          show: int) -> None:
    """A miss for the report: where it is and its value masked (a finding's own mask, a label's first character);
    the text around it only with ``reveal`` (a corpus may hold real people, and their neighbours)."""
    if len(result.misses) >= show:
        return
    value = doc.text[start:end]
    miss = {"kind": kind, "label": label, "where": doc.where, "span": [start, end],
            "value": value if reveal else masked or mask_span(value)}
    if reveal:
        miss["context"] = doc.text[max(0, start - 12):end + 8]
    result.misses.append(miss)


def mask_span(text: str) -> str:
    """A labelled value masked for a report: its first character kept, the last too when it is long.

    >>> mask_span('张三'), mask_span('13812345678'), mask_span('x')
    ('张*', '1*********8', '*')
    """
    if len(text) <= 1:
        return "*"
    if len(text) <= 3:
        return text[0] + "*" * (len(text) - 1)
    return text[0] + "*" * (len(text) - 2) + text[-1]
