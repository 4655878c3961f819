"""中国大陆手机号码 — mainland China mobile number (MIIT numbering plan).

11 digits ``1[3-9]X XXXX XXXX``, optionally with ``+86``/``0086``/``86`` and spaces or dashes in
3-4-4 groups. Only allocated 3-digit blocks are valid: 140-144 (13-digit IoT), 154, 160, 161, 163,
164, 168, 169, 179 and 194 are not personal mobile numbers.

>>> validate('+86 138-1234-5678')
'13812345678'
>>> validate('15412345678')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidComponent: block 154 is not allocated to mobile service
>>> format('13812345678')
'138 1234 5678'
>>> mask('13812345678')
'138****5678'
>>> carrier('19212345678')
'中国广电'
"""

from __future__ import annotations

from piguard.detect.identifiers._base import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    Recognizer,
    Status,
    mask_middle,
    ocr_tolerant,
    valid_only,
    validity,
)
from piguard.detect.identifiers._base import compact as _compact

# 3-digit block → operator (number portability since 2019 makes this indicative only)
BLOCKS: dict[str, str] = {}
for _op, _blocks in {
    "中国移动": "134 135 136 137 138 139 147 148 150 151 152 157 158 159 172 178 182 183 184 187 188 195 197 198",
    "中国联通": "130 131 132 145 146 155 156 166 175 176 185 186 196",
    "中国电信": "133 149 153 173 177 180 181 189 190 191 193 199",
    "中国广电": "192",
    "虚拟运营商": "162 165 167 170 171",
}.items():
    for _b in _blocks.split():
        BLOCKS[_b] = _op


def compact(number: str) -> str:
    """Half-width digits only, without the +86 / 0086 / 86 country prefix."""
    number = _compact(number, " -()（）+")
    for prefix in ("0086", "86"):
        if number.startswith(prefix) and len(number) == 11 + len(prefix):
            return number[len(prefix):]
    return number


def validate(number: str) -> str:
    number = compact(number)
    if not number.isdigit():
        raise InvalidFormat("a mobile number has digits only")
    if len(number) != 11:
        raise InvalidLength(f"{len(number)} digits, expected 11")
    if number[:3] not in BLOCKS:
        raise InvalidComponent(f"block {number[:3]} is not allocated to mobile service")
    return number


is_valid = validity(validate)


def carrier(number: str) -> str | None:
    return BLOCKS.get(compact(number)[:3])


def format(number: str) -> str:
    n = compact(number)
    return f"{n[:3]} {n[3:7]} {n[7:]}"


def mask(number: str) -> str:
    return mask_middle(compact(number), 3, 4)


def _check(candidate: str) -> Status | None:
    """VALID in an allocated block; a mobile-shaped number in an unallocated block is INVALID (untrue
    information, reported only near a mobile keyword or in a mobile column)."""
    try:
        validate(candidate)
    except InvalidComponent:                 # the block: the only failure of a number of the right shape
        return Status.INVALID
    except ValueError:
        return None
    return Status.VALID


def _check_masked(candidate: str) -> Status | None:
    c = compact(candidate)
    return Status.MASKED if len(c) == 11 and c[:3] in BLOCKS else None


KEYWORDS = ("手机", "手机号", "手机号码", "电话", "联系电话", "联系方式", "移动电话", "号码", "致电", "tel", "phone",
            "mobile", "cell", "sjh", "sjhm", "dh", "lxdh", "lxfs", "shouji")

RECOGNIZERS = (
    Recognizer("mobile", "手机号码",
               ("(?:(?:[+]|00)?86[ -]?|[(（][+]?86[)）][ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}",),
               _check, mask, keywords=KEYWORDS, priority=70, boundary="digit", high_without_context=False,
               invalid_needs_context=True, column_headers=KEYWORDS),
    Recognizer("mobile", "手机号码（OCR间隔）", ("(?:(?:[+]|0 ?0 ?)?8 ?6 ?)?1 ?[3-9](?: ?[0-9]){9}",),
               ocr_tolerant(valid_only(is_valid)), mask, keywords=KEYWORDS,
               priority=69, boundary="digit", high_without_context=False),
    # masked with * (● and ＊ are folded to it) or, as many systems write it, with x: 138****5678, 138xxxx5678
    Recognizer("mobile", "手机号码（已脱敏）", ("1[3-9][0-9][*]{4}[0-9]{4}", "1[3-9][0-9][ -]?[*]{4}[ -]?[0-9]{4}",
                                          "1[3-9][0-9][ -]?(?:xxxx|XXXX)[ -]?[0-9]{4}"),
               _check_masked, lambda v: v, keywords=KEYWORDS, priority=75, boundary="digit"),
)
