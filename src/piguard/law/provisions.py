"""The law as cited data: provisions and the parameters that cite them.

Every provision lives in ``law/data/*.yaml`` with a stable id such as ``interp2017.art5.p1.i3``
(instrument, article, paragraph, item), its verbatim Chinese text and an English gloss. Every number a
rule uses is a *parameter* that names its provision and quotes the words that set it. Code asks for a
parameter by id and never writes a legal number itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from piguard.law.numerals import to_chinese

DATA_PACKAGE = "piguard.law.data"
_ID = re.compile(r"^(?P<inst>[a-z0-9]+)\.(?P<art>art[0-9]+(?:-[0-9]+)?|[0-9]+|effective)"
                 r"(?:\.p(?P<para>[0-9]+))?(?:\.i(?P<item>[0-9]+))?$")


class LawDataError(ValueError):
    """The bundled law data is inconsistent (a bug in the data files, not in the user's input)."""


@dataclass(frozen=True)
class Instrument:
    key: str
    title_zh: str
    title_en: str
    short_zh: str
    short_en: str
    effective: dt.date
    source: str
    doc_no: str = ""


@dataclass(frozen=True)
class Provision:
    id: str
    text_zh: str
    en: str
    instrument: Instrument
    effective: dt.date

    @property
    def cite_en(self) -> str:
        """``Interp. Art. 5¶1(3)``, ``CL Art. 253-1¶2``, ``GC 195``."""
        m = _ID.match(self.id)
        assert m  # checked at load time
        short = self.instrument.short_en
        art = m["art"]
        if art == "effective":
            return f"{short} (entry into force)"
        if not art.startswith("art"):
            return f"{short} {art}"
        out = f"{short} Art. {art[3:]}"
        if m["para"]:
            out += f"¶{m['para']}"
        if m["item"]:
            out += f"({m['item']})"
        return out

    @property
    def cite_zh(self) -> str:
        """``《解释》第五条第一款第三项``, ``《刑法》第二百五十三条之一第二款``, ``指导性案例195号``."""
        m = _ID.match(self.id)
        assert m
        short = self.instrument.short_zh
        art = m["art"]
        if art == "effective":
            return f"{short}（施行日期）"
        if not art.startswith("art"):
            return f"{short}{art}号"
        main, _, sub = art[3:].partition("-")
        out = f"{short}第{to_chinese(int(main))}条" + (f"之{to_chinese(int(sub))}" if sub else "")
        if m["para"]:
            out += f"第{to_chinese(int(m['para']))}款"
        if m["item"]:
            out += f"第{to_chinese(int(m['item']))}项"
        return out

    def cite(self, lang: str = "en") -> str:
        return self.cite_zh if lang == "zh" else self.cite_en


@dataclass(frozen=True)
class Parameter:
    id: str
    value: Any
    unit: str
    provision: Provision
    quote: str


@dataclass(frozen=True)
class Category:
    """A kind of personal information in the sense of Interp. Art. 5 ¶1 items (3)-(5)."""

    key: str
    zh: str
    en: str
    item: str
    pipl28: str | None = None          # the PIPL Art. 28 sensitive category it maps to
    pipl28_partial: bool = False       # only part of the category is sensitive (财产信息 may include 金融账户)


@dataclass
class Law:
    instruments: dict[str, Instrument] = field(default_factory=dict)
    provisions: dict[str, Provision] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    guidelines: dict[str, dict] = field(default_factory=dict)

    def provision(self, pid: str) -> Provision:
        try:
            return self.provisions[pid]
        except KeyError:
            raise KeyError(f"unknown provision id: {pid}") from None

    def param(self, pid: str) -> Parameter:
        try:
            return self.parameters[pid]
        except KeyError:
            raise KeyError(f"unknown parameter id: {pid}") from None

    def value(self, pid: str) -> Any:
        return self.param(pid).value

    def children(self, prefix: str) -> list[Provision]:
        """A provision and everything under it (``interp2017.art5`` gives both paragraphs and their items)."""
        return [p for k, p in self.provisions.items() if k == prefix or k.startswith(prefix + ".")]

    def search(self, text: str) -> list[Provision]:
        """Provisions whose Chinese text, English gloss or id contains ``text`` (case-insensitive)."""
        needle = text.casefold()
        return [p for p in self.provisions.values()
                if needle in p.text_zh.casefold() or needle in p.en.casefold() or needle in p.id]


def _parse_value(raw: Any, unit: str, where: str) -> Any:
    if unit == "date":
        if not isinstance(raw, dt.date):
            raise LawDataError(f"{where}: date parameter needs an ISO date, got {raw!r}")
        return raw
    if isinstance(raw, str) and "/" in raw:
        return Fraction(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise LawDataError(f"{where}: expected an integer or a fraction 'a/b', got {raw!r}")
    return raw


def _load_file(law: Law, name: str, doc: dict) -> None:
    if "profiles" in doc:
        law.guidelines.update(doc["profiles"])
        return
    meta = doc["instrument"]
    inst = Instrument(key=meta["key"], title_zh=meta["title_zh"], title_en=meta["title_en"],
                      short_zh=meta["short_zh"], short_en=meta["short_en"],
                      effective=meta["effective"], source=meta["source"], doc_no=meta.get("doc_no", ""))
    law.instruments[inst.key] = inst
    for row in doc.get("provisions", []):
        pid = row["id"]
        if not _ID.match(pid) or not pid.startswith(inst.key + "."):
            raise LawDataError(f"{name}: malformed provision id {pid!r}")
        if pid in law.provisions:
            raise LawDataError(f"{name}: duplicate provision id {pid!r}")
        law.provisions[pid] = Provision(id=pid, text_zh=row["text_zh"], en=row["en"], instrument=inst,
                                        effective=row.get("effective", inst.effective))
    for row in doc.get("categories", []):
        law.categories[row["key"]] = Category(**row)


def _resolve_parameters(law: Law, docs: list[tuple[str, dict]]) -> None:
    for name, doc in docs:
        for row in doc.get("parameters", []):
            where = f"{name}: parameter {row.get('id')!r}"
            prov = law.provisions.get(row["provision"])
            if prov is None:
                raise LawDataError(f"{where} cites unknown provision {row['provision']!r}")
            if row["quote"] not in prov.text_zh:
                raise LawDataError(f"{where}: quote {row['quote']!r} is not in {prov.id}")
            law.parameters[row["id"]] = Parameter(id=row["id"], value=_parse_value(row["value"], row["unit"], where),
                                                  unit=row["unit"], provision=prov, quote=row["quote"])
    for cat in law.categories.values():
        if cat.item not in law.provisions:
            raise LawDataError(f"category {cat.key} cites unknown provision {cat.item}")


@lru_cache(maxsize=1)
def load_law() -> Law:
    """Load and cross-check every bundled law data file (cached; the data is read-only)."""
    law = Law()
    docs: list[tuple[str, dict]] = []
    for entry in sorted(resources.files(DATA_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = yaml.safe_load(entry.read_text(encoding="utf-8"))
            _load_file(law, entry.name, doc)
            docs.append((entry.name, doc))
    _resolve_parameters(law, docs)
    return law


def source_corpus() -> str:
    """The verbatim source texts bundled with the package (SOURCES.md and SUPPLEMENT.md)."""
    folder = resources.files("piguard.law.sources")
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted(folder.iterdir(), key=lambda e: e.name)
                     if f.name.endswith(".md"))
