"""统一社会信用代码 — unified social credit code (GB 32100-2015).

18 characters over ``0123456789ABCDEFGHJKLMNPQRTUWXY``: registration authority (1-9, A, N, Y),
organisation type, 6-digit division code, 9-character organisation code and a mod-31 check
character. Organisations are not natural persons, but code 92... (个体工商户) identifies a person.

>>> validate('91110000600037341L')
'91110000600037341L'
>>> validate('91110000600037341M')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidChecksum: check character should be L, not M
>>> is_individual_business('92420102MA4KQ3A61B')
True
>>> mask('91110000600037341L')
'911100**********1L'
"""

from __future__ import annotations

from piguard.detect.identifiers._base import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    Recognizer,
    checker,
    mask_middle,
    validity,
)
from piguard.detect.identifiers._base import compact as _compact

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
AUTHORITIES = "123456789ANY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALPHABET_SET = frozenset(ALPHABET)


def compact(number: str) -> str:
    return _compact(number).upper()


def calc_check_digit(number: str) -> str:
    """The mod-31 check character.

    >>> calc_check_digit('91110000600037341')
    'L'
    """
    total = sum(_VALUE[c] * w for c, w in zip(number[:17], WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def validate(number: str) -> str:
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength(f"{len(number)} characters, expected 18")
    if not _ALPHABET_SET.issuperset(number):
        raise InvalidFormat("characters outside the GB 32100 alphabet")
    if number[0] not in AUTHORITIES or not number[2:8].isdigit():
        raise InvalidComponent("registration authority or division code is impossible")
    if (check := calc_check_digit(number)) != number[17]:
        raise InvalidChecksum(f"check character should be {check}, not {number[17]}")
    return number


is_valid = validity(validate)


def is_individual_business(number: str) -> bool:
    """个体工商户 (registration authority 9, type 2): the code identifies a natural person's business."""
    return compact(number)[:2] == "92"


def format(number: str) -> str:
    return compact(number)


def mask(number: str) -> str:
    return mask_middle(compact(number), 6, 2)



KEYWORDS = ("统一社会信用代码", "信用代码", "社会信用代码", "营业执照", "纳税人识别号", "税号", "uscc", "credit code", "tyshxydm")

RECOGNIZERS = (
    Recognizer("uscc", "统一社会信用代码",
               ("[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]",),
               checker(validate), mask, keywords=KEYWORDS, priority=85, invalid_needs_context=True, column_headers=KEYWORDS),
)
