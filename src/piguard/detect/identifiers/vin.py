"""车辆识别代号 — vehicle identification number (ISO 3779 / GB 16735).

17 characters without I, O, Q; position 9 is a check digit (weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2,
sum mod 11, 10 → X). Vehicles built in China have world manufacturer identifiers starting with L.

>>> validate('LSVAU0331B1234567')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidChecksum: check digit should be 2, not 1
>>> validate('LSVAU0332B1234567')
'LSVAU0332B1234567'
>>> calc_check_digit('1M8GDM9AXKP042788')
'X'
>>> mask('LSVAU0332B1234567')
'LSVAU*******34567'
"""

from __future__ import annotations

from piguard.detect.identifiers._base import InvalidChecksum, InvalidFormat, InvalidLength, Recognizer, checker, mask_middle, validity
from piguard.detect.identifiers._base import compact as _compact

ALLOWED = set("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
          "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def compact(number: str) -> str:
    return _compact(number).upper()


def calc_check_digit(number: str) -> str:
    total = sum(VALUES[c] * w for c, w in zip(compact(number), WEIGHTS))
    return "X" if total % 11 == 10 else str(total % 11)


def validate(number: str) -> str:
    number = compact(number)
    if len(number) != 17:
        raise InvalidLength(f"{len(number)} characters, expected 17")
    if set(number) - ALLOWED or number.isdigit() or number.isalpha():
        raise InvalidFormat("17 letters and digits without I, O and Q")
    if calc_check_digit(number) != number[8]:
        raise InvalidChecksum(f"check digit should be {calc_check_digit(number)}, not {number[8]}")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    return compact(number)


def mask(number: str) -> str:
    return mask_middle(compact(number), 5, 5)



_L = "[A-HJ-NPR-Za-hj-npr-z]"
_C = "[A-HJ-NPR-Za-hj-npr-z0-9]"
KEYWORDS = ("车架号", "车辆识别代号", "车辆识别码", "vin", "车架", "底盘号", "cjh")

RECOGNIZERS = (
    # a world manufacturer identifier (the first three characters) always has a letter: a 17-digit
    # order number is never a candidate
    Recognizer("vin", "车辆识别代号", (f"(?:{_L}{_C}{_C}|{_C}{_L}{_C}|{_C}{_C}{_L}){_C}{{14}}",), checker(validate), mask,
               keywords=KEYWORDS, priority=55,
               invalid_needs_context=True, column_headers=KEYWORDS),
)
