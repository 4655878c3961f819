"""公民身份号码 — PRC resident identity number (GB 11643-1999).

18 characters: a 6-digit address code (GB/T 2260), the birth date YYYYMMDD, a 3-digit order code
(odd = male) and an ISO 7064 MOD 11-2 check character (``X`` for 10). The first-generation
15-digit number has a 2-digit year and no check character. Numbers starting with 9 are the 2023
foreigner's permanent residence ID, which uses the same check.

>>> validate('11010519491231002X')
'11010519491231002X'
>>> validate('110105194912310021')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidChecksum: check character should be X, not 1
>>> format('11010519491231002x')
'11010519491231002X'
>>> mask('11010519491231002X')
'110105********002X'
>>> birth_date('11010519491231002X')
datetime.date(1949, 12, 31)
>>> to_18('110105491231002')
'11010519491231002X'
"""

from __future__ import annotations

import datetime as dt

from piguard.detect.identifiers._base import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    Recognizer,
    Status,
    checker,
    mask_middle,
    ocr_tolerant,
)
from piguard.detect.identifiers._base import compact as _compact, validity

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_ZERO_SUM = 48 * sum(WEIGHTS)          # what the digits' code points add beyond their values
# GB/T 2260 province-level codes; 71/81/82/83 appear in residence permits of Taiwan, HK and Macau residents
PROVINCES = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                       "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
                       "71", "81", "82", "83"})
EARLIEST_YEAR = 1880


def compact(number: str) -> str:
    """Half-width, no separators, upper-case ``X``."""
    return _compact(number).upper()


def calc_check_digit(number: str) -> str:
    """The MOD 11-2 check character for the first 17 digits.

    >>> calc_check_digit('11010519491231002')
    'X'
    """
    return CHECK_CHARS[(sum(ord(d) * w for d, w in zip(number[:17], WEIGHTS)) - _ZERO_SUM) % 11]


def _date(text: str, century: bool = False) -> dt.date:
    """The date of ``YYYYMMDD`` (or ``YYMMDD`` of the 1900s with ``century``)."""
    if century:
        text = "19" + text
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise InvalidComponent(f"birth date {text} does not exist") from None


def _born(number: str) -> dt.date:
    """The birth date of a compact number (15 digits: YYMMDD of the 1900s; 18: YYYYMMDD)."""
    return _date(number[6:12], century=True) if len(number) == 15 else _date(number[6:14])


def birth_date(number: str) -> dt.date:
    return _born(compact(number))


def gender(number: str) -> str:
    """``'M'`` or ``'F'`` from the order code."""
    number = compact(number)
    return "M" if int(number[-2 if len(number) == 18 else -1]) % 2 else "F"


def to_18(number: str) -> str:
    """Convert a first-generation 15-digit number (born 19xx) to 18 digits."""
    number = compact(number)
    if len(number) != 15 or not number.isdigit():
        raise InvalidFormat("not a 15-digit number")
    body = number[:6] + "19" + number[6:]
    return body + calc_check_digit(body)


def validate(number: str, today: dt.date | None = None) -> str:
    """Check structure, province, birth date and check character; return the compact form."""
    number = compact(number)
    if len(number) not in (15, 18):
        raise InvalidLength(f"{len(number)} characters, expected 18 (or 15)")
    body = number if len(number) == 15 else number[:17]
    if not body.isdigit() or (len(number) == 18 and not (number[17].isdigit() or number[17] == "X")):
        raise InvalidFormat("only digits and a final X are allowed")
    if number[0] != "9" and number[:2] not in PROVINCES:
        raise InvalidComponent(f"no province has code {number[:2]}")
    born = _born(number)
    if born.year < EARLIEST_YEAR or born > (today or dt.date.today()):
        raise InvalidComponent(f"birth date {born} is implausible")
    if len(number) == 18 and (check := calc_check_digit(number)) != number[17]:
        raise InvalidChecksum(f"check character should be {check}, not {number[17]}")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    return compact(number)


def mask(number: str) -> str:
    number = compact(number)
    return mask_middle(number, 6, 4)


def _check_masked(candidate: str) -> Status | None:
    c = compact(candidate)
    return Status.MASKED if len(c) in (15, 18) and (c[:2] in PROVINCES or c[1] == "*") else None


KEYWORDS = ("身份证", "身份证号", "身份证号码", "公民身份号码", "证件号", "证件号码", "社保卡号", "医保卡号", "参保人",
            "居民身份", "sfz", "sfzh", "zjhm", "id card", "idcard", "id no", "id number",
            "纳税人识别号")   # a person's taxpayer number is the ID number (a company's is its USCC)
_DAY = "(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = "(?:0[1-9]|1[0-2])"

RECOGNIZERS = (
    Recognizer("resident_id", "居民身份证号码",
               (f"[1-9][0-9]{{5}}[ -]?(?:18|19|20)[0-9]{{2}}{_MONTH}{_DAY}[ -]?[0-9]{{3}}[0-9Xx]",),
               checker(validate), mask, keywords=KEYWORDS, priority=90, column_headers=KEYWORDS),
    Recognizer("resident_id", "居民身份证号码（OCR间隔）", ("[1-9](?: ?[0-9]){16} ?[0-9Xx]",), ocr_tolerant(checker(validate)),
               mask, keywords=KEYWORDS, priority=89, column_headers=KEYWORDS),
    # first-generation 15-digit numbers carry no check: a plain 15-digit run is as likely an IMEI or an order number
    Recognizer("resident_id", "居民身份证号码（15位）", (f"[1-9][0-9]{{5}}[0-9]{{2}}{_MONTH}{_DAY}[0-9]{{3}}",),
               checker(validate), mask, keywords=KEYWORDS, keyword_required=True, priority=40, column_headers=KEYWORDS),
    Recognizer("resident_id", "居民身份证号码（已脱敏）",
               # six digits kept (110101********1234) or very few; four-and-four is the bank-card style of masking
               ("[1-9][0-9]{5}[*]{8}[0-9]{3}[0-9Xx*]", "[1-9][0-9]{5}[*]{4,12}[0-9Xx]{0,4}",
                "[1-9][0-9]{0,2}[*]{10,16}[0-9Xx]{1,4}",
                # or with x (110101xxxxxxxx1234; a check digit X may end it)
                "[1-9][0-9]{5}(?:x{8}|X{8})[0-9]{3}[0-9Xx]"),
               _check_masked, lambda v: v, keywords=KEYWORDS, priority=95),
    # four and four kept is also how a masked card number looks (4101**********1234): an ID only after its keyword
    Recognizer("resident_id", "居民身份证号码（已脱敏，前四后四）", ("[1-9][0-9]{3}[*]{10}[0-9]{3}[0-9Xx]",),
               _check_masked, lambda v: v, keywords=KEYWORDS, keyword_required=True, priority=96),
)
