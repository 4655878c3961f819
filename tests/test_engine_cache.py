"""The compiled pattern database is cached between runs and rebuilt when the cache is missing or damaged."""

from __future__ import annotations

import pytest

from piguard.detect import engine

pytestmark = pytest.mark.skipif(engine.hyperscan is None, reason="hyperscan not installed")

PATTERNS = [r"1[3-9][0-9]{9}", r"[0-9]{17}[0-9X]"]
TEXT = "手机13812345678，证件110105194912310021，另有 13912345678"


def _scan(text: str):
    return engine.HyperscanScanner(PATTERNS, ["手机", "证件"], ["digit", "digit"]).scan(text)


def test_cache_written_reused_and_repaired(tmp_path, monkeypatch):
    monkeypatch.setenv("PIGUARD_CACHE", str(tmp_path))
    fresh = _scan(TEXT)
    files = list(tmp_path.glob("hs-*.db"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    assert _scan(TEXT) == fresh                              # loaded from the cache
    files[0].write_bytes(b"not a database")
    assert _scan(TEXT) == fresh                              # damaged: compiled again and rewritten
    assert files[0].read_bytes() != b"not a database"
    assert fresh.patterns and len(fresh.literals)


def test_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PIGUARD_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _scan(TEXT).patterns
    assert not list(tmp_path.rglob("hs-*.db"))
