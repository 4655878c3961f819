"""出生日期 — date of birth. Any date looks like one, so a keyword (出生日期, 生日, DOB) is required.

>>> validate('1990年3月7日')
datetime.date(1990, 3, 7)
>>> validate('1990-03-07')
datetime.date(1990, 3, 7)
>>> validate('19900307')
datetime.date(1990, 3, 7)
>>> is_valid('1990-02-30')
False
>>> mask('1990-03-07')
'1990-**-**'

A form's 出生年月 gives the year and month only (1991.07, 1991年7月): that is a date of birth too, reported
as the first of its month and written back as the month.

>>> validate('1991.07'), format('1991年7月'), mask('1991-07')
(datetime.date(1991, 7, 1), '1991-07', '1991-**')
"""

from __future__ import annotations

import datetime as dt
import re

from piguard.detect.identifiers._base import FULL_TO_HALF, InvalidComponent, InvalidFormat, Recognizer, valid_only, validity

FORMAT = re.compile(r"((?:18|19|20)[0-9]{2})(?:[-/.年]?)(1[0-2]|0?[1-9])(?:[-/.月]?)(3[01]|[12][0-9]|0?[1-9])日?")
MONTH = re.compile(r"((?:18|19|20)[0-9]{2})[-/.年](1[0-2]|0?[1-9])月?")


def compact(text: str) -> str:
    return text.translate(FULL_TO_HALF).strip()


def validate(text: str, today: dt.date | None = None) -> dt.date:
    text = compact(text)
    m = FORMAT.fullmatch(text)
    month = None if m else MONTH.fullmatch(text)
    if not (m or month) or (text.isdigit() and len(text) != 8):
        raise InvalidFormat("not a date")
    try:
        born = dt.date(int(month.group(1)), int(month.group(2)), 1) if month else dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InvalidComponent(f"{text} is not a real date") from None
    if born > (today or dt.date.today()):
        raise InvalidComponent("a birth date cannot be in the future")
    return born


is_valid = validity(validate)


def _month_only(text: str) -> bool:
    """The value gives a year and a month, no day (1991.07)."""
    return MONTH.fullmatch(compact(text)) is not None


def format(text: str) -> str:
    born = validate(text)
    return born.strftime("%Y-%m") if _month_only(text) else born.isoformat()


def mask(text: str) -> str:
    try:
        born = validate(text)
    except ValueError:
        return "****"
    return born.strftime("%Y-**" if _month_only(text) else "%Y-**-**")


KEYWORDS = ("出生日期", "出生年月", "生日", "出生", "出生于", "birthday", "date of birth", "dob", "csrq", "birth")

RECOGNIZERS = (
    Recognizer("birth_date", "出生日期",
               ("(?:18|19|20)[0-9]{2}[-/.年](?:1[0-2]|0?[1-9])[-/.月](?:3[01]|[12][0-9]|0?[1-9])日?",
                "(?:18|19|20)[0-9]{2}(?:1[0-2]|0[1-9])(?:3[01]|[12][0-9]|0[1-9])",
                "(?:18|19|20)[0-9]{2}[-/.年](?:1[0-2]|0?[1-9])月?"),
               valid_only(is_valid), mask, keywords=KEYWORDS, keyword_required=True,
               priority=25, boundary="digit", normalize=compact, column_headers=KEYWORDS, keywords_after=("出生",)),
)
