"""邮政编码 — six-digit postal code; the first two digits name the province area. Keyword required.

>>> validate('100083')
'100083'
>>> is_valid('990000')
False
>>> mask('100083')
'10****'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidComponent, InvalidFormat, Recognizer, compact, valid_only, validity

FORMAT = re.compile(r"[0-8][0-9]{5}")


def validate(code: str) -> str:
    code = compact(code)
    if not FORMAT.fullmatch(code):
        raise InvalidFormat("a postal code is six digits")
    if code[:2] in ("00", "09", "89") or code.startswith("8") and code[1] not in "0123456":
        raise InvalidComponent(f"no postal area starts with {code[:2]}")
    return code


is_valid = validity(validate)


def format(code: str) -> str:
    return compact(code)


def mask(code: str) -> str:
    return compact(code)[:2] + "****"


KEYWORDS = ("邮编", "邮政编码", "postcode", "postal code", "zip", "yb", "yzbm")

RECOGNIZERS = (
    Recognizer("postal_code", "邮政编码", ("[0-8][0-9]{5}",), valid_only(is_valid), mask,
               keywords=KEYWORDS, keyword_required=True, priority=20, boundary="digit", column_headers=KEYWORDS),
)
