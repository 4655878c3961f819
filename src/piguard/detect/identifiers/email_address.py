"""电子邮箱 — e-mail address. A QQ-mail local part of digits also reveals the QQ number.

>>> validate('Zhang.San@QQ.com')
'zhang.san@qq.com'
>>> validate('a..b@163.com')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidFormat: not an e-mail address
>>> mask('zhangsan@163.com')
'z*******@163.com'
>>> qq_number('123456789@qq.com')
'123456789'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import FULL_TO_HALF, InvalidFormat, Recognizer, valid_only, validity

FORMAT = re.compile(r"(?!\.)(?!.*\.\.)[A-Za-z0-9._%+\-]{1,64}(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,24}")


def compact(address: str) -> str:
    return address.translate(FULL_TO_HALF).strip().lower()


def validate(address: str) -> str:
    address = compact(address)
    if not FORMAT.fullmatch(address):
        raise InvalidFormat("not an e-mail address")
    return address


is_valid = validity(validate)


def qq_number(address: str) -> str | None:
    local, _, domain = compact(address).partition("@")
    return local if domain in ("qq.com", "vip.qq.com", "foxmail.com") and local.isdigit() else None


def format(address: str) -> str:
    return compact(address)


def mask(address: str) -> str:
    local, _, domain = compact(address).partition("@")
    return local[:1] + "*" * max(len(local) - 1, 1) + "@" + domain


KEYWORDS = ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail", "yx", "dzyx")

RECOGNIZERS = (
    Recognizer("email", "电子邮箱",
               ("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:[.][A-Za-z0-9-]+)*[.][A-Za-z]{2,24}",),
               valid_only(is_valid), mask, keywords=KEYWORDS, priority=75,
               boundary="none", normalize=compact, column_headers=KEYWORDS),
)
