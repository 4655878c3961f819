"""密码 — an account's password. Interp. 法释〔2017〕10号 Art. 1 names 账号密码 among personal information;
a password alone identifies no one, but with its account (a QQ number, an e-mail address, a mobile) it is
part of the piece. Any string looks like one, so a keyword (密码, password, pwd) or a column is required.
It is never shown: its mask hides every character.

>>> validate('Abc@12345')
'Abc@12345'
>>> is_valid('abc12'), is_valid('******'), is_valid('a' * 40)
(False, False, False)
>>> mask('Abc@12345')
'********'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidFormat, InvalidLength, Recognizer, Status, valid_only, validity

# the characters of a typed password; not quotes, commas, semicolons, brackets, & or =, which end a field in
# running text, query strings and dumps
CHARS = r"0-9A-Za-z!@#$%^*_+\-.~?"
FORMAT = re.compile(f"[{CHARS}]+")
MIN_LENGTH, MAX_LENGTH = 6, 32


def compact(text: str) -> str:
    return text.strip()


def validate(text: str) -> str:
    text = compact(text)
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise InvalidLength(f"a password is {MIN_LENGTH}-{MAX_LENGTH} characters")
    if not FORMAT.fullmatch(text) or set(text) <= set("*.?-_"):      # ******: already masked, not a password
        raise InvalidFormat("not a password")
    return text


is_valid = validity(validate)


def format(text: str) -> str:
    return compact(text)


def mask(text: str) -> str:
    """Every character hidden, in a fixed width, so not even the length shows."""
    return "********"


KEYWORDS = ("密码", "登录密码", "口令", "password", "passwd", "pwd", "mima")
HEADERS = KEYWORDS + ("mm", "pass")

RECOGNIZERS = (
    Recognizer("password", "账号密码", (f"[{CHARS}]{{{MIN_LENGTH},{MAX_LENGTH}}}",), valid_only(is_valid, Status.UNVERIFIED),
               mask, keywords=KEYWORDS, keyword_required=True, priority=20, boundary="alnum", column_headers=HEADERS),
)
