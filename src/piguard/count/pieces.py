"""Records → pieces (条) under Interp. Art. 11.

Every record is classified once: counted under its Art. 5 category (with any contested alternative), or
excluded with a reason — ``duplicate`` (the same person with the same information, Art. 11 ¶3),
``invalid`` (untrue information: failed checks, placeholders), ``masked`` (already masked, identifies no
one) or ``not_identifying`` (no identifying combination). This first version keeps the set of seen
records in memory (16-byte hashes); issue #4 moves it to disk for scans of 100 million records.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import yaml

from piguard.count.store import SpillingMap, SpillingSet
from piguard.detect.categories import categorize
from piguard.detect.columns import ColumnScan, scan_column
from piguard.detect.detector import Detector, default_detector
from piguard.detect.findings import Finding
from piguard.detect.identifiers import Status
from piguard.scan.records import Batch

IDENTIFYING = (Status.VALID, Status.UNVERIFIED)
SAMPLES_PER_CATEGORY = 5


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(resources.files("piguard.count.data").joinpath("identifying.yaml").read_text("utf-8"))


@dataclass(frozen=True)
class Verdict:
    counted: bool
    reason: str                      # category when counted, else duplicate | invalid | masked | not_identifying
    category: str | None = None
    alternative: str | None = None
    person: str | None = None        # hash of the person key (hex)
    why: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _placeholders() -> dict[str, frozenset]:
    return {k: frozenset(v) for k, v in rules()["placeholders"].items()}


def _placeholder(f: Finding) -> bool:
    """A listed test value, or one character repeated (11111111111) — untrue information."""
    v = f.value
    return v in _placeholders().get(f.type, ()) or (len(v) >= 6 and v.count(v[0]) == len(v))


def identifies(findings: Sequence[Finding]) -> tuple[bool, list[str]]:
    r = rules()
    ok = {f.type for f in findings if f.status in IDENTIFYING and not _placeholder(f)}
    alone = [k for k in r["alone"] if k in ok]
    if alone:
        return True, alone
    for combo in r["combined"]:
        if all(k in ok for k in combo):
            return True, combo
    return False, []


def person_key(findings: Sequence[Finding]) -> str:
    by_type = {}
    for f in findings:
        if f.status in IDENTIFYING:
            by_type.setdefault(f.type, f.value)
    for kind in rules()["key_order"]:
        if kind in by_type:
            return f"{kind}:{by_type[kind]}"
    return "|".join(f"{k}:{v}" for k, v in sorted(by_type.items()))


def _digest(text: str) -> bytes:
    """16 bytes of SHA-256: small enough to keep one per record, wide enough never to collide by chance."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def exclusion(findings: Sequence[Finding]) -> tuple[str, tuple[str, ...]]:
    """Why a record that identifies no one is excluded: masked, invalid (untrue) or not identifying."""
    if not findings:
        return "not_identifying", ()
    statuses = {f.status for f in findings}
    if statuses <= {Status.MASKED}:
        return "masked", ("every value is masked",)
    if Status.INVALID in statuses or any(_placeholder(f) for f in findings if f.status in IDENTIFYING):
        return "invalid", ("untrue information: failed check or placeholder (Interp. Art. 11 ¶3)",)
    return "not_identifying", ("no identifying kind or combination",)


def content_key(category: str, findings: Sequence[Finding], text: str) -> str:
    """What makes two records the same information: for identity information (category general) the
    identifying values; for records of a kind (a stay, an order, a call) also the record's text."""
    values = "\x1f".join(sorted(f"{f.type}={f.value}" for f in findings if f.status in IDENTIFYING))
    return f"{category}\x1e{values}" + ("" if category == "general" else f"\x1e{text}")


def sample_of(where: str, findings: Sequence[Finding]) -> dict:
    """A record's sample: where it is, its identifying values masked (and unmasked, kept only on --reveal)."""
    ident = [f for f in findings if f.status in IDENTIFYING]
    return {"where": where, "values": [f.masked for f in ident], "revealed": [f.value for f in ident]}


_DUPLICATE = ("same person and same information as an earlier record (Art. 11 ¶3)",)
_OBTAINED_THEN_SOLD = ("obtained and sold or provided: counted once (Art. 11 ¶1)",)


@dataclass(frozen=True)
class Prepared:
    """What can be decided about a record without the scan's state: its findings, why it is excluded or
    its category, and the digests of its person key and content."""

    findings: Sequence[Finding]
    cat: object | None = None             # Categorization when the record identifies someone
    basis: tuple[str, ...] = ()
    content: bytes = b""
    person: bytes = b""
    reason: str = ""
    why: tuple[str, ...] = ()


def prepare(findings: Sequence[Finding], words: Iterable[str], text: str = "") -> Prepared:
    """The pure half of :meth:`Tally.judge` (see there)."""
    ok, basis = identifies(findings)
    if not ok:
        reason, why = exclusion(findings)
        return Prepared(findings, reason=reason, why=why)
    cat = categorize(findings, words)
    return Prepared(findings, cat, tuple(basis), _digest(content_key(cat.category, findings, text)),
                    _digest(person_key(findings)))


@dataclass
class Tally:
    """Running counts over a scan (by category, exclusions, kinds, persons) and masked samples."""

    pieces: Counter = field(default_factory=Counter)
    excluded: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    contested: Counter = field(default_factory=Counter)          # (category, alternative) -> pieces
    samples: dict = field(default_factory=dict)
    records: int = 0
    profiles: dict = field(default_factory=dict)            # column profiles per (source, column)
    reveal: bool = False                                     # samples keep the unmasked values too
    _seen: SpillingMap = field(default_factory=SpillingMap)   # content digest -> None (obtained) or buyers
    _persons: SpillingSet = field(default_factory=SpillingSet)

    @property
    def persons(self) -> int:
        return len(self._persons)

    def close(self) -> None:
        """Remove the on-disk de-duplication state, if the scan grew large enough to have one."""
        self._seen.close()
        self._persons.close()

    def judge(self, findings: Sequence[Finding], words: Iterable[str], where: str, text: str = "",
              buyer: str | None = None) -> Verdict:
        """Count one record or exclude it.

        Duplicates: for identity information (category general) the same identifying values; for records
        of a kind (a stay, an order, a call) the same values in the same record text — another stay of the
        same person is another piece. ``buyer`` names who the record was sold or provided to (None for
        obtained or unlabelled data): the same piece obtained and then sold counts once (Art. 11 ¶1), sold
        to different buyers it counts once per buyer (¶2) — whatever the order the records come in."""
        return self.apply(prepare(findings, words, text), where, buyer)

    def apply(self, p: "Prepared", where: str, buyer: str | None = None, quiet: bool = False) -> Verdict | None:
        """The stateful half of :meth:`judge`, for a record prepared (perhaps in a worker) by :func:`prepare`."""
        types = self.types
        for f in p.findings:
            types[(f.type, f.status.value)] += 1
        if p.cat is None:
            return self._exclude(p.reason, p.why, quiet=quiet)
        return self.admit(p.content, p.person, p.cat, buyer, p.basis, lambda: sample_of(where, p.findings), quiet)

    def admit(self, content: bytes, person: bytes, cat, buyer: str | None, basis: Sequence[str], sample,
              quiet: bool = False) -> Verdict | None:
        """Count an identifying record, or exclude it as a repeat (Art. 11 ¶1, ¶3); ``sample()`` gives its
        masked sample (called only while its category still wants samples). ``quiet``: return no verdict
        (nobody reads it when no evidence table is written)."""
        seen_before = self._seen
        seen = content in seen_before
        if seen:
            stored = seen_before[content]
            holders = (None,) if stored is None else stored
            if buyer in holders:
                return self._exclude("duplicate", _DUPLICATE, person, quiet)
            first_sale = buyer is None or set(holders) <= {None}
            seen_before[content] = holders + (buyer,)
            if first_sale:
                return self._exclude("obtained_then_sold", _OBTAINED_THEN_SOLD, person, quiet)
        else:
            seen_before[content] = None if buyer is None else (buyer,)
        self._persons.add(person)
        category = cat.category
        self.pieces[category] += 1
        if cat.alternative:
            self.contested[(category, cat.alternative)] += 1
        bucket = self.samples.get(category)
        if bucket is None:
            bucket = self.samples[category] = []
        if len(bucket) < SAMPLES_PER_CATEGORY:
            entry = sample()
            if not self.reveal:
                entry.pop("revealed")
            bucket.append({**entry, "basis": list(basis)})
        if quiet:
            return None
        why = tuple(cat.reasons) + ((f"sold or provided to {buyer}: accumulates per buyer (Art. 11 ¶2)",)
                                    if seen else ())
        return Verdict(True, category, category, cat.alternative, person.hex(), why)

    def _exclude(self, reason: str, why: tuple[str, ...], person: bytes | None = None, quiet: bool = False) -> Verdict | None:
        self.excluded[reason] += 1
        return None if quiet else Verdict(False, reason, person=person.hex() if person else None, why=why)


def column_scans(batch: Batch, detector: Detector | None = None, profiles: dict | None = None) -> list[ColumnScan]:
    """Every column of a table batch scanned whole. ``profiles`` keeps each column's profile from the
    first batch of its source for the later ones."""
    d = detector or default_detector()
    scans = []
    for j, header in enumerate(batch.columns):
        key = (batch.source.path, j, header)
        col = scan_column(header, [r[j] for r in batch.rows], d, profile=(profiles or {}).get(key))
        if profiles is not None:
            profiles.setdefault(key, col.profile)
        scans.append(col)
    return scans


def batch_findings(batch: Batch, detector: Detector | None = None,
                   profiles: dict | None = None) -> list[list[Finding]]:
    """Findings per record of a batch: per column for tables (one scan per column), per line for text."""
    d = detector or default_detector()
    if batch.columns is None:
        return d.detect_cells(batch.texts)
    scans = column_scans(batch, d, profiles)
    return [[f for c in scans for f in c.findings(i)] for i in range(len(batch.rows))]


def record_text(batch: Batch, i: int) -> str:
    if batch.columns is None:
        return batch.texts[i]
    return "\x1f".join("" if c is None else c.strip() for c in batch.rows[i])
