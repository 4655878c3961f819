"""The de-duplication state of a scan: a set of 16-byte digests, each with a small bit mask, looked up and
extended a whole batch at a time with numpy.

The newest keys sit in an open-addressing hash table of numpy arrays, probed for a whole batch at once;
every ``run_max`` of them become a sorted *run*, and runs of similar size are merged (a linear merge,
not a sort) up to ``frozen_max`` keys, so there are few. One Bloom filter covers every key in the runs,
so a key that is new — most keys of a large leak — costs four bit tests; only the keys it may hold are
searched, through a small directory on the top bits of each run. Once the runs hold more than
``memory`` bytes, the oldest move to files in a private temporary directory and are memory-mapped; the
pages lookups brought in are handed back to the system every ``release_pages`` or so. Memory is
therefore bounded by ``memory``, the hash table, and the Bloom filter (10-20 bits a key), whatever the
number of records.

Runs are ordered by the first 8 bytes (``hi``) only; the rare keys sharing ``hi`` are told apart by the
other 8 (``lo``) when looked up.
"""

from __future__ import annotations

import mmap
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from piguard import native

RUN_MAX = 1 << 21                # newest keys kept in the hash table before they become a sorted run
FROZEN_MAX = 1 << 23             # runs are merged up to this many keys (192 MiB: a merge's transient copy)
MEMORY = 1 << 29                 # bytes of sorted runs kept in memory (per index) before they move to disk
RELEASE_PAGES = 1 << 15          # release the on-disk runs' pages after about this many (128 MiB) came in
BLOOM_BITS_PER_KEY = 10          # at least; about 1% false positives with 4 probes
U64 = np.uint64


def split(digests: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(n, 16)`` uint8 digests → their ``hi`` and ``lo`` halves as uint64 arrays."""
    words = np.ascontiguousarray(digests, dtype=np.uint8).view("<u8").reshape(-1, 2)
    return words[:, 0].copy(), words[:, 1].copy()


def distinct(digests: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``(n, 16)`` digests: the index of each one's first occurrence (in key order)
    and, per row, the index of its distinct key, as ``np.unique(..., return_index, return_inverse)`` gives
    them, but sorting one 64-bit word, not 16-byte records. Two different digests sharing the first word
    (about once in 10^10 batches) are told apart by the exact sort. The compiled kernel hashes instead of
    sorting, and gives the keys in the order they first occur."""
    if native.available():
        return native.distinct(digests)
    n = len(digests)
    hi, lo = split(digests)
    order = np.argsort(hi)
    hs, ls = hi[order], lo[order]
    same_hi = hs[1:] == hs[:-1]
    if (same_hi & (ls[1:] != ls[:-1])).any():
        _, first, inverse = np.unique(np.ascontiguousarray(digests).view("V16").ravel(), return_index=True,
                                      return_inverse=True)
        return first, inverse.reshape(-1)
    new = np.ones(n, dtype=bool)
    new[1:] = ~same_hi
    starts = np.flatnonzero(new)
    first = np.minimum.reduceat(order, starts) if n else np.zeros(0, dtype=np.int64)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return first, inverse


@dataclass
class _Run:
    hi: np.ndarray
    lo: np.ndarray
    mask: np.ndarray
    maps: list = field(default_factory=list)  # mmap objects once on disk
    starts: np.ndarray | None = None          # directory: first position of each top-bits bucket
    shift: int = 64

    def __post_init__(self) -> None:
        bits = int(min(20, max(0, np.log2(max(self.n, 1)) - 4)))
        self.shift = 64 - bits
        bounds = np.arange(1 << bits, dtype=np.uint64) << U64(self.shift) if bits else np.zeros(1, np.uint64)
        self.starts = np.append(np.searchsorted(self.hi, bounds), self.n).astype(np.int64)

    @property
    def n(self) -> int:
        return len(self.hi)

    @property
    def nbytes(self) -> int:
        return self.hi.nbytes + self.lo.nbytes + self.mask.nbytes


def _bloom_positions(hi: np.ndarray, lo: np.ndarray, bits: int) -> np.ndarray:
    """``(len(keys), 4)`` bit positions of each key in a filter of ``2**bits`` bits (``bits`` <= 32): the
    keys are two independently seeded 64-bit hashes, so their four 32-bit words are already uniform."""
    low = U64((1 << bits) - 1)
    return np.stack([lo & low, (lo >> U64(32)) & low, hi & low, (hi >> U64(32)) & low], axis=1).astype(np.int64)


def _locate(run: _Run, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Position of each key in ``run``, or -1."""
    at = np.full(len(hi), -1, dtype=np.int64)
    if not run.n or not len(hi):
        return at
    cand = np.arange(len(hi))
    pos = _lower_bound(run, hi)
    while cand.size:
        inside = pos < run.n
        cand, pos = cand[inside], pos[inside]
        same = run.hi[pos] == hi[cand]
        cand, pos = cand[same], pos[same]
        hit = run.lo[pos] == lo[cand]
        at[cand[hit]] = pos[hit]
        cand, pos = cand[~hit], pos[~hit] + 1       # another key with the same hi: look at the next one
    return at


def _lower_bound(run: _Run, q: np.ndarray) -> np.ndarray:
    """``searchsorted(run.hi, q)`` within each key's directory bucket: a handful of vectorised halving
    steps over a few neighbouring entries instead of a search over the whole run."""
    bucket = (q >> U64(run.shift)).astype(np.int64) if run.shift < 64 else np.zeros(len(q), np.int64)
    lo, hi = run.starts[bucket], run.starts[bucket + 1]
    last = run.n - 1
    while True:
        open_ = lo < hi
        if not open_.any():
            return lo
        mid = (lo + hi) >> 1
        below = run.hi[np.minimum(mid, last)] < q
        lo = np.where(open_ & below, mid + 1, lo)
        hi = np.where(open_ & ~below, mid, hi)


def _merge(a: _Run, b: _Run) -> _Run:
    """Two runs sorted by ``hi`` → one, in linear time."""
    n = a.n + b.n
    ins = np.searchsorted(a.hi, b.hi, side="right") + np.arange(b.n)
    from_a = np.ones(n, dtype=bool)
    from_a[ins] = False

    def put(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out = np.empty(n, dtype=x.dtype)
        out[ins] = y
        out[from_a] = x
        return out

    return _Run(put(a.hi, b.hi), put(a.lo, b.lo), put(a.mask, b.mask))


class _Table:
    """An open-addressing hash table of keys and masks: one numpy array of slots (hi, lo, mask, used), a
    slot in one 32-byte line, so that a probe costs one cache miss."""

    def __init__(self, slots: int):
        size = 1 << max(1, int(np.ceil(np.log2(max(slots, 2)))))
        self.bits = U64(size - 1)
        # written through once, in order: the pages fault in sequentially now, not one by one at random
        # under the probes (a fresh 128 MiB table: about 30 ms here instead of about 200)
        self.slots = np.empty((size, 4), dtype=np.uint64)
        self.slots.fill(0)
        self.hi, self.lo, self.mask, self.used = (self.slots[:, k] for k in range(4))
        self._owner: np.ndarray | None = None                # scratch of the numpy probe
        self.count = 0

    def __len__(self) -> int:
        return self.count

    @property
    def size(self) -> int:
        return len(self.used)

    def grown(self, slots: int) -> "_Table":
        """A larger table holding the same keys and masks."""
        bigger = _Table(max(slots, self.size + 1))
        if native.available():
            bigger.count = native.table_rehash(self.slots, bigger.slots)
            self.used[:] = 0
            self.count = 0
            return bigger
        hi, lo, masks = self.drain()
        for m in np.unique(masks).tolist():
            pick = masks == m
            bigger.merge(hi[pick], lo[pick], m)
        return bigger

    def merge(self, hi: np.ndarray, lo: np.ndarray, mask: int) -> tuple[np.ndarray, np.ndarray]:
        """As :meth:`KeyIndex.merge` for distinct keys (linear probing: key by key in the compiled kernel,
        else one numpy round per probe step for the whole batch)."""
        if native.available():
            known, before, added = native.table_merge(self.slots, self.count, hi, lo, mask)
            self.count += added
            return known, before
        known = np.zeros(len(hi), dtype=bool)
        before = np.zeros(len(hi), dtype=np.uint64)
        if self._owner is None:
            self._owner = np.zeros(self.size, dtype=np.int64)     # who claimed a free slot this round
        owner = self._owner
        todo = np.arange(len(hi))
        with np.errstate(over="ignore"):
            slot = ((hi ^ (lo >> U64(17))) & self.bits).astype(np.int64)
        while todo.size:
            s = slot[todo]
            used = self.used[s] != 0
            same = used & (self.hi[s] == hi[todo]) & (self.lo[s] == lo[todo])
            hit, at = todo[same], s[same]
            known[hit] = True
            before[hit] = self.mask[at]
            self.mask[at] |= U64(mask)
            free = ~used
            # new keys claim their free slot; of several claiming one slot one wins, the others probe on
            free_at, claimants = s[free], todo[free]
            owner[free_at] = claimants
            first = owner[free_at] == claimants
            claim, won = free_at[first], claimants[first]
            self.used[claim] = 1
            self.hi[claim], self.lo[claim], self.mask[claim] = hi[won], lo[won], U64(mask)
            self.count += len(won)
            settled = same.copy()
            settled[np.flatnonzero(free)[first]] = True
            lost_free = free & ~settled                # lost the race: look at the same slot again
            moving = ~settled & ~lost_free             # a different key sits there: next slot
            slot[todo[moving]] = (slot[todo[moving]] + 1) & int(self.bits)
            todo = todo[~settled]
        return known, before

    def drain(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The stored keys and masks; the table is empty afterwards."""
        idx = np.flatnonzero(self.used)
        out = self.hi[idx], self.lo[idx], self.mask[idx]
        self.used[:] = 0
        self.count = 0
        return out


class KeyIndex:
    """A growing set of 16-byte keys with a ``uint64`` mask each, updated a batch at a time."""

    def __init__(self, run_max: int = RUN_MAX, memory: int = MEMORY, frozen_max: int = FROZEN_MAX,
                 release_pages: int = RELEASE_PAGES):
        self.release_pages = release_pages
        self.run_max = run_max
        self.memory = memory
        self.frozen_max = frozen_max
        self._table = _Table(1 << 14)             # the newest keys (grows to 2 * run_max slots for a full run)
        self._frozen: list[_Run] = []            # sorted runs, oldest (largest) first
        self._frozen_keys = 0
        self._bloom = np.zeros(0, dtype=np.uint8)
        self._bloom_bits = 0
        self._dir: Path | None = None
        self._touched = 0                         # pages of on-disk runs possibly resident since the last release

    def __len__(self) -> int:
        return self._frozen_keys + len(self._table)

    @property
    def on_disk(self) -> bool:
        return self._dir is not None

    def merge(self, digests: np.ndarray, mask: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Look up distinct keys (``(m, 16)`` uint8) and add them: a known key gets ``mask`` or-ed into its
        mask, a new key is stored with ``mask``. Returns, per key, whether it was known and its mask
        before (0 if new)."""
        m = len(digests)
        known = np.zeros(m, dtype=bool)
        before = np.zeros(m, dtype=np.uint64)
        hi, lo = split(digests)
        if self._frozen and m:
            cand = np.flatnonzero(self._maybe_frozen(hi, lo))
            for run in self._frozen:
                if not cand.size:
                    break
                at = _locate(run, hi[cand], lo[cand])
                if run.maps:
                    self._touched += 3 * cand.size         # pages a search may have brought in (hi, lo, mask)
                hit = at >= 0
                idx, pos = cand[hit], at[hit]
                known[idx] = True
                before[idx] = run.mask[pos]
                run.mask[pos] = run.mask[pos] | U64(mask)
                cand = cand[~hit]
            if self._touched > self.release_pages:
                self._release()
        rest = np.flatnonzero(~known)
        if rest.size:
            table = self._table
            need = 2 * (len(table) + rest.size)                   # at most half full ...
            full = table.size >= 2 * self.run_max                  # ... or 5/8 at the size of a full run
            if need > table.size and not (full and 8 * (len(table) + rest.size) <= 5 * table.size):
                # grow four-fold (each growth re-inserts every key), up to what a full run needs
                self._table = table.grown(max(need, min(4 * table.size, 2 * self.run_max)))
            k, b = self._table.merge(hi[rest], lo[rest], mask)
            known[rest], before[rest] = k, b
        if len(self._table) >= self.run_max:
            self._freeze()
        return known, before

    def _freeze(self) -> None:
        """The in-memory keys become a sorted run (and the runs of similar size are merged)."""
        hi, lo, masks = self._table.drain()          # the emptied table is reused at its size
        order = np.argsort(hi, kind="stable")
        run = _Run(hi[order], lo[order], masks[order])
        self._frozen.append(run)
        self._frozen_keys += run.n
        self._bloom_add(run)
        while (len(self._frozen) >= 2 and self._frozen[-2].n <= 2 * self._frozen[-1].n
               and self._frozen[-2].n + self._frozen[-1].n <= self.frozen_max):
            b = self._frozen.pop()
            a = self._frozen.pop()
            self._frozen.append(_merge(a, b))
            _close(a)
            _close(b)
        self._spill()

    # -- Bloom filter over all frozen keys (rebuilt twice as large when it fills up) --------------------

    def _bloom_add(self, run: _Run) -> None:
        wanted = min(32, max(16, int(np.ceil(np.log2(max(self._frozen_keys, 1) * BLOOM_BITS_PER_KEY)))))
        if wanted > self._bloom_bits:
            self._bloom_bits = wanted                          # 10-20 bits a key: rebuilt as the keys double
            self._bloom = np.zeros(1 << (self._bloom_bits - 3), dtype=np.uint8)
            runs = self._frozen
        else:
            runs = [run]
        for r in runs:
            for s in range(0, r.n, 1 << 20):                   # in slices: positions are 32 bytes a key
                pos = _bloom_positions(r.hi[s:s + (1 << 20)], r.lo[s:s + (1 << 20)], self._bloom_bits).ravel()
                for bit in range(8):                           # setting one bit is idempotent: repeats are harmless
                    self._bloom[pos[(pos & 7) == bit] >> 3] |= np.uint8(1 << bit)

    def _maybe_frozen(self, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
        pos = _bloom_positions(hi, lo, self._bloom_bits)
        return ((self._bloom[pos >> 3] >> (pos & 7).astype(np.uint8)) & 1).astype(bool).all(axis=1)

    # -- disk ------------------------------------------------------------------------------------------

    def _spill(self) -> None:
        """Move frozen runs to memory-mapped files while the frozen runs in memory exceed the budget."""
        in_memory = [r for r in self._frozen if not r.maps]
        while in_memory and sum(r.nbytes for r in in_memory) > self.memory:
            run = in_memory.pop(0)
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix="piguard-dedup-"))
            arrays = []
            for name in ("hi", "lo", "mask"):
                path = self._dir / f"run{id(run)}-{name}.u64"
                getattr(run, name).tofile(path)
                with open(path, "r+b") as f:
                    mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_WRITE if name == "mask" else mmap.ACCESS_READ)
                run.maps.append(mm)
                arrays.append(np.ndarray((run.n,), dtype=np.uint64, buffer=mm))
            run.hi, run.lo, run.mask = arrays

    def _release(self) -> None:
        """Hand the pages of the on-disk runs back to the system (they stay in its file cache): once enough
        may have been brought in, not after every batch (each call walks the whole mapping)."""
        self._touched = 0
        for run in self._frozen:
            for mm in run.maps:
                mm.madvise(mmap.MADV_DONTNEED)

    def close(self) -> None:
        """Remove the on-disk runs, if any (the number of keys stays readable)."""
        for run in self._frozen:
            _close(run)
        self._frozen = []
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def _close(run: _Run) -> None:
    run.hi = run.lo = run.mask = None              # drop the views before closing their maps
    for mm in run.maps:
        mm.close()
    run.maps = []
