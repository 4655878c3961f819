"""港澳台通行证 — permits between the mainland, Hong Kong, Macau and Taiwan.

- 港澳居民来往内地通行证 (回乡证): ``H``/``M`` + 8 digits (+ 2-digit renewal count on older versions);
- 往来港澳通行证: ``C`` + 8 digits or ``C`` + letter + 7 digits (card), ``W`` + 8 digits (booklet);
- 大陆居民往来台湾通行证: ``L`` + 8 digits;
- 台湾居民来往大陆通行证 (台胞证): 8 digits (card), older 10 digits.

None carries a public check digit, so a keyword is required.

>>> validate('H1234567801')
'H1234567801'
>>> validate('C12345678')
'C12345678'
>>> kind('L12345678')
'大陆居民往来台湾通行证'
>>> mask('H1234567801')
'H1*******01'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, Recognizer, mask_middle, valid_only, validity
from piguard.detect.identifiers._base import compact as _compact

KINDS = (
    (re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?"), "港澳居民来往内地通行证"),
    (re.compile(r"C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}|W[0-9]{8}"), "往来港澳通行证"),
    (re.compile(r"L[0-9]{8}"), "大陆居民往来台湾通行证"),
    (re.compile(r"[0-9]{8}|[0-9]{10}"), "台湾居民来往大陆通行证"),
)


def compact(number: str) -> str:
    return _compact(number).upper()


def kind(number: str) -> str | None:
    number = compact(number)
    return next((name for rx, name in KINDS if rx.fullmatch(number)), None)


def validate(number: str) -> str:
    if kind(number) is None:
        raise InvalidFormat("not a known permit number format")
    return compact(number)


is_valid = validity(validate)


def format(number: str) -> str:
    return compact(number)


def mask(number: str) -> str:
    return mask_middle(compact(number), 2, 2)


KEYWORDS = ("通行证", "回乡证", "台胞证", "港澳通行证", "来往内地通行证", "往来港澳通行证", "往来台湾通行证", "permit",
            "home return", "txz")

RECOGNIZERS = (
    Recognizer("travel_permit", "港澳台通行证",
               ("[HMhm][0-9]{8}(?:[0-9]{2})?", "[Cc][0-9]{8}", "[Cc][A-HJ-NP-Za-hj-np-z][0-9]{7}", "[WwLl][0-9]{8}",
                "[0-9]{8}", "[0-9]{10}"),
               valid_only(is_valid), mask, keywords=KEYWORDS, keyword_required=True,
               priority=55, column_headers=KEYWORDS),
)
