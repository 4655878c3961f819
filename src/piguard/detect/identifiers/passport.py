"""护照号码 — PRC passport number (ordinary, diplomatic, service, public-affairs).

E-passports (2012-): ``E`` + 8 digits, then ``E`` + letter (not I/O) + 7 digits; older ordinary
``G`` + 8 digits; diplomatic ``D``/``DE``, service ``S``/``SE``, public affairs ``P``/``PE`` + 7-8
digits. There is no check digit outside the machine-readable zone, so a keyword is required.

>>> validate('e12345678')
'E12345678'
>>> validate('EA1234567')
'EA1234567'
>>> validate('EI1234567')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidFormat: not a PRC passport number format
>>> mask('E12345678')
'E1*****78'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, Recognizer, mask_middle, valid_only, validity
from piguard.detect.identifiers._base import compact as _compact

FORMAT = re.compile(r"[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[DSP]E?[0-9]{7,8}")


def compact(number: str) -> str:
    return _compact(number).upper()


def validate(number: str) -> str:
    number = compact(number)
    if not FORMAT.fullmatch(number):
        raise InvalidFormat("not a PRC passport number format")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    return compact(number)


def mask(number: str) -> str:
    return mask_middle(compact(number), 2, 2)


KEYWORDS = ("护照", "护照号", "护照号码", "passport", "passport no", "hzh", "huzhao")

RECOGNIZERS = (
    Recognizer("passport", "护照号码", ("[EGeg][0-9]{8}", "[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7}", "[DSPdsp][Ee]?[0-9]{7,8}"),
               valid_only(is_valid), mask, keywords=KEYWORDS, keyword_required=True,
               priority=65, column_headers=KEYWORDS),
)
