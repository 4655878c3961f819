"""短信验证码 — one-time verification code: 4-8 letters or digits right after 验证码/校验码/动态码.

Guiding Case 195: codes sent to a specific phone number are personal information; with their phone
numbers they are "other information that may affect personal or property safety".

>>> validate('385912')
'385912'
>>> is_valid('abc')
False
>>> mask('385912')
'******'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, Recognizer, compact, valid_only, validity

FORMAT = re.compile(r"[0-9A-Za-z]{4,8}")


def validate(code: str) -> str:
    code = compact(code)
    if not FORMAT.fullmatch(code) or not any(c.isdigit() for c in code):
        raise InvalidFormat("a verification code is 4-8 letters or digits with at least one digit")
    return code


is_valid = validity(validate)


def format(code: str) -> str:
    return compact(code)


def mask(code: str) -> str:
    return "*" * len(compact(code))


KEYWORDS = ("验证码", "校验码", "动态码", "动态密码", "短信码", "确认码", "verification code", "code", "otp", "yzm")

RECOGNIZERS = (
    Recognizer("verification_code", "短信验证码", ("[0-9A-Za-z]{4,8}",),
               valid_only(is_valid), mask, keywords=KEYWORDS, keyword_required=True,
               priority=20, column_headers=KEYWORDS),
)
