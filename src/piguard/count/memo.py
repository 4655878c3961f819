"""The text records of a scan remembered by their text.

A dump repeats its records (the data resold, lists merged, the same chat exported twice), and what a text
record is depends on its own text only: each distinct text is detected and prepared once
(:func:`piguard.count.pieces.prepare`) and packed (:func:`piguard.count.pieces.pack`) into a row of a
table. A batch is then judged by looking its texts up (in C: ``map`` over a dict) and gathering their rows
with numpy, with no Python step per record. The memory is bounded: the latest distinct records, about
``MEMO_RECORDS`` of them and ``MEMO_CHARS`` characters in all, are kept.
"""

from __future__ import annotations

from typing import Callable, Collection, Sequence

import numpy as np

from piguard.count.pieces import ROW, Judged, Prepared, judged_rows, more_kinds, pack

MEMO_RECORDS = 100_000          # distinct record texts kept between batches, about (one batch more at most)
MEMO_CHARS = 8_000_000          # ... and characters of them in all (with their findings some tens of MB)


class _Slots(dict):
    """Text → slot of its row; -1 for a text not held (looked up in C without a Python call)."""

    def __missing__(self, key: str) -> int:
        return -1


class TextMemo:
    """Prepared text records by their text, in two generations: ``new`` takes what is prepared or looked
    up again; at the end of a batch in which ``new`` came to hold half the limits it becomes ``old``, and
    the records of the ``old`` before it are forgotten (their slots reused). A record is remembered as long
    as it recurs, about as in a least-recently-used memory, without moving an entry on every look-up."""

    def __init__(self) -> None:
        self.new, self.old = _Slots(), _Slots()
        self.chars = 0                                      # characters of the texts in ``new``
        self.rows = np.zeros(1024, dtype=ROW)               # slot → packed row
        self.findings: list = []                            # slot → the record's findings
        self.more: dict[int, tuple[int, ...]] = {}          # slot → its more_kinds(), if it has any
        self._free: list[int] = []
        self.generation = 0                                 # how many times the memory has forgotten

    def texts(self) -> list[str]:
        return list(self.old) + list(self.new)

    def unknown(self, texts: Sequence[str], also: Collection[str] = ()) -> tuple[list[str], tuple[int, np.ndarray]]:
        """The distinct texts of ``texts`` that are not held, nor in ``also``, in order, and what the look-up
        found (for :meth:`judged` of the same texts: still true until the memory next forgets)."""
        slots = np.fromiter(map(self.new.__getitem__, texts), dtype=np.int64, count=len(texts))
        out: dict[str, None] = {}
        for i in np.flatnonzero(slots < 0).tolist():
            t = texts[i]
            if t not in self.old and t not in also:
                out[t] = None
        return list(out), (self.generation, slots)

    def add(self, texts: Sequence[str], prepared: Sequence[Prepared]) -> None:
        """Hold the records ``prepared`` of ``texts`` (a text held already is left as it is)."""
        rows = pack(prepared)                       # (judged() prepares only texts not held: add_rows checks)
        more = {k: more_kinds(p) for k, p in enumerate(prepared) if rows["more"][k]}
        self.add_rows(texts, rows, [p.findings for p in prepared], more)

    def add_rows(self, texts: Sequence[str], rows: np.ndarray, findings: Sequence, more: dict[int, tuple[int, ...]]) -> None:
        """Hold records already packed (:func:`piguard.count.pieces.pack`, in this process's codes): ``rows``
        of ``texts``, their ``findings``, and ``more`` (row → its :func:`more_kinds`, for rows with many
        kinds); a text held already is left as it is."""
        fresh = [i for i, t in enumerate(texts) if t not in self.new and t not in self.old]
        k = len(fresh)
        if not k:
            return
        reused, self._free = self._free[:k], self._free[k:]
        start = len(self.findings)
        slots = reused + list(range(start, start + k - len(reused)))
        grown = start + k - len(reused)
        self.findings += [()] * (grown - start)
        if grown > len(self.rows):
            grown_rows = np.zeros(max(grown, 2 * len(self.rows)), dtype=ROW)
            grown_rows[:len(self.rows)] = self.rows
            self.rows = grown_rows
        self.rows[slots] = rows[fresh] if k < len(rows) else rows
        new, found = self.new, self.findings
        for s, i in zip(slots, fresh):
            t = texts[i]
            found[s] = findings[i]
            new[t] = s
            self.chars += len(t)
            if i in more:
                self.more[s] = more[i]

    def judged(self, texts: Sequence[str], prepare: Callable[[list[str]], Sequence[Prepared]],
               found: tuple[int, np.ndarray] | None = None) -> Judged:
        """The batch of records ``texts`` judged (:func:`piguard.count.pieces.judged_rows`); ``prepare``
        makes the records of the texts not held, which are held from then on. ``found``: what
        :meth:`unknown` found of these texts; its slots stand while the memory has forgotten nothing
        since (a slot is given to another text only then), and only the texts it missed are looked up."""
        if found is not None and found[0] == self.generation:
            slots = found[1].copy()
        else:
            slots = np.fromiter(map(self.new.__getitem__, texts), dtype=np.int64, count=len(texts))
        missing = np.flatnonzero(slots < 0)
        if len(missing):
            need: dict[str, list[int]] = {}
            for i in missing.tolist():
                t = texts[i]
                s = self.new[t]
                if s < 0 and (s := self.old.pop(t, -1)) >= 0:
                    self.new[t] = s                         # seen again: kept another generation
                    self.chars += len(t)
                if s >= 0:
                    slots[i] = s
                else:
                    need.setdefault(t, []).append(i)
            if need:
                self.add(list(need), prepare(list(need)))
                for t, at in need.items():
                    slots[at] = self.new[t]
        judged = judged_rows(self.rows[slots], list(map(self.findings.__getitem__, slots.tolist())), lambda i: self.more[slots[i]])
        self._trim()
        return judged

    def _trim(self) -> None:
        if 2 * len(self.new) > MEMO_RECORDS or 2 * self.chars > MEMO_CHARS:
            gone = list(self.old.values())
            for s in gone:
                self.findings[s] = ()
                self.more.pop(s, None)
            self._free += gone
            self.old, self.new, self.chars = self.new, _Slots(), 0
            self.generation += 1
