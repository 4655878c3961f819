"""QQ 号 — Tencent QQ account number: 5-11 digits not starting with 0. Meaningless without a keyword.

>>> validate('12345678')
'12345678'
>>> is_valid('01234567')
False
>>> mask('123456789')
'12*****89'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, Recognizer, Status, compact, mask_middle, valid_only, validity

FORMAT = re.compile(r"[1-9][0-9]{4,10}")


def validate(number: str) -> str:
    number = compact(number)
    if not FORMAT.fullmatch(number):
        raise InvalidFormat("a QQ number is 5-11 digits not starting with 0")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    return compact(number)


def mask(number: str) -> str:
    return mask_middle(compact(number), 2, 2)


KEYWORDS = ("qq", "qq号", "qq号码", "qq账号", "qq帐号", "扣扣", "企鹅号", "qqh")

RECOGNIZERS = (
    Recognizer("qq", "QQ号", ("[1-9][0-9]{4,10}",), valid_only(is_valid, Status.UNVERIFIED), mask,
               keywords=KEYWORDS, keyword_required=True, priority=30, boundary="digit", column_headers=KEYWORDS),
)
