"""账号 — an account name on a website or an app (用户名, 登录账号, username). Interp. 法释〔2017〕10号 Art. 1
names 账号密码 among personal information: with its password an account is a piece (count rules,
``identifying.yaml``); alone it says little of who holds it. A name of letters, digits and ``_ . -``
that starts with a letter: an account of digits alone is read as what it is (a mobile or a QQ number),
and one with an @ as the e-mail address it is.
Any word could be one, so a keyword (账号, 用户名, username) or a column is required.

>>> validate('zhangsan_2020')
'zhangsan_2020'
>>> is_valid('ab1'), is_valid('2020zhang'), is_valid('a' * 40), is_valid('wang.fang@163.com')
(False, False, False, False)
>>> mask('zhangsan_2020')
'zh***********'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, InvalidLength, Recognizer, Status, mask_middle, valid_only, validity

FORMAT = re.compile(r"[A-Za-z][0-9A-Za-z_.\-]*")
MIN_LENGTH, MAX_LENGTH = 4, 32


def compact(text: str) -> str:
    return text.strip()


def validate(text: str) -> str:
    text = compact(text)
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise InvalidLength(f"an account name is {MIN_LENGTH}-{MAX_LENGTH} characters")
    if not FORMAT.fullmatch(text):
        raise InvalidFormat("an account name starts with a letter: letters, digits, _ . - (with an @ it is an e-mail address)")
    return text


is_valid = validity(validate)


def format(text: str) -> str:
    return compact(text)


def mask(text: str) -> str:
    """The first two characters kept."""
    return mask_middle(compact(text), 2, 0)


KEYWORDS = ("账号", "帐号", "用户名", "登录名", "登录账号", "会员账号", "用户账号", "username", "user name", "login", "account")
HEADERS = KEYWORDS + ("会员名", "买家会员名", "登录用户名", "zh", "yhm")

RECOGNIZERS = (
    Recognizer("account", "账号", ("[A-Za-z][0-9A-Za-z_.@\\-]{3,31}",), valid_only(is_valid, Status.UNVERIFIED), mask,
               keywords=KEYWORDS, keyword_required=True, priority=15, boundary="alnum", column_headers=HEADERS),
)
