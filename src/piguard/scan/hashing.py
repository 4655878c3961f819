"""SHA-256 of every input, read in chunks through a read-only handle (evidence is never modified)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


def sha256_stream(fh: BinaryIO) -> tuple[str, int]:
    """Hex digest and byte count of a binary stream, read to its end.

    >>> import io
    >>> sha256_stream(io.BytesIO(b'abc'))
    ('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 3)
    """
    h = hashlib.sha256()
    size = 0
    while chunk := fh.read(CHUNK):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def sha256_file(path: str | Path) -> tuple[str, int]:
    with open(path, "rb") as fh:      # "rb" only: never a mode that could write
        return sha256_stream(fh)
