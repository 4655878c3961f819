"""银行卡号 — payment card number (ISO/IEC 7812 PAN) as issued in China.

13-19 digits (Chinese debit cards mostly 16-19, credit cards 16) with a Luhn check digit. UnionPay
cards start with 62; Chinese banks also issue on 4 (Visa), 51-55 (Mastercard), 35 (JCB), 60 and
legacy 9 ranges. Some legacy debit cards fail Luhn, so a Luhn failure is reported as ``invalid`` only
near a card keyword or in a card column.

>>> validate('6222 0212 3456 7891 233')
'6222021234567891233'
>>> validate('6222021234567891238')
Traceback (most recent call last):
    ...
piguard.detect.identifiers._base.InvalidChecksum: Luhn check failed
>>> calc_check_digit('622202123456789123')
'3'
>>> mask('6222021234567891233')
'6222***********1233'
>>> format('6222021234567891233')
'6222 0212 3456 7891 233'
"""

from __future__ import annotations

from piguard.detect.identifiers._base import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    Recognizer,
    Status,
    checker,
    compact,
    luhn_check_digit,
    luhn_checksum,
    mask_middle,
    ocr_tolerant,
    validity,
)

ISSUER_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "35", "60", "9")


def calc_check_digit(number: str) -> str:
    return luhn_check_digit(compact(number))


def validate(number: str) -> str:
    number = compact(number)
    if not number.isdigit():
        raise InvalidFormat("a card number has digits only")
    if not 13 <= len(number) <= 19:
        raise InvalidLength(f"{len(number)} digits, expected 13-19")
    if not number.startswith(ISSUER_PREFIXES):
        raise InvalidComponent(f"issuer prefix {number[:2]} is not used for cards issued in China")
    if luhn_checksum(number):
        raise InvalidChecksum("Luhn check failed")
    return number


is_valid = validity(validate)


def format(number: str) -> str:
    n = compact(number)
    return " ".join(n[i:i + 4] for i in range(0, len(n), 4))


def mask(number: str) -> str:
    return mask_middle(compact(number), 4, 4)



def _check_masked(candidate: str) -> Status | None:
    c = compact(candidate)
    return Status.MASKED if 12 <= len(c) <= 19 and c.startswith(ISSUER_PREFIXES) else None


KEYWORDS = ("银行卡", "银行卡号", "卡号", "借记卡", "储蓄卡", "信用卡", "开户行", "账号", "银行账号", "收款账号", "银联",
            "转账", "汇款", "打款", "收款",
            "card no", "card number", "account", "yhk", "yhkh", "kh")

RECOGNIZERS = (
    Recognizer("bank_card", "银行卡号",
               # UnionPay and legacy domestic ranges run 16-19 digits; Visa, Mastercard and JCB cards are 16
               ("(?:62|60|9[0-9])[0-9]{14,17}", "(?:4[0-9]|5[1-5]|35)[0-9]{14}",
                "(?:62|60|9[0-9])[0-9]{2}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{1,3})?",
                "(?:4[0-9]|5[1-5]|35)[0-9]{2}(?:[ -][0-9]{4}){3}"),
               # above the USCC: an all-digit 18-character value that passes both checks is far likelier a card
               checker(validate), mask, keywords=KEYWORDS, priority=86, boundary="digit", invalid_needs_context=True,
               column_headers=KEYWORDS),
    Recognizer("bank_card", "银行卡号（OCR间隔）",
               ("(?:6 ?2|6 ?0|9 ?[0-9])(?: ?[0-9]){14,17}", "(?:4 ?[0-9]|5 ?[1-5]|3 ?5)(?: ?[0-9]){14}"),
               ocr_tolerant(checker(validate)), mask, keywords=KEYWORDS, priority=85, boundary="digit",
               invalid_needs_context=True),
    Recognizer("bank_card", "银行卡号（已脱敏）",
               ("(?:62|4[0-9]|5[1-5]|35|60|9[0-9])[0-9]{2,4}[ -]?[*]{4,11}[ -]?[0-9]{4}",
                "(?:62|4[0-9]|5[1-5]|35|60|9[0-9])[0-9]{2}(?:[ -][*]{4}){1,3}[ -][0-9]{3,4}",
                "(?:62|4[0-9]|5[1-5]|35|60|9[0-9])[0-9]{2,4}[ -]?(?:x{4,11}|X{4,11})[ -]?[0-9]{4}"),
               _check_masked, lambda v: v, keywords=KEYWORDS, priority=85, boundary="digit"),
)
