"""One pass over a text for every candidate pattern and every literal (keywords, place names).

Two back-ends with the same contract: Hyperscan (compiled, one pass, all patterns at once) and Python
``re`` (a fallback where Hyperscan is missing, and the baseline that ``bench/detect_speed.py`` measures
against). Both return character offsets. Patterns must be portable (see ``Recognizer``); boundaries
are checked by the caller, not by the pattern.
"""

from __future__ import annotations

import array
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from piguard import native

try:  # pragma: no cover - exercised on machines without the wheel
    import hyperscan
except ImportError:  # pragma: no cover
    hyperscan = None
try:  # scans whose matches are collected in C (libhs): built where libhyperscan-dev is installed
    from piguard import _hs
except ImportError:  # pragma: no cover - built without libhs
    _hs = None
if hyperscan is None or os.environ.get("PIGUARD_HS", "").lower() == "off":
    _hs = None


def backend() -> str:
    """Which Hyperscan scans a text: ``libhs`` (piguard._hs, every match collected in C), or ``binding``
    (the hyperscan package, a Python call per match). ``PIGUARD_HS=off`` chooses the binding."""
    return "libhs" if _hs is not None else "binding"


class _Binding:
    """A database of the hyperscan package: each match reaches Python through a callback."""

    def __init__(self, db):
        self._db = db

    def matches(self, data: bytes) -> np.ndarray:
        found = array.array("q")             # (id, start, end) flat: no tuple per match, no list to convert
        append = found.append

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> None:
            append(ident)
            append(start)
            append(end)

        self._db.scan(data, match_event_handler=on_match)
        return np.frombuffer(found, dtype=np.int64).reshape(-1, 3).copy() if found else np.zeros((0, 3), dtype=np.int64)


class _Kernel:
    """A database of piguard._hs: the scan collects every match in C and hands them over at once, in the
    order Hyperscan reports them (the binding's order)."""

    def __init__(self, db):
        self._db = db

    def matches(self, data: bytes) -> np.ndarray:
        return np.frombuffer(_hs.scan(self._db, data), dtype=np.int64).reshape(-1, 3).copy()


def cache_dir() -> Path | None:
    """Where compiled pattern databases are kept between runs: ``$PIGUARD_CACHE``, else the user's cache
    directory. ``PIGUARD_CACHE=off`` compiles every time."""
    chosen = os.environ.get("PIGUARD_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "piguard"


def compiled(exprs: list[bytes], flags: list[int]) -> _Binding | _Kernel:
    """A Hyperscan block-mode database for ``exprs`` (see :func:`backend`). Compiling the detector's few
    thousand expressions takes about a second, so the serialised database is cached under
    :func:`cache_dir`, keyed by a hash of the back-end, its library version, the expressions and their
    flags; a missing, unreadable or stale cache is simply compiled again (the cache holds patterns, never
    scanned data)."""
    version = f"libhs {_hs.version()}" if _hs is not None else f"binding {getattr(hyperscan, '__version__', '')}"
    key = hashlib.sha256(repr((version, exprs, flags)).encode()).hexdigest()[:32]
    where = cache_dir()
    path = where / f"hs-{key}.db" if where else None
    if path is not None and path.is_file():
        try:
            return _load(path.read_bytes())
        except Exception:       # a damaged cache file is compiled again below
            pass
    if _hs is not None:
        db = _Kernel(_hs.compile(exprs, flags))
        dumped = _hs.serialize(db._db)
    else:
        raw = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        raw.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=flags)
        db, dumped = _Binding(raw), hyperscan.dumpb(raw)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as out:
                out.write(dumped)
            os.replace(out.name, path)
        except OSError:
            pass
    return db


def _load(dumped: bytes) -> _Binding | _Kernel:
    if _hs is not None:
        return _Kernel(_hs.deserialize(dumped))
    db = hyperscan.loadb(dumped, hyperscan.HS_MODE_BLOCK)
    db.scratch = hyperscan.Scratch(db)          # a loaded database comes without one
    return _Binding(db)


@dataclass(frozen=True, eq=False)
class Matches:
    """Pattern matches (``pid``, start, end), fitted: one end per (pattern, start), the longest whose
    neighbours are not glued to it under the pattern's boundary; and literal hits (``lid``, start, end)."""

    patterns: list   # [pid, start, end] rows
    literals: list | np.ndarray   # [lid, start, end] rows (Hyperscan: an (n, 3) int64 array)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Matches) and list(map(list, self.patterns)) == list(map(list, other.patterns))
                and np.array_equal(np.asarray(self.literals, dtype=np.int64).reshape(-1, 3),
                                   np.asarray(other.literals, dtype=np.int64).reshape(-1, 3)))

    __hash__ = None


class ReScanner:
    """Python ``re``: each pattern separately (types may overlap), literals as one longest-first alternation.

    ``finditer`` never overlaps, so a match glued to a longer run (MAC:BB:… read from the "AC") would hide
    the real value behind it: such a match is retried one character later, as Hyperscan would report it."""

    name = "re"

    def __init__(self, patterns: Sequence[str], literals: Sequence[str], boundaries: Sequence[str] = ()):
        self._patterns = [re.compile(p) for p in patterns]
        self._glue = [(DIGIT_CHARS if b == "digit" else ALNUM_CHARS if b == "alnum" else None)
                      for b in (boundaries or ["none"] * len(patterns))]
        order = sorted(range(len(literals)), key=lambda i: -len(literals[i]))
        self._literal_ids = {literals[i].casefold(): i for i in reversed(order)}
        self._lengths = sorted({len(lit) for lit in literals}, reverse=True)
        # every start (a look-ahead: hits may overlap, as Hyperscan reports them: ，身份证 and 身份证号), the longest
        # literal there first; the shorter ones starting there are looked up by their length
        self._literals = (re.compile("(?=(" + "|".join(re.escape(literals[i]) for i in order) + "))", re.IGNORECASE)
                          if literals else None)

    def scan(self, text: str) -> Matches:
        pats = []
        n = len(text)
        for pid, rx in enumerate(self._patterns):
            glue = self._glue[pid]
            pos = 0
            while (m := rx.search(text, pos)) is not None:
                s, e = m.start(), m.end()
                if glue and ((s and text[s - 1] in glue) or (e < n and text[e] in glue)):
                    pos = s + 1
                    continue
                pats.append((pid, s, e))
                pos = e
        lits = []
        if self._literals is not None:
            ids = self._literal_ids
            for m in self._literals.finditer(text):
                s, hit = m.start(), m.group(1)
                for k in self._lengths:
                    if k <= len(hit) and (lid := ids.get(hit[:k].casefold())) is not None:
                        lits.append((lid, s, s + k))
            lits.sort(key=lambda x: (x[2], x[1]))        # by end, as Hyperscan reports them
        return Matches(pats, lits)


class HyperscanScanner:
    """Hyperscan block mode over UTF-8 bytes; byte offsets are mapped back to characters with numpy."""

    name = "hyperscan"

    def __init__(self, patterns: Sequence[str], literals: Sequence[str], boundaries: Sequence[str] = (),
                 anchor_starts: bool = False, contexts: Sequence[str | None] = ()):
        boundaries = list(boundaries) or ["none"] * len(patterns)
        mode = {"none": 0, "digit": 1, "alnum": 2}
        self._boundary = np.array([mode[b] for b in boundaries], dtype=np.int8)
        # Hyperscan has no look-arounds and reports every end of every match: inside a long digit run a
        # 15-digit pattern would fire at each position. A pattern with a boundary is therefore compiled in
        # two variants, ending at the end of a line or of the data, or before one non-glued character
        # (trimmed after the scan). The start needs no such help: SOM_LEFTMOST gives one start per end,
        # and a start glued to a longer run is dropped afterwards. For digit-heavy data (table columns of
        # order numbers) ``anchor_starts`` also anchors the start, at the price of a slower scan of prose.
        exprs: list[bytes] = []
        pid, lead, trail = [], [], []
        for k, (p, b) in enumerate(zip(patterns, boundaries)):
            if b == "none":
                variants = [(p, False, False)]
            else:
                g = _GLUE[b]
                variants = [(f"(?:{p})$", False, False), (f"(?:{p})[^{g}]", False, True)]
                if anchor_starts:
                    variants = [(f"^(?:{p})$", False, False), (f"^(?:{p})[^{g}]", False, True),
                                (f"[^{g}](?:{p})$", True, False), (f"[^{g}](?:{p})[^{g}]", True, True)]
            for expr, has_lead, has_trail in variants:
                exprs.append(expr.encode("utf-8"))
                pid.append(k)
                lead.append(has_lead)
                trail.append(has_trail)
        self._pid, self._lead, self._trail = (np.array(pid, dtype=np.int64), np.array(lead, dtype=bool),
                                              np.array(trail, dtype=bool))
        self._n = len(exprs)
        encoded = [lit.encode("utf-8") for lit in literals]
        contexts = list(contexts) or [None] * len(literals)
        # a literal with a context is reported only where the context ends right before it (a prefilter: the
        # caller still tests what it gets); its match still ends where the literal does
        exprs += [(re.escape(lit) if ctx is None else f"(?:{ctx}){re.escape(lit)}").encode("utf-8")
                  for lit, ctx in zip(literals, contexts)]
        # literals need no start-of-match tracking: their start is their end minus their length
        flags = ([hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE] * self._n
                 + [hyperscan.HS_FLAG_CASELESS | (0 if ctx is None else hyperscan.HS_FLAG_UTF8) for ctx in contexts])
        self._lit_len = np.array([len(b) for b in encoded], dtype=np.int64)
        self._db = compiled(exprs, flags)

    def _fit(self, rows: np.ndarray, byte: np.ndarray) -> np.ndarray:
        """Trim the boundary characters of wrapped variants, map variants back to their pattern, and keep
        the longest end per (pattern, start)."""
        if not len(rows):
            return rows
        variant = rows[:, 0]
        lead, trail = self._lead[variant], self._trail[variant]
        start, end = rows[:, 1], rows[:, 2]
        first = byte[np.minimum(start, len(byte) - 1)]
        width = np.where(first < 0x80, 1, np.where(first >= 0xF0, 4, np.where(first >= 0xE0, 3, 2)))
        rows[:, 1] = np.where(lead, start + width, start)
        last = np.maximum(end - 1, 0)
        for _ in range(3):                               # back to the lead byte of the last character
            last = np.where((byte[last] & 0xC0) == 0x80, last - 1, last)
        rows[:, 2] = np.where(trail, last, end)
        rows[:, 0] = self._pid[variant]
        return _fit_boundaries(rows, byte, self._boundary)

    def scan(self, text: str) -> Matches:
        data = text.encode("utf-8")
        arr = self._db.matches(data)
        if not len(arr):
            return Matches([], [])
        lit = arr[:, 0] >= self._n
        arr[lit, 1] = arr[lit, 2] - self._lit_len[arr[lit, 0] - self._n]
        byte = np.frombuffer(data, dtype=np.uint8)
        arr = np.concatenate([self._fit(arr[~lit], byte), arr[lit]])
        if len(data) != len(text):
            _to_char_offsets(arr, byte)
        is_pattern = arr[:, 0] < self._n
        pats = arr[is_pattern]
        lits = arr[~is_pattern]
        lits[:, 0] -= self._n
        return Matches(pats.tolist(), lits)            # the literals stay an array: the detector dispatches them with numpy


DIGIT_CHARS = frozenset("0123456789")
ALNUM_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0"):ord("9") + 1] = True
_ALNUM = _DIGIT.copy()
_ALNUM[ord("A"):ord("Z") + 1] = True
_ALNUM[ord("a"):ord("z") + 1] = True


_GLUE = {"digit": "0-9", "alnum": "0-9A-Za-z"}


def _fit_boundaries(rows: np.ndarray, byte: np.ndarray, mode: np.ndarray) -> np.ndarray:
    """Hyperscan reports every end of every match. Keep, per (pattern, start), the longest end whose
    neighbours are not glued to the value (a digit for digit patterns, a letter or digit for alnum ones)."""
    if not len(rows):
        return rows
    n = len(byte)
    m = mode[rows[:, 0]]
    start, end = rows[:, 1], rows[:, 2]
    prev = np.where(start > 0, byte[np.maximum(start - 1, 0)], 32)
    nxt = np.where(end < n, byte[np.minimum(end, n - 1)], 32)
    glued = ((m == 1) & (_DIGIT[prev] | _DIGIT[nxt])) | ((m == 2) & (_ALNUM[prev] | _ALNUM[nxt]))
    rows = rows[~glued]
    if not len(rows):
        return rows
    order = np.lexsort((-rows[:, 2], rows[:, 1], rows[:, 0]))
    rows = rows[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:, 0] != rows[:-1, 0]) | (rows[1:, 1] != rows[:-1, 1])
    return rows[first]


def _to_char_offsets(rows: np.ndarray, byte: np.ndarray) -> None:
    """Byte offsets → character offsets, in place: the bytes before each that are not UTF-8 continuation
    bytes, counted between consecutive distinct offsets in one pass (the compiled kernel, else
    ``np.add.reduceat`` over the continuation bytes)."""
    if not len(rows):
        return
    offsets = rows[:, 1:3].ravel()
    marks, where = np.unique(offsets, return_inverse=True)
    if native.available():
        rows[:, 1:3] = native.char_offsets(byte, marks)[where.reshape(-1)].reshape(-1, 2)
        return
    cont = np.zeros(len(byte) + 1, dtype=np.int64)          # one more: an offset may be the text's end
    cont[:-1] = (byte & 0xC0) == 0x80
    edges = np.concatenate([[0], marks]) if marks[0] != 0 else marks
    sums = np.add.reduceat(cont, edges)                      # continuation bytes from each edge to the next
    before = np.concatenate([[0], np.cumsum(sums)[:-1]])     # ... before each edge
    if marks[0] != 0:
        before = before[1:]
    rows[:, 1:3] -= before[where.reshape(-1)].reshape(-1, 2)


def make_scanner(patterns: Sequence[str], literals: Sequence[str], engine: str = "auto", boundaries: Sequence[str] = (),
                 anchor_starts: bool = False, contexts: Sequence[str | None] = ()):
    """``auto`` uses Hyperscan when it is installed, else ``re``. ``boundaries`` (none | digit | alnum per
    pattern) lets the Hyperscan back-end drop matches glued to a longer run before they reach Python.
    ``contexts`` (a Hyperscan expression or None per literal) let it report a literal only where its
    context ends right before it; the ``re`` back-end reports every hit (the caller tests them all)."""
    if engine == "re" or (engine == "auto" and hyperscan is None):
        return ReScanner(patterns, literals, boundaries)
    if hyperscan is None:
        raise RuntimeError("the hyperscan engine was requested but the hyperscan package is not installed")
    return HyperscanScanner(patterns, literals, boundaries, anchor_starts, contexts)
