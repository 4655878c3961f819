"""机动车号牌 — motor-vehicle licence plate (GA 36-2018), classic and new-energy.

Province abbreviation + issuing-authority letter (not I/O) + 5 characters (classic, 7 in all) or 6
characters (new-energy, 8 in all: ``D``/``F`` etc. + 5 for small cars, 5 digits + letter for large
vehicles), optionally with ``·`` or a space after the letter and a suffix such as 挂 or 学.

>>> validate('粤B·12345')
'粤B12345'
>>> validate('京AD12345')
'京AD12345'
>>> validate('沪A12345D')
'沪A12345D'
>>> validate('京I12345')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidFormat: not a licence plate
>>> mask('粤B12345')
'粤B***45'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, Recognizer, valid_only, validity
from piguard.detect.identifiers._base import compact as _compact

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_L = "A-HJ-NP-Z"
FORMAT = re.compile(
    rf"[{PROVINCES}][{_L}](?:[{_L}0-9]{{4}}[{_L}0-9挂学警港澳领使试超]|[DABCEFGHJK][{_L}0-9][0-9]{{4}}|[0-9]{{5}}[DABCEFGHJK])")


def compact(number: str) -> str:
    return _compact(number, " ·-•.").upper()


def validate(number: str) -> str:
    number = compact(number)
    if not FORMAT.fullmatch(number):
        raise InvalidFormat("not a licence plate")
    if number[2:].isalpha():
        raise InvalidFormat("a plate has digits")
    return number


is_valid = validity(validate)


def is_new_energy(number: str) -> bool:
    return len(compact(number)) == 8


def format(number: str) -> str:
    n = compact(number)
    return f"{n[:2]}·{n[2:]}"


def mask(number: str) -> str:
    n = compact(number)
    return n[:2] + "*" * (len(n) - 4) + n[-2:]


KEYWORDS = ("车牌", "车牌号", "车牌号码", "号牌", "号牌号码", "车辆", "plate", "cph", "hphm")

RECOGNIZERS = (
    Recognizer("plate", "机动车号牌",
               (rf"[{PROVINCES}][{_L}][ ·]?[{_L}0-9]{{4}}[{_L}0-9挂学警港澳领使试超]",
                rf"[{PROVINCES}][{_L}][ ·]?[DABCEFGHJK][{_L}0-9][0-9]{{4}}",
                rf"[{PROVINCES}][{_L}][ ·]?[0-9]{{5}}[DABCEFGHJK]"),
               valid_only(is_valid), mask, keywords=KEYWORDS, priority=60,
               column_headers=KEYWORDS),
)
