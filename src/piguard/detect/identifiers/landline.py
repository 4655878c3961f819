"""固定电话 — mainland China landline number with area code and optional extension.

Area code 010, 02X or 0 + 3 digits; subscriber number 7-8 digits; extension after ``-``, ``转`` or
``ext``. Validity of the area code and the subscriber length comes from libphonenumber's numbering
data (the ``phonenumbers`` package). Service numbers (400/800, 95xxx) are not personal numbers.

>>> validate('(0755) 8888-6666')
'075588886666'
>>> validate('010-12345678转1234')
'01012345678'
>>> is_valid('0999-1234')
False
>>> mask('075588886666')
'0755****6666'

A local number written without its area code (电话：8888 6666) is taken only after a phone keyword, and
only as unverified: no numbering plan says which city's it is.

>>> is_local('8888 6666'), is_local('1381234'), is_local('88886')
(True, False, False)
>>> mask_local('88886666')
'88****66'
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from piguard.detect.identifiers._base import InvalidComponent, InvalidFormat, InvalidLength, Recognizer, Status, mask_middle, valid_only, validity
from piguard.detect.identifiers._base import compact as _compact

_EXTENSION = re.compile(r"(?:-|转|ext\.?|x)([0-9]{1,5})$", re.IGNORECASE)


def split_extension(number: str) -> tuple[str, str]:
    number = _compact(number, " ()（）")
    m = _EXTENSION.search(number)
    head = number[:m.start()] if m else number
    # the extension separator "-" is ambiguous with an area-code dash: only a short tail after a full number
    if m and len(re.sub(r"[^0-9]", "", head)) < 10:
        return re.sub(r"[^0-9+]", "", number), ""
    return re.sub(r"[^0-9+]", "", head), (m.group(1) if m else "")


def compact(number: str) -> str:
    """Digits of the national number with its leading 0, without extension or +86."""
    main, _ = split_extension(number)
    if main.startswith("+86"):
        main = "0" + main[3:]
    elif main.startswith("0086"):
        main = "0" + main[4:]
    return main


def validate(number: str) -> str:
    main = compact(number)
    if not main.isdigit() or not main.startswith("0") or len(main) < 3:
        raise InvalidFormat("a landline starts with the 0 of its area code")
    subscriber = len(main) - (3 if main[1] in "12" else 4)
    if subscriber not in (7, 8):
        raise InvalidLength(f"subscriber number of {subscriber} digits, expected 7 or 8")
    if not _fixed_line(main):
        raise InvalidComponent("not a valid area code and subscriber number")
    return main


@lru_cache(maxsize=1 << 16)
def _fixed_line(main: str) -> bool:
    """Whether libphonenumber's numbering data has ``main`` (0 + national number) as a valid fixed line, as
    ``phonenumbers.number_type(phonenumbers.parse(main, "CN"))`` says FIXED_LINE or FIXED_LINE_OR_MOBILE (tested
    against it): the trunk prefix 0 dropped, the number must fit the general description, none of the types
    libphonenumber tests before a fixed line (premium rate, toll free …), and the fixed-line description. 00
    is the international prefix there, never an area code."""
    if main.startswith("00"):
        return False
    general, before, fixed = _numbering()
    nsn = main[1:]
    return _fits(nsn, general) and not any(_fits(nsn, d) for d in before) and _fits(nsn, fixed)


_TYPES_BEFORE_FIXED = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail")


@lru_cache(maxsize=1)
def _numbering() -> tuple:
    """libphonenumber's numbering data for CN, its patterns compiled once: (possible lengths, pattern) of the
    general description, of the types it tests before a fixed line, in its order, and of the fixed line."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region("CN")

    def desc(d) -> tuple | None:
        if d is None or not d.national_number_pattern:
            return None
        return frozenset(d.possible_length or ()), re.compile(d.national_number_pattern)

    return desc(meta.general_desc), tuple(filter(None, map(desc, (getattr(meta, k) for k in _TYPES_BEFORE_FIXED)))), desc(meta.fixed_line)


def _fits(nsn: str, desc: tuple | None) -> bool:
    """A national number fits a description: one of its possible lengths (when it lists any), its whole pattern."""
    if desc is None:
        return False
    lengths, pattern = desc
    return (not lengths or len(nsn) in lengths) and pattern.fullmatch(nsn) is not None


is_valid = validity(validate)


def format(number: str) -> str:
    main = compact(number)
    area = 3 if main[1] in "12" else 4
    return f"{main[:area]}-{main[area:]}"


def mask(number: str) -> str:
    main = compact(number)
    return mask_middle(main, 3 if main[1:2] in ("1", "2") else 4, 4)


KEYWORDS = ("电话", "座机", "固话", "固定电话", "联系电话", "办公电话", "家庭电话", "tel", "telephone", "phone", "dh",
            "lxdh", "zj")


def compact_local(number: str) -> str:
    return re.sub(r"[ -]", "", number)


def is_local(number: str) -> bool:
    """A subscriber number of 7 or 8 digits without area code (the first digit 2-9)."""
    digits = compact_local(number)
    return digits.isdigit() and len(digits) in (7, 8) and digits[0] in "23456789"


def mask_local(number: str) -> str:
    return mask_middle(compact_local(number), 2, 2)


RECOGNIZERS = (
    Recognizer("landline", "固定电话（无区号）", ("[2-9][0-9]{2,3}[ -]?[0-9]{4}",), valid_only(is_local, Status.UNVERIFIED),
               mask_local, keywords=KEYWORDS, keyword_required=True, priority=20, boundary="digit", normalize=compact_local),
    Recognizer("landline", "固定电话",
               ("(?:[(（]0[1-9][0-9]{1,2}[)）]|0[1-9][0-9]{1,2})[ -]?[2-9][0-9]{2,3}[ -]?[0-9]{4}(?:(?:-|转|ext[.]?)[0-9]{1,5})?",
                "(?:[+]|00)86[ -]?[1-9][0-9]{1,2}[ -]?[2-9][0-9]{2,3}[ -]?[0-9]{4}"),
               valid_only(is_valid), mask, keywords=KEYWORDS, priority=60, boundary="digit", high_without_context=False,
               column_headers=KEYWORDS),
)
