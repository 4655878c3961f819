"""The de-duplication state of a scan, in memory while small and on disk (SQLite, in a private temporary
directory) once it grows, so memory stays bounded however many records a scan sees.

Keys are 16-byte digests. ``SpillingMap`` maps a record's content digest to the buyers it went to;
``SpillingSet`` holds the person digests for the distinct-persons count.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

SPILL_AT = 1_000_000          # entries kept in memory before moving to disk
CACHE_KB = 65_536             # SQLite page cache while on disk (64 MiB)


class _Disk:
    def __init__(self, name: str):
        self.dir = Path(tempfile.mkdtemp(prefix="piguard-dedup-"))
        self.con = sqlite3.connect(self.dir / f"{name}.db", isolation_level=None)
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        self.con.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        self.con.execute("CREATE TABLE kv (k BLOB PRIMARY KEY, v TEXT) WITHOUT ROWID")
        self.con.execute("BEGIN")
        self.pending = 0

    def tick(self) -> None:
        self.pending += 1
        if self.pending >= 50_000:
            self.con.execute("COMMIT")
            self.con.execute("BEGIN")
            self.pending = 0

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class SpillingMap:
    """bytes → None or a tuple of str/None, with ``in``, ``[]`` and ``[]=``."""

    def __init__(self, spill_at: int = SPILL_AT):
        self._mem: dict[bytes, tuple | None] = {}
        self._disk: _Disk | None = None
        self._spill_at = spill_at

    def __contains__(self, key: bytes) -> bool:
        if self._disk is None:
            return key in self._mem
        return self._disk.con.execute("SELECT 1 FROM kv WHERE k = ?", (key,)).fetchone() is not None

    def __getitem__(self, key: bytes) -> tuple | None:
        if self._disk is None:
            return self._mem[key]
        row = self._disk.con.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return None if row[0] is None else tuple(json.loads(row[0]))

    def __setitem__(self, key: bytes, value: tuple | None) -> None:
        if self._disk is None:
            self._mem[key] = value
            if len(self._mem) >= self._spill_at:
                self._spill()
            return
        self._disk.con.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)",
                               (key, None if value is None else json.dumps(value, ensure_ascii=False)))
        self._disk.tick()

    def _spill(self) -> None:
        self._disk = _Disk("content")
        self._disk.con.executemany("INSERT INTO kv VALUES (?, ?)",
                                   ((k, None if v is None else json.dumps(v, ensure_ascii=False))
                                    for k, v in self._mem.items()))
        self._mem = {}

    @property
    def on_disk(self) -> bool:
        return self._disk is not None

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()


class SpillingSet:
    """A set of bytes with ``add`` and ``len``."""

    def __init__(self, spill_at: int = SPILL_AT):
        self._mem: set[bytes] = set()
        self._disk: _Disk | None = None
        self._count = 0
        self._spill_at = spill_at

    def add(self, key: bytes) -> None:
        if self._disk is None:
            self._mem.add(key)
            if len(self._mem) >= self._spill_at:
                self._disk = _Disk("persons")
                self._disk.con.executemany("INSERT INTO kv VALUES (?, NULL)", ((k,) for k in self._mem))
                self._count = len(self._mem)
                self._mem = set()
            return
        cur = self._disk.con.execute("INSERT OR IGNORE INTO kv VALUES (?, NULL)", (key,))
        self._count += cur.rowcount
        self._disk.tick()

    def __len__(self) -> int:
        return len(self._mem) if self._disk is None else self._count

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
