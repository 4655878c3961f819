"""港澳台居民身份证 — identity card numbers of Hong Kong, Macau and Taiwan residents.

- 香港身份证 (HKID): one or two letters, six digits and a check character (0-9 or A), written with the check
  in brackets (A123456(3)). The check makes the weighted sum (a blank first letter counts 36, A-Z 10-35,
  weights 9 down to 1) a multiple of 11;
- 台湾身分证 (統一編號): a letter, 1 or 2 (8 or 9 on the newer resident certificates), seven digits and a check
  digit. The letter stands for a two-digit code (A = 10 … Z = 33, not in alphabetical order), weighted 1
  and 9, the digits 8 down to 1, the check 1: the sum is a multiple of 10;
- 澳门身份证 (BIR): 1, 5 or 7, six digits and a digit in brackets (1234567(8)); its check is not public, so
  a keyword is required.

>>> validate('A123456(3)'), validate('a1234563'), validate('A123456789'), validate('1234567(8)')
('A1234563', 'A1234563', 'A123456789', '12345678')
>>> validate('A123456(4)')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidChecksum: the check character does not match
>>> kind('A123456789'), kind('AB9876543'), calc_check_digit('AB987654'), calc_taiwan_check_digit('A12345678')
('台湾居民身份证', '香港居民身份证', '3', '9')
>>> mask('A123456(3)')
'A******3'
"""

from __future__ import annotations

import re

from piguard.detect.identifiers._base import InvalidChecksum, InvalidFormat, Recognizer, checker, mask_middle, validity
from piguard.detect.identifiers._base import compact as _compact

HK = re.compile(r"[A-Z]{1,2}[0-9]{6}[0-9A]")
TW = re.compile(r"[A-Z][1289][0-9]{8}")
MO = re.compile(r"[157][0-9]{6}[0-9]")
# the two-digit code of a Taiwan number's letter (its place of first registration)
TW_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))


def compact(number: str) -> str:
    """Upper case, without separators and the brackets round a check character."""
    return _compact(number, " -()（）").upper()


def calc_check_digit(number: str) -> str:
    """The check character of a Hong Kong number's letters and six digits."""
    number = compact(number)
    letters = number[:-6].rjust(2)
    total = sum((36 if c == " " else ord(c) - 55) * w for c, w in zip(letters, (9, 8)))
    total += sum(int(d) * w for d, w in zip(number[-6:], range(7, 1, -1)))
    return "0123456789A"[-total % 11]


def calc_taiwan_check_digit(number: str) -> str:
    """The check digit of a Taiwan number's letter and eight digits."""
    number = compact(number)
    code = TW_CODES[number[0]]
    total = code // 10 + 9 * (code % 10) + sum(int(d) * w for d, w in zip(number[1:], (8, 7, 6, 5, 4, 3, 2, 1)))
    return str(-total % 10)


def kind(number: str) -> str | None:
    number = compact(number)
    if TW.fullmatch(number):
        return "台湾居民身份证"
    if HK.fullmatch(number):
        return "香港居民身份证"
    if MO.fullmatch(number):
        return "澳门居民身份证"
    return None


def validate(number: str) -> str:
    number = compact(number)
    which = kind(number)
    if which is None:
        raise InvalidFormat("not a Hong Kong, Macau or Taiwan identity card number")
    if which == "香港居民身份证" and calc_check_digit(number[:-1]) != number[-1]:
        raise InvalidChecksum("the check character does not match")
    if which == "台湾居民身份证" and calc_taiwan_check_digit(number[:-1]) != number[-1]:
        raise InvalidChecksum("the check digit does not match")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    number = compact(number)
    return f"{number[:-1]}({number[-1]})" if kind(number) != "台湾居民身份证" else number


def mask(number: str) -> str:
    return mask_middle(compact(number), 1, 1)


HK_KEYWORDS = ("香港身份证", "香港身份證", "香港居民身份证", "hkid", "hkic", "hong kong id")
TW_KEYWORDS = ("台湾身份证", "台湾身分证", "臺灣身分證", "身分證", "身分证", "身分證字號", "身分证字号", "身份证字号",
               "台湾身份证字号", "统一编号", "統一編號")
MO_KEYWORDS = ("澳门身份证", "澳門身份證", "澳门居民身份证", "macau id")
# of all three (a table's column of them, a form's field)
HMT_KEYWORDS = ("港澳台身份证", "港澳台居民身份证", "港澳台居民身份证号码")
KEYWORDS = HK_KEYWORDS + TW_KEYWORDS + MO_KEYWORDS + HMT_KEYWORDS
# the words of any ID field raise a Hong Kong number (with or without its brackets) and a Taiwan one too: after
# them letters and digits of those shapes are an ID card's (身份证：A1234563), and the check character tells
# (a wrong one is reported invalid, as a mainland number's is). Macau's numbers, whose check is not public,
# are digits like many others: only after their own keywords.
ID_WORDS = ("身份证", "身份證", "证件号码", "證件號碼", "证件号", "證件號")


def _of(which: str):
    check = checker(validate)
    return lambda candidate: check(candidate) if kind(candidate) == which else None


RECOGNIZERS = (
    # a Hong Kong number as it is written, its check in brackets: found anywhere (high confidence near a keyword
    # or in its column, a wrong check only there); without the brackets, and a Taiwan number, letters and
    # digits of these shapes are as often product and serial numbers: only after a keyword
    Recognizer("hmt_id", "香港居民身份证", ("[A-Za-z]{1,2}[0-9]{6}[(（][0-9Aa][)）]",), _of("香港居民身份证"), mask,
               keywords=KEYWORDS + ID_WORDS, priority=62, high_without_context=False, invalid_needs_context=True,
               column_headers=HK_KEYWORDS + HMT_KEYWORDS),
    Recognizer("hmt_id", "香港居民身份证（无括号）", ("[A-Za-z]{1,2}[0-9]{6}[0-9Aa]",), _of("香港居民身份证"), mask,
               keywords=KEYWORDS + ID_WORDS, keyword_required=True, priority=62, column_headers=HK_KEYWORDS + HMT_KEYWORDS),
    Recognizer("hmt_id", "台湾居民身份证", ("[A-Za-z][1289][0-9]{8}",), _of("台湾居民身份证"), mask, keywords=KEYWORDS + ID_WORDS,
               keyword_required=True, priority=62, column_headers=TW_KEYWORDS + HMT_KEYWORDS),
    Recognizer("hmt_id", "澳门居民身份证", ("[157][0-9]{6}[(（][0-9][)）]", "[157][0-9]{7}"), _of("澳门居民身份证"), mask,
               keywords=MO_KEYWORDS + HMT_KEYWORDS, keyword_required=True, priority=62,
               column_headers=MO_KEYWORDS + HMT_KEYWORDS),
)
