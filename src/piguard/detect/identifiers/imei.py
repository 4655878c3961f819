"""IMEI — international mobile equipment identity: 8-digit TAC, 6-digit serial, Luhn check (设备信息).

>>> validate('35-209900-176148-1')
'352099001761481'
>>> validate('352099001761482')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidChecksum: Luhn check failed
>>> mask('352099001761481')
'35209900****481'
"""

from __future__ import annotations

from piguard.detect.identifiers._base import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    Recognizer,
    checker,
    compact,
    luhn_check_digit,
    luhn_checksum,
    mask_middle,
    validity,
)


def calc_check_digit(number: str) -> str:
    return luhn_check_digit(compact(number)[:14])


def validate(number: str) -> str:
    number = compact(number)
    if not number.isdigit():
        raise InvalidFormat("an IMEI has digits only")
    if len(number) != 15:
        raise InvalidLength(f"{len(number)} digits, expected 15")
    if luhn_checksum(number):
        raise InvalidChecksum("Luhn check failed")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    n = compact(number)
    return f"{n[:2]}-{n[2:8]}-{n[8:14]}-{n[14]}"


def mask(number: str) -> str:
    return mask_middle(compact(number), 8, 3)



KEYWORDS = ("imei", "串号", "设备号", "设备识别码", "手机串号", "meid")

RECOGNIZERS = (
    Recognizer("imei", "IMEI", ("[0-9]{15}", "[0-9]{2}[ -][0-9]{6}[ -][0-9]{6}[ -][0-9]"), checker(validate), mask,
               keywords=KEYWORDS, priority=50, boundary="digit", high_without_context=False,
               invalid_needs_context=True, column_headers=KEYWORDS),
)
