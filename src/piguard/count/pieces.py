"""Records → pieces (条) under Interp. Art. 11.

Every record is classified once: counted under its Art. 5 category (with any contested alternative), or
excluded with a reason — ``duplicate`` (the same person with the same information, Art. 11 ¶3),
``invalid`` (untrue information: failed checks, placeholders), ``masked`` (already masked, identifies no
one), ``not_identifying`` (no identifying combination) or ``blank`` (a record with no value in any field:
an empty row of a sheet, a line of separators). What depends on no other record is prepared
first (:func:`prepare`, in worker processes or threads; a text record once, :mod:`piguard.count.memo`;
:class:`Judged`, a batch column-wise); the tally then de-duplicates a whole
batch at once against 128-bit digests of every record seen (:mod:`piguard.count.keyindex`, which moves
to disk when it grows, so a scan of 100 million records stays within bounded memory).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections import abc
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from importlib import resources
from typing import Callable, Iterable, Sequence

import numpy as np
import polars as pl
import yaml

from piguard.count.keyindex import KeyIndex, distinct
from piguard.detect.categories import categorize
from piguard.detect.columns import ColumnScan, scan_column
from piguard.detect.detector import Detector, default_detector
from piguard.detect.findings import Finding
from piguard.detect.identifiers import Status
from piguard.native import key_digests
from piguard.scan.records import Batch

IDENTIFYING = (Status.VALID, Status.UNVERIFIED)
SAMPLES_PER_CATEGORY = 5


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(resources.files("piguard.count.data").joinpath("identifying.yaml").read_text("utf-8"))


@dataclass(frozen=True)
class Verdict:
    counted: bool
    reason: str                      # category when counted, else duplicate | invalid | masked | not_identifying | blank
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


def key_digest(text: str) -> bytes:
    """16 bytes of SHA-256 of a person key, as the evidence table shows it: anyone can recompute it from
    the values, with any tool."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def digests(keys: pl.Series | Sequence[str]) -> np.ndarray:
    """``(n, 16)`` digests of content or person keys, for the de-duplication within one scan
    (:func:`piguard.native.key_digests`: compiled, or two seeded polars hashes).

    They are not SHA-256, which costs more than the rest of a table row's preparation: they never leave
    the scan (the evidence table shows the SHA-256 of the person key, :func:`key_digest`) and every
    thread and process of a scan hashes alike, so they need only be the same for the same key within the
    scan and, being 128 bits wide, never equal for different keys by chance."""
    keys = _strings(keys)
    return key_digests([keys], len(keys))


BLANK = ("blank", ("a blank record: no field holds a value",))


def is_blank(text: str) -> bool:
    """Does a record's text (its fields joined by U+001F) hold nothing but white space and separators?"""
    return not text.replace("\x1f", "").strip()


def exclusion(findings: Sequence[Finding], text: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Why a record that identifies no one is excluded: masked, invalid (untrue), not identifying, or blank
    (no findings, and a ``text`` with nothing in it)."""
    if not findings:
        return BLANK if text is not None and is_blank(text) else ("not_identifying", ())
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
_ACCUMULATES = "sold or provided to {}: accumulates per buyer (Art. 11 ¶2)"
MAX_BUYERS = 63


class _Codes:
    """Small integers for values that recur over a scan (categorizations, bases, exclusions, kinds), one
    table per process: a record's are looked up once, when it is packed (:func:`pack`), so a batch's
    records are judged by integers with numpy. The values come from the rule files, so the tables stay
    small."""

    def __init__(self) -> None:
        self.index: dict = {}
        self.values: list = []

    def __call__(self, value) -> int:
        k = self.index.get(value)
        if k is None:
            k = self.index[value] = len(self.values)
            self.values.append(value)
        return k


_CATS, _BASES, _EXCLUSIONS, _KINDS = _Codes(), _Codes(), _Codes(), _Codes()


@dataclass(frozen=True)
class Prepared:
    """What can be decided about a record without the scan's state: its findings, why it is excluded or
    its category, and its content and person keys (digested with the rest of its batch)."""

    findings: Sequence[Finding]
    cat: object | None = None             # Categorization when the record identifies someone
    basis: tuple[str, ...] = ()
    content: str = ""                     # content_key(); digested with the batch (:func:`digests`)
    person: str = ""                      # person_key()
    reason: str = ""
    why: tuple[str, ...] = ()


ROW_KINDS = 8           # kinds of findings a packed row holds; a record with more is read in full
_NO_KIND = 0xFFFF
# a prepared record as judged_rows reads it (:func:`pack`): its categorization (>= 0) or -1 - its exclusion,
# its basis, its first ROW_KINDS kinds of findings, whether it has more and whether it is crowded, and the
# digests of its content and person keys (zero when it identifies no one)
ROW = np.dtype([("code", "<i4"), ("basis", "<i4"), ("kinds", "<u2", ROW_KINDS), ("more", "u1"), ("crowded", "u1"),
                ("keys", "u1", 32)])


def pack(prepared: Sequence[Prepared]) -> np.ndarray:
    """Prepared records as :data:`ROW` rows: what :func:`judged_rows` needs of each, in integers and bytes
    (the codes are this process's, :class:`_Codes`), their keys digested in one call."""
    rows = np.zeros(len(prepared), dtype=ROW)
    rows["code"] = [_CATS(p.cat) if p.cat is not None else -1 - _EXCLUSIONS((p.reason, p.why)) for p in prepared]
    rows["basis"] = [_BASES(p.basis) if p.cat is not None else -1 for p in prepared]
    kinds = [_kinds(p) for p in prepared]
    rows["kinds"] = [(k + (_NO_KIND,) * ROW_KINDS)[:ROW_KINDS] for k in kinds]
    rows["more"] = [len(k) > ROW_KINDS for k in kinds]
    rows["crowded"] = [crowded(p.findings) is not None for p in prepared]      # (the few with five findings or more)
    held = [i for i, p in enumerate(prepared) if p.cat is not None]
    if held:
        rows["keys"][held] = np.concatenate([digests([prepared[i].content for i in held]),
                                             digests([prepared[i].person for i in held])], axis=1)
    return rows


class _KindIndex(dict):
    """(type, status) of a finding → the code of its kind (in C, but for a kind met for the first time)."""

    def __missing__(self, key: tuple) -> int:
        code = self[key] = _KINDS((key[0], _STATUS_VALUE[key[1]]))
        return code


_KIND_INDEX = _KindIndex()
# a finding's type and status, of a Finding or of its plain tuple (whose status is its value, equal to it)
_TYPE_STATUS, _TYPE_VALUE_STATUS = itemgetter(0, 5), itemgetter(0, 3, 5)


def _kinds(p: Prepared) -> tuple[int, ...]:
    return tuple(map(_KIND_INDEX.__getitem__, map(_TYPE_STATUS, _plain(p.findings))))


def _plain(findings: Sequence[Finding]) -> Sequence[tuple]:
    """Findings as tuples: a :class:`PackedFindings`' own, not made into Finding objects."""
    return findings.raw if isinstance(findings, PackedFindings) else findings


class PackedFindings(abc.Sequence):
    """A record's findings as plain tuples of their fields (a status by its value), as they cross from a
    worker process, made :class:`Finding` objects only when asked for (a sample, the evidence table): most
    records are only counted, which needs their kinds (read from the tuples)."""

    __slots__ = ("raw", "crowd", "_made")

    def __init__(self, raw: Sequence[tuple], crowd: tuple[str, int] | None | type(...) = ...):
        self.raw, self.crowd, self._made = raw, crowd, None      # crowd: what crowded() gives, if known (...: not)

    @staticmethod
    def of(findings: Sequence[Finding]) -> tuple:
        """The plain tuples of ``findings``."""
        return tuple((f.type, f.start, f.end, f.value, f.masked, f.status.value, f.confidence, f.reasons, f.label_zh,
                      f.priority) for f in findings)

    def _all(self) -> list[Finding]:
        if self._made is None:
            make, status = tuple.__new__, _STATUS_OF
            self._made = [make(Finding, (t, a, b, v, m, status[st], c, r, lb, pr)) for t, a, b, v, m, st, c, r, lb, pr in self.raw]
        return self._made

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, abc.Sequence) and list(self) == list(other)

    __hash__ = None


_STATUS_OF = {s.value: s for s in Status}


def prepare(findings: Sequence[Finding], words: Iterable[str], text: str | None = None) -> Prepared:
    """The pure half of :meth:`Tally.judge` (see there). ``text`` is the record's text (None: not known,
    so a record without findings cannot be told blank)."""
    ok, basis = identifies(findings)
    if not ok:
        reason, why = exclusion(findings, text)
        return Prepared(findings, reason=reason, why=why)
    cat = categorize(findings, words)
    return Prepared(findings, cat, tuple(basis), content_key(cat.category, findings, text or ""), person_key(findings))


@dataclass
class Judged:
    """A batch of records prepared for the tally, column-wise: per record whether it identifies someone,
    its content digest (``(n, 16)`` uint8), its categorization and basis (indexes into
    ``cats`` and ``bases``) or its exclusion (index into ``exclusions``, pairs of reason and why), the
    kinds found in the batch, and each record's findings (``findings[i]``; of a table's records
    materialised on demand).

    What the de-duplication needs of the batch alone is computed with it (in a table's thread): over the
    identifying records, in order, each distinct content's first record (``first``) and each record's
    distinct content (``inverse``), and the distinct person digests (``persons``)."""

    identifying: np.ndarray
    content: np.ndarray
    cat: np.ndarray
    basis: np.ndarray
    exclusion: np.ndarray
    cats: list
    bases: list
    exclusions: list
    types: Counter
    findings: Sequence
    first: np.ndarray
    inverse: np.ndarray
    persons: np.ndarray
    # text records that hold the values of many people (record index, kind, distinct values): see crowded()
    crowded: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.identifying)


class JudgedBuilder:
    """Fills a :class:`Judged` record by record (:meth:`put`) or for many records at once (:meth:`put_many`)."""

    def __init__(self, n: int):
        self.identifying = np.zeros(n, dtype=bool)
        self.content = np.zeros((n, 16), dtype=np.uint8)
        self.cat = np.full(n, -1, dtype=np.int32)
        self.basis = np.full(n, -1, dtype=np.int32)
        self.exclusion = np.full(n, -1, dtype=np.int32)
        self.types: Counter = Counter()
        self._index: dict = {}
        self.cats: list = []
        self.bases: list = []
        self.exclusions: list = []
        self._keyed_rows: list[np.ndarray] = []
        self._contents: list[np.ndarray] = []            # digests, in the order of the keyed rows
        self._persons: list[np.ndarray] = []
        self._single: list[tuple[int, str, str]] = []

    def _id(self, table: list, value) -> int:
        key = (id(table), value)
        if key not in self._index:
            self._index[key] = len(table)
            table.append(value)
        return self._index[key]

    def put(self, i: int, p: Prepared) -> None:
        if p.cat is None:
            self.put_many(np.array([i]), p.findings, reason=p.reason, why=p.why)
            return
        self.put_many(np.array([i]), p.findings, p.cat, p.basis)
        self._single.append((i, p.content, p.person))          # keys digested with the others in done()

    def put_many(self, rows: np.ndarray, findings: Sequence[Finding], cat=None, basis: tuple = (),
                 contents: pl.Series | Sequence[str] = (), persons: pl.Series | Sequence[str] = (),
                 reason: str = "", why: tuple = ()) -> None:
        """Records ``rows`` share their kinds (``findings`` of one of them), categorization or exclusion;
        ``contents`` and ``persons`` are their content and person keys, in the order of ``rows``: strings,
        or their :func:`digests` already made."""
        for f in findings:
            self.types[(f.type, _STATUS_VALUE[f.status])] += len(rows)
        if cat is None:
            self.exclusion[rows] = self._id(self.exclusions, (reason, why))
            return
        self.identifying[rows] = True
        self.cat[rows] = self._id(self.cats, cat)
        self.basis[rows] = self._id(self.bases, basis)
        if len(contents):
            self._keep(rows, contents, persons)

    def _keep(self, rows: np.ndarray, contents, persons) -> None:
        self._keyed_rows.append(rows)
        self._contents.append(contents if isinstance(contents, np.ndarray) else digests(contents))
        self._persons.append(persons if isinstance(persons, np.ndarray) else digests(persons))

    def done(self, findings: Sequence) -> Judged:
        if self._single:
            rows, contents, persons = zip(*self._single)
            self._keep(np.array(rows, dtype=np.int64), contents, persons)
        persons = np.zeros((0, 16), dtype=np.uint8)
        if self._keyed_rows:                     # every identifying record is keyed
            self.content[np.concatenate(self._keyed_rows)] = np.concatenate(self._contents)
            persons = np.concatenate(self._persons)
            persons = persons[distinct(persons)[0]]
        first, inverse = distinct(self.content[np.flatnonzero(self.identifying)])
        return Judged(self.identifying, self.content, self.cat, self.basis, self.exclusion, self.cats, self.bases,
                      self.exclusions, self.types, findings, first, inverse, persons)


def _strings(keys: pl.Series | Sequence[str]) -> pl.Series:
    return (keys if isinstance(keys, pl.Series) else pl.Series(list(keys), dtype=pl.String)).rename("k")


CROWDED = 5        # distinct values of one kind that identifies alone, in one record: many people's records


def crowded(findings: Sequence[Finding]) -> tuple[str, int] | None:
    """The kind that identifies alone (``identifying.yaml``) of which a record holds ``CROWDED`` distinct valid
    values or more, and how many, or None. A record counts as one piece (Art. 11): a line that holds thirty
    mobile numbers is most likely thirty people's records that the reader could not tell apart (an unknown
    format, a file of one long line), and the count would be thirty times too low.

    >>> from piguard.detect.detector import detect
    >>> crowded(detect("，".join(f"1381234567{i}" for i in range(6)))), crowded(detect("13812345678 13812345678"))
    (('mobile', 6), None)
    """
    if len(findings) < CROWDED:
        return None
    if isinstance(findings, PackedFindings) and findings.crowd is not ...:
        return findings.crowd                   # worked out where they were found
    alone = _alone()
    values: dict[str, set] = {}
    for kind, value, status in map(_TYPE_VALUE_STATUS, _plain(findings)):
        if kind in alone and status in IDENTIFYING:
            values.setdefault(kind, set()).add(value)
    kind = max(values, key=lambda k: len(values[k]), default=None)
    return (kind, len(values[kind])) if kind and len(values[kind]) >= CROWDED else None


@lru_cache(maxsize=1)
def _alone() -> frozenset:
    return frozenset(rules()["alone"])


def judged_records(prepared: Sequence[Prepared]) -> Judged:
    """Records prepared one by one as a :class:`Judged` batch (see :func:`judged_rows`)."""
    return judged_rows(pack(prepared), [p.findings for p in prepared], lambda i: more_kinds(prepared[i]))


def more_kinds(p: Prepared) -> tuple[int, ...]:
    """The codes of the kinds of a record's findings that its packed row has no room for."""
    return _kinds(p)[ROW_KINDS:]


def code_tables() -> tuple[list, list, list, list]:
    """The values this process's codes stand for (categorizations, bases, exclusions, kinds), for
    :func:`recode` in another process."""
    return _CATS.values, _BASES.values, _EXCLUSIONS.values, _KINDS.values


def recode(rows: np.ndarray, tables: tuple[list, list, list, list], more: dict[int, tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
    """Rows that another process packed (:func:`pack`; ``tables``: its :func:`code_tables`) in this process's
    codes, in place, and ``more`` (row → :func:`more_kinds`) in them too."""
    cats, bases, exclusions, kinds = (np.array([codes(v) for v in values] or [0], dtype=np.int64)
                                      for codes, values in zip((_CATS, _BASES, _EXCLUSIONS, _KINDS), tables))
    code = rows["code"]
    held = code >= 0
    code[held] = cats[code[held]]
    code[~held] = -1 - exclusions[-1 - code[~held]]
    basis = rows["basis"]
    some = basis >= 0
    basis[some] = bases[basis[some]]
    kind = rows["kinds"]
    real = kind != _NO_KIND
    kind[real] = kinds[kind[real]]
    return {i: tuple(kinds[list(k)].tolist()) for i, k in more.items()}


def judged_rows(rows: np.ndarray, findings: list, more: Callable[[int], tuple[int, ...]]) -> Judged:
    """Text records (lines, paragraphs) as a :class:`Judged` batch, filled column-wise from their
    :data:`ROW` rows (what a record is: its kinds, its categorization or exclusion, whether it is crowded,
    its keys' digests, worked out once per distinct record, :func:`pack`) with numpy. ``findings`` are the
    records' findings (read only of the few crowded records, and for samples and the evidence table) and
    ``more(i)`` record ``i``'s :func:`more_kinds` (asked only of records with many findings)."""
    n = len(rows)
    b = JudgedBuilder(n)
    code = rows["code"]
    ident = code >= 0
    cats, cat_at = np.unique(code[ident], return_inverse=True)
    exclusions, exclusion_at = np.unique(-1 - code[~ident], return_inverse=True)
    b.cats = [_CATS.values[k] for k in cats.tolist()]
    b.exclusions = [_EXCLUSIONS.values[k] for k in exclusions.tolist()]
    b.identifying[ident] = True
    b.cat[ident] = cat_at.reshape(-1)
    b.exclusion[~ident] = exclusion_at.reshape(-1)
    kinds = rows["kinds"].reshape(-1)
    kinds = kinds[kinds != _NO_KIND]
    many_kinds = np.flatnonzero(rows["more"])
    if len(many_kinds):
        kinds = np.concatenate([kinds, np.array([k for i in many_kinds.tolist() for k in more(i)], dtype=kinds.dtype)])
    if len(kinds):
        total = np.bincount(kinds)
        for k in np.flatnonzero(total).tolist():
            b.types[_KINDS.values[k]] += int(total[k])
    held = np.flatnonzero(ident)
    if len(held):
        bases, basis_at = np.unique(rows["basis"][held], return_inverse=True)
        b.bases = [_BASES.values[k] for k in bases.tolist()]
        b.basis[held] = basis_at.reshape(-1)
        keys = rows["keys"][held]
        b._keep(held, np.ascontiguousarray(keys[:, :16]), np.ascontiguousarray(keys[:, 16:]))
    judged = b.done(findings)
    many = np.flatnonzero(rows["crowded"])
    if len(many):
        judged.crowded = [(i, *crowded(findings[i])) for i in many.tolist()]
    return judged


_STATUS_VALUE = {s: s.value for s in Status}


COUNTED, DUPLICATE, OBTAINED_THEN_SOLD, ACCUMULATED = 0, 1, 2, 3


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
    _seen: KeyIndex = field(default_factory=KeyIndex)        # content digest -> holders (bit 0: obtained)
    _persons: KeyIndex = field(default_factory=KeyIndex)
    _buyers: dict = field(default_factory=dict)             # buyer -> its bit in the holders mask

    @property
    def persons(self) -> int:
        return len(self._persons)

    def close(self) -> None:
        """Remove the on-disk de-duplication state, if the scan grew large enough to have one."""
        self._seen.close()
        self._persons.close()

    def judge(self, findings: Sequence[Finding], words: Iterable[str], where: str, text: str | None = None,
              buyer: str | None = None) -> Verdict:
        """Count one record or exclude it.

        Duplicates: for identity information (category general) the same identifying values; for records
        of a kind (a stay, an order, a call) the same values in the same record text — another stay of the
        same person is another piece. ``buyer`` names who the record was sold or provided to (None for
        obtained or unlabelled data): the same piece obtained and then sold counts once (Art. 11 ¶1), sold
        to different buyers it counts once per buyer (¶2) — whatever the order the records come in."""
        verdicts: list[Verdict] = []
        self.take(judged_records([prepare(findings, words, text)]), lambda i: where, buyer,
                  lambda i, v, found: verdicts.append(v))
        return verdicts[0]

    def _bit(self, buyer: str | None) -> int:
        if buyer is None:
            return 1
        if buyer not in self._buyers:
            if len(self._buyers) >= MAX_BUYERS:
                raise ValueError(f"more than {MAX_BUYERS} buyers labelled: {buyer!r}")
            self._buyers[buyer] = 1 << (len(self._buyers) + 1)
        return self._buyers[buyer]

    def take(self, j: Judged, where: Callable[[int], str], buyer: str | None = None,
             emit: Callable[[int, Verdict, list[Finding]], None] | None = None) -> None:
        """Count or exclude every record of a batch, in order, as :meth:`judge` would one by one: the
        de-duplication runs for the whole batch at once (``where(i)`` names record i for the samples;
        ``emit(i, verdict, findings)`` receives each record's verdict, for the evidence table)."""
        n = len(j)
        self.types.update(j.types)
        if (j.exclusion >= 0).any():
            for e, k in enumerate(np.bincount(j.exclusion[j.exclusion >= 0], minlength=len(j.exclusions))):
                if k:
                    self.excluded[j.exclusions[e][0]] += int(k)
        outcome = np.full(n, -1, dtype=np.int8)
        rows = np.flatnonzero(j.identifying)
        if rows.size:
            bit = self._bit(buyer)
            first, inverse = j.first, j.inverse
            known, before = self._seen.merge(j.content[rows[first]], bit)
            dup = known & ((before & np.uint64(bit)) != 0)
            once = known & ~dup & ((bit == 1) | ((before & ~np.uint64(1)) == 0))
            per_key = np.where(~known, COUNTED, np.where(dup, DUPLICATE, np.where(once, OBTAINED_THEN_SOLD, ACCUMULATED)))
            out = per_key[inverse.ravel()].astype(np.int8)
            repeat = np.ones(len(rows), dtype=bool)
            repeat[first] = False
            out[repeat] = DUPLICATE                     # a repeat within the batch: same buyer, same content
            outcome[rows] = out
            for code, reason in ((DUPLICATE, "duplicate"), (OBTAINED_THEN_SOLD, "obtained_then_sold")):
                k = int(np.count_nonzero(out == code))
                if k:
                    self.excluded[reason] += k
            self._count(j, np.flatnonzero((outcome == COUNTED) | (outcome == ACCUMULATED)), where)
        if emit:
            for i in range(n):
                emit(i, self._verdict(j, i, int(outcome[i]), buyer), list(j.findings[i]))

    def _count(self, j: Judged, counted: np.ndarray, where: Callable[[int], str]) -> None:
        if not counted.size:
            return
        # the persons of the batch's identifying records: those of records not counted (duplicates, obtained
        # then sold) are those of a record with the same content counted before, so the set is the same
        self._persons.merge(j.persons, 1)
        for c, k in enumerate(np.bincount(j.cat[counted], minlength=len(j.cats))):
            if k:
                cat = j.cats[c]
                self.pieces[cat.category] += int(k)
                if cat.alternative:
                    self.contested[(cat.category, cat.alternative)] += int(k)
        # samples: the first counted records of each category, categories in the order they first appear
        cat_of = j.cat[counted]
        present, first = np.unique(cat_of, return_index=True)
        by_name: dict[str, list[int]] = {}
        for c in present[np.argsort(first)].tolist():
            by_name.setdefault(j.cats[c].category, []).append(c)
        for category, cs in by_name.items():
            bucket = self.samples.setdefault(category, [])
            room = SAMPLES_PER_CATEGORY - len(bucket)
            if room <= 0:
                continue
            for i in counted[np.isin(cat_of, cs)][:room].tolist():
                entry = sample_of(where(i), j.findings[i])
                if not self.reveal:
                    entry.pop("revealed")
                bucket.append({**entry, "basis": list(j.bases[j.basis[i]])})

    def _verdict(self, j: Judged, i: int, outcome: int, buyer: str | None) -> Verdict:
        if outcome < 0:
            reason, why = j.exclusions[j.exclusion[i]]
            return Verdict(False, reason, why=why)
        person = key_digest(person_key(j.findings[i])).hex()
        if outcome == DUPLICATE:
            return Verdict(False, "duplicate", person=person, why=_DUPLICATE)
        if outcome == OBTAINED_THEN_SOLD:
            return Verdict(False, "obtained_then_sold", person=person, why=_OBTAINED_THEN_SOLD)
        cat = j.cats[j.cat[i]]
        why = tuple(cat.reasons) + ((_ACCUMULATES.format(buyer),) if outcome == ACCUMULATED else ())
        return Verdict(True, cat.category, cat.category, cat.alternative, person, why)


class TableFindings:
    """Each row's findings, materialised from the column scans on demand (``findings[i]``)."""

    def __init__(self, scans: Sequence[ColumnScan]):
        self.scans = list(scans)

    def __getitem__(self, i: int) -> list[Finding]:
        return [f for c in self.scans for f in c.findings(i)]


def column_scans(batch: Batch, detector: Detector | None = None, profiles: dict | None = None) -> list[ColumnScan]:
    """Every column of a table batch scanned whole. ``profiles`` keeps each column's profile from the
    first batch of its source for the later ones."""
    d = detector or default_detector()
    scans = []
    for j, header in enumerate(batch.columns):
        key = (batch.source.path, j, header)
        col = scan_column(header, batch.column(j), d, profile=(profiles or {}).get(key))
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
    findings = TableFindings(column_scans(batch, d, profiles))
    return [findings[i] for i in range(len(batch))]


def record_text(batch: Batch, i: int) -> str:
    if batch.columns is None:
        return batch.texts[i]
    return "\x1f".join("" if c is None else c.strip() for c in batch.row(i))
