"""vCard contact lists (.vcf: a phone's contacts, as forensic extractions and phones export them): one
record per card, its properties the fields (FN, N, TEL, EMAIL, ADR, ORG, NOTE …, a repeated one numbered:
TEL, TEL[2]), folded lines unfolded, QUOTED-PRINTABLE values decoded (older phones write names so), and the
structured parts of N and ADR joined as they are written (张;三 → 张三).

>>> cards = "BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nFN:张三\\r\\nTEL;TYPE=CELL:138 1234 5678\\r\\nTEL:010-62345678\\r\\nEND:VCARD\\r\\n"
>>> [(b.columns, b.rows) for b in read_vcard(io.BytesIO(cards.encode()), Source("contacts.vcf", "vcard"))]
[(('FN 姓名', 'TEL 电话', 'TEL[2] 电话'), [('张三', '138 1234 5678', '010-62345678')])]
"""

from __future__ import annotations

import dataclasses
import io
import quopri
import re
from typing import BinaryIO, Iterator

from piguard.scan.readers import BATCH, ReadError, _objects_to_batch, open_text
from piguard.scan.records import Batch, Source

# properties that say nothing of a person, and the card's frame
_SKIP = frozenset(("BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "PHOTO", "LOGO", "SOUND", "KEY", "X-ANDROID-CUSTOM"))
_PARAM_CHARSET = re.compile(r"CHARSET=([\w-]+)", re.IGNORECASE)
# a field is named by its property and the word a Chinese table heads it with, so the detector reads the
# column as it reads a table's (FN 姓名 is a name column)
LABELS = {"FN": "FN 姓名", "N": "N 姓名", "NICKNAME": "NICKNAME 昵称", "TEL": "TEL 电话", "EMAIL": "EMAIL 邮箱",
          "ADR": "ADR 地址", "ORG": "ORG 单位", "TITLE": "TITLE 职务", "BDAY": "BDAY 生日", "NOTE": "NOTE 备注",
          "URL": "URL 网址", "X-QQ": "X-QQ QQ"}


def _value(params: str, value: str) -> str:
    """A property's value as text: QUOTED-PRINTABLE decoded (in its CHARSET, UTF-8 by default), the parts
    of a structured value (N, ADR: family;given;… ) joined without the separators, escapes undone."""
    if "QUOTED-PRINTABLE" in params.upper():
        m = _PARAM_CHARSET.search(params)
        try:
            value = quopri.decodestring(value.encode("ascii", "replace")).decode(m.group(1) if m else "utf-8", "replace")
        except LookupError:
            value = quopri.decodestring(value.encode("ascii", "replace")).decode("utf-8", "replace")
    parts = [p.strip() for p in re.split(r"(?<!\\);", value)]
    text = "".join(parts) if all(re.fullmatch(r"[\u4e00-\u9fff·]*", p) for p in parts) else " ".join(p for p in parts if p)
    return text.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";").strip()


def _unfolded(lines: Iterator[str]) -> Iterator[tuple[int, str]]:
    """Logical lines (a line starting with a space or tab continues the one before; a QUOTED-PRINTABLE
    line ending in = continues on the next), with the number of the line each starts on."""
    held, start = None, 0
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if held is not None and line[:1] in (" ", "\t"):
            held += line[1:]
            continue
        if held is not None and held.endswith("=") and "QUOTED-PRINTABLE" in held.split(":", 1)[0].upper():
            held = held[:-1] + line
            continue
        if held is not None:
            yield start, held
        held, start = line, number
    if held is not None:
        yield start, held


def _cards(src: Source, first: int, cards: list) -> Batch:
    return dataclasses.replace(_objects_to_batch(src, first, cards), locator="card")


def read_vcard(raw: BinaryIO, source: Source, batch: int = BATCH) -> Iterator[Batch]:
    """Every card of a vCard file (see the module's description); a card left open is an error naming its line."""
    stream, src = open_text(raw, source)
    cards: list[dict[str, str | None]] = []
    card: dict[str, str | None] | None = None
    opened = first = 0
    try:
        for number, line in _unfolded(stream):
            head, sep, value = line.partition(":")
            if not sep:
                continue
            name, _, params = head.partition(";")
            name = name.split(".")[-1].upper()           # item1.TEL → TEL
            if name == "BEGIN" and value.strip().upper() == "VCARD":
                if card is not None:
                    raise ReadError(f"{src.path}: the card begun at line {opened} has no END:VCARD before line {number}")
                card, opened = {}, number
                continue
            if name == "END" and value.strip().upper() == "VCARD" and card is not None:
                cards.append(card)
                card = None
                if len(cards) >= batch:
                    yield _cards(src, first + 1, cards)
                    first, cards = first + len(cards), []
                continue
            if card is None or name in _SKIP or name.startswith("X-") and "PHONETIC" not in name and name not in LABELS:
                continue
            text = _value(params, value)
            if not text:
                continue
            word = LABELS.get(name, name)[len(name):]          # " 姓名", or nothing
            key, k = name + word, 1
            while key in card:
                k += 1
                key = f"{name}[{k}]{word}"
            card[key] = text
    except UnicodeDecodeError as exc:
        raise ReadError(f"{src.path}: not {src.encoding}: {exc.reason}") from None
    if card is not None:
        raise ReadError(f"{src.path}: the card begun at line {opened} has no END:VCARD")
    if cards:
        yield _cards(src, first + 1, cards)
