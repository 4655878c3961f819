"""Bundled tables: surnames and the GB/T 2260 administrative divisions (see ``data/*.SOURCE.md``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA = "piguard.detect.data"


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    single, compound = set(), set()
    text = resources.files(DATA).joinpath("surnames.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            (single if len(line) == 1 else compound).add(line)
    return frozenset(single), frozenset(compound)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str          # province | city | county
    parent: str


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    path = resources.files(DATA).joinpath("divisions.csv")
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(Division(r["code"], r["name"], r["level"], r["parent"]) for r in csv.DictReader(fh))


_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "省", "市", "地区", "盟")
# names that are useless as place triggers: placeholder rows of the statistical list
_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def short_name(name: str) -> str | None:
    """广东省 → 广东, 深圳市 → 深圳, 新疆维吾尔自治区 → 新疆; None when too short to be a safe trigger."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Every place-name trigger → its level. Counties only by full name (南山区): short county names are
    too often ordinary words."""
    # Hong Kong, Macau and Taiwan are province-level but absent from the statistical list
    out: dict[str, str] = {n: "province" for n in ("香港特别行政区", "香港", "澳门特别行政区", "澳门", "台湾省", "台湾")}
    for d in divisions():
        if d.name in _SKIP:
            continue
        out.setdefault(d.name, d.level)
        if d.level in ("province", "city"):
            short = short_name(d.name)
            if short:
                out.setdefault(short, d.level)
    return out


@lru_cache(maxsize=1)
def province_codes() -> frozenset[str]:
    return frozenset(d.code[:2] for d in divisions() if d.level == "province")
