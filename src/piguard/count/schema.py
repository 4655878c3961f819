"""The saved scan result, schema ``piguard.scan/1``: its name and a checked reader (no detector imports,
so ``piguard assess --scan`` and ``piguard report`` start quickly)."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA = "piguard.scan/1"


class ScanResultError(ValueError):
    """A file that is not a readable ``piguard.scan/1`` result; the message names the file."""


def read_result(path) -> dict:
    """A saved scan result (``piguard scan --json``), checked for its schema."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScanResultError(f"{p}: not a readable scan result ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ScanResultError(f"{p}: schema: expected '{SCHEMA}'")
    missing = [k for k in ("inputs", "pieces", "excluded", "types", "samples", "facts") if k not in data]
    if missing:
        raise ScanResultError(f"{p}: missing keys: {', '.join(missing)}")
    return data
